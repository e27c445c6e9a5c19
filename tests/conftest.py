"""Shared fixtures.

``store`` is a fresh, empty store, parametrised over the backends: a DuckDB file in ``tmp_path``
and a PostgreSQL schema of its own (created for the test, dropped afterwards) in the database named
by ``MARSAD_TEST_PG`` (e.g. ``postgresql:///marsad_test``). Without that variable, or when the server
cannot be reached, the PostgreSQL variant is skipped with the reason, except under ``CI=true``,
where it fails instead. ``store_location`` gives the same backends as something that can be opened
several times (migration and reopen tests); ``pg_location`` the PostgreSQL one alone;
``module_store_location`` the same two backends, shared by the tests of one module (the API tests
fill one store per backend and query it from every test). ``nlp`` is one extraction pipeline with
the bundled pack, shared by the whole session (pipelines hold no state between documents).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

BACKENDS = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def nlp():
    from marsad.extract.pipeline import Pipeline

    return Pipeline()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def postgres_url() -> str:
    """The test server URL, or skip (fail under CI) with the reason it cannot be used."""
    url = os.environ.get("MARSAD_TEST_PG", "").strip()
    reason = None
    if not url:
        reason = "MARSAD_TEST_PG is not set (e.g. postgresql:///marsad_test)"
    else:
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=5) as con:
                con.execute("SELECT 1")
        except Exception as exc:  # any connection problem means the server is not usable
            reason = f"PostgreSQL at MARSAD_TEST_PG={url!r} is unreachable: {str(exc).strip().splitlines()[0]}"
    if reason:
        if _in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return url


@dataclass
class StoreLocation:
    """Where a test's store lives; :meth:`open` may be called more than once."""

    backend: str
    url: str
    schema: str | None = None
    opened: list = field(default_factory=list)

    def open(self, **kwargs: Any):
        from marsad.store import open_store

        if self.schema:
            kwargs.setdefault("schema", self.schema)
        s = open_store(self.url, **kwargs)
        self.opened.append(s)
        return s

    def close_all(self) -> None:
        for s in self.opened:
            s.close()


def _postgres_location():
    url = postgres_url()
    loc = StoreLocation("postgresql", url, schema=f"test_{uuid.uuid4().hex[:16]}")
    yield loc
    loc.close_all()
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {loc.schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path):
    if request.param == "duckdb":
        loc = StoreLocation("duckdb", str(tmp_path / "store.duckdb"))
        yield loc
        loc.close_all()
        return
    yield from _postgres_location()


@pytest.fixture
def each_batching(store_location, tmp_path):
    """``run(docs, read, prepare=None)``: ``docs`` ingested in batches of 1, 2, 3 and all at once,
    each batching into its own empty store next to ``store_location`` (a file, or a schema on the
    same server); ``prepare(store)`` runs before the first batch; returns ``read(store)`` of each."""

    def sibling(i: int) -> StoreLocation:
        if store_location.backend == "duckdb":
            return StoreLocation("duckdb", str(tmp_path / f"batching-{i}.duckdb"))
        return StoreLocation(store_location.backend, store_location.url, schema=f"{store_location.schema}_{i}")

    def run(docs, read, prepare=None) -> list:
        results, locations = [], []
        try:
            for i, size in enumerate((1, 2, 3, len(docs))):
                loc = sibling(i)
                locations.append(loc)
                s = loc.open()
                if prepare is not None:
                    prepare(s)
                for j in range(0, len(docs), size):
                    s.ingest(docs[j:j + size])
                results.append(read(s))
        finally:
            for loc in locations:
                loc.close_all()
                if loc.schema:
                    import psycopg

                    with psycopg.connect(loc.url, autocommit=True) as con:
                        con.execute(f"DROP SCHEMA IF EXISTS {loc.schema} CASCADE")
        return results

    return run


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_location(request, tmp_path_factory):
    """Like ``store_location``, but one per backend for a whole test module."""
    if request.param == "duckdb":
        loc = StoreLocation("duckdb", str(tmp_path_factory.mktemp("store") / "store.duckdb"))
        yield loc
        loc.close_all()
        return
    yield from _postgres_location()


@pytest.fixture
def pg_location():
    """A PostgreSQL-only store location (for what only a server backend offers)."""
    yield from _postgres_location()


@pytest.fixture
def store(store_location):
    """A fresh, empty, fully migrated store on each backend."""
    return store_location.open()

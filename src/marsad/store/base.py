"""The Store: one SQL layer shared by the DuckDB and PostgreSQL backends.

A backend implements six primitives (:meth:`Store._query`, :meth:`Store._exec`,
:meth:`Store._insert`, :meth:`Store._begin` / ``_commit`` / ``_rollback``, :meth:`Store._tables`).
This module is the core over them: the connection's lifetime, transactions and schema migrations.
Everything else is written once, in the SQL both engines accept with ``?`` placeholders, in mixins
that :class:`Store` composes: the queries and writes by resource in :mod:`marsad.store.queries`
(ingest, events, documents, actors and places, claims, relations, review and audit) and the store
side of fusion in :mod:`marsad.store.fusion`.

Writes happen inside one transaction per ingest batch or review action, behind a lock (one writer
per store object; PostgreSQL adds a transaction-scoped advisory lock so that two processes do not fuse
the same event twice).
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from marsad.errors import SchemaTooNew, StoreError
from marsad.store import migrations
from marsad.store.columns import EVENT_COLUMNS
from marsad.store.fusion.ingest import FusionIngest
from marsad.store.fusion.refresh import FusionRefresh
from marsad.store.fusion.review import FusionReview
from marsad.store.fusion.tallies import FusionTallies
from marsad.store.queries import (
    AccountQueries,
    ActorQueries,
    ClaimQueries,
    DocumentQueries,
    EventQueries,
    IngestQueries,
    PairQueries,
    RelationQueries,
    ReviewQueries,
)
from marsad.store.queries.common import SqlHelpers, now
from marsad.store.queries.dated import DatedReads
from marsad.store.queries.ingest import IngestStats
from marsad.store.queries.visibility import Visibility

__all__ = ["IngestStats", "Store"]

log = logging.getLogger(__name__)

DATA_VERSION_SCHEMA = 14  # the migration that adds the data_version table
DATA_CHANGES_SCHEMA = 16  # the migration that adds the data_changes table
CHANGES_KEPT = 4096  # versions whose declared changes are kept (older rows are deleted)
UNDECLARED = ("any",)  # a transaction that declared two changes: it may have changed anything


class Store(
    IngestQueries, EventQueries, PairQueries, DocumentQueries, ActorQueries, ClaimQueries, RelationQueries,
    ReviewQueries, AccountQueries, FusionIngest, FusionReview, FusionRefresh, FusionTallies,
    Visibility, DatedReads, SqlHelpers, ABC,
):
    """A sourced knowledge base over one database. Use :func:`marsad.store.open_store`."""

    dialect = "sql"

    EVENT_COLUMNS = EVENT_COLUMNS

    def __init__(self, url: str):
        self.url = url
        self.schema_version = 0
        self._lock = threading.RLock()
        self._depth = 0
        self._closed = False

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Run a query; return column names and rows."""

    @abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run a statement."""

    @abstractmethod
    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Bulk-insert rows (tuples in ``columns`` order)."""

    def _upsert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Write rows keyed by their first column (the table's primary key): replace the stored
        row of each key, insert the others. Here by delete and insert; PostgreSQL updates in place."""
        if not rows:
            return
        with self._among(columns[0], [r[0] for r in rows]) as (cond, params):
            self._exec(f"DELETE FROM {table} WHERE {cond}", params)
        self._insert(table, columns, rows)

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _tables(self) -> set[str]:
        """Names of the tables in the store's schema."""

    @abstractmethod
    def _close(self) -> None: ...

    @contextmanager
    def _read_snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the database, for answers read in several queries (a
        no-op by default: the backends whose multi-query reads need it override it)."""
        yield

    def _write_lock(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Serialise writers across processes (a no-op where the engine already does)."""

    def insert_frame(self, table: str, df: pd.DataFrame) -> None:
        """Bulk-load a DataFrame whose columns are a subset of ``table``'s (used by benchmarks and
        importers). Runs in its own transaction (each backend loads in its own way, then calls
        :meth:`_after_frame`)."""
        with self._tx():
            self._insert(table, list(df.columns), list(df.itertuples(index=False, name=None)))
            self._after_frame(table, df)

    def _after_frame(self, table: str, df: pd.DataFrame) -> None:
        """After a bulk load, in its transaction: events, their sources and documents loaded
        without fusion get their events' stored markings set as fusion sets them, and sources their
        events' tallies (``fusion/tallies.py``)."""
        if table == "events" and "id" in df.columns:
            self._mark_events(df["id"].tolist())
        elif table == "event_sources" and "event_id" in df.columns:
            self._mark_events(df["event_id"].dropna().tolist())
            self._retally_events(df["event_id"].dropna().tolist())
        elif table == "documents" and "id" in df.columns:
            self._mark_events_of_documents(df["id"].tolist())
            self._retally_events(self._events_of_documents(df["id"].tolist()))

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin()
            self._depth = 1
            self._change = None
            try:
                self._write_lock()
                self._raise_data_version()
                yield
                self._record_change()
            except BaseException:
                self._depth = 0
                try:
                    self._rollback()
                except Exception:  # the connection may already be gone
                    log.exception("rollback failed")
                raise
            else:
                self._depth = 0
                self._commit()

    def _raise_data_version(self) -> None:
        """Raise the data version in the transaction that is starting: it becomes visible with
        the transaction's changes, and a rolled-back transaction leaves it as it was."""
        self._tx_version = None
        if self.schema_version >= DATA_VERSION_SCHEMA:
            self._tx_version = int(self._scalar("UPDATE data_version SET version = version + 1 WHERE id = 1 "
                                                "RETURNING version"))

    def _declare_change(self, scope: str, fact_id: str | None = None, detail: str | None = None) -> None:
        """Say, inside a write transaction, that all it changes is ``scope`` (``event-status``:
        one event's status, ``detail`` ``OLD>NEW``; ``access``: nothing answers read, such as a
        token's last use). Only a transaction whose every write is covered may declare; one that
        declares twice counts as undeclared. See :meth:`data_changes`."""
        base = getattr(self, "_view_of", None) or self
        if base._depth:
            base._change = (scope, fact_id, detail) if getattr(base, "_change", None) is None else UNDECLARED

    def _record_change(self) -> None:
        change, self._change = getattr(self, "_change", None), None
        if change is None or change is UNDECLARED or self.schema_version < DATA_CHANGES_SCHEMA \
                or getattr(self, "_tx_version", None) is None:
            return
        version = self._tx_version
        self._exec("INSERT INTO data_changes (version, scope, fact_id, detail) VALUES (?, ?, ?, ?)",
                   (version, *change))
        if version % 256 == 0:
            self._exec("DELETE FROM data_changes WHERE version < ?", (version - CHANGES_KEPT,))

    def data_changes(self, after: int, upto: int) -> dict[int, tuple[str, str | None, str | None]] | None:
        """The declared changes of the versions after ``after`` up to ``upto`` (a version read
        from :meth:`data_version`): ``{version: (scope, fact_id, detail)}``; a version missing from
        it may have changed anything. None before migration 16."""
        if self.schema_version < DATA_CHANGES_SCHEMA:
            return None
        rows = self._query("SELECT version, scope, fact_id, detail FROM data_changes WHERE version > ? AND version <= ?",
                           (after, upto))[1]
        return {int(r[0]): (r[1], r[2], r[3]) for r in rows}

    def data_version(self) -> int | None:
        """A number that every write transaction, from any process, raises (None before
        migration 14). Read it before reading the data: an answer computed after it was read
        holds until it changes."""
        if self.schema_version < DATA_VERSION_SCHEMA:
            return None
        return int(self._scalar("SELECT version FROM data_version WHERE id = 1") or 0)

    def _migrate(self, migrate: bool = True, target: int | None = None) -> None:
        """Bring the schema to ``target`` (default: the latest); refuse a newer database."""
        with self._lock:
            if "schema_migrations" not in self._tables():
                with self._tx():
                    self._exec(
                        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL)"
                    )
            current = self._scalar("SELECT max(version) FROM schema_migrations") or 0
            if current > migrations.LATEST:
                raise SchemaTooNew(
                    f"the database {self.url} has schema version {current}, newer than this Marsad "
                    f"understands (up to {migrations.LATEST}); upgrade Marsad to open it"
                )
            goal = migrations.LATEST if target is None else target
            pending = [(v, n) for v, n in migrations.MIGRATIONS if current < v <= goal]
            if pending and not migrate:
                raise StoreError(
                    f"the database {self.url} has schema version {current}; version {goal} is needed "
                    "(open it with migrate=True to upgrade)"
                )
            for version, name in pending:
                module = migrations.load(version, name)
                log.info("migrating %s to schema %d (%s)", self.url, version, name)
                with self._tx():
                    if hasattr(module, "SQL"):
                        for stmt in migrations.statements(module.SQL):
                            self._exec(stmt)
                    if hasattr(module, "up"):
                        module.up(self)
                    self._exec(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        (version, name, now()),
                    )
                current = version
            self.schema_version = current

    def migrations(self) -> pd.DataFrame:
        """The applied migrations: version, name, applied_at."""
        return self._frame("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")

"""The knowledge base: documents, fused events, claims, relations, review and audit.

``open_store(None)`` opens ``./marsad.duckdb``; ``open_store("postgresql://...")`` a PostgreSQL
database; ``open_store(":memory:")`` a throw-away DuckDB. Both backends share one SQL layer
(:mod:`marsad.store.base`) and one contract test suite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.store.filters import EventFilter

if TYPE_CHECKING:
    from marsad.store.base import IngestStats, Store

__all__ = ["EventFilter", "IngestStats", "Store", "open_store"]


def open_store(url: str | None = None, *, migrate: bool = True, schema: str | None = None,
               target_version: int | None = None, create: bool = True, wait: float = 0.0) -> Store:
    """Open (creating and migrating as needed) the store at ``url``.

    ``None`` -> ``./marsad.duckdb``; ``postgresql://`` or ``postgres://`` URLs -> PostgreSQL
    (``schema`` puts the tables in that schema); anything else is a DuckDB path or ``:memory:``.
    Raises SchemaTooNew when the database was written by a newer Marsad, StoreError when it cannot
    be opened or (with ``migrate=False``) needs migrating. ``target_version`` stops migrating at that
    version (for tests and staged upgrades). ``create=False`` raises StoreError instead of
    creating a DuckDB file that does not exist (commands that only read). ``wait`` is how many
    seconds to wait for a DuckDB file that another process holds before giving up.
    """
    from marsad.config import DEFAULT_DB

    url = str(url) if url else DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        from marsad.store.postgres import PostgresStore

        store: Store = PostgresStore(url, schema=schema)
    else:
        from marsad.store.duckdb import DuckDBStore

        if not create and url != ":memory:":
            from pathlib import Path

            if not Path(url).exists():
                from marsad.errors import StoreError

                raise StoreError(f"no database at {url}: create it with `marsad demo` or "
                                 f"`marsad ingest FILES --db {url}`, or name another with --db")
        store = DuckDBStore(url, wait=wait)
    try:
        store._migrate(migrate=migrate, target=target_version)
    except BaseException:
        store.close()
        raise
    return store


def __getattr__(name: str):
    if name in ("Store", "IngestStats"):
        from marsad.store import base

        return getattr(base, name)
    raise AttributeError(name)

"""The DuckDB backend: one file (or ``:memory:``), one writer, concurrent readers.

Writes run on the store's connection, one transaction at a time (the store's lock). Reads
outside a transaction run on a cursor of the calling thread (a connection of its own to the
same database), so several threads of a server read at once and never wait for a writer;
each sees the last committed state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from marsad.errors import StoreBusy, StoreError
from marsad.store.base import DATA_VERSION_SCHEMA, Store

log = logging.getLogger(__name__)

FEW_ROWS = 4  # rows that _insert writes with INSERT ... VALUES rather than through Arrow
_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


class KnownVersion:
    """The data version of one database file as this process knows it, shared by every store
    object of the process on that file. While a process has a DuckDB file open, no other process
    can write it (DuckDB locks the file), so every write that raises the version is a commit of
    this process, which forgets the number (:meth:`forget`); the next reader reads it again.
    ``gen`` counts those commits, so that a number read while one ran is not kept."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value: int | None = None
        self.gen = 0
        self.stores = 0

    def forget(self) -> None:
        with self.lock:
            self.value = None
            self.gen += 1


_KNOWN: dict[str, KnownVersion] = {}  # database file -> its version, while a store has it open
_KNOWN_LOCK = threading.Lock()


def _known_version(path: str) -> tuple[str | None, KnownVersion]:
    """The shared :class:`KnownVersion` of a database file (its key in the registry with it), or
    one of its own for an in-memory database (every in-memory connection is a database apart)."""
    import os

    if path.startswith(":memory:"):
        return None, KnownVersion()
    key = os.path.realpath(path)
    with _KNOWN_LOCK:
        known = _KNOWN.setdefault(key, KnownVersion())
        known.stores += 1
        return key, known


def _release_version(key: str | None, known: KnownVersion) -> None:
    """A store no longer has the file open; with the last one, the number is forgotten (another
    process may write the file from now on)."""
    known.forget()
    if key is None:
        return
    with _KNOWN_LOCK:
        known.stores -= 1
        if known.stores <= 0 and _KNOWN.get(key) is known:
            del _KNOWN[key]


def _connect(path: str, read_only: bool, wait: float):
    """Connect, waiting up to ``wait`` seconds while another process holds the file's lock."""
    import time

    import duckdb

    deadline = time.monotonic() + wait
    pause = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            busy = "lock" in str(exc).lower()
            if busy and time.monotonic() + pause < deadline:
                time.sleep(pause)
                pause = min(pause * 2, 0.25)
                continue
            first = str(exc).strip().splitlines()[0]
            if busy:
                raise StoreBusy(
                    f"DuckDB database {path!r} is in use by another process (waited {wait:g}s; "
                    f"raise MARSAD_LOCK_WAIT to wait longer): {first}") from None
            raise StoreError(f"cannot open DuckDB database {path!r}: {first}") from None


class DuckDBStore(Store):
    """Store in a DuckDB database file. Bulk inserts go through Arrow tables."""

    dialect = "duckdb"

    def __init__(self, path: str = "marsad.duckdb", *, read_only: bool = False, wait: float = 0.0):
        super().__init__(path)
        self._con = _connect(path, read_only, wait)
        self._types: dict[str, dict[str, pa.DataType]] = {}
        self._n = 0
        self._local = threading.local()  # .in_tx: this thread runs a transaction; .cur: its cursor
        # readers' cursors are made from a connection of their own that runs no query, so a
        # thread can get one while another thread writes on the store's connection
        self._cursor_source = self._con.cursor()
        self._cursor_lock = threading.Lock()
        self._cursors: list[Any] = []
        self._known_key, self._known = _known_version(path)

    def data_version(self) -> int | None:
        """:meth:`Store.data_version`, read from the database once per commit of this process
        (see :class:`KnownVersion`): reading it for every cached answer cost as much as the rest
        of the answer."""
        if self.schema_version < DATA_VERSION_SCHEMA:
            return None
        if getattr(self._local, "in_tx", False):  # its own transaction's number is not yet everyone's
            return super().data_version()
        known = self._known
        with known.lock:
            value, gen = known.value, known.gen
        if value is not None:
            return value
        value = super().data_version()
        with known.lock:
            if known.gen == gen:
                known.value = value
        return value

    def _reader(self) -> Any:
        """The connection this thread reads on: the write connection inside its own
        transaction (to see what it wrote), else a cursor of the thread's own."""
        if getattr(self._local, "in_tx", False):
            return self._con
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._cursor_lock:
                if self._closed:
                    raise StoreError("the store is closed")
                cur = self._cursor_source.cursor()
                self._cursors.append(cur)
            self._local.cur = cur
        return cur

    @contextmanager
    def _read_snapshot(self) -> Iterator[None]:
        """The reads of this thread inside run in one read transaction of its cursor, so that they
        see one committed state (inside a write transaction they already do)."""
        if getattr(self._local, "in_tx", False) or getattr(self._local, "snapshot", False):
            yield
            return
        cur = self._reader()
        cur.execute("BEGIN TRANSACTION")
        self._local.snapshot = True
        try:
            yield
        finally:
            self._local.snapshot = False
            cur.execute("ROLLBACK")  # it wrote nothing

    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        cur = self._reader().execute(sql, list(params))
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:  # statements share the write connection with transactions
            self._con.execute(sql, list(params))
        if sql.lstrip().upper().startswith(("CREATE", "ALTER", "DROP")):
            self._types.clear()

    def _column_types(self, table: str) -> dict[str, pa.DataType]:
        if table not in self._types:
            rows = self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._types[table] = {c: _ARROW.get(t.split("(")[0], pa.string()) for c, t in rows}
        return self._types[table]

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if len(rows) <= FEW_ROWS:  # an audit record, an override: an Arrow table costs more than the row
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            with self._lock:
                for r in rows:
                    self._con.execute(sql, list(r))
            return
        types = self._column_types(table)
        cols = list(columns)
        arrays = {c: pa.array([r[i] for r in rows], type=types[c]) for i, c in enumerate(cols)}
        self._insert_arrow(table, pa.table(arrays))

    def _insert_arrow(self, table: str, data: Any) -> None:
        self._n += 1
        name = f"_marsad_load_{self._n}"
        self._con.register(name, data)
        try:
            cols = ", ".join(data.column_names if hasattr(data, "column_names") else data.columns)
            self._con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")
        finally:
            self._con.unregister(name)

    def insert_frame(self, table: str, df) -> None:
        """Bulk-load a DataFrame (registered as a view, then ``INSERT ... SELECT``)."""
        with self._tx():
            self._insert_arrow(table, pa.Table.from_pandas(df, preserve_index=False))
            self._after_frame(table, df)

    def _begin(self) -> None:
        self._con.execute("BEGIN TRANSACTION")
        self._local.in_tx = True

    def _commit(self) -> None:
        self._local.in_tx = False
        self._known.forget()  # before (readers then read the old number from the database) ...
        try:
            self._con.execute("COMMIT")
        finally:
            self._known.forget()  # ... and after, so that no one keeps a number read meanwhile

    def _rollback(self) -> None:
        self._local.in_tx = False
        try:
            self._con.execute("ROLLBACK")
        finally:
            self._known.forget()

    def _tables(self) -> set[str]:
        _, rows = self._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in rows}

    def _close(self) -> None:
        with self._cursor_lock:
            for cur in [*self._cursors, self._cursor_source]:
                cur.close()
            self._cursors.clear()
        self._con.close()
        _release_version(self._known_key, self._known)

"""The DuckDB backend: one file (or ``:memory:``), one writer, concurrent readers.

Writes run on the store's connection, one transaction at a time (the store's lock). Reads
outside a transaction run on a cursor of the calling thread (a connection of its own to the
same database), so several threads of a server read at once and never wait for a writer;
each sees the last committed state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from marsad.errors import StoreBusy, StoreError
from marsad.store.base import Store

log = logging.getLogger(__name__)

_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


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
        self._con.execute("COMMIT")

    def _rollback(self) -> None:
        self._local.in_tx = False
        self._con.execute("ROLLBACK")

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

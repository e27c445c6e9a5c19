"""Streaming reads for the exporters: an export of millions of events holds one batch at a time.

An export reads through a :class:`Reader`: a DuckDB cursor of its own, or a PostgreSQL connection,
in one read-only transaction, so every query of the export sees the same data and the store's
connection stays free for other work while the export is written.

Ordered exports (events newest first, documents by date, network edges by actor) never sort the
whole result, which would hold it all in the database's memory. :meth:`Reader.ordered` first
counts the rows per value of a *window column* (a day, an actor id: a few thousand values, however
many events there are), groups consecutive values into windows of at most ``size`` rows, then
reads window after window with ``WHERE window BETWEEN lo AND hi ORDER BY ...``: each query sorts at
most ``size`` rows. A single value holding more rows than that (a very busy day) is read in
keyset pages (``key > last ORDER BY key LIMIT size``). Unordered reads (Parquet) stream one query
through DuckDB's Arrow record-batch reader or a PostgreSQL server-side cursor.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any, TextIO

from marsad.store import EventFilter

BATCH = 10_000
_names = itertools.count(1)


def _pg_connection(store: Any) -> Any:
    """A connection for a long read: the store's own pool when it has one, else its connection."""
    connection = getattr(store, "connection", None)
    return connection() if callable(connection) else nullcontext(store._con)


class Reader:
    """One export's read-only view of ``store``; a context manager. ``size``: rows per batch."""

    def __init__(self, store: Any, size: int = BATCH):
        if size < 1:
            raise ValueError(f"batch size must be at least 1, not {size}")
        self.store = store
        self.size = int(size)
        self.dialect = store.dialect
        self._stack = ExitStack()
        self._con: Any = None

    def __enter__(self) -> Reader:
        if self.dialect == "duckdb":
            self._con = self.store._con.cursor()
            self._stack.callback(self._con.close)
            self._con.execute("BEGIN TRANSACTION")
            self._stack.callback(self._con.execute, "ROLLBACK")
        else:
            con = self._stack.enter_context(_pg_connection(self.store))
            self._stack.enter_context(con.transaction())
            con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self._con = con
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()

    # ------------------------------------------------------------------ plain queries

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        """All rows of ``sql`` (for results of bounded size: one window, a small table)."""
        if self.dialect == "duckdb":
            cur = self._con.execute(sql, list(params))
        else:
            from marsad.store.postgres import _pg_sql

            cur = self._con.execute(_pg_sql(sql), list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def rows_in(self, sql: str, values: Sequence[str], params: Sequence[Any] = ()) -> list[dict]:
        """Rows of ``sql`` whose ``{in_}`` stands for the set of text ``values`` (``x IN {in_}``):
        lookups by one batch's keys, passed as one list (array) parameter, so the join is built on
        the batch's keys. (Not a registered Arrow table on DuckDB: inside the export's transaction
        DuckDB keeps every table registered until the transaction ends, so memory would grow by
        one batch's keys per batch.)"""
        vals = list(dict.fromkeys(values))
        if not vals:
            return []
        array = "?::VARCHAR[]" if self.dialect == "duckdb" else "?::text[]"
        return self.rows(sql.format(in_=f"(SELECT unnest({array}))"), [*params, vals])

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of ``sql`` in its own order as Arrow record batches of at most ``size`` rows,
        streamed (DuckDB's record-batch reader; a PostgreSQL server-side cursor)."""
        import pyarrow as pa

        if self.dialect == "duckdb":
            reader = self._con.sql(sql, params=list(params)).to_arrow_reader(self.size)
            for rb in reader:
                if rb.num_rows:
                    yield rb
            return
        from marsad.store.postgres import _pg_sql

        with self._con.cursor(name=f"marsad_export_{next(_names)}") as cur:
            cur.execute(_pg_sql(sql), list(params))
            while rows := cur.fetchmany(self.size):
                cols = [d[0] for d in cur.description]
                yield pa.RecordBatch.from_pylist([dict(zip(cols, r, strict=True)) for r in rows])

    # ------------------------------------------------------------------ ordered, windowed reads

    def ordered(self, rel: str, params: Sequence[Any] = (), *, descending: bool = True,
                key: Sequence[str] = ("_k",), hist: tuple[str, Sequence[Any]] | None = None) -> Iterator[list[dict]]:
        """Rows of ``rel`` ordered by its column ``_w`` (descending or ascending; NULL last), then
        by ``key`` ascending, in batches of at most ``size`` rows.

        ``rel`` is a SELECT that names a window column ``_w`` and the columns of ``key``, which
        must be unique among the rows of one ``_w``. ``hist`` may give a cheaper SQL returning
        ``(_w, n)`` where ``n`` is at least the number of ``rel`` rows of each ``_w`` (by default
        the rows of ``rel`` are counted).
        """
        hist_sql, hist_params = hist or (f"SELECT _w, count(*) AS n FROM ({rel}) q GROUP BY _w", params)
        way = "DESC" if descending else "ASC"
        # the database orders the values, so windows follow its collation, as the reads do
        counts = [(r["_w"], int(r["n"])) for r in
                  self.rows(f"SELECT _w, n FROM ({hist_sql}) h ORDER BY _w {way} NULLS LAST", hist_params)]
        order = f"_w {way}, " + ", ".join(key)
        for lo, hi, n in _windows([c for c in counts if c[0] is not None], self.size, descending):
            if n > self.size:
                yield from self._pages(rel, params, "_w = ?", [lo], key)
            else:
                yield self.rows(f"SELECT * FROM ({rel}) q WHERE _w BETWEEN ? AND ? ORDER BY {order}",
                                [*params, lo, hi])
        if any(w is None and n for w, n in counts):
            yield from self._pages(rel, params, "_w IS NULL", [], key)

    def _pages(self, rel: str, params: Sequence[Any], cond: str, cond_params: list, key: Sequence[str]) -> Iterator[list[dict]]:
        """Keyset pages of the rows of ``rel`` meeting ``cond``, ordered by ``key``."""
        after: list[Any] | None = None
        while True:
            where, extra = cond, list(cond_params)
            if after is not None:
                where += " AND " + _after(key)
                extra += _after_params(after)
            rows = self.rows(f"SELECT * FROM ({rel}) q WHERE {where} ORDER BY {', '.join(key)} "
                             f"LIMIT {self.size}", [*params, *extra])
            if rows:
                yield rows
            if len(rows) < self.size:
                return
            after = [rows[-1][k] for k in key]


def _windows(counts: list[tuple[Any, int]], size: int, descending: bool) -> Iterator[tuple[Any, Any, int]]:
    """Runs of consecutive window values holding at most ``size`` rows together, as
    ``(lo, hi, rows)``; a value with more rows than ``size`` is a run of its own."""
    run: list[Any] | None = None
    for w, n in counts:
        if run is not None and run[2] + n <= size:
            run[1], run[2] = w, run[2] + n
            continue
        if run is not None:
            yield _bounds(run, descending)
        run = [w, w, n]
    if run is not None:
        yield _bounds(run, descending)


def _bounds(run: list[Any], descending: bool) -> tuple[Any, Any, int]:
    first, last, n = run
    return (last, first, n) if descending else (first, last, n)


def _after(key: Sequence[str]) -> str:
    """``(k1, k2, ...) > (?, ?, ...)`` written out, so that both backends can use it."""
    ors = []
    for i, k in enumerate(key):
        ors.append("(" + " AND ".join([f"{p} = ?" for p in key[:i]] + [f"{k} > ?"]) + ")")
    return "(" + " OR ".join(ors) + ")"


def _after_params(last: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i in range(len(last)):
        out += last[: i + 1]
    return out


def write_chunks(out: str | Path | TextIO, chunks: Iterable[str]) -> None:
    """Write text chunks to a file name (created, UTF-8, lines as given) or an open text file."""
    if not isinstance(out, str | Path):
        for chunk in chunks:
            out.write(chunk)
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)


def event_where(store: Any, f: EventFilter | None, alias: str = "e") -> tuple[str, list]:
    """The SQL condition of ``f`` on events aliased ``alias`` (the same as ``store.events(f)``)."""
    return store._event_where(f, alias)


def events_seen(store: Any) -> tuple[str, list]:
    """What an export reads in place of the ``events`` table, and its parameters (they come
    before those of the conditions on it): the table itself, or for a store read for a clearance
    (``store.cleared``) the table with each event that has sources above the clearance fused again
    from the others, every column, so that filters select, and edges and counts group, events by
    the values the clearance may see (``Store._events_seen``)."""
    if store._clearance is None:
        return "events", []
    return store._events_seen(full=True)


@contextmanager
def progress_bar(label: str, total: int | None, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields ``advance(n)``."""
    if not enabled:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(label, total=total)
        yield lambda n: prog.advance(task, n)

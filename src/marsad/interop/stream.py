"""Streaming reads for the exporters: one query, fetched in fixed-size batches, so an export of
millions of rows holds one batch in memory at a time.

DuckDB streams a query's result as Arrow record batches; PostgreSQL uses a server-side (named)
cursor inside a read transaction. Both take the store's portable SQL with ``?`` placeholders.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from marsad.store import EventFilter

BATCH = 10_000
_names = itertools.count(1)


def _duck_reader(store: Any, sql: str, params: Sequence[Any], size: int) -> Iterator[Any]:
    """Arrow record batches of a DuckDB query, read through a cursor of its own (so the store's
    connection stays free for other queries while the export streams)."""
    cur = store._con.cursor()
    try:
        try:
            reader = cur.sql(sql, params=list(params)).to_arrow_reader(size)
        except (TypeError, AttributeError):  # older DuckDB
            reader = cur.execute(sql, list(params)).fetch_record_batch(size)
        yield from reader
    finally:
        cur.close()


def batches(store: Any, sql: str, params: Sequence[Any] = (), size: int = BATCH) -> Iterator[list[dict]]:
    """Rows of ``sql`` as lists of dicts, at most ``size`` per list."""
    if store.dialect == "duckdb":
        for rb in _duck_reader(store, sql, params, size):
            if rb.num_rows:
                yield rb.to_pylist()
        return
    from marsad.store.postgres import _pg_sql

    with store.connection() as con, con.transaction(), \
            con.cursor(name=f"marsad_export_{next(_names)}") as cur:
        cur.execute(_pg_sql(sql), list(params))
        cols: list[str] | None = None
        while True:
            rows = cur.fetchmany(size)
            if not rows:
                break
            cols = cols or [d[0] for d in cur.description]
            yield [dict(zip(cols, r, strict=True)) for r in rows]


def arrow_batches(store: Any, sql: str, params: Sequence[Any] = (), size: int = BATCH) -> Iterator[Any]:
    """Rows of ``sql`` as Arrow record batches (PostgreSQL rows are converted batch by batch)."""
    import pyarrow as pa

    if store.dialect == "duckdb":
        yield from _duck_reader(store, sql, params, size)
        return
    for rows in batches(store, sql, params, size):
        yield pa.RecordBatch.from_pylist(rows)


def event_where(store: Any, f: EventFilter | None, alias: str = "e") -> tuple[str, list]:
    """The SQL condition of ``f`` on events aliased ``alias`` (the same as ``store.events(f)``)."""
    return store._event_where(f, alias)


def count(store: Any, f: EventFilter | None) -> int:
    return store.count_events(f)


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

"""Parquet of every store table, as stored: ``PATH/<table>/part-00000.parquet``.

One directory per table (so DuckDB's ``read_parquet('PATH/events/*.parquet')``, pandas'
``read_parquet('PATH/events')`` and Spark's ``spark.read.parquet('PATH/events')`` all read it), one
file per table written batch by batch (constant memory), and an Arrow schema fixed by the table's
SQL column types, identical from DuckDB and PostgreSQL (see ``docs/interop.md``). With an event
filter, ``events`` and ``event_sources`` hold the matching events only; the other tables are whole,
except that the team server's accounts, tokens and sessions and the store's secret keys (which sign
pagination cursors) are never written and ``audit`` holds
the review decisions only (not logins, token uses or exports). A store read for a clearance
(``store.cleared``) writes only the rows that clearance may see, and leaves out the tables whose
rows cannot be judged by a document (failures, overrides, tallies, ACH matrices).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.errors import InteropError
from marsad.interop.stream import BATCH, Reader, event_where, events_seen

FILE = "part-00000.parquet"
# SQL type (DuckDB or PostgreSQL spelling, lower-case, without size) -> Arrow type name
_TYPES = {
    "varchar": "string", "text": "string", "character varying": "string",
    "integer": "int32", "int": "int32", "int4": "int32",
    "bigint": "int64", "int8": "int64",
    "double": "float64", "double precision": "float64", "float8": "float64", "real": "float32",
    "boolean": "bool_", "bool": "bool_",
    "date": "date32",
    "timestamp": "timestamp_us", "timestamp without time zone": "timestamp_us",
}


def table_schema(store: Any, table: str) -> Any:
    """The Arrow schema of ``table`` (column order as stored)."""
    import pyarrow as pa

    rows = store._dicts(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position", (table,))
    fields = []
    for r in rows:
        t = _TYPES.get(str(r["data_type"]).lower().split("(")[0].strip(), "string")
        typ = pa.timestamp("us") if t == "timestamp_us" else getattr(pa, t)()
        fields.append(pa.field(str(r["column_name"]), typ))
    return pa.schema(fields)


def tables(store: Any) -> list[str]:
    """The store's tables, sorted: every one but the team server's accounts, tokens and sessions,
    the store's secret keys, its data version (a counter of write transactions), the changes
    writes declared (``data_changes``, for the server's answer cache) and the events' source
    tallies (derived from ``event_sources``, rebuilt when sources are loaded; exported, they would
    carry the evidence of sources a clearance hides)."""
    from marsad.store.queries.accounts import ACCOUNT_TABLES

    return sorted(set(store._tables()) - set(ACCOUNT_TABLES) - {"store_keys", "data_version", "data_changes",
                                                                  "source_tallies"})


def _cleared_rows(store: Any, table: str) -> str | None:
    """For a store read for a clearance (``store.cleared``): the condition on ``table`` (aliased
    ``t``) that keeps what the clearance may see, or None to leave the table out (tables whose rows
    carry no document to judge them by: failures, sticky overrides, tallies, ACH matrices)."""
    by_doc = ("mentions", "claims", "relations", "event_sources", "acled_rows")
    if table == "documents":
        return store._tlp_ok("t.tlp")
    if table in by_doc:
        return store._doc_ok("t.doc_id")
    if table == "events":
        return store._event_row_ok("t")
    if table == "actors":
        return store._actor_ok("t")
    if table == "places":
        return store._place_ok("t")
    if table == "affiliations":
        return f"(t.origin = 'pack' OR {store._doc_ok('t.doc_id')})"
    if table == "claim_groups":
        return f"EXISTS (SELECT 1 FROM claims vc WHERE vc.group_id = t.id AND {store._doc_ok('vc.doc_id')})"
    if table == "audit":
        return store._fact_ok("t.kind", "t.fact_id")
    if table in ("schema_migrations", "source_grades"):
        return "TRUE"
    return None


def _select(store: Any, table: str, schema: Any, f: Any) -> tuple[str, list] | None:
    cols = ", ".join(f"t.{c}" for c in schema.names)
    seen = "TRUE" if store._clearance is None else _cleared_rows(store, table)
    if seen is None:
        return None
    if table == "audit":  # review decisions; logins, token uses and exports stay in the store
        from marsad.store.queries.accounts import ACCESS_KINDS

        return (f"SELECT {cols} FROM audit t WHERE kind NOT IN ({', '.join('?' * len(ACCESS_KINDS))}) AND {seen}",
                list(ACCESS_KINDS))
    if f is None and table == "events" and store._clearance is not None:  # mixed events fused again
        events, ep = events_seen(store)
        return f"SELECT {cols} FROM {events} t WHERE {seen}", ep
    if f is None or table not in ("events", "event_sources"):
        return f"SELECT {cols} FROM {table} t WHERE {seen}", []
    events, ep = events_seen(store)  # a filter selects mixed events by the values the clearance sees
    if table == "events":
        where, params = event_where(store, f, "t")
        return f"SELECT {cols} FROM {events} t WHERE {where}", [*ep, *params]
    where, params = event_where(store, f, "e")
    return (f"SELECT {cols} FROM event_sources t JOIN {events} e ON e.id = t.event_id WHERE {where} AND {seen}",
            [*ep, *params])


def export_parquet(store: Any, out: str | Path, f: Any = None, *, overwrite: bool = True, size: int = BATCH,
                   progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write every table under directory ``out``, one row group per batch read; returns ``{table: rows}``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(out)
    if root.exists() and not root.is_dir():
        raise InteropError(f"{root} exists and is not a directory (parquet export writes a directory)")
    counts: dict[str, int] = {}
    with Reader(store, size) as rd:
        for table in tables(store):
            schema = table_schema(store, table)
            select = _select(store, table, schema, f)
            if select is None:  # nothing in it can be judged for this clearance
                continue
            sql, params = select
            d = root / table
            if d.exists() and overwrite:
                shutil.rmtree(d)
            d.mkdir(parents=True, exist_ok=True)
            n = 0
            with pq.ParquetWriter(d / FILE, schema, compression="zstd") as w:
                for rb in rd.arrow(sql, params):
                    if table == "events" and store._clearance is not None:  # mixed events fused again
                        rb = pa.RecordBatch.from_pylist(store._as_cleared_rows(rb.to_pylist(), stored=True),
                                                        schema=rb.schema)
                    t = pa.Table.from_batches([rb])
                    w.write_table(t.cast(schema) if t.schema != schema else t)
                    n += t.num_rows
                    if progress:
                        progress(t.num_rows)
            counts[table] = n
    return counts


def schemas_markdown(store: Any) -> str:
    """The schema table of ``docs/interop.md`` (``python -m marsad.interop.parquet`` prints it)."""
    lines = []
    for t in tables(store):
        cols = ", ".join(f"`{f.name}` {str(f.type).replace('timestamp[us]', 'timestamp(us)')}"
                         for f in table_schema(store, t))
        lines.append(f"| `{t}` | {cols} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a maintenance helper
    from marsad.store import open_store

    with open_store(":memory:") as _s:
        print(schemas_markdown(_s))

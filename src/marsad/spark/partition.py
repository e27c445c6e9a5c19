"""What runs on Spark executors: pure Python over Arrow record batches, no pyspark import.

``extract_partition`` turns raw inputs (file bytes or JSON records) into the rows of every output
table in one pass: per document its report (JSON) and its rows of the store's tables, flattened
by :mod:`marsad.store.rows`, the same code the store's ``ingest`` runs; per unreadable input or
failed document a failures row. The rows leave the worker in chunks (Arrow IPC bytes per table,
month and bucket), which :mod:`marsad.spark.write` turns into Parquet files after the shuffle.
It builds one :class:`~marsad.extract.pipeline.Pipeline` per Python worker process (reused by
every partition that worker runs) from the knowledge pack the driver broadcast, so the pack
travels once per executor.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa

from marsad.model import Document, Report

# The job's own table: each document and its report, as JSON (month is the partition column).
REPORTS_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("published", pa.string()), ("path", pa.string()),
    ("document", pa.string()), ("report", pa.string()),
])
UNKNOWN_MONTH = "unknown"
MAX_BYTES = 20_000_000

_PIPELINES: dict[str, Any] = {}  # pack fingerprint -> Pipeline, one per worker process


def local_path(uri: str) -> str:
    """``file:///a/b%20c.jsonl`` -> ``/a/b c.jsonl``; other schemes (hdfs://, s3a://) unchanged."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def month_of(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 else UNKNOWN_MONTH


def pipeline_for(pack_source: Any):
    """The worker's pipeline for this pack. ``pack_source`` is a Spark broadcast of the
    :class:`~marsad.knowledge.pack.KnowledgePack` (or the pack itself outside Spark)."""
    pack = getattr(pack_source, "value", pack_source)
    key = pack.fingerprint
    pipe = _PIPELINES.get(key)
    if pipe is None:
        from marsad.extract.pipeline import Pipeline

        pipe = _PIPELINES[key] = Pipeline(pack)
    return pipe


def read_input(path: str, kind: str, payload: bytes | str, published: str | None) -> Iterator[Any]:
    """Documents or ``ReadFailure``s from one input row, through the same readers as
    ``marsad extract``: ``kind`` is ``file`` (whole file bytes, reader chosen by suffix) or
    ``record`` (one JSON object, e.g. a JSONL line or a Parquet row)."""
    from marsad.ingest import readers

    path = local_path(path)
    if kind == "record":
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        if not text.strip():
            return
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield readers.ReadFailure(path, f"invalid JSON: {readers._one_line(exc)}")
            return
        try:
            yield readers._from_object(obj, path, published)
        except readers._Bad as exc:
            yield readers.ReadFailure(path, readers._one_line(exc))
        return
    p = Path(path)
    reader = readers._READERS.get(p.suffix.lower())
    data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    if reader is None:
        yield readers.ReadFailure(path, f"unsupported file type '{p.suffix or '(none)'}'")
    elif not data:
        yield readers.ReadFailure(path, "empty file")
    elif len(data) > MAX_BYTES:
        yield readers.ReadFailure(path, f"file too large ({len(data)} bytes, limit {MAX_BYTES})")
    else:
        yield from reader(p, data, published)


def result_rows(items: Iterable[tuple[str, str, Any]], pack_source: Any, now: datetime | None,
                published: str | None = None) -> Iterator[tuple[str, str, tuple]]:
    """``(table, month, row)`` for ``(path, kind, payload)`` inputs: per document a ``reports``
    row and its rows of every store table; per unreadable input or failed document a
    ``failures`` row."""
    from marsad.ingest.readers import ReadFailure

    pipe = None
    for path, kind, payload in items:
        for item in read_input(path, kind, payload, published):
            if isinstance(item, ReadFailure):
                yield "failures", UNKNOWN_MONTH, (item.path, item.reason, now)
                continue
            if pipe is None:
                pipe = pipeline_for(pack_source)
            try:
                rep = pipe(item)
            except Exception as exc:  # one bad document must not fail the task
                yield "failures", UNKNOWN_MONTH, (
                    item.path or item.id,
                    f"document {item.id}: extraction failed: {type(exc).__name__}: " + " ".join(str(exc).split()),
                    now)
                continue
            month = month_of(item.published)
            yield "reports", month, (item.id, item.published, item.path,
                                     json.dumps(item.to_dict(), ensure_ascii=False), rep.to_json())
            for table, rows in document_rows(item, rep, now).items():
                for row in rows:
                    yield table, month, row


CHUNK_SCHEMA = pa.schema([
    ("table", pa.string()), ("month", pa.string()), ("bucket", pa.int32()),
    ("first", pa.string()), ("seq", pa.int32()), ("rows", pa.int64()), ("data", pa.binary()),
])
"""What the extraction stage hands to Spark: one row per chunk of one table's rows of one
(month, bucket), the rows themselves an Arrow IPC stream in ``data``. ``first`` (the key of the
chunk's first document) and ``seq`` (the chunk's number in its task) order a file's chunks the
same way in every run."""


def bucket_of(key: str, files_per_month: int) -> int:
    """A stable bucket in ``range(files_per_month)`` for a document (the same in every process:
    Python's own ``hash`` of a string changes from one interpreter to the next)."""
    return zlib.crc32(key.encode("utf-8")) % files_per_month if files_per_month > 1 else 0


def table_batch(schema: pa.Schema, rows: list[tuple]) -> pa.RecordBatch:
    """Rows (tuples in the schema's column order) as a record batch, built column by column."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.RecordBatch.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                                      schema=schema)


def ipc_bytes(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as w:
        w.write_batch(batch)
    return sink.getvalue().to_pybytes()


class _Chunks:
    """Collects ``(table, month, bucket, row)`` per (table, month, bucket) and turns them into
    chunk rows of ``CHUNK_SCHEMA``: a few large values for the JVM to move instead of one row
    per fact."""

    def __init__(self, schemas: dict[str, pa.Schema]):
        self.schemas = schemas
        self.pending: dict[tuple[str, str, int], tuple[str, list[tuple]]] = {}
        self.seq = 0

    def add(self, table: str, month: str, bucket: int, row: tuple, first: str) -> None:
        key = (table, month, bucket)
        if key not in self.pending:
            self.pending[key] = (first, [])
        self.pending[key][1].append(row)

    def flush(self) -> pa.RecordBatch:
        cols: dict[str, list] = {name: [] for name in CHUNK_SCHEMA.names}
        for (table, month, bucket), (first, rows) in sorted(self.pending.items()):
            for name, value in zip(CHUNK_SCHEMA.names, (table, month, bucket, first, self.seq, len(rows),
                                                         ipc_bytes(table_batch(self.schemas[table], rows))),
                                   strict=True):
                cols[name].append(value)
            self.seq += 1
        self.pending = {}
        return pa.RecordBatch.from_pydict(cols, schema=CHUNK_SCHEMA)


def extract_partition(batches: Iterable[pa.RecordBatch], pack_source: Any, schemas: dict[str, pa.Schema],
                      now: datetime | None, published: str | None = None, files_per_month: int = 1,
                      flush_docs: int = 2000) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body: batches of ``(path, kind, payload)`` -> batches of ``CHUNK_SCHEMA``,
    one chunk per (table, month, bucket) every ``flush_docs`` documents (which bounds a worker's
    memory). All rows of a document get the same bucket, so a document's rows share a file index
    in every table; failures all go to bucket 0 (one file)."""

    def items() -> Iterator[tuple[str, str, Any]]:
        for b in batches:
            cols = b.to_pydict()
            yield from zip(cols["path"], cols["kind"], cols["payload"], strict=True)

    out = _Chunks(schemas)
    bucket, first, docs = 0, "", 0
    for table, month, row in result_rows(items(), pack_source, now, published):
        if table in ("reports", "failures"):  # a new document (its id first) or a failure (its path)
            first = row[0]
            bucket = bucket_of(first, files_per_month) if table == "reports" else 0
            docs += 1
            if docs > flush_docs:
                yield out.flush()
                docs = 1
        out.add(table, month, bucket, row, first)
    if out.pending:
        yield out.flush()


def document_rows(doc: Document, rep: Report, now: datetime | None) -> dict[str, list[tuple]]:
    """One document's rows of each store table, in the table's column order. ``event_sources``
    rows carry the deterministic id a new event would get (``fuse.event_id``); fusion with other
    documents happens when the rows reach a store."""
    from marsad.store import fuse as fz
    from marsad.store.columns import SOURCE_COLUMNS, SOURCE_V2_COLUMNS
    from marsad.store.rows import event_source_rows, report_rows

    work = [(doc, rep, 1, "F")]
    sources = event_source_rows(work)
    for s in sources:
        s["event_id"] = fz.event_id(s)
    r = report_rows(work, now=now)
    return {"documents": r.documents, "mentions": list(r.mentions.values()),
            # (the fusion score columns are filled when a store fuses the rows)
            "event_sources": [tuple(s.get(c) for c in SOURCE_COLUMNS + SOURCE_V2_COLUMNS) for s in sources],
            "claims": [tuple(x) for x in r.claims.values()],
            "relations": [tuple(x) for x in r.relations.values()],
            "affiliations": list(r.affiliations.values())}

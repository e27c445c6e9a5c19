"""What runs on Spark executors: pure Python over Arrow record batches, no pyspark import.

``extract_partition`` turns raw inputs (file bytes or JSON records) into one result row per
document: the document and its report as JSON, or a one-line failure reason. It builds one
:class:`~marsad.extract.pipeline.Pipeline` per Python worker process (reused by every partition
that worker runs) from the knowledge pack the driver broadcast, so the pack travels once per
executor. ``flatten_partition`` turns result rows into one store table's rows with
:mod:`marsad.store.rows`, the same code the store's ``ingest`` runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa

from marsad.model import Document, Report

# One extraction result per document (or per unreadable input).
RESULT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("month", pa.string()), ("published", pa.string()), ("path", pa.string()),
    ("document", pa.string()), ("report", pa.string()), ("error", pa.string()),
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


def extract_rows(items: Iterable[tuple[str, str, Any]], pack_source: Any,
                 published: str | None = None) -> Iterator[dict[str, Any]]:
    """Result rows (``RESULT_SCHEMA``) for ``(path, kind, payload)`` inputs."""
    from marsad.ingest.readers import ReadFailure

    pipe = None
    for path, kind, payload in items:
        for item in read_input(path, kind, payload, published):
            if isinstance(item, ReadFailure):
                yield {"doc_id": None, "month": UNKNOWN_MONTH, "published": None, "path": item.path,
                       "document": None, "report": None, "error": item.reason}
                continue
            row = {"doc_id": item.id, "month": month_of(item.published), "published": item.published,
                   "path": item.path, "document": json.dumps(item.to_dict(), ensure_ascii=False),
                   "report": None, "error": None}
            if pipe is None:
                pipe = pipeline_for(pack_source)
            try:
                row["report"] = pipe(item).to_json()
            except Exception as exc:  # one bad document must not fail the task
                row["document"] = None
                row["error"] = (f"document {item.id}: extraction failed: {type(exc).__name__}: "
                                + " ".join(str(exc).split()))
            yield row


def extract_partition(batches: Iterable[pa.RecordBatch], pack_source: Any,
                      published: str | None = None, batch_rows: int = 200) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body: batches of ``(path, kind, payload)`` -> batches of ``RESULT_SCHEMA``."""
    def items() -> Iterator[tuple[str, str, Any]]:
        for b in batches:
            cols = b.to_pydict()
            yield from zip(cols["path"], cols["kind"], cols["payload"], strict=True)

    out: list[dict] = []
    for row in extract_rows(items(), pack_source, published):
        out.append(row)
        if len(out) >= batch_rows:
            yield pa.RecordBatch.from_pylist(out, schema=RESULT_SCHEMA)
            out = []
    if out:
        yield pa.RecordBatch.from_pylist(out, schema=RESULT_SCHEMA)


def table_rows(table: str, doc: Document, rep: Report, now: datetime | None) -> list[tuple]:
    """One document's rows of a store table, in that table's column order. ``event_sources``
    rows carry the deterministic id a new event would get (``fuse.event_id``); fusion with other
    documents happens when the rows reach a store."""
    from marsad.store import fuse as fz
    from marsad.store.base import SOURCE_COLUMNS
    from marsad.store.rows import event_source_rows, report_rows

    work = [(doc, rep, 1, "F")]
    if table == "event_sources":
        rows = event_source_rows(work)
        for s in rows:
            s["event_id"] = fz.event_id(s)
        return [tuple(s[c] for c in SOURCE_COLUMNS) for s in rows]
    r = report_rows(work, now=now)
    found = {"documents": r.documents, "mentions": list(r.mentions.values()),
             "claims": list(r.claims.values()), "relations": list(r.relations.values()),
             "affiliations": list(r.affiliations.values())}
    return [tuple(x) for x in found[table]]


def flatten_partition(batches: Iterable[pa.RecordBatch], table: str, schema: pa.Schema,
                      now: datetime | None) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body: result rows (``document``, ``report``, ``month``) -> rows of
    ``table`` with ``schema`` (the store's columns, then ``month``)."""
    names = schema.names
    for b in batches:
        cols = b.to_pydict()
        out: list[tuple] = []
        for d, r, month in zip(cols["document"], cols["report"], cols["month"], strict=True):
            doc = Document.from_dict(json.loads(d))
            rep = Report.from_json(r)
            out += [(*row, month) for row in table_rows(table, doc, rep, now)]
        if out:
            arrays = [pa.array([row[i] for row in out], type=schema.field(i).type) for i in range(len(names))]
            yield pa.RecordBatch.from_arrays(arrays, schema=schema)

"""Bring a Spark job's output into a store: ``marsad ingest --parquet OUT_DIR``.

The job's ``reports`` dataset carries each document and its report; loading them through
:meth:`Workbench.ingest_reports` runs the store's own flattening and cross-document fusion, so a
Spark run and a local ``marsad ingest`` of the same documents end in the same knowledge base.
Reports are loaded month by month, each month in (publication date, document id) order, so
only one month is held in memory and the order (which fusion can depend on) is fixed. The
job's failures are recorded as the store's failures. Reading needs pyarrow only, not Spark.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.errors import ReadError
from marsad.model import Document, Report
from marsad.store.base import IngestStats


def _dataset(path: Path):
    import pyarrow.dataset as ds

    return ds.dataset(str(path), format="parquet", partitioning="hive")


def report_pairs(out_dir: str | Path, tlp: str | None = None) -> Iterator[tuple[Document, Report]]:
    """(document, report) pairs from a job's ``reports`` dataset, month by month. Each document's
    TLP marking is the most restrictive of its record's own (the ``tlp`` field of the ``document``
    JSON, which the job keeps from a JSON input's record), a ``tlp`` column of the dataset when it
    has one, and ``tlp`` (``marsad ingest --parquet DIR --tlp AMBER``); none: the store's default.
    A value that is not a TLP 2.0 marking stops the load (``E720``), naming the document."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    root = Path(out_dir) / "reports"
    if not root.is_dir():
        raise ReadError(f"{out_dir}: no reports/ dataset here (is it a 'marsad spark extract' output?)")
    data = _dataset(root)
    if "month" not in data.schema.names:
        raise ReadError(f"{root}: not partitioned by month")
    cols = ["doc_id", "published", "document", "report"] + (["tlp"] if "tlp" in data.schema.names else [])
    months = sorted(set(data.to_table(columns=["month"]).column("month").to_pylist()))
    for month in months:
        t = data.to_table(filter=ds.field("month") == month, columns=cols)
        order = pc.sort_indices(t, sort_keys=[("published", "ascending"), ("doc_id", "ascending")])
        t = t.take(order)
        marks = t.column("tlp").to_pylist() if "tlp" in cols else [None] * t.num_rows
        for d, r, m in zip(t.column("document").to_pylist(), t.column("report").to_pylist(), marks, strict=True):
            doc = Document.from_dict(json.loads(d))
            doc.tlp = _marking(doc, m, tlp)
            yield doc, Report.from_json(r)


def _marking(doc: Document, column: str | None, given: str | None) -> str | None:
    from marsad.markings import check_marking, most_restrictive

    what = f"{doc.path or 'reports'}: document {doc.id}: tlp"
    return most_restrictive(*(check_marking(m, what) if m is not None else None for m in (doc.tlp, column, given)))


def job_failures(out_dir: str | Path) -> list[dict[str, Any]]:
    """The job's failures rows (``path``, ``reason``, ``failed_at``)."""
    root = Path(out_dir) / "failures"
    if not root.is_dir():
        return []
    return _dataset(root).to_table(columns=["path", "reason"]).to_pylist()


def ingest_parquet(wb: Any, out_dir: str | Path, progress: Callable[[int], None] | None = None,
                   tlp: str | None = None) -> IngestStats:
    """Load a ``marsad spark extract`` output directory into ``wb``'s store, with fusion; the
    documents' markings as :func:`report_pairs` gives them."""
    fails = job_failures(out_dir)
    stats = wb.ingest_reports(report_pairs(out_dir, tlp), progress=progress)
    for f in fails:
        wb.store.record_failure(f["path"], f["reason"])
    stats.failures += len(fails)
    if progress and fails:
        progress(len(fails))
    return stats

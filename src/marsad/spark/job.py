"""The Spark extraction job (driver side): read documents, extract per partition, write Parquet.

Output layout under ``OUT_DIR`` (each a Parquet dataset, Hive-partitioned by ``month``, the
publication month ``YYYY-MM`` or ``unknown``)::

    reports/        doc_id, published, path, document (JSON), report (JSON, public format v1)
    documents/ mentions/ event_sources/ claims/ relations/ affiliations/
                    the store's tables, with the store's columns and types
    failures/       path, reason, failed_at  (the store's failures table; not partitioned)

one file per (table, month, bucket): ``<table>/month=<M>/part-<bucket>.parquet``. The extraction
stage hands Spark chunks of rows (Arrow IPC bytes per table, month and bucket), one shuffle
brings each key's chunks together, and a second Python stage writes each file with pyarrow
(:mod:`marsad.spark.write`). Ids are content-derived (documents) or hashes of the document id
and the fact (mentions, claims, relations, event sources), and file names depend only on their
key, so a task retry or a rerun writes the same files with the same rows.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from marsad.errors import MarsadError
from marsad.spark.partition import CHUNK_SCHEMA, REPORTS_SCHEMA, extract_partition
from marsad.spark.write import WRITTEN_SCHEMA, clear_outputs, finish_outputs, write_chunks

TABLES = ("documents", "mentions", "event_sources", "claims", "relations", "affiliations")
INPUT_FORMATS = ("auto", "jsonl", "files", "parquet")
COMPRESSIONS = ("snappy", "zstd", "gzip", "lz4", "none")
_JSONL = (".jsonl", ".ndjson")
# The job moves Arrow batches only (mapInArrow), never pandas frames, so PySpark's notice that
# it does not fully support pandas 3 does not apply.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)


class SparkJobError(MarsadError):
    """Bad input or settings for a Spark job."""

    code = "E700"


def output_schemas() -> dict[str, pa.Schema]:
    """Arrow schemas of the output tables: ``reports``, then the store's tables with the columns
    and types its migrations create, then ``failures`` (``month`` is not among the columns: it is
    the partition key)."""
    from marsad.store import open_store
    from marsad.store.columns import DOC_COLUMNS

    out = {"reports": REPORTS_SCHEMA}
    with open_store(":memory:") as store:
        for t in (*TABLES, "failures"):
            types = store._column_types(t)
            if t == "documents":  # the columns extraction fills; the TLP marking is the store's default
                types = {c: types[c] for c in DOC_COLUMNS}
            out[t] = pa.schema(list(types.items()))
    return out


def session(master: str = "local[*]", app_name: str = "marsad", conf: dict[str, str] | None = None):
    """A SparkSession (the active one when there is one). In local mode the Python workers run
    the driver's interpreter, so they see the same installed Marsad."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    b = SparkSession.builder.master(master).appName(app_name)
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "8",
                "spark.sql.sources.partitionOverwriteMode": "static"}
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network needed, no hostname warning
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings["spark.pyspark.python"] = sys.executable
        settings["spark.pyspark.driver.python"] = sys.executable
        # A local JVM lives for one job: the optimising JIT compiler (C2) spent more CPU compiling
        # Spark than the job's tasks ran (see bench/README.md); the quick compiler alone costs
        # far less in total. A long-lived cluster executor keeps the JVM default.
        settings["spark.driver.extraJavaOptions"] = "-XX:TieredStopAtLevel=1"
    settings.update(conf or {})
    for k, v in settings.items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _input_format(path: str, fmt: str) -> str:
    if fmt not in INPUT_FORMATS:
        raise SparkJobError(f"unknown input format {fmt!r}; use one of {', '.join(INPUT_FORMATS)}")
    if fmt != "auto":
        return fmt
    low = path.lower().rstrip("/")
    if low.endswith(".parquet"):
        return "parquet"
    if low.endswith(_JSONL):
        return "jsonl"
    p = Path(path)
    if p.is_dir():
        names = [f.name.lower() for f in p.rglob("*") if f.is_file() and not f.name.startswith((".", "_"))]
        if names and all(n.endswith(".parquet") for n in names):
            return "parquet"
        if names and all(n.endswith(_JSONL) for n in names):
            return "jsonl"
    return "files"


def read_inputs(spark, path: str, fmt: str = "auto"):
    """A DataFrame of ``(path, kind, payload)`` rows: JSONL as one row per line (splittable),
    Parquet documents as one JSON record per row, anything else as whole files."""
    from pyspark.sql import functions as F

    fmt = _input_format(path, fmt)
    if fmt == "jsonl":
        df = spark.read.text(path)
        return df.select(F.input_file_name().alias("path"), F.lit("record").alias("kind"),
                         F.col("value").cast("binary").alias("payload"))
    if fmt == "parquet":
        df = spark.read.parquet(path)
        if "text" not in df.columns:
            raise SparkJobError(f"{path}: a Parquet table of documents needs a 'text' column")
        keep = [c for c in ("id", "text", "published", "title", "source", "url") if c in df.columns]
        return df.select(F.input_file_name().alias("path"), F.lit("record").alias("kind"),
                         F.to_json(F.struct(*[F.col(c).cast("string") for c in keep])).cast("binary").alias("payload"))
    df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    return df.select(F.col("path"), F.lit("file").alias("kind"), F.col("content").alias("payload"))


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema, prefer_timestamp_ntz=True)


def run_extract(input_path: str, out_dir: str, *, master: str = "local[*]", packs: tuple = (),
                published: str | None = None, input_format: str = "auto", partitions: int | None = None,
                files_per_month: int = 1, spark: Any = None, run_at: datetime | None = None,
                compression: str = "zstd") -> dict[str, Any]:
    """Run the extraction job; return row counts per table and timings. ``spark`` reuses a
    session. Each table gets ``files_per_month`` Parquet files per month (raise it when one
    month holds more than a few million documents). ``out_dir`` must be reachable from every
    executor under the same name (see :func:`marsad.spark.write.output_fs`)."""
    from marsad.ingest.readers import _check_published_arg
    from marsad.knowledge.pack import KnowledgePack

    t0 = time.perf_counter()
    published = _check_published_arg(published)
    if "://" not in input_path and not input_path.startswith("file:") and not Path(input_path).exists():
        raise SparkJobError(f"input not found: {input_path}")
    if files_per_month < 1:
        raise SparkJobError(f"files_per_month={files_per_month} must be at least 1")
    if compression not in COMPRESSIONS:
        raise SparkJobError(f"unknown compression {compression!r}; use one of {', '.join(COMPRESSIONS)}")
    pack = KnowledgePack.load(overlays=list(packs))  # fails fast on the driver on a bad overlay
    out = _output_location(out_dir)
    spark = spark or session(master)
    sc = spark.sparkContext
    pack_bc = sc.broadcast(pack)
    now = (run_at or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    schemas = output_schemas()
    raw = read_inputs(spark, input_path, input_format)
    raw = raw.repartition(partitions or max(2, sc.defaultParallelism * 4))
    chunks = raw.mapInArrow(lambda it: extract_partition(it, pack_bc, schemas, now, published, files_per_month),
                            _spark_schema(CHUNK_SCHEMA))
    # One shuffle of a few large chunks (not of rows): each (table, month, bucket) meets in one
    # task, in a fixed order, and the Python worker writes it as one Parquet file.
    keys = ["table", "month", "bucket"]
    chunks = chunks.repartition(*keys).sortWithinPartitions(*keys, "first", "seq")
    files = chunks.mapInArrow(lambda it: write_chunks(it, out, schemas, compression), _spark_schema(WRITTEN_SCHEMA))
    clear_outputs(out, schemas)
    try:
        written = [r.asDict() for r in files.collect()]
    finally:
        pack_bc.unpersist()
    finish_outputs(out, schemas, {w["table"] for w in written})
    counts = {t: 0 for t in schemas}
    for w in written:
        counts[w["table"]] += w["rows"]
    return {"documents": counts["reports"], "failures": counts["failures"], "rows": counts,
            "files": len(written), "seconds": round(time.perf_counter() - t0, 3), "output": str(out_dir).rstrip("/")}


def _output_location(out_dir: str) -> str:
    """The output as every task should name it: a local path made absolute (a worker's working
    directory need not be the driver's), a URI unchanged."""
    out = str(out_dir).rstrip("/")
    if "://" in out or out.startswith("file:"):
        return out
    return str(Path(out).resolve())

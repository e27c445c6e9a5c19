"""The Spark job in local mode against single-process extraction and ingestion.

One SparkSession (local[2]) and one job run serve the whole module: Spark start-up is slow.
Skipped when no Java runtime is installed (`.ci/run` installs one)."""

from __future__ import annotations

import json
import shutil

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.readers import ReadFailure, read_paths
from marsad.model import Document, Report
from marsad.spark.corpus import write_jsonl
from marsad.store.columns import (
    CLAIM_COLUMNS,
    DOC_COLUMNS,
    MENTION_COLUMNS,
    RELATION_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_V2_COLUMNS,
)
from marsad.store.rows import report_rows

N_DOCS = 200
BAD_LINES = ['{"id": "bad-text", "text": 42, "published": "2020-01-01"}', '{"id": "bad-json", ']
TIMESTAMPS = {"ingested_at", "failed_at"}

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime (apt-get install openjdk-17-jre-headless)")


@pytest.fixture(scope="module")
def spark():
    from marsad.spark.job import session

    s = session("local[2]", "marsad-tests")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = write_jsonl(tmp_path_factory.mktemp("corpus") / "docs.jsonl", N_DOCS)
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(BAD_LINES) + "\n")
    return path


@pytest.fixture(scope="module")
def job(spark, corpus, tmp_path_factory):
    from marsad.spark.job import run_extract

    out = tmp_path_factory.mktemp("spark-out")
    stats = run_extract(str(corpus), str(out), spark=spark, partitions=5)
    return out, stats


@pytest.fixture(scope="module")
def local_reports(corpus, tmp_path_factory):
    """Single-process `marsad extract` output, by document id."""
    out = tmp_path_factory.mktemp("local") / "reports.jsonl"
    res = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out)])
    assert res.exit_code == 1  # the two bad lines
    reps = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["document"]["id"]: r for r in reps}


def _table(out, name):
    return ds.dataset(str(out / name), format="parquet", partitioning="hive").to_table()


def _rows(out, name, drop=TIMESTAMPS):
    t = _table(out, name)
    cols = [c for c in t.column_names if c not in drop]
    return sorted(json.dumps([r[c] for c in cols], default=str) for r in t.select(cols).to_pylist())


def test_reports_equal_single_process_extract_document_for_document(job, local_reports):
    out, stats = job
    assert stats["documents"] == N_DOCS and stats["failures"] == len(BAD_LINES)
    spark_reports = {r["doc_id"]: json.loads(r["report"]) for r in _table(out, "reports").to_pylist()}
    assert len(local_reports) == N_DOCS
    assert spark_reports.keys() == local_reports.keys()
    with_events = 0
    for doc_id, local in local_reports.items():
        got = spark_reports[doc_id]
        for key in ("events", "claims", "relations", "actors", "places"):
            assert got[key] == local[key], (doc_id, key)
        with_events += bool(local["events"])
    assert with_events > N_DOCS // 2


def test_tables_have_the_store_columns_and_rows(job, local_reports):
    out, _ = job
    texts = dict(zip(*_table(out, "documents").select(["id", "text"]).to_pydict().values(), strict=True))
    local = report_rows(
        [(Document(id=d, text=texts[d], published=r["document"]["published"]), Report.from_dict(r), 1, "F")
         for d, r in local_reports.items()], now=None)
    for name, columns, expected in (
        ("documents", DOC_COLUMNS, None), ("mentions", MENTION_COLUMNS, local.mentions),
        ("claims", CLAIM_COLUMNS, local.claims), ("relations", RELATION_COLUMNS, local.relations),
        ("event_sources", SOURCE_COLUMNS + SOURCE_V2_COLUMNS, None),
    ):
        t = _table(out, name)
        assert t.column_names == [*columns, "month"], name
        if expected is not None:
            assert sorted(t.column("id").to_pylist()) == sorted(expected), name
    docs = _table(out, "documents").to_pylist()
    assert len(docs) == N_DOCS
    assert all(d["month"] == d["published"][:7] for d in docs)
    n_events = sum(len(r["events"]) for r in local_reports.values())
    assert _table(out, "event_sources").num_rows == n_events


def test_bad_documents_become_failure_rows(job, corpus):
    out, _ = job
    expected = sorted(f.reason for f in read_paths([corpus]) if isinstance(f, ReadFailure))
    rows = _table(out, "failures").to_pylist()
    assert sorted(r["reason"] for r in rows) == expected
    assert all(r["path"] == str(corpus) for r in rows)


def test_a_rerun_changes_nothing(job, spark, corpus):
    from marsad.spark.job import TABLES

    out, _ = job
    names = ("reports", "failures", *TABLES)
    before = {n: _rows(out, n) for n in names}
    assert _codecs(out) == {"ZSTD"}  # the default
    # the command line (it reuses the module's session), with another partitioning and codec: same rows
    res = CliRunner().invoke(app, ["spark", "extract", str(corpus), "-o", str(out), "--master", "local[2]",
                                   "--partitions", "3", "--compression", "snappy"])
    assert res.exit_code == 0, res.output
    assert f"{N_DOCS} documents extracted, {len(BAD_LINES)} failures" in " ".join(res.output.split())
    after = {n: _rows(out, n) for n in names}
    assert after == before
    assert _codecs(out) == {"SNAPPY"}


def _codecs(out):
    meta = [pq.ParquetFile(p).metadata for p in out.rglob("*.parquet")]
    return {m.row_group(g).column(c).compression for m in meta for g in range(m.num_row_groups)
            for c in range(m.num_columns)}


@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_ingest_parquet_gives_the_same_knowledge_base_as_local_ingest(job, corpus, tmp_path, backend, request):
    from marsad.store import open_store
    from marsad.workbench import Workbench

    out, _ = job
    # (the corpus holds bad lines on purpose: both ingests store the rest and exit 1 for them)
    res = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "local.duckdb"), str(corpus)])
    assert res.exit_code == 1, res.output
    if backend == "duckdb":  # through the command line
        res = CliRunner().invoke(app, ["ingest", "--parquet", str(out), "--db", str(tmp_path / "spark.duckdb")])
        assert res.exit_code == 1, res.output
        said = " ".join(res.output.split())
        assert f"{N_DOCS} documents: {N_DOCS} new" in said and f"; {len(BAD_LINES)} failures" in said
        spark_store = open_store(str(tmp_path / "spark.duckdb"))
    else:
        spark_store = request.getfixturevalue("pg_location").open()
        from marsad.spark.load import ingest_parquet

        stats = ingest_parquet(Workbench(store=spark_store), out)
        assert stats.documents == N_DOCS and stats.failures == len(BAD_LINES)
    with spark_store:
        with open_store(str(tmp_path / "local.duckdb")) as local:
            for method in ("events", "claims", "relations"):
                a = getattr(local, method)(limit=100_000).drop(columns=["updated_at"], errors="ignore")
                b = getattr(spark_store, method)(limit=100_000).drop(columns=["updated_at"], errors="ignore")
                assert len(a) > 0
                key = "id"
                assert a.sort_values(key).reset_index(drop=True).astype(str).equals(
                    b.sort_values(key).reset_index(drop=True).astype(str)), method
            assert len(spark_store.failed()) == len(local.failed()) == len(BAD_LINES)


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_each_file_is_named_by_table_month_and_bucket_and_a_rerun_replaces_them(spark, tmp_path):
    from marsad.spark.job import TABLES, run_extract
    from marsad.spark.partition import bucket_of

    corpus = write_jsonl(tmp_path / "docs.jsonl", 42)  # no bad lines: the failures file is empty
    out = tmp_path / "out"
    stats = run_extract(str(corpus), out.as_uri(), spark=spark, partitions=3, files_per_month=3)  # a file: URI
    assert stats["documents"] == 42 and stats["failures"] == 0
    files = _files(out)
    assert "_SUCCESS" in files and "failures/part-00000.parquet" in files
    assert not [f for f in files if f.endswith(".tmp")]
    data = [f for f in files if f.endswith(".parquet") and not f.startswith("failures/")]
    assert len(data) == stats["files"]  # (the empty failures file is the driver's, not a task's)
    for f in data:  # <table>/month=<M>/part-<bucket>.parquet, and every row of a file in its bucket
        table, month, name = f.split("/")
        bucket = int(name.removeprefix("part-").removesuffix(".parquet"))
        t = pq.read_table(out / f)
        key = "doc_id" if "doc_id" in t.column_names else "id"
        assert {bucket_of(d, 3) for d in t.column(key).to_pylist()} == {bucket}, f
        if table in ("reports", "documents"):
            assert {p[:7] for p in t.column("published").to_pylist()} == {month.removeprefix("month=")}, f
    assert {f.split("/")[0] for f in data} == {"reports", *TABLES}
    assert len({f.split("/")[2] for f in data}) == 3
    assert _table(out, "failures").num_rows == 0 and _table(out, "failures").column_names == ["path", "reason", "failed_at"]
    before = {n: _rows(out, n) for n in ("reports", *TABLES)}
    # a rerun into the same place with one file per month: the three-file layout is gone, rows the same
    run_extract(str(corpus), str(out), spark=spark, partitions=2)
    data = [f for f in _files(out) if f.endswith(".parquet") and not f.startswith("failures/")]
    assert {f.split("/")[2] for f in data} == {"part-00000.parquet"}
    assert {n: _rows(out, n) for n in ("reports", *TABLES)} == before

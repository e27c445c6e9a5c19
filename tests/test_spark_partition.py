"""The executor side of the Spark job, without Spark: one pass over Arrow batches."""

from __future__ import annotations

import json
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marsad.extract.pipeline import Pipeline
from marsad.knowledge.pack import KnowledgePack
from marsad.spark.corpus import sample_documents
from marsad.spark.job import output_schemas
from marsad.spark.partition import CHUNK_SCHEMA, bucket_of, extract_partition, local_path
from marsad.store.columns import DOC_COLUMNS, SOURCE_COLUMNS, SOURCE_V2_COLUMNS
from marsad.store.fuse import event_id

NOW = datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def pack():
    return KnowledgePack.load()


def _run(rows, pack, files_per_month=1, flush_docs=2):
    batch = pa.RecordBatch.from_pylist(
        [{"path": p, "kind": k, "payload": d} for p, k, d in rows],
        schema=pa.schema([("path", pa.string()), ("kind", pa.string()), ("payload", pa.binary())]))
    schemas = output_schemas()
    out = list(extract_partition(iter([batch]), pack, schemas, NOW, files_per_month=files_per_month,
                                 flush_docs=flush_docs))
    assert all(b.schema == CHUNK_SCHEMA for b in out)
    chunks = [c for b in out for c in b.to_pylist()]
    assert len(out) == -(-len(rows) // flush_docs)  # a batch of chunks every flush_docs inputs
    assert [c["seq"] for c in chunks] == list(range(len(chunks)))
    by_table: dict[str, list[dict]] = {}
    for c in chunks:
        t = pa.ipc.open_stream(c["data"]).read_all()
        assert t.schema == schemas[c["table"]] and t.num_rows == c["rows"] > 0
        by_table.setdefault(c["table"], []).extend(
            r | {"month": c["month"], "bucket": c["bucket"], "first": c["first"]} for r in t.to_pylist())
    return by_table


def test_inputs_become_reports_table_rows_and_failures(pack):
    doc = next(sample_documents(1))
    record = json.dumps(doc).encode()
    t = _run([
        ("file:///data/in%20box/docs.jsonl", "record", record),
        ("file:///data/note.txt", "file", doc["text"].encode()),
        ("/data/bad.jsonl", "record", b'{"id": "x", "text": 42}'),
        ("/data/slides.pptx", "file", b"PK\x03\x04"),
        ("/data/empty.txt", "file", b""),
    ], pack)
    assert [r["path"] for r in t["reports"]] == ["/data/in box/docs.jsonl", "/data/note.txt"]
    expected = Pipeline(pack)(doc)
    got = json.loads(t["reports"][0]["report"])
    assert got["events"] == json.loads(expected.to_json())["events"]
    assert t["reports"][0]["month"] == doc["published"][:7]
    assert t["reports"][1]["month"] == "unknown"  # a text file has no date
    assert sorted(f["path"] for f in t["failures"]) == ["/data/bad.jsonl", "/data/empty.txt", "/data/slides.pptx"]
    assert all(f["failed_at"] == NOW for f in t["failures"])
    docs = t["documents"]
    assert [d["id"] for d in docs][0] == doc["id"]
    assert set(docs[0]) == {*DOC_COLUMNS, "month", "bucket", "first"} and docs[0]["ingested_at"] == NOW
    srcs = [s for s in t["event_sources"] if s["doc_id"] == doc["id"]]
    assert len(srcs) == len(expected.events) > 0
    assert all(s["event_id"] == event_id(s) for s in srcs)
    assert set(srcs[0]) == {*SOURCE_COLUMNS, *SOURCE_V2_COLUMNS, "month", "bucket", "first"}


def test_a_documents_rows_share_its_bucket_in_every_table(pack):
    docs = list(sample_documents(6))
    t = _run([("/data/docs.jsonl", "record", json.dumps(d).encode()) for d in docs]
             + [("/data/bad.jsonl", "record", b"not json")], pack, files_per_month=4)
    buckets = {r["doc_id"]: r["bucket"] for r in t["reports"]}
    assert buckets == {d["id"]: bucket_of(d["id"], 4) for d in docs}
    assert all(0 <= b < 4 for b in buckets.values())
    for table in ("mentions", "event_sources", "claims", "relations", "affiliations"):
        assert t[table], table
        assert all(r["bucket"] == buckets[r["doc_id"]] for r in t[table]), table
    assert all(r["bucket"] == buckets[r["id"]] for r in t["documents"])
    assert [r["bucket"] for r in t["failures"]] == [0]  # all failures in one file
    assert {r["bucket"] for r in _run([("/data/docs.jsonl", "record", json.dumps(docs[0]).encode())], pack)["mentions"]} == {0}


def test_local_path_keeps_remote_uris():
    assert local_path("file:/tmp/a%20b.jsonl") == "/tmp/a b.jsonl"
    assert local_path("hdfs://nn/feeds/a.jsonl") == "hdfs://nn/feeds/a.jsonl"


def test_spark_extract_reports_a_missing_input_before_starting_spark(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    res = CliRunner().invoke(app, ["spark", "extract", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "[E700] input not found" in " ".join(res.output.split())
    assert not (tmp_path / "out").exists()


def _chunk(table, month, bucket, rows, schema):
    from marsad.spark.partition import ipc_bytes, table_batch

    return {"table": table, "month": month, "bucket": bucket, "first": rows[0][0], "seq": 0,
            "rows": len(rows), "data": ipc_bytes(table_batch(schema, rows))}


def test_chunks_become_one_parquet_file_per_table_month_and_bucket(tmp_path):
    from marsad.spark.write import WRITTEN_SCHEMA, write_chunks

    schemas = {"claims": pa.schema([("id", pa.string()), ("n", pa.int32())]),
               "failures": pa.schema([("path", pa.string()), ("reason", pa.string())])}
    c = schemas["claims"]
    chunks = [_chunk("claims", "2024-01", 0, [("a", 1), ("b", 2)], c), _chunk("claims", "2024-01", 0, [("c", 3)], c),
              _chunk("claims", "2024-01", 2, [("d", 4)], c), _chunk("claims", "unknown", 0, [("e", 5)], c),
              _chunk("failures", "unknown", 0, [("/x.txt", "empty file")], schemas["failures"])]
    batches = [pa.RecordBatch.from_pylist(chunks[:2], schema=CHUNK_SCHEMA),
               pa.RecordBatch.from_pylist(chunks[2:], schema=CHUNK_SCHEMA)]
    out = list(write_chunks(iter(batches), str(tmp_path), schemas))
    assert [b.schema for b in out] == [WRITTEN_SCHEMA]
    written = out[0].to_pylist()
    assert [(w["table"], w["month"], w["bucket"], w["rows"]) for w in written] == [
        ("claims", "2024-01", 0, 3), ("claims", "2024-01", 2, 1), ("claims", "unknown", 0, 1), ("failures", "unknown", 0, 1)]
    names = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert names == ["claims", "claims/month=2024-01", "claims/month=2024-01/part-00000.parquet",
                     "claims/month=2024-01/part-00002.parquet", "claims/month=unknown",
                     "claims/month=unknown/part-00000.parquet", "failures", "failures/part-00000.parquet"]
    t = pq.read_table(tmp_path / "claims/month=2024-01/part-00000.parquet")
    assert t.schema == c and t.to_pylist() == [{"id": "a", "n": 1}, {"id": "b", "n": 2}, {"id": "c", "n": 3}]


def test_a_failed_attempt_leaves_the_file_as_it_was_and_a_retry_replaces_it_whole(tmp_path):
    from pyarrow import fs

    from marsad.spark.write import write_file

    schema = pa.schema([("id", pa.string()), ("n", pa.int32())])
    path = str(tmp_path / "claims" / "month=2024-01" / "part-00000.parquet")
    first = _chunk("claims", "2024-01", 0, [("a", 1)], schema)["data"]
    second = _chunk("claims", "2024-01", 0, [("b", 2), ("c", 3)], schema)["data"]
    assert write_file(fs.LocalFileSystem(), path, schema, [first]) == 1

    def dies_midway():
        yield first
        yield second
        raise RuntimeError("executor lost")

    with pytest.raises(RuntimeError):
        write_file(fs.LocalFileSystem(), path, schema, dies_midway())
    assert pq.read_table(path).to_pylist() == [{"id": "a", "n": 1}]  # the earlier complete file, untouched
    assert [p.name for p in (tmp_path / "claims" / "month=2024-01").iterdir()] == ["part-00000.parquet"]  # no temp file
    for _ in range(2):  # a retry, then a speculative copy of the same task: the same whole file
        assert write_file(fs.LocalFileSystem(), path, schema, [first, second]) == 3
        assert pq.read_table(path).column("id").to_pylist() == ["a", "b", "c"]
    assert write_file(fs.LocalFileSystem(), str(tmp_path / "failures" / "part-00000.parquet"), schema, []) == 0
    assert pq.read_table(tmp_path / "failures" / "part-00000.parquet").schema == schema  # empty, with its columns


def test_output_locations_resolve_to_a_filesystem_and_an_absolute_path(tmp_path, monkeypatch):
    from pyarrow import fs

    from marsad.spark.write import file_path, output_fs

    monkeypatch.chdir(tmp_path)
    f, base = output_fs("out/")
    assert isinstance(f, fs.LocalFileSystem) and base == str(tmp_path / "out")
    assert output_fs((tmp_path / "a b").as_uri())[1] == str(tmp_path / "a b")
    assert file_path("/o", "mentions", "2024-01", 7) == "/o/mentions/month=2024-01/part-00007.parquet"
    assert file_path("/o", "failures", "unknown", 0) == "/o/failures/part-00000.parquet"

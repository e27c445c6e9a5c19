"""The crafted-input corpus (tests/data/crafted.md): no traceback, no good document lost, one
line per bad input naming its file (and line), exit status 1; on both store backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.config import Settings
from marsad.workbench import Failure, Workbench

CRAFTED = Path(__file__).parent / "data" / "crafted"
runner = CliRunner()

GOOD_IDS = {"good-01", "surrogate", "nul-1", "nul-2", "nest-ok-1", "nest-ok-2", "dup", "bad-lines-ok",
            "list-ok"}
GOOD_TEXT_FILES = {"good-02.txt", "good-03.md", "cp1252.txt", "bom-crlf.txt", "odd.txt"}
FAILURES = {  # where (file, file:line or file[index]) -> words in the reason
    "bad-lines.jsonl:1": "invalid JSON", "bad-lines.jsonl:2": "'id'", "bad-lines.jsonl:3": "ISO date",
    "bad-lines.jsonl:4": "empty", "bad-lines.jsonl:5": "JSON object", "bad-utf8.json": "not UTF-8",
    "binary.html": "binary", "blank.jsonl": "no records", "dup.jsonl": "duplicate id",
    "empty.json": "empty file", "fake.pdf": "PDF", "list.json[1]": "text", "list.json[2]": "JSON object",
    "nested-line.jsonl:2": "nested too deeply", "nested.json": "nested too deeply",
    "raw-nul.txt": "binary", "truncated.json": "invalid JSON", "unsupported.docx": "unsupported",
}
STORED = len(GOOD_IDS) + len(GOOD_TEXT_FILES)


def where(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def test_every_case_read_as_expected():
    wb = Workbench(Settings.load(env={}, db=":memory:"))
    docs, fails = [], []
    for x in wb.documents([CRAFTED]):
        (fails if isinstance(x, Failure) else docs).append(x)
    named = {d.id for d in docs if d.id in GOOD_IDS}
    files = {where(d.path) for d in docs if d.id not in GOOD_IDS}
    assert (named, files) == (GOOD_IDS, GOOD_TEXT_FILES)
    got = {where(f.path): f.reason for f in fails}
    assert set(got) == set(FAILURES)
    for key, words in FAILURES.items():
        assert words in got[key], (key, got[key])
    for d in docs:  # every string can be stored and hashed
        for value in (d.id, d.text, d.title, d.source, d.path):
            if value is not None:
                value.encode("utf-8")
                assert "\x00" not in value
    by_id = {d.id: d for d in docs}
    assert "\ufffd" in by_id["surrogate"].text and by_id["surrogate"].title == "T \ufffd"
    assert by_id["nul-1"].text == "Rockets hit Baghdad\ufffd on Friday." and by_id["nul-2"].source == "Desk\ufffd"
    assert by_id["dup"].text.startswith("Kataib")  # the first of the two, not the second
    assert all("\r" not in d.text for d in docs)


def test_ingest_stores_every_good_document(store):
    wb = Workbench(Settings.load(env={}), store=store)
    seen: list[Failure] = []
    stats = wb.ingest([str(CRAFTED)], on_failure=seen.append)
    assert stats.new == STORED and stats.failures == len(FAILURES) == len(seen)
    stored = store.documents(limit=1000)
    assert len(stored) == STORED and GOOD_IDS <= set(stored["id"])
    assert {where(p) for p in store.failed()["path"]} >= set(FAILURES)
    text = store.document("nul-1")["text"]
    assert text == "Rockets hit Baghdad\ufffd on Friday."
    again = wb.ingest([str(CRAFTED)])
    assert (again.new, again.unchanged, again.failures) == (0, STORED, len(FAILURES))


def test_cli_ingest_one_line_per_bad_input_and_exit_1(tmp_path):
    db = tmp_path / "kb.duckdb"
    r = runner.invoke(app, ["ingest", str(CRAFTED), "--db", str(db)])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == len(FAILURES)
    for key in FAILURES:
        assert sum(f"crafted/{key}: " in ln for ln in errors) == 1, key
    assert f"{STORED} new" in r.stdout
    r = runner.invoke(app, ["ingest", "--failed", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["items"]) == len(FAILURES)


def test_cli_extract_writes_every_good_document(tmp_path):
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", str(CRAFTED), "-o", str(out)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert len([ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]) == len(FAILURES)
    reports = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(reports) == STORED and GOOD_IDS <= {x["document"]["id"] for x in reports}


def test_ingest_of_a_missing_folder_fails(tmp_path):
    db = tmp_path / "kb.duckdb"
    r = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), "--db", str(db)])
    assert r.exit_code == 1 and "no such file or directory" in r.stderr and "nowhere" in r.stderr
    assert not db.exists()  # nothing to store: no stray database
    good = tmp_path / "a.txt"
    good.write_text("Rockets hit Baghdad on Friday.", "utf-8")
    r = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), str(good), "--db", str(db)])
    assert r.exit_code == 1 and "nowhere: no such file" in r.stderr and "1 new" in r.stdout


@pytest.mark.parametrize("limit", ["1MB", "1000000"])
def test_jsonl_streams_with_a_per_document_limit(tmp_path, limit):
    """A JSONL file larger than the limit is read line by line; only the line over it fails."""
    src = tmp_path / "big.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(1, 4):
            fh.write(json.dumps({"id": f"small-{i}", "text": f"Rockets hit Baghdad on day {i}. " + "x " * 200_000,
                                 "published": "2024-01-20"}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "word " * 300_000}) + "\n")
        fh.write(json.dumps({"id": "after", "text": "Iran condemned the strike on Friday.",
                             "published": "2024-01-20"}) + "\n")
    assert src.stat().st_size > 2_000_000
    db = tmp_path / "kb.duckdb"
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--max-document-size", limit])
    assert r.exit_code == 1
    (line,) = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert "big.jsonl:4: record too large" in line and "limit 1000000" in line
    assert "4 new" in r.stdout
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--max-document-size", "a lot"])
    assert r.exit_code == 1 and "not a number of bytes" in r.stderr

"""Workbench.ingest (readers -> pipeline -> store) and the store CLI commands, on DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app
from marsad.config import Settings
from marsad.model import DocumentInfo, Report
from marsad.workbench import Workbench

SAMPLES = Path(marsad.__file__).parent / "data" / "samples"


class FakePipeline:
    """Stands in for extraction where the test is about the workbench's bookkeeping."""

    def __call__(self, doc):
        if "EXPLODE" in doc.text:
            raise ValueError("cannot parse this one")
        return Report(document=DocumentInfo(id=doc.id, sha256=doc.sha256, published=doc.published), extractor="fake@1")


def write_docs(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    with (folder / "docs.jsonl").open("w") as fh:
        for doc_id, text in texts.items():
            fh.write(json.dumps({"id": doc_id, "text": text, "published": "2024-01-30"}) + "\n")


def test_workbench_records_failures_and_skips_unchanged(tmp_path):
    folder = tmp_path / "in"
    write_docs(folder, {"d1": "One report.", "d2": "Another report.", "d3": "EXPLODE here."})
    (folder / "notes.xyz").write_text("not a document")
    settings = Settings.load(env={}, db=str(tmp_path / "wb.duckdb"))
    with Workbench.from_settings(settings, pipeline=FakePipeline(), pack=None) as wb:
        seen = []
        stats = wb.ingest([str(folder)], progress=seen.append)
        assert (stats.new, stats.failures) == (2, 2)
        assert sum(seen) == 4
        failed = wb.store.failed()
        reasons = " ".join(failed["reason"])
        assert "extraction failed" in reasons and "cannot parse" in reasons
        assert any(p.endswith("notes.xyz") for p in failed["path"])
        again = wb.ingest([str(folder)])
        assert again.new == 0 and again.unchanged == 2
        write_docs(folder, {"d1": "One report, corrected.", "d2": "Another report.", "d3": "EXPLODE here."})
        third = wb.ingest([str(folder)])
        assert third.revised == 1 and third.unchanged == 1


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    pytest.importorskip("marsad.extract.pipeline", reason="the extraction pipeline is not available yet")
    if not list(SAMPLES.glob("s*.json")):
        pytest.skip("no bundled samples")
    db = tmp_path_factory.mktemp("cli") / "samples.duckdb"
    r = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "15 new" in r.output  # 14 reports and the folder's README.md, read as text
    return db


def run(*args):
    r = CliRunner().invoke(app, list(args))
    return r


def test_cli_ingest_real_pipeline_and_queries(sample_db):
    r = run("events", "--db", str(sample_db), "--format", "json", "--limit", "500")
    assert r.exit_code == 0, r.output
    events = json.loads(r.output)["items"]
    assert len(events) > 20 and all(e["status"] == "draft" for e in events)
    r = run("events", "--db", str(sample_db), "--type", "ASSAULT", "--country", "IQ", "--format", "csv")
    assert r.exit_code == 0 and r.output.startswith("id,")
    r = run("events", "--db", str(sample_db), "--type", "BOMBING")
    assert r.exit_code == 1 and "BOMBING" in r.output
    r = run("actors", "Kataib Hezbollah", "--db", str(sample_db), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["items"][0]["id"] == "kataib-hezbollah"
    r = run("actors", "--db", str(sample_db), "--profile", "kataib-hezbollah")
    assert r.exit_code == 0 and json.loads(r.output)["events_as_source"]
    r = run("claims", "--db", str(sample_db), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["items"]
    r = run("claims", "--groups", "--db", str(sample_db))
    assert r.exit_code == 0
    r = run("ingest", "--failed", "--db", str(sample_db), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["items"] == []  # README.md is read as text


def test_cli_review_cycle(sample_db):
    events = json.loads(run("events", "--db", str(sample_db), "--format", "json", "--limit", "1").output)["items"]
    eid = events[0]["id"]
    r = run("review", "reject", "event", eid, "--user", "ana", "--note", "duplicate", "--db", str(sample_db))
    assert r.exit_code == 0, r.output
    audit_id = json.loads(r.output)["audit_id"]
    r = run("review", "edit", "event", eid, "fatalities", "7", "--user", "ana", "--db", str(sample_db))
    assert r.exit_code == 0 and json.loads(r.output)["after"]["fatalities"] == 7
    r = run("review", "log", eid, "--db", str(sample_db), "--format", "json")
    assert [a["action"] for a in json.loads(r.output)["items"]] == ["edit", "reject"]
    r = run("review", "undo", audit_id, "--db", str(sample_db))
    assert r.exit_code == 0, r.output
    r = run("review", "undo", "au-none", "--db", str(sample_db))
    assert r.exit_code == 1 and "no audit record" in r.output
    r = run("review", "grade", "Marsad sample desk", "B", "--user", "ana", "--db", str(sample_db))
    assert r.exit_code == 0 and json.loads(r.output)["documents"] == 14, r.output
    r = run("review", "grade", "Marsad sample desk", "Q", "--db", str(sample_db))
    assert r.exit_code == 1 and "reliability" in r.output
    r = run("review", "merge", "event", eid, eid, "--db", str(sample_db))
    assert r.exit_code == 1 and "same" in r.output

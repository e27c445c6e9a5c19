"""What a new analyst meets in the first hour: missing databases, exit codes, messages, tables,
help, document titles and metadata, and the Workbench as the one path from files to the store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import marsad.cli.common as common
from marsad.cli import app
from marsad.config import Settings
from marsad.ingest import ReadFailure, read_path
from marsad.model import DocumentInfo, Report
from marsad.workbench import Failure, Workbench

runner = CliRunner()
TEXT = "Kataib Hezbollah fired rockets at Ain al-Asad air base on Sunday, wounding two U.S. soldiers."


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    src = folder / "docs.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"doc-{i}", "text": TEXT.replace("Sunday", day),
                                         "published": f"2024-0{1 + i}-20"})  # months apart: never one event
                             for i, day in enumerate(["Sunday", "Monday", "Tuesday"])) + "\n", "utf-8")
    db = folder / "kb.duckdb"
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert r.exit_code == 0, r.output
    return db


# ---------------------------------------------------------------- missing databases

@pytest.mark.parametrize("args", [["events"], ["actors"], ["claims"], ["event", "ev-x"], ["review", "log"],
                                  ["review", "confirm", "event", "ev-x"], ["ingest", "--failed"]])
def test_reading_a_missing_database_says_so_and_creates_nothing(tmp_path, args):
    db = tmp_path / "not-there.duckdb"
    r = runner.invoke(app, [*args, "--db", str(db)])
    assert r.exit_code == 1
    assert f"no database at {db}" in r.stderr
    assert not db.exists()


def test_error_lines_are_not_wrapped(tmp_path):
    db = tmp_path / ("a-rather-long-folder-name-" * 4) / "kb.duckdb"
    r = runner.invoke(app, ["events", "--db", str(db)])
    (line,) = r.stderr.splitlines()
    assert line.startswith("error: [E400] no database at ") and str(db) in line and len(line) > 120


# ---------------------------------------------------------------- tables and CSV

def test_tables_never_cut_ids_or_dates(small_db, monkeypatch):
    events = json.loads(runner.invoke(app, ["events", "--db", str(small_db), "--format", "json"]).stdout)["items"]
    assert len(events) >= 2
    piped = runner.invoke(app, ["events", "--db", str(small_db)]).stdout
    # a terminal 80 columns wide
    monkeypatch.setattr(common.out_console, "_force_terminal", True)
    monkeypatch.setattr(common.out_console, "_width", 80)
    narrow = runner.invoke(app, ["events", "--db", str(small_db)]).stdout
    for out in (piped, narrow):
        for e in events:
            assert e["id"] in out and e["date"] in out
    assert max(len(ln) for ln in piped.splitlines()) > 80  # piped: one row per line, however wide


def test_csv_counts_are_integers(small_db):
    import csv
    import io

    r = runner.invoke(app, ["events", "--db", str(small_db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all(row["corroboration"].isdigit() for row in rows)
    assert all(row["injuries"] == "" or row["injuries"].isdigit() for row in rows)


# ---------------------------------------------------------------- help

def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if getattr(cmd, "commands", None):
            yield from _commands(cmd, (*prefix, name))


def test_help_shows_no_python_types():
    import typer

    root = typer.main.get_command(app)
    paths = list(_commands(root))
    assert ("ingest",) in paths and ("review", "confirm") in paths
    for path in paths:
        r = runner.invoke(app, [*path, "--help"])
        assert r.exit_code == 0, path
        for python in ("<str>", "<bool>", "<int", "<list", "list[", "<Path>", "<path>", "x>=", "<float>"):
            assert python not in r.output, (path, python)
    assert "PATH|URL" in runner.invoke(app, ["events", "--help"]).output


# ---------------------------------------------------------------- documents

def test_text_title_from_first_line_or_file_name(tmp_path):
    a = tmp_path / "note.txt"
    a.write_text("\n\n  Rockets on Ain al-Asad  \nThe base was hit on Sunday.\n", "utf-8")
    b = tmp_path / "long-line.txt"
    b.write_text("word " * 100 + "\n", "utf-8")
    c = tmp_path / "brief.md"
    c.write_text("## Weekly brief\n\nNothing new.\n", "utf-8")
    titles = [d.title for p in (a, b, c) for d in read_path(p)]
    assert titles == ["Rockets on Ain al-Asad", "long-line", "Weekly brief"]


def test_metadata_change_updates_the_document(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(TEXT + "\n", "utf-8")
    db = tmp_path / "kb.duckdb"
    r = runner.invoke(app, ["ingest", str(note), "--db", str(db)])
    assert r.exit_code == 0 and "1 new" in r.stdout
    r = runner.invoke(app, ["ingest", str(note), "--db", str(db), "--published", "2024-01-30"])
    assert r.exit_code == 0 and "1 revised" in r.stdout, r.output
    r = runner.invoke(app, ["ingest", str(note), "--db", str(db), "--published", "2024-01-30"])
    assert "1 unchanged" in r.stdout
    r = runner.invoke(app, ["ingest", str(note), "--db", str(db)])  # no date given: the stored one stays
    assert "1 unchanged" in r.stdout
    from marsad.store import open_store

    with open_store(str(db)) as store:
        (doc,) = store.documents().to_dict("records")
        assert (doc["published"], doc["title"], doc["revision"]) == ("2024-01-30", TEXT, 2)
        # the revision was extracted again with the date: "Sunday" is now 2024-01-28
        assert "2024-01-28" in set(store.events()["date"])


# ---------------------------------------------------------------- the Workbench path

class StandInPipeline:
    """Stands in for extraction where a test is about the workbench's bookkeeping: for a document
    whose text says MISMATCH it returns a report the store refuses (another document's id)."""

    def __call__(self, doc):
        doc_id = "someone-else" if "MISMATCH" in doc.text else doc.id
        return Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, published=doc.published),
                      extractor="stand-in@1")


def test_workbench_default_settings_come_from_settings_load(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("MARSAD_MAX_DOCUMENT_BYTES", "5MB")
    wb = Workbench()
    assert wb.settings == Settings.load()
    assert (wb.settings.db, wb.settings.max_document_bytes) == (str(tmp_path / "env.duckdb"), 5_000_000)


def test_reports_stream_one_document_at_a_time(tmp_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(f"Report {i}.", "utf-8")
    wb = Workbench(Settings.load(env={}, db=":memory:"), pipeline=StandInPipeline(), pack=None)
    stream = wb.reports([tmp_path])
    first = next(stream)
    assert isinstance(first, Report)
    (tmp_path / "d2.txt").unlink()  # not read yet: the stream has not gone ahead
    rest = list(stream)
    assert isinstance(rest[0], Report) and isinstance(rest[1], ReadFailure) and "no such file" in rest[1].reason


def test_one_document_the_store_refuses_costs_only_itself(store, tmp_path):
    src = tmp_path / "docs.jsonl"
    texts = {"a": "First.", "b": "MISMATCH here.", "c": "Third.", "c2": "Duplicate id."}
    src.write_text("\n".join(json.dumps({"id": k.rstrip("2"), "text": v}) for k, v in texts.items()), "utf-8")
    wb = Workbench(Settings.load(env={}), store=store, pipeline=StandInPipeline(), pack=None)
    seen: list[Failure] = []
    batches: list[int] = []
    stats = wb.ingest([src], on_failure=seen.append, progress=batches.append, batch_size=10)
    assert (stats.new, stats.failures) == (2, 2)
    assert sorted(store.documents()["id"]) == ["a", "c"]
    reasons = " | ".join(f.reason for f in seen)
    assert "document b: not stored" in reasons and "document c: duplicate id" in reasons
    assert sum(batches) == 4

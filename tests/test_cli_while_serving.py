"""The command line works on a DuckDB file while `marsad serve` runs on it, and the running
server shows what the command line wrote without a restart (docs/store.md, "Sharing a database")."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()

DOC_A = {"id": "live-a", "published": "2024-01-29",
         "text": "Kataib Hezbollah fired rockets at Ain al-Asad air base on Sunday."}
DOC_B = {"id": "live-b", "published": "2024-02-04",
         "text": "A drone struck a convoy near Erbil on Saturday, killing two fighters."}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "live.duckdb"
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps(DOC_A) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(first), "--db", str(db)])
    assert r.exit_code == 0, r.output
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            get(f"{base}/api/documents")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not start: {proc.communicate()[1][-2000:]}")
            time.sleep(0.2)
    yield db, base, tmp_path
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_review_and_queries_while_the_server_runs(served):
    db, base, tmp_path = served
    assert [d["id"] for d in get(f"{base}/api/documents")["items"]] == ["live-a"]
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(DOC_B) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(second), "--db", str(db)])
    assert r.exit_code == 0, r.output
    # the running server shows the new document on its next request
    assert sorted(d["id"] for d in get(f"{base}/api/documents")["items"]) == ["live-a", "live-b"]
    r = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    events = json.loads(r.output)["items"]
    assert events
    r = runner.invoke(app, ["review", "confirm", "event", events[0]["id"], "--db", str(db)])
    assert r.exit_code == 0, r.output
    shown = get(f"{base}/api/events/{events[0]['id']}")
    assert shown["status"] == "confirmed"

"""The command line works on a DuckDB file while `marsad serve` runs on it, and the running
server shows what the command line wrote without a restart (docs/store.md, "Sharing a database")."""

from __future__ import annotations

import json
import os
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


DOC_C = {"id": "live-c", "published": "2024-02-11",
         "text": "Rockets struck near the U.S. consulate in Basra on Friday, wounding three guards."}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("live")
    db = tmp_path / "live.duckdb"
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps(DOC_A) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(first), "--db", str(db)])
    assert r.exit_code == 0, r.output
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "MARSAD_LOCK_WAIT": "2"})
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
    assert "live-b" not in {d["id"] for d in get(f"{base}/api/documents")["items"]}
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(DOC_B) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(second), "--db", str(db)])
    assert r.exit_code == 0, r.output
    # the running server shows the new document on its next request
    assert {"live-a", "live-b"} <= {d["id"] for d in get(f"{base}/api/documents")["items"]}
    r = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    events = json.loads(r.output)["items"]
    assert events
    r = runner.invoke(app, ["review", "confirm", "event", events[0]["id"], "--db", str(db)])
    assert r.exit_code == 0, r.output
    shown = get(f"{base}/api/events/{events[0]['id']}")
    assert shown["status"] == "confirmed"


def test_a_file_held_too_long_by_another_process_is_a_503(served):
    """The server waits up to MARSAD_LOCK_WAIT seconds (2 here) for the file, then answers 503."""
    import urllib.error

    from marsad.store import open_store

    db, base, _ = served
    holder = open_store(str(db), wait=30)  # as a long batch write in another process would
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            get(f"{base}/api/documents")
        body = json.loads(info.value.read())
        assert info.value.code == 503 and body["error"]["code"] == "E503"
        assert "in use by another process" in body["error"]["message"]
    finally:
        holder.close()
    assert get(f"{base}/api/documents")["items"]


@pytest.mark.browser
def test_an_event_ingested_from_the_cli_appears_in_the_dashboard(served):
    """Through the real dashboard in Debian's Chromium: reloading the events view shows an event
    ingested from the command line while the server ran."""
    from pathlib import Path

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    db, base, tmp_path = served

    def rows(page) -> set[str]:
        page.goto(base + "/#/events")
        page.wait_for_function("window.__marsad && window.__marsad.ready === true", timeout=30_000)
        page.wait_for_selector("[data-testid=event-row]", timeout=30_000)
        return set(page.eval_on_selector_all("[data-testid=event-row]", "rs => rs.map(r => r.dataset.id)"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(bypass_csp=True)  # wait_for_function's probes are evaluated strings
            before = rows(page)
            third = tmp_path / "c.jsonl"
            third.write_text(json.dumps(DOC_C) + "\n", encoding="utf-8")
            r = runner.invoke(app, ["ingest", str(third), "--db", str(db)])
            assert r.exit_code == 0, r.output
            r = runner.invoke(app, ["events", "--db", str(db), "--format", "json", "--text", "Basra"])
            new = {e["id"] for e in json.loads(r.stdout)["items"]}
            assert new and not new & before
            page.reload()
            assert new <= rows(page)
        finally:
            browser.close()

"""`marsad demo` and `marsad serve` from the command line (without starting a server)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.cli.serve_cmd import sample_paths

runner = CliRunner()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_builds_a_database_from_the_samples(tmp_path):
    pytest.importorskip("marsad.workbench", reason="marsad.workbench is not available")
    from marsad.store import open_store

    if not sample_paths():
        pytest.skip("no bundled sample reports")
    db = tmp_path / "demo.duckdb"
    first = runner.invoke(app, ["demo", "--db", str(db), "--no-serve", "--port", "8123"])
    assert first.exit_code == 0, first.output
    assert "http://" not in first.output  # --no-serve: no dashboard, so no URL
    store = open_store(str(db))
    try:
        docs = len(store.documents(limit=1000))
        events = (
            store.count_events()
            if hasattr(store, "count_events")
            else len(store.events(limit=100_000))
        )
    finally:
        store.close()
    assert docs == len(sample_paths()) and events > 0
    # a second run skips the samples already stored rather than adding them again
    second = runner.invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert second.exit_code == 0, second.output
    store = open_store(str(db))
    try:
        assert len(store.documents(limit=1000)) == docs
        again = (
            store.count_events()
            if hasattr(store, "count_events")
            else len(store.events(limit=100_000))
        )
    finally:
        store.close()
    assert again == events
    assert f"the {len(sample_paths())} sample documents were already there" in second.output


def test_serve_and_demo_have_help():
    for cmd in ("serve", "demo"):
        r = runner.invoke(app, [cmd, "--help"])
        assert r.exit_code == 0 and "--port" in r.output and "--db" in r.output
    assert "--pack" in runner.invoke(app, ["serve", "--help"]).output
    assert "--no-serve" in runner.invoke(app, ["demo", "--help"]).output


def test_serve_rejects_a_bad_port_value():
    r = runner.invoke(app, ["serve", "--port", "eighty"])
    assert r.exit_code != 0


def test_serve_copies_pack_overlays_into_the_store(tmp_path, monkeypatch):
    """The API reads affiliations from the store, so `serve --pack` loads the overlay there first."""
    pytest.importorskip("marsad.knowledge.pack", reason="the knowledge pack is not available")
    import marsad.cli.serve_cmd as serve_cmd

    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "actors.yaml").write_text(
        "- id: new-front\n"
        "  name: New Front Brigade\n"
        "  kind: armed_group\n"
        "  sector: PRM\n"
        "  acled_inter: 3\n"
        "  affiliations:\n"
        "    - {type: part_of, target: popular-mobilization-forces, start: 2024}\n",
        encoding="utf-8",
    )
    seen = {}

    def fake_server(settings, store=None):
        from marsad.store import open_store

        with open_store(settings.db) as s:
            seen["links"] = s.affiliations(actor="new-front")[["source", "type", "target"]]

    monkeypatch.setattr(serve_cmd, "run_server", fake_server)
    db = tmp_path / "served.duckdb"
    port = str(free_port())
    r = runner.invoke(app, ["serve", "--db", str(db), "--pack", str(overlay), "--port", port])
    assert r.exit_code == 1 and "no database at" in r.output and not db.exists()
    from marsad.store import open_store

    open_store(str(db)).close()
    r = runner.invoke(app, ["serve", "--db", str(db), "--pack", str(overlay), "--port", port])
    assert r.exit_code == 0, r.output
    assert seen["links"].values.tolist() == [["new-front", "part_of", "popular-mobilization-forces"]]


def test_serve_checks_the_port_before_printing_its_url(tmp_path):
    import socket

    from marsad.store import open_store

    db = tmp_path / "kb.duckdb"
    open_store(str(db)).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = runner.invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    assert r.exit_code == 1
    assert "http://" not in r.output and f"cannot listen on 127.0.0.1:{port}" in r.output
    assert "[E600]" in r.output

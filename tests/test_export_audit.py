"""Exports from the command line are audited like the API's: ``marsad export FMT`` and the JSON or
CSV form of ``marsad analyze ach show`` file an ``export`` record by ``--user`` or the operating
system's user (``via`` ``cli``) with what was exported and how, and ``marsad audit`` lists them."""

from __future__ import annotations

import getpass
import json

from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store
from test_api import corpus, small_pack

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, list(args))


def exports(db: str, *extra: str) -> list[dict]:
    r = cli("audit", "--action", "export", "--format", "json", "--db", db, *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["items"]


def test_cli_exports_are_audited_with_the_user(tmp_path):
    db = str(tmp_path / "kb.duckdb")
    with open_store(db) as s:
        s.load_pack(small_pack())
        s.ingest(corpus())
    assert exports(db) == []
    out = tmp_path / "g.json"
    r = cli("export", "stix", "-o", str(out), "--type", "ASSAULT", "--clearance", "GREEN", "--user", "omar", "--db", db)
    assert r.exit_code == 0, r.output
    r = cli("export", "geojson", "-o", str(tmp_path / "e.geojson"), "--db", db)
    assert r.exit_code == 0, r.output
    got = exports(db)
    assert [(x["user"], x["fact_id"], x["via"]) for x in got] == [
        (getpass.getuser(), "geojson", "cli"), ("omar", "stix", "cli")]
    assert got[1]["after"] == {"filters": {"type": "ASSAULT"}, "clearance": "GREEN", "output": str(out)}
    assert [x["fact_id"] for x in exports(db, "--user", "omar")] == ["stix"]
    # a refused export (a bad clearance) exports nothing and is not recorded
    assert cli("export", "stix", "-o", str(out), "--clearance", "X", "--db", db).exit_code == 1
    assert len(exports(db)) == 2
    matrix = cli("analyze", "ach", "new", "Why did the attacks pause?", "--db", db).stdout.strip()
    assert cli("analyze", "ach", "show", matrix, "--db", db).exit_code == 0  # a table on screen: not an export
    assert len(exports(db)) == 2
    r = cli("analyze", "ach", "show", matrix, "--format", "csv", "--user", "ana", "--db", db)
    assert r.exit_code == 0, r.output
    top = exports(db)[0]
    assert (top["user"], top["fact_id"], top["after"]) == ("ana", "ach-csv", {"matrix_id": matrix})

"""``marsad pack``: validate, actors and places through the command line."""

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def run(*args: str):
    return CliRunner().invoke(app, ["pack", *args])


def test_validate_builtin_ok():
    r = run("validate")
    assert r.exit_code == 0, r.output
    assert "ok" in r.output and "actors" in r.output and "offices" in r.output


def test_validate_json_summary():
    r = run("validate", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["ok"] is True and data["summary"]["actors"] >= 150


def test_validate_good_overlay(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "- id: test-cell\n  name: Test Cell\n  kind: armed_group\n  sector: REB\n  acled_inter: 2\n",
        encoding="utf-8",
    )
    r = run("validate", str(tmp_path))
    assert r.exit_code == 0, r.output


def test_validate_broken_overlay_exits_1_with_file_and_line(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "- id: test-cell\n"
        "  name: Test Cell\n"
        "  kind: armed_group\n"
        "  affiliations:\n"
        "    - {type: part_of, target: nowhere-group}\n",
        encoding="utf-8",
    )
    r = run("validate", str(tmp_path))
    assert r.exit_code == 1
    assert f"{tmp_path / 'actors.yaml'}:5:" in r.output
    assert "nowhere-group" in r.output


def test_validate_empty_dir_fails(tmp_path):
    r = run("validate", str(tmp_path))
    assert r.exit_code == 1
    assert "no pack files" in r.output


def test_actors_search_json():
    r = run("actors", "Kataib Hizballah", "--json", "--limit", "3")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert rows[0]["id"] == "kataib-hezbollah"
    assert len(rows) <= 3 and "score" in rows[0] and "aliases" in rows[0]


def test_actors_kind_filter_and_table():
    r = run("actors", "--kind", "person", "--json", "--limit", "500")
    rows = json.loads(r.output)
    assert rows and all(x["kind"] == "person" for x in rows)
    t = run("actors", "Sudani")
    assert t.exit_code == 0 and "Sudani" in t.output


def test_actors_with_pack_overlay(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "- id: test-cell\n  name: Zyxwv Test Cell\n  kind: armed_group\n", encoding="utf-8"
    )
    r = run("actors", "Zyxwv Test Cell", "--json", "--pack", str(tmp_path))
    assert json.loads(r.output)[0]["id"] == "test-cell"


def test_actors_broken_overlay_reports_problems(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "- id: x\n  name: X\n  kind: nonsense\n", encoding="utf-8"
    )
    r = run("actors", "X", "--pack", str(tmp_path))
    assert r.exit_code == 1
    assert "actors.yaml:3" in r.output


def test_places_search(tmp_path):
    (tmp_path / "places.csv").write_text(
        "id,name,kind,admin1,country,lat,lon,aliases,parent\n"
        "qwerty-base,Qwerty Base,base,Anbar,IQ,33.5,42.0,Camp Qwerty,\n",
        encoding="utf-8",
    )
    r = run("places", "Camp Qwerty", "--json", "--pack", str(tmp_path), "--country", "iq")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert rows[0]["id"] == "qwerty-base" and rows[0]["lat"] == 33.5
    none = run("places", "Camp Qwerty", "--json", "--pack", str(tmp_path), "--country", "SY")
    assert all(x["id"] != "qwerty-base" for x in json.loads(none.output))


def test_actors_uses_marsad_packs_setting(tmp_path, monkeypatch):
    (tmp_path / "actors.yaml").write_text(
        "- id: env-cell\n  name: Qqzx Env Cell\n  kind: armed_group\n", encoding="utf-8"
    )
    monkeypatch.setenv("MARSAD_PACKS", str(tmp_path))
    r = run("actors", "Qqzx Env Cell", "--json", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["id"] == "env-cell"

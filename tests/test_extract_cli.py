"""`marsad extract` and `marsad eval` end to end on temporary files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def test_extract_jsonl_with_a_bad_line(tmp_path):
    src = tmp_path / "docs.jsonl"
    good = {"id": "a", "published": "2020-03-15", "text": "Kataib Hezbollah fired rockets at Camp Taji on Sunday."}
    good2 = {"id": "b", "published": "2020-03-15", "text": "Iran condemned the strike on Friday."}
    src.write_text(json.dumps(good) + "\n{not json\n" + json.dumps(good2) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 1
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["document"]["id"] for r in lines] == ["a", "b"]
    assert lines[0]["events"] and lines[0]["events"][0]["type"] == "ASSAULT"


def test_extract_to_stdout_and_published_option(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("Harakat al-Nujaba vowed on Sunday to retaliate.", "utf-8")
    res = runner.invoke(app, ["extract", str(p), "--published", "2024-01-09"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout.strip().splitlines()[-1])
    assert r["document"]["published"] == "2024-01-09"
    assert any(e["type"] == "THREATEN" and e["date"] == "2024-01-07" for e in r["events"])


def test_eval_json(tmp_path):
    text = "Iran condemned the strike on Friday."
    gold = {"id": "g", "published": "2024-01-10", "text": text,
            "gold": {"actors": [{"name": "Iran", "kind": "state", "aliases": ["Iran"]}],
                     "events": [{"type": "ACCUSE", "date": "2024-01-05", "date_precision": "day",
                                 "location": {"name": None, "admin1": None, "country": "IR"},
                                 "source_actor": "Iran", "target_actor": None, "fatalities": None,
                                 "evidence": "Iran condemned the strike on Friday"}],
                     "claims": [], "relations": []}}
    (tmp_path / "g.json").write_text(json.dumps(gold), "utf-8")
    res = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    s = json.loads(res.stdout)
    assert s["actors"]["f1"] == 1.0 and s["events"]["f1"] == 1.0
    res = runner.invoke(app, ["eval", str(tmp_path)])
    assert res.exit_code == 0 and "relations" in res.stdout


def test_eval_missing_dir(tmp_path):
    res = runner.invoke(app, ["eval", str(tmp_path / "nope")])
    assert res.exit_code == 1


def test_eval_misses_lists_why_each_gold_event_went_unmatched(tmp_path):
    text = "Iran condemned the strike on Friday. Kataib Hezbollah supporters marched in Baghdad on Monday."
    gold = {"id": "g", "published": "2024-01-10", "text": text,
            "gold": {"actors": [], "claims": [], "relations": [],
                     "events": [{"type": "ACCUSE", "date": "2023-06-01", "date_precision": "day",
                                 "location": {"name": None, "admin1": None, "country": "IR"},
                                 "source_actor": None, "target_actor": None, "fatalities": None,
                                 "evidence": "Iran condemned the strike on Friday"},
                                {"type": "AID", "date": "2024-01", "date_precision": "month",
                                 "location": None, "source_actor": None, "target_actor": None, "fatalities": None,
                                 "evidence": "marched in Baghdad"}]}}
    (tmp_path / "g.json").write_text(json.dumps(gold), "utf-8")
    res = runner.invoke(app, ["eval", str(tmp_path), "--misses", "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.stdout)["misses"]
    assert m["classes"]["other date"] == 1 and m["classes"]["no prediction of the type"] == 1
    assert m["unmatched_predictions"].get("ACCUSE") == 1
    res = runner.invoke(app, ["eval", str(tmp_path), "--misses"])
    assert res.exit_code == 0 and "no prediction of the type" in res.stdout

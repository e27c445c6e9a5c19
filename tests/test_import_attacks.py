"""`marsad import attacks-csv`: the bundled 2023-24 list as events, claims and documents."""

from __future__ import annotations

import csv
import shutil

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.errors import ReadError
from marsad.interop.attacks_csv import bundled_path, import_attacks_csv, published_counts

# Rows per month in the dataset README's own table (compiled independently of this code).
README_MONTHS = {"2023-10": 28, "2023-11": 39, "2023-12": 38, "2024-01": 41, "2024-02": 14, "2024-04": 2}


def _attacks(store):
    ev = store.events(limit=1000)
    return ev[ev["source_actor_id"].fillna("") != "us-forces"]


def test_bundled_list_imports_with_provenance_and_is_idempotent(store):
    first = import_attacks_csv(store)
    attacks = _attacks(store)
    assert attacks["date"].str[:7].value_counts().to_dict() == README_MONTHS
    ev = store.events(limit=1000)
    assert len(ev) - len(attacks) == 12  # strike waves
    assert first.events_written == len(ev)
    one = store.event(attacks.iloc[0]["id"])
    src = one["sources"][0]
    doc = store.document(src["doc_id"])
    assert doc["text"][src["evidence"]["start"]:src["evidence"]["end"]] == src["evidence"]["text"]
    assert doc["url"].startswith("http")
    claims = store.claims(limit=1000)
    assert (claims["unit"] == "attacks").all() and 166 in set(claims["value"])
    again = import_attacks_csv(store)
    assert again.events_written == 0 and again.new_documents == 0
    assert len(store.events(limit=1000)) == len(ev)


def test_two_waves_on_one_site_and_day_stay_two_events(store):
    import_attacks_csv(store)
    a = _attacks(store)
    same = a[(a["date"] == "2023-12-08") & (a["admin1"] == "Al-Hasakah")]
    assert len(same) == 3  # the README's "Kharab al-Jir x3 on 8 Dec"


def test_an_edited_row_replaces_its_event(store, tmp_path):
    d = tmp_path / "mylist"
    d.mkdir()
    src = bundled_path() / "attacks.csv"
    with src.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[:4]
    with (d / "attacks.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    import_attacks_csv(store, d)
    assert len(store.events(limit=100)) == 3
    rows[1][8] = "7"  # injuries of the first attack
    with (d / "attacks.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    st = import_attacks_csv(store, d)
    assert st.new_documents == 1 and st.events_written == 1
    ev = store.events(limit=100)
    assert len(ev) == 3 and 7 in set(ev["injuries"].dropna().astype(int))


def test_bad_files_are_named_with_their_line(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    shutil.copy(bundled_path() / "attacks.csv", d / "attacks.csv")
    text = (d / "attacks.csv").read_text(encoding="utf-8").splitlines()
    text[3] = "17/10/2023" + text[3][10:]
    (d / "attacks.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    from marsad.store import open_store

    with open_store(":memory:") as s, pytest.raises(ReadError, match=r"attacks.csv:4: bad date"):
        import_attacks_csv(s, d)
    with open_store(":memory:") as s, pytest.raises(ReadError, match="not a directory"):
        import_attacks_csv(s, tmp_path / "missing")


def test_published_counts_split_official_series():
    df = published_counts()
    official = df[df["series"] == "official"]
    assert official["count_total"].is_monotonic_increasing
    assert set(df.loc[df["counting_body"].str.startswith("SOHR"), "series"]) == {"sohr"}


def test_cli_imports_bundled_list(tmp_path):
    db = tmp_path / "kb.duckdb"
    r = CliRunner().invoke(app, ["import", "attacks-csv", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "174 events (174 written)" in r.output
    r = CliRunner().invoke(app, ["import", "attacks-csv", str(tmp_path / "nope"), "--db", str(db)])
    assert r.exit_code == 1 and "E200" in r.output

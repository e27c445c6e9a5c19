"""Tempo: counts per period, rolling rates, gaps, and counted rows against published totals."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from marsad.analysis.data import event_times
from marsad.analysis.tempo import tempo, tempo_of
from marsad.cli import app
from marsad.errors import StoreError
from marsad.interop.attacks_csv import import_attacks_csv
from marsad.store import EventFilter

# From the dataset README's tables (rows excluding UNCONFIRMED; compiled independently).
README_MONTHS = {"2023-10": 28, "2023-11": 39, "2023-12": 38, "2024-01": 41, "2024-02": 5, "2024-04": 2}
README_CUMULATIVE = {"2023-10-24": 14, "2023-11-14": 52, "2023-12-13": 89, "2024-01-09": 122, "2024-01-30": 146}


@pytest.fixture(scope="module")
def kb(module_store_location):
    s = module_store_location.open()
    import_attacks_csv(s)
    return s


def _frame(days, **cols):
    df = pd.DataFrame({"id": [f"e{i}" for i in range(len(days))], "day": pd.to_datetime(days)})
    for k, v in cols.items():
        df[k] = v
    return df


def test_weekly_counts_fill_empty_weeks_and_roll():
    ev = _frame(["2024-01-01", "2024-01-03", "2024-01-07", "2024-01-22"], country=["IQ", "SY", "IQ", "IQ"])
    t = tempo_of(ev, by="week", window=2)
    assert t.totals["period"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    assert t.totals["n"].tolist() == [3, 0, 0, 1]
    assert t.totals["rolling"].tolist() == [3.0, 1.5, 0.0, 0.5]
    g = tempo_of(ev, by="week", group="country")
    first = g.series[g.series["period"] == pd.Timestamp("2024-01-01")].set_index("group")["n"].to_dict()
    assert first == {"IQ": 2, "SY": 1}
    assert t.gaps["max_days"] == 15 and t.gaps["n"] == 3


def test_same_day_events_get_distinct_reproducible_times_inside_the_day():
    ev = _frame(["2024-01-01", "2024-01-01", "2024-01-03"])
    t, origin = event_times(ev)
    assert origin == pd.Timestamp("2024-01-01")
    assert [int(x) for x in t] == [0, 0, 2] and t[0] != t[1]
    assert event_times(ev)[0].tolist() == t.tolist()
    assert event_times(ev, seed=1)[0].tolist() != t.tolist()


def test_bad_options_raise_coded_errors():
    ev = _frame(["2024-01-01"])
    with pytest.raises(StoreError, match="by='fortnight'"):
        tempo_of(ev, by="fortnight")
    with pytest.raises(StoreError, match="group='colour'"):
        tempo_of(ev, group="colour")
    with pytest.raises(StoreError, match="no events"):
        tempo_of(ev.iloc[:0])


def test_imported_list_matches_the_readme_tables(kb):
    t = tempo(kb, by="month")
    months = {p.strftime("%Y-%m"): n for p, n in zip(t.totals["period"], t.totals["n"], strict=True) if n}
    assert months == README_MONTHS
    pub = t.published.assign(d=t.published["as_of"].dt.strftime("%Y-%m-%d")).drop_duplicates("d").set_index("d")
    for day, counted in README_CUMULATIVE.items():
        assert pub.loc[day, "counted"] == counted
        assert pub.loc[day, "published"] >= counted - 2  # rows sit near or under the official count
    assert (pub["gap"] == pub["published"] - pub["counted"]).all()
    oct_ = tempo(kb, EventFilter(start="2023-10", end="2023-10"), by="month", group="country")
    assert oct_.series.set_index("group")["n"].to_dict() == {"IQ": 12, "SY": 16}


def test_a_country_filter_compares_with_that_countrys_published_totals(kb):
    t = tempo(kb, EventFilter(country="SY"), by="month")
    pub = t.published.assign(d=t.published["as_of"].dt.strftime("%Y-%m-%d")).set_index("d")
    # the DoD Syria figures of 24 Oct and 14 Nov (3 and 28), not the all-country totals (13 and 55)
    assert pub.loc["2023-10-24", "published"] == 3 and pub.loc["2023-11-14", "published"] == 28
    assert "Washington Institute" not in " ".join(tempo(kb).published["evidence"])

def test_cli_tempo_json_and_plot(kb, module_store_location, tmp_path):
    if module_store_location.backend != "duckdb":
        pytest.skip("the CLI test runs once, on the DuckDB file")
    kb.close()
    png = tmp_path / "t.png"
    r = CliRunner().invoke(app, ["analyze", "tempo", "--db", module_store_location.url, "--by", "month",
                                 "--format", "json", "--plot", str(png)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout[r.stdout.index("{"):])
    assert sum(x["n"] for x in out["totals"]) == sum(README_MONTHS.values())
    assert png.read_bytes()[:4] == b"\x89PNG"
    r = CliRunner().invoke(app, ["analyze", "tempo", "--db", module_store_location.url, "--by", "year"])
    assert r.exit_code == 1 and "E400" in r.output


def test_analysis_groups_one_place_under_one_label():
    from marsad.analysis.data import place_labels

    ev = pd.DataFrame({"place_id": ["sulaymaniyah", "sulaymaniyah", "sulaymaniyah", None, "erbil"],
                       "place_name": ["Sulaimani", "Sulaymaniyah", "Sulaimani", "Camp X", "Erbil"]})
    assert place_labels(ev).tolist() == ["Sulaimani", "Sulaimani", "Sulaimani", "Camp X", "Erbil"]

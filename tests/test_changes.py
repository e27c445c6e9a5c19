"""Early warning: planted surges are flagged, flat series and 1 -> 2 are not; digest with evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marsad.analysis.changes import change_test, changes, changes_of, digest
from marsad.errors import StoreError
from marsad.interop.attacks_csv import import_attacks_csv

END = pd.Timestamp("2024-06-30")


def _series(rate_base: float, rate_recent: float, key: str, seed: int, recent=28, baseline=84) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = []
    for i in range(recent + baseline):
        day = END - pd.Timedelta(days=i)
        rate = rate_recent if i < recent else rate_base
        days += [day] * rng.poisson(rate)
    return pd.DataFrame({"day": days, "admin1": key, "place_name": key + " base", "source_actor_name": "Group"})


def _frame(*parts):
    ev = pd.concat(parts, ignore_index=True).sort_values("day").reset_index(drop=True)
    ev["id"] = [f"e{i}" for i in range(len(ev))]
    return ev


def test_planted_surge_is_flagged_and_flat_areas_are_not():
    ev = _frame(_series(0.5, 1.5, "Surge", 1), *[_series(0.5, 0.5, f"Flat{i}", 10 + i) for i in range(5)])
    ch = changes_of(ev, dimensions=("admin1",))
    assert ch.flags["key"].tolist() == ["Surge"]
    row = ch.flags.iloc[0]
    assert row["direction"] == "rise" and row["pvalue"] < 0.001 and len(row["event_ids"]) == row["recent"]


def test_no_false_alarm_on_flat_series():
    alarms = 0
    for seed in range(40):
        ch = changes_of(_frame(_series(0.5, 0.5, "Flat", seed)), dimensions=("admin1",))
        alarms += len(ch.flags)
    assert alarms <= 4  # one-sided 5% test, both directions: about 10% at worst over 40 flat series


def test_one_to_two_is_not_a_surge():
    expected, change, p = change_test(2, 3, 28, 84)  # 2 recent vs 1 expected: +100% but not significant
    assert change == pytest.approx(1.0) and p > 0.05
    expected, change, p = change_test(30, 30, 28, 84)  # 30 vs 10 expected
    assert p < 0.001


def test_bad_windows_raise():
    with pytest.raises(StoreError):
        changes_of(_frame(_series(1, 1, "A", 0)), recent_days=0)


def test_changes_and_digest_on_the_imported_list(store):
    import_attacks_csv(store)
    ch = changes(store, as_of="2024-02-29")  # the February pause: a significant fall
    falls = ch.flags[(ch.flags["direction"] == "fall") & (ch.flags["dimension"] == "actor")]
    assert "Islamic Resistance in Iraq" in set(falls["key"])
    text = digest(store, changes(store, as_of="2024-01-07"))
    assert text.startswith("# Early-warning digest, as of 2024-01-07")
    assert "## Rises" in text and "(source](http" not in text and "[source](http" in text

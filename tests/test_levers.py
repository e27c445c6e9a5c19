"""Levers: a planted inhibition is recovered by both estimates; scenarios move the forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marsad.analysis import hawkes as hk
from marsad.analysis.levers import event_study, levers, levers_of
from marsad.errors import StoreError
from marsad.interop.attacks_csv import import_attacks_csv

ORIGIN = pd.Timestamp("2020-01-01")


def _frame(times, prefix="e", place=None):
    days = ORIGIN + pd.to_timedelta(np.floor(times), unit="D")
    df = pd.DataFrame({"id": [f"{prefix}{i}" for i in range(len(times))], "day": days})
    df["place_id"] = place if place is not None else "base-a"
    return df


def test_planted_inhibition_is_found_by_the_model_and_the_event_study():
    strikes = np.arange(40.0, 1200.0, 40.0)  # 29 interventions
    windows = np.column_stack([strikes + 1, strikes + 8])
    t = hk.simulate(1.0, 0.3, 1200.0, windows=windows, gamma=np.log(0.4), seed=11)
    ev, iv = _frame(t), _frame(strikes, "s")
    res = levers_of(ev, iv, window=7, days=30, sims=200)
    lo, hi = res.fit.ci["rate_ratio_in_windows"]
    assert lo < 0.4 < hi and hi < 1.0
    s = res.study
    assert s.rate_ratio < 1.0 and s.ci95[1] < 1.0 and s.pvalue < 0.01
    assert set(res.fit.intervention_ids) == set(iv["id"])  # every estimate names its interventions
    sc = {k: v.mean() for k, v in res.scenarios.items()}
    assert sc["strikes-every-7-days"] < sc["no-strikes"]


def test_event_study_counts_by_hand_and_reports_power():
    ev = _frame(np.array([1.5, 2.5, 3.5, 9.5, 12.5]))
    iv = _frame(np.array([5.0]), "s")
    s = event_study(ev, iv, window=4)  # before: days 1..4 -> 3 events; after: days 6..9 -> 1 event
    assert (s.before, s.after) == (3, 1)
    assert s.rate_ratio == pytest.approx(1 / 3, abs=1e-3)
    assert 0.0 <= s.power_halving <= 0.2  # four events cannot show a halving


def test_withdrawal_scenario_removes_the_site_share():
    t = hk.simulate(1.0, 0.2, 300.0, seed=3)
    rng = np.random.default_rng(0)
    ev = _frame(t, place=np.where(rng.uniform(size=len(t)) < 0.5, "base-a", "base-b"))
    iv = _frame(np.array([100.0, 200.0]), "s")
    res = levers_of(ev, iv, window=7, sims=200, remove_place="base-a", ci=False)
    assert res.scenarios["without-base-a"].mean() < 0.7 * res.scenarios["no-strikes"].mean()
    with pytest.raises(StoreError, match="place"):
        levers_of(ev, iv, window=7, sims=20, remove_place="nowhere", ci=False)


def test_levers_on_the_imported_list(store):
    import_attacks_csv(store)
    res = levers(store, end="2024-02-04", days=10, sims=50)
    assert len(res.fit.intervention_ids) == 11  # strike waves up to 4 Feb 2024
    assert res.study.before + res.study.after > 50
    with pytest.raises(StoreError, match="no intervention"):
        levers(store, actor="nobody")

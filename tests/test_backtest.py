"""Backtests: CRPS against a closed form, baselines, coverage on data from the model itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marsad.analysis import hawkes as hk
from marsad.analysis.backtest import backtest_events, backtest_times, crps_normal, crps_samples
from marsad.errors import StoreError


@pytest.mark.parametrize("mu,sigma,y", [(0.0, 1.0, 0.0), (2.0, 3.0, -1.5), (10.0, 0.5, 10.7)])
def test_sample_crps_converges_to_the_normal_closed_form(mu, sigma, y):
    x = np.random.default_rng(0).normal(mu, sigma, 200_000)
    assert crps_samples(x, y) == pytest.approx(crps_normal(mu, sigma, y), rel=0.01)


def test_crps_of_a_point_mass_is_the_absolute_error():
    assert crps_samples([3.0, 3.0, 3.0], 5.0) == pytest.approx(2.0)
    assert crps_normal(0.0, 1.0, 0.0) == pytest.approx((np.sqrt(2) - 1) / np.sqrt(np.pi))
    with pytest.raises(StoreError):
        crps_samples([], 1.0)


def test_backtest_on_model_data_is_calibrated_and_baselines_see_only_the_past():
    t = hk.simulate(1.0, 0.5, 400.0, betas=(0.5,), seed=7)
    origins = list(range(220, 400 - 7 + 1, 7))
    bt = backtest_times(t, origins, 7.0, sims=200, seed=1)
    sc = bt.scores.set_index("model")
    assert sc.loc["hawkes", "origins"] == len(origins)
    assert 0.6 <= sc.loc["hawkes", "coverage80"] <= 0.97
    assert sc.loc["hawkes", "crps"] < sc.loc["last-period", "crps"]
    last = bt.rows[bt.rows["model"] == "last-period"].reset_index(drop=True)
    prev = [int(np.sum((t >= o - 7) & (t < o))) for o in origins]
    # the baseline's predictive mean sits near the previous week's count
    assert np.allclose(last["mean"], prev, atol=np.sqrt(np.array(prev) + 1) * 0.5)
    obs = [int(np.sum((t >= o) & (t < o + 7))) for o in origins]
    assert bt.rows[bt.rows["model"] == "hawkes"]["observed"].tolist() == obs


def test_backtest_events_uses_weekly_origins_and_checks_the_range():
    days = pd.to_datetime("2024-01-01") + pd.to_timedelta(np.floor(hk.simulate(1.0, 0.3, 120.0, seed=2)), unit="D")
    ev = pd.DataFrame({"id": [f"e{i}" for i in range(len(days))], "day": days})
    bt = backtest_events(ev, start="2024-04-08", end="2024-04-28", sims=50)
    assert bt.rows["origin"].unique().tolist()[:2] == ["2024-04-08", "2024-04-15"]
    with pytest.raises(StoreError, match="no origin"):
        backtest_events(ev, start="2024-04-27", end="2024-04-28")

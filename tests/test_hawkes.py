"""Hawkes model: likelihood pieces, simulation, parameter recovery with known answers, goodness of fit."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.analysis import hawkes as hk
from marsad.analysis.forecast import fit_hawkes, forecast
from marsad.errors import StoreError


def test_decayed_sums_match_the_direct_double_sum():
    t = np.sort(np.random.default_rng(5).uniform(0, 50, 300))
    direct = np.array([np.exp(-0.7 * (t[i] - t[:i])).sum() for i in range(len(t))])
    assert np.allclose(hk.decayed_sums(t, 0.7), direct, rtol=1e-9, atol=1e-12)


def test_without_excitation_the_likelihood_is_poisson():
    t = np.array([1.0, 2.5, 7.0, 9.0])
    d = hk.Design(t, 10.0)
    theta = np.array([np.log(0.4), -40.0, 0.0])  # alpha = e^-40: no excitation
    assert hk.loglik(theta, d, "exp") == pytest.approx(4 * np.log(0.4) - 0.4 * 10.0, abs=1e-9)


def test_simulated_counts_have_the_stationary_mean():
    # E[N(T)] ~ mu T / (1 - alpha) for a stationary process (edge effects are small here)
    n = [len(hk.simulate(0.5, 0.6, 1000.0, betas=(2.0,), seed=s)) for s in range(20)]
    assert np.mean(n) == pytest.approx(0.5 * 1000 / 0.4, rel=0.05)


def test_exponential_fit_recovers_branching_ratio_and_decay():
    truth = {"mu": 0.5, "alpha": 0.6, "decay": 1.0}
    t = hk.simulate(truth["mu"], truth["alpha"], 2000.0, betas=(1.0 / truth["decay"],), seed=1)
    assert len(t) >= 2000
    fit = fit_hawkes(t, 2000.0)
    assert fit.branching == pytest.approx(truth["alpha"], abs=0.08)
    assert fit.decay_days == pytest.approx(truth["decay"], rel=0.25)
    assert fit.params.mu[0] == pytest.approx(truth["mu"], rel=0.2)
    lo, hi = fit.ci["branching_ratio"]
    assert lo < truth["alpha"] < hi and hi - lo < 0.3
    lo, hi = fit.ci["decay_days"]
    assert lo < truth["decay"] < hi
    assert fit.ks["pvalue"] > 0.01  # the right model passes the time-rescaling test


def test_sum_of_exponentials_with_a_background_break():
    t = hk.simulate([0.8, 0.2], 0.5, 3000.0, betas=(0.2, 3.0), weights=(0.4, 0.6), breaks=(1500.0,), seed=2)
    fit = fit_hawkes(t, 3000.0, kernel="sumexp", breaks=(1500.0,), ci=False)
    assert fit.branching == pytest.approx(0.5, abs=0.1)
    assert fit.params.mu == pytest.approx([0.8, 0.2], rel=0.2)
    assert sorted(fit.params.betas) == pytest.approx([0.2, 3.0], rel=0.4)
    assert fit.decay_days == pytest.approx(0.4 / 0.2 + 0.6 / 3.0, rel=0.35)


def test_planted_inhibition_is_recovered():
    windows = np.array([[s, s + 7.0] for s in np.arange(50.0, 2000.0, 60.0)])
    t = hk.simulate(0.6, 0.5, 2000.0, windows=windows, gamma=np.log(0.3), seed=3)
    fit = fit_hawkes(t, 2000.0, windows=windows, ci=("rate_ratio_in_windows",))
    lo, hi = fit.ci["rate_ratio_in_windows"]
    assert lo < 0.3 < hi and hi < 1.0  # inhibition detected, truth inside the interval
    assert fit.rate_ratio == pytest.approx(0.3, abs=0.12)


def test_time_rescaling_rejects_a_clockwork_series():
    t = np.arange(0.5, 300.0, 1.0)  # one event exactly every day: nothing like a Poisson/Hawkes process
    fit = fit_hawkes(t, 300.0, ci=False)
    assert fit.ks["pvalue"] < 0.001


def test_forecast_band_brackets_the_expected_count():
    t = hk.simulate(1.0, 0.3, 500.0, betas=(1.0,), seed=4)
    fit = fit_hawkes(t, 500.0, ci=False)
    fc = forecast(fit, days=30, sims=400, seed=1)
    expected = 30 * fit.params.mu[0] / (1 - fit.branching)
    assert fc.totals.mean() == pytest.approx(expected, rel=0.1)
    assert (fc.table["p10"] <= fc.table["mean"]).all() and (fc.table["mean"] <= fc.table["p90"]).all()


def test_bad_inputs():
    with pytest.raises(StoreError, match="too few"):
        fit_hawkes([1.0, 2.0], 5.0)
    with pytest.raises(StoreError, match="kernel="):
        fit_hawkes(np.arange(20.0), 30.0, kernel="gauss")
    with pytest.raises(StoreError, match="one more rate"):
        hk.simulate([1.0, 2.0], 0.5, 10.0)
    with pytest.raises(StoreError, match="exceeded"):
        hk.simulate(1.0, 1.5, 1000.0, max_events=10_000, seed=0)

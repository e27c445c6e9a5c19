"""Rolling-origin backtests of count forecasts: the Hawkes model against naive baselines, scored by
MAE (of the predictive median), CRPS (continuous ranked probability score, from samples) and the
coverage of the central 80% interval."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from marsad.analysis.data import event_times
from marsad.analysis.forecast import fit_hawkes, simulate_counts
from marsad.errors import StoreError
from marsad.store.filters import day_range

MODELS = ("hawkes", "last-period", "historical-mean")


def crps_samples(samples, y: float) -> float:
    """CRPS of the empirical distribution of ``samples`` at observation ``y``:
    ``E|X - y| - E|X - X'| / 2``, with the pairwise term in O(n log n) from the sorted sample."""
    x = np.sort(np.asarray(samples, dtype=float))
    n = len(x)
    if n == 0:
        raise StoreError("CRPS needs at least one sample")
    pair = 2.0 * np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / (n * n)
    return float(np.mean(np.abs(x - y)) - 0.5 * pair)


def crps_normal(mu: float, sigma: float, y: float) -> float:
    """Closed-form CRPS of a normal distribution N(mu, sigma^2) at ``y`` (Gneiting & Raftery 2007)."""
    z = (y - mu) / sigma
    return float(sigma * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi)))


@dataclass
class Backtest:
    """``rows``: one per origin and model (origin, model, observed, median, mean, p10, p90, crps);
    ``scores``: per model MAE, CRPS, coverage80 and the number of origins."""

    rows: pd.DataFrame
    scores: pd.DataFrame
    horizon: int

    def to_dict(self) -> dict:
        import json

        return {"horizon_days": self.horizon, "scores": json.loads(self.scores.to_json(orient="records")),
                "rows": json.loads(self.rows.to_json(orient="records"))}


def _score(name: str, origin, y: int, samples: np.ndarray) -> dict:
    q10, q50, q90 = np.quantile(samples, [0.1, 0.5, 0.9])
    return {"origin": origin, "model": name, "observed": int(y), "median": float(q50),
            "mean": round(float(samples.mean()), 3), "p10": float(q10), "p90": float(q90),
            "crps": round(crps_samples(samples, y), 4)}


def backtest_times(t: np.ndarray, origins, horizon: float = 7.0, *, kernel: str = "exp", breaks=(),
                   sims: int = 500, seed: int = 0, labels=None, progress=None) -> Backtest:
    """Backtest on event times ``t`` (days): at each origin ``o`` every model sees only events
    before ``o`` and forecasts the count in [o, o + horizon)."""
    t = np.sort(np.asarray(t, dtype=float))
    rng = np.random.default_rng(seed)
    rows = []
    for k, o in enumerate(origins):
        past = t[t < o]
        y = int(np.sum((t >= o) & (t < o + horizon)))
        label = labels[k] if labels is not None else float(o)
        if len(past) < 10:
            raise StoreError(f"origin {label}: only {len(past)} earlier events (need 10 or more)")
        cuts = np.asarray(breaks, dtype=float)
        fit = fit_hawkes(past, float(o), kernel=kernel, breaks=cuts[(cuts > 0) & (cuts < o)], ci=False)
        m = simulate_counts(fit, int(np.ceil(horizon)), sims, seed=int(rng.integers(2**31)))
        rows.append(_score("hawkes", label, y, m.sum(axis=1)))
        last = np.sum(past >= o - horizon)
        rows.append(_score("last-period", label, y, rng.poisson(last, sims)))
        rate = len(past) / o * horizon
        rows.append(_score("historical-mean", label, y, rng.poisson(rate, sims)))
        if progress:
            progress(1)
    df = pd.DataFrame(rows)
    df["abs_error"] = (df["median"] - df["observed"]).abs()
    df["covered"] = (df["p10"] <= df["observed"]) & (df["observed"] <= df["p90"])
    scores = df.groupby("model", sort=False).agg(
        mae=("abs_error", "mean"), crps=("crps", "mean"), coverage80=("covered", "mean"), origins=("observed", "size"),
    ).round(3).reset_index()
    return Backtest(df.drop(columns=["abs_error"]), scores, int(horizon))


def backtest_events(ev: pd.DataFrame, *, start: str, end: str | None = None, horizon: int = 7,
                    kernel: str = "exp", breaks=(), sims: int = 500, seed: int = 0, progress=None) -> Backtest:
    """Weekly (``horizon``-day) rolling origins from ``start`` while a whole horizon of data remains
    before ``end`` (default: the last event's day + 1)."""
    if ev.empty:
        raise StoreError("no events match: nothing to backtest (import some first, e.g. marsad import attacks-csv)")
    t, origin = event_times(ev)
    last = (pd.Timestamp(day_range(end)[1]) - origin).days + 1 if end else int(np.floor(t.max())) + 1
    first = (pd.Timestamp(day_range(start)[0]) - origin).days
    origins = list(range(first, last - horizon + 1, horizon))
    if not origins:
        raise StoreError(f"no origin from {start} leaves {horizon} days of data before the end")
    labels = [(origin + pd.Timedelta(days=o)).strftime("%Y-%m-%d") for o in origins]
    cuts = [(pd.Timestamp(b) - origin).days for b in breaks]
    return backtest_times(t, origins, horizon, kernel=kernel, breaks=cuts, sims=sims, seed=seed, labels=labels,
                          progress=progress)


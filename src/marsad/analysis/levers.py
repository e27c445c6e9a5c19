"""What an intervention does to the tempo: the effect of intervention events (by default the U.S.
strike waves) on the attack rate, estimated two ways, and scenario simulations.

1. **Hawkes with exogenous windows** (:func:`marsad.analysis.forecast.fit_events`): the background
   rate is multiplied by ``exp(gamma)`` in the ``window`` days after each intervention; the rate
   ratio comes with a profile-likelihood interval. Self-excitation is accounted for.
2. **Event study** (an interrupted-time-series check that does not depend on the model): attacks in
   the ``window`` days before vs after each intervention, pooled; conditional on the total, the
   after-count is binomial, which gives an exact (Clopper-Pearson) interval for the rate ratio, and
   the power to detect a halving of the rate with this many interventions.

Scenarios simulate the next days from the fitted model under a strike schedule ("no strikes",
"every 7 days from D") or after removing a target site's share of the background ("withdrawal from
base X")."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from marsad.analysis.data import attack_events, intervention_events
from marsad.analysis.forecast import HawkesFit, fit_events, simulate_counts
from marsad.errors import StoreError
from marsad.store.filters import day_range


@dataclass
class EventStudy:
    rows: pd.DataFrame          # intervention id, date, before, after
    before: int
    after: int
    rate_ratio: float | None
    ci95: tuple[float, float] | None
    pvalue: float | None
    power_halving: float | None

    def to_dict(self) -> dict:
        import json

        return {"before": self.before, "after": self.after, "rate_ratio": self.rate_ratio,
                "ci95": self.ci95, "pvalue": self.pvalue, "power_to_detect_halving": self.power_halving,
                "interventions": json.loads(self.rows.to_json(orient="records"))}


def event_study(ev: pd.DataFrame, iv: pd.DataFrame, window: int = 7) -> EventStudy:
    """Attacks in the ``window`` days before each intervention's day vs the ``window`` days after
    it (the intervention day itself is left out: its order within the day is unknown)."""
    days = ev["day"].to_numpy()
    rows = []
    for _, r in iv.iterrows():
        d = r["day"]
        before = int(np.sum((days >= d - pd.Timedelta(days=window)) & (days < d)))
        after = int(np.sum((days > d) & (days <= d + pd.Timedelta(days=window))))
        rows.append({"id": r["id"], "date": d.strftime("%Y-%m-%d"), "before": before, "after": after})
    tab = pd.DataFrame(rows, columns=["id", "date", "before", "after"])
    b, a = int(tab["before"].sum()), int(tab["after"].sum())
    n = a + b
    if n == 0:
        return EventStudy(tab, b, a, None, None, None, None)
    test = stats.binomtest(a, n, 0.5)
    lo, hi = test.proportion_ci(0.95, method="exact")
    to_rr = lambda p: p / (1 - p) if p < 1 else float("inf")  # noqa: E731 - equal window lengths
    return EventStudy(tab, b, a, round(a / b, 4) if b else None, (round(to_rr(lo), 4), round(to_rr(hi), 4)),
                      round(float(test.pvalue), 4), round(_power(n, 0.5, 1 / 3), 3))


def _power(n: int, p0: float, p1: float, alpha: float = 0.05) -> float:
    """Power of the two-sided exact binomial test of p0 when the truth is p1 (n trials)."""
    x = np.arange(n + 1)
    reject = np.array([stats.binomtest(int(k), n, p0).pvalue < alpha for k in x])
    return float(stats.binom.pmf(x[reject], n, p1).sum())


@dataclass
class LeverResult:
    fit: HawkesFit
    study: EventStudy
    scenarios: dict = field(default_factory=dict)   # name -> (sims,) totals
    scenario_daily: dict = field(default_factory=dict)  # name -> DataFrame(day, mean, p10, p90)

    def to_dict(self) -> dict:
        s = self.fit.summary()
        return {
            "hawkes": {"rate_ratio_in_windows": s.get("rate_ratio_in_windows"),
                       "ci95": s["ci95"].get("rate_ratio_in_windows"), "window_days": s.get("window_days"),
                       "branching_ratio": s["branching_ratio"], "decay_days": s["decay_days"],
                       "events": s["events"], "interventions": self.fit.intervention_ids},
            "event_study": self.study.to_dict(),
            "scenarios": {k: {"mean": round(float(v.mean()), 2), "p10": round(float(np.quantile(v, 0.1)), 1),
                              "p50": round(float(np.quantile(v, 0.5)), 1), "p90": round(float(np.quantile(v, 0.9)), 1)}
                          for k, v in self.scenarios.items()},
        }


def schedule_windows(fit: HawkesFit, start: str, every: int, days: int) -> np.ndarray:
    """Intervention windows (fit time) for strikes every ``every`` days from ``start`` during
    the ``days`` simulated after the end of the fit."""
    if every < 1:
        raise StoreError(f"every={every} must be at least 1 day")
    s0 = (pd.Timestamp(day_range(start)[0]) - fit.origin).days
    strikes = np.arange(max(s0, fit.design.T - fit.window), fit.design.T + days, every)
    return np.column_stack([strikes + 1, strikes + 1 + fit.window])


def run_scenarios(fit: HawkesFit, ev: pd.DataFrame, *, days: int = 30, sims: int = 500, every: int = 7,
                  start: str | None = None, remove_place: str | None = None, seed: int = 0) -> dict:
    """Simulated daily counts (sims x days) for: ``no-strikes``, ``strikes-every-N-days`` (from
    ``start``, default the day after the fit), and ``without-<place>`` (background reduced by the
    share of attacks on that place id) when ``remove_place`` is given."""
    start = start or fit.date(fit.design.T)
    out = {"no-strikes": simulate_counts(fit, days, sims, seed, windows=())}
    if fit.design.exog:
        out[f"strikes-every-{every}-days"] = simulate_counts(
            fit, days, sims, seed, windows=schedule_windows(fit, start, every, days))
    if remove_place:
        share = float((ev["place_id"] == remove_place).mean()) if len(ev) else 0.0
        if share == 0.0:
            raise StoreError(f"no attack in the fit targets place {remove_place!r}")
        mu = float(fit.params.mu[-1]) * (1 - share)
        out[f"without-{remove_place}"] = simulate_counts(fit, days, sims, seed, mu=mu, windows=())
    return out


def levers(store, *, window: int = 7, breaks=(), end: str | None = None, actor: str = "us-forces",
           text: str | None = None, days: int = 30, sims: int = 500, every: int = 7, start: str | None = None,
           remove_place: str | None = None) -> LeverResult:
    """Effect of ``actor``'s events (optionally those whose evidence has ``text``) on the attacks."""
    ev = attack_events(store)
    if end:
        ev = ev[ev["day"] <= pd.Timestamp(day_range(end)[1])]
    iv = intervention_events(store, actor=actor, text=text)
    if iv.empty:
        raise StoreError(f"no intervention events by {actor!r}" + (f" with {text!r}" if text else ""))
    return levers_of(ev, iv, window=window, breaks=breaks, end=end, days=days, sims=sims, every=every,
                     start=start, remove_place=remove_place)


def levers_of(ev: pd.DataFrame, iv: pd.DataFrame, *, window: int = 7, breaks=(), end: str | None = None,
              days: int = 30, sims: int = 500, every: int = 7, start: str | None = None,
              remove_place: str | None = None, ci: bool | tuple = ("rate_ratio_in_windows",)) -> LeverResult:
    if iv.empty:
        raise StoreError("no intervention events")
    fit = fit_events(ev, breaks=breaks, interventions=iv, window=window, end=end, ci=ci)
    last = pd.Timestamp(day_range(end)[1]) if end else ev["day"].max()
    whole = (iv["day"] - pd.Timedelta(days=window) >= ev["day"].min()) & (iv["day"] + pd.Timedelta(days=window) <= last)
    study = event_study(ev, iv[whole], window)  # only interventions with both windows inside the data
    res = LeverResult(fit, study)
    daily = run_scenarios(fit, ev, days=days, sims=sims, every=every, start=start, remove_place=remove_place)
    for name, m in daily.items():
        res.scenarios[name] = m.sum(axis=1)
        cum = m.cumsum(axis=1)
        res.scenario_daily[name] = pd.DataFrame({
            "day": [fit.date(fit.design.T + i) for i in range(days)], "cum_mean": cum.mean(axis=0).round(3),
            "cum_p10": np.quantile(cum, 0.1, axis=0), "cum_p90": np.quantile(cum, 0.9, axis=0)})
    return res


def plot_scenarios(res: LeverResult, path: str) -> str:
    """Cumulative simulated attacks per scenario, with 10-90% bands, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    for name, df in res.scenario_daily.items():
        x = pd.to_datetime(df["day"])
        ax.fill_between(x, df["cum_p10"], df["cum_p90"], alpha=0.2)
        ax.plot(x, df["cum_mean"], label=name)
    rr = res.fit.rate_ratio
    ax.set_title("Scenarios: cumulative attacks" + (f" (rate ratio in strike windows {rr:.2f})" if rr else ""))
    ax.set_ylabel("attacks since the forecast start")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

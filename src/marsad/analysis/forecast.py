"""Fit the Hawkes model to stored attacks and forecast counts with a simulated band.

``fit_hawkes(times, T, ...)`` works on plain times (days); ``fit_events(ev, ...)`` on an event
frame (dates become days since the first event, same-day events spread inside their day);
``forecast(fit, days=30)`` simulates the next days from the fitted model and the history."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from marsad.analysis import hawkes as hk
from marsad.analysis.data import attack_events, event_times, intervention_events
from marsad.errors import StoreError
from marsad.store.filters import EventFilter, day_range

CI_NAMES = ("branching_ratio", "decay_days", "rate_ratio_in_windows")


@dataclass
class HawkesFit:
    """A fitted model. Times are days since ``origin``. ``branching`` (alpha) is the expected
    number of events each event triggers; ``decay_days`` the mean lag of a triggered event;
    ``rate_ratio`` = exp(gamma), the background multiplier in intervention windows; ``ci`` holds
    95% profile-likelihood intervals; ``ks`` the time-rescaling Kolmogorov-Smirnov test."""

    kernel: str
    theta: np.ndarray
    design: hk.Design
    loglik: float
    origin: pd.Timestamp | None = None
    ci: dict = field(default_factory=dict)
    ks: dict = field(default_factory=dict)
    event_ids: list[str] = field(default_factory=list)
    intervention_ids: list[str] = field(default_factory=list)
    window: float = 0.0

    @property
    def params(self) -> hk._Unpacked:
        return hk.unpack(self.theta, self.design, self.kernel)

    @property
    def branching(self) -> float:
        return self.params.alpha

    @property
    def decay_days(self) -> float:
        p = self.params
        return float(np.sum(p.weights / p.betas))

    @property
    def rate_ratio(self) -> float | None:
        return float(np.exp(self.params.gamma)) if self.design.exog else None

    @property
    def aic(self) -> float:
        return 2 * len(self.theta) - 2 * self.loglik

    def date(self, t: float) -> str | None:
        return None if self.origin is None else (self.origin + pd.Timedelta(days=float(t))).strftime("%Y-%m-%d")

    def summary(self) -> dict:
        p = self.params
        pieces = [{"from": self.date(a) if self.origin is not None else float(a), "mu_per_day": round(float(m), 4)}
                  for a, m in zip(self.design.edges[:-1], p.mu, strict=True)]
        out = {
            "kernel": self.kernel, "events": int(len(self.design.t)), "days": round(float(self.design.T), 2),
            "branching_ratio": round(self.branching, 4), "decay_days": round(self.decay_days, 4),
            "kernel_rates_per_day": [round(float(b), 4) for b in p.betas],
            "kernel_weights": [round(float(w), 4) for w in p.weights],
            "background": pieces, "loglik": round(self.loglik, 3), "aic": round(self.aic, 3),
            "ci95": {k: [round(float(v[0]), 4), round(float(v[1]), 4)] for k, v in self.ci.items()},
            "ks": self.ks,
        }
        if self.design.exog:
            out["rate_ratio_in_windows"] = round(self.rate_ratio, 4)
            out["window_days"] = self.window
            out["interventions"] = len(self.intervention_ids)
        return out


def time_rescaling_ks(theta: np.ndarray, d: hk.Design, kernel: str) -> dict:
    """KS test of the compensator increments between events against Exp(1)."""
    if len(d.t) < 3:
        return {"statistic": None, "pvalue": None}
    lam = hk.compensator_at_events(theta, d, kernel)
    gaps = np.diff(np.concatenate([[0.0], lam]))
    r = stats.kstest(gaps, "expon")
    return {"statistic": round(float(r.statistic), 4), "pvalue": round(float(r.pvalue), 4), "n": int(len(gaps))}


def fit_hawkes(times, T: float, *, kernel: str = "exp", breaks=(), windows=(), ci: bool | tuple = True,
               origin: pd.Timestamp | None = None) -> HawkesFit:
    """Maximum-likelihood fit on event ``times`` in [0, T] (days). ``ci``: True for every
    profile interval, False for none, or a tuple of names from ``CI_NAMES``."""
    if kernel not in hk.KERNELS:
        raise StoreError(f"kernel={kernel!r} is not one of: {', '.join(hk.KERNELS)}")
    d = hk.Design(np.asarray(times, dtype=float), float(T), np.asarray(breaks, dtype=float), np.asarray(windows, dtype=float))
    if len(d.t) < 10:
        raise StoreError(f"{len(d.t)} events are too few to fit a self-exciting model (need 10 or more)")
    theta, ll = hk.maximise(d, kernel)
    fit = HawkesFit(kernel, theta, d, ll, origin=origin)
    fit.ks = time_rescaling_ks(theta, d, kernel)
    want = set(ci) if isinstance(ci, (tuple, list, set)) else (set(CI_NAMES) if ci else set())
    K = d.K
    if "branching_ratio" in want:
        lo, hi = hk.profile_interval(d, kernel, theta, ll, K)
        fit.ci["branching_ratio"] = (np.exp(lo), np.exp(hi))
    if "decay_days" in want and kernel == "exp":
        lo, hi = hk.profile_interval(d, kernel, theta, ll, K + 1)
        fit.ci["decay_days"] = (np.exp(-hi), np.exp(-lo))
    if "rate_ratio_in_windows" in want and d.exog:
        lo, hi = hk.profile_interval(d, kernel, theta, ll, len(theta) - 1)
        fit.ci["rate_ratio_in_windows"] = (np.exp(lo), np.exp(hi))
    return fit


def _days(origin: pd.Timestamp, dates) -> np.ndarray:
    return np.array([(pd.Timestamp(x) - origin).days for x in dates], dtype=float)


def fit_events(ev: pd.DataFrame, *, kernel: str = "exp", breaks=(), interventions: pd.DataFrame | None = None,
               window: float = 7.0, end: str | None = None, ci: bool = True) -> HawkesFit:
    """Fit to an event frame; ``breaks`` are dates starting new background periods;
    ``interventions`` an event frame whose dates open ``window``-day windows."""
    if ev.empty:
        raise StoreError("no events match: nothing to fit (import some first, e.g. marsad import attacks-csv)")
    t, origin = event_times(ev)
    T = float(_days(origin, [day_range(end)[1]])[0] + 1) if end else float(np.floor(t.max()) + 1)
    keep = t < T
    cuts = _days(origin, breaks)
    win = np.zeros((0, 2))
    ids: list[str] = []
    if interventions is not None and not interventions.empty:
        s = _days(origin, interventions["day"])
        # a strike on day d acts from the next day on (its timing within the day is unknown)
        win = np.column_stack([s + 1, s + 1 + window])
        inside = (win[:, 0] < T) & (win[:, 1] > 0)
        win, ids = win[inside], list(interventions.loc[inside, "id"])
    fit = fit_hawkes(t[keep], T, kernel=kernel, breaks=cuts[(cuts > 0) & (cuts < T)], windows=win, ci=ci,
                     origin=origin)
    fit.event_ids = list(ev.loc[keep, "id"])
    fit.intervention_ids = ids
    fit.window = window
    return fit


@dataclass
class Forecast:
    """Simulated daily counts after ``start``: ``days`` x quantile table and the raw totals."""

    start: str | None
    table: pd.DataFrame
    totals: np.ndarray
    sims: int

    def to_dict(self) -> dict:
        q = np.quantile(self.totals, [0.1, 0.5, 0.9])
        return {"start": self.start, "sims": self.sims, "total": {"mean": round(float(self.totals.mean()), 3),
                "p10": round(float(q[0]), 1), "p50": round(float(q[1]), 1), "p90": round(float(q[2]), 1)},
                "days": self.table.to_dict(orient="records")}


def simulate_counts(fit: HawkesFit, days: int = 30, sims: int = 1000, seed: int | None = 0,
                    mu: float | None = None, windows=(), gamma: float | None = None,
                    start: float | None = None) -> np.ndarray:
    """(sims x days) matrix of simulated daily counts after ``start`` (default: end of the fit)."""
    p = fit.params
    start = fit.design.T if start is None else start
    history = fit.design.t[fit.design.t < start]
    mu = float(p.mu[-1]) if mu is None else mu
    gamma = p.gamma if gamma is None else gamma
    rng = np.random.default_rng(seed)
    out = np.zeros((sims, days), dtype=np.int64)
    for i in range(sims):
        ev = hk.simulate_ahead(rng, history, start, days, mu, p.alpha, p.weights, p.betas, windows, gamma)
        out[i] = np.bincount(np.floor(ev - start).astype(int), minlength=days)[:days]
    return out


def forecast(fit: HawkesFit, days: int = 30, sims: int = 1000, seed: int | None = 0, **kw) -> Forecast:
    """Daily counts for the next ``days`` with the 10-90% band of ``sims`` simulations."""
    if days < 1 or sims < 10:
        raise StoreError("forecast needs days >= 1 and sims >= 10")
    m = simulate_counts(fit, days, sims, seed, **kw)
    cum = m.cumsum(axis=1)
    table = pd.DataFrame({
        "day": [fit.date(fit.design.T + i) or i for i in range(days)],
        "mean": m.mean(axis=0).round(3), "p10": np.quantile(m, 0.1, axis=0), "p90": np.quantile(m, 0.9, axis=0),
        "cum_mean": cum.mean(axis=0).round(3), "cum_p10": np.quantile(cum, 0.1, axis=0),
        "cum_p90": np.quantile(cum, 0.9, axis=0),
    })
    return Forecast(fit.date(fit.design.T), table, cum[:, -1], sims)


def fit_store(store, f: EventFilter | None = None, *, kernel: str = "exp", breaks=(), end: str | None = None,
              strikes: bool = False, window: float = 7.0, ci: bool = True) -> HawkesFit:
    """Fit to the attacks on U.S. forces in ``store`` (see :func:`attack_events`); with
    ``strikes`` the U.S. strike waves enter as interventions with ``window``-day windows."""
    ev = attack_events(store, f)
    if end:
        ev = ev[ev["day"] <= pd.Timestamp(day_range(end)[1])]
    iv = intervention_events(store) if strikes else None
    return fit_events(ev, kernel=kernel, breaks=breaks, interventions=iv, window=window, end=end, ci=ci)


def plot_forecast(fit: HawkesFit, fc: Forecast, path: str, by_day_history: pd.Series | None = None,
                  title: str = "Attacks per day: history and simulated forecast") -> str:
    """Daily history (bars) and the forecast mean with its 10-90% band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.5))
    days = np.floor(fit.design.t).astype(int)
    hist = np.bincount(days, minlength=int(np.ceil(fit.design.T)))
    x = [fit.origin + pd.Timedelta(days=i) for i in range(len(hist))] if fit.origin is not None else np.arange(len(hist))
    ax.bar(x, hist, width=1.0, color="#8aa", label="events per day")
    fx = pd.to_datetime(fc.table["day"]) if fit.origin is not None else fit.design.T + np.arange(len(fc.table))
    ax.fill_between(fx, fc.table["p10"], fc.table["p90"], step="mid", alpha=0.3, color="crimson", label="10-90% band")
    ax.plot(fx, fc.table["mean"], color="crimson", label="forecast mean")
    ax.set_title(title)
    ax.set_ylabel("events per day")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

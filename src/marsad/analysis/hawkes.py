"""Self-exciting (Hawkes) point process: maximum-likelihood fit, confidence intervals, goodness of
fit and simulation.

Intensity (events per day) at time ``t`` (days since the origin)::

    lambda(t) = mu(t) * exp(gamma * x(t)) + alpha * sum_{t_i < t} g(t - t_i)

* ``mu(t)`` is piecewise constant: one background rate per period between ``breaks``;
* ``x(t)`` is 1 inside the ``window`` days after an exogenous intervention (e.g. a U.S. strike
  wave), else 0; ``exp(gamma)`` is the rate ratio of the background in those windows (< 1:
  inhibition, > 1: excitation). Without interventions ``gamma`` is 0 and not fitted;
* ``g`` is a kernel that integrates to 1, so ``alpha`` is the **branching ratio**: the expected
  number of events each event triggers, and the share of events triggered by earlier ones in a
  stationary process. Kernels: ``exp`` (``beta * exp(-beta s)``, mean lag ``1/beta``) and
  ``sumexp`` (a mixture of two exponentials, a fast and a slow decay: a cheap stand-in for a
  long-memory, power-law-like kernel).

The log-likelihood uses the O(n) recursion ``A_i = exp(-beta (t_i - t_{i-1})) (1 + A_{i-1})`` for
each exponential, computed in log space with ``numpy.logaddexp.accumulate`` (stable, no Python loop).
Intervals are profile-likelihood intervals (the parameter values where twice the log-likelihood
drops by the chi-square(1) quantile); goodness of fit uses the time-rescaling theorem: the
compensator increments between events are Exp(1) if the model is right (Kolmogorov-Smirnov test).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats

from marsad.errors import StoreError

KERNELS = ("exp", "sumexp")
_NK = {"exp": 1, "sumexp": 3}
CHI2_95 = float(stats.chi2.ppf(0.95, 1))


@dataclass
class Design:
    """Event times and the fixed parts of the model: ``t`` sorted times in [0, T), ``breaks`` start
    times of background periods after the first (sorted, inside (0, T)), ``windows`` intervention
    windows as (start, end) pairs."""

    t: np.ndarray
    T: float
    breaks: np.ndarray = field(default_factory=lambda: np.zeros(0))
    windows: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    def __post_init__(self):
        self.t = np.sort(np.asarray(self.t, dtype=float))
        self.breaks = np.sort(np.asarray(self.breaks, dtype=float))
        self.windows = np.asarray(self.windows, dtype=float).reshape(-1, 2)
        if len(self.t) and (self.t[0] < 0 or self.t[-1] > self.T):
            raise StoreError("event times must lie in [0, T]")
        self.K = len(self.breaks) + 1
        self.edges = np.concatenate([[0.0], self.breaks, [self.T]])
        self.piece = np.searchsorted(self.breaks, self.t, side="right")
        self.inside = in_windows(self.t, self.windows)
        self.length = np.diff(self.edges)
        self.win_len = np.array([_overlap(self.windows, a, b) for a, b in zip(self.edges[:-1], self.edges[1:], strict=True)])

    @property
    def exog(self) -> bool:
        return len(self.windows) > 0


def _overlap(windows: np.ndarray, a: float, b: float) -> float:
    """Length of [a, b] covered by the union of ``windows``."""
    if len(windows) == 0:
        return 0.0
    w = windows[np.argsort(windows[:, 0])]
    total, cur_s, cur_e = 0.0, None, None
    for s, e in w:
        s, e = max(s, a), min(e, b)
        if e <= s:
            continue
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def in_windows(t: np.ndarray, windows: np.ndarray) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    out = np.zeros(len(t), dtype=bool)
    for s, e in np.asarray(windows).reshape(-1, 2):
        out |= (t >= s) & (t < e)
    return out


def kernel_params(kernel: str, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(weights, decay rates per day) of the kernel's exponentials from its free parameters."""
    if kernel == "exp":
        return np.ones(1), np.exp(theta[:1])
    if kernel == "sumexp":
        b_slow = np.exp(theta[0])
        b_fast = b_slow + np.exp(theta[1])
        w_fast = 1.0 / (1.0 + np.exp(-theta[2]))
        return np.array([1.0 - w_fast, w_fast]), np.array([b_slow, b_fast])
    raise StoreError(f"kernel={kernel!r} is not one of: {', '.join(KERNELS)}")


def decayed_sums(t: np.ndarray, beta: float) -> np.ndarray:
    """``A_i = sum_{j<i} exp(-beta (t_i - t_j))`` for sorted ``t``, in O(n)."""
    if len(t) == 0:
        return np.zeros(0)
    x = beta * t
    acc = np.logaddexp.accumulate(x)
    out = np.zeros(len(t))
    out[1:] = np.exp(acc[:-1] - x[1:])
    return out


def decayed_at(t: np.ndarray, beta: float, at: float) -> float:
    """``sum_j exp(-beta (at - t_j))`` over events before ``at``."""
    s = t[t < at]
    return float(np.exp(-beta * (at - s)).sum()) if len(s) else 0.0


@dataclass
class _Unpacked:
    mu: np.ndarray
    alpha: float
    weights: np.ndarray
    betas: np.ndarray
    gamma: float


def unpack(theta: np.ndarray, d: Design, kernel: str) -> _Unpacked:
    K, nk = d.K, _NK[kernel]
    w, b = kernel_params(kernel, theta[K + 1: K + 1 + nk])
    gamma = float(theta[K + 1 + nk]) if d.exog else 0.0
    return _Unpacked(np.exp(theta[:K]), float(np.exp(theta[K])), w, b, gamma)


def loglik(theta: np.ndarray, d: Design, kernel: str) -> float:
    """Log-likelihood of the events in ``d`` under parameters ``theta`` (log scale, see unpack)."""
    p = unpack(theta, d, kernel)
    exc = np.zeros(len(d.t))
    comp_exc = 0.0
    for wk, bk in zip(p.weights, p.betas, strict=True):
        exc += wk * bk * decayed_sums(d.t, bk)
        comp_exc += wk * float(np.sum(-np.expm1(-bk * (d.T - d.t))))
    rate = np.exp(p.gamma)
    lam = p.mu[d.piece] * np.where(d.inside, rate, 1.0) + p.alpha * exc
    if np.any(lam <= 0) or not np.all(np.isfinite(lam)):
        return -np.inf
    comp = float(np.sum(p.mu * (d.length + (rate - 1.0) * d.win_len))) + p.alpha * comp_exc
    return float(np.sum(np.log(lam)) - comp)


def compensator_at_events(theta: np.ndarray, d: Design, kernel: str) -> np.ndarray:
    """``Lambda(t_i)``: the integrated intensity from 0 to each event (time-rescaled times)."""
    p = unpack(theta, d, kernel)
    base = np.zeros(len(d.t))
    edges, rate = d.edges, np.exp(p.gamma)
    for k in range(d.K):
        a, b = edges[k], edges[k + 1]
        seg = np.clip(d.t, a, b) - a
        win = np.array([_overlap(d.windows, a, min(b, x)) if x > a else 0.0 for x in d.t]) if d.exog else 0.0
        base += p.mu[k] * (seg + (rate - 1.0) * win)
    exc = np.zeros(len(d.t))
    idx = np.arange(len(d.t))
    for wk, bk in zip(p.weights, p.betas, strict=True):
        exc += wk * (idx - decayed_sums(d.t, bk))
    return base + p.alpha * exc


def _start(d: Design, kernel: str) -> np.ndarray:
    n = max(len(d.t), 1)
    gaps = np.diff(d.t)
    lag = float(np.median(gaps)) * 3 if len(gaps) else 1.0
    mu0 = np.full(d.K, np.log(0.5 * n / d.T))
    kern = {"exp": [np.log(1.0 / max(lag, 1e-3))], "sumexp": [np.log(0.2 / max(lag, 1e-3)), np.log(2.0 / max(lag, 1e-3)), 0.0]}[kernel]
    theta = np.concatenate([mu0, [np.log(0.5)], kern])
    return np.concatenate([theta, [0.0]]) if d.exog else theta


def _bounds(d: Design, kernel: str) -> list[tuple[float, float]]:
    b = [(-25.0, 10.0)] * d.K + [(-12.0, np.log(5.0))]
    b += {"exp": [(-8.0, 8.0)], "sumexp": [(-8.0, 8.0), (-8.0, 9.0), (-8.0, 8.0)]}[kernel]
    return b + [(-6.0, 6.0)] if d.exog else b


def maximise(d: Design, kernel: str, fixed: dict[int, float] | None = None, start: np.ndarray | None = None):
    """(theta, log-likelihood) at the maximum, with coordinates in ``fixed`` held at their values."""
    fixed = fixed or {}
    theta0 = _start(d, kernel) if start is None else np.array(start, dtype=float)
    bounds = _bounds(d, kernel)
    free = [i for i in range(len(theta0)) if i not in fixed]

    def full(x):
        th = theta0.copy()
        th[free] = x
        for i, v in fixed.items():
            th[i] = v
        return th

    def f(x):
        v = loglik(full(x), d, kernel)
        return 1e12 if not np.isfinite(v) else -v

    best = None
    starts = [theta0[free]]
    if start is None:
        alt = theta0.copy()
        alt[d.K] = np.log(0.1)
        starts.append(alt[free])
    for x0 in starts:
        r = optimize.minimize(f, x0, method="L-BFGS-B", bounds=[bounds[i] for i in free])
        if best is None or r.fun < best.fun:
            best = r
    return full(best.x), -float(best.fun)


def profile_interval(d: Design, kernel: str, theta: np.ndarray, ll: float, i: int,
                     level: float = CHI2_95, step: float = 0.75, max_steps: int = 10) -> tuple[float, float]:
    """Profile-likelihood interval for coordinate ``i`` of ``theta`` (on its log/raw scale)."""
    lo_b, hi_b = _bounds(d, kernel)[i]

    def drop(v: float) -> float:
        _, lv = maximise(d, kernel, fixed={i: v}, start=theta)
        return 2.0 * (ll - lv) - level

    ends = []
    for sign in (-1.0, 1.0):
        a, fa = theta[i], -level
        end = None
        for k in range(1, max_steps + 1):
            b = float(np.clip(theta[i] + sign * step * k, lo_b, hi_b))
            fb = drop(b)
            if fb > 0:
                end = optimize.brentq(drop, a, b, xtol=5e-3) if fa < 0 else b
                break
            a, fa = b, fb
            if b in (lo_b, hi_b):
                break
        ends.append(end if end is not None else (lo_b if sign < 0 else hi_b))
    return ends[0], ends[1]


# --------------------------------------------------------------------------- simulation


def _background_times(rng, lo: float, hi: float, mu_at, windows: np.ndarray, gamma: float,
                      cuts: np.ndarray) -> np.ndarray:
    """Immigrants on [lo, hi): a Poisson process with the piecewise-constant background rate."""
    edges = np.unique(np.concatenate([[lo, hi], cuts[(cuts > lo) & (cuts < hi)],
                                      windows.ravel()[(windows.ravel() > lo) & (windows.ravel() < hi)]]))
    out = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        mid = 0.5 * (a + b)
        rate = mu_at(mid) * (np.exp(gamma) if in_windows(np.array([mid]), windows)[0] else 1.0)
        k = rng.poisson(rate * (b - a))
        if k:
            out.append(rng.uniform(a, b, k))
    return np.concatenate(out) if out else np.zeros(0)


def _offspring(rng, parents: np.ndarray, alpha: float, weights: np.ndarray, betas: np.ndarray,
               hi: float, max_events: int) -> np.ndarray:
    """All descendants (every generation) of ``parents`` before ``hi``."""
    out, gen, total = [], parents, 0
    while len(gen):
        k = rng.poisson(alpha, len(gen))
        par = np.repeat(gen, k)
        comp = rng.choice(len(weights), p=weights, size=len(par))
        kids = par + rng.exponential(1.0 / betas[comp])
        gen = kids[kids < hi]
        total += len(gen)
        if total > max_events:
            raise StoreError(f"simulation exceeded {max_events} events (branching ratio {alpha:.2f} too high?)")
        out.append(gen)
    return np.concatenate(out) if out else np.zeros(0)


def simulate(mu: float | list[float], alpha: float, T: float, *, kernel: str = "exp",
             betas=(1.0,), weights=(1.0,), breaks=(), windows=(), gamma: float = 0.0,
             seed: int | None = None, max_events: int = 5_000_000) -> np.ndarray:
    """Event times of a Hawkes process on [0, T) by its cluster (branching) representation."""
    rng = np.random.default_rng(seed)
    mus = np.atleast_1d(np.asarray(mu, dtype=float))
    cuts = np.asarray(breaks, dtype=float)
    if len(mus) != len(cuts) + 1:
        raise StoreError(f"{len(mus)} background rates for {len(cuts)} breaks (need one more rate than breaks)")
    win = np.asarray(windows, dtype=float).reshape(-1, 2)

    def mu_at(x: float) -> float:
        return float(mus[np.searchsorted(cuts, x, side="right")])

    imm = _background_times(rng, 0.0, T, mu_at, win, gamma, cuts)
    kids = _offspring(rng, imm, alpha, np.asarray(weights, float), np.asarray(betas, float), T, max_events)
    return np.sort(np.concatenate([imm, kids]))


def simulate_ahead(rng, history: np.ndarray, start: float, horizon: float, mu: float, alpha: float,
                   weights: np.ndarray, betas: np.ndarray, windows=(), gamma: float = 0.0,
                   max_events: int = 1_000_000) -> np.ndarray:
    """Events in [start, start + horizon) given the ``history`` before ``start``: children still
    due from past events (memoryless per exponential component), new immigrants at rate ``mu``
    (times ``exp(gamma)`` inside ``windows``), and all their descendants."""
    hi = start + horizon
    win = np.asarray(windows, dtype=float).reshape(-1, 2)
    imm = _background_times(rng, start, hi, lambda x: mu, win, gamma, np.zeros(0))
    first = [imm]
    for wk, bk in zip(weights, betas, strict=True):
        n = rng.poisson(alpha * wk * decayed_at(history, bk, start))
        if n:
            kids = start + rng.exponential(1.0 / bk, n)
            first.append(kids[kids < hi])
    gen0 = np.concatenate(first)
    return np.sort(np.concatenate([gen0, _offspring(rng, gen0, alpha, weights, betas, hi, max_events)]))

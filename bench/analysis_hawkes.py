"""Benchmark of the violence analyses: Hawkes fit time on a large simulated history, and the
time of a rolling-origin backtest with 52 weekly origins.

    python bench/analysis_hawkes.py                  # 100,000 events; 52 origins
    python bench/analysis_hawkes.py --events 20000 --origins 12 --json out.json

The histories are simulated from a known model (mu=2/day, branching ratio 0.6, mean decay 1 day),
so the fit's estimates are printed next to the truth as a sanity check."""

from __future__ import annotations

import argparse
import json
import time

from marsad.analysis import hawkes as hk
from marsad.analysis.backtest import backtest_times
from marsad.analysis.forecast import fit_hawkes

MU, ALPHA, DECAY = 2.0, 0.6, 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="Events in the fit benchmark (approximate).")
    ap.add_argument("--origins", type=int, default=52, help="Weekly origins in the backtest benchmark.")
    ap.add_argument("--sims", type=int, default=200, help="Simulations per backtest origin.")
    ap.add_argument("--json", help="Write the numbers to this file.")
    args = ap.parse_args()
    out: dict = {}

    T = args.events * (1 - ALPHA) / MU
    t = hk.simulate(MU, ALPHA, T, betas=(1 / DECAY,), seed=1)
    t0 = time.perf_counter()
    fit = fit_hawkes(t, T, ci=False)
    out["fit"] = {"events": int(len(t)), "days": round(T, 1), "seconds": round(time.perf_counter() - t0, 3),
                  "branching_ratio": round(fit.branching, 4), "decay_days": round(fit.decay_days, 4),
                  "truth": {"branching_ratio": ALPHA, "decay_days": DECAY}}
    t0 = time.perf_counter()
    fit_hawkes(t, T, ci=("branching_ratio",))
    out["fit"]["seconds_with_profile_ci"] = round(time.perf_counter() - t0, 3)
    print(f"fit: {len(t):,} events in {out['fit']['seconds']} s "
          f"(alpha {fit.branching:.3f} vs {ALPHA}, decay {fit.decay_days:.3f} vs {DECAY} days); "
          f"with a profile interval for alpha: {out['fit']['seconds_with_profile_ci']} s")

    # a history like the 2023-24 campaign's tempo (about 1.4 attacks per day), 52 weekly origins
    days = 7 * args.origins + 120
    h = hk.simulate(0.6, 0.55, float(days), betas=(1.0,), seed=2)
    origins = [120 + 7 * k for k in range(args.origins)]
    t0 = time.perf_counter()
    bt = backtest_times(h, origins, 7.0, sims=args.sims, seed=0)
    out["backtest"] = {"origins": len(origins), "events": int(len(h)), "sims_per_origin": args.sims,
                       "seconds": round(time.perf_counter() - t0, 3),
                       "scores": json.loads(bt.scores.to_json(orient="records"))}
    print(f"backtest: {len(origins)} weekly origins, {args.sims} simulations each, in {out['backtest']['seconds']} s")
    print(bt.scores.to_string(index=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=2)


if __name__ == "__main__":
    main()

"""Every real-data number in docs/analysis-violence.md, from the bundled 2023-24 attacks list.

    python bench/violence_report.py [--db report.duckdb] [--plots DIR]

Imports the list into a fresh DuckDB file (default: a temporary one), then prints Markdown: the
tempo against published totals, Hawkes fits (with profile intervals and the time-rescaling test),
weekly backtests from 4 December 2023, the strike-wave effect with intervals, scenarios and change
flags. Fixed seeds: the same command prints the same numbers."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from marsad.analysis.backtest import backtest_events
from marsad.analysis.changes import changes
from marsad.analysis.data import attack_events
from marsad.analysis.forecast import fit_store, forecast, plot_forecast
from marsad.analysis.levers import levers, plot_scenarios
from marsad.analysis.tempo import plot_tempo, tempo
from marsad.interop.attacks_csv import import_attacks_csv
from marsad.store import open_store


def md(df) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def fits(store, plots: Path | None) -> None:
    print("## Hawkes fits\n")
    runs = {
        "campaign 17 Oct - 4 Feb, exp": dict(end="2024-02-04"),
        "campaign 17 Oct - 4 Feb, sumexp": dict(end="2024-02-04", kernel="sumexp"),
        "all, break 5 Feb, exp": dict(breaks=["2024-02-05"]),
        "all, one background, exp": dict(),
    }
    for name, kw in runs.items():
        s = fit_store(store, **kw).summary()
        print(f"- **{name}**: {json.dumps({k: s[k] for k in ('events', 'branching_ratio', 'decay_days', 'background', 'ci95', 'ks', 'aic')})}")
    fit = fit_store(store, end="2024-01-20", ci=False)
    fc = forecast(fit, days=30, sims=1000)
    print(f"\n30-day forecast from 21 Jan 2024 (fit to 20 Jan): {fc.to_dict()['total']}; "
          f"attacks actually counted 21 Jan - 19 Feb: "
          f"{int(((attack_events(store)['day'] >= '2024-01-21') & (attack_events(store)['day'] <= '2024-02-19')).sum())}\n")
    if plots:
        plot_forecast(fit, fc, str(plots / "forecast.png"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="DuckDB file to (re)use; default: a temporary file.")
    ap.add_argument("--plots", help="Directory for the charts.")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "report.duckdb")
    plots = Path(args.plots) if args.plots else None
    if plots:
        plots.mkdir(parents=True, exist_ok=True)
    with open_store(db) as store:
        st = import_attacks_csv(store)
        print(f"# Real-data results\n\nImported: {st.to_dict()}\n\n## Tempo (months) vs published totals\n")
        t = tempo(store, by="month")
        print(md(t.table()))
        print("\n" + md(t.published.drop(columns=["evidence", "doc_id"]).assign(as_of=t.published["as_of"].dt.date)))
        print(f"\nInter-event gaps (days): {t.gaps}\n")
        if plots:
            plot_tempo(tempo(store, by="week"), str(plots / "tempo.png"))
        fits(store, plots)
        print("## Backtests (7-day counts, weekly origins from 4 Dec 2023)\n")
        ev = attack_events(store)
        for name, kw in {"to 4 Feb (campaign)": dict(end="2024-02-04"), "to 28 Apr, one background": dict(),
                         "to 28 Apr, break 31 Jan (KH suspension)": dict(breaks=["2024-01-31"])}.items():
            bt = backtest_events(ev, start="2023-12-04", sims=500, **kw)
            print(f"### {name}\n\n{md(bt.scores)}\n")
        print("## Strike waves (interventions)\n")
        for name, kw in {"campaign to 4 Feb, 7-day windows": dict(end="2024-02-04"),
                         "campaign to 4 Feb, 3-day windows": dict(end="2024-02-04", window=3),
                         "all data, break 5 Feb, 7-day windows": dict(breaks=["2024-02-05"])}.items():
            r = levers(store, sims=1000, **kw).to_dict()
            h, s = r["hawkes"], r["event_study"]
            print(f"- **{name}**: Hawkes rate ratio {h['rate_ratio_in_windows']} (95% profile CI {h['ci95']}), "
                  f"{len(h['interventions'])} strike waves; event study {s['before']} before vs {s['after']} after, "
                  f"ratio {s['rate_ratio']} (exact 95% CI {s['ci95']}, p={s['pvalue']}, power vs halving "
                  f"{s['power_to_detect_halving']})")
        res = levers(store, end="2024-01-20", sims=1000, remove_place="ain-al-asad")
        print(f"\nScenarios, 30 days from 21 Jan 2024: {json.dumps(res.to_dict()['scenarios'])}\n")
        if plots:
            plot_scenarios(res, str(plots / "scenarios.png"))
        print("## Change flags as of 7 Jan and 29 Feb 2024\n")
        for day in ("2024-01-07", "2024-02-29"):
            ch = changes(store, as_of=day)
            print(md(ch.flags.drop(columns=["event_ids"])) + "\n")


if __name__ == "__main__":
    main()

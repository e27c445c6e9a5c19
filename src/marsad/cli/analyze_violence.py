"""``marsad analyze tempo | forecast | backtest``: the tempo of attacks and self-exciting forecasts.

Each command parses its options, calls one library function in ``marsad.analysis`` and prints."""

from __future__ import annotations

import json
import sys

import typer

from marsad.cli.common import cli_errors, emit_json, emit_table, err_console, out_console
from marsad.cli.groups import analyze_app

DB_HELP = "DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb)."
FORMATS = ("table", "csv", "json")


def _open(db: str | None):
    from marsad.config import Settings
    from marsad.store import open_store

    return open_store(Settings.load(None, db=db).db)


def _filter(start, end, country, admin1, actor):
    from marsad.store import EventFilter

    return EventFilter(start=start, end=end, country=country, admin1=admin1, actor=actor)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        from marsad.errors import StoreError

        raise StoreError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")


def _emit(df, fmt: str, title: str, extra: dict | None = None) -> None:
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        emit_json({**(extra or {}), "items": json.loads(df.to_json(orient="records", date_format="iso"))})
    else:
        emit_table(json.loads(df.to_json(orient="records", date_format="iso")), list(df.columns), title=title)


@analyze_app.command("tempo")
def tempo_cmd(
    by: str = typer.Option("week", "--by", help="day, week or month."),
    group: str = typer.Option(None, "--group", help="type, mode, subtype, actor, admin1, country, target or place."),
    window: int = typer.Option(4, "--window", help="Periods in the rolling mean."),
    start: str = typer.Option(None, "--start", help="First date (YYYY[-MM[-DD]])."),
    end: str = typer.Option(None, "--end", help="Last date, inclusive."),
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code(s)."),
    admin1: str = typer.Option(None, "--admin1", help="Governorate(s)."),
    target: str = typer.Option("us-forces", "--target", help="Target actor id ('' for any)."),
    all_reports: bool = typer.Option(False, "--all-reports", help="Also count reports marked unconfirmed."),
    plot: str = typer.Option(None, "--plot", help="Write a chart to FILE.png or FILE.svg."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Attacks per period with a rolling mean, inter-event times and the published running totals."""
    from marsad.analysis.tempo import plot_tempo, tempo

    with cli_errors():
        _check_format(fmt)
        with _open(db) as store:
            t = tempo(store, _filter(start, end, country, admin1, None), by=by, group=group, window=window,
                      target=target or None, certainty=None if all_reports else ("asserted",))
        if plot:
            plot_tempo(t, plot)
            err_console.print(f"chart: {plot}", highlight=False)
        if fmt == "json":
            emit_json(t.to_dict())
            return
        _emit(t.table(), fmt, title=f"events per {by}")
        if fmt == "table":
            out_console.print(f"inter-event days: {t.gaps}", highlight=False)
            if not t.published.empty:
                _emit(t.published.drop(columns=["evidence"]), fmt, title="published totals vs counted rows")


@analyze_app.command("forecast")
def forecast_cmd(
    kernel: str = typer.Option("exp", "--kernel", help="exp or sumexp (two exponentials)."),
    breaks: list[str] = typer.Option(None, "--break", help="Date a new background period starts (repeatable)."),
    end: str = typer.Option(None, "--end", help="Fit on events up to this date (default: the last event)."),
    days: int = typer.Option(30, "--days", help="Days to forecast."),
    sims: int = typer.Option(1000, "--sims", help="Simulations for the band."),
    strikes: bool = typer.Option(False, "--strikes", help="Let U.S. strike waves change the background rate."),
    window: float = typer.Option(7.0, "--window", help="Days a strike's effect lasts (with --strikes)."),
    ci: bool = typer.Option(True, "--ci/--no-ci", help="Profile-likelihood intervals (slower)."),
    plot: str = typer.Option(None, "--plot", help="Write a chart to FILE.png or FILE.svg."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Fit a self-exciting (Hawkes) model to the attacks and simulate the next days."""
    from marsad.analysis.forecast import fit_store, forecast, plot_forecast

    with cli_errors():
        _check_format(fmt)
        with _open(db) as store:
            fit = fit_store(store, kernel=kernel, breaks=breaks or (), end=end, strikes=strikes, window=window, ci=ci)
        fc = forecast(fit, days=days, sims=sims)
        if plot:
            plot_forecast(fit, fc, plot)
            err_console.print(f"chart: {plot}", highlight=False)
        if fmt == "json":
            emit_json({"fit": fit.summary(), "forecast": fc.to_dict()})
            return
        if fmt == "table":
            s = fit.summary()
            rows = [{"parameter": k, "value": json.dumps(v) if isinstance(v, (list, dict)) else v} for k, v in s.items()]
            emit_table(rows, ["parameter", "value"], title="Hawkes fit")
        _emit(fc.table, fmt, title=f"forecast from {fc.start}")


@analyze_app.command("backtest")
def backtest_cmd(
    start: str = typer.Option("2023-12-04", "--start", help="First forecast origin (a Monday gives calendar weeks)."),
    end: str = typer.Option(None, "--end", help="Last day of data used (default: the last event)."),
    horizon: int = typer.Option(7, "--horizon", help="Days per forecast (and between origins)."),
    kernel: str = typer.Option("exp", "--kernel", help="exp or sumexp."),
    breaks: list[str] = typer.Option(None, "--break", help="Date a new background period starts (repeatable)."),
    sims: int = typer.Option(500, "--sims", help="Simulations per origin."),
    rows: bool = typer.Option(False, "--rows", help="Print every origin, not only the scores."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Rolling-origin backtest: Hawkes vs last-period and historical-mean baselines (MAE, CRPS, 80% coverage)."""
    from rich.progress import Progress

    from marsad.analysis.backtest import backtest_events
    from marsad.analysis.data import attack_events

    with cli_errors():
        _check_format(fmt)
        with _open(db) as store:
            ev = attack_events(store)
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("origins", total=None)
            bt = backtest_events(ev, start=start, end=end, horizon=horizon, kernel=kernel, breaks=breaks or (),
                                 sims=sims, progress=lambda n: bar.advance(task, n))
        if fmt == "json":
            emit_json(bt.to_dict())
            return
        _emit(bt.scores, fmt, title=f"backtest, {horizon}-day counts")
        if rows:
            _emit(bt.rows, fmt, title="by origin")


@analyze_app.command("levers")
def levers_cmd(
    window: int = typer.Option(7, "--window", help="Days after an intervention in which its effect is measured."),
    actor: str = typer.Option("us-forces", "--actor", help="Actor whose events are the interventions."),
    text: str = typer.Option(None, "--text", help="Only interventions whose evidence contains this text."),
    breaks: list[str] = typer.Option(None, "--break", help="Date a new background period starts (repeatable)."),
    end: str = typer.Option(None, "--end", help="Fit on events up to this date."),
    days: int = typer.Option(30, "--days", help="Days simulated per scenario."),
    every: int = typer.Option(7, "--every", help="Scenario: strikes every N days."),
    start: str = typer.Option(None, "--from", help="Scenario: first strike date (default: the day after the fit)."),
    remove_place: str = typer.Option(None, "--without-place", help="Scenario: withdrawal removes this place id's targets."),
    sims: int = typer.Option(500, "--sims", help="Simulations per scenario."),
    plot: str = typer.Option(None, "--plot", help="Write the scenario chart to FILE.png or FILE.svg."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Effect of interventions (U.S. strikes by default) on the attack rate, and scenario forecasts."""
    from marsad.analysis.levers import levers, plot_scenarios

    with cli_errors():
        _check_format(fmt)
        with _open(db) as store:
            res = levers(store, window=window, breaks=breaks or (), end=end, actor=actor, text=text, days=days,
                         sims=sims, every=every, start=start, remove_place=remove_place)
        if plot:
            plot_scenarios(res, plot)
            err_console.print(f"chart: {plot}", highlight=False)
        d = res.to_dict()
        if fmt == "json":
            emit_json(d)
            return
        h, s = d["hawkes"], d["event_study"]
        out_console.print(
            f"Hawkes: background rate ratio in the {h['window_days']} days after an intervention "
            f"{h['rate_ratio_in_windows']} (95% CI {h['ci95']}); {len(h['interventions'])} interventions, "
            f"{h['events']} attacks", highlight=False)
        out_console.print(
            f"Event study: {s['before']} attacks before vs {s['after']} after; rate ratio {s['rate_ratio']} "
            f"(exact 95% CI {s['ci95']}, p={s['pvalue']}); power to detect a halving: {s['power_to_detect_halving']}",
            highlight=False)
        emit_table(s["interventions"], ["id", "date", "before", "after"], title="interventions")
        emit_table([{"scenario": k, **v} for k, v in d["scenarios"].items()],
                   ["scenario", "mean", "p10", "p50", "p90"], title=f"attacks in the next {days} days")


@analyze_app.command("changes")
def changes_cmd(
    as_of: str = typer.Option(None, "--as-of", help="Last day of the recent window (default: the last event)."),
    recent: int = typer.Option(28, "--recent", help="Days in the recent window."),
    baseline: int = typer.Option(84, "--baseline", help="Days in the baseline window before it."),
    threshold: float = typer.Option(0.25, "--threshold", help="Least relative change flagged (0.25 = 25%)."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level of the binomial test."),
    digest_file: str = typer.Option(None, "--digest", help="Write a Markdown digest with the evidence to this file."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Early warning: areas, sites and actors whose recent attack count rose or fell significantly."""
    from pathlib import Path

    from marsad.analysis.changes import changes, digest

    with cli_errors():
        _check_format(fmt)
        with _open(db) as store:
            ch = changes(store, as_of=as_of, recent_days=recent, baseline_days=baseline, threshold=threshold,
                         alpha=alpha)
            if digest_file:
                Path(digest_file).write_text(digest(store, ch), encoding="utf-8")
                err_console.print(f"digest: {digest_file}", highlight=False)
        if fmt == "json":
            emit_json(ch.to_dict())
            return
        cols = ["dimension", "key", "recent", "baseline", "expected", "change", "pvalue", "direction"]
        emit_table(ch.flags.to_dict(orient="records"), cols, title=f"changes as of {ch.as_of}")
        emit_table(ch.emerging.to_dict(orient="records"), ["dimension", "key", "first_seen", "recent"],
                   title="first seen recently")

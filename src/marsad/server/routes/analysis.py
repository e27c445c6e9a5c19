"""/api/analysis: tempo, forecast, backtest, levers and changes over the attacks in the store
(see ``marsad.analysis``). Heavy work runs outside the store lock: only the reads hold it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.access import VIEWER, requires
from marsad.server.deps import GateDep, clean, date_param, records
from marsad.store.filters import EventFilter

router = APIRouter(prefix="/api/analysis", tags=["analysis"], dependencies=[requires(VIEWER)])

Country = Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code(s), comma-separated.")]
Breaks = Annotated[list[str] | None, Query(alias="break", description="Dates new background periods start.")]


def _days(values: list[str] | None, name: str) -> list[str]:
    """Dates given as a repeated parameter, each checked (E401 naming the parameter)."""
    return [d for d in (date_param(v, name) for v in values or ()) if d]


def _attacks(gate, country=None, admin1=None, start=None, end=None):
    from marsad.analysis.data import attack_events

    f = EventFilter(country=country or None, admin1=admin1 or None, start=start or None, end=end or None)
    return gate(lambda s: attack_events(s, f))


@router.get("/tempo", summary="Attacks per period, rolling mean, gaps, published totals")
def tempo(gate: GateDep, by: str = "week", group: str | None = None, window: int = Query(4, ge=1, le=520),
          country: Country = None, admin1: str | None = None, start: str | None = None,
          end: str | None = None) -> dict:
    from marsad.analysis.data import published_totals, totals_subject
    from marsad.analysis.tempo import tempo_of

    start, end = date_param(start, "start"), date_param(end, "end")
    ev = _attacks(gate, country, admin1, start, end)
    countries = [c for c in (country or "").split(",") if c.strip()]
    pub = gate(lambda s: published_totals(s, subject=totals_subject(countries)))
    return clean(tempo_of(ev, pub, by=by, group=group or None, window=window, start=start, end=end).to_dict())


@router.get("/attacks", summary="The attacks counted in a period (links to their evidence)")
def attacks(gate: GateDep, start: str, end: str, country: Country = None, admin1: str | None = None) -> dict:
    start, end = date_param(start, "start"), date_param(end, "end")
    ev = _attacks(gate, country, admin1, start, end)
    cols = ["id", "date", "place_name", "admin1", "country", "mode", "source_actor_name", "certainty"]
    return {"items": records(ev[[c for c in cols if c in ev.columns]])}


@router.get("/forecast", summary="Hawkes fit and a simulated forecast band")
def forecast(gate: GateDep, days: int = Query(30, ge=1, le=365), kernel: str = "exp", breaks: Breaks = None,
             end: str | None = None, country: Country = None, sims: int = Query(500, ge=10, le=5000),
             ci: bool = False) -> dict:
    from marsad.analysis.forecast import fit_events
    from marsad.analysis.forecast import forecast as run

    end, breaks = date_param(end, "end"), _days(breaks, "break")
    ev = _attacks(gate, country, None, None, end)
    fit = fit_events(ev, kernel=kernel, breaks=breaks or (), end=end, ci=ci)
    return clean({"fit": fit.summary(), "forecast": run(fit, days=days, sims=sims).to_dict()})


@router.get("/backtest", summary="Rolling-origin backtest: Hawkes vs naive baselines")
def backtest(gate: GateDep, start: str = "2023-12-04", end: str | None = None, horizon: int = Query(7, ge=1, le=90),
             breaks: Breaks = None, sims: int = Query(200, ge=10, le=2000), country: Country = None) -> dict:
    from marsad.analysis.backtest import backtest_events

    start, end, breaks = date_param(start, "start"), date_param(end, "end"), _days(breaks, "break")
    ev = _attacks(gate, country)
    return clean(backtest_events(ev, start=start, end=end, horizon=horizon, breaks=breaks or (), sims=sims).to_dict())


@router.get("/levers", summary="Effect of interventions on the attack rate, and scenarios")
def levers(gate: GateDep, window: int = Query(7, ge=1, le=60), actor: str = "us-forces", text: str | None = None,
           breaks: Breaks = None, end: str | None = None, days: int = Query(30, ge=1, le=365),
           every: int = Query(7, ge=1, le=90), start: str | None = Query(None, alias="from"),
           without_place: str | None = None, sims: int = Query(300, ge=10, le=5000)) -> dict:
    from marsad.analysis.data import intervention_events
    from marsad.analysis.levers import levers_of
    from marsad.errors import StoreError

    end, start, breaks = date_param(end, "end"), date_param(start, "from"), _days(breaks, "break")
    ev = _attacks(gate, None, None, None, end)
    iv = gate(lambda s: intervention_events(s, actor=actor, text=text))
    if iv.empty:
        raise StoreError(f"no intervention events by {actor!r}")
    res = levers_of(ev, iv, window=window, breaks=breaks or (), end=end, days=days, sims=sims, every=every,
                    start=start, remove_place=without_place)
    out = res.to_dict()
    out["scenario_daily"] = {k: records(v) for k, v in res.scenario_daily.items()}
    return clean(out)


@router.get("/changes", summary="Early-warning flags: significant rises and falls, first-seen actors and sites")
def changes(gate: GateDep, as_of: str | None = None, recent: int = Query(28, ge=1, le=3650),
            baseline: int = Query(84, ge=1, le=3650), threshold: float = Query(0.25, ge=0, le=100),
            alpha: float = Query(0.05, gt=0, lt=1)) -> dict:
    from marsad.analysis.changes import changes_of

    as_of = date_param(as_of, "as_of")
    ev = _attacks(gate)
    return clean(changes_of(ev, as_of=as_of, recent_days=recent, baseline_days=baseline, threshold=threshold,
                            alpha=alpha).to_dict())

"""/api/stats: counts by period x type (or actor), by admin1, by type, and totals."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from marsad.server.access import VIEWER, requires
from marsad.server.cache import EventReads, Kept, cached_json
from marsad.server.deps import GateDep, clean, records
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/stats", tags=["stats"], dependencies=[requires(VIEWER)])

TOP_ACTORS = 12


def by_period_actor(store, params, by: str) -> list[dict]:
    """Events per period for the 12 actors involved (as source or target) in the most matching
    events, from one ``store.counts`` query; an event between two of them counts for both. With an
    ``actor`` filter, that actor's series (affiliates' events included when asked)."""
    if params.actor:
        rows = records(store.counts(params.to_filter(), by=("period",), period=by))
        for r in rows:
            r.update(actor=params.actor, actor_name=params.actor)
    else:
        rows = records(
            store.counts(params.to_filter(), by=("period", "actor"), period=by, top=TOP_ACTORS)
        )
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["actor"]] = totals.get(r["actor"], 0) + r["n"]
    rows.sort(key=lambda r: (-totals[r["actor"]], r["actor"], r["period"]))
    return [
        {
            "period": r["period"],
            "actor_id": r["actor"],
            "actor_name": r.get("actor_name") or r["actor"],
            "n": r["n"],
        }
        for r in rows
    ]


@router.get("", summary="Event counts")
def stats(
    request: Request,
    gate: GateDep,
    params: EventParamsDep,
    by: Annotated[
        Literal["week", "month", "year"], Query(description="period of the time series")
    ] = "month",
    group: Annotated[
        Literal["type", "actor"], Query(description="what the time series is split by")
    ] = "type",
):
    """The same filters as `/api/events`; `by` sets the period of the time series.

    `group=actor` adds `by_period_actor`: events per period for the 12 actors involved (as source
    or target) in the most matching events; an event between two of them counts for both."""
    f = params.to_filter()

    def run(s):
        out = clean(s.stats(f, by=by))
        if group == "actor":
            out["by_period_actor"] = by_period_actor(s, params, by)
        return Kept(out, EventReads(status_filtered=bool(f.status)))  # counts by nothing that a review changes

    return cached_json(request, gate, run)

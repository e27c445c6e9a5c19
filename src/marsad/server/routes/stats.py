"""/api/stats: counts by period x type (or actor), by admin1, by type, and totals."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from marsad.server.deps import GateDep, clean, records
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/stats", tags=["stats"])

TOP_ACTORS = 12
CANDIDATES = 16
LABEL = {"week": 10, "month": 7, "year": 4}


def by_period_actor(store, params, by: str) -> list[dict]:
    """Events per period for the actors involved (as source or target) in the most matching events.

    Without other filters the store's per-actor ``timeline`` gives each of the 12 busiest actors'
    series in one query. With filters, the 16 busiest actors overall are candidates; each gets one
    ``store.stats`` call with the request's filters plus ``actor``, and the 12 with the most
    matching events are kept. An event between two of them counts for both."""
    if params.actor:
        candidates = [{"id": params.actor, "name": params.actor}]
    else:
        acts = records(store.actors(limit=100_000))
        acts.sort(key=lambda a: -(a.get("events") or 0))
        candidates = [a for a in acts if (a.get("events") or 0) > 0][:CANDIDATES]
    plain = replace(params, actor=None, include_affiliates=False).is_empty() and hasattr(
        store, "timeline"
    )
    if plain:  # unfiltered, the overall counts already rank the actors
        candidates = candidates[:TOP_ACTORS]
    per_actor = []
    for a in candidates:
        counts: dict[str, int] = {}
        if plain:
            tl = store.timeline(a["id"], by=by, include_affiliates=params.include_affiliates)
            for row in records(tl):
                if row.get("period"):
                    counts[str(row["period"])[: LABEL[by]]] = int(row.get("events") or 0)
        else:
            st = store.stats(replace(params, actor=a["id"]).to_filter(), by=by)
            for row in st.get("series", []):
                n = int(row.get("count") or row.get("n") or 0)
                counts[row["period"]] = counts.get(row["period"], 0) + n
        total = sum(counts.values())
        if total:
            per_actor.append((total, a, counts))
    per_actor.sort(key=lambda x: (-x[0], x[1]["id"]))
    out = []
    for _, a, counts in per_actor[:TOP_ACTORS]:
        for period, n in sorted(counts.items()):
            out.append(
                {
                    "period": period,
                    "actor_id": a["id"],
                    "actor_name": a.get("name") or a["id"],
                    "n": n,
                }
            )
    return out


@router.get("", summary="Event counts")
def stats(
    gate: GateDep,
    params: EventParamsDep,
    by: Annotated[
        Literal["week", "month", "year"], Query(description="period of the time series")
    ] = "month",
    group: Annotated[
        Literal["type", "actor"], Query(description="what the time series is split by")
    ] = "type",
) -> dict:
    """The same filters as `/api/events`; `by` sets the period of the time series.

    `group=actor` adds `by_period_actor`: events per period for the 12 actors involved (as source
    or target) in the most matching events; an event between two of them counts for both."""
    f = params.to_filter()

    def run(s):
        out = clean(s.stats(f, by=by))
        if group == "actor":
            out["by_period_actor"] = by_period_actor(s, params, by)
        return out

    return gate(run)

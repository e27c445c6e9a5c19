"""/api/stats: counts by period x type (or actor), by admin1, by type, and totals."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from marsad.server.deps import GateDep, clean, records
from marsad.server.filters import EventParamsDep
from marsad.server.network import _actor_end, _actor_name

router = APIRouter(prefix="/api/stats", tags=["stats"])

ACTOR_SCAN = 99_999  # the store pages at most 100,000 rows


def period_of(date: str | None, by: str) -> str | None:
    """`2024-01-28` -> `2024-01` (month), `2024-01-22` (the week's Monday, as the store
    labels weeks) or `2024` (year)."""
    if not date:
        return None
    d = str(date)[:10]
    if by == "year":
        return d[:4]
    if by == "month":
        return d[:7] if len(d) >= 7 else None
    if len(d) < 10:
        return None
    day = dt.date.fromisoformat(d)
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def by_period_actor(events: list[dict], by: str, top: int = 12) -> list[dict]:
    """Events per period for the `top` most active actors (the acting side; else the target)."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for e in events:
        p = period_of(e.get("date"), by)
        side = "source" if _actor_end(e, "source") else "target"
        aid = _actor_end(e, side)
        if not p or not aid:
            continue
        names.setdefault(aid, _actor_name(e, side) or aid)
        counts[(p, aid)] += 1
    per_actor: Counter = Counter()
    for (_, aid), n in counts.items():
        per_actor[aid] += n
    keep = {a for a, _ in per_actor.most_common(top)}
    return [
        {"period": p, "actor_id": a, "actor_name": names[a], "n": n}
        for (p, a), n in sorted(counts.items())
        if a in keep
    ]


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

    `group=actor` adds `by_period_actor`: events per period for the most active actors (the
    acting side of each event), counted over at most 99,999 matching events
    (`by_period_actor_complete` says whether all were read)."""
    f = params.to_filter()

    def run(s):
        out = s.stats(f, by=by)
        if group == "actor":
            evs = s.events(f, limit=ACTOR_SCAN + 1)
            return out, evs
        return out, None

    out, evs = gate(run)
    out = clean(out)
    if evs is not None:
        rows = records(evs)
        out["by_period_actor"] = by_period_actor(rows[:ACTOR_SCAN], by)
        out["by_period_actor_complete"] = len(rows) <= ACTOR_SCAN
    return out

"""/api/search: one box over actors, places and events (text matches plus the events of the
best-matching actor)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.access import VIEWER, requires
from marsad.server.deps import GateDep, records
from marsad.server.filters import EventParams

router = APIRouter(prefix="/api/search", tags=["search"], dependencies=[requires(VIEWER)])


@router.get("", summary="Search actors, places and events")
def search(
    gate: GateDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words to look for")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict:
    q = q.strip()
    if not q:
        from marsad.server.deps import BadParameter

        raise BadParameter("q must not be blank")
    f = EventParams(q=q).to_filter()

    def run(s):
        actors = records(s.actors(query=q, limit=limit))
        events = records(s.events(f, limit=limit))
        if actors:  # and the events of the best-matching actor
            seen = {e["id"] for e in events}
            top = EventParams(actor=actors[0]["id"]).to_filter()
            events += [e for e in records(s.events(top, limit=limit)) if e["id"] not in seen]
            events.sort(key=lambda e: str(e.get("date") or ""), reverse=True)
        return {
            "query": q,
            "actors": actors,
            "places": records(s.places(query=q, limit=limit)),
            "events": events[: limit * 2],
        }

    return gate(run)

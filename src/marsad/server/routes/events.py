"""/api/events: filtered, cursor-paginated events, and one event with its sources and conflicts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from marsad.server.access import VIEWER, requires
from marsad.server.cache import EventReads, Kept, cached_json
from marsad.server.deps import Cursor, GateDep, Limit, clean, page
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/events", tags=["events"], dependencies=[requires(VIEWER)])


@router.get("", summary="List events")
def list_events(
    request: Request,
    gate: GateDep,
    params: EventParamsDep,
    limit: Limit = 100,
    cursor: Cursor = None,
):
    """Events matching the filters: `{items, next_cursor}`. Pass `next_cursor` back as
    `cursor` for the next page; it is `null` on the last page."""
    f = params.to_filter()

    def run(s):
        answer = page(s.event_rows(f, limit=limit + 1, cursor=cursor or None), limit, plain=True)
        # kept across reviews of other events (a page shows its events' status)
        shown = frozenset(str(e.get("id")) for e in answer["items"])
        return Kept(answer, EventReads(status_filtered=bool(f.status), shown=shown))

    return cached_json(request, gate, run)


@router.get("/{event_id}", summary="One event with sources and conflicts")
def get_event(gate: GateDep, event_id: Annotated[str, Path(max_length=300)]) -> dict:
    """The fused event, each source document with its evidence span, and conflicting attributes."""
    return clean(gate(lambda s: s.event(event_id)))

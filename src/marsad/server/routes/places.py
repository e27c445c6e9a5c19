"""/api/places: the gazetteer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.access import VIEWER, requires
from marsad.server.deps import Cursor, GateDep, Limit, page

router = APIRouter(prefix="/api/places", tags=["places"], dependencies=[requires(VIEWER)])


@router.get("", summary="List or search places")
def list_places(
    gate: GateDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict:
    """Places with the number of events located there, most events first: `{items,
    next_cursor}`; pass `next_cursor` back as `cursor` for the next page (`null` on the last)."""
    df = gate(lambda s: s.places(query=(q or None), limit=limit + 1, cursor=cursor or None))
    return page(df, limit)

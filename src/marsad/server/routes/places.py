"""/api/places: the gazetteer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.deps import GateDep, records

router = APIRouter(prefix="/api/places", tags=["places"])


@router.get("", summary="List or search places")
def list_places(
    gate: GateDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> dict:
    return {"items": records(gate(lambda s: s.places(query=(q or None), limit=limit)))}

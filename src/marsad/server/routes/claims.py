"""/api/claims: quantitative claims, and groups of claims about the same quantity (conflicts)."""

from __future__ import annotations

from fastapi import APIRouter

from marsad.server.deps import Cursor, GateDep, Limit, page, records
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/claims", tags=["claims"])


@router.get("", summary="List claims")
def list_claims(
    gate: GateDep,
    params: EventParamsDep,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict:
    """Claims; the date, status, actor and text filters apply as for events."""
    f = None if params.is_empty() else params.to_filter()
    df = gate(lambda s: s.claims(f, limit=limit + 1, cursor=cursor or None))
    return page(df, limit)


@router.get("/groups", summary="Claim groups")
def claim_groups(gate: GateDep) -> dict:
    """Claims grouped by subject, unit and period, with a flag where values disagree."""
    return {"items": records(gate(lambda s: s.claim_groups()))}

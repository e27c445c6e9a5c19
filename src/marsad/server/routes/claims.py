"""/api/claims: quantitative claims, and groups of claims about the same quantity (conflicts)."""

from __future__ import annotations

from fastapi import APIRouter

from marsad.server.access import VIEWER, requires
from marsad.server.claimview import is_disagreement, noise_reason
from marsad.server.deps import Cursor, GateDep, Limit, page, records
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/claims", tags=["claims"], dependencies=[requires(VIEWER)])


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
    out = page(df, limit)
    for c in out["items"]:
        c["noise"] = noise_reason(c)
    return out


@router.get("/groups", summary="Claim groups")
def claim_groups(gate: GateDep) -> dict:
    """Claims grouped by subject, unit and period. `disagree`: the values differ; `conflict`: one
    quantity (a subject, one period) that different sources state differently, figures that are not
    claims (`noise` on /api/claims) left out."""

    def run(s):
        groups = records(s.claim_groups())
        ids = [v["id"] for g in groups for v in g.get("values") or []]
        hidden = set()
        if ids:
            hidden = {
                c["id"] for c in records(s.claims(limit=100_000)) if c["id"] in set(ids) and noise_reason(c)
            }
        for g in groups:
            g["conflict"] = is_disagreement(g, hidden)
        return groups

    return {"items": gate(run)}

"""/api/audit: the audit trail of analyst actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.deps import GateDep, Limit, records

router = APIRouter(prefix="/api/audit", tags=["review"])


@router.get("", summary="Audit records")
def list_audit(
    gate: GateDep,
    fact_id: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 100,
) -> dict:
    """Newest first; `fact_id` narrows to one fact's history."""
    return {"items": records(gate(lambda s: s.audit(fact_id=(fact_id or None), limit=limit)))}

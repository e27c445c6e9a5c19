"""/api/audit: the audit trail of analyst actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.server.access import VIEWER, requires
from marsad.server.deps import GateDep, Limit, records

router = APIRouter(prefix="/api/audit", tags=["review"], dependencies=[requires(VIEWER)])


@router.get("", summary="Audit records")
def list_audit(
    gate: GateDep,
    fact_id: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 100,
) -> dict:
    """Review decisions, newest first; `fact_id` narrows to one fact's history. Logins, tokens,
    accounts and exports are in the admin's `/api/admin/audit`."""
    return {"items": records(gate(lambda s: s.audit_log(fact_id=(fact_id or None), facts_only=True,
                                                        limit=limit)))}

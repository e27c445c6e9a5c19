"""/api/relations: relations between actors found in documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marsad.model import RELATION_TYPES
from marsad.server.access import VIEWER, requires
from marsad.server.deps import BadParameter, GateDep, Limit, records

router = APIRouter(prefix="/api/relations", tags=["relations"], dependencies=[requires(VIEWER)])


@router.get("", summary="List relations")
def list_relations(
    gate: GateDep,
    actor: Annotated[
        str | None, Query(max_length=300, description="actor id at either end")
    ] = None,
    type: Annotated[str | None, Query(description="one of " + ", ".join(RELATION_TYPES))] = None,
    limit: Limit = 100,
) -> dict:
    if type is not None and type not in RELATION_TYPES:
        raise BadParameter(
            f"type={type!r} is not a relation type; use one of {', '.join(RELATION_TYPES)}"
        )
    return {
        "items": records(gate(lambda s: s.relations(actor=(actor or None), type=type, limit=limit)))
    }

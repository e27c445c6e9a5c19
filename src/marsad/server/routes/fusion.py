"""/api/fusion: why sources were fused, how many are independent, and the analyst's split."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from marsad.server.access import ANALYST, VIEWER, IdentityDep, acting_user, requires
from marsad.server.deps import GateDep, clean

router = APIRouter(prefix="/api/fusion", tags=["fusion"], dependencies=[requires(VIEWER)])


class SplitBody(BaseModel):
    doc_ids: list[str] = Field(..., min_length=1, max_length=1000,
                               description="documents whose sources leave the event for a new one")
    note: str | None = Field(None, max_length=2000)
    user: str | None = Field(None, max_length=100)


@router.get("/{event_id}", summary="Corroboration and fusion reasons of an event")
def fusion_detail(gate: GateDep, event_id: Annotated[str, Path(max_length=300)]) -> dict:
    def read(s):
        out = s.corroboration(event_id)
        out["reasons"] = s.fusion_reason(event_id)
        return out
    return clean(gate(read))


@router.post("/{event_id}/split", summary="Split sources off a fused event (reversible with undo)",
             dependencies=[requires(ANALYST)])
def split(gate: GateDep, identity: IdentityDep, event_id: Annotated[str, Path(max_length=300)],
          body: SplitBody) -> dict:
    user = acting_user(identity, body.user)
    return clean(gate(lambda s: s.split(event_id, body.doc_ids, user=user, note=body.note)))

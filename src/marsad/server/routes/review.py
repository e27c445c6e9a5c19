"""/api/review: confirm, reject, edit and merge facts, and undo any of those; every call is audited."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, Field

from marsad.server.access import ADMIN, ANALYST, IdentityDep, acting_user, require_role, requires
from marsad.server.deps import BadParameter, GateDep, clean

router = APIRouter(prefix="/api/review", tags=["review"], dependencies=[requires(ANALYST)])

KINDS = ("event", "claim", "relation", "actor", "place", "mention", "document")


class ReviewBody(BaseModel):
    field: str | None = Field(None, max_length=100, description="attribute to change (edit only)")
    value: Any = Field(None, description="new value (edit only)")
    note: str | None = Field(None, max_length=2000)
    user: str | None = Field(
        None, max_length=100,
        description="who acts, on a server without accounts (default: its user); with accounts, "
        "always the logged-in user",
    )


class MergeBody(BaseModel):
    kind: str = Field(..., max_length=40)
    keep_id: str = Field(..., min_length=1, max_length=300)
    merge_id: str = Field(..., min_length=1, max_length=300)
    user: str | None = Field(None, max_length=100)


class UndoBody(BaseModel):
    user: str | None = Field(None, max_length=100)


def grades_reliability(kind: str, changes: object) -> bool:
    """Whether a review (or the record of one) sets a source's reliability grade."""
    return kind == "source" or (kind == "document" and isinstance(changes, dict) and "reliability" in changes)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise BadParameter(f"kind={kind!r} cannot be reviewed; use one of {', '.join(KINDS)}")
    return kind


@router.post("/merge", summary="Merge two facts (reversible)")
def merge(gate: GateDep, identity: IdentityDep, body: MergeBody) -> dict:
    kind = _kind(body.kind)
    if body.keep_id == body.merge_id:
        raise BadParameter("keep_id and merge_id are the same fact")
    user = acting_user(identity, body.user)
    audit_id = gate(lambda s: s.merge(kind, body.keep_id, body.merge_id, user=user))
    return {
        "audit_id": clean(audit_id),
        "kind": kind,
        "keep_id": body.keep_id,
        "merge_id": body.merge_id,
    }


@router.post("/undo/{audit_id}", summary="Undo an audited action")
def undo(
    gate: GateDep,
    identity: IdentityDep,
    audit_id: Annotated[str, Path(max_length=300)],
    body: Annotated[UndoBody | None, Body()] = None,
) -> dict:
    """Undoing a change of reliability grade needs the admin role, like the change itself."""
    user = acting_user(identity, body.user if body else None)

    def run(s):
        record = s.audit_log(audit_id=audit_id, limit=1)
        if len(record) and grades_reliability(record.iloc[0]["kind"], record.iloc[0]["after"]):
            require_role(identity, ADMIN, "undoing a reliability grade")
        return s.undo(audit_id, user=user)

    return clean(gate(run))


@router.post("/{kind}/{fact_id}/{action}", summary="Confirm, reject or edit a fact")
def review(
    gate: GateDep,
    identity: IdentityDep,
    kind: Annotated[str, Path(max_length=40)],
    fact_id: Annotated[str, Path(max_length=300)],
    action: Annotated[Literal["confirm", "reject", "edit"], Path()],
    body: Annotated[ReviewBody | None, Body()] = None,
) -> dict:
    """`edit` needs `field` and `value` in the JSON body; `note` is kept with any action. A
    document's reliability grade is an admin's decision."""
    kind = _kind(kind)
    body = body or ReviewBody()
    if action == "edit" and not body.field:
        raise BadParameter("edit needs a JSON body with 'field' and 'value'")
    if action == "edit" and grades_reliability(kind, {body.field: body.value}):
        require_role(identity, ADMIN, "a document's reliability grade")
    user = acting_user(identity, body.user)
    result = gate(
        lambda s: s.review(
            kind, fact_id, action, user=user, field=body.field, value=body.value, note=body.note
        )
    )
    return clean(result)

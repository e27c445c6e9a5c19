"""/api/admin: accounts, API tokens and the full audit trail (logins, token uses, exports, account
changes and review decisions). Every route needs the admin role; the same operations as
``marsad users``, ``marsad tokens`` and ``marsad audit``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from marsad.auth.roles import ADMIN
from marsad.server.access import IdentityDep, requires
from marsad.server.deps import GateDep, Limit, clean, csv_param, records

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[requires(ADMIN)])

UserName = Annotated[str, Path(max_length=64)]


class NewUser(BaseModel):
    name: str = Field(..., min_length=1, max_length=64)
    role: str = Field(..., max_length=20, description="viewer, analyst or admin")
    password: str = Field(..., min_length=1, max_length=1024)
    clearance: str = Field("GREEN", max_length=20,
                           description="TLP marking the user may read: CLEAR, GREEN, AMBER, AMBER+STRICT or RED")


class UserChange(BaseModel):
    role: str | None = Field(None, max_length=20)
    clearance: str | None = Field(None, max_length=20)
    disabled: bool | None = None
    password: str | None = Field(None, min_length=1, max_length=1024)


class NewToken(BaseModel):
    user: str = Field(..., min_length=1, max_length=64)
    expires: str = Field("30d", max_length=10, description="lifetime: 90m, 12h, 30d, 2w (at most 366 days)")
    note: str | None = Field(None, max_length=200)


@router.get("/users", summary="Accounts")
def users(gate: GateDep) -> dict:
    return {"items": records(gate(lambda s: s.users()))}


@router.post("/users", summary="Create an account")
def add_user(gate: GateDep, identity: IdentityDep, body: NewUser) -> dict:
    from marsad.auth.accounts import add_user as add

    return clean(gate(lambda s: add(s, body.name, body.role, body.password, actor=identity.name,
                                    clearance=body.clearance)))


@router.post("/users/{name}", summary="Change an account's role, clearance, password or disabled flag")
def change_user(gate: GateDep, identity: IdentityDep, name: UserName, body: UserChange) -> dict:
    from marsad.auth.accounts import set_clearance, set_disabled, set_password, set_role

    def run(s) -> list:
        done = []
        if body.role is not None:
            done.append(set_role(s, name, body.role, actor=identity.name))
        if body.clearance is not None:
            done.append(set_clearance(s, name, body.clearance, actor=identity.name))
        if body.disabled is not None:
            done.append(set_disabled(s, name, body.disabled, actor=identity.name))
        if body.password is not None:
            done.append(set_password(s, name, body.password, actor=identity.name))
        return done

    return {"name": name, "changes": clean(gate(run))}


@router.get("/tokens", summary="API tokens (never their secrets)")
def tokens(gate: GateDep, user: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    from marsad.auth.accounts import list_tokens

    return {"items": records(gate(lambda s: list_tokens(s, user or None)))}


@router.post("/tokens", summary="Create an API token (its secret is in this answer only)")
def create_token(gate: GateDep, identity: IdentityDep, body: NewToken) -> dict:
    from marsad.auth.accounts import create_token as create

    return clean(gate(lambda s: create(s, body.user, body.expires, body.note, actor=identity.name)))


@router.post("/tokens/{token_id}/revoke", summary="Revoke an API token")
def revoke_token(gate: GateDep, identity: IdentityDep, token_id: Annotated[str, Path(max_length=40)]) -> dict:
    return clean(gate(lambda s: s.revoke_token(token_id, actor=identity.name)))


@router.get("/audit", summary="The full audit trail, filtered")
def audit(
    gate: GateDep,
    user: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[str | None, Query(max_length=40, description="date, time, or 24h / 7d back")] = None,
    action: Annotated[str | None, Query(max_length=300, description="action(s), comma-separated")] = None,
    kind: Annotated[str | None, Query(max_length=300, description="kind(s), comma-separated")] = None,
    limit: Limit = 200,
) -> dict:
    """Newest first: logins (failed ones too), logouts, token uses, exports, account and token
    changes, and review decisions, each with who, when, what, before/after and `via`."""
    from marsad.store.queries.accounts import since_time

    at = since_time(since)
    return {"items": records(gate(lambda s: s.audit_log(user=user or None, since=at, action=csv_param(action),
                                                         kind=csv_param(kind), limit=limit)))}

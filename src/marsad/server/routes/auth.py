"""/api/auth: log in to the dashboard, log out, and who am I (with the session's CSRF token).

Logging in sets the session cookie (``__Host-marsad-session``: Secure, HttpOnly, SameSite=Strict,
Path=/); the JSON answer carries the CSRF token the dashboard sends back in ``X-CSRF-Token``.
Failed logins are counted per name and per address (:mod:`marsad.auth.limits`) and audited.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from marsad.auth.roles import PUBLIC, VIEWER
from marsad.auth.tokens import parse_duration
from marsad.errors import AccountError, AuthError
from marsad.server.access import IdentityDep, requires
from marsad.server.deps import GateDep, SettingsDep, clean
from marsad.server.guard import SESSION_COOKIE

router = APIRouter(prefix="/api/auth", tags=["auth"])


class LoginBody(BaseModel):
    name: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=1024)


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/login", summary="Log in (sets the session cookie)", dependencies=[requires(PUBLIC)])
def login(request: Request, gate: GateDep, settings: SettingsDep, body: LoginBody) -> JSONResponse:
    """Answers `{user, role, csrf_token, expires_at}`; 401 for a wrong name or password, 429
    after too many failures (with `Retry-After`)."""
    from marsad.auth.sessions import login_row, open_session, rehash_if_needed, verify_login

    if not settings.team:
        raise AccountError("this server has no accounts (it was started without --team)")
    limiter, remote = request.app.state.login_limiter, _remote(request)
    limiter.check(body.name, remote)
    row = gate(lambda s: login_row(s, body.name))
    with request.app.state.login_slots:  # argon2 runs outside the store lock, a few at a time
        try:
            identity = verify_login(row, body.password)
        except AuthError:
            limited = limiter.failed(body.name, remote)
            gate(lambda s: s.record_access(body.name, "login-failed", "session", body.name,
                                           {"remote": remote, "limited": limited}, via="password"))
            raise
    limiter.succeeded(body.name)
    gate(lambda s: rehash_if_needed(s, row, body.password))
    keys = request.app.state.session_keys
    session = gate(lambda s: open_session(s, keys, identity, ttl=settings.session_ttl, remote=remote))
    response = JSONResponse(clean({"user": identity.name, "role": identity.role, "clearance": identity.clearance,
                                   "csrf_token": session["csrf_token"], "expires_at": session["expires_at"]}))
    response.set_cookie(SESSION_COOKIE, session["session_id"], max_age=int(parse_duration(settings.session_ttl)
                        .total_seconds()), path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.post("/logout", summary="Log out (ends the session)", dependencies=[requires(VIEWER)])
def logout(request: Request, gate: GateDep, identity: IdentityDep) -> JSONResponse:
    from marsad.auth.sessions import close_session

    session_id = request.scope.get("state", {}).get("session_id")
    if session_id is None:
        raise AccountError("only a dashboard session can log out; revoke a token with `marsad tokens revoke`")
    keys = request.app.state.session_keys
    gate(lambda s: close_session(s, keys, session_id, identity, _remote(request)))
    response = JSONResponse({"user": identity.name, "logged_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("/me", summary="Who the request acts as", dependencies=[requires(VIEWER)])
def me(request: Request, identity: IdentityDep, settings: SettingsDep) -> dict:
    """`{user, role, clearance, via, team, csrf_token}`; the CSRF token only for a dashboard session;
    `clearance` is the most restrictive TLP marking the user may read."""
    session_id = request.scope.get("state", {}).get("session_id")
    keys = request.app.state.session_keys
    return {"user": identity.name, "role": identity.role, "clearance": identity.clearance, "via": identity.via,
            "team": bool(settings.team),
            "csrf_token": keys.csrf_token(session_id) if session_id and keys else None}

"""The request guard: cross-site refusals, authentication and the route's role, before any route runs.

For every HTTP request, in this order:

1. A state-changing request (POST, PUT, PATCH, DELETE) that says it comes from another site is
   refused (403, E704): ``Sec-Fetch-Site`` ``cross-site``/``same-site`` or an ``Origin`` other than
   the server's own. One whose body is not declared JSON is refused next (415, E415): a POST must
   say ``Content-Type: application/json`` even without a body, other methods whenever they send a
   type. A plain HTML form or a "simple" request from a page elsewhere cannot send that type, and
   this server grants no CORS preflight. This holds with and without accounts: a page elsewhere
   cannot make a browser change anything.
2. With accounts (``--team``), the caller is identified by an ``Authorization: Bearer`` token or
   the session cookie; without, every request acts as the settings' user with the admin role.
3. The route is matched and its declared role (:mod:`marsad.server.access`) checked: 401 (E700)
   without a valid login, 403 (E703) below the role.
4. A state-changing request authenticated by the session cookie must carry the session's CSRF
   token in ``X-CSRF-Token`` (403, E704); bearer tokens are not sent by browsers on their own and
   need none.

The identity is left in ``request.state.identity`` and, for the audit trail, in
:data:`marsad.store.queries.accounts.AUDIT_VIA`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Match

from marsad.auth.cache import CredentialCache
from marsad.auth.roles import ADMIN, PUBLIC, VIEWER, Identity, allows
from marsad.errors import (
    AuthError,
    CrossSiteRefused,
    Forbidden,
    MarsadError,
    NotJsonBody,
    StoreError,
    TooManyAttempts,
)
from marsad.server.access import app_routes, route_role
from marsad.store.queries.accounts import AUDIT_VIA

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "__Host-marsad-session"  # the __Host- prefix: Secure, Path=/, no Domain
CSRF_HEADER = "x-csrf-token"
JSON_TYPES = ("application/json",)
FORGETTING_PATHS = ("/api/admin/", "/api/auth/logout")  # changes after which checked credentials are checked again


def status_of(exc: MarsadError) -> int:
    """The HTTP status of an error met before any route ran. Checking a credential reads the
    store, so a store error answers as it would from a route: a database that cannot be reached
    is 503 (E503), never a 400 that tells the client its request was wrong."""
    if isinstance(exc, TooManyAttempts):
        return 429
    if isinstance(exc, AuthError):
        return 401
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, NotJsonBody):
        return 415
    if isinstance(exc, StoreError):
        return {"E404": 404, "E409": 409, "E503": 503}.get(exc.code, 400)
    return 400


def error_response(exc: MarsadError) -> JSONResponse:
    from marsad.server.app import error_body

    headers = {}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    elif isinstance(exc, AuthError):
        headers["WWW-Authenticate"] = 'Bearer realm="marsad"'
    return JSONResponse(error_body(exc.code, exc.message), status_code=status_of(exc), headers=headers)


def check_same_site(request: Request) -> None:
    """Refuse a state-changing request that a page on another site could have made."""
    site = request.headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        raise CrossSiteRefused("a request from another site cannot change anything here")
    origin = request.headers.get("origin")
    if origin is not None:
        host = (request.headers.get("host") or "").lower()
        if origin == "null" or urlsplit(origin).netloc.lower() != host:
            raise CrossSiteRefused(f"Origin {origin!r} is not this server; changes are only accepted from its own pages")


def check_json_body(request: Request) -> None:
    """Refuse a write whose body is not declared JSON (see the module docstring, step 1)."""
    ctype = request.headers.get("content-type")
    if ctype is None and request.method != "POST":
        return
    media = (ctype or "").split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES and not (media.startswith("application/") and media.endswith("+json")):
        raise NotJsonBody(f"{request.method} {request.url.path} takes a JSON body: send "
                          f"Content-Type: application/json (got {media or 'none'})")


def matched_role(routes: list, scope: dict) -> str:
    """The declared role of the route that will answer (VIEWER when none will: a caller must be
    logged in to learn what does not exist)."""
    partial = None
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route_role(route) or ADMIN
        if match is Match.PARTIAL and partial is None:
            partial = route
    return (route_role(partial) or ADMIN) if partial is not None else VIEWER


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if not auth:
        return None
    scheme, _, value = auth.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthError("the Authorization header must be 'Bearer TOKEN'")
    return value.strip()


class Guard:
    """ASGI middleware; see the module docstring. ``settings.team`` switches accounts on."""

    def __init__(self, app: Any, settings: Any, keys: Any = None):
        self.app = app
        self.team = bool(settings.team)
        self.local = Identity(settings.user, ADMIN, via="local")
        self.keys = keys
        self.cache = CredentialCache(settings.auth_cache_seconds if self.team else 0)
        self._routes: list | None = None  # the app's routes, flattened on the first request

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = scope.setdefault("state", {})
        try:
            identity, session_id = await self._admit(request, scope)
        except MarsadError as exc:
            await error_response(exc)(scope, receive, send)
            return
        state["identity"], state["session_id"] = identity, session_id
        token = AUDIT_VIA.set(identity.via if identity else None)
        try:
            await self.app(scope, receive, send)
        finally:
            AUDIT_VIA.reset(token)
            if request.method not in SAFE_METHODS and request.url.path.startswith(FORGETTING_PATHS):
                self.cache.clear()  # an account, token or session may have changed: check again

    async def _admit(self, request: Request, scope: dict) -> tuple[Identity | None, str | None]:
        unsafe = request.method not in SAFE_METHODS
        if unsafe:
            check_same_site(request)
            check_json_body(request)
        if not self.team:
            return self.local, None
        if self._routes is None:
            self._routes = app_routes(scope["app"])
        role = matched_role(self._routes, scope)
        identity, session_id = await self._authenticate(request)
        if identity is None and role != PUBLIC:
            raise AuthError("log in first (a session cookie or an Authorization: Bearer token)")
        if identity is not None and not allows(identity.role, role):
            raise Forbidden(f"{request.method} {request.url.path} needs the {role} role; "
                            f"{identity.name} is {identity.role}")
        if unsafe and session_id is not None and role != PUBLIC:
            if not self.keys.csrf_ok(session_id, request.headers.get(CSRF_HEADER)):
                raise CrossSiteRefused("the X-CSRF-Token header is missing or wrong for this session")
        return identity, session_id

    async def _authenticate(self, request: Request) -> tuple[Identity | None, str | None]:
        from marsad.auth.accounts import authenticate_token
        from marsad.auth.sessions import resolve_session

        gate = request.app.state.gate
        token = bearer_token(request)
        if token is not None:
            identity = self.cache.get("token:" + token)
            if identity is None:
                identity = await run_in_threadpool(gate, lambda s: authenticate_token(s, token))
                self.cache.put("token:" + token, identity)
            return identity, None
        session_id = request.cookies.get(SESSION_COOKIE)
        if not session_id:
            return None, None
        identity = self.cache.get("session:" + session_id)
        if identity is None:
            identity = await run_in_threadpool(gate, lambda s: resolve_session(s, self.keys, session_id))
            if identity is not None:
                self.cache.put("session:" + session_id, identity)
        return identity, (session_id if identity is not None else None)


def install(app: Any, settings: Any) -> None:
    """Put the guard in front of ``app`` (after its routes are included): refuse an undeclared
    route, and with ``settings.team`` a weak secret; map the access errors to 401/403/429."""
    import threading

    from marsad.auth.limits import LoginLimiter, SharedLoginLimiter
    from marsad.server.access import check_declared

    check_declared(app)
    keys = None
    if settings.team:
        from marsad.auth.accounts import check_secret
        from marsad.auth.sessions import MAX_SESSION, SessionKeys
        from marsad.auth.tokens import parse_duration

        keys = SessionKeys(check_secret(settings.secret_key))
        parse_duration(settings.session_ttl, maximum=MAX_SESSION)  # a bad session_ttl fails here, not at login
    app.state.session_keys = keys
    # several worker processes count failed logins together, from the audit trail
    app.state.login_limiter = SharedLoginLimiter(app.state.gate) if settings.workers > 1 else LoginLimiter()
    app.state.login_slots = threading.BoundedSemaphore(2)  # argon2 checks at once (64 MiB each)
    app.add_middleware(Guard, settings=settings, keys=keys)

    async def _access_error(request: Request, exc: MarsadError) -> JSONResponse:
        return error_response(exc)

    for cls in (AuthError, Forbidden):
        app.add_exception_handler(cls, _access_error)

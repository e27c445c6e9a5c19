"""Who may call which route: every route declares a role, and requests act as an identity.

A route declares its role with ``dependencies=[requires(ROLE)]`` on the route or on its router
(a route with several declarations needs the strongest). :func:`check_declared` runs when the app
is built and refuses an app with an undeclared route, so a new route cannot be forgotten; the
guard middleware (:mod:`marsad.server.guard`) looks the role up for each request and refuses it
before the route runs. The dependency itself checks again (defence in depth).

Without ``--team`` the server has no accounts: every request acts as the settings' user with the
admin role, as a single-user tool on loopback always did.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from marsad.auth.roles import ADMIN, ANALYST, PUBLIC, VIEWER, Identity, allows, rank
from marsad.errors import AuthError, Forbidden

__all__ = ["ADMIN", "ANALYST", "PUBLIC", "VIEWER", "IdentityDep", "acting_user", "check_declared",
           "requires", "route_role"]

# Routes the app gets from FastAPI or Starlette rather than from our routers, and their roles.
OTHER_ROUTES = {"/openapi.json": VIEWER}
PUBLIC_MOUNTS = ("/ui", "/vendor")  # the dashboard's own files and the bundled libraries


class RoleCheck:
    """The dependency a route declares; refuses identities below ``role``."""

    def __init__(self, role: str):
        rank(role)  # a typo fails at import time
        self.role = role

    async def __call__(self, request: Request) -> None:
        # async: it does no I/O, and FastAPI runs a plain function dependency in a thread of the
        # pool, a hand-over that cost about as much as a cached answer
        identity = current_identity(request)
        if identity is None:
            if self.role != PUBLIC:
                raise AuthError("log in first (a session cookie or an Authorization: Bearer token)")
            return
        identity.require(self.role, f"{request.method} {request.url.path}")

    def __repr__(self) -> str:
        return f"requires({self.role!r})"


def requires(role: str) -> Any:
    """``dependencies=[requires(ANALYST)]``: the route needs at least ``role``."""
    return Depends(RoleCheck(role))


def app_routes(app: Any) -> list:
    """Every route of ``app``, flattened. Recent FastAPI keeps an included router as one lazy
    branch in ``app.routes``; its route contexts carry the path, methods, dependencies and
    ``matches`` of each route as served."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazy includes: app.routes is already flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def route_role(route: Any) -> str | None:
    """The role a route declared (the strongest of its declarations), None when it has none."""
    original = getattr(route, "original_route", route)
    if isinstance(original, APIRoute):
        deps = getattr(route, "dependencies", None) or original.dependencies
        roles = [d.dependency.role for d in deps if isinstance(d.dependency, RoleCheck)]
        return max(roles, key=rank) if roles else None
    if isinstance(original, Mount):
        return PUBLIC if original.path in PUBLIC_MOUNTS else None
    if isinstance(original, Route):
        return OTHER_ROUTES.get(original.path)
    return None


def check_declared(app: Any) -> None:
    """Refuse to build an app with a route that declares no role."""
    missing = [str(getattr(r, "path", r)) for r in app_routes(app) if route_role(r) is None]
    if missing:
        raise RuntimeError(f"routes without a role (add dependencies=[requires(ROLE)]): {', '.join(missing)}")


def current_identity(request: Request) -> Identity | None:
    return request.scope.get("state", {}).get("identity")


async def identity_of(request: Request) -> Identity:
    identity = current_identity(request)
    if identity is None:
        raise AuthError("log in first (a session cookie or an Authorization: Bearer token)")
    return identity


IdentityDep = Annotated[Identity, Depends(identity_of)]


def acting_user(identity: Identity, claimed: str | None) -> str:
    """The name an audit record carries. With accounts it is always the authenticated user,
    whatever the request body says; without (``via`` ``local``) the body may name who acts, as a
    single user's scripts always could."""
    if identity.via == "local" and claimed:
        return claimed
    return identity.name


def require_role(identity: Identity, role: str, what: str) -> None:
    """For a route whose role depends on what it is asked to do (a reliability grade is an
    admin's decision, other edits an analyst's)."""
    if not allows(identity.role, role):
        raise Forbidden(f"{what} needs the {role} role; {identity.name} is {identity.role}")


def record_export(gate: Any, identity: Identity, what: str, details: dict) -> None:
    """File an ``export`` record for a logged-in user (a server without accounts files none)."""
    if identity.via == "local":
        return
    clean = {k: v for k, v in details.items() if v not in (None, "", [], ())}
    gate(lambda s: s.record_access(identity.name, "export", "export", what, clean))

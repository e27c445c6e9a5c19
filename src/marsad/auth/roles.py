"""Roles and the identity a request or command acts as.

Three roles, each including the one below: ``viewer`` reads; ``analyst`` also creates and reviews
facts and works on ACH matrices; ``admin`` also manages users and tokens, grades sources and reads
the full audit trail. ``public`` is not a role a user has: it marks what needs no login at all (the
login route, the dashboard's static files).
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.errors import AccountError, Forbidden

PUBLIC, VIEWER, ANALYST, ADMIN = "public", "viewer", "analyst", "admin"
ROLES: tuple[str, ...] = (VIEWER, ANALYST, ADMIN)  # the roles a user can have, weakest first
_RANK = {PUBLIC: 0, VIEWER: 1, ANALYST: 2, ADMIN: 3}


def check_role(role: str) -> str:
    """``role`` when it is one a user can have; AccountError otherwise."""
    r = str(role or "").strip().lower()
    if r not in ROLES:
        raise AccountError(f"role={role!r} is not one of: {', '.join(ROLES)}")
    return r


def rank(role: str) -> int:
    return _RANK[role]


def allows(role: str | None, needed: str) -> bool:
    """Whether a user of ``role`` may do what needs ``needed`` (``None``: not logged in)."""
    if needed == PUBLIC:
        return True
    return role is not None and _RANK.get(role, 0) >= _RANK[needed]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who acts: a user name and role, and how they were authenticated (``via``: ``session``,
    ``token:ID``, or ``local`` for the single-user server without accounts). ``clearance`` is the
    most restrictive TLP marking the identity may read (RED: everything; :mod:`marsad.markings`)."""

    name: str
    role: str
    via: str = "local"
    clearance: str = "RED"

    def require(self, needed: str, what: str = "this") -> None:
        """Raise Forbidden when this identity's role is below ``needed``."""
        if not allows(self.role, needed):
            raise Forbidden(f"{what} needs the {needed} role; {self.name} is {self.role}")

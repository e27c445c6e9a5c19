"""Accounts, roles, API tokens, sessions and login limits for the team server.

The library behind ``marsad users``, ``marsad tokens``, ``marsad audit`` and the server's
authentication (see docs/team-server.md): :mod:`~marsad.auth.roles` (roles and the acting
:class:`Identity`), :mod:`~marsad.auth.passwords` (argon2id), :mod:`~marsad.auth.tokens` (API
tokens, durations), :mod:`~marsad.auth.accounts` (account and token operations over a store),
:mod:`~marsad.auth.sessions` (dashboard sessions and CSRF tokens), :mod:`~marsad.auth.limits`
(login rate limiting).
"""

from marsad.auth.roles import ADMIN, ANALYST, PUBLIC, ROLES, VIEWER, Identity, allows

__all__ = ["ADMIN", "ANALYST", "PUBLIC", "ROLES", "VIEWER", "Identity", "allows"]

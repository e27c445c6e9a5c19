"""Account and token operations over a store: the functions the CLI and the admin API call.

Passwords are hashed here (argon2id) and tokens made here; the store keeps only hashes. ``actor``
is who makes the change (recorded in the audit trail): the admin's name on the server, the
settings' user on the command line.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from marsad.auth.passwords import hash_password
from marsad.auth.roles import ADMIN, Identity, check_role
from marsad.auth.tokens import expiry, new_token, parse_token, secret_matches
from marsad.errors import AccountError, AuthError, NotFound
from marsad.markings import DEFAULT_CLEARANCE, check_marking
from marsad.store.queries.accounts import now

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
TOUCH_EVERY = timedelta(minutes=1)  # a token's last use is written at most this often
RECORD_USE_AFTER = timedelta(minutes=10)  # a use after this long idle files a token-use record
MIN_SECRET_LENGTH = 32
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "marsad", "please-change-me"}


def check_name(name: str) -> str:
    """A user name: 1-64 letters, digits, ``.``, ``_``, ``@`` or ``-``, starting with a letter or
    digit (so that it is never mistaken for an option)."""
    n = str(name or "").strip()
    if not _NAME_RE.match(n):
        raise AccountError(f"user name {name!r} must be 1-64 letters, digits, '.', '_', '@' or '-', "
                           "starting with a letter or digit")
    return n


def add_user(store: Any, name: str, role: str, password: str, *, actor: str,
             clearance: str = DEFAULT_CLEARANCE) -> dict:
    """Create an account; returns ``{name, role, clearance, audit_id}``. ``clearance``: the most
    restrictive TLP marking the user may read (default GREEN)."""
    name, role = check_name(name), check_role(role)
    clearance = check_marking(clearance, "clearance")
    return store.add_user(name, role, hash_password(password), actor=actor, clearance=clearance)


def set_clearance(store: Any, name: str, clearance: str, *, actor: str) -> dict:
    """Change what a user may read (a TLP marking); ends nothing, the next request uses it."""
    return store.set_user(name, clearance=check_marking(clearance, "clearance"), actor=actor,
                          action="user-clearance")


def set_password(store: Any, name: str, password: str, *, actor: str) -> dict:
    """Give a user a new password (its open sessions end)."""
    store.user(name)
    return store.set_user(name, password_hash=hash_password(password), actor=actor, action="user-passwd")


def set_disabled(store: Any, name: str, disabled: bool = True, *, actor: str) -> dict:
    """Disable (or enable again) an account: a disabled user cannot log in, its sessions end and
    its tokens stop working."""
    return store.set_user(name, disabled=disabled, actor=actor, action="user-disable" if disabled else "user-enable")


def set_role(store: Any, name: str, role: str, *, actor: str) -> dict:
    return store.set_user(name, role=check_role(role), actor=actor, action="user-role")


def create_token(store: Any, user: str, expires: str = "30d", note: str | None = None, *, actor: str) -> dict:
    """A new API token for ``user``: ``{id, user, expires_at, token}``. ``token`` is the only
    copy of the secret; it cannot be shown again."""
    row = store.user(user)
    if row["disabled"]:
        raise AccountError(f"user {user!r} is disabled; enable it before giving it a token")
    token_id, secret_hash, token = new_token()
    out = store.add_token(token_id, user, secret_hash, expiry(expires, now()), note, actor=actor)
    return {**out, "token": token}


def token_state(row: dict, at: datetime | None = None) -> str:
    """``active``, ``expired`` or ``revoked``."""
    at = at or now()
    if row.get("revoked_at") is not None and row["revoked_at"] == row["revoked_at"]:
        return "revoked"
    exp = row.get("expires_at")
    return "expired" if exp is not None and exp == exp and _as_time(exp) <= at else "active"


def _as_time(v: Any) -> datetime:
    if isinstance(v, str):
        return datetime.fromisoformat(v)
    return v.to_pydatetime() if hasattr(v, "to_pydatetime") else v


def list_tokens(store: Any, user: str | None = None):
    """The store's tokens with a ``state`` column (active, expired, revoked)."""
    df = store.tokens(user)
    df["state"] = [token_state(r) for r in df.to_dict("records")] if len(df) else []
    return df


def authenticate_token(store: Any, token: str, *, at: datetime | None = None) -> Identity:
    """The identity a bearer token stands for; AuthError (one message for every reason, so that
    a caller learns nothing about which tokens exist) when it is malformed, unknown, wrong,
    revoked, expired, or its user is disabled. Notes the use (at most once a minute) and files a
    ``token-use`` record when the token had not been used for ten minutes."""
    refused = AuthError("the token is not valid (unknown, expired or revoked)")
    parsed = parse_token(token)
    if parsed is None:
        raise refused
    token_id, secret = parsed
    try:
        row = store.token(token_id)
    except NotFound:
        raise refused from None
    at = at or now()
    if not secret_matches(secret, row["token_hash"]) or token_state(row, at) != "active":
        raise refused
    if row["role"] is None or row["disabled"]:
        raise refused
    last = row.get("last_used_at")
    last = None if last is None or last != last else _as_time(last)
    if last is None or at - last >= TOUCH_EVERY:
        store.touch_token(token_id, at, record=last is None or at - last >= RECORD_USE_AFTER)
    return Identity(row["user_name"], row["role"], via=f"token:{token_id}",
                    clearance=row.get("clearance") or DEFAULT_CLEARANCE)


def check_secret(secret: str | None) -> str:
    """The server secret when it is fit for a team server: set, not a placeholder, at least 32
    characters."""
    s = (secret or "").strip()
    if s.lower() in PLACEHOLDER_SECRETS:
        raise AccountError("the team server needs a secret key: set MARSAD_SECRET_KEY or secret_key in the "
                           "settings file (e.g. the output of: python3 -c 'import secrets; "
                           "print(secrets.token_urlsafe(32))')")
    if len(s) < MIN_SECRET_LENGTH:
        raise AccountError(f"the secret key has {len(s)} characters; a team server needs at least "
                           f"{MIN_SECRET_LENGTH} (random ones)")
    return s


def check_team_ready(store: Any, secret: str | None) -> None:
    """Raise AccountError unless a team server can start: a strong secret and an enabled admin."""
    check_secret(secret)
    if not store.has_admin():
        raise AccountError(f"the team server needs an admin account first: marsad users add NAME --role {ADMIN} "
                           f"--db {store.url}")

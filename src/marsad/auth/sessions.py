"""Dashboard sessions and their CSRF tokens.

A login gives the browser a random session id (256 bits) in an HttpOnly cookie. The store keeps
only ``HMAC(secret, id)``, so neither a copy of the database nor of the sessions table lets anyone
act as a user, and changing the secret ends every session. The CSRF token is
``HMAC(secret, "csrf:" + id)``: the dashboard receives it from ``/api/auth/login`` or
``/api/auth/me`` and sends it back in the ``X-CSRF-Token`` header; another site can neither read
it nor compute it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from marsad.auth.passwords import dummy_hash, needs_rehash, verify_password
from marsad.auth.roles import Identity
from marsad.auth.tokens import parse_duration
from marsad.errors import AuthError, NotFound
from marsad.markings import DEFAULT_CLEARANCE
from marsad.store.queries.accounts import now

TOUCH_EVERY = timedelta(minutes=1)
MAX_SESSION = timedelta(days=30)


class SessionKeys:
    """The keyed hashes derived from the server secret."""

    def __init__(self, secret: str):
        self._key = secret.encode("utf-8")

    def _mac(self, text: str) -> str:
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def id_hash(self, session_id: str) -> str:
        return self._mac("session:" + session_id)

    def csrf_token(self, session_id: str) -> str:
        return self._mac("csrf:" + session_id)

    def csrf_ok(self, session_id: str, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf_token(session_id), given)


def login_row(store: Any, name: str) -> dict | None:
    """The stored account of ``name`` (with its hash), or None."""
    try:
        return store.user(name)
    except NotFound:
        return None


def verify_login(row: dict | None, password: str) -> Identity:
    """The identity of an account row when ``password`` is right and the account enabled;
    AuthError with one message otherwise. An unknown name (``row`` None) costs the same hashing
    time as a known one. Call it outside any store lock: argon2 takes a while on purpose."""
    refused = AuthError("wrong user name or password")
    if row is None:
        verify_password(dummy_hash(), password)
        raise refused
    if not verify_password(row["password_hash"], password) or row["disabled"]:
        raise refused
    return Identity(row["name"], row["role"], via="session", clearance=row.get("clearance") or DEFAULT_CLEARANCE)


def rehash_if_needed(store: Any, row: dict, password: str) -> None:
    """Store a new hash when the stored one was made with weaker parameters than today's."""
    if needs_rehash(row["password_hash"]):
        from marsad.auth.passwords import hash_password

        store.set_user(row["name"], password_hash=hash_password(password), actor=row["name"],
                       action="user-rehash", end_sessions=False)


def open_session(store: Any, keys: SessionKeys, identity: Identity, *, ttl: str, remote: str | None) -> dict:
    """Start a session for a logged-in identity: ``{session_id, csrf_token, expires_at}``."""
    session_id = secrets.token_urlsafe(32)
    expires_at = now() + parse_duration(ttl, maximum=MAX_SESSION)
    store.add_session(keys.id_hash(session_id), identity.name, expires_at, remote)
    return {"session_id": session_id, "csrf_token": keys.csrf_token(session_id), "expires_at": expires_at}


def resolve_session(store: Any, keys: SessionKeys, session_id: str | None,
                    at: datetime | None = None) -> Identity | None:
    """The identity of a live session (None when the id is unknown, expired, or its user is
    disabled). Notes the session's last activity at most once a minute."""
    if not session_id or len(session_id) > 200:
        return None
    id_hash = keys.id_hash(session_id)
    row = store.session(id_hash)
    at = at or now()
    if row is None or row["disabled"] or _time(row["expires_at"]) <= at:
        return None
    if at - _time(row["last_seen_at"]) >= TOUCH_EVERY:
        store.touch_session(id_hash, at)
    return Identity(row["user_name"], row["role"], via="session",
                    clearance=row.get("clearance") or DEFAULT_CLEARANCE)


def close_session(store: Any, keys: SessionKeys, session_id: str, identity: Identity,
                  remote: str | None) -> None:
    store.end_session(keys.id_hash(session_id), user=identity.name, remote=remote)


def _time(v: Any) -> datetime:
    return v.to_pydatetime() if hasattr(v, "to_pydatetime") else v

"""API tokens and durations.

A token reads ``msd_<id>_<secret>``: the id (8 hex digits) names the stored row, the secret (43
URL-safe characters, 256 random bits) is shown once and only its SHA-256 is stored. A plain hash
suffices here (unlike passwords): the secret is random, so there is nothing to guess offline.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from marsad.errors import AccountError

PREFIX = "msd_"
_TOKEN_RE = re.compile(r"^msd_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")
_DURATION_RE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_TOKEN_LIFE = timedelta(days=366)


def parse_duration(text: str, *, maximum: timedelta | None = None) -> timedelta:
    """``"30d"``, ``"12h"``, ``"90m"``, ``"2w"`` as a timedelta (positive, at most ``maximum``)."""
    m = _DURATION_RE.match(str(text or ""))
    if not m or int(m.group(1)) == 0:
        raise AccountError(f"{text!r} is not a duration such as 90m, 12h, 30d or 2w")
    span = timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if maximum is not None and span > maximum:
        raise AccountError(f"{text!r} is longer than the longest allowed, {maximum.days} days")
    return span


def new_token() -> tuple[str, str, str]:
    """A fresh ``(token_id, secret_hash, token)``: store the first two, show the third once."""
    token_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return f"tk-{token_id}", hash_secret(secret), f"{PREFIX}{token_id}_{secret}"


def parse_token(token: str) -> tuple[str, str] | None:
    """``(token_id, secret)`` of a well-formed token, None otherwise."""
    m = _TOKEN_RE.match(token or "")
    return (f"tk-{m.group(1)}", m.group(2)) if m else None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash or "")


def expiry(expires: str, now: datetime) -> datetime:
    """The expiry time of a token created at ``now`` that lasts ``expires`` (e.g. ``"30d"``)."""
    return now + parse_duration(expires, maximum=MAX_TOKEN_LIFE)

"""Signed pagination cursors.

A cursor is the sort key of the last row of a page, as ``<payload>.<signature>``: the payload is
URL-safe base64 of a JSON object ``{"l": list, "k": [values]}`` and the signature an HMAC-SHA256
of it (128 bits kept) under a key kept in the database (``store_keys``), created the first time a
cursor is made, so every process that opens the same database signs and checks alike.

:func:`read` returns the key values only for a cursor that this database signed, for the same
list, with values of the expected types; anything else (forged, altered, truncated, from another
list or another database) is None, and the stores then try the string as the id of the last row
seen (which also works as a cursor) before refusing it with a clear StoreError.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

KEY_NAME = "cursor"
SIGNATURE_BYTES = 16
MAX_TEXT = 1000  # longest id or name a cursor may carry


def new_secret() -> str:
    return secrets.token_hex(32)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: str) -> bytes:
    return hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES]


def make(secret: bytes, listing: str, values: Sequence[Any]) -> str:
    """The cursor continuing ``listing`` (events, documents, ...) after the row keyed ``values``."""
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    payload = _b64(json.dumps({"l": listing, "k": plain}, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_b64(_mac(secret, payload))}"


def read(secret: bytes, listing: str, cursor: str, shape: Callable[[list], bool]) -> list | None:
    """The key values inside ``cursor`` when it is one of ours for ``listing`` and ``shape`` accepts
    them; else None."""
    if not isinstance(cursor, str) or cursor.count(".") != 1 or len(cursor) > 4 * MAX_TEXT:
        return None
    payload, signature = cursor.split(".")
    try:
        given = _unb64(signature)
        if not payload.isascii() or not hmac.compare_digest(given, _mac(secret, payload)):
            return None
        data = json.loads(_unb64(payload).decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("l") != listing or not isinstance(data.get("k"), list):
        return None
    values = data["k"]
    return values if shape(values) else None


# --------------------------------------------------------------------------- key shapes


def _text(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= MAX_TEXT


def _iso_day(v: Any) -> bool:
    if not isinstance(v, str) or len(v) != 10:
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


def day_and_id(values: list) -> bool:
    """Lists ordered by a day, newest first, then by id: events, documents, claims."""
    return len(values) == 2 and _iso_day(values[0]) and _text(values[1])


def just_id(values: list) -> bool:
    """Lists ranked in Python, continued after an id: actors."""
    return len(values) == 1 and _text(values[0])


def count_name_id(values: list) -> bool:
    """Places: most events first, then name and id."""
    if len(values) != 3:
        return False
    n, name, ident = values
    return (isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**62
            and isinstance(name, str) and len(name) <= MAX_TEXT and _text(ident))

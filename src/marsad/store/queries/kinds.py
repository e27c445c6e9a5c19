"""What can be reviewed: each kind of fact, its table and the fields an analyst may edit, each
with the validator that turns a submitted value into a stored one.

Validators raise ValueError with a message naming the accepted values; numbers must be finite and
within bounds (counts 0 to :data:`MAX_COUNT`, latitude -90 to 90, longitude -180 to 180), text is
a string of at most :data:`MAX_TEXT` characters without NUL, enumerations are checked."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.model import ACTOR_KINDS, RELATION_TYPES, check_date
from marsad.ontology import PLOVER_TYPES
from marsad.store.filters import as_list

REVIEW_ACTIONS = ("confirm", "reject", "edit")

GRADES = tuple("ABCDEF")

MAX_COUNT = 1_000_000  # fatalities, injuries: more than any single event has had
MAX_CLAIM_VALUE = 1e12  # a figure in a report (money included) stays below this
MAX_TEXT = 20_000  # characters in one edited text field
ALL_MODES = tuple(sorted({m for modes in PLOVER_TYPES.values() for m in modes}))


@dataclass(frozen=True)
class _Kind:
    table: str
    editable: dict[str, Callable[[Any], Any]]
    has_status: bool = True
    refuse: bool = True  # whether re-ingestion must honour its overrides


def _number(v: Any) -> float:
    """A finite number from a JSON number or a numeric string; ValueError for anything else."""
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise ValueError("not a number")
    x = float(v)  # ValueError for text that is not a number
    if not math.isfinite(x):
        raise ValueError("not a finite number")
    return x


def _whole(v: Any, lo: int, hi: int, what: str) -> int:
    try:
        x = _number(v)
    except ValueError:
        raise ValueError(f"{what} is a whole number from {lo:,} to {hi:,}") from None
    if x != int(x) or not lo <= x <= hi:
        raise ValueError(f"{what} is a whole number from {lo:,} to {hi:,}")
    return int(x)


def _count(what: str, hi: int = MAX_COUNT) -> Callable[[Any], int | None]:
    def check(v: Any) -> int | None:
        return None if v is None or v == "" else _whole(v, 0, hi, what)

    return check


def _credibility(v: Any) -> int:
    try:
        return _whole(v, 1, 6, "credibility")
    except ValueError:
        raise ValueError("credibility is 1 (confirmed) to 6 (cannot be judged)") from None


def _degrees(what: str, limit: float) -> Callable[[Any], float | None]:
    def check(v: Any) -> float | None:
        if v is None or v == "":
            return None
        try:
            x = _number(v)
        except ValueError:
            x = math.inf
        if not -limit <= x <= limit:
            raise ValueError(f"{what} is a number of degrees from {-limit:g} to {limit:g}")
        return x

    return check


def _claim_value(v: Any) -> float:
    x = _number(v)
    if abs(x) > MAX_CLAIM_VALUE:
        raise ValueError(f"a claimed figure is at most {MAX_CLAIM_VALUE:g} in size")
    return x


def check_grade(v: Any) -> str:
    g = str(v).strip().upper()
    if g not in GRADES:
        raise ValueError("reliability is an Admiralty grade A (reliable) to F (cannot be judged)")
    return g


def _type(v: Any) -> str:
    t = str(v).upper()
    if t not in PLOVER_TYPES:
        raise ValueError(f"type is one of {', '.join(PLOVER_TYPES)}")
    return t


def _date(v: Any) -> str | None:
    if v in (None, ""):
        return None
    check_date(str(v))
    return str(v)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dict | list | tuple | set):
        raise ValueError("is text, not a list or an object")
    s = str(v)
    if len(s) > MAX_TEXT:
        raise ValueError(f"is at most {MAX_TEXT:,} characters long")
    if "\x00" in s:
        raise ValueError("contains a NUL character")
    return s


def _name(v: Any) -> str:
    s = (_text(v) or "").strip()
    if not s:
        raise ValueError("a name cannot be empty")
    return s


def check_mode(event_type: Any, mode: str) -> None:
    """Refuse a mode that the event's PLOVER type does not have (StoreError)."""
    from marsad.errors import StoreError

    allowed = PLOVER_TYPES.get(str(event_type or "").upper(), ())
    if mode not in allowed:
        have = f"one of {', '.join(allowed)}" if allowed else "none (leave it empty)"
        raise StoreError(f"mode={mode!r} is not a mode of {event_type}: its modes are {have}")


def _mode(v: Any) -> str | None:
    """Any PLOVER mode; :meth:`ReviewQueries.review` checks it against the event's type."""
    if v in (None, ""):
        return None
    s = str(v).strip().lower()
    if s not in ALL_MODES:
        raise ValueError(f"mode is one of the PLOVER modes ({', '.join(ALL_MODES)})")
    return s


def _country(v: Any) -> str | None:
    if v in (None, ""):
        return None
    s = str(v).strip()
    if len(s) != 2 or not s.isalpha():
        raise ValueError("country is an ISO 3166-1 alpha-2 code")
    return s.upper()


def _one_of(what: str, allowed: Sequence[str]) -> Callable[[Any], str]:
    """A validator accepting exactly one of ``allowed`` (its message names ``what``)."""

    def check(v: Any) -> str:
        s = str(v)
        if s not in allowed:
            raise ValueError(f"{what} is one of {', '.join(allowed)}")
        return s

    return check

_certainty = _one_of("certainty", ("asserted", "reported", "denied", "hypothetical"))

_relation_type = _one_of("type", RELATION_TYPES)

_actor_kind = _one_of("kind", ACTOR_KINDS)

_lat = _degrees("latitude", 90)

_lon = _degrees("longitude", 180)


def _aliases(v: Any) -> str:
    if isinstance(v, dict):
        raise ValueError("aliases are a list of names")
    items = [_name(x) for x in as_list(v) or []]
    return json.dumps(items, ensure_ascii=False)

KINDS: dict[str, _Kind] = {
    "event": _Kind("events", {
        "type": _type, "mode": _mode, "subtype": _text, "date": _date, "place_id": _text,
        "place_name": _text, "admin1": _text, "country": _country, "lat": _lat, "lon": _lon,
        "source_actor_id": _text, "source_actor_name": _text, "target_actor_id": _text,
        "target_actor_name": _text, "fatalities": _count("fatalities"), "injuries": _count("injuries"),
        "certainty": _certainty, "credibility": _credibility,
    }),
    "claim": _Kind("claims", {
        "value": _claim_value, "unit": _text, "subject": _text, "period_start": _date, "period_end": _date,
        "credibility": _credibility,
    }),
    "relation": _Kind("relations", {
        "type": _relation_type, "source_id": _text, "target_id": _text, "credibility": _credibility,
    }),
    "actor": _Kind("actors", {
        "name": _name, "kind": _actor_kind, "sector": _text, "acled_inter": _count("acled_inter", 99),
        "country": _country, "description": _text, "aliases": _aliases,
    }, refuse=False),
    "place": _Kind("places", {
        "name": _name, "admin1": _text, "country": _country, "lat": _lat, "lon": _lon,
    }, refuse=False),
    "mention": _Kind("mentions", {"ref_id": _text, "name": _text}),
    "document": _Kind("documents", {
        "reliability": check_grade, "title": _text, "source": _text, "url": _text,
    }, has_status=False, refuse=False),
}

"""What can be reviewed: each kind of fact, its table and the fields an analyst may edit, each
with the validator that turns a submitted value into a stored one."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.model import ACTOR_KINDS, RELATION_TYPES, check_date
from marsad.ontology import PLOVER_TYPES
from marsad.store.filters import as_list

REVIEW_ACTIONS = ("confirm", "reject", "edit")

GRADES = tuple("ABCDEF")


@dataclass(frozen=True)
class _Kind:
    table: str
    editable: dict[str, Callable[[Any], Any]]
    has_status: bool = True
    refuse: bool = True  # whether re-ingestion must honour its overrides


def _int_or_none(v: Any) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError("not a number")
    n = int(v)
    if n < 0 or float(v) != n:
        raise ValueError("not a whole number >= 0")
    return n


def _credibility(v: Any) -> int:
    n = int(v)
    if isinstance(v, bool) or not 1 <= n <= 6 or float(v) != n:
        raise ValueError("credibility is 1 (confirmed) to 6 (cannot be judged)")
    return n


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
    return None if v is None else str(v)


def _float(v: Any) -> float | None:
    return None if v in (None, "") else float(v)


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


def _aliases(v: Any) -> str:
    items = as_list(v) or []
    return json.dumps(items, ensure_ascii=False)

KINDS: dict[str, _Kind] = {
    "event": _Kind("events", {
        "type": _type, "mode": _text, "subtype": _text, "date": _date, "place_id": _text,
        "place_name": _text, "admin1": _text, "country": _country, "lat": _float, "lon": _float,
        "source_actor_id": _text, "source_actor_name": _text, "target_actor_id": _text,
        "target_actor_name": _text, "fatalities": _int_or_none, "injuries": _int_or_none,
        "certainty": _certainty, "credibility": _credibility,
    }),
    "claim": _Kind("claims", {
        "value": float, "unit": _text, "subject": _text, "period_start": _date, "period_end": _date,
        "credibility": _credibility,
    }),
    "relation": _Kind("relations", {
        "type": _relation_type, "source_id": _text, "target_id": _text, "credibility": _credibility,
    }),
    "actor": _Kind("actors", {
        "name": str, "kind": _actor_kind, "sector": _text, "acled_inter": _int_or_none,
        "country": _country, "description": _text, "aliases": _aliases,
    }, refuse=False),
    "place": _Kind("places", {
        "name": str, "admin1": _text, "country": _country, "lat": _float, "lon": _float,
    }, refuse=False),
    "mention": _Kind("mentions", {"ref_id": _text, "name": _text}),
    "document": _Kind("documents", {
        "reliability": check_grade, "title": _text, "source": _text, "url": _text,
    }, has_status=False, refuse=False),
}

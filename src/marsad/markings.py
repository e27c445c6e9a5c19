"""TLP 2.0 markings: the five levels, their order, and clearances.

A document carries one marking, set at ingest; a user has a clearance (a marking too). A user may
see what is marked at or below their clearance: ``CLEAR < GREEN < AMBER < AMBER+STRICT < RED``.
Every derived fact carries the most restrictive marking of its sources, and is visible to a user
when at least one of its sources is (see docs/team-server.md, "Markings").
"""

from __future__ import annotations

from typing import Any

from marsad.errors import MarkingError

LEVELS: tuple[str, ...] = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
RANK: dict[str, int] = {name: i for i, name in enumerate(LEVELS)}
TOP = len(LEVELS) - 1  # RED: a clearance that sees everything
DEFAULT_MARKING = "CLEAR"  # a document ingested without one
DEFAULT_CLEARANCE = "GREEN"  # a user added without one

_ALIASES = {"WHITE": "CLEAR", "AMBER-STRICT": "AMBER+STRICT", "AMBER_STRICT": "AMBER+STRICT"}


def check_marking(value: Any, what: str = "tlp") -> str:
    """The canonical name of a marking (``amber`` -> ``AMBER``, ``TLP:RED`` -> ``RED``);
    MarkingError naming ``what`` and the accepted values otherwise."""
    s = str(value or "").strip().upper() if isinstance(value, str) else ""
    if s.startswith("TLP:"):
        s = s[4:]
    s = _ALIASES.get(s, s)
    if s not in RANK:
        raise MarkingError(f"{what}={value!r} is not a TLP 2.0 marking; use one of: {', '.join(LEVELS)}")
    return s


def rank(marking: str) -> int:
    return RANK[check_marking(marking)]


def most_restrictive(*markings: str | None) -> str | None:
    """The most restrictive of the markings given (None ignored; None when none is given)."""
    given = [check_marking(m) for m in markings if m is not None]
    return max(given, key=RANK.__getitem__) if given else None


def clearance_rank(clearance: str | None) -> int | None:
    """The rank a store filters on: None (no filter) for no clearance or RED, which sees everything."""
    if clearance is None:
        return None
    r = rank(clearance)
    return None if r >= TOP else r

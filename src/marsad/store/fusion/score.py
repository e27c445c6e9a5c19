"""Scored matching: how strongly a reported event (an ``event_sources`` row) and a fused event (an
``events`` row) look like the same real-world occurrence.

Each feature is a number in [-1, 1] (1: agrees, 0: says nothing, -1: disagrees); the score is the
weighted mean over all features, so it lies in [-1, 1] too. Some disagreements are vetoes (the
score is ``-1`` whatever the rest says): unrelated types, an undated report against a dated event,
dates more than ``MAX_DAY_GAP`` days apart, places in different countries or governorates, two
different known actors on one side (this keeps a U.S. strike apart from the militia attack it
answered: their source and target are swapped), two events of one document, and pairs on which
nothing specific agrees (no actor, no same place, no similar evidence: type, date and country alone).

``WEIGHTS`` and ``THRESHOLD`` were set on the fusion gold (``marsad.store.fusion.gold``; the
numbers are in docs/store.md). Everything here works on plain dicts so that a batch job can run it.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from marsad.store import fuse as fz
from marsad.store.filters import day_range as _day_range
from marsad.text import name_key

day_range = lru_cache(maxsize=65536)(_day_range)

WEIGHTS: dict[str, float] = {
    "type": 1.0, "mode": 0.5, "date": 2.0, "place": 2.0, "source_actor": 1.5, "target_actor": 1.5,
    "fatalities": 0.5, "evidence": 1.0,
}
THRESHOLD = 0.35
MAX_DAY_GAP = 3  # day-precision dates further apart than this never fuse
VETO = -1.0

# Types that one source may report for what another calls by the other name.
NEAR_TYPES: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"COERCE"}),
    "COERCE": frozenset({"ASSAULT"}),
    "ACCUSE": frozenset({"REJECT"}),
    "REJECT": frozenset({"ACCUSE"}),
}
# Modes that describe one weapon differently ("drone attack" and "airstrike").
_NEAR_MODES = (
    frozenset({"drone", "aerial"}),
    frozenset({"heavy-weapons", "explosives", "aerial"}),
    frozenset({"targeted", "firearms"}),
    frozenset({"targeted", "drone", "aerial"}),
    frozenset({"suicide-attack", "explosives"}),
    frozenset({"resign", "withdraw"}),
    frozenset({"demo", "riot", "obstruct"}),
)


def type_group(t: str) -> frozenset[str]:
    """The types a report of type ``t`` may fuse with (itself and its near types)."""
    return frozenset({t}) | NEAR_TYPES.get(t, frozenset())


def type_feature(a: str, b: str) -> float | None:
    if a == b:
        return 1.0
    return 0.5 if b in NEAR_TYPES.get(a, ()) else None  # None: veto


def mode_feature(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return 0.5 if any(a in g and b in g for g in _NEAR_MODES) else -1.0


def date_feature(a: str | None, b: str | None) -> float | None:
    """1 for the same day (or agreement at the coarser precision), less for a slip of a day or two;
    None (veto) when undated against dated or too far apart."""
    if a is None or b is None:
        return 1.0 if a is None and b is None else None
    alo, ahi = day_range(a)
    blo, bhi = day_range(b)
    gap = max((blo - ahi).days, (alo - bhi).days, 0)
    if gap > MAX_DAY_GAP:
        return None
    coarse = len(a) < 10 or len(b) < 10
    if gap == 0:
        return 0.6 if coarse else 1.0
    return {1: 0.5, 2: 0.1}.get(gap, -0.5) - (0.3 if coarse else 0.0)


def _km(a: dict, b: dict) -> float | None:
    try:
        la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (a["lat"], a["lon"], b["lat"], b["lon"]))
    except (KeyError, TypeError, ValueError):
        return None
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def place_feature(a: dict, b: dict) -> float | None:
    """Same place 1; containment (governorate and town, country and anything in it) 0.5; no place
    on one side 0; two places of one governorate -1 (0.6 when their coordinates are within 10 km);
    different countries or governorates: veto."""
    ia, ib = fz.place_info_of(a), fz.place_info_of(b)
    ok, exact = fz.places_compatible_info(ia, ib)
    if exact:
        return 1.0
    if ok:
        if ia[5] or ib[5]:
            return 0.0
        return 1.0 if ia[1] and ia[2] == ib[2] else 0.5
    if ia[4] and ib[4] and ia[4] != ib[4]:
        return None
    if ia[3] is not None and ib[3] is not None and ia[3] != ib[3]:
        return None
    km = _km(a, b)
    if km is not None:
        return 0.6 if km <= 10 else (-0.5 if km <= 50 else None)
    return -1.0


def actor_feature(a: str | None, b: str | None, aff: fz.AffiliationIndex | None, lo: date | None,
                  hi: date | None) -> float | None:
    """Equal 1; linked by an identity affiliation in force (facade and umbrella, unit and
    organisation) 0.7; missing or unresolved on one side 0; two different known actors: veto."""
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    if fz.is_unknown(a) or fz.is_unknown(b):
        return 0.0
    if aff is not None and aff.linked(a, b, lo, hi):
        return 0.7
    return None


def fatalities_feature(a: int | None, b: int | None) -> float:
    if a is None or b is None:
        return 0.0
    a, b = int(a), int(b)
    if a == b:
        return 1.0
    if abs(a - b) <= 2 or min(a, b) >= 0.5 * max(a, b):
        return 0.5
    return -0.5


def evidence_similarity(a: str | None, b: str | None) -> float | None:
    """Token-set similarity of two evidence sentences, 0..1 (None when one is missing)."""
    if not a or not b:
        return None
    return fuzz.token_set_ratio(_norm(a), _norm(b)) / 100.0


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return name_key(text)


def evidence_feature(a: str | None, b: str | None) -> float:
    sim = evidence_similarity(a, b)
    if sim is None:
        return 0.0
    return max(-1.0, min(1.0, (sim - 0.45) * 2.5))


def features(event: dict, report: dict, aff: fz.AffiliationIndex | None = None) -> dict[str, float] | None:
    """The feature values of a (fused event, reported event) pair, or None for a veto. The cheap
    vetoes (type, date, actors, place) are tried first: most candidates end there."""
    t = type_feature(report["type"], event["type"])
    if t is None:
        return None
    d = date_feature(event.get("date"), report.get("date"))
    if d is None:
        return None
    lo, hi = day_range(report["date"]) if report.get("date") else (None, None)
    sa = actor_feature(event.get("source_actor_id"), report.get("source_actor_id"), aff, lo, hi)
    if sa is None:
        return None
    ta = actor_feature(event.get("target_actor_id"), report.get("target_actor_id"), aff, lo, hi)
    if ta is None:
        return None
    p = place_feature(event, report)
    if p is None:
        return None
    ev = evidence_feature(event.get("evidence_text"), report.get("evidence_text"))
    if max(sa, ta, ev) <= 0 and p < 1:
        return None  # nothing specific agrees: type, date and country alone are not one event
    f = {"type": t, "date": d, "place": p, "source_actor": sa, "target_actor": ta,
         "mode": mode_feature(event.get("mode"), report.get("mode")),
         "fatalities": fatalities_feature(event.get("fatalities"), report.get("fatalities")), "evidence": ev}
    return {k: round(v, 3) for k, v in f.items()}


def score_of(feats: dict[str, float] | None, weights: dict[str, float] | None = None) -> float:
    if feats is None:
        return VETO
    w = weights or WEIGHTS
    total = sum(w.values())
    return round(sum(w[k] * feats.get(k, 0.0) for k in w) / total, 4)


def match(event: dict, report: dict, aff: fz.AffiliationIndex | None = None,
          weights: dict[str, float] | None = None) -> tuple[float, dict[str, float] | None]:
    """``(score, features)`` of a pair; the score is ``VETO`` when a veto applies."""
    feats = features(event, report, aff)
    return score_of(feats, weights), feats

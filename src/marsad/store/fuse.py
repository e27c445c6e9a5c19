"""Cross-document fusion: which reported events are the same real-world event, what the fused
event says, where its sources disagree, and which claims are about the same quantity.

Pure functions over plain rows (dicts keyed by the ``events`` / ``event_sources`` / ``claims``
column names); the store feeds them candidates from the database and writes the results back.

Rules (docs/store.md explains them with examples):

* **same type**, and **mode** equal or missing on one side;
* **dates** equal when both are cut to the coarser precision; two day-precision dates one day apart
  also match when both name the same place id. An undated report only matches an undated event;
* **places** the same id; or one is a governorate (admin1-level) containing the other; or one names
  only a country and the other lies in it; a missing place matches any place;
* **actors** (source and target separately) equal, missing on one side, an unresolved name
  (``unk-...``) on one side, or linked by an identity-type pack affiliation active on the date
  (``member_of``, ``part_of``, ``front_for`` ...: a facade group and the Islamic Resistance in Iraq).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from marsad.store.filters import day_range
from marsad.text import name_key

# Affiliation types under which two actor ids may name the same perpetrator in different reports.
IDENTITY_AFFILIATIONS = frozenset(
    {"member_of", "part_of", "front_for", "facade_of", "brand_of", "alias_of", "claims_for", "umbrella_of"}
)
RELIABILITY = "ABCDEF"
# Attributes whose disagreement between sources is reported as a conflict.
CONFLICT_FIELDS = ("fatalities", "injuries", "date", "mode", "subtype", "place_id", "source_actor_id", "target_actor_id")
_PRECISION_LEN = {"day": 10, "month": 7, "year": 4}


def short_hash(*parts: object, n: int = 16) -> str:
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name_key(name)).strip("-")
    return s[:60] or short_hash(name, n=8)


def unknown_actor_id(name: str) -> str:
    """Generated id for an actor the pack does not know: ``unk-<slug of its name>``."""
    return f"unk-{slug(name)}"


def is_unknown(actor_id: str | None) -> bool:
    return actor_id is None or actor_id.startswith("unk-")


def event_id(row: dict, salt: int = 0) -> str:
    """Deterministic id: hash of type + date + place + source/target actor ids."""
    place = row.get("place_id") or name_key(row.get("place_name") or "") or row.get("country") or ""
    parts = [row["type"], row.get("date") or "", place, row.get("source_actor_id") or "", row.get("target_actor_id") or ""]
    if salt:
        parts.append(str(salt))
    return "ev-" + short_hash(*parts)


# --------------------------------------------------------------------------- affiliations


@dataclass
class AffiliationIndex:
    """Identity-type affiliations between actor ids, with their validity ranges."""

    spans: dict[frozenset, list[tuple[date | None, date | None]]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[dict], types=IDENTITY_AFFILIATIONS) -> AffiliationIndex:
        idx = cls()
        for r in rows:
            if r.get("type") not in types or r.get("source") == r.get("target"):
                continue
            lo = day_range(r.get("start_date"))[0] if r.get("start_date") else None
            hi = day_range(r.get("end_date"))[1] if r.get("end_date") else None
            idx.spans.setdefault(frozenset((r["source"], r["target"])), []).append((lo, hi))
        return idx

    def neighbours(self, a: str) -> set[str]:
        """Every actor linked to ``a`` at any date."""
        if getattr(self, "_nb", None) is None:
            nb: dict[str, set[str]] = {}
            for pair in self.spans:
                x, *rest = tuple(pair)
                y = rest[0] if rest else x
                nb.setdefault(x, set()).add(y)
                nb.setdefault(y, set()).add(x)
            self._nb = nb
        return self._nb.get(a, set())

    def linked(self, a: str, b: str, day_lo: date | None, day_hi: date | None) -> bool:
        for lo, hi in self.spans.get(frozenset((a, b)), ()):
            if lo and day_hi and day_hi < lo:
                continue
            if hi and day_lo and day_lo > hi:
                continue
            return True
        return False


# --------------------------------------------------------------------------- compatibility


def dates_compatible(a: str | None, b: str | None, same_place: bool) -> bool:
    if a is None or b is None:
        return a is None and b is None
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return True
    if len(a) == len(b) == 10 and same_place:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1
    return False


@lru_cache(maxsize=65536)
def _key(v: str) -> str:
    return name_key(v)


def _k(v: str | None) -> str:
    return _key(v) if v else ""


def _is_admin1_level(p: dict) -> bool:
    """A place that is a governorate itself (its name is its admin1), or an admin1 without a place."""
    return place_info(p.get("place_id"), p.get("place_name"), p.get("admin1"), p.get("country"))[7]


_COUNTRY_NAMES = frozenset(
    {"iraq", "syria", "jordan", "iran", "israel", "lebanon", "turkey", "turkiye", "kuwait", "saudi arabia", "united states"}
)


def _is_country_level(p: dict) -> bool:
    """A place that names only a country (no place id or a country's id/name, no admin1)."""
    return place_info(p.get("place_id"), p.get("place_name"), p.get("admin1"), p.get("country"))[6]


@lru_cache(maxsize=65536)
def place_info(place_id: str | None, place_name: str | None, admin1: str | None, country: str | None) -> tuple:
    """What place comparisons need of one place, computed once per distinct place:
    ``(place_id, has_name, name_key, admin1_key or None, COUNTRY, empty, country_level, admin1_level)``."""
    name = _k(place_name)
    adm = _k(admin1) if admin1 else None
    empty = not (place_id or place_name or admin1 or country)
    country_level = False
    if country and not admin1:
        pid = (place_id or "").lower()
        country_level = (not pid and not name) or pid == country.lower() or \
            pid.replace("-", " ") in _COUNTRY_NAMES or (not pid and name in _COUNTRY_NAMES)
    admin1_level = False
    if admin1:
        admin1_level = (not place_id and not place_name) or name == adm or (place_id or "") == slug(admin1)
    return (place_id, bool(place_name), name, adm, (country or "").upper(), empty, country_level, admin1_level)


def place_info_of(p: dict) -> tuple:
    return place_info(p.get("place_id"), p.get("place_name"), p.get("admin1"), p.get("country"))


def places_compatible(a: dict, b: dict) -> tuple[bool, bool]:
    """(compatible, exact): exact when both carry the same place id."""
    return places_compatible_info(place_info_of(a), place_info_of(b))


def places_compatible_info(a: tuple, b: tuple) -> tuple[bool, bool]:
    """:func:`places_compatible` on two :func:`place_info` tuples."""
    if a[0] and a[0] == b[0]:
        return True, True
    if a[5] or b[5]:
        return True, False
    if a[4] and b[4] and a[4] != b[4]:
        return False, False
    if not a[0] and not b[0] and a[2] and a[2] == b[2]:
        return True, False
    if a[6] or b[6]:
        return True, False
    if a[3] is not None and b[3] is not None and a[3] == b[3] and (a[7] or b[7]):
        return True, False
    return False, False


def actors_compatible(a: str | None, b: str | None, aff: AffiliationIndex | None, lo, hi) -> bool:
    if a == b or is_unknown(a) or is_unknown(b):
        return True
    return aff is not None and aff.linked(a, b, lo, hi)


def compatible(event: dict, report: dict, aff: AffiliationIndex | None = None) -> bool:
    """Whether a reported event (``report``, an event_sources row) is the fused ``event``."""
    if event["type"] != report["type"]:
        return False
    if event.get("mode") and report.get("mode") and event["mode"] != report["mode"]:
        return False
    # cheap date test first: most candidates fail here
    a, b = event.get("date"), report.get("date")
    same_id = bool(event.get("place_id")) and event.get("place_id") == report.get("place_id")
    if not dates_compatible(a, b, same_id):
        return False
    ok, _ = places_compatible(event, report)
    if not ok:
        return False
    lo, hi = day_range(report.get("date"))
    for side in ("source_actor_id", "target_actor_id"):
        if not actors_compatible(event.get(side), report.get(side), aff, lo, hi):
            return False
    return True


def bucket_keys(date_: str | None) -> list:
    """Candidate buckets to search for a report dated ``date_``: its year and the neighbouring years
    at a year boundary (the one-day tolerance), or the undated bucket."""
    if not date_:
        return [None]
    y = int(date_[:4])
    keys = [y]
    if len(date_) == 10 and date_[5:] in ("01-01", "12-31"):
        keys.append(y - 1 if date_[5:] == "01-01" else y + 1)
    return keys


# --------------------------------------------------------------------------- fused attributes


def rank_key(src: dict) -> tuple:
    """Best source first: most reliable grade (A..F), then most recent publication, then doc id."""
    grade = (src.get("reliability") or "F").upper()
    g = RELIABILITY.index(grade) if grade in RELIABILITY else len(RELIABILITY)
    pub = src.get("as_of") or ""
    return (g, _neg(pub), src.get("doc_id") or "", src.get("ordinal") or 0)


def _neg(s: str) -> tuple:
    return tuple(-ord(c) for c in s)


def _specificity(src: dict) -> int:
    return (2 if src.get("place_id") else 0) + (1 if src.get("admin1") else 0) + (1 if src.get("country") else 0)


def fuse(sources: list[dict]) -> tuple[dict, dict, dict]:
    """Fused attributes of one event from its source rows (each with ``reliability``, ``as_of``).

    Returns ``(fields, fused_from, conflicts)``: ``fields`` the event columns; ``fused_from`` which
    document each attribute came from; ``conflicts`` attribute -> [{doc_id, value, as_of,
    reliability}] for attributes on which sources disagree.
    """
    ranked = sorted(sources, key=rank_key)
    best = ranked[0]
    fields: dict = {"type": best["type"]}
    fused_from: dict = {"type": best["doc_id"]}

    def pick(cols: tuple[str, ...], order: list[dict]) -> None:
        for s in order:
            if s.get(cols[0]) is not None:
                for c in cols:
                    fields[c] = s.get(c)
                fused_from[cols[0]] = s["doc_id"]
                return
        for c in cols:
            fields[c] = None

    for col in ("mode", "subtype", "fatalities", "injuries", "certainty"):
        pick((col,), ranked)
    # Dates: the finest precision wins, then the source ranking.
    by_precision = sorted(ranked, key=lambda s: -len(s.get("date") or ""))
    pick(("date", "date_precision"), by_precision)
    by_place = sorted(ranked, key=lambda s: -_specificity(s))
    place_cols = ("place_id", "place_name", "admin1", "country", "lat", "lon")
    for s in by_place:
        if any(s.get(c) for c in place_cols[:4]):
            for c in place_cols:
                fields[c] = s.get(c)
            fused_from["place"] = s["doc_id"]
            break
    else:
        for c in place_cols:
            fields[c] = None
    for side in ("source_actor", "target_actor"):
        known = [s for s in ranked if s.get(f"{side}_id") and not is_unknown(s.get(f"{side}_id"))]
        order = known + [s for s in ranked if not (s.get(f"{side}_id") and not is_unknown(s.get(f"{side}_id")))]
        pick((f"{side}_id", f"{side}_name"), order)
    fields["date_precision"] = fields.get("date_precision") or _precision(fields.get("date"))
    lo, hi = day_range(fields.get("date"))
    fields["day_lo"], fields["day_hi"] = lo, hi
    fields.update(fuse_counts(sources))
    with_evidence = next((s for s in ranked if s.get("evidence_text")), None)
    fields["evidence_text"] = with_evidence["evidence_text"] if with_evidence else None
    if with_evidence:
        fused_from["evidence_text"] = with_evidence["doc_id"]
    return fields, fused_from, conflicts_of(sources)


def fuse_counts(sources: list[dict]) -> dict:
    """The fused values that depend on every source (``doc_id``, ``confidence``, ``as_of`` are
    enough): confidence (:func:`combined_confidence`), corroboration (distinct documents), first
    report and its document."""
    counts: dict[float | None, int] = {}
    for s in sources:
        counts[s.get("confidence")] = counts.get(s.get("confidence"), 0) + 1
    dated = min((s.get("as_of") or "9999", s["doc_id"]) for s in sources)
    return {"confidence": combined_confidence(counts), "corroboration": len({s["doc_id"] for s in sources}),
            "first_reported": dated[0] if dated[0] != "9999" else None, "first_document": dated[1]}


def combined_confidence(counts: dict[float | None, int]) -> float:
    """1 - the product of (1 - c) over the sources, from ``{confidence: number of sources}``
    (each distinct value raised to its count, in increasing order): the same multiset gives the
    same number whichever order the sources came in, so an event that gains sources can be
    updated from an aggregate instead of its rows."""
    rest = 1.0
    for c in sorted({float(c or 0.0) for c in counts}):
        n = sum(k for v, k in counts.items() if float(v or 0.0) == c)
        rest *= (1.0 - c) ** n
    return round(1.0 - rest, 4)


def _precision(d: str | None) -> str | None:
    return {10: "day", 7: "month", 4: "year"}.get(len(d)) if d else None


def conflicts_of(sources: list[dict]) -> dict:
    """Attributes on which sources (with a value) disagree, each source's value listed."""
    out = {}
    for col in CONFLICT_FIELDS:
        vals = {}
        for s in sources:
            v = s.get(col)
            if v is not None:
                vals.setdefault(s["doc_id"], (v, s))
        distinct = {v for v, _ in vals.values()}
        if col == "date":
            # dates at different precisions that agree when cut are not a conflict
            ds = sorted(distinct, key=len)
            if all(d[: len(ds[0])] == ds[0] for d in ds):
                distinct = {ds[0]} if ds else distinct
        if len(distinct) > 1:
            out[col] = [
                {"doc_id": d, "value": v, "as_of": s.get("as_of"), "reliability": s.get("reliability") or "F"}
                for d, (v, s) in sorted(vals.items())
            ]
    return out


# --------------------------------------------------------------------------- claims

_STOP = frozenset(
    "the a an of on in at to for by from and or with since over about more than less than its their his her "
    "this that these those were was are is be been as into against".split()
)


def keywords(text: str | None, unit: str | None = None) -> set[str]:
    """Content words of a claim subject: lower-case, plural ``s`` and stop words dropped, and the
    unit's own words left out (they say nothing about *which* quantity)."""
    if not text:
        return set()
    out = _words(text)
    return out - _words(unit) if unit else out


def _words(text: str | None) -> set[str]:
    out: set[str] = set()
    for w in re.findall(r"[a-z0-9]+", name_key(text or "").replace(".", "")):
        if w in _STOP or len(w) < 2:
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return out


def periods_overlap(a_start, a_end, b_start, b_end) -> bool:
    """Missing periods overlap everything; otherwise day ranges must intersect."""
    if not (a_start or a_end) or not (b_start or b_end):
        return True
    alo = day_range(a_start)[0] if a_start else date.min
    ahi = day_range(a_end)[1] if a_end else date.max
    blo = day_range(b_start)[0] if b_start else date.min
    bhi = day_range(b_end)[1] if b_end else date.max
    return alo <= bhi and blo <= ahi


def claim_matches_group(group: dict, claim: dict) -> bool:
    """Same unit, overlapping subject keywords (at least half of the smaller set), overlapping
    period. A claim whose subject has no content words beyond its unit is never grouped."""
    if not claim.get("unit") or (group.get("unit") or "").lower() != claim["unit"].lower():
        return False
    gk = set((group.get("keywords") or "").split())
    ck = keywords(claim.get("subject"), claim["unit"])
    if not gk or not ck or len(gk & ck) * 2 < min(len(gk), len(ck)):
        return False
    return periods_overlap(group.get("period_start"), group.get("period_end"), claim.get("period_start"), claim.get("period_end"))


def groupable(claim: dict) -> bool:
    return bool(claim.get("unit")) and bool(keywords(claim.get("subject"), claim.get("unit")))


def widen_group(group: dict, claim: dict) -> None:
    """Extend a group's period to cover ``claim`` (a missing bound stays missing)."""
    for key, pick in (("period_start", min), ("period_end", max)):
        g, c = group.get(key), claim.get(key)
        if g and c:
            group[key] = pick(g, c)


def pick_candidate(candidates: list[dict], report: dict, aff: AffiliationIndex | None,
                   usable: Callable[[dict], bool] = lambda e: True) -> dict | None:
    """The best fused event for a reported event: compatible, preferring an exact place, the same
    date, then the most sources."""
    best, best_key = None, None
    for ev in candidates:
        if not usable(ev) or not compatible(ev, report, aff):
            continue
        exact = bool(ev.get("place_id")) and ev.get("place_id") == report.get("place_id")
        key = (not exact, ev.get("date") != report.get("date"), -(ev.get("corroboration") or 1), ev["id"])
        if best_key is None or key < best_key:
            best, best_key = ev, key
    return best

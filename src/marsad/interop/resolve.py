"""Names from other tools' data (ACLED actor and location names) resolved to knowledge-pack ids.

The same matchers the extractor uses are reused: the actor stage's exact-alias index
(:func:`marsad.extract.actors.build_index`, with its alias normalisation) and the pack's place
aliases. ACLED writes actors as ``Name (Country)`` or ``Name (2022-)`` (a government's term) and
forces as ``Military Forces of Iraq``; those forms are taken apart before the lookup. A name that
resolves to nothing is returned with ``id=None``: the store then creates a draft actor
(``unk-<slug>``) for it, so no actor is ever dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.model import ActorRef, PlaceRef
from marsad.text import name_key

# (ISO 3166-1 alpha-2, ISO numeric, ACLED region) by country name as ACLED writes it.
COUNTRIES: dict[str, tuple[str, int, str]] = {
    "Iraq": ("IQ", 368, "Middle East"),
    "Syria": ("SY", 760, "Middle East"),
    "Iran": ("IR", 364, "Middle East"),
    "Turkey": ("TR", 792, "Middle East"),
    "Jordan": ("JO", 400, "Middle East"),
    "Kuwait": ("KW", 414, "Middle East"),
    "Saudi Arabia": ("SA", 682, "Middle East"),
    "Lebanon": ("LB", 422, "Middle East"),
    "Israel": ("IL", 376, "Middle East"),
    "Palestine": ("PS", 275, "Middle East"),
    "Yemen": ("YE", 887, "Middle East"),
    "Qatar": ("QA", 634, "Middle East"),
    "Bahrain": ("BH", 48, "Middle East"),
    "United Arab Emirates": ("AE", 784, "Middle East"),
    "Oman": ("OM", 512, "Middle East"),
    "Egypt": ("EG", 818, "Northern Africa"),
    "United States": ("US", 840, "North America"),
    "United Kingdom": ("GB", 826, "Europe"),
    "France": ("FR", 250, "Europe"),
    "Germany": ("DE", 276, "Europe"),
    "Russia": ("RU", 643, "Europe"),
}
COUNTRY_BY_CODE = {v[0]: k for k, v in COUNTRIES.items()}
_COUNTRY_KEYS = {name_key(k): k for k in COUNTRIES} | {"turkiye": "Turkey", "usa": "United States"}

# ACLED's generic names for state forces, mapped to pack actors (our own list).
_FORCES: dict[str, str] = {
    "military forces of iraq": "iraqi-security-forces",
    "police forces of iraq": "iraqi-police",
    "military forces of the united states": "us-forces",
    "military forces of united states": "us-forces",
    "military forces of turkey": "turkish-armed-forces",
    "military forces of israel": "israel-defense-forces",
    "military forces of jordan": "jordanian-armed-forces",
    "military forces of syria": "syrian-government-forces",
    "military forces of iran": "iranian-army",
    "military forces of iran islamic revolutionary guard corps": "islamic-revolutionary-guard-corps",
    "islamic state": "isis",
    "pmf popular mobilization forces": "popular-mobilization-forces",
    "military forces of iraq popular mobilization forces": "popular-mobilization-forces",
    "police forces of iraq federal police": "federal-police",
    "military forces of iraq counter terrorism service": "counter-terrorism-service",
    "military forces of iraq kurdistan regional government peshmerga": "peshmerga",
    "global coalition against daesh": "global-coalition-against-isis",
}
_NON_WORD_RE = re.compile(r"[^\w]+")


def _fkey(s: str) -> str:
    """``name_key`` with punctuation folded to spaces ("PMF: X" and "PMF X" compare equal)."""
    return " ".join(_NON_WORD_RE.sub(" ", name_key(s)).split())


_PAREN_RE = re.compile(r"\s*\(([^()]*)\)\s*$")
_STATE_RE = re.compile(r"^(?:government|military forces|police forces) of (?:the )?(.+)$", re.I)


@dataclass
class ResolvedPlace:
    ref: PlaceRef | None
    level: str  # location, admin2, admin1, country, none


class Resolver:
    """Built once per pack; resolves ACLED actor and place names."""

    def __init__(self, pack: Any):
        from marsad.extract.actors import build_index
        from marsad.extract.pipeline import load_lexicon

        self.pack = pack
        self.actors = build_index(pack, load_lexicon("actors")) if pack is not None else None
        self.places: dict[str, list[Any]] = {}
        if pack is not None:
            for surface, pid in pack.place_aliases():
                p = pack.places.get(pid)
                if p is not None:
                    lst = self.places.setdefault(name_key(surface), [])
                    if p not in lst:
                        lst.append(p)
        self._actor_cache: dict[str, ActorRef] = {}

    # ------------------------------------------------------------------ actors

    def actor(self, name: str | None) -> ActorRef | None:
        """The pack actor ACLED's ``name`` stands for, else an unresolved reference."""
        name = (name or "").strip()
        if not name:
            return None
        hit = self._actor_cache.get(name)
        if hit is None:
            hit = self._actor_cache[name] = ActorRef(id=self._actor_id(name), name=name)
        return hit

    def _candidates(self, name: str) -> list[str]:
        base, quals = name, []
        while (m := _PAREN_RE.search(base)) and base[: m.start()].strip():
            quals.append(m.group(1).strip())
            base = base[: m.start()].strip()
        out = [name, base]
        for sep in (" - ", ": "):
            if sep in base:
                out += [part.strip() for part in reversed(base.split(sep, 1))]
        if base.lower().startswith("pmf: "):
            out.append(base[5:].strip())
        return [c for c in dict.fromkeys(out) if c]

    def _actor_id(self, name: str) -> str | None:
        if self.actors is None:
            return None
        for cand in self._candidates(name):
            key = _fkey(cand)
            if key in _FORCES and _FORCES[key] in self.actors.actors:
                return _FORCES[key]
            a = self.actors.lookup(cand) or self.actors.resolve(cand)
            if a is not None:
                return a.id
            m = _STATE_RE.match(cand)
            code = country_code(m.group(1)) if m else None
            if code and code in self.actors.state_of:
                return self.actors.state_of[code].id
        return None

    # ------------------------------------------------------------------ places

    def _admin1(self, admin1: str, code: str | None) -> str | None:
        """Our admin1 spelling of ACLED's (via the gazetteer's governorate aliases)."""
        for cand in (admin1, admin1 + " Governorate"):
            for p in self.places.get(name_key(cand), ()):
                if p.kind in ("governorate", "province", "admin1") and (code is None or p.country == code):
                    return p.admin1 or p.name
        return admin1

    def place(self, row: dict[str, str], code: str | None, lat: float | None, lon: float | None) -> ResolvedPlace:
        """Resolve ACLED's location / admin3 / admin2 / admin1 to the gazetteer, most specific
        first; a location the gazetteer lacks keeps its own name (with ACLED's coordinates)."""
        admin1 = self._admin1(row["admin1"], code) if row.get("admin1") else None
        location = row.get("location") or ""
        names = [location, location.split(" - ")[0] if " - " in location else ""]
        for level, cands in (("location", names), ("admin3", [row.get("admin3") or ""]),
                             ("admin2", [row.get("admin2") or ""])):
            for cand in filter(None, cands):
                p = self._pick(cand, code, admin1, lat, lon)
                if p is not None and (level == "location" or not location):
                    return ResolvedPlace(PlaceRef(id=p.id, name=p.name, admin1=p.admin1 or admin1,
                                                  country=p.country, lat=lat if lat is not None else p.lat,
                                                  lon=lon if lon is not None else p.lon), level)
        if location:
            return ResolvedPlace(PlaceRef(id=None, name=location, admin1=admin1, country=code, lat=lat, lon=lon),
                                 "location")
        if admin1:
            return ResolvedPlace(PlaceRef(id=None, name=None, admin1=admin1, country=code, lat=lat, lon=lon), "admin1")
        if code:
            return ResolvedPlace(PlaceRef(id=None, name=None, admin1=None, country=code, lat=lat, lon=lon), "country")
        return ResolvedPlace(None, "none")

    def _pick(self, name: str, code: str | None, admin1: str | None, lat, lon):
        cands = [p for p in self.places.get(name_key(name), ()) if code is None or p.country == code]
        if admin1:
            same = [p for p in cands if p.admin1 and name_key(p.admin1) == name_key(admin1)]
            cands = same or [p for p in cands if not p.admin1]
        cands = [p for p in cands if p.kind not in ("country", "governorate", "region")]
        if not cands:
            return None
        if lat is not None and lon is not None and len(cands) > 1:
            return min(cands, key=lambda p: ((p.lat or 0) - lat) ** 2 + ((p.lon or 0) - lon) ** 2)
        return cands[0]


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code of an ACLED country name (None when not in :data:`COUNTRIES`)."""
    if not name:
        return None
    k = _COUNTRY_KEYS.get(name_key(name))
    return COUNTRIES[k][0] if k else None

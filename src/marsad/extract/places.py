"""Place stage: gazetteer matching with context disambiguation.

What this stage adds (as :class:`PlaceHit` records, merged into ``Report.places``):

* every capitalised mention of a gazetteer name or alias (same automaton and spelling-variant
  rules as the actor stage: "Irbil" finds Erbil, "al-Mayadeen" finds Mayadin);
* a name that several gazetteer entries share is resolved to the entry whose country or admin1
  the document already mentions (or, failing that, whose country is the document's main one);
* a name that is also an actor alias ("Tehran", "Washington") is a place only in a locative
  context ("in Tehran", "near Damascus"); otherwise the actor stage owns it. A site (embassy,
  consulate) whose whole name is an organ folded into its state ("the U.S. embassy in Baghdad") is both
  (a metonym such as "the Pentagon" stays an actor only);
* ``rank`` orders places from most to least specific (site < neighbourhood < city < province <
  country) so that events take the most specific place of their clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.actors import ActorHit, Tokens, _prev_word, build_automaton, match_keys
from marsad.model import Mention, PlaceRef, ReportPlace

__all__ = ["PlaceHit", "PlaceIndex", "build_place_index", "find_places", "collect_places", "KIND_RANK"]

# Lower is more specific.
KIND_RANK = {
    "oil_field": 0, "site": 0, "base": 0, "airport": 0, "building": 0, "landmark": 0, "border_crossing": 0,
    "camp": 0, "street": 0, "bridge": 0, "facility": 0, "compound": 0, "square": 0,
    "neighbourhood": 1, "neighborhood": 1, "district": 2, "subdistrict": 2, "village": 1, "town": 2,
    "city": 3, "capital": 3, "admin2": 4, "region": 5, "admin1": 5, "province": 5, "governorate": 5,
    "country": 7,
}
# Prepositions after which a name that is also an actor ("Tehran") is a place.
STRICT_LOCATIVE = {"in", "into", "inside", "within", "at", "near", "outside", "around", "across", "throughout",
                   "over", "through", "via"}
# Attack verbs whose object, when a name that is also an actor ("struck Tehran"), is the place hit
# (the actor stage keeps it too: the city stands for its state as the target).
ATTACKED_OBJECT = {"struck", "strike", "strikes", "striking", "hit", "hits", "hitting", "bombed", "bombs", "bombing",
                   "bombarded", "shelled", "shelling", "pounded", "pounding", "raided", "stormed", "invaded",
                   "captured", "seized"}
# (matched at an offset with an end bound: the same as matching the slice text[e:e+n])
_DATELINE_AFTER_RE = re.compile(r"\s*(?:\([^)]*\)\s*)?[\u2014\u2013-]")
_COMPOUND_AFTER_RE = re.compile(r"[-\u2010\u2011][a-z]")
_NOUN_AFTER_RE = re.compile(r"\s+[a-z]")
LOCATIVE = {"in", "into", "inside", "within", "at", "near", "outside", "around", "across", "throughout",
            "from", "to", "toward", "towards", "of", "on", "over", "through", "via", "between", "and"}


@dataclass(slots=True)
class PlaceHit:
    start: int
    end: int
    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    text: str

    @property
    def rank(self) -> int:
        return KIND_RANK.get(self.kind, 3)

    def ref(self) -> PlaceRef:
        """The place as the text writes it ("Sulaimani", "Amerli"); the id stays the gazetteer's."""
        name = self.text if self.text[:1].isupper() else self.name
        if self.kind == "country" and self.text.split()[-1].islower():
            name = self.name  # "Israeli territory": the country itself
        return PlaceRef(id=self.id, name=name, admin1=self.admin1, country=self.country,
                        lat=self.lat, lon=self.lon)


@dataclass
class PlaceIndex:
    automaton: Any
    places: dict[str, Any]
    country_of_demonym: dict[str, Any] = field(default_factory=dict)  # "Israeli" -> the place Israel


def build_place_index(pack) -> PlaceIndex:
    pairs = [(s, pid) for s, pid in pack.place_aliases() if s and s[:1].isupper() or s.isdigit()]
    countries: dict[str, Any] = {}
    for p in pack.places.values():
        if p.kind == "country" and p.country:
            countries.setdefault(p.country, p)
    by_demonym = {}
    for word, aid in pack.actor_demonyms():  # the states' adjectives in the pack
        a = pack.actors.get(aid)
        if a is not None and a.kind == "state" and a.country in countries:
            by_demonym[word] = countries[a.country]
    return PlaceIndex(build_automaton(pairs, caps_ok=True), dict(pack.places), by_demonym)


def _choose(ids: list[str], index: PlaceIndex, countries: dict[str, int], admin1s: dict[str, int],
            main_country: str | None):
    places = [index.places[i] for i in ids if i in index.places]
    if not places:
        return None
    if len(places) == 1:
        return places[0]

    def score(p):
        return (
            admin1s.get(p.admin1 or "", 0) * 2 + countries.get(p.country, 0) + (3 if p.country == main_country else 0),
            -KIND_RANK.get(p.kind, 3),  # the more specific entry on ties
        )

    return max(places, key=score)


_OWNER_OF_NAME = re.compile(r"['\u2019]s\s+(?-i:[A-Z][a-z])")


# "on a visit to Tehran", "travelled to Riyadh": the capital is also where the traveller was
# ("arrived in": "in" is a strict locative already)
_VISIT_TO = re.compile(r"\b(?:visit|trip|tour|journey|travell?ed|flew|headed|arrived)\s+to\s+$", re.I)


# a capitalised given name right before (not a word that opens a place's own name)
_SURNAME_AFTER_GIVEN_NAME = re.compile(r"(?<![\w-])(?!(?:Camp|Lake|Mount|Jabal|Jebel|Wadi|Tal|Tel|Abu|Umm|Sadr|Ain|Ras|Bab|Jurf|Tuz|Sayyida|Imam|New|Old|In|At|Near|From|To|The|And|Of)\s)[A-Z][a-z]+\s+$")


def find_places(text: str, toks: Tokens, index: PlaceIndex, actor_hits: list[ActorHit],
                main_country: str | None = None) -> list[PlaceHit]:
    """All place mentions in ``text``, sorted by position."""
    raw = match_keys(text, toks, index.automaton, all_capitalised=True)
    if not raw:
        return []
    # context: countries and admin1s mentioned unambiguously
    countries: dict[str, int] = {}
    admin1s: dict[str, int] = {}
    for _, _, ids, _ in raw:
        ps = [index.places[i] for i in ids if i in index.places]
        if len({p.country for p in ps}) == 1 and ps:
            countries[ps[0].country] = countries.get(ps[0].country, 0) + 1
        if len({p.admin1 for p in ps}) == 1 and ps and ps[0].admin1:
            admin1s[ps[0].admin1] = admin1s.get(ps[0].admin1, 0) + 1
    if main_country is None:
        # the country the text is about: most unambiguous mentions, a leading dateline excluded
        counted: dict[str, int] = {}
        for s, e, ids, _ in raw:
            ps = {index.places[i].country for i in ids if i in index.places}
            if len(ps) == 1 and not (s < 3 and _DATELINE_AFTER_RE.match(text, e, e + 12)):
                c = next(iter(ps))
                counted[c] = counted.get(c, 0) + 1
        if counted:
            main_country = max(counted, key=counted.get)
    hits: list[PlaceHit] = []
    actor_hits = sorted(actor_hits, key=lambda h: h.start)
    a_starts = [h.start for h in actor_hits]
    for s, e, ids, reason in raw:
        # "Iran-aligned", "Baghdad-based": a compound modifier, not a place
        if _COMPOUND_AFTER_RE.match(text, e, e + 2):
            continue
        # "Tariq al-Hashemi": a spelling variant of a place that is a surname after a given name
        if reason == "variant" and _SURNAME_AFTER_GIVEN_NAME.search(text, max(0, s - 30), s) \
                and re.match(r"(?:al|el)-", text[s:e], re.I):
            continue
        # "Iraq's Popular Mobilization Forces": a country that owns a named body is no place
        if _OWNER_OF_NAME.match(text, e) and any(index.places[i].kind == "country" for i in ids if i in index.places):
            continue
        # "U.S. consulate": an abbreviation before a noun is a modifier
        if text[s:e].replace(".", "").isupper() and _NOUN_AFTER_RE.match(text, e, e + 3):
            continue
        near = actor_hits[bisect_left(a_starts, s - 120) : bisect_left(a_starts, e)]
        overl = [h for h in near if h.start < e and s < h.end and not (s <= h.start and h.end <= e and (h.end - h.start) < (e - s))]
        if overl and all(h.start == s and h.end == e and h.reason == "state-organ" for h in overl) and any(
                KIND_RANK.get(index.places[i].kind, 3) == 0 for i in ids if i in index.places):
            overl = []  # "the U.S. embassy in Baghdad": an actor that is also a site stays a place too
        if overl:
            prev = _prev_word(text, s, 1)
            if not prev or (prev[-1] not in STRICT_LOCATIVE and prev[-1] not in ATTACKED_OBJECT
                            and not _VISIT_TO.search(text, max(0, s - 30), s)):
                continue
            # "U.S. Central Command" style: an actor span that is longer than the place is an actor
            if any(h.start < s or h.end > e for h in overl):
                continue
        p = _choose(ids, index, countries, admin1s, main_country)
        if p is None:
            continue
        hits.append(PlaceHit(s, e, p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, text[s:e]))
    hits += _local_places(text, hits, actor_hits, main_country)
    hits += _national_ground(text, hits, index)
    hits.sort(key=lambda h: h.start)
    return hits


# "at Israeli territory", "on Iraqi soil", "into Turkish airspace": the country, by its adjective
_NATIONAL_GROUND = re.compile(r"\b([A-Z][a-z]+)\s+(?:territory|soil|airspace|territorial\s+waters)\b")


def _national_ground(text: str, known: list[PlaceHit], index: PlaceIndex) -> list[PlaceHit]:
    """A country named by its adjective (a state's demonym in the pack: "Israeli" -> Israel)
    before "territory", "soil" or "airspace"."""
    out: list[PlaceHit] = []
    for m in _NATIONAL_GROUND.finditer(text):
        c = index.country_of_demonym.get(m.group(1))
        if c is not None and not any(h.start <= m.start() < h.end for h in known):
            out.append(PlaceHit(m.start(), m.end(), c.id, c.name, c.kind, c.country, c.admin1, c.lat, c.lon, m.group()))
    return out


# A named locality the gazetteer does not hold, known by its head noun: "the al-Eith area",
# "the Wadi al-Shay area south of Kirkuk", "Tayaran Square" (the name keeps a capitalised head)
_LOCALITY = re.compile(
    r"(?<![\w-])(?P<name>(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]+(?:\s+(?:(?:al|el|bin|Abu|Umm)[- ])?[A-Z][\w'\u2019-]+){0,2}?"
    r"(?:\s+(?P<chead>Square|Street|Bridge|Roundabout|Market))?)"
    r"(?(chead)|\s+(?P<head>area|district|neighbou?rhood|sub-?district|village|town|suburb|quarter|valley))\b")
_LOCAL_KIND = {"Square": "square", "Street": "street", "Bridge": "bridge", "Roundabout": "square", "Market": "site",
               "area": "neighbourhood", "neighbourhood": "neighbourhood", "neighborhood": "neighbourhood",
               "quarter": "neighbourhood", "suburb": "neighbourhood", "village": "village", "town": "town",
               "district": "district", "subdistrict": "district", "sub-district": "district", "valley": "neighbourhood"}
# capitalised words that open such a phrase without naming a place ("the Sunni areas", "Western district")
_NOT_LOCALITY = re.compile(r"^(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Northern|Southern|Eastern|Western|"
                           r"Central|North|South|East|West|Upper|Lower|Old|New|Green|Sunni|Shiite|Shia|Kurdish|Arab|"
                           r"Christian|Yazidi|Turkmen|Iraqi|Syrian|Iranian|Turkish|Jordanian|American|Israeli|Border|Desert|"
                           r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
                           r"June|July|August|September|October|November|December)\b")
_PROVINCE_AFTER = re.compile(r"\s*,?\s+(?:of|in)\s+(?:the\s+)?(?:[a-z]+\s+)?(?P<prov>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+(?:province|governorate)\b")


def _local_places(text: str, known: list[PlaceHit], actor_hits: list[ActorHit], main_country: str | None) -> list[PlaceHit]:
    """Localities named with a head noun that the gazetteer lacks: the name from the text, the
    governorate and country from a province named right after it ("of Salahuddin province") or
    from the nearest known place within 150 characters, else the document's country."""
    out: list[PlaceHit] = []
    known = sorted(known, key=lambda h: h.start)
    k_starts = [h.start for h in known]
    spans = sorted([(h.start, h.end) for h in known] + [(h.start, h.end) for h in actor_hits])
    t_starts = [a for a, _ in spans]

    def overlaps(s: int, e: int) -> bool:
        i = bisect_left(t_starts, e)
        return any(b > s for _, b in spans[max(0, i - 8) : i])

    for m in _LOCALITY.finditer(text):
        s, e = m.start("name"), m.end("name")
        name = m.group("name")
        if _NOT_LOCALITY.match(name) or overlaps(s, e):
            continue
        pm = _PROVINCE_AFTER.match(text, m.end(), m.end() + 80)
        window = known[bisect_left(k_starts, s - 150) : bisect_left(k_starts, s + 151)]
        ref = None
        if pm:
            ref = next((h for h in window if h.start == pm.start("prov") and h.admin1), None)
        if ref is None:
            near = [h for h in window if h.kind != "country" and not (h.start < e and s < h.end)]
            ref = min(near, key=lambda h: abs(h.start - s)) if near else None
        country = ref.country if ref is not None else main_country
        if country is None:
            continue
        kind = _LOCAL_KIND.get(m.group("chead") or m.group("head") or "", "neighbourhood")
        pid = "local-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + "-" + country.lower()
        out.append(PlaceHit(s, e, pid, name, kind, country, ref.admin1 if ref is not None else None, None, None, name))
    return out


def collect_places(hits: list[PlaceHit]) -> list[ReportPlace]:
    by: dict[str, ReportPlace] = {}
    for h in hits:
        rp = by.get(h.id)
        if rp is None:
            rp = by[h.id] = ReportPlace(id=h.id, name=h.name, admin1=h.admin1, country=h.country,
                                        lat=h.lat, lon=h.lon, mentions=[])
        rp.mentions.append(Mention(text=h.text, start=h.start, end=h.end))
    return list(by.values())

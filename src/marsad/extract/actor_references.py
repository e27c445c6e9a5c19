"""Actor stage, references: back-references by descriptor ("the militia", "the premier", "his
supporters"), named followers ("Sadr supporters"), and descriptive actors kept without an id
("Iran-backed militias")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from marsad.extract.actor_core import (
    ActorHit,
    ActorIndex,
    _any_overlap,
    _matches_at,
    _overlaps,
    _Spans,
    _SpanSet,
)
from marsad.text import name_key

# determiners that belong to the clause, not to the noun phrase: "approved by lawmakers", "the law
# that parliament passed" (the mention starts after them), for the descriptors that list "by"
_CLAUSE_WORD_DETERMINER = re.compile(
    r"(?:by|that|which|when|after|before|since|while|as|and|but|then|until|once|for|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+")


def _inside_proper_name(text: str, pm: re.Match, hm: re.Match) -> bool:
    """A capitalised head right after a capitalised modifier ("the Iraqi Communist Party") ends a
    proper name; a capitalised determiner alone ("Iraqi Parliament") does not make one."""
    if not hm.group()[:1].isupper():
        return False
    before = text[pm.start() : hm.start()].split()
    return len(before) >= 2 and before[-1][:1].isupper()


@dataclass
class _Descriptors:
    head_re: re.Pattern  # every head word of every descriptor
    by_head: dict[str, list[tuple[re.Pattern, dict]]]  # lower head -> (determiner+modifier regex, entry)


def _compile_descriptors(lex: dict[str, Any]) -> _Descriptors:
    by_head: dict[str, list[tuple[re.Pattern, dict]]] = {}
    heads_all: set[str] = set()
    for d in lex.get("descriptors", []):
        dets = d.get("determiners", ["the", "another", "this", "that"])
        words = [x for x in dets if not x.startswith(("'", "\u2019", ",", "."))]
        apos = [x for x in dets if x.startswith(("'", "\u2019", ",", "."))]  # not word-bounded: "'s", ",", "."
        parts = []
        if words:
            parts.append(rf"(?<![\w-])(?:{'|'.join(re.escape(x) for x in words)})")
        if apos:
            parts.append(rf"(?:{'|'.join(re.escape(x) for x in apos)})")
        det = "|".join(parts)
        mods = (r"(?:(?:[a-z][a-z'-]*-[a-z]+|[A-Z][a-z]+-(?:backed|aligned|allied|linked|led|based)"
                r"|(?!(?:of|a|an|the|in|on|for|to|and|or|with|by|from)\s)[a-z]+)\s+){0,3}?")
        flags = 0 if d.get("case_sensitive") else re.I
        # a sentence start ("."): also the text's start, a new line and a dateline's dash
        opener = r"|^|(?<=\n)|[\u2014\u2013]\s*" if "." in apos else ""
        pre = re.compile(rf"(?:(?:{det})\s+{opener}){mods}$", flags)
        if d.get("not_before"):
            d["_not_before"] = re.compile(d["not_before"])
        for h in d["heads"]:
            heads_all.add(h)
            by_head.setdefault(h.lower(), []).append((pre, d))
    alt = "|".join(re.escape(h) for h in sorted(heads_all, key=len, reverse=True))
    return _Descriptors(re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I), by_head)


def _fits(h: ActorHit, d: dict, index: ActorIndex) -> bool:
    if h.id is None and h.kind is None:
        return False
    kinds = d.get("kinds")
    if kinds and h.kind not in kinds:
        return False
    sectors = d.get("sectors")
    if sectors:
        a = index.actors.get(h.id) if h.id else None
        if a is None or a.sector not in sectors:
            return False
    words = d.get("name_contains")
    if words:
        a = index.actors.get(h.id) if h.id else None
        kcache = index.__dict__.setdefault("_forms_cache", {})
        if len(kcache) > 50_000:
            kcache.clear()
        ck = (h.id, h.name, id(a))
        ks = kcache.get(ck)
        if ks is None or ks[0] is not a:
            forms = [h.name] + (list(a.aliases) if a is not None else [])
            ks = kcache[ck] = (a, " ".join(name_key(f) for f in forms))
        ks = ks[1]
        if not any(_word_start_re(w).search(ks) for w in words):
            return False
    return True


_WORD_RES: dict[str, re.Pattern] = {}


def _word_start_re(w: str) -> re.Pattern:
    r = _WORD_RES.get(w)
    if r is None:
        r = _WORD_RES[w] = re.compile(rf"\b{re.escape(w)}")
    return r


# a title that names someone who no longer (or not yet) holds the office
_NOT_CURRENT = re.compile(r"\b(?:previous|former|ex-|outgoing|late|then|ousted|deposed|interim|acting)\s*$", re.I)


def _national_legislature(index: ActorIndex, pack, country: str | None, published: str | None):
    """The legislature (sector LEG) the pack makes part of ``country``'s state, when exactly one
    is: what a bare "parliament" means in a text about that country."""
    st = index.state_of.get(country or "")
    if st is None:
        return None
    found = [a for a in index.actors.values() if a.sector == "LEG" and a.kind == "institution" and a.country == country
             and any(af.type == "part_of" and af.target == st.id and af.source == a.id for af in pack.affiliations_of(a.id, published))]
    return found[0] if len(found) == 1 else None


def _national_institution(index: ActorIndex, country: str | None, head: str):
    """The one institution of ``country`` whose name holds ``head`` ("electoral commission",
    "supreme court"): what the head means at its first mention in a text about that country;
    None for a one-word head ("the court", "the commission") and when no institution or several
    have it."""
    if len(head.split()) < 2:
        return None  # "the court": a trial court as often as the supreme one
    cache = index.__dict__.setdefault("_national_cache", {})
    key = (country, head.lower())
    if key not in cache:
        words = rf"\b{re.escape(name_key(head))}\b"
        found = [a for a in index.actors.values() if a.kind == "institution" and a.country == country
                 and re.search(words, name_key(a.name))]
        cache[key] = found[0] if len(found) == 1 else None
    return cache[key]


def _holders_by_title(index: ActorIndex, pack, title: str, published: str | None, country: str | None):
    """``pack.holders_by_title`` memoised per index (a pack is fixed for its fingerprint, as the
    pipeline's own compile cache assumes); the list returned is shared: read it only."""
    cache = index.__dict__.setdefault("_holders_cache", {})
    key = (id(pack), getattr(pack, "fingerprint", None), title, published, country)
    got = cache.get(key)
    if got is None or got[0] is not pack:
        if len(cache) > 20_000:
            cache.clear()
        got = cache[key] = (pack, pack.holders_by_title(title, published, country))
    return got[1]


@dataclass
class _RefScope:
    """What a descriptor's target is looked up in: the text, its actor mentions so far, the pack."""

    text: str
    hits: list[ActorHit]
    hit_starts: list[int]
    out: list[ActorHit]
    index: ActorIndex
    pack: Any
    published: str | None
    country: Any  # a country code, None, or a function returning one

    def the_country(self, at: int | None = None) -> str | None:
        """The country the text is about (``country`` may be a function computing it, called at
        the first descriptor that needs it; given ``at``, the end of a descriptor, it may answer
        with the country of a place right after it)."""
        if not callable(self.country):
            return self.country
        if at is not None:
            here = self.country(at)
            if here is not None:
                return here
        return self.country()

    def date_at(self, pos: int) -> str | None:
        """The day a title at ``pos`` speaks of: the first past date of its sentence, else the
        narrative's date (the last past date at most two sentences back in its paragraph) when
        that is in an earlier year than the publication; else the publication date. "In May
        2019 the prime minister ordered ..." names the office holder of May 2019."""
        if not self.published:
            return self.published
        from marsad.extract.dates import find_dates
        from marsad.text import sentence_spans

        dates = [d for d in find_dates(self.text, self.published) if d.value and not d.future]
        if not dates:
            return self.published
        spans = sentence_spans(self.text)
        k = next((i for i, (a, b) in enumerate(spans) if a <= pos < b), None)
        if k is None:
            return self.published
        lo = spans[max(0, k - 2)][0]
        para = self.text.rfind("\n\n", 0, pos)
        lo = max(lo, para + 2 if para >= 0 else 0)
        own = [d for d in dates if spans[k][0] <= d.start < spans[k][1]]
        before = [d for d in dates if lo <= d.start < pos]
        d = own[0] if own else (before[-1] if before else None)
        if d is None or d.value[:4] >= self.published[:4]:
            return self.published
        return _end_of(d.value)

    def main_state(self, s: int, e: int) -> ActorHit | None:
        st = self.index.state_of.get(self.the_country(e) or self.index.lex.get("default_country", ""))
        return None if st is None else ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)


def _appositive_target(r: _RefScope, by_end, desc_res, d: dict, s: int, hm):
    """"The Sadrist Movement, the movement Sadr leads": a description in apposition names the
    actor just before it (when that actor is of the description's kind)."""
    if d.get("titles") or d.get("via"):
        return None
    prev = [h for end in range(max(0, s - 4), s + 1) for h in by_end.get(end, ()) if _APPOS_SEP.fullmatch(r.text, h.end, s)]
    if not prev:
        return None
    kinds = {k for _p, dd in desc_res.by_head.get(hm.group().lower(), ()) for k in (dd.get("kinds") or [])}
    return (prev[-1], None, None) if prev[-1].kind in kinds else None


_POSSESSOR_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)['\u2019]s\s*$")


def _title_target(r: _RefScope, d: dict, s: int, e: int, hm):
    """"the premier": the holder of the office on the publication date, preferring one the text
    already named; None for "the previous speaker" (not the current holder)."""
    if _NOT_CURRENT.search(r.text, max(0, hm.start() - 20), hm.start()):
        return None
    country = r.the_country()
    owner = _POSSESSOR_BEFORE.search(r.text, max(0, s - 40), s)
    if owner is not None:
        # "Iraq's prime minister": the office of the state named, not of the text's country
        st = r.index.lookup(owner.group(1))
        if st is None or st.kind != "state":
            return None, None, "title"
        country = st.country
    holders = []
    try:
        for t in d["titles"]:
            holders = _holders_by_title(r.index, r.pack, t, r.date_at(s), country) if r.pack is not None else []
            if holders:
                break
    except Exception:  # pack without offices
        holders = []
    earlier = [h for h in r.hits if h.id and h.start < s]
    for hd in holders:
        if any(h.id == hd.id for h in earlier):
            return next(h for h in reversed(earlier) if h.id == hd.id), None, "title"
    if holders and not d.get("require_mentioned"):
        a = holders[0]
        return ActorHit(s, e, a.id, a.name, a.kind, "title", a.country), None, "title"
    return None, None, "title"


def _end_of(value: str) -> str:
    """The last day of a date value of any precision ("2019" -> "2019-12-31", "2019-05" ->
    "2019-05-28" or later; a day is itself): who held an office then."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-28"
    return value


def _person_state_target(r: _RefScope, d: dict, s: int, e: int) -> ActorHit | None:
    """"his government", "Abdul Mahdi's government": the state of the person just named."""
    people = [h for h in r.hits if h.kind == "person" and h.end <= s and s - h.end <= d.get("window", 600)]
    if not people:
        return None
    p = people[-1]
    st = r.index.state_of.get(p.country or r.index.actors.get(p.id or "", None) and r.index.actors[p.id].country)
    return None if st is None else ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)


def _led_group_target(r: _RefScope, d: dict, s: int, e: int):
    """"his supporters": the group the person just named leads (pack affiliations); (target, via)."""
    people = [h for h in r.hits if h.kind == "person" and h.end <= s and h.id]
    if not people or r.pack is None:
        return None, None
    via = people[-1]
    for af in r.pack.affiliations_of(via.id, r.published, "leads"):
        if af.source == via.id:
            a = r.index.actors.get(af.target)
            if a is not None and (not d.get("kinds") or a.kind in d["kinds"]):
                return ActorHit(s, e, a.id, a.name, a.kind, "backref", a.country), via
    return None, via


def _recent_target(r: _RefScope, d: dict, s: int, e: int) -> ActorHit | None:
    """"the militia": the most recent fitting actor (within the entry's window); else the
    entry's fallback (the main state, or the state's one legislature)."""
    window = d.get("window")
    best = None
    for pool, k in ((r.hits, bisect_left(r.hit_starts, s)), (r.out, len(r.out))):
        for j in range(k - 1, -1, -1):
            h = pool[j]
            if window and s - h.end > window:
                break
            if h.end <= s and _fits(h, d, r.index):
                if best is None or h.start > best.start:
                    best = h
                break
    if best is not None:
        return best
    if d.get("fallback_main_state"):
        return r.main_state(s, e)
    if d.get("fallback_national"):
        head = re.sub(r"^(?:the|The)\s+", "", r.text[s:e])
        inst = _national_institution(r.index, r.the_country() or r.index.lex.get("default_country", ""), head)
        if inst is not None:
            return ActorHit(s, e, inst.id, inst.name, inst.kind, "backref", inst.country)
    if d.get("fallback_unique"):
        # "the Framework" at its first mention: the one actor of the pack the entry fits
        cache = r.index.__dict__.setdefault("_unique_cache", {})
        key = id(d)
        if key not in cache:
            fits = [a for a in r.index.actors.values()
                    if _fits(ActorHit(0, 0, a.id, a.name, a.kind, "alias", a.country), d, r.index)]
            cache[key] = fits[0] if len(fits) == 1 else None
        a = cache[key]
        if a is not None:
            return ActorHit(s, e, a.id, a.name, a.kind, "backref", a.country)
    if d.get("fallback_legislature") and r.pack is not None:
        leg = _national_legislature(r.index, r.pack, r.the_country() or r.index.lex.get("default_country", ""), r.published)
        if leg is not None:
            return ActorHit(s, e, leg.id, leg.name, leg.kind, "backref", leg.country)
    return None


def _descriptor_target(r: _RefScope, d: dict, s: int, e: int, hm):
    """(target, via, role) of a descriptor by its entry's kind of reference; None when the
    description is not a back-reference here."""
    if d.get("titles"):
        return _title_target(r, d, s, e, hm)
    if d.get("main_state"):
        return r.main_state(s, e), None, None  # "the government": the state the text is about
    if d.get("via") == "person_state":
        return _person_state_target(r, d, s, e), None, None
    if d.get("via") == "leads":
        target, via = _led_group_target(r, d, s, e)
        return target, via, None
    if d.get("via") == "possessor_state":
        return _possessor_state_target(r, s, e), None, None
    if d.get("via") == "titled_person":
        return _titled_person_target(r, d, s, hm), None, None
    return _recent_target(r, d, s, e), None, None


def _possessor_state_target(r: _RefScope, s: int, e: int) -> ActorHit | None:
    """"Turkey's defence ministry": the state whose name owns the body; None when the possessor
    is no state ("the party's government")."""
    owner = _POSSESSOR_BEFORE.search(r.text, max(0, s - 40), s)
    if owner is None or r.index.lookup is None:
        return None
    st = r.index.lookup(owner.group(1))
    if st is None or st.kind != "state":
        return None
    return ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)


def _titled_person_target(r: _RefScope, d: dict, s: int, hm) -> ActorHit | None:
    """"the spokesman", "the envoy": the last person the text gave that role word, as a title
    before the name ("spokesman Nasser Kanaani", "Foreign Minister Fuad Hussein") or in an
    apposition after it ("Tom Barrack, the U.S. envoy to Syria,"); None when no person has it."""
    word = hm.group().lower().split()[-1]  # "foreign minister" -> minister
    role = re.compile(rf"\b{re.escape(word)}\b", re.I)
    window = d.get("window", 1500)
    people = [h for h in (*r.hits, *r.out) if h.kind == "person" and h.end <= s and s - h.end <= window]
    for h in sorted(people, key=lambda x: x.start, reverse=True):
        before = r.text[max(0, h.start - 60) : h.start]
        before = re.split(r"[.;:!?\n]\s|\bsaid\b|\bwith\b|\band\b", before)[-1]
        after = _APPOSITION_AFTER.match(r.text, h.end)
        if role.search(before) or (after is not None and role.search(after.group())):
            return h
    return None


# the apposition right after a name, up to its closing comma: ", the U.S. envoy to Syria,"
_APPOSITION_AFTER = re.compile(r",\s+(?:the|a|an|its|his|her|their|[A-Z][\w.'\u2019]*['\u2019]s)\s+[^,;()]{0,60}?(?=[,;)]|\.\s+[A-Z][a-z]|$)")


def _backref_hits(text: str, hits: list[ActorHit], index: ActorIndex, desc_res, pack,
                  published: str | None, country: str | None, head_starts: list[int] | None = None,
                  follower_starts: list[int] | None = None) -> list[ActorHit]:
    """Back-references by descriptor ("the militia", "the premier", "his supporters") and
    "followers of <person>", each resolved to the actor it refers to."""
    out: list[ActorHit] = []
    hits = sorted(hits, key=lambda h: h.start)
    hit_starts = [h.start for h in hits]
    spans = _Spans(hits)
    by_end: dict[int, list[ActorHit]] = {}
    for h in hits:
        by_end.setdefault(h.end, []).append(h)
    head_re = desc_res.head_re
    scope = _RefScope(text, hits, hit_starts, out, index, pack, published, country)
    for hm in (head_re.finditer(text) if head_starts is None else _matches_at(head_re, text, head_starts)):
        for pre, d in desc_res.by_head.get(hm.group().lower(), ()):
            if d.get("case_sensitive") and hm.group() not in d["heads"]:
                continue
            pm = pre.search(text, max(0, hm.start() - 70), hm.start())
            if pm is None:
                continue
            s, e = pm.start(), hm.end()
            if s == hm.start() or text[s] in "'\u2019,.\u2014\u2013\n":
                s = hm.start()
            elif "by" in d.get("determiners", ()) and (cm := _CLAUSE_WORD_DETERMINER.match(text, s)):
                s = cm.end()  # "adopted by parliament": the agent is "parliament"
            if _OF_AFTER.match(text, e, e + 4) and not d.get("titles"):
                continue  # "the commander of X", "the coalition of factions": a role, not a back-reference
            if d.get("_not_before") is not None and d["_not_before"].match(text, e):
                continue  # "lawmakers from Taqaddum": members of the party named after them
            if _inside_proper_name(text, pm, hm):
                continue  # "the Iraqi Communist Party": a name the pack does not know, not a back-reference
            if any(h.start == e + 1 and text[e] == " " and h.kind == "person" for h in spans.near(e, e + 2)):
                continue  # "the cleric Muqtada al-Sadr": a title of the name that follows, not a back-reference
            if d.get("titles") and _after_a_named_person(text, s, spans):
                continue  # "Masrour Barzani, the prime minister of the region": the office of the name before
            surface = text[s:e]
            inner = [h for h in spans.near(s, e) if h.start < e and s < h.end]
            if any(not (s <= h.start and h.end <= e and h.kind in ("state", "state_force")) for h in inner):
                continue
            if _overlaps(out, s, e):
                continue
            found = _appositive_target(scope, by_end, desc_res, d, s, hm) or _descriptor_target(scope, d, s, e, hm)
            if found is None:
                continue
            target, via, role = found
            if target is None:
                continue
            out.append(ActorHit(s, e, target.id, target.name, target.kind, "backref", target.country, surface,
                                role=role, via=via))
    if pack is not None:
        _followers_of_hits(text, out, spans, index, pack, published, follower_starts)
    return out


def _after_a_named_person(text: str, s: int, spans) -> bool:
    """Whether the words at ``s`` stand in apposition right after a person's name ("X, the ...")."""
    return any(h.kind == "person" and h.end < s and _APPOS_SEP.fullmatch(text, h.end, s) for h in spans.near(max(0, s - 4), s))


def _followers_of_hits(text: str, out: list[ActorHit], spans, index: ActorIndex, pack, published: str | None,
                       follower_starts: list[int] | None) -> None:
    """"followers of Muqtada al-Sadr": the group that person leads (pack affiliations)."""
    for m in (_FOLLOWERS_OF.finditer(text) if follower_starts is None
              else _matches_at(_FOLLOWERS_OF, text, follower_starts)):
        p_ = next((h for h in spans.near(m.end(), m.end() + 40) if h.kind == "person" and h.id
                   and 0 <= h.start - m.end() <= 40 and re.fullmatch(r"(?:[\w-]+\s+){0,3}", text[m.end() : h.start])), None)
        if p_ is None or _overlaps(out, m.start(1), m.end(1)) or spans.overlaps(m.start(1), m.end(1)):
            continue
        for af in pack.affiliations_of(p_.id, published, "leads"):
            a = index.actors.get(af.target) if af.source == p_.id else None
            if a is not None and a.kind in ("party", "armed_group", "coalition"):
                out.append(ActorHit(m.start(1), m.end(1), a.id, a.name, a.kind, "backref", a.country, m.group(1), via=p_))
                break


_OF_AFTER = re.compile(r"\s+of\s")


_APPOS_SEP = re.compile(r",\s*|\s+[\u2014\u2013-]\s+")


_FOLLOWER_WORDS = ["Followers", "followers", "Supporters", "supporters", "Loyalists", "loyalists",
                   "Partisans", "partisans"]  # the words _FOLLOWERS_OF starts with


_FOLLOWERS_OF = re.compile(r"(?<![\w-])((?:[Ff]ollowers|[Ss]upporters|[Ll]oyalists|[Pp]artisans))\s+of\s+(?:the\s+)?")


# "Sadr supporters", "Sadr's followers": the people behind a named person
# (the word between is an adjective, never a verb: "Khazali told supporters" names no followers)
_FOLLOWERS_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:(?!(?:told|tells|urged|urges|asked|asks|called|calls|ordered|orders|addressed|"
                              r"addresses|warned|warns|thanked|thanks|met|meets|led|leads|sent|sends|has|had|have|and|or)\s)"
                              r"(?:armed|[a-z]+(?<!ed))\s+)?((?:followers|supporters|loyalists|partisans))\b")


def _named_followers(text: str, hits: list[ActorHit], index: ActorIndex, pack, published) -> list[ActorHit]:
    """A person's followers named after the person ("Sadr supporters stormed ...") act as the
    group the pack says that person leads at the date, or, with no such group, as a descriptive
    actor of their own ("Halbousi supporters"); never as the person.

    >>> # "Sadr supporters" -> Sadrist Movement (mention "supporters"), "Ali's loyalists" -> "Ali loyalists"
    """
    out: list[ActorHit] = []
    taken = _any_overlap(hits)
    for h in hits:
        if h.kind != "person" or h.reason == "backref":
            continue
        m = _FOLLOWERS_AFTER.match(text, h.end)
        if m is None or taken(m.start(1), m.end(1)):
            continue
        group = None
        if pack is not None and h.id:
            for af in pack.affiliations_of(h.id, published, "leads"):
                a = index.actors.get(af.target) if af.source == h.id else None
                if a is not None and a.kind in ("party", "armed_group", "coalition"):
                    group = a
                    break
        surface = text[h.start : m.end(1)]
        if group is not None:
            out.append(ActorHit(h.start, m.end(1), group.id, group.name, group.kind, "backref", group.country,
                                surface, via=h))
        else:
            out.append(ActorHit(h.start, m.end(1), None, surface.replace("\u2019s ", " ").replace("'s ", " "),
                                "organization", "generic", h.country, surface, via=h))
    return out


_NAMED_BEFORE = re.compile(r"(?:\s*\([^)]{1,40}\))?,\s+(?:the|one\s+of\s+the|among\s+the|a|an)\b[^,;.()]{0,60}$")


_NAMED_AFTER = re.compile(r",?\s+(?:including\s+|such\s+as\s+|namely\s+|among\s+them\s+)?(?:the\s+)?$")


def _describes_named(text: str, s: int, e: int, hits: list[ActorHit], starts: list[int]) -> bool:
    """Whether the description at [s, e) stands in apposition to a named actor: "Kataib
    Hezbollah, the strongest of the Iran-aligned factions," or "two Iran-backed militias,
    Kataib Hezbollah and Nujaba": then it describes them and is no actor of its own."""
    for h in hits[bisect_left(starts, s - 400) : bisect_left(starts, e + 16)]:
        if h.end <= s and s - h.end <= 120 and h.id and _NAMED_BEFORE.match(text, h.end, s):
            return True
        if h.start >= e and h.start - e <= 16 and h.id and _NAMED_AFTER.fullmatch(text, e, h.start):
            return True
    return False


def _compile_generic(lex: dict[str, Any]) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(g["pattern"]), g.get("kind", "organization")) for g in lex.get("generic_actors", [])]


def _generic_hits(text: str, hits: list[ActorHit], generic) -> list[ActorHit]:
    """Descriptive actors the pack cannot name ("Iran-backed militias", "the factions",
    "pro-Iran armed groups"): kept as actors with no id, named by their own words, so that
    the acts they carry out keep an agent. A span already read as a known actor wins.

    >>> # "Iran-backed militias fired rockets" -> ActorHit(id=None, name="Iran-backed militias")
    """
    out: list[ActorHit] = []
    order = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in order]
    longest = max((h.end - h.start for h in order), default=0)
    mine = _SpanSet()
    for pat, kind in generic:
        for m in pat.finditer(text):
            s, e = m.span()
            surface = text[s:e]
            if surface[:4] in ("The ", "the "):
                s, surface = s + 4, surface[4:]
            inside = [h for h in order[bisect_left(starts, s - longest) : bisect_left(starts, e)] if s < h.end]
            if any(not (h.kind == "state" and s <= h.start and h.end <= e) for h in inside) or mine.overlaps(s, e):
                continue  # a known actor there wins (a state inside the words is only their modifier)
            if _describes_named(text, s, e, order, starts):
                continue
            mine.add(s, e)
            out.append(ActorHit(s, e, None, surface[0].upper() + surface[1:] if surface[:1].islower() and
                                "-" not in surface.split()[0] else surface, kind, "generic", None, surface))
    return out

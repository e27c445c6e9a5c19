"""Actor stage: find every actor a document mentions and resolve it to a pack actor.

What this stage adds (as :class:`ActorHit` records, merged into ``Report.actors``):

1. **aliases** — one Aho-Corasick automaton over *skeleton keys* of every pack name and alias.
   A text and an alias are compared token by token after normalising case, apostrophes and
   ʿayn/hamza marks and full stops and dropping the article tokens "al"/"el"; the skeleton then
   drops inner vowels and doubled letters, so Hezbollah/Hizballah/Hizbullah, Kataib/Kata'ib/Kataeb,
   Nujaba/Nujabaa and Moqtada/Muqtada share one key. A match whose normalised tokens differ from the
   alias (a spelling variant) must be capitalised in the text; an all-capitals alias (KH, PMF)
   must be all capitals in the text. Longest match wins, on token boundaries.
2. **context** — a state or a capital used as a place ("in Iraq", "north of Baghdad") is not an
   actor mention; "Iraq's <head>" is one only when the head is in the lexicon's list.
3. **acronyms** defined in the text ("Kataib Hezbollah (KH)", "the Popular Mobilization Forces,
   or PMF") and **surnames** after a full mention ("Sudani" after "Mohammed Shia al-Sudani").
4. **metonyms and group nouns** from ``lexicon/actor_rules.yaml`` ("U.S. aircraft" -> U.S. forces,
   "security forces" -> Iraqi security forces, "Kurdish officials" -> Kurdistan Regional Government).
5. **persons** not in the pack, by title + name ("Gen. Kenneth McKenzie") or name + role apposition
   ("Razi Mousavi, a senior adviser"), reported with ``id: None``.
6. **unknown organisations** by capitalised names with organisational heads ("... Brigades",
   "Saraya ...") from ``lexicon/organizations.yaml``, ``id: None`` and a guessed kind.
7. **back-references** ("the militia", "another Iran-aligned faction", "the premier", "the Guards")
   from ``lexicon/descriptors.yaml``: to the most recent fitting actor, or the office holder on the
   publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.actor_core import (
    _ARTICLES,
    _CAP_SKIP,
    ActorHit,
    ActorIndex,
    Tokens,
    _is_capitalised,
    _Literals,
    _next_words,
    _overlaps,
    _possessive_after,
    _prev_word,
    build_automaton,
    build_index,
    skeleton,
    tokenize,
)
from marsad.extract.actor_names import (
    _NAME_GOES_ON,
    _acronym_hits,
    _compile_org_appos,
    _compile_orgs,
    _compile_person,
    _compile_rules,
    _given_name_before,
    _org_appos_hits,
    _org_hits,
    _org_member_hits,
    _person_hits,
    _rule_hits,
    _rule_starts,
    _surname_hits,
    _title_starts,
)
from marsad.extract.actor_references import (
    _FOLLOWER_WORDS,
    _backref_hits,
    _compile_descriptors,
    _compile_generic,
    _generic_hits,
    _named_followers,
)
from marsad.model import Mention, ReportActor
from marsad.text import name_key

__all__ = ["ActorHit", "ActorIndex", "Tokens", "tokenize", "find_actors", "collect_actors", "skeleton", "build_index",
           "build_automaton", "match_keys"]


# Common capitalised words that must never be read as a spelling variant of a name.
_NEVER_VARIANT = {"sunni", "sunnis", "shiite", "shiites", "shia", "kurds", "arabs", "muslim", "muslims",
                  "christian", "christians", "islamic", "general", "senior", "state", "states", "border",
                  "western", "eastern", "northern", "southern", "central", "federal", "national", "green"}


def _english_word(word: str) -> bool:
    """Whether ``word`` is an English word (lemminflect's dictionary): "Tribal" opening a sentence
    is the adjective, not a spelling of Trebil. Exact aliases ("Hit") are not asked."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(word))


_DEMONYM_ENDS = ("ian", "ians", "ish", "ese", "ean", "eans", "ite", "ites")


_VARIANT_BAD: dict[tuple, bool] = {}  # (text token keys, alias key) -> not a spelling variant


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


_PUNCT_GAP = re.compile(r"[,;:!?()\u2014\u2013]|(?<=[a-z]{3})\.\s")


def match_keys(text: str, toks: Tokens, automaton, all_capitalised: bool = False):
    """Longest non-overlapping matches of an automaton from :func:`build_automaton`:
    ``[(start, end, [ids...], reason)]`` in text order, ``reason`` "alias" or "variant"; all ids
    whose key matches are returned (the caller disambiguates)."""
    if automaton is None or not toks.skel:
        return []
    skel = " " + toks.skel + " "
    found: list[tuple[int, int, list[str], str]] = []
    keys, skel_tok, skel_pos = toks.keys, toks.skel_tok, toks.skel_pos
    tstarts, tends = toks.starts, toks.ends
    for end_pos, entries in automaton.iter(skel):
        last = bisect_right(skel_pos, end_pos - 2) - 1
        if last < 0:
            continue
        exact_ids: list[str] = []
        variant_ids: list[str] = []
        span = None
        for key, ident, caps in entries:
            n = key.count(" ") + 1
            first = last - n + 1
            if first < 0:
                continue
            i0, i1 = skel_tok[first], skel_tok[last]
            if n == 1:
                exact = keys[i1] == key
            else:
                exact = " ".join([keys[skel_tok[j]] for j in range(first, last + 1)]) == key
            s, t = tstarts[i0], tends[i1]
            if n > 1 and _PUNCT_GAP.search(text, s, t):
                continue  # "In Basra, police ...": a name never runs across a comma or a sentence end
            if not exact and (len(key) < 5 or (keys[i1] not in _CAP_SKIP and not text[tstarts[i1]].isupper())):
                continue  # (the second test: a quick part of _is_capitalised below)
            surface = text[s:t]
            if caps and not surface.replace(".", "").replace(" ", "").isupper():
                continue
            if not exact:
                if not _is_capitalised(text, toks, i0, i1) or surface.lower() in _NEVER_VARIANT:
                    continue
                got = tuple([keys[skel_tok[j]] for j in range(first, last + 1)])
                vk = (got, key)
                bad = _VARIANT_BAD.get(vk)
                if bad is None:
                    bad = any(_ratio(a, b) < 0.75 or (a != b and (a.endswith(_DEMONYM_ENDS) or _english_word(a)))
                              for a, b in zip(got, key.split(), strict=True))
                    if len(_VARIANT_BAD) > 100_000:
                        _VARIANT_BAD.clear()
                    _VARIANT_BAD[vk] = bad
                if bad:
                    continue
            elif (len(key) <= 3 or all_capitalised) and not surface[:1].isupper():
                continue
            span = (i0, i1)
            (exact_ids if exact else variant_ids).append(ident)
        if span is None:
            continue
        ids = exact_ids or variant_ids
        found.append((span[0], span[1], ids, "alias" if exact_ids else "variant"))
    found.sort(key=lambda f: (-(toks.ends[f[1]] - toks.starts[f[0]]), f[0]))
    taken: list[tuple[int, int, list[str], str]] = []
    taken_starts: list[int] = []
    for i0, i1, ids, reason in found:
        s, t = toks.starts[i0], toks.ends[i1]
        if i0 > 0 and toks.keys[i0 - 1] in _ARTICLES and text[toks.ends[i0 - 1] : s] in ("-", " "):
            s = toks.starts[i0 - 1]
        # nested in a longer match already taken? (those start at or before s)
        k = bisect_right(taken_starts, s)
        nested = False
        for j in range(k - 1, max(-1, k - 12), -1):
            if taken[j][1] >= t:
                nested = True
                break
        if nested:
            continue
        taken.insert(k, (s, t, ids, reason))
        taken_starts.insert(k, s)
    return taken


def _alias_hits(text: str, toks: Tokens, index: ActorIndex, prefer=()) -> list[ActorHit]:
    hits: list[ActorHit] = []
    demonyms = index.lex.get("demonyms") or {}
    for s, t, ids, reason in match_keys(text, toks, index.automaton):
        if reason == "variant" and text[s:t] in demonyms:
            continue  # "Saudi" is the demonym, not a spelling of a name like "Saidi"
        aid = ids[0]
        if len(ids) > 1:
            # shared alias: the actor already mentioned in the text, else the first listed
            seen = [h.id for h in hits]
            aid = next((i for i in reversed(seen) if i in ids), ids[0])
        a = index.actors.get(aid)
        if a is not None and a.kind != "person" and _INSIDE_PERSON_NAME_BEFORE.search(text, max(0, s - 8), s) \
                and _INSIDE_PERSON_NAME_AFTER.match(text, t):
            continue  # "Abdel Fattah al-Sisi": a group's alias inside a person's name
        if a is not None and a.kind == "person" and " " not in text[s:t].strip() and _given_name_before(text, s, index, a.name):
            continue  # "Falih al-Khazali": a one-word alias of one person after another person's given name
        hits.append(ActorHit(s, t, aid, a.name if a else aid, a.kind if a else None, reason,
                             country=getattr(a, "country", None), text=text[s:t]))
    return hits


# the first half of a compound Arabic given name before an alias, and a surname after it
_INSIDE_PERSON_NAME_BEFORE = re.compile(r"(?<![\w-])(?:Abdel|Abdul|Abdal|Abdol|Abd|Abd\s+al)\s+$")
_INSIDE_PERSON_NAME_AFTER = re.compile(r"\s+(?:(?:al|el)-)?[A-Z][\w'\u2019-]+")


_COMPASS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|rural|mainland|neighbouring|neighboring|greater|occupied)$)")


_CLAUSE_VERB = re.compile(r"\s+(?:(?:also|then|later|quickly|immediately|all|both|jointly|together|on\s+\w+day)\s+)?(?:[a-z]+ed|said|says|struck|hit|sent|began|took|told|warned|vowed|has|have|had|was|were|is|are|will|would|did|does|do|"
                          r"put|set|met|held|made|gave|led|won|fought|sought|brought|kept|left|agreed|signed)\b")


_LOCATIVE_WORDS = {"in", "into", "inside", "within", "at", "near", "across", "throughout", "outside", "around", "from",
                   "to", "toward", "towards", "through", "via", "over", "beyond", "of", "between", "and", "on"}


def _clause_and(text: str, h: ActorHit) -> bool:
    """"X, and the United States struck ...": "and" opens a clause whose subject is the state
    (the mention is followed by a verb after a comma + "and"), not a list of places."""
    i = text.rfind("and", max(0, h.start - 12), h.start)
    if i <= 0 or not _CLAUSE_VERB.match(text, h.end):
        return False
    if text[max(0, i - 2) : i].strip() == ",":
        return True
    # "Iraq and Turkey signed", "Iraq and the United States announced": coordinated subjects,
    # unless the first conjunct is itself a place ("strikes in Iraq and Syria killed ...")
    m = re.search(r"(?:^|[.;:]\s+|,\s+|\b(?P<w>[a-z]+)\s+)(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){1,3}$", text[max(0, i - 60) : i])
    return bool(m) and (m.group("w") or "") not in _LOCATIVE_WORDS


_POSSESSIVE_NAME = re.compile(r"([A-Z][\w.]+(?: [A-Z][\w.]+)?)['\u2019]s\s")


_PLACE_NOUN_AFTER = re.compile(r"\s+(?:district|sub-?district|town|city|village|area|neighbou?rhood|province|governorate|region|"
                               r"camp|base|air\s+base|airbase|crossing|border\s+crossing|dam|bridge|road|highway|market|square)\b")
_PLACE_NOUN_OF = re.compile(
    r"\b(?:town|city|village|district|sub-?district|area|region|province|governorate|neighbou?rhood|camp|base|"
    r"border\s+town|crossing|suburb|outskirts)\s+of\s+(?:the\s+)?$", re.I)


# words after an abbreviation that make it no modifier ("the UAE and Qatar", "the U.S. said")
_NOT_A_HEAD = frozenset("and or but nor in on at to of for with from by as than that which who said says has have had "
                        "is are was were will would also".split())


# nouns of a tie to a party: "an ally of Iran", "proxies of Tehran", "a rival of Turkey"
_TIE_HEADS = frozenset("ally allies partner partners proxy proxies rival rivals enemy enemies foe foes critic critics "
                       "backer backers client clients patron patrons adversary adversaries "
                       # "the foreign ministers of Egypt, Jordan and Iraq", "leaders of Iraq": the states acting
                       "ministers leaders presidents delegations representatives envoys governments heads".split())


def _context_filter(text: str, hits: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    """Drop state and capital mentions used as places, modifiers and datelines; fold foreign
    ministries and the like into their state; add the state of "Iran's <actor head>"."""
    lex = index.lex
    cf = index.__dict__.get("_context_cache")
    if cf is None or cf[0] is not lex:
        cf = (lex, set(lex.get("locative_prepositions", [])), set(lex.get("place_like_kinds", ["state"])),
              {name_key(k) for k in lex.get("capital_metonyms", {})},
              [h.lower() for h in lex.get("possessive_actor_heads", [])],
              set(lex.get("country_modifier_heads", [])), set(lex.get("skip_sectors", [])),
              set(lex.get("locative_of_heads", [])))
        index.__dict__["_context_cache"] = cf
    _lx, locative, place_like, capitals, poss_heads, modifier_heads, skip_sectors, of_heads = cf
    out = []
    for h in hits:
        a = index.actors.get(h.id) if h.id else None
        if a is not None and a.sector in skip_sectors:
            continue
        if a is not None and a.kind == "person" and (_PLACE_NOUN_OF.search(text, max(0, h.start - 40), h.start)
                                                     or _PLACE_NOUN_AFTER.match(text, h.end)):
            continue  # "the town of al-Baghdadi", "the al-Baghdadi district": a place that shares a person's name
        is_capital = name_key(h.text) in capitals
        is_place_like = (a is not None and a.kind in place_like) or is_capital
        if is_place_like and h.reason in ("alias", "variant"):
            # dateline: "WASHINGTON — ..."
            # (a hyphen right after the name is a compound: "Iran-backed" opening a sentence)
            if h.start < 3 and re.match(r"(?:\s*\([^)]*\))?\s*[\u2014\u2013]|(?:\s*\([^)]*\))?\s+-|\s*--", text[h.end : h.end + 12]):
                continue
            # compound modifier: "Iran-backed", "U.S.-led" keep the actor
            if re.match(r"[-\u2010\u2011][a-z]", text[h.end : h.end + 2]):
                out.append(h)
                continue
            prev = _prev_word(text, h.start, 4)
            while prev and (_COMPASS.match(prev[-1]) or prev[-1] == "the"):
                prev = prev[:-1]
            p1 = prev[-1] if prev else ""
            if p1 == "of" and len(prev) > 1 and prev[-2] in _TIE_HEADS:
                out.append(h)  # "an ally of Iran", "leaders of Iraq": the state as a party
                continue
            if p1 in locative and not (is_capital and p1 in ("from", "to", "and")):
                if p1 == "and" and _clause_and(text, h):
                    out.append(h)  # ", and the United States struck": a new clause's subject
                    continue
                continue
            if p1 == "of" and len(prev) > 1 and prev[-2] in of_heads:
                continue
            if _possessive_after(text, h.end):
                nxt = text[h.end + 2 : h.end + 60].lstrip().lower()
                if not any(nxt.startswith(ph) and (len(nxt) == len(ph) or not nxt[len(ph)].isalpha())
                           for ph in poss_heads):
                    continue
            nxt2 = _next_words(text, h.end, 1)
            if nxt2 and nxt2[0][:1].islower() and nxt2[0] not in _NOT_A_HEAD:
                # "U.S. intelligence community": an abbreviation before a noun is a modifier
                if h.text.replace(".", "").isupper() or nxt2[0].lower() in modifier_heads:
                    continue
        out.append(h)
    # fold diplomatic and government institutions into their state
    fold = lex.get("fold_into_state")
    if fold:
        fold_re = re.compile(fold, re.I)
        for h in out:
            a = index.actors.get(h.id) if h.id else None
            if a is not None and a.kind == "institution" and a.country and fold_re.search(a.name):
                st = index.state_of.get(a.country)
                if st is not None:
                    h.id, h.name, h.kind, h.reason = st.id, st.name, st.kind, "state-organ"
    # "Iran's Revolutionary Guards": the state is an actor mention too
    extra = []
    for h in out:
        m = _POSSESSIVE_NAME.match(h.text)
        if not m or h.kind == "state":
            continue
        st = index.lookup(m.group(1))
        if st is None or st.kind != "state":
            continue
        rest = h.text[m.end():].lower()
        if any(rest.startswith(ph) for ph in poss_heads):
            extra.append(ActorHit(h.start, h.start + len(m.group(1)), st.id, st.name, st.kind, "alias",
                                  st.country, m.group(1)))
    extra += _demonym_offices(text, out + extra, index)
    return sorted(out + extra, key=lambda x: x.start)


def _demonym_offices(text: str, taken: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    """"the Iranian foreign minister", "a Turkish delegation": an unnamed office holder or body
    of a state, named by its demonym, is a mention of the state (not when a name follows: "Iranian
    Foreign Minister X" is X)."""
    lex = index.lex
    cached = index.__dict__.get("_demonym_office")
    if cached is None or cached[0] is not lex:
        dems, heads = lex.get("demonyms") or {}, lex.get("demonym_office_heads") or []
        rx = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, dems))})\s+(?i:{'|'.join(map(re.escape, heads))})(?![\w-])") \
            if dems and heads else None
        cached = index.__dict__["_demonym_office"] = (lex, rx, dems)
    _, rx, dems = cached
    out: list[ActorHit] = []
    if rx is None:
        return out
    for m in rx.finditer(text):
        if any(h.start < m.end() and m.start() < h.end for h in taken) or _NAME_AFTER.match(text, m.end()):
            continue
        st = index.actors.get(dems[m.group(1)])
        if st is not None:
            out.append(ActorHit(m.start(), m.end(), st.id, st.name, st.kind, "demonym-office", st.country, m.group()))
    out += _envoys_meeting(text, taken + out, index)
    return out


# "the U.S. ambassador met ...", "the Turkish consul general held talks with ...": a state's
# envoy named by its demonym stands for the state when the envoy meets someone (elsewhere envoys
# are more often summoned than acting: not the state then)
_ENVOY = re.compile(r"(?<![\w-])(?P<d>U\.S\.|[A-Z][a-z]+)\s+(?:ambassador|envoy|consul(?:\s+general)?|charg\S+\s+d['\u2019]affaires)"
                    r"(?:\s+(?:in|to)\s+[A-Z][\w-]+)?(?=\s+(?:(?:also|then|later|on\s+\w+day)\s+)?(?:met|meets|visited|visits|held\s+talks|discussed|called\s+on|received)\b)")


def _envoys_meeting(text: str, taken: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    dems = index.lex.get("demonyms") or {}
    out: list[ActorHit] = []
    for m in _ENVOY.finditer(text):
        if any(h.start < m.end() and m.start() < h.end for h in taken):
            continue
        d = m.group("d")
        # a demonym, or an abbreviation of the state's name the pack knows ("U.S.")
        st = index.actors.get(dems[d]) if d in dems else (index.lookup(d) if "." in d else None)
        if st is not None and st.kind == "state":
            out.append(ActorHit(m.start(), m.end(), st.id, st.name, st.kind, "demonym-office", st.country, m.group()))
    return out


_NAME_AFTER = re.compile(r",?\s+(?:[A-Z][\w'\u2019-]+|al-)")


@dataclass
class Compiled:
    """Everything the actor stage compiles from the lexicon (regexes), per pipeline."""

    rules: list
    person: tuple
    orgs: list
    descriptors: list
    org_stop: set
    literals: _Literals | None = None  # literal pre-filter for the rule patterns
    rule_ok: list[bool] = field(default_factory=list)  # rules the pre-filter covers
    generic: list = field(default_factory=list)  # [(pattern, kind)] of descriptive actors
    org_appos: re.Pattern | None = None  # "X, a regional carrier"


def compile_lexicon(lex: dict[str, Any]) -> Compiled:
    # an organisation match stops at these first words, and is not made of a descriptor's words
    # ("the Council of Ministers" is resolved as a back-reference, not as a new organisation)
    org_stop = {w.lower() for w in lex.get("org_first_word_stop", [])}
    org_stop |= {h.lower() for d in lex.get("descriptors", []) for h in d["heads"] if " " in h}
    comp = Compiled(_compile_rules(lex), _compile_person(lex), _compile_orgs(lex),
                    _compile_descriptors(lex), org_stop)
    starts = _rule_starts(lex)
    comp.rule_ok = [lits is not None for lits in starts]
    cs: dict[Any, list[str]] = {("rule", i): lits for i, lits in enumerate(starts) if lits is not None}
    cs["followers"] = _FOLLOWER_WORDS
    # (a group whose list holds an empty string could match anywhere: no pre-filter for it)
    if comp.orgs.suffix_re is not None and all(comp.orgs.suffix_kind):
        cs["org_sfx"] = list(comp.orgs.suffix_kind)
    if comp.orgs.prefix_re is not None and all(comp.orgs.prefix_kind):
        cs["org_pfx"] = list(comp.orgs.prefix_kind)
    titles = list(lex.get("person_titles", []))
    if titles and all(titles):
        cs["title"] = titles
    ci: dict[Any, list[str]] = {}
    heads = [h for d in lex.get("descriptors", []) for h in d["heads"]]
    if heads and all(h and h.isascii() for h in heads):
        ci["head"] = heads
    comp.literals = _Literals(cs, ci)
    comp.generic = _compile_generic(lex)
    comp.org_appos = _compile_org_appos(lex)
    return comp


def find_actors(text: str, toks: Tokens, index: ActorIndex, comp: Compiled, pack=None,
                published: str | None = None, country: str | None = None) -> list[ActorHit]:
    """All actor mentions in ``text``, sorted by position."""
    hits = _alias_hits(text, toks, index)
    hits = _context_filter(text, hits, index)
    # "Hakim al-Zamili": a one-word alias of a known person that opens another person's name
    hits = [h for h in hits if not (h.kind == "person" and " " not in h.text and _NAME_GOES_ON.match(text, h.end))]
    hits += _acronym_hits(text, hits)
    found = comp.literals.scan(text) if comp.literals is not None else {}
    cands = [found.get(("rule", i)) if ok else None for i, ok in enumerate(comp.rule_ok)] if found else None
    hits += _rule_hits(text, hits, index, comp.rules, cands)
    titles = found.get("title", None)
    hits += _person_hits(text, hits, index, comp.person,
                         None if titles is None else _title_starts(text, titles))
    hits += _org_member_hits(text, hits, index, [])
    hits.sort(key=lambda h: h.start)
    sur = _surname_hits(text, toks, hits, index)
    if sur:
        # a surname of someone the text named in full beats a spelling variant of another name
        hits = [h for h in hits if not (h.reason == "variant" and _overlaps(sur, h.start, h.end))]
        hits += sur
    orgs = _org_hits(text, hits, comp.orgs, comp.org_stop, found.get("org_sfx"), found.get("org_pfx"))
    orgs += _org_appos_hits(text, hits + orgs, comp.org_appos, comp.org_stop)
    if orgs:
        hits = [h for h in hits if not _overlaps(orgs, h.start, h.end)] + orgs
    hits.sort(key=lambda h: h.start)
    hits += _backref_hits(text, hits, index, comp.descriptors, pack, published, country, found.get("head"),
                          found.get("followers"))
    hits.sort(key=lambda h: h.start)
    followers = _named_followers(text, hits, index, pack, published)
    if followers:
        leaders = {id(f.via) for f in followers}
        hits = [h for h in hits if id(h) not in leaders] + followers
    hits += _generic_hits(text, hits, comp.generic)  # (a state inside one stays: "Iran" backs them)
    hits += _seat_hits(text, hits, index)
    hits.sort(key=lambda h: h.start)
    return hits


# the slots where a seat of government names the government (see ``seats_of_government``)
_SEAT_SUBJECT_BEFORE = re.compile(r"(?:^|[.;:!?\u201c\"(]\s*|,\s+|\b(?:and|but|that|which|when|while|after|as|since|then|because|until)\s+"
                                  # a fronted time adverbial: "The next day Baghdad condemned ...", "On Monday Erbil said ..."
                                  r"|(?:^|[.;:!?]\s+)(?:(?:The|the)\s+(?:next|following|same|previous)\s+(?:day|week|morning|evening|night)"
                                  r"|(?:Hours|Days|Weeks|Minutes)\s+later|Later|Earlier|Meanwhile"
                                  r"|On\s+(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{1,2})?(?:,?\s+\d{4})?"
                                  r"|In\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?\d{4}|In\s+[A-Z][a-z]+),?\s+)$")
_SEAT_FINITE_VERB = re.compile(
    r"\s+(?:(?:also|then|later|quickly|immediately|swiftly|publicly|formally|again|still|has\s+long|had\s+long|"
    r"on\s+\w+day|last\s+\w+)\s+)*(?!based\b|born\b)(?:[a-z]+ed|said|says|sent|took|told|won|wants|insists|"
    r"argues|accuses|rejects|refuses|denies|has|had|have|will|would|did|does|could|must|can|cannot|never|"
    r"agreed|objected|struck|met|held|made|gave|put|set|began|hit|kept|sought|brought|fought|led)\b")
_SEAT_AGENT_BEFORE = re.compile(
    r"\b(?:(?:[a-z]+ed|[a-z]+en|made|brought)\s+(?:[a-z]+\s+)?by|(?:condemnation|criticism|protests?|pressure|objections?|opposition|complaints?|"
    r"demands?|requests?|warnings?|rebukes?)\s+from"
    # the other party of a deal or talks: "a deal with Erbil", "talks with Baghdad"
    r"|(?:deal|agreement|accord|pact|talks|negotiations|dialogue|dispute|row|meeting|understanding)\s+with)\s+$")
_SEAT_OBJECT_BEFORE = re.compile(
    r"\b(?:accus|urg|press|pressur|call(?:ed|ing|s)?\s+on|warn|ask|blam|su|criticis|criticiz|condemn|"
    r"denounc)\w*\s+$")
_SEAT_OBJECT_AFTER = re.compile(r"\s+(?:of|to|for|over)\b")


def _seat_hits(text: str, hits: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    """"Baghdad denounced the strike", "a case filed by Baghdad", "accused Erbil of": a seat of
    government (``seats_of_government``) in an actor's slot is its government; elsewhere ("in
    Baghdad", "Baghdad's streets", "the Baghdad road") it stays a place only."""
    cached = index.__dict__.get("_seats")
    if cached is None or cached[0] is not index.lex:
        seats = {name: index.resolve(ref) for name, ref in (index.lex.get("seats_of_government") or {}).items()}
        seats = {name: gov for name, gov in seats.items() if gov is not None}
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, seats)) + r")(?![\w-])") if seats else None
        cached = index.__dict__["_seats"] = (index.lex, seats, rx)
    _lex, seats, rx = cached
    if rx is None:
        return []
    taken = [(h.start, h.end) for h in hits]
    out = []
    for m in rx.finditer(text):
        s, e = m.start(), m.end()
        if not any(a < e and s < b for a, b in taken) and _in_actor_slot(text, s, e):
            gov = seats[m.group()]
            out.append(ActorHit(s, e, gov.id, gov.name, gov.kind, "seat", gov.country, text=m.group()))
    return out


def _in_actor_slot(text: str, s: int, e: int) -> bool:
    """Whether the name at [s, e) is a subject before a finite verb, an agent after "by" or
    "condemnation from", or the object of a verb aimed at a party ("accused Erbil of")."""
    before = text[max(0, s - 40):s]
    after = text[e:e + 60]
    coord = re.match(r"\s+and\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){1,3}", after)
    verb_at = e + (coord.end() - 1 if coord else 0)
    if _SEAT_SUBJECT_BEFORE.search(before) and _SEAT_FINITE_VERB.match(text, verb_at):
        return True
    if _SEAT_AGENT_BEFORE.search(before) and not re.search(r"\b(?:based|born|stationed|located)\s+$", before):
        return True
    return bool(_SEAT_OBJECT_BEFORE.search(before) and _SEAT_OBJECT_AFTER.match(after))


def collect_actors(hits: list[ActorHit]) -> list[ReportActor]:
    """One report actor per real actor (pack id, or the name of an unknown one), with all its
    mentions in text order."""
    by: dict[str, ReportActor] = {}
    for h in hits:
        key = h.id or ("?" + name_key(h.name))
        ra = by.get(key)
        if ra is None:
            ra = by[key] = ReportActor(id=h.id, name=h.name, kind=h.kind, mentions=[], reason=h.reason)
        ra.mentions.append(Mention(text=h.text, start=h.start, end=h.end))
    return list(by.values())


# a national title right before a person: "Syrian Foreign Minister", "the Turkish ambassador,",
# "Iran's foreign ministry spokesman"
_NATIONAL_TITLE = re.compile(
    r"\b(?P<dem>[A-Z][a-z]+)(?:['\u2019]s)?\s+(?:[A-Za-z-]+\s+){0,2}?(?:[Mm]inister|[Aa]mbassador|[Ee]nvoy|[Ss]pokes(?:man|woman|person)"
    r"|[Pp]resident|[Pp]remier|[Dd]iplomat|[Oo]fficial|[Cc]harg[ée]\s+d['\u2019]affaires|[Cc]ounterpart|[Cc]ommander|[Gg]eneral)"
    r"(?:\s+[A-Z][\w.]*)?,?\s+$")


def countries_from_titles(text: str, hits: list[ActorHit], demonym_country: dict[str, str],
                          actor_country: dict[str, str]) -> None:
    """An unknown person introduced by a national title ("Syrian Foreign Minister X", "the Turkish
    ambassador, X", "Iran's foreign ministry spokesman X") belongs to that country; later mentions
    of the same name follow."""
    found: dict[str, str] = {}
    states = [h for h in hits if h.kind in ("state", "institution", "state_force")]
    for h in hits:
        if h.kind != "person" or h.id or h.country:
            continue
        m = _NATIONAL_TITLE.search(text, max(0, h.start - 60), h.start)
        if m is None:
            continue
        # a demonym ("Syrian"), or a state's name that opens a mention ("Iran's foreign ministry")
        owner = next((s for s in states if s.start <= m.start("dem") < s.end), None)
        country = demonym_country.get(m.group("dem")) or (
            owner and (owner.country or actor_country.get(owner.id or "")))
        if country:
            found.setdefault(h.name, country)
    for h in hits:
        if h.kind == "person" and not h.id and not h.country and h.name in found:
            h.country = found[h.name]

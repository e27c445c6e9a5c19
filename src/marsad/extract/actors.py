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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, itemgetter
from typing import Any

from marsad.model import Mention, ReportActor
from marsad.text import SpanIndex, name_key

__all__ = ["ActorHit", "ActorIndex", "Tokens", "tokenize", "find_actors", "collect_actors", "skeleton"]

# --------------------------------------------------------------------------- tokens

# Acronyms with full stops ("U.S."), then words with inner apostrophes ("Kata'ib", not "Iran's").
TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['\u2019\u02bf\u02be\u02bc`](?![sS]\b)[^\W_]+)*")
_MARKS_TABLE = str.maketrans("", "", "'\u2019\u2018\u02bf\u02be\u02bc\u02bb`\u00b4.")
_ARTICLES = {"al", "el"}


@dataclass(slots=True)
class Tokens:
    """Word tokens of a text: offsets, normalised keys, and the skeleton string the automata run on."""

    text: str
    starts: list[int]
    ends: list[int]
    keys: list[str]  # normalised (lower, no marks); "" for dropped article tokens
    skel: str  # skeleton keys of kept tokens joined by single spaces
    skel_tok: list[int]  # for each kept token, its index in starts/ends
    skel_pos: list[int]  # start offset of each kept token in ``skel``

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def between(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_right(self.starts, end - 1))


_INNER_VOWELS = re.compile(r"(?<=[a-z0-9])[aeiouy]+(?=[a-z0-9])")
_FINAL_VOWELS = re.compile(r"(?<=[a-z0-9])[aeiouy]+\b")
_DOUBLES = re.compile(r"([a-z])\1+")


def skeleton(key: str) -> str:
    """Skeleton of a normalised (lower-case, space-separated) key: inner vowels dropped, a final
    vowel written ``_``, doubled letters collapsed. ``hizballah`` and ``hezbollah`` -> ``hzblh``."""
    s = _FINAL_VOWELS.sub("_", key)
    s = _INNER_VOWELS.sub("", s)
    return _DOUBLES.sub(r"\1", s)


_HAS_MARK = re.compile("['\u2019\u2018\u02bf\u02be\u02bc\u02bb`\u00b4.]")


_SPAN = re.Match.span
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def tokenize(text: str) -> Tokens:
    spans = list(map(_SPAN, TOKEN_RE.finditer(text)))
    starts = list(map(_FIRST, spans))
    ends = list(map(_SECOND, spans))
    low = text.lower()
    if len(low) == len(text):
        keys = [low[a:b] for a, b in spans]
    else:  # a character whose lower case is longer: per token
        keys = [text[a:b].lower() for a, b in spans]
    if len(low) == len(text):
        # only the tokens that hold a mark character need translating
        nt = len(starts)
        done = -1
        for m in _HAS_MARK.finditer(text):
            q = m.start()
            i = bisect_right(starts, q) - 1
            if i >= 0 and i != done and q < ends[i] and i < nt:
                keys[i] = keys[i].translate(_MARKS_TABLE)
                done = i
    elif _HAS_MARK.search(text):
        keys = [k.translate(_MARKS_TABLE) if _HAS_MARK.search(k) else k for k in keys]
    kept = [i for i, k in enumerate(keys) if k not in _ARTICLES]
    # the skeleton rules never look across a space, so the skeleton of the joined keys is the
    # join of per-token skeletons (memoised: tokens repeat across and within documents); no
    # token skeleton is empty or holds a space, so token j starts after j earlier ones + spaces
    cache = _SKEL_CACHE
    if len(cache) > 200_000:
        cache.clear()
    sks = list(map(cache.__getitem__, [keys[i] for i in kept]))
    skel = " ".join(sks)
    pos = list(map(add, accumulate(map(len, sks), initial=0), range(len(sks))))
    return Tokens(text, starts, ends, keys, skel, kept, pos)


class _SkelCache(dict):
    def __missing__(self, key: str) -> str:
        v = self[key] = skeleton(key)
        return v


_SKEL_CACHE: dict[str, str] = _SkelCache()


def _alias_key(surface: str) -> str:
    """Normalised key of an alias, tokenised exactly like the text."""
    got = _ALIAS_KEYS.get(surface)
    if got is not None:
        return got
    ks = [m.group().lower().translate(_MARKS_TABLE) for m in TOKEN_RE.finditer(surface)]
    ks = [k for k in ks if k not in _ARTICLES]
    if ks and ks[0] == "the":
        ks = ks[1:]
    got = " ".join(ks)
    if len(_ALIAS_KEYS) > 100_000:
        _ALIAS_KEYS.clear()
    _ALIAS_KEYS[surface] = got
    return got


_ALIAS_KEYS: dict[str, str] = {}  # memo of _alias_key (mentions and aliases repeat)


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class ActorHit:
    """One mention of an actor: ``text[start:end]``; ``id`` None for an actor not in the pack."""

    start: int
    end: int
    id: str | None
    name: str
    kind: str | None
    reason: str  # alias, variant, acronym, surname, metonym, title, person, unknown, backref
    country: str | None = None
    text: str = ""
    role: str | None = None  # office or role word that came with the mention ("spokesman")
    via: ActorHit | None = None  # for "his followers": the person whose group this is


@dataclass
class ActorIndex:
    """Compiled matchers for one pack (built once per pack fingerprint)."""

    automaton: Any  # ahocorasick.Automaton over skeleton keys -> list of (key, id, surface caps)
    actors: dict[str, Any]  # id -> model.Actor
    lex: dict[str, Any]
    surname_ids: dict[str, list[str]] = field(default_factory=dict)  # key -> person ids
    by_name: dict[str, str] = field(default_factory=dict)  # name key -> id
    exact: dict[str, list[str]] = field(default_factory=dict)  # alias key -> ids
    state_of: dict[str, Any] = field(default_factory=dict)  # country -> state actor

    def lookup(self, surface: str):
        """The pack actor an exact alias names (first listed), or None."""
        ids = self.exact.get(_alias_key(surface))
        return self.actors.get(ids[0]) if ids else None

    def resolve(self, ref: str | None):
        """A pack actor from an id or a canonical name (lexicon files may use either)."""
        if not ref:
            return None
        a = self.actors.get(ref)
        if a is None and name_key(ref) in self.by_name:
            a = self.actors.get(self.by_name[name_key(ref)])
        return a


def build_index(pack, lex: dict[str, Any]) -> ActorIndex:
    ignore = {name_key(x) for x in lex.get("ignore_aliases", [])}
    pairs = [(sf, aid) for sf, aid in pack.actor_aliases() if name_key(sf) not in ignore]
    auto = build_automaton(pairs)
    by_name = {name_key(a.name): a.id for a in pack.actors.values()}
    exact: dict[str, list[str]] = {}
    for sf, aid in pairs:
        exact.setdefault(_alias_key(sf), []).append(aid)
    state_of = {}
    for a in pack.actors.values():
        if a.kind == "state" and a.country and a.country not in state_of:
            state_of[a.country] = a
    return ActorIndex(auto, dict(pack.actors), lex, {}, by_name, exact, state_of)


# --------------------------------------------------------------------------- helpers


def _prev_word(text: str, start: int, n: int = 1) -> list[str]:
    """The ``n`` words before ``start`` (lower case, nearest last)."""
    words = re.findall(r"[\w'.-]+|[,;:(]", text[max(0, start - 60) : start])
    return [w.lower() for w in words[-n:]]


def _next_words(text: str, end: int, n: int = 2) -> list[str]:
    words = re.findall(r"[\w'\u2019.-]+|[,;:()]", text[end : end + 60])
    return [w for w in words[:n]]


_CAP_SKIP = frozenset(("al", "el", "of", "in", "for", "the", "and", "ahl", "bin", "ibn"))  # _ARTICLES + these


def _is_capitalised(text: str, toks: Tokens, i0: int, i1: int) -> bool:
    for i in range(i0, i1 + 1):
        if toks.keys[i] in _ARTICLES or toks.keys[i] in ("of", "in", "for", "the", "and", "ahl", "bin", "ibn"):
            continue
        if not text[toks.starts[i]].isupper():
            return False
    return True


def _possessive_after(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "\u2019s")


def _overlaps(hits: list[ActorHit], start: int, end: int) -> bool:
    return any(h.start < end and start < h.end for h in hits)


class _SpanSet:
    """Non-overlapping spans added one at a time, with an O(log n) overlap test: among spans
    that do not overlap one another, only the last one starting before ``end`` can reach past
    ``start``."""

    __slots__ = ("starts", "ends")

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _any_overlap(hits: list[ActorHit]) -> SpanIndex:
    """``_overlaps(hits, start, end)`` in O(log n) for a fixed list of hits."""
    return SpanIndex((h.start, h.end) for h in hits)


class _Spans:
    """Sorted hit spans for overlap queries in O(log n) (mentions are short)."""

    __slots__ = ("hits", "starts")

    def __init__(self, hits: list[ActorHit]):
        self.hits = sorted(hits, key=lambda h: h.start)
        self.starts = [h.start for h in self.hits]

    def near(self, start: int, end: int, reach: int = 200) -> list[ActorHit]:
        return self.hits[bisect_left(self.starts, start - reach) : bisect_left(self.starts, end)]

    def overlaps(self, start: int, end: int) -> bool:
        return any(h.start < end and start < h.end for h in self.near(start, end))


def _matches_at(pat: re.Pattern, text: str, starts):
    """``pat.finditer(text)`` for a pattern whose matches (never empty) can only start at the
    sorted positions ``starts``: the same matches, trying only those positions."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pat.match(text, p)
        if m is not None:
            yield m
            end = m.end()


# characters that a case-insensitive pattern matches to an ASCII letter but that ``str.lower``
# does not map to it (or maps to two characters): texts with them skip the literal pre-filter
_CASEFOLD_ODD = re.compile("[\u017f\u0131\u0130\u212a]")


class _Literals:
    """One Aho-Corasick pass per text over literal strings in groups: sorted start positions of
    every (overlapping) occurrence, per group. Case-sensitive groups run on the text,
    case-insensitive ones on its lower case."""

    def __init__(self, groups_cs: dict[Any, list[str]], groups_ci: dict[Any, list[str]]):
        self.auto_cs = self._build(groups_cs, False)
        self.auto_ci = self._build(groups_ci, True)
        self.groups = list(groups_cs) + list(groups_ci)
        self.ci_groups = list(groups_ci)

    @staticmethod
    def _build(groups: dict[Any, list[str]], lower: bool):
        import ahocorasick

        table: dict[str, set] = {}
        for g, words in groups.items():
            for w in words:
                if w:
                    table.setdefault(w.lower() if lower else w, set()).add(g)
        if not table:
            return None
        auto = ahocorasick.Automaton()
        for w, gs in table.items():
            auto.add_word(w, (len(w) - 1, tuple(gs)))
        auto.make_automaton()
        return auto

    def scan(self, text: str) -> dict[Any, list[int] | None]:
        """group -> sorted start positions; None for a group that could not be scanned (the
        caller then runs its pattern over the whole text)."""
        out: dict[Any, list[int] | None] = {g: [] for g in self.groups}
        if self.auto_cs is not None:
            for end, (n, gs) in self.auto_cs.iter(text):
                for g in gs:
                    out[g].append(end - n)
        if self.auto_ci is not None:
            low = text if text.isascii() else None
            if low is None:
                low = text.lower()
                if len(low) != len(text) or _CASEFOLD_ODD.search(text):
                    low = None
            if low is None:
                for g in self.ci_groups:
                    out[g] = None
            else:
                if low is text:
                    low = text.lower()
                for end, (n, gs) in self.auto_ci.iter(low):
                    for g in gs:
                        out[g].append(end - n)
        for v in out.values():
            if v:
                v.sort()
        return out


# --------------------------------------------------------------------------- stage 1: aliases


def build_automaton(pairs, caps_ok: bool = True):
    """Aho-Corasick automaton over skeleton keys of ``(surface, id)`` pairs; None when empty.
    Each key holds ``[(normalised key, id, all_caps), ...]``."""
    import ahocorasick

    table: dict[str, list[tuple[str, str, bool]]] = {}
    for surface, ident in pairs:
        key = _alias_key(surface)
        if not key:
            continue
        caps = caps_ok and surface.replace(".", "").isupper() and len(key) <= 6
        entries = table.setdefault(skeleton(key), [])
        if (key, ident, caps) not in entries:
            entries.append((key, ident, caps))
    if not table:
        return None
    auto = ahocorasick.Automaton()
    for sk, entries in table.items():
        auto.add_word(" " + sk + " ", entries)
    auto.make_automaton()
    return auto


# Common capitalised words that must never be read as a spelling variant of a name.
_NEVER_VARIANT = {"sunni", "sunnis", "shiite", "shiites", "shia", "kurds", "arabs", "muslim", "muslims",
                  "christian", "christians", "islamic", "general", "senior", "state", "states", "border",
                  "western", "eastern", "northern", "southern", "central", "federal", "national", "green"}
_DEMONYM_ENDS = ("ian", "ians", "ish", "ese", "ean", "eans", "ite", "ites")


_VARIANT_BAD: dict[tuple, bool] = {}  # (text token keys, alias key) -> not a spelling variant


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


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
                    bad = any(_ratio(a, b) < 0.75 or (a != b and a.endswith(_DEMONYM_ENDS))
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
    for s, t, ids, reason in match_keys(text, toks, index.automaton):
        aid = ids[0]
        if len(ids) > 1:
            # shared alias: the actor already mentioned in the text, else the first listed
            seen = [h.id for h in hits]
            aid = next((i for i in reversed(seen) if i in ids), ids[0])
        a = index.actors.get(aid)
        hits.append(ActorHit(s, t, aid, a.name if a else aid, a.kind if a else None, reason,
                             country=getattr(a, "country", None), text=text[s:t]))
    return hits


_COMPASS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|rural|mainland|neighbouring|neighboring|greater|occupied)$)")


_CLAUSE_VERB = re.compile(r"\s+(?:(?:also|then|later|quickly|immediately)\s+)?(?:[a-z]+ed|said|says|struck|hit|sent|began|took|told|warned|vowed|has|have|had|was|were|is|are|will|would|did|does|do)\b")


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


_PLACE_NOUN_OF = re.compile(
    r"\b(?:town|city|village|district|sub-?district|area|region|province|governorate|neighbou?rhood|camp|base|"
    r"border\s+town|crossing|suburb|outskirts)\s+of\s+(?:the\s+)?$", re.I)


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
        if a is not None and a.kind == "person" and _PLACE_NOUN_OF.search(text, max(0, h.start - 40), h.start):
            continue  # "the town of al-Baghdadi": a place that shares a person's name
        is_capital = name_key(h.text) in capitals
        is_place_like = (a is not None and a.kind in place_like) or is_capital
        if is_place_like and h.reason in ("alias", "variant"):
            # dateline: "WASHINGTON — ..."
            if h.start < 3 and re.match(r"\s*(?:\([^)]*\)\s*)?[\u2014\u2013-]", text[h.end : h.end + 12]):
                continue
            # compound modifier: "Iran-backed", "U.S.-led" keep the actor
            if re.match(r"[-\u2010\u2011][a-z]", text[h.end : h.end + 2]):
                out.append(h)
                continue
            prev = _prev_word(text, h.start, 4)
            while prev and (_COMPASS.match(prev[-1]) or prev[-1] == "the"):
                prev = prev[:-1]
            p1 = prev[-1] if prev else ""
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
            if nxt2 and nxt2[0][:1].islower():
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
    return sorted(out + extra, key=lambda x: x.start)


# --------------------------------------------------------------------------- stage 2: acronyms


_ACRO_PAREN = re.compile(r"\s*\(([A-Z][A-Za-z]{0,2}[A-Z]{1,6})\)")
_ACRO_OR = re.compile(r",?\s+(?:or|known as|also known as)\s+(?:the\s+)?([A-Z][A-Za-z]{0,2}[A-Z]{1,6})\b")


def _acronym_hits(text: str, hits: list[ActorHit]) -> list[ActorHit]:
    defined: dict[str, ActorHit] = {}
    for h in hits:
        m = _ACRO_PAREN.match(text, h.end) or _ACRO_OR.match(text, h.end)
        if m and m.group(1) not in defined:
            defined[m.group(1)] = h
    if not defined:
        return []
    out = []
    pat = re.compile(r"\b(" + "|".join(re.escape(k) for k in defined) + r")\b")
    taken = _any_overlap(hits)
    for m in pat.finditer(text):
        if taken(m.start(), m.end()):
            continue
        h = defined[m.group(1)]
        out.append(ActorHit(m.start(), m.end(), h.id, h.name, h.kind, "acronym", h.country, m.group()))
    return out


# --------------------------------------------------------------------------- stage 3: rules


def _compile_rules(lex: dict[str, Any]) -> list[tuple[re.Pattern, str, str]]:
    """Metonym / group-noun rules: (modifier alternatives, head alternatives) -> actor id."""
    out = []
    for rule in lex.get("actor_rules", []):
        mods = rule.get("modifiers") or [""]
        heads = rule.get("heads") or [""]
        def esc(w: str) -> str:
            # a lower-case word may open a sentence: "the army" also reads "The army"
            e = re.escape(w)
            return f"[{w[0]}{w[0].upper()}]{re.escape(w[1:])}" if w[:1].islower() else e

        mod_alt = "|".join(esc(m) for m in sorted(mods, key=len, reverse=True) if m)
        head_alt = "|".join(esc(h) for h in sorted(heads, key=len, reverse=True) if h)
        # up to two modifier words between ("U.S. fighter jets"), never a function word ("the
        # United States for the strike" is no strike force)
        adj = (r"(?:(?!(?:for|of|the|a|an|on|in|at|to|by|with|from|and|or|over|after|against|that|which)\s)"
               r"(?:[a-z][\w-]*|\d+)\s+){0,2}?") if rule.get("gap", True) else ""
        if mod_alt and head_alt:
            body = rf"(?:{mod_alt})\s+{adj}(?:{head_alt})"
        elif mod_alt:
            body = rf"(?:{mod_alt})"
        else:
            body = rf"(?:{head_alt})"
        flags = 0 if rule.get("case_sensitive") else re.I
        pat = re.compile(rf"(?<![\w.-]){body}(?![\w-])", flags)
        out.append((pat, rule["actor"], rule.get("reason", "metonym"), bool(rule.get("count", True))))
    return out


def _rule_starts(lex: dict[str, Any]) -> list[list[str] | None]:
    """For each rule of :func:`_compile_rules`, the literal strings a match must start with (the
    modifiers, else the heads, in both first-letter cases where the pattern allows it), or None
    where the rule cannot be pre-filtered (case-insensitive)."""
    out: list[list[str] | None] = []
    for rule in lex.get("actor_rules", []):
        mods = [m for m in (rule.get("modifiers") or [""]) if m]
        heads = [h for h in (rule.get("heads") or [""]) if h]
        words = mods or heads
        if not rule.get("case_sensitive") or not words:
            out.append(None)
            continue
        lits: list[str] = []
        for w in words:
            lits.append(w)
            if w[:1].islower():
                lits.append(w[0].upper() + w[1:])
        out.append(lits)
    return out


_COUNT_BEFORE = re.compile(r"(?:\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens of|hundreds of|a|the|its|their)\s+)$", re.I)


def _rule_matches(text: str, rules, cands=None):
    for i, (pat, ref, reason, count) in enumerate(rules):
        starts = cands[i] if cands is not None else None
        for m in (pat.finditer(text) if starts is None else _matches_at(pat, text, starts)):
            s = m.start()
            if count:
                cm = _COUNT_BEFORE.search(text, max(0, s - 16), s)
                if cm:
                    s = cm.start()  # "two U.S. troops": the count belongs to the mention
            yield s, m.end(), ref, reason


def _rule_hits(text: str, hits: list[ActorHit], index: ActorIndex, rules, cands=None) -> list[ActorHit]:
    out: list[ActorHit] = []
    order = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in order]
    longest = max((h.end - h.start for h in order), default=0)
    removed: set[int] = set()
    for s, e, ref, reason in _rule_matches(text, rules, cands):
        a = index.resolve(ref)
        if a is None:
            continue
        aid = a.id
        # keep the alias hit when a rule only re-reads it ("U.S. Central Command")
        inner = [h for h in order[bisect_left(starts, s - longest) : bisect_left(starts, e)]
                 if s < h.end and id(h) not in removed]
        if any(h.id == aid for h in inner):
            continue
        if inner and not all(s <= h.start and h.end <= e and h.kind in ("state",) for h in inner):
            continue
        if _overlaps(out, s, e):
            continue
        # a rule may swallow a country alias ("Iraq's military"): that alias is not an actor here
        for h in inner:
            hits.remove(h)
            removed.add(id(h))
        out.append(ActorHit(s, e, aid, a.name, a.kind, reason, a.country, text[s:e]))
    return out


# --------------------------------------------------------------------------- stage 4: persons

_NAME_WORD = r"(?:[A-Z][a-z\u00C0-\u024F'\u2019]+(?:-[A-Z][a-z]+)?|(?:al|el|bin|ibn|Abu|Abd|Umm|Al)-[A-Z][a-z'\u2019]+)"
_PARTICLE = r"(?:(?:al|el|bin|ibn|bint|Abu|Abd|abu|abd)[- ])"


def _compile_person(lex: dict[str, Any]) -> tuple[re.Pattern, re.Pattern]:
    titles = sorted(lex.get("person_titles", []), key=len, reverse=True)
    title_alt = "|".join(re.escape(t) for t in titles)
    name = rf"(?P<name>{_NAME_WORD}(?:\s+{_PARTICLE}?{_NAME_WORD}){{1,3}})"
    titled = re.compile(rf"(?<![\w-])(?P<title>(?:(?:[A-Z][\w.'\u2019-]*|[a-z]+)\s+){{0,3}}?(?:{title_alt})),?\s+{name}")
    roles = "|".join(re.escape(r) for r in sorted(lex.get("person_roles", []), key=len, reverse=True))
    appos = re.compile(
        rf"(?<![\w-]){name},\s+(?:a|an|the|one of|another|who)\s+(?:[\w'\u2019-]+\s+){{0,5}}?(?:{roles})\b")
    return titled, appos


# what follows the name in every match of the apposition pattern (a superset of its
# ",\s+(?:a|an|the|one of|another|who)\s+")
_APPOS_COMMA = re.compile(r",\s+(?:a|an|the|one|another|who)\s")

_TITLE_STRIP = re.compile(r"^(?:(?:[A-Z][\w.'\u2019-]*|[a-z]+)\s+)*")


def _person_hits(text: str, hits: list[ActorHit], index: ActorIndex, person_res,
                 title_starts: list[int] | None = None) -> list[ActorHit]:
    titled, appos = person_res
    out: list[ActorHit] = []
    stop = _not_person_words(index)
    ov = None
    for pat, reason in ((titled, "title"), (appos, "person")):
        if pat is titled:
            ms = pat.finditer(text) if title_starts is None else _matches_at(pat, text, title_starts)
        else:
            commas = [m.start() for m in _APPOS_COMMA.finditer(text)]
            ms = _matches_at(pat, text, _title_starts(text, commas, 6, False)) if commas else ()
        for m in ms:
            s, e = m.start("name"), m.end("name")
            nm = m.group("name")
            words = [name_key(w) for w in re.split(r"[\s-]+", nm)]
            if any(w in stop for w in words):
                continue
            if ov is None:
                ov = _any_overlap(hits)
            if ov(s, e) or _overlaps(out, s, e):
                # a pack person already matched: extend nothing
                continue
            role = m.group("title") if reason == "title" else None
            out.append(ActorHit(s, e, None, nm, "person", reason, None, nm, role=role))
    return out


def _not_person_words(index: ActorIndex) -> set[str]:
    words = index.lex.get("not_person_words", [])
    cached = index.__dict__.get("_stop_cache")
    if cached is None or cached[0] is not words or cached[1] != len(words):
        cached = (words, len(words), {name_key(w) for w in words})
        index.__dict__["_stop_cache"] = cached
    return cached[2]


def _surname_hits(text: str, toks: Tokens, hits: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    """Surname back-references to persons mentioned in full earlier in the text."""
    persons = [h for h in hits if h.kind == "person" and h.reason in ("alias", "variant", "title", "person")]
    if not persons:
        return []
    by_last: dict[str, list[ActorHit]] = {}
    for h in persons:
        parts = _alias_key(h.text).split()
        if len(parts) >= 2 and len(parts[-1]) >= 3:
            by_last.setdefault(_SKEL_CACHE[parts[-1]], []).append(h)
    if not by_last:
        return []
    out: list[ActorHit] = []
    firm = _Spans([h for h in hits if h.reason != "variant"])
    # the kept tokens whose skeleton is one of the surnames', in text order
    skel = " " + toks.skel + " "
    spos = toks.skel_pos
    js: list[tuple[int, str]] = []
    for sk in by_last:
        needle = " " + sk + " "
        at = skel.find(needle)
        while at >= 0:
            js.append((bisect_left(spos, at), sk))
            at = skel.find(needle, at + 1)
    js.sort()
    for j, sk in js:
        cands = by_last[sk]
        i = toks.skel_tok[j]
        if len(toks.keys[i]) < 3:
            continue
        s, e = toks.starts[i], toks.ends[i]
        if not text[s].isupper():
            continue
        if i > 0 and toks.keys[i - 1] in _ARTICLES:
            s = toks.starts[i - 1]
        if firm.overlaps(s, e) or _overlaps(out[-3:], s, e):
            continue
        before = [h for h in cands if h.end <= s]
        if not before:
            continue
        h = before[-1]
        out.append(ActorHit(s, e, h.id, h.name, "person", "surname", h.country, text[s:e]))
    return out


# --------------------------------------------------------------------------- stage 5: unknown orgs


@dataclass
class _OrgMatcher:
    suffix_re: re.Pattern | None  # finds a head word
    suffix_kind: dict[str, str]
    before_re: re.Pattern  # capitalised words ending right before the head
    after_re: re.Pattern  # "of the X" continuation
    prefix_re: re.Pattern | None  # prefix word + capitalised words
    prefix_kind: dict[str, str]


_CAP = r"(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]*"
_LINK = r"(?:\s+(?:of|for|the|al|ahl|in)\s+|\s+)"


def _compile_orgs(lex: dict[str, Any]) -> _OrgMatcher:
    suffix_kind: dict[str, str] = {}
    prefix_kind: dict[str, str] = {}
    for o in lex.get("organization_heads", []):
        for h in o.get("suffixes", []):
            suffix_kind.setdefault(h, o.get("kind", "organization"))
        for h in o.get("prefixes", []):
            prefix_kind.setdefault(h, o.get("kind", "organization"))
    sfx = "|".join(re.escape(h) for h in sorted(suffix_kind, key=len, reverse=True))
    pfx = "|".join(re.escape(h) for h in sorted(prefix_kind, key=len, reverse=True))
    return _OrgMatcher(
        re.compile(rf"(?<![\w-])(?:{sfx})(?![\w-])") if sfx else None,
        suffix_kind,
        re.compile(rf"(?:{_CAP}{_LINK}){{1,4}}$"),
        re.compile(rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{pfx})(?:{_LINK}{_CAP}){{1,4}}(?![\w-])") if pfx else None,
        prefix_kind,
    )


def _org_hits(text: str, hits: list[ActorHit], org: _OrgMatcher, stop: set[str],
              sfx_starts: list[int] | None = None, pfx_starts: list[int] | None = None) -> list[ActorHit]:
    found: list[tuple[int, int, str]] = []
    if org.suffix_re is not None:
        for m in (org.suffix_re.finditer(text) if sfx_starts is None else _matches_at(org.suffix_re, text, sfx_starts)):
            lo = max(0, m.start() - 80)
            bm = org.before_re.search(text, lo, m.start())
            if bm is None:
                continue
            e = m.end()
            am = org.after_re.match(text, e)
            if am:
                e = am.end()
            found.append((bm.start(), e, org.suffix_kind[m.group()]))
    if org.prefix_re is not None:
        for m in (org.prefix_re.finditer(text) if pfx_starts is None else _matches_at(org.prefix_re, text, pfx_starts)):
            kind = next((k for p, k in org.prefix_kind.items() if m.group().startswith(p)), "organization")
            found.append((m.start(), m.end(), kind))
    out: list[ActorHit] = []
    ov = None
    for s, e, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        surface = text[s:e]
        if surface.startswith(("The ", "the ")):
            s += 4
            surface = surface[4:]
        words = surface.split()
        if len(words) < 2 or words[0].lower() in stop:
            continue
        if ov is None:
            ov = _any_overlap(hits)
        if ov(s, e) or _overlaps(out, s, e):
            continue
        out.append(ActorHit(s, e, None, surface, kind, "unknown", None, surface))
    return out


# --------------------------------------------------------------------------- stage 6: back-references


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
        pre = re.compile(rf"(?:{det})\s+{mods}$", flags)
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


def _backref_hits(text: str, hits: list[ActorHit], index: ActorIndex, desc_res, pack,
                  published: str | None, country: str | None, head_starts: list[int] | None = None,
                  follower_starts: list[int] | None = None) -> list[ActorHit]:
    out: list[ActorHit] = []
    hits = sorted(hits, key=lambda h: h.start)
    hit_starts = [h.start for h in hits]
    spans = _Spans(hits)
    by_end: dict[int, list[ActorHit]] = {}
    for h in hits:
        by_end.setdefault(h.end, []).append(h)
    head_re = desc_res.head_re
    for hm in (head_re.finditer(text) if head_starts is None else _matches_at(head_re, text, head_starts)):
        for pre, d in desc_res.by_head.get(hm.group().lower(), ()):
            if d.get("case_sensitive") and hm.group() not in d["heads"]:
                continue
            pm = pre.search(text, max(0, hm.start() - 70), hm.start())
            if pm is None:
                continue
            s, e = pm.start(), hm.end()
            if text[s] in "'\u2019,.":
                s = hm.start()
            if _OF_AFTER.match(text, e, e + 4) and not d.get("titles"):
                continue  # "the commander of X", "the coalition of factions": a role, not a back-reference
            surface = text[s:e]
            inner = [h for h in spans.near(s, e) if h.start < e and s < h.end]
            if any(not (s <= h.start and h.end <= e and h.kind in ("state", "state_force")) for h in inner):
                continue
            if _overlaps(out, s, e):
                continue
            target: ActorHit | None = None
            via = None
            role = None
            # apposition: "The Sadrist Movement, the movement Sadr leads" names the actor just before
            prev = [h for end in range(max(0, s - 4), s + 1) for h in by_end.get(end, ())
                    if _APPOS_SEP.fullmatch(text, h.end, s)]
            if prev and not d.get("titles") and not d.get("via"):
                kinds = {k for _p, dd in desc_res.by_head.get(hm.group().lower(), ()) for k in (dd.get("kinds") or [])}
                if prev[-1].kind in kinds:
                    target = prev[-1]
            if target is not None:
                pass
            elif d.get("titles"):
                if _NOT_CURRENT.search(text, max(0, hm.start() - 20), hm.start()):
                    continue  # "the previous speaker": not the holder at publication
                holders = []
                try:
                    for t in d["titles"]:
                        holders = _holders_by_title(index, pack, t, published, country) if pack is not None else []
                        if holders:
                            break
                except Exception:  # pack without offices
                    holders = []
                # prefer the holder the text already mentions
                earlier = [h for h in hits if h.id and h.start < s]
                for hd in holders:
                    if any(h.id == hd.id for h in earlier):
                        target = next(h for h in reversed(earlier) if h.id == hd.id)
                        break
                if target is None and holders and not d.get("require_mentioned"):
                    a = holders[0]
                    target = ActorHit(s, e, a.id, a.name, a.kind, "title", a.country)
                role = "title"
            elif d.get("main_state"):
                # "the government": the state of the country the pack (or the text) is about
                st = index.state_of.get(country or index.lex.get("default_country", ""))
                if st is not None:
                    target = ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)
            elif d.get("via") == "person_state":
                # "his government", "Abdul Mahdi's government": the state of the person just named
                people = [h for h in hits if h.kind == "person" and h.end <= s and s - h.end <= d.get("window", 600)]
                if people:
                    st = index.state_of.get(people[-1].country or index.actors.get(people[-1].id or "", None) and index.actors[people[-1].id].country)
                    if st is not None:
                        target = ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)
            elif d.get("via") == "leads":
                people = [h for h in hits if h.kind == "person" and h.end <= s and h.id]
                if people and pack is not None:
                    via = people[-1]
                    for af in pack.affiliations_of(via.id, published, "leads"):
                        if af.source == via.id:
                            a = index.actors.get(af.target)
                            if a is not None and (not d.get("kinds") or a.kind in d["kinds"]):
                                target = ActorHit(s, e, a.id, a.name, a.kind, "backref", a.country)
                                break
            else:
                window = d.get("window")
                best = None
                for pool, k in ((hits, bisect_left(hit_starts, s)), (out, len(out))):
                    for j in range(k - 1, -1, -1):
                        h = pool[j]
                        if window and s - h.end > window:
                            break
                        if h.end <= s and _fits(h, d, index):
                            if best is None or h.start > best.start:
                                best = h
                            break
                earlier = [best] if best is not None else []
                if earlier:
                    target = earlier[-1]
                elif d.get("fallback_main_state"):
                    st = index.state_of.get(country or index.lex.get("default_country", ""))
                    if st is not None:
                        target = ActorHit(s, e, st.id, st.name, st.kind, "backref", st.country)
                elif d.get("fallback_legislature") and pack is not None:
                    leg = _national_legislature(index, pack, country or index.lex.get("default_country", ""), published)
                    if leg is not None:
                        target = ActorHit(s, e, leg.id, leg.name, leg.kind, "backref", leg.country)
            if target is None:
                continue
            out.append(ActorHit(s, e, target.id, target.name, target.kind, "backref", target.country, surface,
                                role=role, via=via))
    # "followers of Muqtada al-Sadr": the group that person leads (pack affiliations)
    if pack is not None:
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
    return out


_OF_AFTER = re.compile(r"\s+of\s")
_APPOS_SEP = re.compile(r",\s*|\s+[\u2014\u2013-]\s+")

_FOLLOWER_WORDS = ["Followers", "followers", "Supporters", "supporters", "Loyalists", "loyalists",
                   "Partisans", "partisans"]  # the words _FOLLOWERS_OF starts with
_FOLLOWERS_OF = re.compile(r"(?<![\w-])((?:[Ff]ollowers|[Ss]upporters|[Ll]oyalists|[Pp]artisans))\s+of\s+(?:the\s+)?")


# --------------------------------------------------------------------------- stage 7: followers, generic actors

# "Sadr supporters", "Sadr's followers": the people behind a named person
_FOLLOWERS_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:[a-z]+\s+)?((?:followers|supporters|loyalists|partisans))\b")


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
    Hezbollah, the most powerful of the Iran-aligned factions," or "two Iran-backed militias,
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


# --------------------------------------------------------------------------- public


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


def compile_lexicon(lex: dict[str, Any]) -> Compiled:
    comp = Compiled(_compile_rules(lex), _compile_person(lex), _compile_orgs(lex),
                    _compile_descriptors(lex), {w.lower() for w in lex.get("org_first_word_stop", [])})
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
    return comp


_WORD_START = re.compile(r"(?<![\w-])[A-Za-z]")


def _chunk_back(text: str, t: int, chunks: int) -> int:
    """A position at or before the start of the whitespace-separated chunk ``chunks`` chunks
    before the one holding ``t``. Chunks are split at spaces and newlines only: other whitespace
    merges chunks, which only moves the bound further back (never past a real one)."""
    rf = text.rfind
    i = max(rf(" ", 0, t), rf("\n", 0, t)) + 1
    for _ in range(chunks):
        if i == 0:
            break
        j = i - 1
        while j > 0 and text[j - 1] in " \n":
            j -= 1
        i = max(rf(" ", 0, j), rf("\n", 0, j)) + 1
    return i


def _title_starts(text: str, occ: list[int], chunks: int = 3, keep_occ: bool = True) -> list[int]:
    """Every position where the titled-person pattern of :func:`_compile_person` can match, from
    the start positions of the title words: the title itself, or a word start at most three
    whitespace-separated chunks before the chunk holding it (the optional words before a title).
    With ``chunks=6, keep_occ=False`` and the commas of :data:`_APPOS_COMMA`: where the
    apposition pattern can match (a name of at most seven chunks ends at the comma)."""
    cands = set(occ) if keep_occ else set()
    for t in occ:
        for m in _WORD_START.finditer(text, _chunk_back(text, t, chunks), t):
            cands.add(m.start())
    return sorted(cands)


def find_actors(text: str, toks: Tokens, index: ActorIndex, comp: Compiled, pack=None,
                published: str | None = None, country: str | None = None) -> list[ActorHit]:
    """All actor mentions in ``text``, sorted by position."""
    hits = _alias_hits(text, toks, index)
    hits = _context_filter(text, hits, index)
    hits += _acronym_hits(text, hits)
    found = comp.literals.scan(text) if comp.literals is not None else {}
    cands = [found.get(("rule", i)) if ok else None for i, ok in enumerate(comp.rule_ok)] if found else None
    hits += _rule_hits(text, hits, index, comp.rules, cands)
    titles = found.get("title", None)
    hits += _person_hits(text, hits, index, comp.person,
                         None if titles is None else _title_starts(text, titles))
    hits.sort(key=lambda h: h.start)
    sur = _surname_hits(text, toks, hits, index)
    if sur:
        # a surname of someone the text named in full beats a spelling variant of another name
        hits = [h for h in hits if not (h.reason == "variant" and _overlaps(sur, h.start, h.end))]
        hits += sur
    hits += _org_hits(text, hits, comp.orgs, comp.org_stop, found.get("org_sfx"), found.get("org_pfx"))
    hits.sort(key=lambda h: h.start)
    hits += _backref_hits(text, hits, index, comp.descriptors, pack, published, country, found.get("head"),
                          found.get("followers"))
    hits.sort(key=lambda h: h.start)
    followers = _named_followers(text, hits, index, pack, published)
    if followers:
        leaders = {id(f.via) for f in followers}
        hits = [h for h in hits if id(h) not in leaders] + followers
    hits += _generic_hits(text, hits, comp.generic)  # (a state inside one stays: "Iran" backs them)
    hits.sort(key=lambda h: h.start)
    return hits


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

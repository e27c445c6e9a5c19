"""Actor stage, shared parts: tokens and their skeleton keys, the actor mention record
(:class:`ActorHit`), the pack index the stage reads, span helpers and the alias automaton."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, itemgetter
from typing import Any

from marsad.text import SpanIndex, name_key

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

    def same_actor(self, other: ActorHit | None) -> bool:
        """Whether ``other`` is this mention or another mention of the same pack actor."""
        return other is self or (other is not None and self.id is not None and self.id == other.id)


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

"""Text helpers shared by the pack, extraction and evaluation: name keys and sentence spans."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

# Apostrophes, ayn/hamza marks and similar characters that transliterations add or drop.
_MARKS = "'\u2019\u2018\u02bf\u02be\u02bc\u02bb`\u00b4\u2032"
_MARK_RE = re.compile(f"[{_MARKS}]")
_DASH_RE = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014_/]")
_DOT_RE = re.compile(r"\.")
_SPACE_RE = re.compile(r"\s+")
_LEADING_RE = re.compile(r"^(?:the|al|el)\s+")


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# One pass for the character rules: marks and full stops dropped, dashes and slashes to spaces.
_KEY_TABLE = str.maketrans({**{c: None for c in _MARKS + "."},
                            **{c: " " for c in "-\u2010\u2011\u2012\u2013\u2014_/"}})
_LEADING = ("the ", "al ", "el ")


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Comparison key for names: case, accents, apostrophes/ayn/hamza marks, hyphens and full
    stops ignored, and a leading "the", "al" or "el" dropped.

    ``name_key("Kata'ib Hizballah") == "kataib hizballah"``;
    ``name_key("the al-Nujaba") == "nujaba"``.
    """
    # (the same steps as _MARK_RE, _DASH_RE, _DOT_RE, _SPACE_RE and _LEADING_RE applied in turn)
    if not s.isascii():
        s = strip_accents(s)
    s = " ".join(s.lower().translate(_KEY_TABLE).split())
    while s.startswith(_LEADING):
        s = s[s.index(" ") + 1 :]
    return s


# Letters outside ASCII that re.IGNORECASE matches to ASCII letters (Unicode str patterns).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def anycase_class(ch: str) -> str:
    """A character class matching ``ch`` (an ASCII letter) in any case, as re.IGNORECASE would."""
    ch = ch.lower()
    return "[" + re.escape(ch) + re.escape(ch.upper()) + _FOLDS.get(ch, "") + "]"


def anycase_alternation(words) -> str:
    """A regex (no flags needed) for exactly ``words`` (ASCII letters) in any case, as
    ``(?i:w1|w2|...)`` would match them, factored into a trie by first letter: the engine tests
    one character class per branch instead of each word in turn."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1].lower(), []).append(w[1:].lower())
    alts = []
    for ch in sorted(heads):
        rest = sorted(set(heads[ch]), key=lambda r: (-len(r), r))
        tails = [r for r in rest if r]
        body = anycase_alternation(tails) if tails else ""
        if body and "" in rest:
            body = "(?:" + body + ")?"
        elif body and len(tails) > 1:
            body = "(?:" + body + ")"
        alts.append(anycase_class(ch) + body)
    return "|".join(alts)


def anycase_first_letters(words) -> str:
    """The body of a character class of the first letters of ``words``, in any case."""
    return "".join(anycase_class(c)[1:-1] for c in sorted({w[:1].lower() for w in words}))


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "u.s", "u.n", "u.k", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms",
    "sen", "rep", "gov", "st", "mt", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "brig", "pres", "sheikh", "amb",
    "a.m", "p.m", "e.g", "i.e", "approx", "dept", "u.a.e", "e.u", "fig",
}
# A sentence end: a run of ".", "!" or "?" (then closing quotes or brackets) before white space or
# the end, or a paragraph break. Written with a literal first character in each branch so that
# the regex engine can skip to the candidates (the same matches as
# ``[.!?]+["'\u201d\u2019)]*(?=\s+|$)|\n\s*\n``).
_CLOSE = "[.!?]*[\"'\u201d\u2019)]*(?=\\s+|$)"
_END_RE = re.compile(r"\." + _CLOSE + r"|!" + _CLOSE + r"|\?" + _CLOSE + r"|\n\s*\n")
_TITLES = {"gen", "lt", "col", "maj", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms", "sen", "rep",
           "gov", "brig", "pres", "sheikh", "amb", "st", "mt", "u.s", "u.n", "u.k"}
_SPANS_CACHE: dict[str, tuple[tuple[int, int], ...]] = {}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; returns ``(start, end)`` offsets with surrounding blanks
    trimmed. Paragraph breaks always end a sentence; a full stop after a known abbreviation or a
    single capital initial does not, unless a paragraph break follows.

    The pipeline and the date scanner both split the same document: the last few results are
    kept (a new list is returned each time)."""
    hit = _SPANS_CACHE.get(text)
    if hit is None:
        if len(_SPANS_CACHE) >= 8:
            _SPANS_CACHE.clear()
        hit = _SPANS_CACHE[text] = tuple(_sentence_spans(text))
    return list(hit)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            # look at the word before the full stop
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            word = word.lstrip("(\"'\u201c")
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                nxt = text[end : end + 2].lstrip()
                # "U.S. forces" continues; "... the U.S. The next" may end, but rarely matters
                if not nxt or not nxt[:1].isupper() or word in _TITLES:
                    continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


class SpanIndex:
    """Whether [start, end) overlaps any of a fixed set of (start, end) spans, in O(log n): the
    starts sorted with the running maximum of their ends (exact for spans of any length)."""

    __slots__ = ("starts", "maxend")

    def __init__(self, spans):
        pairs = sorted(spans)
        self.starts = [a for a, _ in pairs]
        self.maxend = list(accumulate((b for _, b in pairs), max))

    def __call__(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.maxend[k - 1] > start

"""Text helpers shared by the pack, extraction and evaluation: name keys and sentence spans."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes, ayn/hamza marks and similar characters that transliterations add or drop.
_MARKS = "'\u2019\u2018\u02bf\u02be\u02bc\u02bb`\u00b4\u2032"
_MARK_RE = re.compile(f"[{_MARKS}]")
_DASH_RE = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014_/]")
_DOT_RE = re.compile(r"\.")
_SPACE_RE = re.compile(r"\s+")
_LEADING_RE = re.compile(r"^(?:the|al|el)\s+")


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Comparison key for names: case, accents, apostrophes/ayn/hamza marks, hyphens and full
    stops ignored, and a leading "the", "al" or "el" dropped.

    ``name_key("Kata'ib Hizballah") == "kataib hizballah"``;
    ``name_key("the al-Nujaba") == "nujaba"``.
    """
    s = strip_accents(s).lower()
    s = _MARK_RE.sub("", s)
    s = _DASH_RE.sub(" ", s)
    s = _DOT_RE.sub("", s)
    s = _SPACE_RE.sub(" ", s).strip()
    prev = None
    while prev != s:
        prev = s
        s = _LEADING_RE.sub("", s)
    return s


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "u.s", "u.n", "u.k", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms",
    "sen", "rep", "gov", "st", "mt", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "brig", "pres", "sheikh", "amb",
    "a.m", "p.m", "e.g", "i.e", "approx", "dept", "u.a.e", "e.u", "fig",
}
_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+|$)|\n\s*\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; returns ``(start, end)`` offsets with surrounding blanks
    trimmed. Paragraph breaks always end a sentence; a full stop after a known abbreviation or a
    single capital initial does not, unless a paragraph break follows."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        end = m.end()
        if not m.group().startswith("\n"):
            # look at the word before the full stop
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            word = word.lstrip("(\"'\u201c")
            if m.group().startswith(".") and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                nxt = text[end : end + 2].lstrip()
                # "U.S. forces" continues; "... the U.S. The next" may end, but rarely matters
                if not nxt or not nxt[:1].isupper() or word in {"gen", "lt", "col", "maj", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms", "sen", "rep", "gov", "brig", "pres", "sheikh", "amb", "st", "mt"}:
                    continue
                if word in {"u.s", "u.n", "u.k"}:
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

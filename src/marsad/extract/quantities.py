"""Numbers in English news prose, read from words: the word classes claims are built from
(number and scale words, qualifiers, units of time, verbs), the sentence's words with their
punctuation, and numbers written in digits or words ("1,200", "6.6 million", "twenty-five", "a
quarter"). :mod:`marsad.extract.claims` turns them into claims; casualty counts read numbers
through :func:`parse_number_words` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["parse_number_words"]


# --------------------------------------------------------------------------- lexicon

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
FRACTIONS = {  # as percentages
    "half": 50, "a half": 50, "one half": 50, "a third": 100 / 3, "one third": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25, "one quarter": 25,
    "three quarters": 75, "three-quarters": 75, "a fifth": 20, "one fifth": 20,
    "a tenth": 10, "one tenth": 10,
}
QUALIFIERS = [
    # (phrase, approximate)
    ("more than", True), ("less than", True), ("fewer than", True), ("at least", True),
    ("at most", True), ("up to", True), ("as many as", True), ("as few as", True),
    ("close to", True), ("upwards of", True), ("in excess of", True), ("an estimated", True),
    ("estimated", True), ("just over", True), ("just under", True), ("well over", True),
    ("some", True), ("about", True), ("around", True), ("roughly", True), ("nearly", True),
    ("almost", True), ("approximately", True), ("approx.", True), ("over", True),
    ("under", True), ("only", False), ("exactly", False), ("just", False),
]
# Heads that make a number a duration or a time, not a count.
TIME_UNITS = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights",
    "week", "weeks", "month", "months", "year", "years", "decade", "decades", "century",
    "centuries", "a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "weekend", "weekends",
}
# Nouns with a plural sense that do not end in -s.
PLURAL_NOUNS = {
    "people", "personnel", "police", "staff", "children", "men", "women", "militia", "troops",
    "cattle", "clergy", "youth", "infantry", "artillery", "crew", "aircraft", "livestock",
    "peshmerga", "hashd", "kurds", "yazidis", "population", "households", "voters",
}
# Words that end a noun phrase (prepositions, determiners, pronouns, auxiliaries, conjunctions).
STOP = {
    "of", "on", "in", "at", "to", "from", "for", "with", "by", "near", "across", "including",
    "during", "against", "since", "after", "before", "over", "under", "into", "per", "than",
    "as", "between", "among", "amid", "through", "toward", "towards", "outside", "inside",
    "within", "without", "around", "about", "along", "behind", "beyond", "via", "despite",
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "my", "your", "which", "who", "whom", "whose", "what", "where", "when", "while", "whether",
    "and", "or", "but", "nor", "so", "yet", "if", "because", "although", "though", "unless",
    "was", "were", "is", "are", "be", "been", "being", "had", "has", "have", "will", "would",
    "could", "should", "may", "might", "must", "can", "did", "do", "does", "not", "no",
    "it", "they", "he", "she", "we", "you", "them", "him", "us", "there", "here", "then",
    "said", "says", "told", "according", "each", "every", "all", "both", "either", "neither",
    "more", "most", "less", "least", "other", "others", "such", "also", "only", "just", "even",
}
# Verbs that commonly follow a subject count ("Two were shot down", "Six died").
SUBJECT_VERBS = {
    "were", "was", "are", "is", "had", "have", "has", "died", "remain", "remained", "survived",
    "fled", "escaped", "returned", "voted", "won", "took", "received", "got", "went",
    "will", "would", "could", "may", "might",
}
# Verbs that are not part of a noun phrase (stop collecting head words).
COMMON_VERBS = {
    "struck", "hit", "killed", "wounded", "injured", "fired", "launched", "said", "told",
    "landed", "exploded", "targeted", "attacked", "died", "came", "went", "took", "made",
    "left", "held", "led", "met", "set", "sent", "saw", "won", "lost", "fell", "rose",
    "approached", "entered", "crossed", "opened", "carried", "destroyed", "damaged", "seized",
    "captured", "arrested", "detained", "released", "fled", "remain", "remained", "belong",
    "operate", "hold", "include", "included", "cast", "registered", "voted", "got", "received",
    "stormed", "burned", "surrounded", "blocked", "claimed", "denied", "reported", "shot",
}
VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "scores", "tens", "several",
         "many", "few", "numerous", "countless"}
NAME_PREFIX_LOWER = {"no", "no.", "nos.", "article", "resolution", "decree", "law", "camp",
                     "tower", "brigade", "division", "regiment", "battalion", "unit", "route",
                     "highway", "road", "flight", "channel", "level", "phase", "chapter", "page",
                     "section", "paragraph", "clause", "item", "number", "model", "version",
                     "gate", "checkpoint", "sector", "zone", "district", "block", "building"}

_WORD_RE = re.compile(r"\S+")
_LEAD_PUNCT = "(\"'\u201c\u2018[«"
_TRAIL_PUNCT = ",.;:!?)\"'\u201d\u2019]»"
_DIGIT_RE = re.compile(r"^(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<pct>%)?$")
_AGE_RE = re.compile(r"^(?P<n>[\w-]+?)-years?-old$", re.I)
_COMPOUND_RE = re.compile(
    r"^(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(list(UNITS_WORDS) + list(TENS_WORDS))
    + r")-(?P<u>[A-Za-z]{3,})$", re.I)
# Second halves of hyphenated words that are not units ("one-way", "two-thirds", "three-fold").
_NOT_UNITS = {"way", "off", "sided", "fold", "time", "times", "thirds", "third", "quarters",
              "quarter", "fifths", "half", "halves", "strong", "odd", "plus", "nil", "all",
              "point", "star", "party", "state", "shot", "stop", "member's", "man", "stage",
              "year-old", "old", "up", "on", "one", "two", "three", "four", "five", "six", "seven",
              "eight", "nine", "page", "track"}


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("ch", "sh", "x")):
        return noun + "es"
    if noun == "man":
        return "men"
    return noun + "s"


_NUMWORD_RE = re.compile(
    r"^(?:" + "|".join(list(UNITS_WORDS) + list(TENS_WORDS)) + r")(?:-(?:"
    + "|".join(k for k, v in UNITS_WORDS.items() if 0 < v < 10) + r"))?$", re.I)


@dataclass(slots=True)
class _Word:
    start: int  # offsets of the core (punctuation stripped) in the document text
    end: int
    core: str
    low: str
    comma_after: bool  # clause punctuation right after it
    stop_after: bool  # sentence-final or closing punctuation after it


_COMMA_CHARS = frozenset(",;:()")
_STOP_CHARS = frozenset(".!?")
_ABBR_END_RE = re.compile(r"[A-Za-z]\.[A-Za-z]$")


def _words(text: str, s: int, e: int) -> list[_Word]:
    """The words of ``text[s:e]``: white-space separated tokens with leading and trailing
    punctuation stripped (the full stop of "U.S." and "p.m." kept), and what that punctuation
    says about the clause."""
    out = []
    append = out.append
    for m in _WORD_RE.finditer(text, s, e):
        b0 = m.end()
        core = m.group().lstrip(_LEAD_PUNCT)
        if not core:
            continue
        a = b0 - len(core)
        kept = core.rstrip(_TRAIL_PUNCT)
        if len(kept) < len(core):
            trail = core[len(kept):]
            # keep the full stop of abbreviations such as "U.S." and "p.m." (a full stop can
            # only be kept right after the last letter)
            if trail[0] == "." and kept and _ABBR_END_RE.search(kept):
                kept += "."
                trail = trail[1:]
            if not kept:
                continue
            append(_Word(a, a + len(kept), kept, kept.lower(), not _COMMA_CHARS.isdisjoint(trail),
                         not _STOP_CHARS.isdisjoint(trail) or b0 >= e))
        else:
            append(_Word(a, b0, core, core.lower(), False, b0 >= e))
    return out


# --------------------------------------------------------------------------- numbers


def parse_number_words(words: list[str]) -> tuple[float, int] | None:
    """Read a number from the start of ``words`` (lower case): returns (value, words used).

    ``["twenty-five", "rockets"] -> (25, 1)``; ``["two", "hundred", "and", "ten"] -> (210, 4)``;
    ``["a", "dozen"] -> (12, 2)``; ``["two", "dozen"] -> (24, 2)``.
    """
    if not words:
        return None
    if words[:3] == ["half", "a", "dozen"]:
        return 6.0, 3
    if words[0] in ("a", "an", "one") and len(words) > 1 and words[1] in ("dozen", "hundred",
                                                                          "thousand", "million",
                                                                          "billion"):
        base = 12 if words[1] == "dozen" else SCALES[words[1]]
        return float(base), 2
    total, current, used = 0.0, 0.0, 0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if _NUMWORD_RE.match(w):
            parts = w.split("-")
            v = TENS_WORDS.get(parts[0], UNITS_WORDS.get(parts[0], 0))
            if len(parts) == 2:
                v += UNITS_WORDS[parts[1]]
            current += v
            seen = True
            i += 1
            used = i
        elif seen and w == "dozen":
            current = (current or 1) * 12
            i += 1
            used = i
        elif seen and w in SCALES:
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            i += 1
            used = i
        elif seen and w == "and" and i + 1 < len(words) and _NUMWORD_RE.match(words[i + 1]) and used and words[used - 1] in SCALES:
            i += 1
        else:
            break
    if not seen:
        return None
    return total + current, used


@dataclass(slots=True)
class _Num:
    i: int  # index of the first word of the number
    j: int  # index after its last word
    value: float
    percent: bool = False
    currency: str | None = None
    scaled: bool = False
    age: bool = False
    digits: bool = False
    compound: str | None = None  # "329-seat" -> "seats"


def _read_number(ws: list[_Word], i: int) -> _Num | None:
    w = ws[i]
    m = _DIGIT_RE.match(w.core)
    if m:
        v = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
        n = _Num(i, i + 1, v, percent=bool(m.group("pct")), digits=True,
                 currency={"$": "dollars", "€": "euros", "£": "pounds"}.get(m.group("cur") or ""))
        if not n.percent and i + 1 < len(ws) and ws[i + 1].low in SCALES and not w.comma_after:
            n.value *= SCALES[ws[i + 1].low]
            n.j += 1
            n.scaled = ws[i + 1].low != "hundred"
        return n
    cm = _COMPOUND_RE.match(w.core)
    if cm and not _AGE_RE.match(w.core) and cm.group("u").lower() not in _NOT_UNITS:
        part = cm.group("n").lower()
        if part[0].isdigit():
            v = float(part.replace(",", ""))
        else:
            r = parse_number_words([part])
            if r is None:
                return None
            v = r[0]
        return _Num(i, i + 1, v, digits=part[0].isdigit(), compound=_plural(cm.group("u").lower()))
    am = _AGE_RE.match(w.core)
    if am:
        part = am.group("n").lower()
        if part.isdigit():
            return _Num(i, i + 1, float(part), age=True, digits=True)
        r = parse_number_words(part.split("-", 1) if "-" not in part or _NUMWORD_RE.match(part) is None else [part])
        if r:
            return _Num(i, i + 1, r[0], age=True)
        return None
    lows = []
    for k in range(i, min(i + 6, len(ws))):
        lows.append(ws[k].low)
        if ws[k].comma_after or ws[k].stop_after:
            break
    r = parse_number_words(lows)
    if r is None:
        return None
    v, used = r
    n = _Num(i, i + used, v)
    n.scaled = any(x in ("thousand", "million", "billion", "trillion") for x in lows[:used])
    return n


def _read_fraction(ws: list[_Word], i: int) -> tuple[float, int] | None:
    """"a quarter of", "half of", "two-thirds of" -> (percent, words used before "of")."""
    for n in (2, 1):
        if i + n >= len(ws):
            continue
        phrase = " ".join(w.low for w in ws[i : i + n])
        if phrase in FRACTIONS and ws[i + n].low in ("of", "the") and not ws[i + n - 1].comma_after:
            if i > 0 and ws[i - 1].low in ("first", "second", "third", "last", "fourth", "the"):
                return None
            return FRACTIONS[phrase], n
    return None

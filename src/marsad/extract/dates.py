"""Temporal expressions: find them in text and resolve them against the publication date.

The grammar is a set of regular expressions over English news prose, applied left to right so
that relative expressions ("two days earlier", "the same day", "within hours of the arrest") can
be resolved against the dates the text has already established.

Conventions (they follow the development gold):

* a bare weekday ("on Sunday", "Sunday's attack") is the most recent such day on or before the
  publication date; "last Sunday" is the most recent one strictly before it;
* a month or a month-day without a year ("in December", "on March 7") is the most recent one not
  after publication ("in December" published 2024-01-06 is 2023-12);
* nothing resolves after publication unless the text marks it as upcoming ("will vote on Monday",
  "scheduled for", "next week", "due in 2025"); such mentions carry ``future=True``;
* "since X" and "between X and Y" are ranges: ``value`` is the start, ``end_value`` the end (for
  "since", the publication date at the same precision);
* "N days after <something>" following a date in the same sentence dates the *something*
  ("on Saturday, three days after a barrage" dates the barrage), as it does when the subject is an
  event already dated ("The killing came five days after the reply"); such mentions carry
  ``anchors=False`` and do not move the narrative time. At the head of a clause it dates the
  clause, counted from the date of the thing named ("Within hours of the arrest", "The night
  before the strike"), found by its word family among the dated clauses before it.

:func:`date_for` picks the date for a clause: a mention inside it, else the nearest in its
sentence (dates that modify a noun, "Sunday's strikes", count only as a last resort), else the
narrative time of the text before it.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.text import anycase_alternation, anycase_first_letters, sentence_spans

__all__ = ["DateMention", "date_for", "find_dates", "parse_published"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One temporal expression: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it cannot be resolved
    precision: str  # "day", "month" or "year"
    end_value: str | None = None  # ranges: the last day/month/year covered
    future: bool = False  # the text presents it as scheduled or upcoming
    relative: bool = False  # resolved from the publication date or an earlier date
    kind: str = "date"  # "date", "range", "since", "relative"
    # False when the expression dates something the clause mentions, not the clause itself
    # ("on Saturday, three days after a barrage": the offset dates the barrage)
    anchors: bool = True

    @property
    def date(self) -> _dt.date | None:
        """The first day the value covers, as a ``datetime.date`` (None when unresolved)."""
        return _to_date(self.value)


# --------------------------------------------------------------------------- lexicon

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "a few": 3, "several": 3,
}
# Fixed-date holidays: (month, day).
HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year’s day": (1, 1),
    "new year’s eve": (12, 31), "nowruz": (3, 21), "newroz": (3, 21), "valentine's day": (2, 14),
}
# Words whose sense overlaps, to find "the arrest" among earlier dated clauses ("detained ...").
EVENT_FAMILIES = [
    {"arrest", "detain", "detention", "capture", "seize", "seizure", "abduct", "kidnap"},
    {"strike", "struck", "airstrike", "raid", "bomb", "bombing", "shell"},
    {"attack", "assault", "ambush", "barrage"},
    {"killing", "kill", "killed", "assassination", "assassinate", "murder", "shot", "death"},
    {"election", "vote", "voting", "poll", "ballot"},
    {"protest", "demonstration", "rally", "march", "sit-in"},
    {"release", "freed", "free"},
    {"explosion", "blast", "bombing"},
]

_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY_ALT = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|midday|noon|overnight)"
_NUM_ALT = (
    r"(?:\d{1,3}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty|thirty)"
)
_UNIT_ALT = r"(?:days?|weeks?|months?|years?|hours?|nights?|decades?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d|21\d\d)"
_SEASON_POS = r"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)"
# Words after which a month name or year alone is read as a time expression.
_TIME_PREP = (
    r"(?:in|since|by|until|till|through|throughout|during|from|to|and|between|before|after|of|for"
    r"|last|this|next|early|late|mid|earlier|later|on|around|as\s+of|starting|into|across|past)"
)

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|is\s+due|are\s+due|was\s+due\s+to|due\s+(?:to\s+\w+\s+)?(?:on|in|by|at)?"
    r"|scheduled|slated|set\s+to|expected\s+to|plans?\s+to|planned|upcoming|is\s+to|are\s+to"
    r"|to\s+be\s+held|ahead\s+of|forthcoming|would\s+be\s+held)\b"
    # the cue governs the date only within a few words and without a reporting verb between
    r"(?!(?:\s+[^\s,;:.]+){0,8}?\s+(?:said|says|told|announced|added|reported)\b)"
    r"(?:\s+[^\s,;:.]+){0,8}\s*$",
    re.I,
)

# Every match of _FUTURE_CUE contains one of these (in any case): when none is there, it cannot
# match, and this is much cheaper to look for.
_FUTURE_HINT = re.compile(
    "(?:" + anycase_alternation(["will", "won", "shall", "due", "scheduled", "slated", "set",
                                 "expected", "plan", "upcoming", "ahead", "forthcoming", "held"])
    + r"|'" + anycase_alternation(["ll"]) + "|(?:" + anycase_alternation(["is", "are"]) + r")\s+"
    + anycase_alternation(["to"]) + ")")


def _future(before: str) -> bool:
    """Does the text before a date (in its sentence) present it as upcoming?"""
    return bool(_FUTURE_HINT.search(before) and _FUTURE_CUE.search(before))


# --------------------------------------------------------------------------- patterns

_F = re.I
_FUNC = r"(?:on|in|at|of|by|for|with|from|to|that|which|who|and|or|but|was|were|is|are|had|has|near|into|against)"
_ON = r"(?:(?:(?:[Ee]arly|[Ll]ate)\s+)?[Oo]n\s+)?"
PATTERNS: list[tuple[str, re.Pattern]] = [
    # 2024-01-28
    ("iso", re.compile(r"\b(?P<y>" + _YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")),
    # from October 2023 to February 2024 / between October and February / from March 1 to 5
    ("range", re.compile(
        r"\b(?P<prep>[Bb]etween|[Ff]rom)\s+(?P<m1>" + _MONTH_ALT + r")(?:\s+(?P<d1>" + _DAY + r"))?,?"
        r"(?:\s+(?P<y1>" + _YEAR + r"))?\s+(?:and|to|until|through|till)\s+(?P<m2>" + _MONTH_ALT
        + r")(?:\s+(?P<d2>" + _DAY + r"))?,?(?:\s+(?P<y2>" + _YEAR + r"))?\b")),
    ("yrange", re.compile(
        r"\b(?P<prep>[Bb]etween|[Ff]rom)\s+(?P<y1>" + _YEAR + r")\s+(?:and|to|until|through)\s+(?P<y2>"
        + _YEAR + r")\b")),
    ("yrange", re.compile(r"\b(?P<y1>" + _YEAR + r")\s?[-\u2013](?P<y2>" + _YEAR + r"|\d\d)\b")),
    # Jan. 5-7 / March 1 to 5, 2024
    ("dayrange", re.compile(
        r"\b(?:(?P<prep>[Bb]etween|[Ff]rom)\s+)?(?P<m>" + _MONTH_ALT + r")\s+(?P<d1>" + _DAY
        + r")\s*(?P<sep>-|\u2013|to|and|through|until)\s*(?P<d2>" + _DAY + r")(?![\d:])(?:,?\s+(?P<y>"
        + _YEAR + r"))?\b")),
    # the first week of March / the second half of 2023 / the spring of 2023 / last summer
    ("portion", re.compile(
        r"\b(?:the\s+)?(?P<which>first|second|third|fourth|last|final|early|late)\s+"
        r"(?P<part>weeks?|days|half|quarter|months)\s+of\s+(?:(?P<m>" + _MONTH_ALT
        + r")(?:,?\s+(?P<y1>" + _YEAR + r"))?|(?P<y2>" + _YEAR + r"))\b")),
    ("season", re.compile(
        r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+|(?:the\s+)?)(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
        r"(?:\s+(?:of\s+)?(?P<y>" + _YEAR + r"))?\b")),
    # January 28, 2024 / Jan. 28 / January 28th
    ("mdy", re.compile(
        r"\b" + _ON + r"(?P<m>" + _MONTH_ALT + r")\s+(?P<d>" + _DAY + r")(?!\d)(?:,?\s+(?P<y>" + _YEAR + r"))?(?![\d:])")),
    # 28 January 2024 / 28 Jan
    ("dmy", re.compile(
        r"\b" + _ON + r"(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<m>" + _MONTH_ALT + r")(?:,?\s+(?P<y>" + _YEAR + r"))?\b")),
    # February 2024
    ("my", re.compile(r"\b(?P<m>" + _MONTH_ALT + r"),?\s+(?P<y>" + _YEAR + r")\b")),
    # mid-January 2024 / early February / late 2023 / the end of 2023
    ("part", re.compile(
        r"\b(?P<pos>" + _SEASON_POS + r")[-\s](?:(?P<last>last|this|next)\s+)?(?P<what>"
        + _MONTH_ALT + r"(?:,?\s+" + _YEAR + r")?|" + _YEAR + r"|year|month|week)\b", _F)),
    # last November / this March / next May
    ("rel_month", re.compile(r"\b(?P<rel>last|this|next|past)\s+(?P<m>" + _MONTH_ALT + r")(?!\s*\d)")),
    # in February (month alone, after a preposition-like cue)
    # (the word before must be a time preposition: see _accept)
    ("month", re.compile(
        r"(?<![\w-])(?:(?P<mod>[Ee]arly|[Ll]ate|[Mm]id)[-\s])?(?P<m>" + _MONTH_ALT
        + r")(?![\w-])(?!\s+\d)")),
    # October's election
    ("month", re.compile(r"(?<![\w-])(?P<m>" + _MONTH_ALT.replace("\\.?", "") + r")['’]s\b")),
    # on Saturday morning / last Thursday / Wednesday night's / early on Tuesday
    ("weekday", re.compile(
        r"\b" + _ON + r"(?:(?P<rel>last|this|next|this\s+past|past|coming|this\s+coming)\s+)?(?P<wd>" + _WEEKDAY_ALT
        + r")(?:\s+(?P<pod>" + _PART_OF_DAY + r"))?(?:'s|’s)?(?![\w-])")),
    # Christmas Day
    ("holiday", re.compile(
        r"\b" + _ON + r"(?P<h>Christmas\s+Day|Christmas\s+Eve|New\s+Year['’]s\s+(?:Day|Eve)|Nowruz|Newroz"
        r"|Valentine['’]s\s+Day)\b")),
    # yesterday / today / tonight / tomorrow
    ("deictic", re.compile(r"\b(?P<w>yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening|week|month|year)"
                           r"|(?:last|next|past)\s+(?:week|month|year|night|weekend)"
                           r"|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)"
                           r"|earlier\s+in\s+the\s+(?:week|month|year)"
                           r"|the\s+(?:previous|past|coming)\s+(?:week|month|year)"
                           r"|(?:a|one)\s+year\s+ago|(?:a\s+few\s+|several\s+)?days\s+ago|(?:a|one)\s+(?:week|month)\s+ago)\b", _F)),
    # three days after the attack / two weeks after his arrest / the day before the raid
    ("offset_obj", re.compile(
        r"\b(?P<n>" + _NUM_ALT + r"|the)\s+(?P<u>" + _UNIT_ALT + r"|night|day|morning|evening|week)\s+"
        r"(?P<dir>after|before|prior\s+to|following|ahead\s+of)\s+(?P<obj>(?:the|his|her|its|their|a|an|this|that)"
        r"(?:\s+(?!" + _FUNC + r"\b)(?!(?-i:[a-z][\w'’-]*ed)\b)[\w'’-]+){1,2})", _F)),
    # within hours of the arrest / on the day of the vote
    ("within_obj", re.compile(
        r"\b(?:within\s+(?:hours|minutes|a\s+day)|hours|minutes|on\s+the\s+(?:day|eve|night)|the\s+(?:day|eve|night)"
        r"|(?:shortly|just|soon|immediately|moments)\s+(?=before|after))"
        r"\s*(?P<dir>of|after|before)\s+(?P<obj>(?:the|his|her|its|their|a|an)(?:\s+(?!" + _FUNC + r"\b)(?!(?-i:[a-z][\w'’-]*ed)\b)[\w'’-]+){1,2})", _F)),
    # two days earlier / a day later / hours later / the next day / the same day / that day
    ("offset", re.compile(
        r"\b(?P<n>" + _NUM_ALT + r")\s+(?P<u>" + _UNIT_ALT + r")\s+(?P<dir>earlier|later|before|after|afterwards?|ago|on)(?![\w-])", _F)),
    ("anaphor", re.compile(
        r"\b(?P<w>the\s+(?:same|next|following|previous|preceding)\s+(?:day|night|morning|evening|afternoon)"
        r"|the\s+day\s+(?:before|after)|the\s+night\s+before|later\s+that\s+(?:day|night|evening|morning|week|month)"
        r"|earlier\s+that\s+(?:day|night|evening|morning|week|month)|earlier\s+in\s+the\s+day"
        r"|that\s+(?:same\s+)?(?:day|night|evening|morning|afternoon)|hours\s+(?:later|earlier|afterwards)"
        r"|(?:a\s+few\s+|several\s+)?(?:days|weeks|months)\s+(?:later|earlier|afterwards?)"
        r"|minutes\s+(?:later|earlier)|the\s+(?:next|following|previous)\s+(?:week|month|year)"
        r"|that\s+(?:week|month|year)|the\s+same\s+(?:week|month|year)"
        r"|on\s+the\s+day(?!\s+(?:of|after|before|that|when|it|he|she|they))"
        r"|within\s+(?:hours|minutes|the\s+hour)(?!\s+of)"
        r"|by\s+(?:the\s+)?(?:afternoon|evening|nightfall|midday|noon|dusk|dawn|morning)"
        r"|(?:soon|shortly|immediately|moments|minutes)\s+(?:afterwards?|thereafter|later))\b", _F)),
    # in 2019 / since 2014 / by 2025
    ("year", re.compile(r"(?<![\w-])(?:(?P<mod>[Ee]arly|[Ll]ate)\s+)?(?P<y>" + _YEAR + r")(?![\w-])")),
    ("year_ago", re.compile(r"\b(?P<n>" + _NUM_ALT + r")\s+(?P<u>years?|months?|weeks?|decades?)\s+ago\b", _F)),
]

# --------------------------------------------------------------------------- start gate
#
# Running every pattern over the whole text costs one regex attempt per character per pattern.
# Every match begins at the start of a word, and each pattern can only begin with a few words, so
# one pass of a combined "start gate" finds the positions where some pattern could begin; each
# pattern is then tried only there (see ``_finditer``), which gives exactly what ``finditer`` gives.
#
# ``_STARTS[i]`` is a relaxation of the beginning of ``PATTERNS[i]``: wherever ``PATTERNS[i]``
# matches, ``_STARTS[i]`` matches at the same position, looking at no more than the first word
# and (after white space) the next one. It is applied to that key, so the choice of patterns per
# key can be cached. Keep the two lists in step: tests/test_dates.py checks the relaxation
# property against a brute-force scan.

_MON3 = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_WD3 = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_Y2 = r"(?:19|20|21)\d\d"
_BF = r"(?:[Bb]etween|[Ff]rom)"
_EL_ON = r"(?:[Ee]arly|[Ll]ate)\s+[Oo]n"
_NUMW = (r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
         r"|thirty|several)")
_STARTS: list[str] = [
    _Y2,  # iso
    _BF + r"\s+" + _MON3,  # range
    _BF + r"\s+" + _Y2,  # yrange
    _Y2,  # yrange
    _BF + r"\s+" + _MON3 + "|" + _MON3,  # dayrange
    r"the\s+(?:first|second|third|fourth|last|final|early|late)"
    r"|first|second|third|fourth|last|final|early|late",  # portion
    r"(?:[Ll]ast|[Tt]his|[Nn]ext)\s+(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
    r"|(?:the\s+)?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)",  # season
    _EL_ON + r"|[Oo]n\s+" + _MON3 + "|" + _MON3,  # mdy
    _EL_ON + r"|[Oo]n\s+[0-9]|[0-9]",  # dmy
    _MON3,  # my
    r"(?i:early|mid|late|the\s+(?:end|beginning|start|middle))",  # part
    r"(?:last|this|next|past)\s+" + _MON3,  # rel_month
    r"[Ee]arly|[Ll]ate|[Mm]id|" + _MON3,  # month
    _MON3,  # month's
    r"[Ee]arly|[Ll]ate|[Oo]n\s+(?:last|this|next|past|coming|" + _WD3 + r")"
    r"|(?:last|this|next|past|coming)\s+(?:past|coming|" + _WD3 + r")|" + _WD3,  # weekday
    _EL_ON + r"|(?:[Oo]n\s+)?(?:Christmas|New|Nowruz|Valentine)",  # holiday
    r"(?i:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening|week|month|year)"
    r"|(?:last|next|past)\s+(?:week|month|year|night|weekend)|earlier\s+(?:this|in)|later\s+this"
    r"|the\s+(?:previous|past|coming)|(?:a|one)\s+(?:year|week|month|few)|several\s+days"
    r"|days\s+ago)",  # deictic
    r"(?i:(?:" + _NUMW + r"|the)\s+(?:day|week|month|year|hour|night|decade|morning|evening)"
    r"|a\s+(?:couple|few))",  # offset_obj
    r"(?i:within\s+(?:hours|minutes|a)|hours|minutes|on\s+the|the\s+(?:day|eve|night)"
    r"|(?:shortly|just|soon|immediately|moments)\s+(?:before|after))",  # within_obj
    r"(?i:" + _NUMW + r"\s+(?:day|week|month|year|hour|night|decade)|a\s+(?:couple|few))",  # offset
    r"(?i:the\s+(?:same|next|following|previous|preceding|day|night)"
    r"|(?:later|earlier)\s+(?:that|in)"
    r"|that\s+(?:same|day|night|evening|morning|afternoon|week|month|year)"
    r"|hours\s+(?:later|earlier|afterwards)|minutes\s+(?:later|earlier|afterward|thereafter)"
    r"|(?:a\s+few|several|days|weeks|months)\s+(?:days|weeks|months|later|earlier|afterward)"
    r"|on\s+the|within\s+(?:hours|minutes|the)"
    r"|by\s+(?:the|afternoon|evening|nightfall|midday|noon|dusk|dawn|morning)"
    r"|(?:soon|shortly|immediately|moments)\s+(?:afterward|thereafter|later))",  # anaphor
    r"(?:[Ee]arly|[Ll]ate)\s+" + _Y2 + "|" + _Y2,  # year
    r"(?i:" + _NUMW + r"\s+(?:year|month|week|decade)|a\s+(?:couple|few))",  # year_ago
]
assert len(_STARTS) == len(PATTERNS)
_START_RES = [re.compile(x) for x in _STARTS]

# The first words of _STARTS, lower case: the gate looks for these as whole words in any case
# (the letters that re.IGNORECASE folds onto ASCII ones included), "hours" and "minutes" also as
# the start of a longer word ("hours of" may be written without the space), and any word that
# begins with a digit.
_FIRST_WORDS = (
    "between from the first second third fourth last final early late this next spring summer "
    "autumn fall winter on mid past coming christmas new nowruz newroz valentine yesterday today "
    "tonight tomorrow earlier later a an one two three four five six seven eight nine ten eleven twelve "
    "fifteen twenty thirty several days weeks months within just soon shortly immediately moments that by "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
_PREFIX_WORDS = ["hours", "minutes"]
# a word where some pattern may begin; group 1 is the key: that word and the next one. (The
# class of first letters in front lets the engine leave most positions after one test.)
_GATE = re.compile(r"\b(?=[" + anycase_first_letters(_FIRST_WORDS + _PREFIX_WORDS) + r"\d])"
                   r"(?=(?:" + anycase_alternation(_FIRST_WORDS) + r")\b|"
                   + anycase_alternation(_PREFIX_WORDS) + r"|\d)(?=(\w+(?:\s+\w+)?))\w+")
_GATE_CACHE: dict[str, tuple[int, ...]] = {}


def _gate_patterns(key: str) -> tuple[int, ...]:
    """Indices of the patterns that may begin with ``key`` (cached)."""
    hit = _GATE_CACHE.get(key)
    if hit is None:
        if len(_GATE_CACHE) > 50_000:
            _GATE_CACHE.clear()
        hit = _GATE_CACHE[key] = tuple(i for i, rx in enumerate(_START_RES) if rx.match(key))
    return hit


_SINCE_RE = re.compile(r"\b(?:since|starting|beginning|from)\s+(?:(?:early|late|mid)[-\s])?$", re.I)
# "BASRA —", "AMMAN, Jan 29 —", "BAGHDAD, Oct 13 (Agency) —": the dateline's own date is the
# publication's, never an act's
_DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z .'\u2019-]{1,40}(?:,\s*[A-Z][A-Za-z0-9 .,]{0,30}?)?\s*(?:\([^)]{1,40}\))?\s*(?:\u2014|--|-|\u2013)\s")


# --------------------------------------------------------------------------- helpers


def parse_published(published) -> _dt.date | None:
    """``"2024-01-06"`` (or ``"2024-01"`` / ``"2024"`` / a date) -> ``datetime.date``; else None."""
    if published is None:
        return None
    if isinstance(published, str):
        return _parse_date_str(published)
    if isinstance(published, _dt.datetime):
        return published.date()
    if isinstance(published, _dt.date):
        return published
    return _parse_date_str(str(published))


@lru_cache(maxsize=4096)
def _parse_date_str(s: str) -> _dt.date | None:
    s = s.strip()[:10]
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _to_date(value: str | None) -> _dt.date | None:
    return parse_published(value) if value else None


def _fmt(d: _dt.date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _day_num(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _num(s: str) -> int | None:
    s = re.sub(r"\s+", " ", s.lower().strip())
    if s.isdigit():
        return int(s)
    return NUMBER_WORDS.get(s)


def _safe_date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _resolve_month(m: int, pub: _dt.date | None, future: bool) -> int | None:
    """Year of the most recent month ``m`` not after publication (or the next one if future)."""
    if pub is None:
        return None
    if future:
        return pub.year if m >= pub.month else pub.year + 1
    return pub.year if m <= pub.month else pub.year - 1


def _resolve_month_day(m: int, d: int, pub: _dt.date | None, future: bool) -> _dt.date | None:
    if pub is None:
        return None
    y = pub.year
    cand = _safe_date(y, m, d)
    if future:
        if cand is None or cand < pub:
            cand = _safe_date(y + 1, m, d)
        return cand
    if cand is None or cand > pub:
        cand = _safe_date(y - 1, m, d)
    return cand


def _narrative_month_day(m: int, d: int, state: _State, pub: _dt.date | None, future: bool) -> _dt.date | None:
    """"In January 2020, ... The vote, on January 5, ...": a day without a year in the month the
    narrative is in takes the narrative's year, not the publication's."""
    last = state.last
    if future or not last or len(last) < 7 or pub is None:
        return None
    try:
        year, month = int(last[:4]), int(last[5:7])
    except ValueError:
        return None
    if month != m or year == pub.year:
        return None
    cand = _safe_date(year, m, d)
    return cand if cand is not None and cand <= pub else None


def _resolve_weekday(wd: int, pub: _dt.date | None, rel: str | None, future: bool) -> _dt.date | None:
    if pub is None:
        return None
    rel = (rel or "").lower()
    if future or rel in ("next", "coming", "this coming"):
        delta = (wd - pub.weekday()) % 7
        if delta == 0:
            delta = 7
        return pub + _dt.timedelta(days=delta)
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and rel in ("last", "past", "this past"):
        delta = 7
    return pub - _dt.timedelta(days=delta)


_SUFFIX_RE = re.compile(r"(?:ings?|ed|es|s)$")


def _stem(w: str) -> str:
    st = _STEM_CACHE.get(w)
    if st is None:
        if len(_STEM_CACHE) > 50_000:
            _STEM_CACHE.clear()
        st = _STEM_CACHE[w] = (_SUFFIX_RE.sub("", w) if len(w) > 4 else w)[:5]
    return st


_STEM_CACHE: dict[str, str] = {}


def _stems(words) -> set[str]:
    return {_stem(w) for w in words if len(w) > 2}


_FAMILY_STEMS = [_stems(f) for f in EVENT_FAMILIES]
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_OBJ_SKIP = {"the", "his", "her", "its", "their", "a", "an", "this", "that", "same", "first", "last",
             "latest", "initial", "deadly", "fatal", "previous", "earlier"}


def _object_stems(obj: str) -> set[str]:
    words = [w.lower() for w in _WORD_RE.findall(obj)]
    words = [w for w in words if w not in _OBJ_SKIP]
    if not words:
        return set()
    head = words[0]
    stems = _stems([head])
    for fam in _FAMILY_STEMS:
        if stems & fam:
            stems |= fam
    return stems


# --------------------------------------------------------------------------- the scanner


class _State:
    __slots__ = ("anchor", "history", "last")

    def __init__(self, anchor: _dt.date | None):
        self.anchor = anchor
        self.last: str | None = None  # the last resolved value of any precision
        # (resolved day, stems of the words around its mention)
        self.history: list[tuple[_dt.date, set[str]]] = []


_PREP_WORDS = {
    "in", "since", "by", "until", "till", "through", "throughout", "during", "from", "to", "and",
    "between", "before", "after", "of", "for", "last", "this", "next", "early", "late", "mid",
    "earlier", "later", "on", "around", "starting", "into", "across", "past",
}
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\W{0,2}\s+$")


def _prep_before(text: str, pos: int) -> str | None:
    """The time preposition right before ``pos`` ("in", "since", "as of"), or None."""
    m = _WORD_BEFORE_RE.search(text, max(0, pos - 24), pos)
    if not m or m.end() != pos:
        return None
    w = m.group(1).lower()
    if w == "year" and text[max(0, m.start() - 4) : m.start()].lower() == "the ":
        return _prep_before(text, m.start() - 4)  # "in the year 2019"
    if w == "of" and text[max(0, m.start() - 3) : m.start()].lower() == "as ":
        return "as of"
    return w if w in _PREP_WORDS else None


def _accept(kind: str, m, text: str) -> bool:
    """Month names and years alone are dates only after a time preposition ("in February")."""
    if kind == "month":
        if m.group(0).endswith(("'s", "\u2019s")):
            return True
        return _prep_before(text, m.start()) is not None
    if kind == "year":
        return _prep_before(text, m.start()) not in (None, "on")
    if kind == "dayrange":
        # "between March 3 and 12" is a range; "on March 3 and 12 more" is not
        if m.group("sep") == "and" and (m.group("prep") or "").lower() != "between":
            return False
        return int(re.sub(r"\D", "", m.group("d2"))) > int(re.sub(r"\D", "", m.group("d1")))
    if kind == "holiday" and " " not in m.group("h") and _NAME_AFTER.match(text, m.end()):
        # "Nowruz Ahmad": a holiday's one-word name opening a person's name, unless a time
        # preposition puts it in time ("on Nowruz Kurds lit fires")
        return _prep_before(text, m.start("h")) is not None
    return True


_NAME_AFTER = re.compile(r"\s+(?:(?:al|el)-|(?:bin|ibn|Abu)\s)?[A-Z][a-z]")


def _candidates(text: str, lo: int, hi: int):
    """All pattern matches in text[lo:hi], longest first (then pattern order, then leftmost)."""
    starts: dict[int, list[int]] = {}
    for g in _GATE.finditer(text, lo, hi):
        pos = g.start()
        for i in _gate_patterns(g.group(1)):
            lst = starts.get(i)
            if lst is None:
                starts[i] = [pos]
            else:
                lst.append(pos)
    found = []
    for prio in sorted(starts):
        kind, rx = PATTERNS[prio]
        for m in _finditer(rx, text, starts[prio], lo, hi):
            if _accept(kind, m, text):
                found.append((m.start(), m.end(), prio, kind, m))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[2], t[0]))
    return found


def _finditer(rx: re.Pattern, text: str, starts: list[int], lo: int, hi: int):
    """``rx.finditer(text, lo, hi)`` when every match begins at one of ``starts`` (ascending):
    the leftmost match from ``pos`` is the first start at or after ``pos`` where ``rx`` matches.
    (No pattern matches the empty string.)"""
    pos = lo
    match = rx.match
    for c in starts:
        if c >= pos:
            m = match(text, c, hi)
            if m is not None:
                yield m
                pos = m.end()


def _candidates_full(text: str, lo: int, hi: int):
    """Reference for :func:`_candidates`: every pattern over the whole range (slow)."""
    found = []
    for prio, (kind, rx) in enumerate(PATTERNS):
        for m in rx.finditer(text, lo, hi):
            if m.end() > m.start() and _accept(kind, m, text):
                found.append((m.start(), m.end(), prio, kind, m))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[2], t[0]))
    return found


def _select(found, taken: list[tuple[int, int]]):
    """Greedy non-overlapping choice among ``found`` (already ordered), avoiding ``taken``."""
    chosen = []
    spans = sorted(taken)
    for item in found:
        s, e = item[0], item[1]
        k = bisect_left(spans, (e,))
        # taken spans do not overlap one another, so only the few before ``e`` can overlap
        if any(s < te and ts < e for ts, te in spans[max(0, k - 4) : k]):
            continue
        taken.append((s, e))
        insort(spans, (s, e))
        chosen.append(item)
    return chosen


def _sentence_of(spans: list[tuple[int, int]], pos: int,
                 starts: list[int] | None = None) -> tuple[int, int]:
    """The sentence span containing ``pos`` (``starts``: the spans' starts, for a bisect)."""
    if starts is None:
        starts = [s for s, _ in spans]
    k = bisect_right(starts, pos) - 1
    if k >= 0 and pos < spans[k][1]:
        return spans[k]
    return pos, pos


@lru_cache(maxsize=64)
def _scan(text: str, published: str | None, anchor: str | None) -> tuple[DateMention, ...]:
    pub = parse_published(published)
    state = _State(parse_published(anchor) if anchor else None)
    spans = sentence_spans(text)
    span_starts = [s for s, _ in spans]
    lo = 0
    dl = _DATELINE_RE.match(text)
    if dl:
        lo = dl.end()
    out: list[DateMention] = []
    # day-level values established per sentence (to tell "on X, N days after Y" apart)
    sent_days: dict[int, list[_dt.date]] = {}
    found = _candidates(text, lo, len(text))
    taken: list[tuple[int, int]] = []
    queue = sorted(_select(found, taken), key=lambda t: t[0])
    failed: set[int] = set()
    while queue:
        item = queue.pop(0)
        s, e, _prio, kind, m = item
        ss, se = _sentence_of(spans, s, span_starts)
        before = text[ss:s]
        future = _future(before[-80:])
        try:
            dm = _resolve(kind, m, text, pub, state, future, sent_days.get(ss, []), before)
        except (ValueError, OverflowError):
            dm = None
        if dm is None:
            # give the shorter expressions this one had shadowed their chance
            taken.remove((s, e))
            failed.add(id(item))
            inside = [f for f in found if id(f) not in failed and f[0] < e and s < f[1]
                      and (f[1] - f[0]) <= (e - s)]
            if inside:
                queue = sorted(queue + _select(inside, taken), key=lambda t: t[0])
            continue
        out.append(dm)
        if dm.value and not dm.future and dm.anchors:
            state.last = dm.value
        d = _to_date(dm.value)
        if d is not None and dm.precision == "day" and not dm.future:
            if dm.anchors:
                state.anchor = d
                sent_days.setdefault(ss, []).append(d)
                lo_w, hi_w = max(ss, s - 90), min(se, e + 60)
            else:
                lo_w, hi_w = s, min(se, e + 60)  # only the words of the thing it dates
            words = [w.lower() for w in _WORD_RE.findall(text[lo_w:hi_w])]
            state.history.append((d, _stems(words)))
    return tuple(out)


def _mk(m, value, precision, *, end_value=None, future=False, relative=False, kind="date", start=None):
    s = m.start() if start is None else start
    return DateMention(
        start=s, end=m.end(), text=m.string[s : m.end()], value=value, precision=precision,
        end_value=end_value, future=future, relative=relative, kind=kind,
    )


def _since(before: str) -> bool:
    return bool(_SINCE_RE.search(before[-25:]))


def _finish(m, d: _dt.date | None, precision: str, pub, future: bool, before: str, relative=False):
    """Build a mention for a single date, turning it into a "since" range when introduced so."""
    value = _fmt(d, precision) if d else None
    is_future = bool(future or (d is not None and pub is not None and _after(d, precision, pub)))
    if value and _since(before) and pub is not None and not is_future:
        return _mk(m, value, precision, end_value=_fmt(pub, precision), kind="since", relative=relative)
    return _mk(m, value, precision, future=is_future, relative=relative)


def _after(d: _dt.date, precision: str, pub: _dt.date) -> bool:
    return _fmt(d, precision) > _fmt(pub, precision)


def _resolve(kind, m, text, pub, state, future, sent_days, before):
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return _finish(m, d, "day", pub, False, before) if d else None
    if kind in ("mdy", "dmy"):
        mon = _month_num(g["m"])
        day = _day_num(g["d"])
        if g.get("y"):
            d = _safe_date(int(g["y"]), mon, day)
            return _finish(m, d, "day", pub, False, before) if d else None
        if not 1 <= day <= 31:
            return None
        d = _narrative_month_day(mon, day, state, pub, future) or _resolve_month_day(mon, day, pub, future)
        return _finish(m, d, "day", pub, future, before, relative=True) if d or pub is None else None
    if kind == "my":
        d = _dt.date(int(g["y"]), _month_num(g["m"]), 1)
        return _finish(m, d, "month", pub, False, before)
    if kind == "month":
        word = g["m"]
        if word[0].islower():
            return None  # "march", "may" in lower case are verbs
        mon = _month_num(word)
        prep = _prep_before(text, m.start()) or ""
        start = m.start()
        y = _resolve_month(mon, pub, future)
        d = _dt.date(y, mon, 1) if y else None
        value = _fmt(d, "month") if d else None
        is_future = bool(future or (d and pub and _after(d, "month", pub)))
        if prep == "since" and value and pub:
            return _mk(m, value, "month", end_value=_fmt(pub, "month"), kind="since", relative=True, start=start)
        return _mk(m, value, "month", future=is_future, relative=True, start=start)
    if kind == "rel_month":
        mon = _month_num(g["m"])
        rel = g["rel"].lower()
        if pub is None:
            return _mk(m, None, "month", relative=True)
        if rel in ("last", "past"):
            y = pub.year if mon < pub.month else pub.year - 1
            return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True)
        if rel == "next":
            y = pub.year if mon > pub.month else pub.year + 1
            return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True, future=True)
        y = pub.year
        return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True, future=(mon > pub.month))
    if kind == "part":
        what = g["what"]
        if g.get("last"):
            rel = g["last"].lower()
        else:
            rel = None
        ym = re.search(_YEAR, what)
        mm = re.match(_MONTH_ALT, what, re.I)
        if mm and what[0].isupper():
            mon = _month_num(mm.group(0))
            if ym:
                y = int(ym.group(0))
            elif rel == "last":
                y = pub.year if pub and mon < pub.month else (pub.year - 1 if pub else None)
            elif rel == "next":
                y = (pub.year if mon > pub.month else pub.year + 1) if pub else None
            else:
                y = _resolve_month(mon, pub, future)
            d = _dt.date(y, mon, 1) if y else None
            return _finish(m, d, "month", pub, future or rel == "next", before, relative=not ym)
        if ym:
            d = _dt.date(int(ym.group(0)), 1, 1)
            return _finish(m, d, "year", pub, False, before)
        if pub is None:
            return None
        w = what.lower()
        if w == "year":
            y = pub.year + (-1 if rel == "last" else 1 if rel == "next" else 0)
            return _mk(m, f"{y:04d}", "year", relative=True, future=rel == "next")
        if w == "month":
            y, mo = _month_add(pub.year, pub.month, -1 if rel == "last" else 1 if rel == "next" else 0)
            return _mk(m, f"{y:04d}-{mo:02d}", "month", relative=True, future=rel == "next")
        return None
    if kind == "weekday":
        rel = g.get("rel")
        wd = WEEKDAYS[g["wd"].lower()]
        d = _resolve_weekday(wd, pub, rel, future)
        is_future = bool(d and pub and d > pub)
        value = d.isoformat() if d else None
        if value and _since(before) and not is_future:
            return _mk(m, value, "day", end_value=pub.isoformat(), kind="since", relative=True)
        return _mk(m, value, "day", relative=True, future=is_future)
    if kind == "holiday":
        mon, day = HOLIDAYS[re.sub(r"\s+", " ", g["h"].lower())]
        d = _resolve_month_day(mon, day, pub, future)
        return _finish(m, d, "day", pub, future, before, relative=True) if (d or pub is None) else None
    if kind == "deictic":
        return _deictic(m, g["w"], pub)
    if kind in ("offset", "offset_obj", "within_obj", "anaphor"):
        return _relative(kind, m, g, pub, state, sent_days, before)
    if kind == "year":
        y = int(g["y"])
        prep = _prep_before(text, m.start()) or ""
        start = m.start()
        d = _dt.date(y, 1, 1)
        is_future = bool(pub and y > pub.year)
        if prep == "since" and pub and not is_future:
            return _mk(m, f"{y:04d}", "year", end_value=f"{pub.year:04d}", kind="since", start=start)
        return _mk(m, _fmt(d, "year"), "year", future=is_future, start=start)
    if kind == "yrange":
        y1 = int(g["y1"])
        y2s = g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 < y1:
            return None
        return _mk(m, f"{y1:04d}", "year", end_value=f"{y2:04d}", kind="range",
                   future=bool(pub and y1 > pub.year))
    if kind == "range":
        return _range(m, g, pub)
    if kind == "dayrange":
        mon, d1, d2 = _month_num(g["m"]), _day_num(g["d1"]), _day_num(g["d2"])
        if d2 <= d1:
            return None
        if g.get("y"):
            y = int(g["y"])
        else:
            y = _resolve_month(mon, pub, future)
            if y is not None and pub is not None and _safe_date(y, mon, d1) and _safe_date(y, mon, d1) > pub and not future:
                y -= 1
        if y is None:
            return _mk(m, None, "day", kind="range", relative=True)
        a, b = _safe_date(y, mon, d1), _safe_date(y, mon, d2)
        if a is None or b is None:
            return None
        return _mk(m, a.isoformat(), "day", end_value=b.isoformat(), kind="range",
                   relative=not g.get("y"), future=bool(pub and a > pub))
    if kind == "portion":
        if g.get("m"):
            if not g["m"][0].isupper():
                return None
            mon = _month_num(g["m"])
            y = int(g["y1"]) if g.get("y1") else _resolve_month(mon, pub, future)
            if y is None:
                return _mk(m, None, "month", relative=True)
            return _finish(m, _dt.date(y, mon, 1), "month", pub, future, before, relative=not g.get("y1"))
        return _finish(m, _dt.date(int(g["y2"]), 1, 1), "year", pub, False, before)
    if kind == "season":
        rel = (g.get("rel") or "").lower()
        if g.get("y"):
            return _finish(m, _dt.date(int(g["y"]), 1, 1), "year", pub, False, before)
        if not rel or pub is None:
            return None  # "in the summer": no year to give
        # the season's months (northern hemisphere); winter counted from December
        first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[g["s"].lower()]
        if rel == "last":
            y = pub.year if pub.month >= first + 3 else pub.year - 1
        elif rel == "next":
            y = pub.year if pub.month < first else pub.year + 1
        else:
            y = pub.year
        return _mk(m, f"{y:04d}", "year", relative=True, future=rel == "next" or y > pub.year)
    if kind == "year_ago":
        n = _num(g["n"])
        if n is None or pub is None:
            return _mk(m, None, "year", relative=True) if n is not None else None
        u = g["u"].lower()
        if u.startswith("year"):
            return _mk(m, f"{pub.year - n:04d}", "year", relative=True)
        if u.startswith("decade"):
            return _mk(m, f"{pub.year - 10 * n:04d}", "year", relative=True)
        if u.startswith("month"):
            y, mo = _month_add(pub.year, pub.month, -n)
            return _mk(m, f"{y:04d}-{mo:02d}", "month", relative=True)
        d = pub - _dt.timedelta(weeks=n)
        return _mk(m, _fmt(d, "month"), "month", relative=True)
    return None


def _deictic(m, w: str, pub):
    w = re.sub(r"\s+", " ", w.lower())
    if pub is None:
        prec = "day" if w in ("yesterday", "today", "tonight", "tomorrow") else "month"
        return _mk(m, None, prec, relative=True, kind="relative")
    day = _dt.timedelta(days=1)

    def mk(d, prec, future=False):
        return _mk(m, _fmt(d, prec), prec, relative=True, future=future, kind="relative")

    if w == "yesterday" or w in ("last night",):
        return mk(pub - day, "day")
    if w in ("today", "tonight") or w.startswith("this ") and w.split()[1] in ("morning", "afternoon", "evening"):
        return mk(pub, "day")
    if w == "tomorrow":
        return mk(pub + day, "day", True)
    if w.endswith("week") or w.endswith("weekend"):
        if w.startswith(("last", "past", "the previous", "the past")):
            return mk(pub - 7 * day, "month")
        if w.startswith(("next", "the coming")):
            return mk(pub + 7 * day, "month", True)
        return mk(pub, "month", w.startswith("later"))
    if w.endswith("month"):
        if w.startswith(("last", "past", "the previous", "the past")):
            y, mo = _month_add(pub.year, pub.month, -1)
            return mk(_dt.date(y, mo, 1), "month")
        if w.startswith(("next", "the coming")):
            y, mo = _month_add(pub.year, pub.month, 1)
            return mk(_dt.date(y, mo, 1), "month", True)
        return mk(pub, "month", w.startswith("later"))
    if w.endswith("year"):
        if w.startswith(("last", "past", "the previous", "the past")):
            return mk(_dt.date(pub.year - 1, 1, 1), "year")
        if w.startswith(("next", "the coming")):
            return mk(_dt.date(pub.year + 1, 1, 1), "year", True)
        return mk(pub, "year", w.startswith("later"))
    if w.endswith("ago"):
        if "year" in w:
            return mk(_dt.date(pub.year - 1, 1, 1), "year")
        if "month" in w:
            y, mo = _month_add(pub.year, pub.month, -1)
            return mk(_dt.date(y, mo, 1), "month")
        if "week" in w:
            return mk(pub - 7 * day, "month")
        return mk(pub - 3 * day, "month")
    return None


_UNIT_DAYS = {"day": 1, "night": 1, "morning": 1, "evening": 1, "week": 7, "hour": 0, "minute": 0}


def _object_date(obj: str, state: _State) -> _dt.date | None:
    stems = _object_stems(obj)
    if stems:
        for d, words in reversed(state.history):
            if words & stems:
                return d
    if state.history and obj.lower().startswith("the "):
        # "the strike": in news prose, the main event is the one the lede dates
        return state.history[0][0]
    return state.anchor


def _event_stems(text: str) -> set[str]:
    """Stems of the event words in ``text`` ("The killing came" -> the killing family)."""
    out: set[str] = set()
    for w in _WORD_RE.findall(text.lower()):
        st = _stem(w)
        for fam in _FAMILY_STEMS:
            if st in fam:
                out |= fam
    return out


# a prepositional noun phrase headed by an act noun, just before an offset ("a response to a
# deadly rocket attack on Erbil ten days earlier")
_NOUN_PHRASE_BEFORE = re.compile(
    r"\b(?:to|for|of|after|over|following|by|with|about|since)\s+(?:a|an|the|its|their|his|her|that|this)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|airstrike|raid|bombing|barrage|assault|killing|assassination|shelling|ambush|explosion|blast|"
    r"protest|clash|arrest|incident|operation|salvo|volley|vote|election|meeting|visit|statement|decision|ruling)s?"
    r"(?:\s+(?:on|in|at|against|near|by|outside|inside)\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s*){1,4})?\s*$", re.I)


def _relative(kind, m, g, pub, state, sent_days, before=""):
    def mk(d, prec="day"):
        return _mk(m, _fmt(d, prec) if d else None, prec, relative=True, kind="relative",
                   future=bool(d and pub and d > pub and prec == "day"))

    if kind == "anaphor":
        w = re.sub(r"\s+", " ", g["w"].lower())
        base = state.anchor
        if w.endswith(("week", "month", "year")):
            prec = "year" if w.endswith("year") else "month"
            last = state.last
            if last and (len(last) >= 7 or prec == "year") and ("same" in w or w.startswith(("that", "later", "earlier"))):
                return mk(_to_date(last), prec)
        if base is None:
            return mk(None)
        vague = re.match(r"(?:a few |several )?(days|weeks|months) (later|earlier|afterwards?)", w)
        if vague:
            # "days later": some days after the anchor, known to the month at best
            span = {"days": 3, "weeks": 14, "months": 60}[vague.group(1)]
            sign = -1 if vague.group(2) == "earlier" else 1
            return mk(base + _dt.timedelta(days=sign * span), "month")
        if w.endswith(("week", "month", "year")):
            if w.startswith("the next") or w.startswith("the following"):
                if prec == "year":
                    return mk(_dt.date(base.year + 1, 1, 1), "year")
                return mk(base + _dt.timedelta(days=30 if w.endswith("month") else 7), "month")
            if w.startswith("the previous"):
                if prec == "year":
                    return mk(_dt.date(base.year - 1, 1, 1), "year")
                return mk(base - _dt.timedelta(days=30 if w.endswith("month") else 7), "month")
            return mk(base, prec)
        if re.search(r"\b(?:next|following)\b|day after", w):
            return mk(base + _dt.timedelta(days=1))
        if re.search(r"\b(?:previous|preceding)\b|(?:day|night) before", w):
            return mk(base - _dt.timedelta(days=1))
        return mk(base)
    if kind == "offset":
        n = _num(g["n"])
        u = g["u"].lower().rstrip("s")
        dirw = g["dir"].lower()
        if n is None:
            return None
        if dirw == "ago":
            if pub is None:
                return mk(None)
            if u in ("day", "night"):
                return mk(pub - _dt.timedelta(days=n))
            if u == "hour":
                return mk(pub)
            if u == "week":
                return mk(pub - _dt.timedelta(weeks=n), "month")
            if u == "month":
                y, mo = _month_add(pub.year, pub.month, -n)
                return mk(_dt.date(y, mo, 1), "month")
            if u in ("year", "decade"):
                return mk(_dt.date(pub.year - n * (10 if u == "decade" else 1), 1, 1), "year")
            return None
        if dirw == "on":
            if not u.startswith(("day", "week", "month", "year")) or state.anchor is None:
                return None
        base = state.anchor
        if base is None:
            return mk(None)
        sign = -1 if dirw in ("earlier", "before") else 1
        # "a response to a rocket attack on Erbil ten days earlier": the offset dates the noun
        # phrase it follows, not the clause, and does not move the narrative time
        return _shift(m, base, n, u, sign, pub, anchors=not _NOUN_PHRASE_BEFORE.search(before[-120:]))
    # offset_obj / within_obj: "<n> <unit> after/before <obj>", "within hours of <obj>"
    obj = g["obj"]
    dirw = g["dir"].lower()
    if kind == "within_obj":
        n, u, sign = 0, "day", 1
        pre = m.group(0).lower()
        if re.search(r"\beve\s+of\b", pre):
            n, sign = 1, -1  # "on the eve of the vote"
    else:
        n = 1 if g["n"].lower() == "the" else _num(g["n"])
        u = g["u"].lower().rstrip("s")
        if n is None:
            return None
        sign = 1 if dirw in ("after", "following") else -1
    if u not in _UNIT_DAYS and u not in ("month", "year", "decade"):
        return None
    if sent_days:
        if kind == "within_obj" and not m.group(0).lower().startswith(("within", "on the", "the")):
            return None  # "early on Tuesday, hours after a drone hit": may cross midnight
        # "on Saturday, three days after a barrage": the offset dates the barrage
        return _shift(m, sent_days[-1], n, u, -sign, pub, anchors=False)
    subject = _event_stems(before)
    if subject and kind == "offset_obj":
        # "The killing came five days after the reply": the subject is an event dated earlier,
        # so the offset dates the reply
        for d, words in reversed(state.history):
            if words & subject:
                return _shift(m, d, n, u, -sign, pub, anchors=False)
    base = _object_date(obj, state)
    if base is None:
        return mk(None)
    return _shift(m, base, n, u, sign, pub)


def _shift(m, base: _dt.date, n: int, u: str, sign: int, pub, anchors: bool = True):
    if u in ("day", "night", "morning", "evening", "hour", "minute", "week"):
        d = base + _dt.timedelta(days=sign * n * _UNIT_DAYS[u])
        prec = "day"
    elif u == "month":
        y, mo = _month_add(base.year, base.month, sign * n)
        d, prec = _dt.date(y, mo, 1), "month"
    elif u in ("year", "decade"):
        d, prec = _dt.date(base.year + sign * n * (10 if u == "decade" else 1), 1, 1), "year"
    else:
        return None
    dm = _mk(m, _fmt(d, prec), prec, relative=True, kind="relative",
             future=bool(pub and _after(d, prec, pub)))
    return dm if anchors else replace(dm, anchors=False)


def _range(m, g, pub):
    m1, m2 = _month_num(g["m1"]), _month_num(g["m2"])
    d1 = _day_num(g["d1"]) if g.get("d1") else None
    d2 = _day_num(g["d2"]) if g.get("d2") else None
    y2 = int(g["y2"]) if g.get("y2") else None
    y1 = int(g["y1"]) if g.get("y1") else None
    if y2 is None:
        if y1 is not None:
            y2 = y1 if m2 >= m1 else y1 + 1
        elif pub is not None:
            y2 = pub.year if m2 <= pub.month else pub.year - 1
    if y1 is None and y2 is not None:
        y1 = y2 if m1 <= m2 else y2 - 1
    prec = "day" if (d1 and d2) else "month"
    if y1 is None or y2 is None:
        return _mk(m, None, prec, kind="range", relative=True)
    a = _safe_date(y1, m1, d1 or 1)
    b = _safe_date(y2, m2, d2 or 1)
    if a is None or b is None or b < a:
        return None
    return _mk(m, _fmt(a, prec), prec, end_value=_fmt(b, prec), kind="range",
               relative=not g.get("y1"), future=bool(pub and _after(a, prec, pub)))


# --------------------------------------------------------------------------- API


def find_dates(text: str, published=None, start: int = 0, end: int | None = None,
               anchor: str | None = None) -> list[DateMention]:
    """Temporal expressions in ``text[start:end]``, resolved against ``published``.

    Offsets are into ``text``. The whole text is read so that relative expressions inside the
    range ("the same day") see the dates established before it; ``anchor`` (``YYYY-MM-DD``) seeds
    that context when the text itself gives none. Results are cached per text, so calling this
    once per sentence costs one scan per document.
    """
    if published is not None and not isinstance(published, str):
        d = parse_published(published)
        published = d.isoformat() if d else None
    mentions = _scan(text, published, anchor)
    stop = len(text) if end is None else end
    return [dm for dm in mentions if dm.start >= start and dm.end <= stop]


def _attributive(m: DateMention) -> bool:
    return m.text.endswith(("'s", "\u2019s"))


def date_for(text: str, published, start: int, end: int,
             sentence: tuple[int, int] | None = None) -> DateMention | None:
    """The date that best dates the clause at ``text[start:end]``.

    Within the sentence: a mention inside the span, else the one nearest to it. With no date in
    the sentence: the last resolved, non-future mention before it (news prose keeps the time of
    the previous sentence until it says otherwise). Future mentions are used only when nothing
    else is available in the sentence. Returns None when the text gives no usable date.
    """
    if sentence is None:
        sentence = next(((s, e) for s, e in sentence_spans(text) if s <= start < e), (start, end))
    mentions = find_dates(text, published)
    inside = [m for m in mentions if m.start >= sentence[0] and m.end <= sentence[1] and m.value]
    if inside:
        past = [m for m in inside if not m.future] or inside

        def distance(m: DateMention) -> int:
            if m.start >= start and m.end <= end:
                return 0
            gap = min(abs(m.start - end), abs(m.end - start))
            # "Sunday's airstrikes", "October's election": a date that modifies a noun dates that
            # noun, not the clause around it
            return gap + (1000 if _attributive(m) else 0)

        return min(past, key=distance)
    before = [m for m in mentions if m.end <= sentence[0] and m.value and not m.future
              and m.anchors and m.kind not in ("since", "range") and not _attributive(m)]
    return before[-1] if before else None

"""The date grammar's data: month, weekday, number and holiday words, the regular expressions
for each kind of temporal expression, and the start gate that tells the scanner where an
expression can begin. :mod:`marsad.extract.dates` scans with them; :mod:`marsad.extract.date_values`
turns what they match into dates."""

from __future__ import annotations

import re

from marsad.text import anycase_alternation, anycase_first_letters

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
    {"visit", "trip", "tour", "arrival", "arrive", "arrived", "landed", "flew"},
    {"meeting", "met", "talks", "summit", "telephoned", "call"},
    {"nomination", "nominate", "nominated", "designation", "designated", "nominee"},
    {"resignation", "resign", "resigned", "retreat", "withdrawal", "withdraw", "withdrew"},
    {"offensive", "operation", "campaign", "launched"},
    {"ruling", "verdict", "judgment", "judgement", "ruled"},
    {"agreement", "deal", "accord", "signed", "signing"},
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
# "March last year", "on August 29 of next year": the year told relative to publication
_OF_REL_YEAR = r"(?:(?:,?\s+|\s+of\s+)(?P<yrel>last|this|next)\s+year\b)?"
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
        r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Tt]hat)\s+|(?:the\s+)?)(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
        r"(?:\s+(?:of\s+)?(?P<y>" + _YEAR + r"))?\b")),
    # January 28, 2024 / Jan. 28 / January 28th
    ("mdy", re.compile(
        r"\b" + _ON + r"(?P<m>" + _MONTH_ALT + r")\s+(?P<d>" + _DAY + r")(?!\d)(?:,?\s+(?P<y>" + _YEAR + r"))?(?![\d:])"
        + _OF_REL_YEAR)),
    # 28 January 2024 / 28 Jan
    ("dmy", re.compile(
        r"\b" + _ON + r"(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<m>" + _MONTH_ALT + r")(?:,?\s+(?P<y>" + _YEAR + r"))?\b"
        + _OF_REL_YEAR)),
    # February 2024
    ("my", re.compile(r"\b(?P<m>" + _MONTH_ALT + r"),?\s+(?P<y>" + _YEAR + r")\b")),
    # mid-January 2024 / early February / late 2023 / the end of 2023
    ("part", re.compile(
        r"\b(?P<pos>" + _SEASON_POS + r")[-\s](?:(?P<last>last|this|next)\s+)?(?P<what>"
        + _MONTH_ALT + r"(?:,?\s+" + _YEAR + r")?|" + _YEAR + r"|year|month|week)\b", _F)),
    # last November / this March / next May
    # "that August": the month in the year the narrative is in
    # "the previous August", "the following March": the month before or after the narrative's time
    ("rel_month", re.compile(r"\b(?P<rel>last|this|next|past|[Tt]hat|[Tt]he\s+(?:previous|preceding|following|next))\s+(?P<m>"
                             + _MONTH_ALT + r")(?!\s*\d)")),
    # in February (month alone, after a preposition-like cue)
    # (the word before must be a time preposition: see _accept)
    ("month", re.compile(
        r"(?<![\w-])(?:(?P<mod>[Ee]arly|[Ll]ate|[Mm]id)[-\s])?(?P<m>" + _MONTH_ALT
        + r")(?![\w-])(?!\s+\d)" + _OF_REL_YEAR)),
    # October's election
    ("month", re.compile(r"(?<![\w-])(?P<m>" + _MONTH_ALT.replace("\\.?", "") + r")['’]s\b")),
    # on Saturday morning / last Thursday / Wednesday night's / early on Tuesday
    ("weekday", re.compile(
        r"\b" + _ON + r"(?:(?P<rel>last|this|next|this\s+past|past|coming|this\s+coming)\s+)?(?P<wd>" + _WEEKDAY_ALT
        + r")(?:\s+(?P<pod>" + _PART_OF_DAY + r"))?(?:'s|’s)?(?![\w-])"
        # "the Friday sermon", "Friday prayers": a weekly rite, not a date
        r"(?!\s+(?:sermons?|prayers?|prayer\s+leaders?|services?|khutbas?)\b)")),
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
    r"(?:[Ll]ast|[Tt]his|[Nn]ext|[Tt]hat)\s+(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
    r"|(?:the\s+)?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)",  # season
    _EL_ON + r"|[Oo]n\s+" + _MON3 + "|" + _MON3,  # mdy
    _EL_ON + r"|[Oo]n\s+[0-9]|[0-9]",  # dmy
    _MON3,  # my
    r"(?i:early|mid|late|the\s+(?:end|beginning|start|middle))",  # part
    r"(?:last|this|next|past|[Tt]hat)\s+" + _MON3 + r"|[Tt]he\s+(?:previous|preceding|following|next)",  # rel_month
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

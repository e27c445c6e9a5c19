"""Turning a matched temporal expression into a date: the :class:`DateMention` record (calendar
arithmetic lives in :mod:`marsad.extract.date_calendar`), the narrative state the scanner carries from one expression to the next,
and the resolution of each kind of expression (absolute, deictic, relative, ranges) against
the publication date and the dates the text has already established."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from marsad.extract.date_calendar import (
    _day_num,
    _fmt,
    _month_add,
    _month_num,
    _num,
    _resolve_month,
    _resolve_month_day,
    _resolve_weekday,
    _safe_date,
    _to_date,
)
from marsad.extract.date_patterns import (
    _MONTH_ALT,
    _SINCE_RE,
    _YEAR,
    EVENT_FAMILIES,
    HOLIDAYS,
    WEEKDAYS,
)


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


# --------------------------------------------------------------------------- helpers


def _narrative_month_day(m: int, d: int, state: _State, pub: _dt.date | None, future: bool) -> _dt.date | None:
    """"In January 2020, ... The vote, on January 5, ...": a day without a year in the month the
    narrative is in, or in a later month, takes the narrative's year, not the publication's."""
    last = state.last
    if future or not last or len(last) < 7 or pub is None:
        return None
    try:
        year, month = int(last[:4]), int(last[5:7])
    except ValueError:
        return None
    if year == pub.year:
        return None
    if month != m:
        # "On 3 May 2018 the court ruled ... the speaker answered on 9 June": a later day of the
        # narrative's year (not a month before the date the narrative is at)
        if m < month:
            return None
        cand = _safe_date(year, m, d)
        return cand if cand is not None and cand <= pub else None
    cand = _safe_date(year, m, d)
    return cand if cand is not None and cand <= pub else None


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


class _State:
    __slots__ = ("anchor", "history", "last", "last_at", "narrative", "frame", "adverbial")

    def __init__(self, anchor: _dt.date | None):
        self.anchor = anchor
        self.last: str | None = None  # the last resolved value of any precision
        self.last_at = -1  # where the expression that set ``last`` ends
        # whether that expression set the time of its sentence ("In 2019, ...", "by March 2021"),
        # not a modifier ("the 2018 vote") or a span ("since 1984")
        self.narrative = False
        # whether that expression was a time adverbial ("held a referendum in September 2017"),
        # wherever it stood in its sentence
        self.adverbial = False
        # the value of the last expression that set the narrative's time (the frame "that
        # November" refers to, past dates told in relative clauses since)
        self.frame: str | None = None
        # (resolved day, stems of the words around its mention)
        self.history: list[tuple[_dt.date, set[str], str]] = []  # (date, stems of its clause, precision)


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


class _Env(NamedTuple):
    """What resolving one expression may read besides its own match."""

    text: str
    pub: _dt.date | None
    state: _State
    future: bool
    sent_days: dict
    before: str


def _resolve(kind, m, text, pub, state, future, sent_days, before):
    """The :class:`DateMention` for one matched expression of ``kind`` (None when it is no date),
    by the resolver of its kind (:data:`_RESOLVERS`)."""
    fn = _RESOLVERS.get(kind)
    return fn(m, m.groupdict(), _Env(text, pub, state, future, sent_days, before)) if fn else None


def _r_iso(m, g, x: _Env):
    pub, before = x.pub, x.before
    d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return _finish(m, d, "day", pub, False, before) if d else None


_REL_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def _told_year(g, pub: _dt.date | None) -> int | None:
    """The year a date states: its digits, or "last/this/next year" from the publication year."""
    if g.get("y"):
        return int(g["y"])
    if g.get("yrel") and pub is not None:
        return pub.year + _REL_YEAR_SHIFT[g["yrel"]]
    return None


def _r_mdy(m, g, x: _Env):
    pub, state, future, before = x.pub, x.state, x.future, x.before
    mon = _month_num(g["m"])
    day = _day_num(g["d"])
    year = _told_year(g, pub)
    if year is not None:
        d = _safe_date(year, mon, day)
        return _finish(m, d, "day", pub, False, before, relative=not g.get("y")) if d else None
    if not 1 <= day <= 31:
        return None
    if not future and _THAT_YEAR_AFTER.match(x.text, m.end()):
        ny = _narrative_year(x.text, m.start(), m.end(), None, state, pub)
        d = _safe_date(ny, mon, day) if ny else None
        if d is not None:
            return _finish(m, d, "day", pub, False, before, relative=True)
    d = _narrative_month_day(mon, day, state, pub, future) or _resolve_month_day(mon, day, pub, future)
    return _finish(m, d, "day", pub, future, before, relative=True) if d or pub is None else None


def _r_my(m, g, x: _Env):
    pub, before = x.pub, x.before
    d = _dt.date(int(g["y"]), _month_num(g["m"]), 1)
    return _finish(m, d, "month", pub, False, before)


_THAT_YEAR_AFTER = re.compile(r"\s*,?\s+(?:of|in)\s+(?:that|the\s+same)\s+year\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')]*\s+(?=[A-Z\"\u201c])")


_NARRATIVE_PREPS = {"in", "by", "during", "throughout", "early", "late", "mid", "until", "till"}


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?][\"\u201d\u2019)]*\s+|\n)(?:[A-Z][a-z]+,?\s+){0,2}?$")


def is_adverbial(text: str, dm) -> bool:
    """Whether a date mention is a time adverbial with a year ("in September 2017"), not a
    modifier ("the 2018 vote") or a span."""
    if dm.kind != "date" or dm.precision == "year" or not re.search(r"\d{4}", dm.text) \
            or (_prep_before(text, dm.start) or "") not in _NARRATIVE_PREPS:
        return False  # (a bare year, "founded in 2014", is background, not the narrative's time)
    # ("who took office in May 2020": a relative clause's date is that clause's only)
    if re.search(r",\s+(?:who|which|whose)\s[^,;]*$", text[max(0, dm.start - 120) : dm.start]):
        return False
    # "17 seats from 48 in 2018", "up from 30 percent in 2019": a figure's year in a comparison
    return not re.search(r"\d[\d,.]*\s*(?:%|percent|per\s+cent|seats|votes)?\s+(?:in|by|during)\s+$", text[max(0, dm.start - 30) : dm.start])


def sets_narrative(text: str, dm) -> bool:
    """Whether a date mention sets the time its text goes on in: a plain date after a time
    preposition that opens its sentence ("In 2019, ...", "But by March 2021 ..."), or a time
    told again with "that" ("that autumn"); not a modifier ("the 2018 vote"), a comparison
    ("from 48 in 2018") or a "since" span."""
    if dm.kind == "date" and dm.text[:5].lower() == "that ":
        return True  # "that autumn", "that August": the narrative's own time, told again
    if dm.kind != "date" or (_prep_before(text, dm.start) or "") not in _NARRATIVE_PREPS:
        return False
    head = text[max(0, dm.start - 40) : dm.start]
    head = re.sub(r"(?:[Ee]arly|[Ll]ate|[Mm]id)[-\s]+$", "", head.rstrip())
    head = re.sub(r"\w+$", "", head)  # the preposition
    return bool(_SENTENCE_OPENING.search(head)) or dm.start < 40 and not head.strip()


def _narrative_year(text: str, at: int, end: int, mon: int | None, state: _State, pub: _dt.date | None) -> int | None:
    """The year a bare month (or a day "of that year") takes from the narrative: the year of the
    last date the text gave, when that date set the narrative's time (:func:`sets_narrative`), is
    in another year than the publication and, for a bare month, no more than two sentences back
    in the same paragraph ("The crisis deepened. In 2019, ... In March, ..." -> March 2019); a
    month before the narrative's month is the next year's."""
    last = state.last
    if not last or pub is None or state.last_at < 0 or state.last_at > at:
        return None
    try:
        year = int(last[:4])
    except ValueError:
        return None
    if _THAT_YEAR_AFTER.match(text, end):
        return year
    back = len(_SENTENCE_END.findall(text, state.last_at, at))
    if not (state.narrative or (state.adverbial and back <= 1)) or year == pub.year or mon is None \
            or "\n\n" in text[state.last_at : at] or back > 2:
        return None
    if len(last) >= 7 and mon < int(last[5:7]):
        year += 1  # "In October 2019 ... In February, ...": the February after
    return year if year <= pub.year else None


def _r_month(m, g, x: _Env):
    text, pub, future = x.text, x.pub, x.future
    word = g["m"]
    if word[0].islower():
        return None  # "march", "may" in lower case are verbs
    mon = _month_num(word)
    prep = _prep_before(text, m.start()) or ""
    start = m.start()
    y = _told_year(g, pub) or (None if future else _narrative_year(text, start, m.end(), mon, x.state, pub)) \
        or _resolve_month(mon, pub, future)
    d = _dt.date(y, mon, 1) if y else None
    value = _fmt(d, "month") if d else None
    is_future = bool(future or (d and pub and _after(d, "month", pub)))
    if prep == "since" and value and pub:
        return _mk(m, value, "month", end_value=_fmt(pub, "month"), kind="since", relative=True, start=start)
    return _mk(m, value, "month", future=is_future, relative=True, start=start)


def _r_rel_month(m, g, x: _Env):
    pub = x.pub
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
    if rel == "that":
        y = _that_month_year(mon, x.state, m.start())
        if y is None:
            return None  # "that May" with no date told before: no time the month could be placed in
        return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True, future=(y, mon) > (pub.year, pub.month))
    y = pub.year
    return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True, future=(mon > pub.month))


def _frame_value(state: _State, at: int) -> str | None:
    """The value "that autumn" or "that August" at ``at`` refers to: the narrative's frame (the
    last date that set its time), else the last date told; None when no year was told before."""
    last = state.frame or state.last
    if not last or state.last_at < 0 or state.last_at > at or not last[:4].isdigit():
        return None
    return last


def _that_month_year(mon: int, state: _State, at: int) -> int | None:
    """"That August": the year of the narrative's frame, or the next year when the month comes
    before the frame's month ("In October 2019, ... That February" is February 2020)."""
    last = _frame_value(state, at)
    if last is None:
        return None
    year = int(last[:4])
    if len(last) >= 7 and mon < int(last[5:7]):
        year += 1
    return year


def _r_part(m, g, x: _Env):
    pub, future, before = x.pub, x.future, x.before
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
            y = (None if future else _narrative_year(x.text, m.start(), m.end(), mon, x.state, pub)) \
                or _resolve_month(mon, pub, future)
        d = _dt.date(y, mon, 1) if y else None
        return _finish(m, d, "month", pub, future or rel == "next", before, relative=not ym)
    if ym:
        pos = re.sub(r"\s+", " ", g["pos"].lower())
        if pos in ("the end of", "the start of", "the beginning of"):
            # "at the end of 2011": the year's last month; "at the start of 2019": its first
            d = _dt.date(int(ym.group(0)), 12 if pos == "the end of" else 1, 1)
            return _finish(m, d, "month", pub, False, before)
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


def _r_weekday(m, g, x: _Env):
    pub, future, before = x.pub, x.future, x.before
    rel = g.get("rel")
    wd = WEEKDAYS[g["wd"].lower()]
    d = _resolve_weekday(wd, pub, rel, future)
    is_future = bool(d and pub and d > pub)
    value = d.isoformat() if d else None
    if value and _since(before) and not is_future:
        return _mk(m, value, "day", end_value=pub.isoformat(), kind="since", relative=True)
    return _mk(m, value, "day", relative=True, future=is_future)


def _r_holiday(m, g, x: _Env):
    pub, future, before = x.pub, x.future, x.before
    mon, day = HOLIDAYS[re.sub(r"\s+", " ", g["h"].lower())]
    d = _resolve_month_day(mon, day, pub, future)
    return _finish(m, d, "day", pub, future, before, relative=True) if (d or pub is None) else None


def _r_deictic(m, g, x: _Env):
    pub = x.pub
    return _deictic(m, g["w"], pub)


def _r_relative(kind: str):
    """The resolver of a relative expression of ``kind`` ("three days later", "within hours of
    the arrest"): see :func:`_relative`."""
    def resolve(m, g, x: _Env):
        return _relative(kind, m, g, x.pub, x.state, x.sent_days, x.before)
    return resolve


def _r_year(m, g, x: _Env):
    text, pub = x.text, x.pub
    y = int(g["y"])
    prep = _prep_before(text, m.start()) or ""
    start = m.start()
    d = _dt.date(y, 1, 1)
    is_future = bool(pub and y > pub.year)
    if prep == "since" and pub and not is_future:
        return _mk(m, f"{y:04d}", "year", end_value=f"{pub.year:04d}", kind="since", start=start)
    return _mk(m, _fmt(d, "year"), "year", future=is_future, start=start)


def _r_yrange(m, g, x: _Env):
    pub = x.pub
    y1 = int(g["y1"])
    y2s = g["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 < y1:
        return None
    return _mk(m, f"{y1:04d}", "year", end_value=f"{y2:04d}", kind="range",
               future=bool(pub and y1 > pub.year))


def _r_range(m, g, x: _Env):
    pub = x.pub
    return _range(m, g, pub)


def _r_dayrange(m, g, x: _Env):
    pub, future = x.pub, x.future
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


def _r_portion(m, g, x: _Env):
    pub, future, before = x.pub, x.future, x.before
    if g.get("m"):
        if not g["m"][0].isupper():
            return None
        mon = _month_num(g["m"])
        y = int(g["y1"]) if g.get("y1") else _resolve_month(mon, pub, future)
        if y is None:
            return _mk(m, None, "month", relative=True)
        return _finish(m, _dt.date(y, mon, 1), "month", pub, future, before, relative=not g.get("y1"))
    return _finish(m, _dt.date(int(g["y2"]), 1, 1), "year", pub, False, before)


def _r_season(m, g, x: _Env):
    pub, before = x.pub, x.before
    rel = (g.get("rel") or "").lower()
    if g.get("y"):
        return _finish(m, _dt.date(int(g["y"]), 1, 1), "year", pub, False, before)
    if not rel or pub is None:
        return None  # "in the summer": no year to give
    if rel == "that":
        # "that autumn": the season of the year the narrative is in
        frame = _frame_value(x.state, m.start())
        return _mk(m, frame[:4], "year", relative=True) if frame is not None else None
    # the season's months (northern hemisphere); winter counted from December
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[g["s"].lower()]
    if rel == "last":
        y = pub.year if pub.month >= first + 3 else pub.year - 1
    elif rel == "next":
        y = pub.year if pub.month < first else pub.year + 1
    else:
        y = pub.year
    return _mk(m, f"{y:04d}", "year", relative=True, future=rel == "next" or y > pub.year)


def _r_year_ago(m, g, x: _Env):
    pub = x.pub
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


_RESOLVERS = {
    "iso": _r_iso,
    "mdy": _r_mdy,
    "dmy": _r_mdy,
    "my": _r_my,
    "month": _r_month,
    "rel_month": _r_rel_month,
    "part": _r_part,
    "weekday": _r_weekday,
    "holiday": _r_holiday,
    "deictic": _r_deictic,
    "offset": _r_relative("offset"),
    "offset_obj": _r_relative("offset_obj"),
    "within_obj": _r_relative("within_obj"),
    "anaphor": _r_relative("anaphor"),
    "year": _r_year,
    "yrange": _r_yrange,
    "range": _r_range,
    "dayrange": _r_dayrange,
    "portion": _r_portion,
    "season": _r_season,
    "year_ago": _r_year_ago,
}


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


def _object_date(obj: str, state: _State) -> tuple[_dt.date, str] | None:
    """The date (and its precision) of the act named by ``obj``: the latest dated clause with a
    word of its family, else the lede's day for a definite act, else the narrative's day."""
    stems = _object_stems(obj)
    if stems:
        for d, words, prec in reversed(state.history):
            if words & stems:
                return d, prec
    days = [h for h in state.history if h[2] == "day"]
    if days and obj.lower().startswith("the "):
        # "the strike": in news prose, the main event is the one the lede dates
        return days[0][0], "day"
    return (state.anchor, "day") if state.anchor is not None else None


def _event_stems(text: str) -> set[str]:
    """Stems of the event words in ``text`` ("The killing came" -> the killing family)."""
    out: set[str] = set()
    for w in _WORD_RE.findall(text.lower()):
        st = _stem(w)
        for fam in _FAMILY_STEMS:
            if st in fam:
                out |= fam
    return out


# a prepositional noun phrase headed by an act noun, just before an offset ("a reply to a
# drone strike on Basra six days earlier")
_NOUN_PHRASE_BEFORE = re.compile(
    r"\b(?:to|for|of|after|over|following|by|with|about|since)\s+(?:a|an|the|its|their|his|her|that|this)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|airstrike|raid|bombing|barrage|assault|killing|assassination|shelling|ambush|explosion|blast|"
    r"protest|clash|arrest|incident|operation|salvo|volley|vote|election|meeting|visit|statement|decision|ruling)s?"
    r"(?:\s+(?:on|in|at|against|near|by|outside|inside)\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s*){1,4})?\s*$", re.I)


def _relative_maker(m, pub):
    """The mention builder of a relative expression (future when past the publication day)."""
    def mk(d, prec="day"):
        return _mk(m, _fmt(d, prec) if d else None, prec, relative=True, kind="relative",
                   future=bool(d and pub and d > pub and prec == "day"))
    return mk


def _relative_anaphor(g, state, mk):
    """"that day", "the next week", "days later": relative to the narrative's anchor."""
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


def _after_coarse_date(state: _State, n: int, u: str, sign: int) -> tuple[_dt.date, str] | None:
    """"In January 2020 ... Five days later, ...": an offset of days or weeks from a date that
    opened its sentence known only to the month (or year) is known to that precision, counted
    from the month's middle (never from a span: "since mid-October"); an offset of months or
    years moves that month or year ("In June 2014 ... Three years later": June 2017)."""
    last = state.last
    if not last or not state.narrative or len(last) not in (4, 7) or u not in ("day", "night", "week", "month", "year"):
        return None
    d = _to_date(last)
    if d is None:
        return None
    if u in ("month", "year"):
        # "In June 2014 ... Three years later": June 2017; "In 2014 ... two years later": 2016
        if len(last) == 4:
            return (_dt.date(d.year + sign * n, 1, 1), "year") if u == "year" else None
        y, mo = _month_add(d.year, d.month, sign * n * (12 if u == "year" else 1))
        return _dt.date(y, mo, 1), "month"
    if len(last) == 4:
        return d, "year"
    days = n * (7 if u == "week" else 1)
    return d + _dt.timedelta(days=14 + sign * days), "month"


def _relative_offset(m, g, pub, state, before, mk):
    """"three days ago", "two weeks later", "a month earlier": an offset from now or the anchor."""
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
    coarse = _after_coarse_date(state, n, u, -1 if dirw in ("earlier", "before") else 1)
    if coarse is not None:
        return mk(*coarse)
    base = state.anchor
    if base is None:
        return mk(None)
    sign = -1 if dirw in ("earlier", "before") else 1
    # "a reply to a drone strike on Basra six days earlier": the offset dates the noun
    # phrase it follows, not the clause, and does not move the narrative time
    return _shift(m, base, n, u, sign, pub, anchors=not _NOUN_PHRASE_BEFORE.search(before[-120:]))


def _relative_to_object(kind, m, g, pub, state, sent_days, before, mk):
    """"<n> <unit> after/before <obj>", "within hours of <obj>": an offset from a named act."""
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
        for d, words, prec in reversed(state.history):
            if words & subject and prec == "day":
                return _shift(m, d, n, u, -sign, pub, anchors=False)
    found = _object_date(obj, state)
    if found is None:
        return mk(None)
    base, prec = found
    if prec != "day":
        # "two days after the nomination" when the nomination is known to the month: that month
        # for an offset of days, the shifted month for one of months
        if u == "month":
            y, mo = _month_add(base.year, base.month, sign * n)
            return mk(_dt.date(y, mo, 1), "month")
        if u in ("year", "decade"):
            return mk(_dt.date(base.year + sign * n * (10 if u == "decade" else 1), 1, 1), "year")
        return mk(base, "month") if _UNIT_DAYS.get(u, 8) * n <= 7 else mk(None)
    return _shift(m, base, n, u, sign, pub)


# after "N days after": a clause or a noun phrase (not punctuation, not "that")
_CLAUSE_FOLLOWS = re.compile(r"\s+(?!that\b|which\b)[A-Za-z]")


def _subject_dated(before: str, state: _State) -> bool:
    """Whether the words before an offset name an act the text has dated to the day."""
    subject = _event_stems(before)
    return bool(subject) and any(words & subject and prec == "day" for _, words, prec in state.history)


def _relative(kind, m, g, pub, state, sent_days, before=""):
    """A relative date expression of ``kind`` resolved against the publication date and the
    narrative state."""
    mk = _relative_maker(m, pub)
    if kind == "anaphor":
        return _relative_anaphor(g, state, mk)
    if kind == "offset":
        if sent_days and g["dir"].lower() in ("after", "before") and _CLAUSE_FOLLOWS.match(m.string, m.end()):
            # "On 13 June, three days after fighters overran Mosul, ...": the offset dates the
            # clause it introduces, counted back from the sentence's day
            return _relative_to_object("offset_obj", m, dict(g, obj=""), pub, state, sent_days, before, mk)
        if g["dir"].lower() in ("after", "before") and _CLAUSE_FOLLOWS.match(m.string, m.end()) \
                and _subject_dated(before, state):
            # "The visit comes six days after forces launched an offensive": the subject is an
            # act dated before, so the offset dates the clause it introduces
            return _relative_to_object("offset_obj", m, dict(g, obj=""), pub, state, sent_days, before, mk)
        return _relative_offset(m, g, pub, state, before, mk)
    return _relative_to_object(kind, m, g, pub, state, sent_days, before, mk)


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

"""Turning a matched temporal expression into a date: the :class:`DateMention` record (calendar
arithmetic lives in :mod:`marsad.extract.date_calendar`), the narrative state the scanner carries
from one expression to the next, the word stems that tie an offset to the act it names, and the
resolution of the absolute expressions (dates, months, weekdays, holidays, seasons, years) against
the publication date and the dates the text has already established. The relative expressions
are resolved in :mod:`marsad.extract.date_relative`."""

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


def _narrative_month_day(m: int, d: int, state: _State, pub: _dt.date | None, future: bool,
                         text: str = "", at: int = -1) -> _dt.date | None:
    """"In January 2020, ... The vote, on January 5, ...": a day without a year in the month the
    narrative is in, or in a later month, takes the narrative's year, not the publication's. A
    date the text only reaches back to ("the rivalry goes back to June 2011") sets no year; a bare
    year told just before ("tried to disband the units in 2019. An order signed on 3 July ...") sets
    it when the day would otherwise lie months before the publication."""
    last = state.last
    if future or not last or pub is None or state.last_prep in _BACKGROUND_PREPS:
        return None
    if len(last) == 4:
        return _year_told_just_before(m, d, state, pub, text, at)
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


# prepositions before a date that a text reaches back to, or counts from, without moving its time there
_BACKGROUND_PREPS = frozenset({"to", "from", "since", "until", "till", "as of"})


def _year_told_just_before(m: int, d: int, state: _State, pub: _dt.date, text: str, at: int) -> _dt.date | None:
    """The day ``m``/``d`` in the bare year of the last date (``"in 2019"``), told as a time
    (not a span) in this sentence or the one before, in the same paragraph, in a past year, when
    the most recent such day before the publication is more than three months back (a day
    that recent needs no year; one from long ago would have been given one)."""
    if state.last_kind != "date" or at < 0 or state.last_at > at or "\n\n" in text[state.last_at : at] \
            or len(_SENTENCE_END.findall(text, state.last_at, at)) > 1:
        return None
    year = int(state.last)
    recent = _resolve_month_day(m, d, pub, False)
    if year >= pub.year or recent is None or (pub - recent).days <= 92:
        return None
    return _safe_date(year, m, d)


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
    __slots__ = ("anchor", "anchor_at", "history", "last", "last_at", "last_prep", "last_kind", "narrative", "frame",
                 "frame_at", "adverbial", "main_last", "main_last_at")

    def __init__(self, anchor: _dt.date | None):
        self.anchor = anchor
        self.anchor_at = -1  # where the expression that set ``anchor`` ends (-1: the given anchor)
        self.last: str | None = None  # the last resolved value of any precision
        self.last_at = -1  # where the expression that set ``last`` ends
        # the time preposition before that expression ("to" in "goes back to June 2011") and its kind
        self.last_prep: str | None = None
        self.last_kind: str | None = None
        # whether that expression set the time of its sentence ("In 2019, ...", "by March 2021"),
        # not a modifier ("the 2018 vote") or a span ("since 1984")
        self.narrative = False
        # whether that expression was a time adverbial ("held a referendum in September 2017"),
        # wherever it stood in its sentence
        self.adverbial = False
        # the value of the last expression that set the narrative's time (the frame "that
        # November" refers to, past dates told in relative clauses since)
        self.frame: str | None = None
        # the last value told outside a relative clause on a noun ("the bloc, whose deputies had
        # walked out in March 2009, ...": not the time the text has reached)
        self.main_last: str | None = None
        self.frame_at = -1  # where the expressions that set ``frame`` and ``main_last`` end
        self.main_last_at = -1
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
    that_year = _THAT_YEAR_AFTER.match(x.text, m.end()) if not future else None
    if that_year is not None:
        ny = _narrative_year(x.text, m.start(), m.end(), None, state, pub)
        d = _safe_date(ny, mon, day) if ny else None
        if d is not None:
            # "on 15 September that year": one expression, the year words included
            return _taking_in(_finish(m, d, "day", pub, False, before, relative=True), that_year, x.text)
    d = _narrative_month_day(mon, day, state, pub, future, x.text, m.start()) or _resolve_month_day(mon, day, pub, future)
    return _finish(m, d, "day", pub, future, before, relative=True) if d or pub is None else None


def _r_my(m, g, x: _Env):
    pub, before = x.pub, x.before
    d = _dt.date(int(g["y"]), _month_num(g["m"]), 1)
    return _finish(m, d, "month", pub, False, before)


def _taking_in(dm: DateMention, after: re.Match, text: str) -> DateMention:
    """The mention ``dm`` extended over the words ``after`` matched right behind it ("that year")."""
    return replace(dm, end=after.end(), text=text[dm.start : after.end()])


_THAT_YEAR_AFTER = re.compile(r"\s*,?\s+(?:(?:of|in)\s+)?(?:that|the\s+same)\s+year\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')]*\s+(?=[A-Z\"\u201c])")


_NARRATIVE_PREPS = {"in", "by", "during", "throughout", "early", "late", "mid", "until", "till"}


# (after a fronted offset too: "Two years later, in the spring, ...")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?][\"\u201d\u2019)]*\s+|\n)"
                               r"(?:[A-Z][\w-]*\s+(?:[\w-]+\s+){0,2}?(?:later|earlier|afterwards?),\s+)?(?:[A-Z][a-z]+,?\s+){0,2}?$")


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
    if dm.kind == "relative" and dm.precision == "year" and dm.value and re.match(r"(?i)the\s+(?:following|next|previous|preceding)\s+year", dm.text):
        # "The following year brought ...": a year named relative to the narrative's opens a new frame
        return bool(_SENTENCE_OPENING.search(text, max(0, dm.start - 40), dm.start)) or dm.start == 0
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
    # ("in March the budget ..., and in late April ...": a month told just before in the same sentence)
    same_sentence_month = back == 0 and len(last) >= 7 and "\n" not in text[state.last_at : at]
    if not (state.narrative or same_sentence_month or (state.adverbial and back <= 1)) or year == pub.year or mon is None \
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
    dm = _mk(m, value, "month", future=is_future, relative=True, start=start)
    that_year = None if future or not value else _THAT_YEAR_AFTER.match(text, m.end())
    # ("in March of that year": one expression, the year words included)
    return _taking_in(dm, that_year, text) if that_year is not None else dm


def _r_rel_month(m, g, x: _Env):
    pub = x.pub
    mon = _month_num(g["m"])
    rel = " ".join(g["rel"].lower().split())
    if pub is None:
        return _mk(m, None, "month", relative=True)
    if rel.startswith("the "):
        y = _month_around_frame(mon, rel, x.state, m.start())
        if y is not None:
            return _mk(m, f"{y:04d}-{mon:02d}", "month", relative=True, future=(y, mon) > (pub.year, pub.month))
        rel = "last" if rel in ("the previous", "the preceding") else "next"
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


def _month_around_frame(mon: int, rel: str, state: _State, at: int) -> int | None:
    """"The previous August" / "the following March": the year of the last such month before, or
    the first after, the narrative's month (None when no month was told before)."""
    last = _frame_value(state, at)
    if last is None or len(last) < 7:
        return None
    year, frame_mon = int(last[:4]), int(last[5:7])
    if rel in ("the previous", "the preceding"):
        return year if mon < frame_mon else year - 1
    return year if mon > frame_mon else year + 1


def _frame_value(state: _State, at: int) -> str | None:
    """The value "that autumn" or "that August" at ``at`` refers to: the narrative's frame (the
    last date that set its time), else the last date told; None when no year was told before."""
    # (the later of the two: a frame several paragraphs back gives way to a date told since)
    if state.frame and state.main_last:
        last = state.frame if state.frame_at >= state.main_last_at else state.main_last
    else:
        last = state.frame or state.main_last or state.last
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
    # ("Rockets hit the base on 27 December 2019 ... On New Year's Eve, ...": the narrative's year)
    d = _narrative_month_day(mon, day, x.state, pub, future, x.text, m.start()) or _resolve_month_day(mon, day, pub, future)
    return _finish(m, d, "day", pub, future, before, relative=True) if (d or pub is None) else None


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
    if not rel and pub is not None and m.group(0)[:4].lower() == "the ":
        # "in the spring", a sentence or two after a date: the season of that date's year
        last = (x.state.main_last or x.state.last) if not x.future else None
        ny = int(last[:4]) if last and last[:4].isdigit() and _near_frame(x, m.start()) else None
        return _mk(m, f"{ny:04d}", "year", relative=True) if ny and ny <= pub.year else None
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


def _near_frame(x: _Env, at: int) -> bool:
    """Whether the last date told is in the same paragraph and at most two sentences back."""
    st = x.state
    return 0 <= st.last_at <= at and "\n\n" not in x.text[st.last_at : at] \
        and len(_SENTENCE_END.findall(x.text, st.last_at, at)) <= 2


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


# the resolver of each kind of absolute expression (the relative ones are in
# :mod:`marsad.extract.date_relative`)
ABSOLUTE_RESOLVERS = {
    "iso": _r_iso,
    "mdy": _r_mdy,
    "dmy": _r_mdy,
    "my": _r_my,
    "month": _r_month,
    "rel_month": _r_rel_month,
    "part": _r_part,
    "weekday": _r_weekday,
    "holiday": _r_holiday,
    "year": _r_year,
    "yrange": _r_yrange,
    "dayrange": _r_dayrange,
    "portion": _r_portion,
    "season": _r_season,
    "year_ago": _r_year_ago,
}

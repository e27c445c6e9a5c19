"""Resolving the relative temporal expressions against the publication date and the narrative
state: deictic words ("yesterday", "last week"), offsets ("three days later", "two weeks
before the vote", "within hours of the arrest"), anaphors ("that day", "the next morning") and
ranges ("between 3 and 5 May"). The absolute expressions and the state are in
:mod:`marsad.extract.date_values`; the scanner in :mod:`marsad.extract.dates` dispatches to both."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from marsad.extract.date_calendar import (
    _day_num,
    _fmt,
    _month_add,
    _month_num,
    _num,
    _safe_date,
    _to_date,
)
from marsad.extract.date_values import (
    _FAMILY_STEMS,
    _WORD_RE,
    _after,
    _Env,
    _mk,
    _narrative_year,
    _object_stems,
    _State,
    _stem,
    _stems,
)


def _r_deictic(m, g, x: _Env):
    pub = x.pub
    return _deictic(m, g["w"], pub)


def _r_relative(kind: str):
    """The resolver of a relative expression of ``kind`` ("three days later", "within hours of
    the arrest"): see :func:`_relative`."""
    def resolve(m, g, x: _Env):
        return _relative(kind, m, g, x.pub, x.state, x.sent_days, x.before)
    return resolve


def _r_range(m, g, x: _Env):
    pub = x.pub
    told = None
    if not g.get("y1") and not g.get("y2") and not x.future:
        # "That summer ... between July and August": the months of the narrative's year
        told = _narrative_year(x.text, m.start(), m.end(), _month_num(g["m1"]), x.state, pub)
    return _range(m, g, pub, told)


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


# the word families of violent acts ("attack", "assault" ...; "strike", "raid", "bombing" ...)
_VIOLENT_STEMS = frozenset().union(*(f for f in _FAMILY_STEMS if f & _stems(["attack", "strike"])))


def _object_date(obj: str, state: _State) -> tuple[_dt.date, str] | None:
    """The date (and its precision) of the act named by ``obj``: the latest dated clause with a
    word of its family, else the lede's day for a definite act, else the narrative's day."""
    stems = _object_stems(obj)
    if stems:
        for d, words, prec in reversed(state.history):
            if words & stems:
                return d, prec
        if stems & _VIOLENT_STEMS:
            # "the attack" when the text told only of a strike (or the reverse): the first violent
            # act told, the one the text is about (later ones are often statements about it)
            for d, words, prec in state.history:
                if words & _VIOLENT_STEMS:
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
    if base is None and w in ("the next year", "the following year", "the previous year", "the preceding year"):
        # "In 2019 ... The following year": a year on from the narrative's year (no day told yet)
        last = state.last
        if last and last[:4].isdigit():
            step = -1 if w.endswith(("previous year", "preceding year")) else 1
            return mk(_dt.date(int(last[:4]) + step, 1, 1), "year")
    if _last_month_after_anchor(state) and re.match(r"(?:a few |several )?days (?:later|afterwards?)$|the (?:next|following) month$", w):
        # "in late May ... days later", "In March of that year ... The following month":
        # counted from the month told since the last day, known to the month
        month = _to_date(state.last)
        y, mo = _month_add(month.year, month.month, 1 if w.endswith("month") else 0)
        return mk(_dt.date(y, mo, 1), "month")
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


def _last_month_after_anchor(state: _State) -> bool:
    """Whether the last date told is a month (not a day) told after the day the narrative is
    anchored on (or with no day told yet)."""
    last = state.last
    return bool(last and len(last) == 7 and last[:4].isdigit() and state.last_kind in ("date", "range")
                and state.last_at > state.anchor_at)


def _after_coarse_date(state: _State, n: int, u: str, sign: int) -> tuple[_dt.date, str] | None:
    """"In January 2020 ... Five days later, ...": an offset of days or weeks from a date that
    opened its sentence known only to the month (or year) is known to that precision, counted
    from the month's middle (never from a span: "since mid-October"); an offset of months or
    years moves that month or year ("In June 2014 ... Three years later": June 2017)."""
    last = state.last
    if not last or not (state.narrative or state.adverbial) or len(last) not in (4, 7) \
            or u not in ("day", "night", "week", "month", "year"):
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
            # "The trip came five days after the army began an assault": the subject is an
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


def _range(m, g, pub, told_year: int | None = None):
    m1, m2 = _month_num(g["m1"]), _month_num(g["m2"])
    d1 = _day_num(g["d1"]) if g.get("d1") else None
    d2 = _day_num(g["d2"]) if g.get("d2") else None
    y2 = int(g["y2"]) if g.get("y2") else None
    y1 = int(g["y1"]) if g.get("y1") else told_year
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


# the resolver of each kind of relative expression
RELATIVE_RESOLVERS = {
    "deictic": _r_deictic,
    "offset": _r_relative("offset"),
    "offset_obj": _r_relative("offset_obj"),
    "within_obj": _r_relative("within_obj"),
    "anaphor": _r_relative("anaphor"),
    "range": _r_range,
}

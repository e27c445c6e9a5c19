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
from dataclasses import replace
from functools import lru_cache

from marsad.extract.date_calendar import parse_published
from marsad.extract.date_patterns import _DATELINE_RE, _GATE, PATTERNS, _future, _gate_patterns
from marsad.extract.date_relative import RELATIVE_RESOLVERS
from marsad.extract.date_scopes import embedded_scopes
from marsad.extract.date_values import (
    _WORD_RE,
    ABSOLUTE_RESOLVERS,
    DateMention,
    _Env,
    _prep_before,
    _State,
    _stems,
    _to_date,
    is_adverbial,
    sets_narrative,
)
from marsad.text import sentence_spans

__all__ = ["DateMention", "date_for", "find_dates", "parse_published"]


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


# the resolver of each kind of expression: absolute ones (a date, a month, a weekday, a season)
# and relative ones (offsets, anaphors, deictic words, ranges)
_RESOLVERS = {**ABSOLUTE_RESOLVERS, **RELATIVE_RESOLVERS}


def _resolve(kind, m, text, pub, state, future, sent_days, before):
    """The :class:`DateMention` for one matched expression of ``kind`` (None when it is no date),
    by the resolver of its kind."""
    fn = _RESOLVERS.get(kind)
    return fn(m, m.groupdict(), _Env(text, pub, state, future, sent_days, before)) if fn else None


_ABSOLUTE_DAY_KINDS = ("weekday", "mdy", "dmy", "iso")


def _day_ahead(text: str, kind: str, s: int, ss: int, se: int, queue: list, pub, state: _State) -> _dt.date | None:
    """For an offset inside a reason or sequence phrase that opens its sentence, the day the
    main clause states later in that sentence (resolved without moving the narrative), or None."""
    scopes = embedded_scopes(text, ss, se)
    own = next(((a, b) for a, b in scopes if a <= s < b and not text[ss:a].strip(" ,\"\u201c")), None)
    if own is None:
        return None
    later = None
    for q in queue:  # (sorted by start: stop at the sentence's end)
        if q[0] >= se:
            break
        if q[0] >= own[1] and q[3] in _ABSOLUTE_DAY_KINDS:
            later = q
            break
    if later is None:
        return None
    probe = _State(state.anchor)
    dm = _resolve(later[3], later[4], text, pub, probe, False, [], text[ss : later[0]])
    d = _to_date(dm.value) if dm is not None and dm.precision == "day" else None
    return d


# an open relative clause on a noun before a date in its sentence (", whose list had won ... in")
_IN_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which|whom)\s[^,;()]*$")


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
            ahead = _day_ahead(text, kind, s, ss, se, queue, pub, state) if kind == "offset" else None
            if ahead is not None:
                # "In reply to a raid two days earlier, jets struck on Sunday": counted from the
                # day the main clause gives later in the sentence
                kept, state.anchor = state.anchor, ahead
                dm = _resolve(kind, m, text, pub, state, future, [], before)
                state.anchor = kept
                dm = replace(dm, anchors=False) if dm is not None else None
            else:
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
        if dm.end > e:
            # the expression took in the words after its match ("15 September that year")
            queue = [q for q in queue if not (s <= q[0] < dm.end)]
        if dm.value and not dm.future and dm.anchors:
            state.last = dm.value
            state.last_at = dm.end
            state.last_prep, state.last_kind = _prep_before(text, dm.start), dm.kind
            if dm.kind != "since" and not _IN_RELATIVE_CLAUSE.search(text, ss, dm.start):
                state.main_last, state.main_last_at = dm.value, dm.end
            state.narrative = sets_narrative(text, dm)
            state.adverbial = is_adverbial(text, dm)
            if state.narrative:
                state.frame, state.frame_at = dm.value, dm.end
        d = _to_date(dm.value)
        if d is not None and dm.precision == "day" and not dm.future:
            if dm.anchors:
                state.anchor, state.anchor_at = d, dm.end
                sent_days.setdefault(ss, []).append(d)
                lo_w, hi_w = max(ss, s - 90), min(se, e + 60)
            else:
                lo_w, hi_w = s, min(se, e + 60)  # only the words of the thing it dates
            words = [w.lower() for w in _WORD_RE.findall(text[lo_w:hi_w])]
            state.history.append((d, _stems(words), "day"))
        elif d is not None and dm.precision == "month" and not dm.future and dm.anchors and dm.kind == "date":
            # "which endorsed him in early March": an act known to the month, for "two days after
            # the nomination" later on
            words = [w.lower() for w in _WORD_RE.findall(text[max(ss, s - 90) : min(se, e + 60)])]
            state.history.append((d, _stems(words), "month"))
    return tuple(out)



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

"""The date that governs an event trigger: the date mentions of its sentence, narrowed by the
clause structure (relative clauses, reason and sequence scopes, coordinated clauses, offsets in
apposition, reporting dates), else the text's running date. Positional and regex-based over the
sentence and the date mentions found by :mod:`marsad.extract.dates`."""

from __future__ import annotations

import re
from bisect import bisect_left

from marsad.extract.clauses import _PAREN_REL, ACTOR_HEAD_NOUNS, DECISION_NOUNS, _paren_spans
from marsad.extract.date_scopes import embedded_scopes, in_embedded_scope, scope_of

_FORWARD_ANCHOR = re.compile(r"\b(?:following|next|later|subsequent|afterwards|after that)\b", re.I)
# a clause break between a trigger and a forward anchor after it
_FORWARD_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|then)\s|;|\sand\s+(?:then\s+)?(?:the\s+)?[A-Z]")


# "said on Wednesday that ...", "told reporters on Thursday": the date of the reporting, not of the act reported
_REPORTING_DATE = re.compile(r"\b(?:said|says|told\s+[\w.-]+|announced|stated|confirmed|reported|added|claimed|wrote|disclosed|revealed)"
                             r"\s+(?:(?:late|early)\s+)?(?:on\s+|in\s+|last\s+)?$")
# between two coordinated clauses, for dating: "..., and a rocket struck ... in June"
_DATE_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|although)\s+")
_OFFSET_AFTER = re.compile(r"(?:\w+|a|an)\s+(?:days?|weeks?|hours?|months?)\s+(?:after|following)\b", re.I)
_OFFSET_ASIDE = re.compile(r"(?:\w+|a|an|the)\s+(?:days?|weeks?|hours?|months?|night|morning|evening)\s+(?:after|before|following)\b", re.I)
# a sentence that goes on with the narrative of the one before it (and so keeps its date)
_CONTINUES = re.compile(r"\s*(?:Then|Later|Afterwards|Subsequently|Soon|Shortly|That|Those|The\s+(?:next|following|same)|Hours|Days|Weeks|Months|"
                        r"He|She|They|It|Its|His|Her|Their|Within|By\s+then|Meanwhile|At\s+the\s+time|In\s+the\s+(?:attack|strike|raid))\b")


def _background(m, published: str | None, text: str | None, s0: int) -> bool:
    """A running date from earlier sentences that is background for this one: more than a year
    before publication, with nothing in this sentence continuing the narrative it dated."""
    if not published or not m.value or text is None:
        return False
    try:
        old = int(m.value[:4]) < int(published[:4]) - 1
    except ValueError:
        return False
    if not old or _CONTINUES.match(text, s0):
        return False
    if len(re.findall(r"[.!?](?:\s|$)", text[m.end : s0])) <= 1 and "\n\n" not in text[m.end : s0] \
            and (_opens_its_sentence(text, m) or _sets_the_time(text, m)):
        return False  # "In mid-October 2017 forces moved on Kirkuk. The Peshmerga withdrew ...": the narrative goes on
    # "... adopted the law on 26 November 2016. The Sunni bloc boycotted the vote": a definite
    # mention of the act the sentence before dated carries that date on
    sent_end = re.search(r"[.!?](?:\s|$)", text[s0 : s0 + 400])
    here = text[s0 : s0 + (sent_end.end() if sent_end else 400)]
    return not (_BACK_TO_ACT.search(here) and len(re.findall(r"[.!?](?:\s|$)", text[m.end : s0])) <= 3)


# "the decisive moment came in March 2011", "the crisis began in June 2014": a sentence that only
# says when something came, so that the next one goes on at that time
_TIME_SETTING_VERB = re.compile(r"\b(?:came|began|started|arrived|broke|happened|occurred)\s+(?:(?:early|late|only)\s+)?(?:in|on|during)\s+$")


def _sets_the_time(text: str, m) -> bool:
    """Whether the date ``m`` is when its sentence's subject "came" or "began" (see above)."""
    return bool(_TIME_SETTING_VERB.search(text, max(0, m.start - 40), m.start))


def _opens_its_sentence(text: str, m) -> bool:
    """Whether a date mention opens its sentence ("In mid-October, ...", "On 3 May 2018 ...")."""
    head = text[max(0, m.start - 30) : m.start]
    return bool(re.search(r"(?:^|[.!?][\"\u201d\u2019)]*\s+|\n)(?:(?:In|On|By|During|Later|Then|But|And)\s+)?"
                          r"(?:(?:early|late|mid)[-\s]+)?$", head)) or (m.start < 30 and not head.strip())


_BACK_TO_ACT = re.compile(r"\b(?:the|that|this)\s+(?:vote|session|sitting|move|decision|ruling|verdict|deal|agreement|"
                          r"accord|text|talks|meeting|visit|attack|strike|raid|bombing|assault|offensive|operation|law|"
                          r"bill|resolution|election|announcement|appointment|nomination)\b"
                          r"|\b(?:welcomed|rejected|endorsed|denounced|condemned|criticised|criticized|praised|hailed|"
                          r"opposed|backed|accepted|signed)\s+it\b|\bwithin\s+(?:hours|days|weeks)\b(?!\s+of)")


def _possessive(m, text: str) -> bool:
    """A date used as a possessive modifier ("Sunday's strikes", "last October's election")."""
    return m.text.endswith(("'s", "\u2019s")) or text[m.end : m.end + 2] in ("'s", "\u2019s")


def _modifies(m, text: str, start: int) -> bool:
    """Whether the possessive date ``m`` modifies the noun at ``start`` (at most two words between:
    "Sunday's American airstrikes")."""
    gap = text[m.end : start]
    return 0 <= start - m.end <= 32 and re.match(r"^(?:'s|\u2019s)?\s*(?:[\w.-]+\s+){0,2}$", gap) is not None


# ", a group the United States designated", ", a move that parliament approved": an apposition
# whose noun a relative clause with its own subject describes
_APPOSITION_RELATIVE = re.compile(r",\s+(?:a|an|the|one|another)\s+(?:[\w-]+\s+){0,2}?(?:" + ACTOR_HEAD_NOUNS + r"|"
                                  + DECISION_NOUNS + r")\s+(?:that\s+|which\s+|whom\s+)?"
                                  r"(?:the\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*\s+(?:had\s+|has\s+)?[a-z]+ed\b")


def _date_for(dates: list, starts: list[int], start: int, end: int, s0: int, s1: int, text: str | None = None,
              published: str | None = None, sentence_of=None):
    """The date that dates the trigger at [start, end) in sentence [s0, s1): a resolved mention in
    the sentence (past ones first) nearest the trigger, after the narrowing steps below; else the
    last resolved, non-future, anchoring mention before the sentence (the text's running date).
    The same choice as ``marsad.extract.dates.date_for``, with a bisect over the document's
    mentions. ``sentence_of`` (a position -> its sentence span, :meth:`Context.sentence_of`) lets
    the running date skip a date that only dated an answered act (see :func:`_scoped_aside`)."""
    inside = [m for m in dates[bisect_left(starts, s0) : bisect_left(starts, s1)] if m.end <= s1 and m.value]
    if text is not None:
        t = _Trigger(text, start, end, s0, s1)
        # "last October's election": a date that modifies a noun dates that noun only
        inside = [m for m in inside if not _possessive(m, text) or _modifies(m, text, start)] or inside
        if len(inside) == 1 and _lone_date_elsewhere(inside[0], t):
            inside = []
        if len(inside) > 1:
            for step in _NARROWING_STEPS:
                inside = step(inside, t)
    if inside:
        return _nearest(inside, start, end, text)
    return _running_date(dates, starts, s0, text, published, sentence_of)


class _Trigger:
    """A trigger's span, its sentence and the text, as the narrowing steps read them."""

    __slots__ = ("text", "start", "end", "s0", "s1")

    def __init__(self, text: str, start: int, end: int, s0: int, s1: int):
        self.text, self.start, self.end, self.s0, self.s1 = text, start, end, s0, s1


def _lone_date_elsewhere(m0, t: _Trigger) -> bool:
    """Whether the sentence's one date belongs to another clause than the trigger's, so that the
    trigger keeps the running date:

    - inside a relative clause the trigger is not in (", who stepped aside on August 14,");
    - in an apposition's relative clause after the trigger ("sanctioned Kataib Hezbollah, a group
      the United States designated in 2009");
    - a forward anchor after a clause break ("X condemned the strikes, and Baghdad summoned the
      envoy the next day")."""
    text, start, end = t.text, t.start, t.end
    spans = [(r.start(), r.end()) for r in _PAREN_REL.finditer(text, t.s0, t.s1) if r.start() <= m0.start < r.end()]
    if spans and not any(a <= start < b for a, b in spans):
        return True
    if m0.start >= end and _APPOSITION_RELATIVE.search(text, end, m0.start):
        return True
    return m0.start >= end and bool(_FORWARD_ANCHOR.search(m0.text)) and bool(_FORWARD_CLAUSE_BREAK.search(text[end : m0.start]))


def _not_forward_or_parenthetical(inside: list, t: _Trigger) -> list:
    """A relative anchor after the trigger ("..., and Y the following day") governs its own clause,
    never an act before it; a date inside a parenthetical relative clause (", which ... in 2009,")
    dates that clause only, and a trigger outside it does not take it."""
    text, end = t.text, t.end
    keep = [m for m in inside if not (m.start >= end and _FORWARD_ANCHOR.search(m.text)
                                      and _FORWARD_CLAUSE_BREAK.search(text[end : m.start]))]
    spans = [(a, b) for a, b, temporal in _paren_spans(text, t.s0, t.s1) if not temporal]
    if spans:
        own = next(((a, b) for a, b in spans if a <= t.start < b), None)
        if own is not None:
            keep2 = [m for m in keep if own[0] <= m.start < own[1]]
        else:
            keep2 = [m for m in keep if not any(a <= m.start < b for a, b in spans)]
        keep = keep2 or keep
    return keep or inside


def _in_the_triggers_scope(inside: list, t: _Trigger) -> list:
    """"struck on Sunday in reply to a raid that killed two on Friday": a date inside a reason,
    sequence or relative scope dates what that scope tells; the act outside takes the others (not
    a period's start, "since 2003", nor a reporting date, "the ministry said on Tuesday")."""
    text = t.text
    scopes = embedded_scopes(text, t.s0, t.s1)
    if not scopes:
        return inside
    own_scope = scope_of(scopes, text, t.start, t.end)
    if own_scope is not None:
        scoped = [m for m in inside if own_scope[0] <= m.start < own_scope[1]]
    else:
        scoped = [m for m in inside if not in_embedded_scope(scopes, m.start)]
    scoped = [m for m in scoped if m.kind != "since" and not _REPORTING_DATE.search(text, max(t.s0, m.start - 40), m.start)]
    return scoped or inside


def _same_coordinated_clause(inside: list, t: _Trigger) -> list:
    """"... throughout 2023, and a Turkish drone killed four people in April 2023": a date across a
    clause break dates the other clause."""
    same = [m for m in inside if not _DATE_CLAUSE_BREAK.search(t.text, min(m.end, t.start), max(m.start, t.end))]
    return same or inside


def _not_an_offset_to_a_later_act(inside: list, t: _Trigger) -> list:
    """"..., three days after a drone strike killed ...": the offset dates the act inside it; the
    trigger before it is the other end of the interval."""
    later = [m for m in inside if m.start >= t.end and _OFFSET_AFTER.match(m.text) and "," in t.text[t.end : m.start]]
    return [m for m in inside if m not in later] if later and len(later) < len(inside) else inside


def _not_an_offset_in_apposition(inside: list, t: _Trigger) -> list:
    """"On 13 June, three days after fighters overran Mosul, X urged ...": an offset in apposition
    to the sentence's date dates the clause inside it; the trigger past its closing comma takes the
    date it qualifies."""
    text, start = t.text, t.start
    aside = [m for m in inside if m.end <= start and _OFFSET_ASIDE.match(m.text) and "," in text[m.end : start]
             and text[max(t.s0, m.start - 2) : m.start].strip() == "," and any(o.end <= m.start for o in inside)]
    return [m for m in inside if m not in aside] if aside and len(aside) < len(inside) else inside


def _not_the_reporting_date(inside: list, t: _Trigger) -> list:
    """"Officials said on Wednesday that a drone had struck ... on Monday": Monday."""
    text, start, end = t.text, t.start, t.end
    reported = [m for m in inside if m.end <= start and _REPORTING_DATE.search(text, max(t.s0, m.start - 40), m.start)]
    own = [m for m in inside if m not in reported and (m.end <= start or not re.search(
        r"\b(?:after|following|since|before|when|as|amid|despite|earlier|later)\b|[;(]", text[end : m.end]))]
    return own if reported and own else inside


_DEADLINE_BEFORE = re.compile(r"\b(?:would|will|should|must|is\s+to|are\s+to|was\s+to|were\s+to)\b[^.;]{0,80}?\b(?:by|before|until)\s+(?:the\s+end\s+of\s+)?$")


def _not_a_deadline(inside: list, t: _Trigger) -> list:
    """"agreed in April that the troops would leave by the end of the year": a deadline after the trigger
    dates the act to come, not the agreement."""
    # (from the trigger's start: a pattern trigger may span the clause, "agreed that ... would end by")
    later = [m for m in inside if m.start > t.start and _DEADLINE_BEFORE.search(t.text, t.start, m.start)]
    return [m for m in inside if m not in later] if later and len(later) < len(inside) else inside


# the steps that narrow a sentence's several dates to the trigger's own, in order
_NARROWING_STEPS = (_not_forward_or_parenthetical, _in_the_triggers_scope, _same_coordinated_clause,
                    _not_an_offset_to_a_later_act, _not_an_offset_in_apposition, _not_the_reporting_date,
                    _not_a_deadline)


def _nearest(inside: list, start: int, end: int, text: str | None):
    """The mention nearest the trigger (one inside it first; past ones before future ones); a date
    that modifies another noun ("October's election") counts as far."""
    past = [m for m in inside if not m.future] or inside

    def distance(m) -> int:
        if m.start >= start and m.end <= end:
            return 0
        d = min(abs(m.start - end), abs(m.end - start))
        return d + (300 if text is not None and _possessive(m, text) and not _modifies(m, text, start) else 0)

    return min(past, key=distance)


def _running_date(dates: list, starts: list[int], s0: int, text: str | None, published: str | None, sentence_of=None):
    """The text's running date before the sentence: the last resolved, non-future, anchoring
    mention that is not a span, a noun's modifier ("Sunday's airstrikes") or an answered act's
    date; None when it is background (see :func:`_background`)."""
    before = dates[: bisect_left(starts, s0)]
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        if m.end <= s0 and m.value and not m.future and m.anchors and m.kind not in ("since", "range") \
                and not (text is not None and _possessive(m, text)):
            if text is not None and sentence_of is not None and _scoped_aside(before, i, text, sentence_of):
                continue
            return None if _background(m, published, text, s0) else m
    return None


def _scoped_aside(dates: list, i: int, text: str, sentence_of) -> bool:
    """Whether ``dates[i]`` dates only an embedded scope of its sentence (the earlier raid a reply
    answered) while another date of that sentence dates the sentence's own act: the running date
    the next sentence inherits is the latter."""
    m = dates[i]
    s0, s1 = sentence_of(m.start)
    scopes = embedded_scopes(text, s0, s1)
    if not scopes or not in_embedded_scope(scopes, m.start):
        return False
    return any(o is not m and s0 <= o.start and o.end <= s1 and o.value and o.anchors
               and not in_embedded_scope(scopes, o.start) for o in dates[max(0, i - 6) : i + 1])

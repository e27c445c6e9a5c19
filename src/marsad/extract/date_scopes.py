"""Which part of a sentence a date belongs to.

A sentence often tells two acts with a date each: the act it reports and an earlier one it names as
a cause or a background ("bombed three depots on Friday in reply to a drone strike that wounded a
guard the day before"). The earlier act sits in an *embedded scope*: a reason or sequence phrase
("in response to ...", "in retaliation for ...", "after ...", "following ...") or a relative clause
hanging on a noun ("a drive that began last spring"). A date inside such a scope dates
what the scope tells, not the act outside it; a date outside it dates the act outside.

Everything here is positional and regex-based over one sentence; no parser is involved.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["embedded_scopes", "scope_of", "in_embedded_scope"]

# a phrase that names an act as the reason for, or the act before or after, the sentence's act
_REASON_OR_SEQUENCE = re.compile(
    r"\b(?:(?:in\s+)?(?:response|retaliation|reply|revenge|answer|reaction)\s+(?:to|for)|to\s+avenge|"
    r"after|following|before|ahead\s+of|weeks\s+after|in\s+the\s+wake\s+of)\s+", re.I)
# "three days after", "shortly before", "soon after": the phrase is itself a date offset (the date
# stage reads those), not a scope
_OFFSET_WORD_BEFORE = re.compile(
    r"\b(?:days?|weeks?|months?|years?|hours?|minutes?|nights?|shortly|soon|just|immediately|moments?|"
    r"long|the\s+day|the\s+night|the\s+morning|the\s+evening)\s+$", re.I)
# "after midnight", "before dawn", "after dark": times of day, which date the act itself
_TIME_OF_DAY_AFTER = re.compile(
    r"(?:midnight|dawn|dusk|dark|daybreak|nightfall|noon|midday|sunset|sunrise|sundown|"
    r"\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|local\s+time)|the\s+(?:weekend|holiday)|"
    r"(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"(?:19|20)\d\d\b)", re.I)
# a relative clause on a noun: "the raid that killed", "a campaign which opened", "the envoy who
# met" ("said that", "warned that" are complement clauses of a verb, not relative clauses)
# ("the attack that evening": a demonstrative before a time word, not a relative pronoun)
_RELATIVE = re.compile(r"(?<=[a-z])\s+(?:that|which|who)\s+(?!is\b|are\b|will\b|would\b"
                       r"|(?:day|night|morning|afternoon|evening|week|month|year|spring|summer|autumn|fall|winter)\b)", re.I)
# a reduced relative clause: a noun, then a past participle with its agent or time ("a law passed
# by parliament in 2022", "the deal brokered last year")
_REDUCED_RELATIVE = re.compile(
    r"\b(?:law|bill|deal|agreement|accord|decision|decree|resolution|ruling|verdict|order|ban|sanctions|measure|amendment|"
    r"attack|strike|strikes|raid|operation|offensive|campaign|ceasefire|truce|plan|budget|election|vote|referendum|government|cabinet)"
    r"(?P<rel>\s+(?:passed|adopted|approved|issued|signed|imposed|carried\s+out|launched|brokered|drafted|announced|ordered|agreed|reached|held|formed|"
    r"struck|negotiated|called|enacted|ratified|declared|voted))\s+(?=(?:by|in|on|last|earlier|during|after|before)\b)", re.I)
_VERB_BEFORE_THAT = re.compile(
    r"(?:\b(?:said|says|say|told|tell|tells|warned|warns|claimed|claims|confirmed|confirms|reported|"
    r"reports|stated|states|added|adds|noted|notes|announced|announces|insisted|insists|argued|"
    r"argues|believed|believes|believe|denied|denies|acknowledged|acknowledges|admitted|admits|"
    r"feared|fears|fear|hoped|hopes|hope|knew|know|knows|showed|shows|show|ruled|rules|found|"
    r"decided|decides|agreed|agrees|demanded|demands|suggested|suggests|means|meant|so|such|now|"
    r"given|ensure|ensured|ensures|indicated|indicates|revealed|reveals|explained|explains|"
    r"stressed|stresses|alleged|alleges|assured|assures|signalled|signaled|signals|vowed|vows|"
    r"pledged|pledges|promised|promises|threatened|threatens|accused|accuses|expected|expects|"
    r"reckoned|estimated|estimates|thought|think|thinks|is|are|was|were|been|being|"
    r"[a-z]+ed|[a-z]+ing))$", re.I)
_MAIN_AUXILIARY = re.compile(r"(?<=\w)\s+(?:has|have|had|was|were|is|are|will|would)\s+(?:\w+ly\s+)?\w+(?:ed|en|n)\b", re.I)
# where a scope ends: a comma, a semicolon, a dash, a bracket, a coordinated clause, or the sentence end
_SCOPE_END = re.compile(r",|;|\s[\u2014\u2013-]\s|\(|\)|\s+(?:and|but|while)\s+(?=(?:the\s+|an?\s+)?[A-Z])")


def _scope_end(text: str, start: int, s1: int) -> int:
    m = _SCOPE_END.search(text, start, s1)
    return m.start() if m else s1


@lru_cache(maxsize=512)
def embedded_scopes(text: str, s0: int, s1: int) -> tuple[tuple[int, int], ...]:
    """The embedded scopes of sentence ``text[s0:s1]``: (start, end) of each reason or sequence
    phrase and each relative clause on a noun, in order.

    >>> t = "Jets struck on Sunday in reply to a raid that killed two on Friday."
    >>> [t[a:b] for a, b in embedded_scopes(t, 0, len(t))]
    ['in reply to a raid that killed two on Friday.', ' that killed two on Friday.']
    """
    out = []
    for m in _REASON_OR_SEQUENCE.finditer(text, s0, s1):
        if _OFFSET_WORD_BEFORE.search(text, max(s0, m.start() - 16), m.start()):
            continue
        if _TIME_OF_DAY_AFTER.match(text, m.end()) or re.match(r"(?:the\s+)?(?:end|start|beginning|middle)\s+of\b",
                                                                text[m.end() : m.end() + 30], re.I):
            continue
        out.append((m.start(), _scope_end(text, m.end(), s1)))
    for m in _REDUCED_RELATIVE.finditer(text, s0, s1):
        # "a law passed by the regional parliament in 2022": a participle clause on a noun
        out.append((m.start("rel"), _scope_end(text, m.end(), s1)))
    for m in _RELATIVE.finditer(text, s0, s1):
        if _VERB_BEFORE_THAT.search(text, max(s0, m.start() - 16), m.start()):
            continue
        end = _scope_end(text, m.end(), s1)
        # "the bomb that tore through the district on Sunday has climbed": the relative clause on
        # a subject ends where the main clause's auxiliary begins
        aux = _MAIN_AUXILIARY.search(text, m.end(), end)
        out.append((m.start(), aux.start() if aux else end))
    return sorted(out)


# between a noun and its relative clause: at most a short prepositional phrase ("a raid on the
# base that killed")
_HEAD_GAP = re.compile(r"(?:\s+(?:on|in|at|near|against|of|by|from|for|to|into|over|with)\s+(?:[\w.'\u2019-]+\s+){0,4}?[\w.'\u2019-]+)?")


def scope_of(scopes: list[tuple[int, int]], text: str, start: int, end: int) -> tuple[int, int] | None:
    """The innermost scope holding the trigger at [start, end), or the relative clause the trigger
    heads ("a rocket attack that killed ...": the noun belongs to the clause that describes it);
    None for a trigger of the sentence's own clause."""
    holding = [(a, b) for a, b in scopes if a <= start < b]
    if holding:
        return min(holding, key=lambda s: s[1] - s[0])
    heads = [(a, b) for a, b in scopes if a >= end and _HEAD_GAP.fullmatch(text, end, a)
             and re.match(r"\s*(?:that|which)\b", text[a : a + 8], re.I)]
    return (start, heads[0][1]) if heads else None


def in_embedded_scope(scopes: tuple[tuple[int, int], ...], pos: int) -> bool:
    """Whether the character at ``pos`` lies inside one of ``scopes``."""
    return any(a <= pos < b for a, b in scopes)

"""Clause reading for the event stage: the document context, clause and aside boundaries, the
subject of a clause and speakers (the date that governs a trigger is in
:mod:`marsad.extract.trigger_dates`).

Everything here is positional and regex-based over the sentence spans and the actor, place and
date mentions found by the earlier stages; no parser is involved.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from marsad.extract.actors import ActorHit
from marsad.extract.places import PlaceHit
from marsad.model import ActorRef, Event

if TYPE_CHECKING:
    from marsad.extract.event_lexicon import EventLexicon, _Cand


@dataclass
class Context:
    """What the event stage reads: the text, its sentences, and the earlier stages' results."""

    text: str
    published: str | None
    sentences: list[tuple[int, int]]
    actors: list[ActorHit]
    places: list[PlaceHit]
    dates: list[Any]  # DateMention
    state_of: dict[str, ActorRef] = field(default_factory=dict)  # country code -> state actor ref
    actor_country: dict[str, str] = field(default_factory=dict)  # actor id -> country code
    main_country: str | None = None
    dateline: PlaceHit | None = None
    demonym_country: dict[str, str] = field(default_factory=dict)  # "Syrian" -> "SY"
    actor_kind: dict[str, str] = field(default_factory=dict)  # pack actor id -> kind
    legislature_of: dict[str, ActorRef] = field(default_factory=dict)  # country code -> its legislature
    lookup: Any = None  # surface form -> pack actor (exact alias), or None
    actor_index_get: Any = None  # pack actor id -> pack actor
    parse: Any = None  # marsad.extract.parse.DocParse, when the pipeline parses
    trigger_model: Any = None  # marsad.extract.trigger_model.TriggerModel, when the pipeline uses one
    _actor_starts: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)

    def index(self) -> None:
        """Sort actors and places by position and index them (call once the lists are final)."""
        self.actors = sorted(self.actors, key=lambda h: h.start)
        self.places = sorted(self.places, key=lambda p: p.start)
        self._actor_starts = [h.start for h in self.actors]
        self._place_starts = [p.start for p in self.places]
        self._sentence_starts = [s for s, _ in self.sentences]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence span holding ``pos`` (a bisect over the sentences; call :meth:`index` first)."""
        k = bisect_left(self._sentence_starts, pos + 1) - 1
        return self.sentences[k] if k >= 0 else (pos, pos)

    def country_of(self, h) -> str | None:
        """An actor mention's country: the pack actor's, else the one the mention carries."""
        return self.actor_country.get(h.id or "") or h.country

    def actors_from(self, a: int, b: int) -> list[ActorHit]:
        """Actor mentions starting in [a, b): a bounded look-back keeps the stage linear."""
        return self.actors[bisect_left(self._actor_starts, max(0, a)) : bisect_left(self._actor_starts, b)]

    def places_from(self, a: int, b: int) -> list[PlaceHit]:
        """Place mentions starting in [a, b)."""
        return self.places[bisect_left(self._place_starts, max(0, a)) : bisect_left(self._place_starts, b)]


_PREP_BEFORE = re.compile(r"(?:\b(?:of|on|against|at|in|to|for|with|from|near|into|over|toward|towards|by|about|between|among|targeting|hosting|housing|outside|inside|around|behind|opposite)\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w.]*\s+){0,3})$")


# "on Wednesday Washington accused": a time phrase, not a preposition governing the name after it
_TIME_PHRASE_BEFORE = re.compile(r"\b(?:[Oo]n|[Ii]n|[Bb]y)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
                                 r"|January|February|March|April|May|June|July|August|September|October|November|December)"
                                 r"(?:\s+\d{1,2})?,?\s+$")


# a capitalised title with "of" in it right before a name: "Secretary of State Mike Pompeo",
# "Minister of Foreign Affairs Fuad Hussein", "Chief of Staff X" (the "of" is not a preposition
# governing the name)
_TITLE_BEFORE = re.compile(r"(?:^|[\s,(])(?:[A-Z][a-z]+\s+)+of\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)+$")


# nouns of a decision or step that a clause after it answers or describes ("a move the Kurdish
# parties rejected", "a ruling the KDP criticised"): shared by the clause, date and argument readers
DECISION_NOUNS = r"move|decision|step|ruling|verdict|law|measure|plan|proposal|deal|agreement|vote|order"


_CLAUSE_BREAK = re.compile(r";|\s[\u2014\u2013-]\s|,\s+(?:while|whereas|but|although)\s|,\s+and\s+(?=(?:the\s+|an?\s+)?[A-Z])"
                           # ", and on Wednesday Washington accused ...": a time phrase before the new subject
                           # (the lookahead stops at the next capitalised word: the scan may end at the trigger)
                           r"|,\s+and\s+(?=(?:on|by|later|then|early|late)\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+(?:the\s+)?[A-Z])"
                           # ", a move the Kurdish parties rejected": a clause that answers the act
                           r"|,\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:" + DECISION_NOUNS + r")\s")


_SUBORD_WORD = re.compile(r"(?:^|[\s,])(?:that|which|who|whose|after|before|when|while|because|although|since|until|where|if|whom)\s"
                          # a coordinated clause with a subject of its own: "..., and lawmakers voted to"
                          r"|,\s+and\s|\sbut\s|\sas\s(?=(?:the\s+)?[A-Z])", re.I)


# between a passive clause's subject and its auxiliary: a few modifier words ("facilities near
# al-Qaim", "at the air base") or the tail of a relative clause the subject stands in (", which
# hosts U.S. forces, was hit": the hosted forces are the ones attacked)
_PASSIVE_SUBJECT_GAP = re.compile(
    r",?\s+(?:[\w.'\u2019-]+\s+){0,5}?(?:was|were|had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?$")


def _clause_start(text: str, s0: int, pos: int, hits: list[ActorHit] | None = None) -> int:
    """Start of the clause holding ``pos``: after the last clause break, or after the last
    subordinating word that still has an actor between it and ``pos``."""
    last = s0
    for m in _CLAUSE_BREAK.finditer(text, s0, pos):
        last = m.end()
    if hits:
        closed = [(a, b) for a, b, _ in _paren_spans(text, s0, pos + 1) if b <= pos]
        for m in _SUBORD_WORD.finditer(text, last, pos):
            if any(a <= m.start() < b for a, b in closed):
                continue
            if m.group().startswith(",") or (text[max(s0, m.start() - 1) : m.start() + 1].strip() == ","
                                             and re.match(r"\W*(?:which|who|whose|whom|where)\b", m.group(), re.I)):
                close = text.find(",", m.end(), pos)
                if close >= 0:
                    continue  # ", whose Sairoon alliance is ..., dismissed": parenthetical
            if any(m.end() <= h.start and h.end <= pos for h in hits) or re.match(
                    r"(?:a|an|the|two|three|four|five|several|dozens of|more than \w+)\s+(?:[\w-]+\s+){0,3}?"
                    r"(?:barrage|volley|salvo|drone|drones|rocket|rockets|missile|missiles|bomb|gunmen|attackers|crowd|crowds|protesters|explosion|strike|attack)\b"
                    # "..., and government troops took control": a plural force right before the trigger
                    r"|(?:(?:government|security|federal|army|police|Iraqi|Kurdish|Turkish|Iranian|Syrian|American|U\.S\.)\s+)?"
                    r"(?:troops|forces|soldiers|police|policemen|fighters|militants|protesters|demonstrators)\s+(?:\w+ly\s+)?$",
                    text[m.end() : pos]):
                last = m.end()  # "after a volley of missiles ... hit": the clause has its own subject
    return last


_PAREN_REL = re.compile(
    # ", which attacked ... in 2009,"; ", the Shiite alliance that controls ... since June,"
    r",\s+(?:(?:which|who|whom|whose|where)\s|(?:the|a|an)\s+[^,;()]{0,60}?\b(?:that|which|who|whom|whose)\s)[^,;()]{3,160}?,(?=\s+(?:[a-z]+ly\s+)?(?:has\s+|have\s+|had\s+|was\s+|were\s+)?[a-z]+(?:ed|ew|ung|ought|ught|ook|ent|ave|ade|aid|old|ot)?\b)")


# an apposition between a subject and its verb: "X, the founder of the revolt in Anbar, was killed
# in Ramadi" (what it says of X has its own place and time; the act is the main clause's)
_APPOSITION = re.compile(
    r"(?<=[a-z)]),\s+(?:the|a|an|his|her|its|their)\s+[^,;()]{3,120}?,"
    r"(?=\s+(?:[a-z]+ly\s+)?(?:has|have|had|was|were|is|are)\s+(?:been\s+)?[a-z]+(?:ed|en|wn|ung|ught|ook|ent|ot)\b)")


_PREPOSED = re.compile(
    # "After the United States killed ... in January, Kataib Hezbollah vowed ...": a clause before the main one
    # (also after a short fronted phrase: "In 2020, after a U.S. drone killed ..., parliament voted")
    r"(?:^|(?<=[.;:]\s))(?:(?:In|On|By|Later|Then|Months|Weeks|Days|Years)\s+[\w-]+(?:\s+[\w-]+){0,2},\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}?(?:after|before|since|following|when|while|although|though|because|as|once|until))\s[^,;()]{3,200}?,\s",
    re.I)


@lru_cache(maxsize=512)
def _paren_spans(text: str, s0: int, s1: int) -> list[tuple[int, int, bool]]:
    """Parenthetical relative clauses and preposed subordinate clauses of sentence [s0, s1):
    (start, end, temporal) where ``temporal`` marks "when/while/as" clauses (which share the
    main clause's time)."""
    out = [(m.start(), m.end(), False) for m in _PAREN_REL.finditer(text, s0, s1)]
    out += [(m.start(), m.end(), False) for m in _APPOSITION.finditer(text, s0, s1)
            if not any(a <= m.start() < b for a, b, _ in out)]
    m = _PREPOSED.match(text, s0, s1)
    if m:
        out.append((m.start(), m.end(), bool(re.match(r"(?:\S+\s+){0,3}?(?:when|while|as|once)\s", m.group(), re.I))))
    return out


# nouns of actors a relative clause without a pronoun can hang on ("a group the United States
# designated"): shared by the date and the argument resolvers
ACTOR_HEAD_NOUNS = r"group|organi[sz]ation|militia|faction|movement|party|man|figure|commander|leader|cleric|force|body|network|company|bank"


def _sent_hits(hits, s0, s1, starts=None):
    """Hits inside [s0, s1); ``starts`` (the sorted start offsets of ``hits``) makes it a bisect."""
    if starts is None:
        return [h for h in hits if h.start >= s0 and h.end <= s1]
    return [h for h in hits[bisect_left(starts, s0) : bisect_left(starts, s1)] if h.end <= s1]


_COMPOUND_MODIFIER = re.compile(r"[-\u2010\u2011][a-z]")


def _outer(hits: list[ActorHit], text: str) -> list[ActorHit]:
    """Hits not nested in another hit and not compound modifiers ("Iran-backed")."""
    out = []
    for h in hits:
        if any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in hits):
            continue
        if _COMPOUND_MODIFIER.match(text, h.end, h.end + 2):
            continue
        out.append(h)
    return out


_RELATIVE_SPEAKER = re.compile(r",\s+(?:which|who)\s+(?:also\s+)?(?:said|says|told|reported|announced)\b")
_ASIDE_BEFORE_SPEECH = re.compile(r"(?:\s*\([^)]{1,12}\))?,[^,]{0,70},\s*")


def _is_speaker(text: str, h: ActorHit, ev: EventLexicon) -> bool:
    nxt = text[h.end : h.end + 40]
    m = ev.speech_re.match(nxt.lstrip(" ,"))
    if not m:
        m = _RELATIVE_SPEAKER.match(nxt)
    if not m:
        # "X, in a statement the same day, said"
        m2 = _ASIDE_BEFORE_SPEECH.match(text[h.end : h.end + 110])
        if m2:
            m = ev.speech_re.match(text[h.end + m2.end() : h.end + m2.end() + 30])
    return bool(m)


def _state_ref(ctx: Context, ref: ActorRef | None) -> ActorRef | None:
    """The state an actor acts for (U.S. forces -> United States); the actor itself if none."""
    if ref is None:
        return None
    c = ctx.actor_country.get(ref.id or "")
    if c and c in ctx.state_of:
        return ctx.state_of[c]
    return ref


def _ref(h: ActorHit | None) -> ActorRef | None:
    return None if h is None else ActorRef(id=h.id, name=h.name)


_COORD_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,5}$")


_SUBORD = re.compile(r"(?:^|\s)(?:after|before|when|as|while|because|following|since|until|although|whose|which|who|that|where|amid|if)\s+$", re.I)


_ROLE_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:[\w-]+\s+)?(?:spokesman|spokeswoman|spokesperson|official|minister|leader|commander|chief|head|"
                         r"adviser|advisor|envoy|ambassador|lawmaker|member|secretary|director|president|governor)\b")


_PRONOUN_THEN_VERB = re.compile(r"(?:^|(?<=[\s,]))(?:they|he|she|we)\s+(?:(?:later|then|also|again|soon|quickly|\w+ly)\s+)?"
                                r"(?:[a-z]+ed|stormed|broke|took|went|set|began|stole|tore|threw|hit|shot|struck|overran|seized)\s", re.I)


def _subject(text: str, before: list[ActorHit], cl0: int, s0: int, ev: EventLexicon, skip=()) -> list[ActorHit]:
    """The subject of a clause (leftmost actor in it that is not a prepositional object), with
    the actors coordinated with it ("Kadhimi and Barzani")."""
    pool = [h for h in before if h.start >= cl0 and h not in skip
            and (not _PREP_BEFORE.search(text[max(s0, h.start - 25) : h.start])
                 or _TITLE_BEFORE.search(text[max(s0, h.start - 40) : h.start])
                 or _TIME_PHRASE_BEFORE.search(text[max(s0, h.start - 30) : h.start])
                 or re.search(r"\b(?:(?:thousands|hundreds|dozens|scores|members|some|many|most|fighters|supporters|followers|lawmakers|officials|leaders|deputies|units|elements|troops|soldiers|forces|crowds?|columns?|convoys?|one|two|three)\s+of|(?:gunmen|fighters|militants|members|men|loyalists|supporters|lawmakers|deputies|MPs|legislators|representatives|ministers|officials|units|elements|troops)\s+(?:from|loyal\s+to|of))\s+(?:the\s+)?$",
                              text[max(s0, h.start - 30) : h.start], re.I))]
    if not pool:
        return []
    first = pool[0]
    pv = _PRONOUN_THEN_VERB.search(text, max(cl0, first.start - 60), first.start)
    if pv and re.fullmatch(r"(?:(?:the|a|an|its|their|his|her)\s+)?(?:[\w-]+\s+){0,2}", text[pv.end() : first.start]):
        return []  # "They stormed the parliament building": the pronoun is the subject, not the object
    # "Iran's supreme leader", "Abdul Mahdi's government": the possessor is not the subject
    k = 0
    while k + 1 < len(pool) and text[pool[k].end : pool[k].end + 2] in ("'s", "\u2019s") \
            and pool[k + 1].start - pool[k].end <= 3:
        k += 1
    first = pool[k]
    pool = pool[k:]
    for h in pool[1:]:
        if h.kind == "person" and re.fullmatch(r",\s+", text[first.end : h.start]) and _ROLE_AT_END.search(text, first.start, first.end):
            first = h  # "Turkey's foreign minister, Ahmet Davutoglu,": the office holder named after it
            break
        # "Nujaba leader Akram al-Kaabi", "Iraq's armed forces spokesman, Yehia Rasool": the person
        if h.kind == "person" and re.match(r"^(?:['\u2019]s)?\s+(?:[\w-]+\s+){0,2}?(?:leader|spokesman|spokeswoman|spokesperson|commander|chief|head|official|secretary-general|chairman|president|minister|envoy)\b[\s,.A-Za-z]{0,25}$", text[first.end : h.start]):
            first = h
        break
    pool = pool[pool.index(first):]
    group = [first]
    for h in pool[1:]:
        if _COORD_GAP.match(text[group[-1].end : h.start]):
            if text[h.end : h.end + 2] in ("'s", "\u2019s") and "and" not in text[group[-1].end : h.start]:
                break  # "Saraya al-Salam, Sadr's armed wing,": an apposition, not a second subject
            if group[-1].kind == "person" and "and" not in text[group[-1].end : h.start] and _ROLE_AFTER.match(text, h.end):
                break  # "Basim al-Awadi, the government spokesman,": his office, not a second subject
            if h.id and any(g.id == h.id for g in group):
                continue  # the same actor again ("Jordan's foreign minister, Ayman Safadi,"), not a second one
            group.append(h)
        else:
            break
    return group


# a mention that ends on an office ("Turkey's foreign minister", "the Iranian envoy")
_ROLE_AT_END = re.compile(r"\b(?:minister|spokesman|spokeswoman|spokesperson|envoy|ambassador|president|leader|chief|"
                          r"commander|head|chairman|secretary-general|speaker|governor|adviser|advisor)\s*$", re.I)


def _same_sentence_after(cands: list[_Cand], ci: int):
    """The candidates after ``cands[ci]`` in its sentence (candidates are in text order)."""
    sent = cands[ci].sent
    for j in range(ci + 1, len(cands)):
        if cands[j].sent != sent:
            return
        yield cands[j]


# How far back (characters) a pronoun or possessive looks for the person or group it means.
_LOOKBACK_CHARS = 3000


def _last_mention(e: Event, before: int) -> int:
    pos = [x.start for x in [e.evidence, *e.mentions] if x.start < before]
    return max(pos) if pos else -1

"""Argument resolvers of the event stage: who acted (source) and who was acted on (target).

Each resolver is a small function over a :class:`_Clause` (the trigger and the parts of its
sentence) and the source(s) and target found so far, returning them filled or corrected.
:data:`ARGUMENT_RESOLVERS` lists them in the order they run; ``resolve_arguments`` applies them and
records, for ``marsad eval --rules``, which one last changed each argument.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.extract.actors import ActorHit
from marsad.extract.clauses import (
    _PASSIVE_SUBJECT_GAP,
    Context,
    _is_speaker,
    _sent_hits,
    _subject,
)
from marsad.extract.event_filters import CLAIM_VERB
from marsad.extract.event_lexicon import EventLexicon, _Cand
from marsad.extract.relative_arguments import (
    _s_noun_in_relative_clause,
    _s_object_relative_subject,
    _s_protest_as_object,
    _s_subject_relative,
)
from marsad.extract.target_arguments import (
    _t_act_mention_author,
    _t_demonym_against,
    _t_extra_target,
    _t_his_her_person,
    _t_its_their_group,
    _t_object,
    _t_possessive_person,
    _t_statement_act_author,
    _t_taken_from,
    _t_victims_group,
)
from marsad.extract.tree_arguments import _s_tree_governing_verb, _s_tree_subject, _t_tree_object

_DEMONYM_WEAPON = re.compile(r"\b([A-Z][a-z]+)\s+(?:[a-z][\w-]*\s+){0,2}?(?:missiles?|rockets?|drones?|warplanes?|jets?|aircraft|artillery|shells|strikes?|airstrikes?|air strikes?|bombardment|shelling|attack|raid|fighters?|bombers?|gunships?|helicopters?|[A-Z]{1,2}-\d{1,3}[A-Z]?s?)(?![\w-])")


@dataclass
class _Clause:
    """A trigger candidate and the parts of its sentence the argument resolvers read."""

    text: str
    ctx: Context
    ev: EventLexicon
    c: _Cand
    etype: str
    statement: bool
    speaker: ActorHit | None
    before: list[ActorHit]  # actors of the sentence before the trigger (outside closed asides)
    after: list[ActorHit]
    hits: list[ActorHit]
    cl0: int  # start of the trigger's clause
    s0: int
    s1: int
    scope_end: int  # where the trigger's arguments end (the next act or a clause break)
    before_txt: str
    participle: bool
    passive: bool
    actor_starts: list[int]
    tree: Any = None  # the document's DocParse when the pipeline parses (``Pipeline(parser=True)``)
    main_verb: int | None = None  # a participle's sentence: where its first act verb starts

    def main_clause_before(self) -> list[ActorHit]:
        """The actors a participle can take its subject from: those before the sentence's first
        act verb ("A bomb struck an army patrol, killing two soldiers": the patrol is the
        struck verb's object, not the killer)."""
        if self.main_verb is None:
            return self.before
        return [h for h in self.before if h.end <= self.main_verb]


def _s_subject_is_target(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"the minister said Ankara would pay": in a threat phrased as a consequence, the one who will pay is the target and the speaker the source."""
    text, ev, c, speaker, before, s0 = a.text, a.ev, a.c, a.speaker, a.before, a.s0
    if c.entry.get("subject_is_target"):
        # "the minister said Ankara would pay": the one who will pay is the target
        tgt = before[-1] if before and re.match(r"^\s+(?:\w+\s+)?$", text[before[-1].end : c.start]) else None
        if speaker is not None and speaker.end <= c.start and speaker is not tgt:
            srcs = [speaker]
        else:
            srcs = [h for h in _subject(text, before, s0, s0, ev) if h is not tgt][:1]
    return srcs, tgt


def _s_statement_speaker(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"The ministry condemned the strike": a statement's source is the subject of its own clause, else the speaker of the sentence."""
    text, ev, c, statement, speaker, before = a.text, a.ev, a.c, a.statement, a.speaker, a.before
    cl0, s0, participle = a.cl0, a.s0, a.participle
    if not c.entry.get("subject_is_target") and statement:
        own = [h for h in _subject(text, before, cl0, s0, ev) if h is not speaker and h.start > (speaker.end if speaker else -1)] \
            if cl0 > s0 else []
        if own:
            srcs = own
        elif speaker is not None and speaker.end <= c.start:
            srcs = _subject(text, before, s0, s0, ev) or [speaker]
            if speaker not in srcs:
                srcs = [speaker]
            between = [h for h in before if h.start > speaker.end]
            if between and re.match(r"^\s+(?:\w+\s+)?$", text[between[-1].end : c.start]):
                tgt = between[-1]  # "the minister said Ankara would pay"
        else:
            poss = [h for h in before if c.noun and re.match(r"^['\u2019]s?\s+(?:[a-z][\w-]*\s+){0,1}$", text[h.end : c.start])]
            if poss:
                srcs = poss[-1:]  # "the Coordination Framework's nomination of Sudani"
            else:
                srcs = _subject(text, before, cl0, s0, ev) or (_subject(text, before, s0, s0, ev) if participle or not c.noun else [])
            if not srcs and speaker is not None:
                srcs = [speaker]
    return srcs, tgt


def _s_passive_statement_agent(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"X was nominated for prime minister by the Framework", "the move was condemned by Y": a
    passive statement's source is its "by" agent and its subject the target."""
    text, c = a.text, a.c
    passive = a.passive or bool(re.search(r"\b(?:was|were|been)\s+(?:\w+ly\s+)?[a-z]+ed$", text[c.start : c.end]))
    if not (a.statement and passive):
        return srcs, tgt
    bym = re.match(r"[^.;,]{0,50}?\bby\s+", text[c.end : a.scope_end])
    if bym is None:
        return srcs, tgt
    agent = next((h for h in a.after if h.start >= c.end + bym.end()
                  and _BY_AGENT_GAP.fullmatch(text, c.end + bym.end(), h.start)), None)
    if agent is None:
        return srcs, tgt
    subj = [h for h in a.before if h.start >= a.cl0 and _PASSIVE_SUBJECT_GAP.match(text, h.end, c.start)]
    return [agent], (subj[-1] if subj else (None if tgt is agent else tgt))


def _s_patient_subject(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"An army checkpoint came under fire from gunmen": for entries marked ``patient_subject``
    the clause's subject was attacked; the attacker is the "from"/"by" phrase after the trigger."""
    text, c = a.text, a.c
    if not c.entry.get("patient_subject"):
        return srcs, tgt
    subj = _subject(text, a.before, a.cl0, a.s0, a.ev)
    frm = re.match(r"\s+(?:from|by)\s+", text[c.end : a.scope_end])
    agent = next((h for h in a.after if frm and h.start >= c.end + frm.end()
                  and _BY_AGENT_GAP.fullmatch(text, c.end + frm.end(), h.start)), None)
    if agent is None:
        # "The court ruled that X's membership had ended": whoever ruled it
        rm = _RULED_THAT.search(text, a.s0, c.start)
        if rm is not None:
            rulers = _subject(text, [h for h in a.before if h.end <= rm.start()], a.s0, a.s0, a.ev)
            agent = rulers[0] if rulers else None
            subj = [h for h in subj if h.start >= rm.end()] or subj
    return ([agent] if agent is not None else []), (subj[0] if subj else tgt)


_RULED_THAT = re.compile(r"\b(?:ruled|rules|decided|decides|declared|declares|found|finds|determined)\s+(?:on\s+\w+\s+|in\s+\w+\s+)?that\s")


# "claimed a drone attack", "took responsibility for an attack", "said it was behind a strike"
_CLAIMED_NEW = re.compile(rf"\b{CLAIM_VERB}\s+(?:an?\s+|two\s+|three\s+|several\s+)?(?:[\w-]+\s+){{0,2}}$")
# "a drone attack, which X claimed, ..."; "an attack that X later claimed"
_CLAIMED_AFTER = re.compile(r",?\s+(?:which|that)\s+(?:the\s+)?$")


def _claimant(a: _Clause) -> list[ActorHit]:
    """The author of an act named as claimed: "X took responsibility for a drone attack", "X said
    it was behind an attack" (the subject, a speaker included), "an attack, which X claimed,"."""
    text, c = a.text, a.c
    if re.search(rf"\b{CLAIM_VERB}\s+(?:an?\s+|two\s+|three\s+|several\s+)?(?:[\w-]+\s+){{0,2}}$", text[max(a.s0, c.start - 70) : c.start]):
        pm = re.search(r"\b(?:it|they)\s+(?:\w+\s+){0,2}$", text[max(a.s0, c.start - 70) : c.start])
        if pm and a.speaker is not None and a.speaker.end <= c.start:
            return [a.speaker]
        return _subject(text, a.before, a.cl0, a.s0, a.ev)[:1] or _subject(text, a.before, a.s0, a.s0, a.ev)[:1]
    end = c.end
    rel = re.match(r"(?:\s+(?:on|against|at|in|near)\s+(?:[\w.'\u2019-]+\s+){0,4}?)?,?\s+(?:which|that)\s+(?:the\s+)?", text[end : end + 80])
    if rel:
        h = next((h for h in a.after if h.start == end + rel.end()), None)
        if h is not None and re.match(r"\s+(?:(?:later|quickly|has|had|swiftly|also)\s+)*claimed\b", text[h.end : h.end + 30]):
            return [h]
    return []


# ", the chairman of the Popular Mobilization Commission, was designated"
# (also ", led by X, was sanctioned" and "A and its secretary-general, B, were designated": A)
_CLOSING_APPOSITION = re.compile(r"(?:,\s+(?:the|a|an|its|his|her|their)\s+[^,;]{2,90}|,\s+(?:led|headed|founded|run|commanded)\s+by\s+[^,;]{2,60}"
                                 r"|\s+and\s+(?:its|their|his|her)\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s+[^,;]{2,60}),\s+"
                                 r"(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?$")
_CLOSING_RELATIVE = re.compile(r",\s+(?:who|whose)\s+[^,;]{2,120},\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?$")
_BY_AGENT_GAP = re.compile(r"(?:(?:the|a|an|two|three|several|some)\s+)?(?:(?!(?:on|at|in|against|near|of|to|from|with|into)\s)[\w.'\u2019-]+\s+){0,3}?")


# past tenses of light and common verbs that take an act as their object ("held a telephone call",
# "made a visit", "gave an order", "struck a deal")
_IRREGULAR_PAST = r"(?:held|made|had|paid|gave|took|led|began|sent|won|met|struck|sought|brought|drew|kept|set|began|undertook|oversaw)"


_NOUN_BEFORE_PARTICIPLE = re.compile(r"\b(?!(?:he|she|it|they|we|who|which|that|and|or|also|then|had|has|have)\s)[a-z][\w-]*\s+$")


def _reduced_passive(a: _Clause) -> bool:
    """"the budget adopted by parliament": a past participle after a noun, with its agent in a
    "by" phrase right after it, is a passive without its auxiliary."""
    c, text = a.c, a.text
    if not c.form.endswith(("ed", "en")) or not re.match(r"\s+(?:(?:on|in)\s+\w+\s+(?:\d{1,2}\s+)?)?by\s", text[c.end : c.end + 30]):
        return False
    if any(h.end > c.start - 3 and h.end <= c.start for h in a.before):
        return False  # "parliament adopted by a wide margin": the actor before it is the subject
    return bool(_NOUN_BEFORE_PARTICIPLE.search(text, max(a.s0, c.start - 30), c.start))


_MEDIATED = re.compile(r"\s+(?:brokered|mediated|facilitated|negotiated|sponsored|hosted|guaranteed|overseen|monitored)\s+by\s", re.I)


# a journey noun in a phrase of manner: "on a surprise visit", "on his first trip abroad"
_ON_A_JOURNEY = re.compile(r"\b(?:on|for|during)\s+(?:a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,2}$")
_TRAVELLED_FOR = re.compile(r"\b(?:flew|flown|flies|flying|arrived|arrives|arriving|travelled|traveled|travels|came|comes|went|goes|"
                            r"headed|heads|landed|lands|returned|returns)\s+(?:[^.;,]{0,60}?\s)?(?:for|to\s+hold|to\s+attend)\s+"
                            r"(?:a\s+|an\s+|the\s+|two\s+days\s+of\s+)?(?:[\w-]+\s+){0,2}$")


# a trigger phrase that holds its own subject and passive verb ("he was removed")
_PASSIVE_INSIDE = re.compile(r"\b(?:was|were|been)\s+(?:\w+ly\s+)?[a-z]+ed$")


def _s_act_subject(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Kataib Hezbollah fired rockets", "a strike by U.S. forces", "U.S. forces were attacked by X": the agent of an act, from its clause (possessor, by-phrase, subject, passive)."""
    text, ev, c, statement, speaker, before = a.text, a.ev, a.c, a.statement, a.speaker, a.before
    after, cl0, s0, scope_end, before_txt, participle = a.after, a.cl0, a.s0, a.scope_end, a.before_txt, a.participle
    if not c.entry.get("subject_is_target") and not statement:
        if c.noun:
            bym = re.match(r"\s+(?:\w+\s+)?by\s+", text[c.end : c.end + 24])
            if bym and _MEDIATED.match(bym.group()):
                bym = None  # "a ceasefire brokered by Washington": the mediator is no party to it
            if bym:
                # the agent is the noun phrase right after "by" ("an attack by gunmen on an army
                # checkpoint": the army is not the attacker)
                h = next((h for h in after if h.start <= c.end + bym.end() + 30
                          and _BY_AGENT_GAP.fullmatch(text, c.end + bym.end(), h.start)), None)
                if h is not None:
                    srcs = [h]
            if not srcs and re.match(r"\s+(?:that|which)\s", text[c.end : c.end + 8]):
                # "a strike that the army said was aimed at ...": its author's account
                h = next((h for h in after if h.start - c.end < 20), None)
                if h is not None and re.match(r"\s+(?:said|says|claimed|stated)\s+(?:it\s+)?(?:was\s+|were\s+|had\s+been\s+)?"
                                              r"(?:aimed|directed|targeting|meant|intended|carried\s+out|launched|a\s+response|in\s+response|retaliation)",
                                              text[h.end : h.end + 60]):
                    srcs = [h]
            btw = re.match(r"\s+between\s", text[c.end : c.end + 10])
            if btw and not srcs:
                forces = [h for h in after if h.start < scope_end and h.kind in ("state_force", "armed_group")]
                if forces:
                    srcs = [forces[0]]
            if not srcs:
                near = [h for h in before if c.start - h.end <= 25]
                gap = text[near[-1].end : c.start] if near else ""
                if near and re.match(r"^(?:['\u2019]s?)?\s+(?:[a-z][\w-]*\s+){0,2}$", gap) \
                        and not re.search(r"\b\w+(?:ed|es)\s|\s(?:on|against|at|in|of|to)\s+", gap):
                    srcs = [near[-1]]
                elif near and near[-1].end == c.start - 1 and text[near[-1].end] == " ":
                    srcs = [near[-1]]
            # (not the object of a statement: "denounced an Iranian strike" is not the speaker's)
            if not srcs and not (c.first_object or c.referent) \
                    and re.search(rf"\b(?:[a-z]+ed|{_IRREGULAR_PAST})\s+(?:(?:a|an|the|its|their|his|her)\s+)?(?:[\w-]+\s+){{0,2}}$"
                                  rf"|\b(?:[a-z]+ed|{_IRREGULAR_PAST})\s+the\s+(?:[A-Z][\w-]*\s+){{1,3}}?[A-Z][\w-]*['\u2019]s\s+(?:[\w-]+\s+){{0,2}}$", before_txt) \
                    and not re.search(r"\b(?:was|were|been|is|are)\s+[a-z]+ed\s", before_txt):
                # "the minister then ordered a joint inquiry"; "the cleric announced his withdrawal"
                own_act = re.search(r"\b(?:announced|declared)\s+(?:his|her|its|their)\s+(?:[\w-]+\s+)?$", before_txt) \
                    or (a.etype != "ASSAULT" and re.search(r"\b(?:announced|declared|decreed)\s+(?:the\s+|new\s+|fresh\s+)?(?:[\w-]+\s+)?$", before_txt)) \
                    or _CLAIMED_NEW.search(before_txt)
                srcs = [h for h in _subject(text, before, cl0, s0, ev) if own_act or not _is_speaker(text, h, ev)][:1]
        if not srcs and c.noun and ((re.match(r"(?:visit|trip|tour|journey)", c.form) and _ON_A_JOURNEY.search(before_txt))
                                    or (re.match(r"(?:talks|meeting|consultations|summit)", c.form) and _TRAVELLED_FOR.search(before_txt))):
            # "arrived in Amman on an official visit", "flew into Baghdad for talks with X": the
            # journey, and the talks it was made for, are the clause subject's
            srcs = [h for h in _subject(text, before, cl0, s0, ev) if not _is_speaker(text, h, ev)][:1]
        if not srcs and c.noun:
            srcs = _claimant(a)
        if not srcs and c.noun and c.entry.get("decision_asserted") and re.search(r"\b(?!(?:for|of|in|on|about|to|with|against|after|before|since|over|from|by|at)\s)[a-z]+\s+(?:his|her|its|their)\s+(?:[\w-]+\s+)?$", before_txt):
            # "announced he would submit his resignation": the possessor's act
            srcs = _subject(text, before, cl0, s0, ev)[:1] or _subject(text, before, s0, s0, ev)[:1]
        own_subject = bool(c.entry.get("_target_inside")) and not re.match(r"\w+(?:ed|ing|ew|ook|ent)\b", c.form) \
            and bool(re.search(r"(?:,\s*|\s)(?:and|while|as|but|when|after)\s+$", before_txt))
        if not srcs and not c.noun and not own_subject:
            # (", and mortar rounds fell inside it": the phrase holds its own subject)
            lo = cl0
            for sm in ev.speech_re.finditer(text, cl0, c.start):
                lo = max(lo, sm.end())  # "X said the shells had fallen": X is not the subject
            pool = a.main_clause_before() if participle else before
            srcs = _subject(text, [h for h in pool if h.start >= lo], lo, s0, ev, skip=(speaker,) if speaker else ())
            if not srcs and participle:
                srcs = _subject(text, pool, s0, s0, ev, skip=(speaker,) if speaker else ())
        if not c.noun and not c.form.split()[0].endswith("ing") and (re.search(r"\b(?:was|were|been|being)\s+$", text[max(s0, c.start - 10) : c.start])
                                                                   or _reduced_passive(a) or _PASSIVE_INSIDE.search(text, c.start, c.end)):
            bym = re.match(r"[^.;]{0,40}?\bby\s+", text[c.end : scope_end])
            near_subj = [h for h in before if h.start >= cl0 and _PASSIVE_SUBJECT_GAP.match(text, h.end, c.start)]
            tgt = near_subj[-1] if near_subj else None
            appos = _CLOSING_APPOSITION.search(text, cl0, c.start)
            lo = cl0
            if appos is None:
                # "X, who founded the revolt, was killed": the relative clause's head (the clause
                # this passive belongs to began before it)
                appos = _CLOSING_RELATIVE.search(text, s0, c.start)
                lo = s0
            if appos is not None and (tgt is None or tgt.start >= appos.start()):
                # "X, the chairman of the commission, was designated": X, not the commission
                tgt = next((h for h in reversed(before) if h.end <= appos.start() and h.start >= lo
                            and re.fullmatch(r"\s*", text[h.end : appos.start()])), tgt)
            h = next((h for h in after if bym and h.start >= c.end + bym.end() - 1), None) if bym else None
            srcs = [h] if h is not None else []
    return srcs, tgt


_FRONTED_PHRASE = re.compile(r"\s*(?:In|During|At|Through|Over)\s+(?:(?:a|an|the|their|his|her|its)\s+)?(?:[\w-]+\s+){0,2}$")


def _s_fronted_phrase(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"In a telephone call on Wednesday, X and Y discussed ...": an act noun in a phrase before
    the main clause is the act of that clause's subject (with whom it coordinates)."""
    text, c = a.text, a.c
    if srcs or not c.noun or a.statement or not _FRONTED_PHRASE.fullmatch(text, a.s0, c.start):
        return srcs, tgt
    comma = text.find(",", c.end, a.s1)
    if comma < 0 or comma - c.end > 60:
        return srcs, tgt
    main = [h for h in a.after if h.start > comma]
    subj = _subject(text, main, comma, a.s0, a.ev)
    if not subj or subj[0].start - comma > 30:
        return srcs, tgt
    return subj, (None if tgt in subj else tgt)


_WEAPON_BY = re.compile(r"\b(?:launched|fired|flown|operated|sent|planted|detonated|carried\s+out|claimed|mounted)\s+by\s+(?:the\s+)?$")


def _s_weapon_launched_by(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"a drone launched by the factions killed three soldiers": the agent of the weapon named in
    the subject is the attack's source."""
    if srcs or a.etype != "ASSAULT":
        return srcs, tgt
    for h in a.before:
        if h.start >= a.cl0 and _WEAPON_BY.search(a.text, max(a.cl0, h.start - 40), h.start):
            return [h], tgt if tgt is not h else None
    return srcs, tgt


def _s_pair_between(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"talks opened in Baghdad between Iraq and the United States": the two parties of a meeting or agreement."""
    text, c, etype, after, scope_end = a.text, a.c, a.etype, a.after, a.scope_end
    if not srcs and etype in ("CONSULT", "AGREE", "COOPERATE"):
        # "talks opened in Baghdad between Iraq and the United States": the two parties
        bw = re.search(r"\bbetween\s+", text[c.end : scope_end])
        if bw:
            pair = [h for h in after if h.start >= c.end + bw.end() and h.start < scope_end][:2]
            if len(pair) == 2 and re.match(r"^\s*(?:and|,)\s+(?:the\s+)?$", text[pair[0].end : pair[1].start]):
                srcs, tgt = [pair[0]], pair[1]
    return srcs, tgt


def _s_passive_deployment(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Iraqi troops were sent to Sinjar": the force that was deployed deployed."""
    text, c, etype, before, cl0, passive = a.text, a.c, a.etype, a.before, a.cl0, a.passive
    if not srcs and passive and etype == "MOBILIZE":
        # "Iraqi troops were sent to Sinjar": the force that deployed
        subj = [h for h in before if h.start >= cl0 and re.match(r"^\s+(?:[\w-]+\s+){0,3}?(?:was|were|had been|have been|has been)\s+", text[h.end : c.start + 20])]
        if subj:
            srcs = [subj[-1]]
            if tgt is subj[-1]:
                tgt = None
    return srcs, tgt


def _s_modifier_author(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Turkish strikes": an actor word spanning the trigger is its author."""
    ctx, c, etype, s0, actor_starts = a.ctx, a.c, a.etype, a.s0, a.actor_starts
    if not srcs and c.noun and etype == "ASSAULT":
        # an actor rule spanning the trigger ("Turkish strikes" -> Turkey): the modifier is the author
        cover = next((h for h in ctx.actors[bisect_left(actor_starts, s0):bisect_left(actor_starts, c.start)]
                      if h.start < c.start and h.end >= c.end), None)
        if cover is not None:
            srcs = [ActorHit(cover.start, c.start - 1, cover.id, cover.name, cover.kind, cover.reason, cover.country)]
    return srcs, tgt


def _s_demonym_weapon(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Iranian missiles struck Erbil": the state behind the weapon."""
    text, ctx, ev, c, etype, cl0 = a.text, a.ctx, a.ev, a.c, a.etype, a.cl0
    s0, actor_starts = a.s0, a.actor_starts
    if not srcs and etype == "ASSAULT" and ev.demonyms:
        # "Iranian missiles struck Erbil", "a Turkish drone strike": the state behind the weapon
        dmm = None
        for x in _DEMONYM_WEAPON.finditer(text, cl0, c.end):
            dmm = x
        if dmm and dmm.group(1) in ev.demonyms and not any(h.start <= dmm.start(1) < h.end for h in ctx.actors[bisect_left(actor_starts, s0):bisect_left(actor_starts, c.end)]) \
                and ((c.noun and dmm.end() == c.end) or (c.entry.get("_target_inside") and dmm.start() >= c.start)
                     # "Iranian ballistic missiles crashed into": the weapon opens the trigger phrase
                     or (c.entry.get("_target_inside") and c.start < dmm.end() <= c.end
                         and re.match(r"^\s+(?:[a-z][\w-]*\s+){0,2}$", text[dmm.end(1) : c.start]))
                     or (not c.noun and re.match(r"^\s+(?:\w+ly\s+)?$", text[dmm.end() : c.start]))):
            st_id, st_name = ev.demonyms[dmm.group(1)]
            srcs = [ActorHit(dmm.start(1), dmm.end(1), st_id, st_name, "state", "demonym")]
    return srcs, tgt


_VERB_BEFORE = re.compile(r"\b[a-z]+(?:ed|ing|ew|ook|urnt|ore|oke)\b")


def _s_crowd_inside_trigger(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Thousands of Sadr supporters rallied": the crowd named inside the trigger phrase acted."""
    ctx, c, etype, actor_starts = a.ctx, a.c, a.etype, a.actor_starts
    if not srcs and c.entry.get("_target_inside") and etype in ("PROTEST", "MOBILIZE", "RETREAT"):
        # "hundreds of his loyalists marched": the crowd named inside the trigger acted
        srcs = [h for h in _sent_hits(ctx.actors, c.start - 60, c.end + 1, actor_starts)
                if h.kind != "person" and h.end > c.start  # (or one ending inside it: "Hashimi supporters")
                and not _VERB_BEFORE.search(a.text, c.start, max(c.start, h.start))][:1]  # ("stormed the parliament": the object)
    return srcs, tgt


def _s_reporting_pronoun(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"He said ... condemned": a statement by "he" or "she" is the last person named."""
    text, ctx, c, statement, s0 = a.text, a.ctx, a.c, a.statement, a.s0
    if not srcs and statement:
        sp = re.search(r"\b(he|she|He|She)\s+(?:\w+\s+)?(?:said|told|wrote|added|declared|announced|warned)\b", text[s0:c.start])
        if sp:
            people = [h for h in ctx.actors_from(s0 + sp.start() - 1000, s0 + sp.start()) if h.kind == "person" and h.end <= s0 + sp.start()]
            if people and s0 + sp.start() - people[-1].end < 400:
                srcs = [people[-1]]
    return srcs, tgt


def _s_pronoun_before_trigger(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"the cleric gave his men a deadline, and by nightfall they began leaving": a pronoun subject right before the trigger replaces an actor found further back."""
    text, c, statement, before, cl0 = a.text, a.c, a.statement, a.before, a.cl0
    passive = a.passive
    if srcs and not passive:
        # "the cleric gave his men a deadline, and by nightfall they began leaving": a pronoun
        # subject right before the trigger, after the actor found, is the subject; for a
        # statement only when the pronoun opens a coordinated clause ("..., and he praised")
        pm2 = _PRONOUN_SUBJECT.search(text, max(cl0, c.start - 60), c.start)
        if pm2 and statement and not re.search(r"(?:,|;)\s*(?:and|but|then|while)\s+(?:[\w-]+\s+){0,4}$", text[max(cl0, pm2.start() - 60) : pm2.start() + 1]):
            pm2 = None
        if pm2 and all(h.end <= pm2.start() for h in srcs) and not any(pm2.start() < h.start < c.start for h in before):
            srcs = []
    return srcs, tgt


def _s_pronoun_antecedent(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"It fired rockets": a pronoun subject is the last actor of a fitting kind named before."""
    text, ctx, c, speaker, before, hits = a.text, a.ctx, a.c, a.speaker, a.before, a.hits
    cl0, s0 = a.cl0, a.s0
    if not srcs:
        pm = _pronoun_subject_of(text, cl0, c, before)
        if pm:
            want = ("person",) if pm.group(1).lower() in ("he", "she") else ("armed_group", "party", "coalition", "state", "state_force", "institution", "organization")
            if pm.group(1).lower() in ("it", "they") and speaker is not None and speaker.end <= c.start and speaker.kind in want:
                srcs = [speaker]
            else:
                prev_any = [h for h in ctx.actors_from(c.start - 1000, c.start) if h.end <= c.start and h.kind in want and h not in hits[len(before):]
                            and not (h.start >= s0 and re.search(r"\b(?:against|at|on|to|toward|towards|with|from|by|into|near)\s+(?:the\s+|a\s+|an\s+)?$", text[max(s0, h.start - 25) : h.start]))]
                if prev_any and c.start - prev_any[-1].end < 400:
                    srcs = [_previous_subject(a, pm, want) or prev_any[-1]]
    return srcs, tgt


def _previous_subject(a: _Clause, pm: re.Match, want: tuple[str, ...]) -> ActorHit | None:
    """A sentence that opens on "He"/"She" goes on about the subject of the sentence before
    ("X met Y in Washington. He had ..." -> X), when that subject is a person; else None."""
    if pm.group(1).lower() not in ("he", "she") or a.c.sent == 0 or a.cl0 != a.s0 \
            or not re.fullmatch(r"[^,]*,\s*|\s*", a.text[a.s0 : a.s0 + pm.start(1)]):
        return None
    p0, p1 = a.ctx.sentences[a.c.sent - 1]
    prev = [h for h in a.ctx.actors_from(p0, p1) if h.end <= p1]
    subj = _subject(a.text, prev, p0, p0, a.ev)[:1]
    return subj[0] if subj and subj[0].kind in want else None


_PRONOUN_RIGHT_BEFORE = re.compile(r"(?:^|[\s,])(He|She|he|she|It|it|They|they)\s+(?:(?:has|had|have|was|were|would|will|also|then|later|later\s+\w+|\w+ly|began|started|soon)\s+){0,2}$")
# "she tendered her resignation": the pronoun subject of the verb whose object names the act
_PRONOUN_OWN_ACT = re.compile(r"(?:^|[\s,])(He|She|he|she|It|it|They|they)\s+(?:(?:has|had|have|would|will|also|then|later|\w+ly)\s+){0,2}"
                              r"[a-z]+\s+(?:(?:in|up|over|out|off)\s+)?(?:his|her|its|their)\s+(?:[\w-]+\s+){0,2}$")
# "she landed in the capital and then met ...": the subject of the first of two coordinated verbs
_PRONOUN_FIRST_VERB = re.compile(r"(?:^|[\s,])(He|She|he|she|They|they)\s+(?:[\w'\u2019-]+,?\s+){1,5}?and\s+(?:then\s+|later\s+|also\s+)?$")
_NOT_ONE_PREDICATE = re.compile(r"\b(?:that|who|which|whom|whose|said|says|told|added|when|while|because|after|before|if|as|since|until|where|once)\b", re.I)
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:as|when|while|because|after|before|if|since|until|where|once|though|although)\s*$", re.I)


def _pronoun_subject_of(text: str, cl0: int, c, before: list[ActorHit]) -> re.Match | None:
    """The pronoun that is the trigger's subject: right before it ("they then fired"), before a
    verb whose object names the act ("she tendered her resignation"), or before the first of two
    coordinated verbs ("she landed ... and met"); no actor may stand between."""
    window = text[cl0:c.start]
    pm = _PRONOUN_RIGHT_BEFORE.search(window)
    if pm is None and c.noun:
        pm = _PRONOUN_OWN_ACT.search(window)
    if pm is None and not c.noun:
        pm = _PRONOUN_FIRST_VERB.search(window)
        if pm is not None and (_NOT_ONE_PREDICATE.search(window, pm.end(1))
                               or _SUBORDINATOR_BEFORE.search(window, 0, pm.start(1))):
            pm = None  # ("as he arrived and opened fire": the pronoun's clause is subordinate)
    if pm is not None and any(cl0 + pm.end(1) <= h.start < c.start for h in before):
        return None
    return pm


def _s_pronoun_coordinated(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"He and Turkish President Erdogan signed ...": a pronoun coordinated with the subject found
    is the last person (or group, for "it") named before; it leads the subjects."""
    text, c = a.text, a.c
    if not srcs or c.noun:
        return srcs, tgt
    pm = re.search(r"(?:^|[\s,])(He|She|It|he|she|it)\s+and\s+(?:[\w.'\u2019-]+\s+){0,3}$", text[max(a.s0, srcs[0].start - 60) : srcs[0].start])
    if pm is None:
        return srcs, tgt
    want = ("person",) if pm.group(1).lower() in ("he", "she") else ("armed_group", "party", "coalition", "state", "state_force", "institution")
    at = max(a.s0, srcs[0].start - 60) + pm.start(1)
    prev = [h for h in a.ctx.actors_from(at - 1000, at) if h.end <= at and h.kind in want and h not in srcs]
    if not prev or at - prev[-1].end > 500:
        return srcs, tgt
    return [prev[-1], *srcs], tgt


def _s_ordered_followers(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Sadr ordered his followers to withdraw": an act ordered within one's own side is the act
    of those ordered (the group "his followers" stands for), not of the one who ordered it."""
    text, c = a.text, a.c
    m = re.search(r"\b(?:ordered|instructed|directed|told|called\s+on)\s+((?:his|her|its|their|the)\s+(?:[\w-]+\s+){0,2}?)to\s+$",
                  text[max(a.s0, c.start - 80) : c.start])
    if m is None:
        return srcs, tgt
    at = max(a.s0, c.start - 80) + m.start(1)
    group = next((h for h in a.before if h.start >= at and h.via is not None), None)
    return ([group], tgt) if group is not None else (srcs, tgt)


_COORDINATION = re.compile(r"^\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?$")


def _states_named_as_places(a: _Clause) -> list[ActorHit]:
    """Countries after the trigger that the actor stage read as places ("from Egypt"), as states."""
    out = []
    for ph in a.ctx.places_from(a.c.end, a.scope_end):
        if ph.kind != "country" or ph.end > a.scope_end or any(h.start <= ph.start < h.end for h in a.after):
            continue
        ref = a.ctx.state_of.get(ph.country)
        name = a.text[ph.start : ph.end]
        out.append(ActorHit(ph.start, ph.end, ref.id if ref else None, ref.name if ref else name, "state", "place",
                            ph.country, name))
    return out


def _s_after_trigger(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"drew condemnation from Egypt, Qatar and Saudi Arabia": the actors right after the trigger,
    and those coordinated with them, are the sources (one statement each)."""
    if not a.c.entry.get("source_after"):
        return srcs, tgt
    after = sorted([h for h in a.after if h.start >= a.c.end and h.end <= a.scope_end] + _states_named_as_places(a),
                   key=lambda h: h.start)
    if not after or not re.match(r"^\s*(?:the\s+)?$", a.text[a.c.end : after[0].start]):
        return srcs, tgt
    found = [after[0]]
    for h in after[1:]:
        if not _COORDINATION.match(a.text[found[-1].end : h.start]):
            break
        found.append(h)
    return found, (tgt if tgt not in found else None)


def _s_object_made_to_act(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Protests forced Abdul Mahdi to resign": with an entry marked ``source_inside`` (a verb of
    compulsion, its object, the act), the one made to act is the first actor inside the trigger,
    and the act has no target of its own."""
    if not a.c.entry.get("source_inside"):
        return srcs, tgt
    inside = [h for h in a.hits if a.c.start < h.start and h.end <= a.c.end]
    if not inside:
        return srcs, tgt
    return [inside[0]], None


def _s_announced_passive_decision(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"The State Department announced that the group had been designated ...": a decision in the
    agentless passive, reported by the body that speaks, is that body's decision; so is the end of
    an undertaking with no agent of its own (entries with ``speaker_decides``: "Baghdad announced
    that the mission had come to an end")."""
    sp = a.speaker
    speaker_decides = bool(a.c.entry.get("speaker_decides"))
    if srcs or not (a.passive or speaker_decides) or a.etype not in _DECIDED_TYPES or sp is None or sp.end > a.c.start:
        return srcs, tgt
    kinds = ("state", "institution", "state_force") + (("person", "armed_group", "party") if speaker_decides else ())
    if sp.kind not in kinds or not a.ev.speech_re.search(a.text, sp.end, a.c.start):
        return srcs, tgt
    return [sp], (tgt if tgt is not sp else None)


_DECIDED_TYPES = ("SANCTION", "AGREE", "RETREAT")


def _s_followers_head(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Supporters of the cleric Muqtada al-Sadr stormed ...": the head of the subject is the
    followers (the group the person leads), not the person named in their "of" phrase."""
    out = []
    for h in srcs:
        head = None
        if h.kind == "person":
            head = next((f for f in a.before if h.same_actor(f.via)
                         and f.end <= h.start and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}", a.text[f.end : h.start])), None)
        out.append(head or h)
    return (out, tgt) if out != srcs else (srcs, tgt)


def _s_summoned_to(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"The ambassador was summoned to the Foreign Ministry": a passive summons is made by the
    body the envoy is summoned to, and the envoy is its target."""
    c, text = a.c, a.text
    if not (a.passive and c.form.startswith("summon")):
        return srcs, tgt
    tm = re.match(r"\s+(?:(?:on|late|early)\s+\w+\s+)?to\s+(?:the\s+)?", text[c.end : a.scope_end])
    body = next((h for h in a.after if tm and h.start == c.end + tm.end()), None)
    if body is None:
        return srcs, tgt
    subj = [h for h in a.before if h.start >= a.cl0 and h is not body]
    return [body], (subj[-1] if subj else tgt)


def _s_threat_speaker(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Biden said the United States would respond": a threat reported from a speaker is the
    speaker's, whoever the reported clause names as the one who will act."""
    sp = a.speaker
    if a.etype != "THREATEN" or a.c.entry.get("subject_is_target") or sp is None or sp.end > a.c.start:
        return srcs, tgt
    if not a.ev.speech_re.search(a.text, sp.end, a.c.start):
        return srcs, tgt
    if tgt is not None and sp.end <= tgt.start < a.c.start and _OWN_SIDE_ACTS.search(a.c.form):
        tgt = None  # "said the group would continue its attacks": the side that would act, not the threatened
    return [sp], tgt


# threats whose reported subject is the speaker's own side ("X said the group would respond"),
# unlike those it befalls ("said Ankara would pay a heavy price")
_OWN_SIDE_ACTS = re.compile(r"\b(?:respond|retaliate|continue|keep|resume|step|escalate|intensify|expand|strike|avenge)", re.I)


# bodies that elect: "was elected speaker" is the chamber's act
_ELECTING_BODY = re.compile(r"\b(?:Council|Parliament|Assembly|Chamber|Congress|Majlis|Legislature)\b")


# offices a national chamber fills by its own vote: "was elected first deputy speaker"
_CHAMBER_OFFICE = re.compile(r"\s+(?:(?:as|to\s+be)\s+)?(?:(?:the|its|their|parliament's|the\s+chamber's)\s+)?(?:new\s+)?"
                             r"(?:(?:first|second)\s+)?(?:deputy\s+)?(?:speaker|president)\b", re.I)


def _s_electing_body(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"X was elected governor on Saturday": an election stated without its agent was made by the
    council or parliament the text names in the sentence or the one before; "X was elected
    speaker" with no body named, by the country's legislature (the one office-filling chamber)."""
    c, ctx = a.c, a.ctx
    if srcs or a.etype != "AGREE" or not c.form.startswith(("elect", "re-elect", "voted in")) or not a.passive:
        return srcs, tgt
    lo = ctx.sentences[c.sent - 1][0] if c.sent > 0 else a.s0
    bodies = [h for h in ctx.actors_from(lo, a.s1) if h.end <= a.s1 and h.kind == "institution"
              and _ELECTING_BODY.search(h.name)]
    if bodies:
        body = min(bodies, key=lambda h: abs(h.start - c.start))
    else:
        leg = ctx.legislature_of.get(ctx.main_country or "") if _CHAMBER_OFFICE.match(a.text, c.end) else None
        if leg is None:
            return srcs, tgt
        body = ActorHit(c.start, c.end, leg.id, leg.name, "institution", "office", ctx.main_country)
    subj = [h for h in a.before if h.start >= a.cl0 and h is not body and h.kind == "person"]
    return [body], (tgt if tgt is not None else (subj[-1] if subj else None))


_QUOTES = re.compile(r"[\"\u201c\u201d]")


def _s_quoted_speaker(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"The forces committed a blatant violation, the minister said" with the first clause in
    quotation marks: a statement quoted before its speaker is the speaker's, and the subject inside
    the quote is whom it accuses."""
    sp, c = a.speaker, a.c
    if not a.statement or sp is None or sp.start < c.end:
        return srcs, tgt
    if len(_QUOTES.findall(a.text, a.s0, c.start)) % 2 == 0:
        return srcs, tgt  # the trigger is not inside a quotation
    close = _QUOTES.search(a.text, c.end, sp.start)
    if close is None or not re.fullmatch(r"[\s,.;!?]*", a.text[close.end() : sp.start]) and \
            not re.fullmatch(r"[\s,]*(?:[A-Z][\w.'-]*\s+){0,4}", a.text[close.end() : sp.start]):
        return srcs, tgt
    quoted = [h for h in srcs if h is not sp]
    if a.etype in ("ACCUSE", "REQUEST") and quoted and (tgt is None or tgt.start > c.end):
        tgt = quoted[0]  # (whom it accuses, or whom it asks: "The Americans must leave")
    return [sp], tgt


# "were shot dead when militants of X stormed ...": the clause that tells how they died
_HOW_THEY_DIED = re.compile(r"\s+(?:[^.;]{0,60}?\s)?(?:when|as|after)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?$")


def _s_passive_death_agent(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Eleven soldiers were shot dead when Islamic State militants stormed their post": a passive
    death with no agent takes the subject of the clause that says how it happened."""
    c, text = a.c, a.text
    if srcs or a.etype != "ASSAULT" or not a.passive:
        return srcs, tgt
    for h in a.after:
        if h.start >= a.s1 or h.start - c.end > 120:
            break
        if _HOW_THEY_DIED.fullmatch(text, c.end, h.start) and h.kind in ("armed_group", "state_force", "state", "coalition") \
                and re.match(r"\s+(?:[\w-]+\s+){0,2}?(?:[a-z]+ed|struck|hit|overran)\b",
                             text[h.end : h.end + 40]):
            return [h], (tgt if tgt is not h else None)
    return srcs, tgt


# "their vehicle hit a mine", "a patrol struck a roadside bomb": the verb, and the device hit
_HIT_FORMS = ("hit", "hits", "struck", "strikes")
_HIT_VERB = "(?:" + "|".join(_HIT_FORMS) + ")"
_DEVICE_HIT = re.compile(r"\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:mines?|landmines?|roadside\s+bombs?|IEDs?|"
                         r"improvised\s+explosive\s+devices?|explosive\s+devices?|booby[\s-]traps?|bombs?\s+planted)\b", re.I)


def _s_vehicle_hit_device(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"their vehicle hit a mine", "an army patrol struck a roadside bomb": the subject ran into
    the device, so it (its force) is the target and whoever laid the device is not named."""
    c = a.c
    if a.etype != "ASSAULT":
        return srcs, tgt
    if c.noun:
        # the device itself as the trigger: "a patrol struck a roadside bomb"
        hit = _DEVICE_HIT.match(" " + a.text[c.start : c.end + 30]) and re.search(
            rf"\b{_HIT_VERB}\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?$", a.text[max(a.s0, c.start - 40) : c.start])
    elif a.participle:
        # ", killing two policemen" after "a patrol struck a roadside bomb": the blast's toll
        hit = any(_DEVICE_HIT.match(a.text, a.s0 + m.end())
                  for m in re.finditer(rf"\b{_HIT_VERB}\b", a.text[a.s0 : c.start]))
    else:
        hit = c.form.split()[0].lower() in _HIT_FORMS and _DEVICE_HIT.match(a.text, c.end)
    if not hit:
        return srcs, tgt
    return [], (tgt if tgt is not None else (srcs[0] if srcs else None))


ARGUMENT_RESOLVERS: list[tuple[str, Callable]] = [
    ("source:subject_is_target", _s_subject_is_target),
    ("source:statement_speaker", _s_statement_speaker),
    ("source:act_subject", _s_act_subject),
    ("source:passive_statement_agent", _s_passive_statement_agent),
    ("source:patient_subject", _s_patient_subject),
    ("source:object_relative_subject", _s_object_relative_subject),
    ("source:subject_relative", _s_subject_relative),
    ("source:noun_in_relative_clause", _s_noun_in_relative_clause),
    ("source:protest_as_object", _s_protest_as_object),
    ("source:fronted_phrase", _s_fronted_phrase),
    ("source:weapon_launched_by", _s_weapon_launched_by),
    ("source:pair_between", _s_pair_between),
    ("source:passive_deployment", _s_passive_deployment),
    ("source:modifier_author", _s_modifier_author),
    ("source:demonym_weapon", _s_demonym_weapon),
    ("source:crowd_inside_trigger", _s_crowd_inside_trigger),
    ("source:reporting_pronoun", _s_reporting_pronoun),
    ("source:pronoun_before_trigger", _s_pronoun_before_trigger),
    ("source:pronoun_antecedent", _s_pronoun_antecedent),
    ("source:pronoun_coordinated", _s_pronoun_coordinated),
    ("source:ordered_followers", _s_ordered_followers),
    ("source:tree_subject", _s_tree_subject),
    ("source:tree_governing_verb", _s_tree_governing_verb),
    ("source:after_trigger", _s_after_trigger),
    ("source:quoted_speaker", _s_quoted_speaker),
    ("source:object_made_to_act", _s_object_made_to_act),
    ("source:announced_passive_decision", _s_announced_passive_decision),
    ("source:summoned_to", _s_summoned_to),
    ("source:threat_speaker", _s_threat_speaker),
    ("source:electing_body", _s_electing_body),
    ("source:passive_death_agent", _s_passive_death_agent),
    ("source:followers_head", _s_followers_head),
    ("source:vehicle_hit_device", _s_vehicle_hit_device),
    ("target:possessive_person", _t_possessive_person),
    ("target:tree_object", _t_tree_object),
    ("target:object", _t_object),
    ("target:act_mention_author", _t_act_mention_author),
    ("target:statement_act_author", _t_statement_act_author),
    ("target:demonym_against", _t_demonym_against),
    ("target:extra_target", _t_extra_target),
    ("target:taken_from", _t_taken_from),
    ("target:victims_group", _t_victims_group),
    ("target:its_their_group", _t_its_their_group),
    ("target:his_her_person", _t_his_her_person),
]


def resolve_arguments(a: _Clause, trace: list | None = None) -> tuple[list[ActorHit], ActorHit | None]:
    """Source(s) and target of a trigger: each resolver in :data:`ARGUMENT_RESOLVERS` may fill
    or correct them, in order; ``trace`` gets ("source"|"target", resolver, start, end, type)
    for the resolver that last changed each."""
    srcs: list[ActorHit] = []
    tgt: ActorHit | None = None
    by = {"source": None, "target": None}
    for name, resolver in ARGUMENT_RESOLVERS:
        new_srcs, new_tgt = resolver(a, srcs, tgt)
        if new_srcs != srcs:
            by["source"] = name
        if new_tgt is not tgt:
            by["target"] = name
        srcs, tgt = new_srcs, new_tgt
    if trace is not None:
        for role in ("source", "target"):
            if by[role] is not None and (srcs if role == "source" else tgt):
                trace.append(("argument", by[role], a.c.start, a.c.end, a.etype))
    return srcs, tgt


_PRONOUN_SUBJECT = re.compile(r"(?:^|[\s,])(?:He|She|he|she|They|they)\s+(?:(?:has|had|have|also|then|later|began|started|soon|\w+ly)\s+){0,2}$")



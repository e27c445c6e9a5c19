"""Event stage: triggers -> typed events with arguments, certainty and merging.

What this stage adds (``Report.events``):

1. **triggers** — one compiled regex over every verb form and noun (singular and plural) of the
   trigger lexicon ``lexicon/events.yaml``; each hit carries its PLOVER type, mode and subtype.
2. **filters** — aggregates ("more than 100 attacks"), funerals, claims of responsibility and
   generic mentions are dropped.
3. **arguments** — source (the subject before the trigger, a speaker for statements, "by X"
   after a noun), target (the first fitting actor after the trigger; for statements about an
   attack, the state of that attack's source), place (most specific place in the trigger's scope;
   for statements and decisions the actor's country unless "said in X"), date (the dates stage's
   nearest expression, else the running date), fatalities and injuries (counted noun phrases
   around "killed"/"wounded", "no one was killed" -> 0).
4. **certainty** from :mod:`marsad.extract.certainty`, and a confidence score.
5. **merging** — repeated and anaphoric mentions ("the attack", "the raids", "it") join the
   earlier event (their sentences go to ``mentions`` and fill missing attributes); several speech
   acts of one actor in one sentence are one statement typed by its main act; the same statement
   type by the same actor on the same date is one event.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.actors import ActorHit
from marsad.extract.arguments import ARGUMENT_RESOLVERS, _Clause, resolve_arguments
from marsad.extract.casualties import _casualty_clause_start, _fatalities, toll_of_sentence
from marsad.extract.certainty import certainty as _certainty
from marsad.extract.clauses import (
    _CLAUSE_BREAK,
    Context,
    _clause_start,
    _is_speaker,
    _last_mention,
    _outer,
    _paren_spans,
    _ref,
    _same_sentence_after,
    _sent_hits,
    _subject,
)
from marsad.extract.date_scopes import embedded_scopes
from marsad.extract.date_values import _FAMILY_STEMS, _stems
from marsad.extract.event_filters import (
    CLAIM_VERB,
    NOUN_FILTERS,
    STATEMENT_TYPES,
    Probe,
    first_filter,
)
from marsad.extract.event_lexicon import (
    DECISION_TYPES,
    DONE_VERBS,
    INFINITIVE_AFTER,
    PHYSICAL_TYPES,
    EventLexicon,
    _Cand,
    _cands,
    _stem,
    after_platform,
    compile_events,
    model_candidates,
    trigger_rule,
)
from marsad.extract.event_places import _country_split, _evidence, _location
from marsad.extract.merge import (
    _NOUN_IN_PASSIVE,
    _merge,
    _reply_targets,
    _statement_targets,
    agentless_decisions,
    agreement_to_act,
    base_occupants,
    legislature_elections,
    national_agents,
    national_forces,
    same_day_as_named_act,
    targets_by_membership,
)
from marsad.extract.trigger_dates import _date_for
from marsad.model import Event, Mention, PlaceRef

__all__ = ["ARGUMENT_RESOLVERS", "DECISION_TYPES", "PHYSICAL_TYPES", "Context", "EventLexicon", "compile_events",
           "find_events", "resolve_arguments", "targets_by_membership", "trigger_rule"]


_DECISION_ANNOUNCED = re.compile(
    r"\b(?:announc\w+|declar\w+|decided|decision|said|confirmed|agreed|told\s+\w+)\s+(?:on\s+\w+\s+(?:\d+\s+)?)?(?:that\s+)?(?:(?:he|she|it|they|[A-Z][\w.'-]+|the\s+[\w-]+|his\s+[\w-]+|its\s+[\w-]+|[\w-]+\s+and\s+[\w-]+)\s+)?(?:would|will|was\s+going\s+to|to)\s+(?:(?:formally|immediately|now|also|officially)\s+)?(?:\w+\s+){0,2}$"
    r"|\b(?:ordered|instructed|directed|told)\s+(?:all\s+)?(?:his|her|its|their)\s+(?:[\w-]+\s+){0,3}?to\s+$")


_CLAIMED_DEFINITE = re.compile(rf"\b(?:had |has |have )?{CLAIM_VERB}\s+(?:the|this|that|these|those|both)\s+(?:[\w-]+\s+){{0,2}}$")


# the claimed act described right after it: "the bombing, which killed 32", "the attack that hit"
_TOLD_AFTER = re.compile(r"(?:\s+(?:on|in|at|near)\s+[^,;.]{1,60}?)?,?\s+(?:which|that|in\s+which)\s+(?:[\w-]+\s+)?(?:killed|wounded|injured|hit|struck|targeted|left|damaged|destroyed)\b")


def _claim_of_reported_act(ctx: Context, ev: EventLexicon, c: _Cand, events: list[Event], before_txt: str, s0: int) -> bool:
    """A claim of responsibility for an attack the text reported before ("A drone struck the
    base on Friday. On Saturday, the group claimed the attack.") names that attack's author: the
    latest earlier attack without a source gets the claimant. True when the mention was a claim
    of that kind (whether or not a claimant was found), so it is not a new event.

    >>> # "Rockets hit the base. Kataib Hezbollah claimed the attack." -> the attack's source is KH
    """
    if not c.noun or not _CLAIMED_DEFINITE.search(before_txt):
        return False
    if re.search(r"\b(?:not|no|never|denied)\b", ctx.text[max(s0, c.start - 60) : c.start]):
        return True
    lo = _clause_start(ctx.text, s0, c.start)
    for sm in ev.speech_re.finditer(ctx.text, lo, c.start):
        if not sm.group().lower().startswith("claim"):
            lo = sm.end()  # the claim is reported: its subject comes after the reporting verb
    claimers = _subject(ctx.text, _outer(_sent_hits(ctx.actors, lo, c.start), ctx.text), lo, s0, ev)
    # "X said Y had claimed it": X speaks, Y claims
    claimers = [h for h in claimers if not _is_speaker(ctx.text, h, ev)
                or re.match(r"\s+(?:had\s+|has\s+|have\s+)?claimed\b", ctx.text[h.end : h.end + 20])]
    prior = [e for e in events if e.type == "ASSAULT" and e.source_actor is None and _last_mention(e, c.start) >= 0]
    if not prior and not any(e.type == "ASSAULT" for e in events) and _TOLD_AFTER.match(ctx.text, c.end):
        return False  # "claimed the bombing, which killed 32 ...": the act is told here for the first time
    if claimers and prior:
        # the attack mentioned last before the claim, among those of the claimed word's family
        # ("claimed the ambush": the ambush, not a bombing told after it) when there are any
        same = [e for e in prior if _same_family(e.trigger or "", c.form)]
        max(same or prior, key=lambda e: _last_mention(e, c.start)).source_actor = _ref(claimers[0])
    return True


def _same_family(trigger: str, noun: str) -> bool:
    """Whether an act's trigger and a noun naming an act belong to one word family ("ambushed",
    "the ambush")."""
    a, b = _stems(re.findall(r"[a-z]+", trigger.lower())), _stems(re.findall(r"[a-z]+", noun.lower()))
    return bool(a & b) or any(a & fam and b & fam for fam in _FAMILY_STEMS)


_CLAIMED_PRONOUN = re.compile(rf"\b{CLAIM_VERB}\s+(?:it|them|both)\b"
                              r"|\b(?:claimed|claims|claiming|took|takes|taking|accepted|assumed)\s+(?:full\s+)?(?:responsibility|credit)(?!\s+for\b)\b"
                              r"|\b(?P<passive>[Rr]esponsibility|[Cc]redit)\s+(?:for\s+(?:the|it|this)\s+(?:[\w-]+\s+)?)?(?:was|has\s+been|had\s+been)\s+claimed\s+by\s+")


def _claims_by_pronoun(ctx: Context, ev: EventLexicon, out: list[Event]) -> None:
    """"A drone hit the base on Friday. The Islamic Resistance in Iraq claimed responsibility for
    it.": a claim of "it" (or a claim with no object, or "responsibility was claimed by X") names
    the author of the attack reported just before (within the last 600 characters) when that
    attack has none."""
    text = ctx.text
    starts = [a for a, _ in ctx.sentences]
    for m in _CLAIMED_PRONOUN.finditer(text):
        k = bisect_left(starts, m.start() + 1) - 1
        if k < 0:
            continue
        s0 = ctx.sentences[k][0]
        if re.search(r"\b(?:not|no|never|denied)\b", text[max(s0, m.start() - 60) : m.start()]):
            continue
        if m.group("passive"):
            # "Responsibility was claimed by the Islamic State": the claimer follows "by"
            claimers = [h for h in _sent_hits(ctx.actors, m.end(), m.end() + 60) if h.start == m.end()
                        or re.fullmatch(r"(?:the\s+)?", text[m.end() : h.start])][:1]
        else:
            claimers = _subject(text, _outer(_sent_hits(ctx.actors, s0, m.start()), text), s0, s0, ev)
        prior = [e for e in out if e.type == "ASSAULT" and 0 <= m.start() - _last_mention(e, m.start()) <= 600]
        if claimers and prior:
            act = max(prior, key=lambda e: _last_mention(e, m.start()))
            if act.source_actor is None:
                act.source_actor = _ref(claimers[0])


def _claim_filter(p: Probe) -> bool:
    """"A drone struck the base. The group claimed the attack.": the claim names the attack's
    author (see :func:`_claim_of_reported_act`) and is no new event."""
    return p.etype == "ASSAULT" and _claim_of_reported_act(p.ctx, p.lex, p.cand, p.events, p.before, p.s0)


_NOUN_FILTERS = NOUN_FILTERS[:3] + [("claim_of_reported_act", _claim_filter)] + NOUN_FILTERS[3:]


@dataclass
class _Doc:
    """The event stage's state over one document: candidates, dates, and the events so far."""

    ctx: Context
    ev: EventLexicon
    cands: list[_Cand]
    trace: list | None
    dates: list = field(default_factory=list)  # date mentions sorted by start
    date_starts: list[int] = field(default_factory=list)
    assault_sents: set[int] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    meta: list[dict] = field(default_factory=list)  # one dict of notes per event, for merging

    def dates_near(self, a: int, b: int) -> list:
        """Date mentions starting in [a, b)."""
        return self.dates[bisect_left(self.date_starts, a) : bisect_left(self.date_starts, b)]


@dataclass
class _When:
    """The date chosen for a trigger: the mention (if any), its value and whether it is the act's own."""

    dm: Any
    date: str | None
    precision: str | None
    text: str | None
    future: bool
    own: bool


_SHIFT_WORDS = re.compile(r"\b(?:later|earlier|after|before|next|following|previous)\b", re.I)
# words before a trigger that tell a further occurrence, not the one just reported ("separately",
# "in another attack", "a second drone", "elsewhere")
_NEW_OCCURRENCE = re.compile(r"\b(?:separate(?:ly)?|another|elsewhere|a\s+(?:second|third|fourth|fifth|further))\b", re.I)


def find_events(ctx: Context, ev: EventLexicon, trace: list | None = None) -> list[Event]:
    """Events of a document: trigger candidates, filters (:mod:`marsad.extract.event_filters`),
    arguments, date, certainty, then merging of repeated mentions. ``trace``, when given, gets a
    tuple per decision: ("filter", rule, start, end, type) for a dropped candidate and
    ("trigger", rule, start, end, type) for a candidate that became an event."""
    ctx.index()
    cands = _cands(ctx.text, ctx, ev)
    if ctx.trigger_model is not None:
        cands = model_candidates(ctx.text, ctx.sentences, cands, ctx.trigger_model)
    if ctx.parse is not None:
        ctx.parse.prepare({c.sent for c in cands})  # one batch: the sentences with a trigger
    doc = _Doc(ctx, ev, cands, trace, assault_sents={d.sent for d in cands if d.entry["type"] == "ASSAULT"})
    doc.dates = sorted(ctx.dates, key=lambda d: d.start)
    doc.date_starts = [d.start for d in doc.dates]
    for ci, c in enumerate(cands):
        _read_candidate(doc, ci, c)
    out, out_meta, refs = _merge(ctx, doc.events, doc.meta, ev)
    out, out_meta = agreement_to_act(ctx, out, out_meta)
    out, out_meta = _orders_obeyed(ctx, out, out_meta)
    _claims_by_pronoun(ctx, ev, out)
    _reply_targets(ctx, out, out_meta)
    _statement_targets(ctx, out, out_meta, refs)
    base_occupants(ctx, out)
    national_forces(ctx, out, out_meta)
    national_agents(ctx, out, out_meta)
    agentless_decisions(out)
    legislature_elections(out)
    same_day_as_named_act(out, out_meta, refs)
    out = _without_heading_repeats(ctx.text, out)
    for e in out:
        e.confidence = round(float(e.confidence), 4)
    return out


# a heading line: short, no closing punctuation, on a line of its own
_HEADING_LINE = re.compile(r"(?m)^[^\n.!?]{3,160}(?<![.!?:;,\"\u201d'\u2019])$")


def _heading_spans(text: str) -> list[tuple[int, int]]:
    """Lines that read as a headline or a section heading ("Court ends X's term; party boycotts
    sessions"): at most 16 words, no sentence-ending punctuation, followed by a line break."""
    return [(m.start(), m.end()) for m in _HEADING_LINE.finditer(text)
            if len(m.group().split()) <= 16 and m.end() < len(text) and text[m.end()] == "\n"]


def _without_heading_repeats(text: str, out: list[Event]) -> list[Event]:
    """An act a heading names is the act the body reports: drop the heading's event when the
    body has one of the same type (the heading is a repeated mention, not a new occurrence)."""
    heads = _heading_spans(text)
    if not heads:
        return out

    def in_heading(e: Event) -> bool:
        at = e.evidence.start if e.evidence is not None and e.evidence.start is not None else -1
        return any(a <= at < b for a, b in heads)

    body_types = {e.type for e in out if not in_heading(e)}
    return [e for e in out if not (in_heading(e) and e.type in body_types)]


def _read_candidate(doc: _Doc, ci: int, c: _Cand) -> None:
    """One trigger candidate -> zero or more events (with their notes) appended to ``doc``."""
    ctx, ev, text = doc.ctx, doc.ev, doc.ctx.text
    s0, s1 = ctx.sentences[c.sent]
    etype = c.entry["type"]
    before_txt = text[max(s0, c.start - 40) : c.start]
    statement = c.entry.get("kind") == "statement"
    probe = Probe(text, c, etype, statement, before_txt, s0, s1, ev, doc.events, doc.dates_near, ctx)
    dropped = first_filter(probe, _NOUN_FILTERS)
    if dropped is not None:
        if doc.trace is not None:
            doc.trace.append(("filter", dropped, c.start, c.end, etype))
        return
    _mark_reference(doc, ci, c, before_txt, s0)
    a = _read_clause(doc, ci, c, s0, s1, before_txt, statement)
    if a is None:
        return
    srcs, tgt = resolve_arguments(a, doc.trace)
    if _chamber_fills_an_office(a, srcs) or _body_approves(a, srcs):
        a.etype = etype = "AGREE"  # "the assembly chose X as its speaker": an election, not a nomination
    if _force_storms(a, srcs):
        a.etype = etype = "ASSAULT"  # "army units stormed the camp": an armed assault, not a crowd's storming
    when = _event_date(doc, c, a)
    cert = _event_certainty(doc, c, a, when, srcs)
    mode, fat, inj, tgt = _attack_details(doc, c, a, tgt)
    modal_after = bool(re.match(r"\s+(?:\w+\s+){0,2}?(?:would|will)\s+be\b", text[c.end : c.end + 30]))
    if c.noun and modal_after and etype == "SANCTION":
        cert = "hypothetical"
    if cert == "hypothetical" and etype in ("ASSAULT", "SANCTION") and not statement and (not c.noun or modal_after):
        _threat_of_act(doc, c, a, tgt, when, modal_after)
    own_followers = etype == "REQUEST" and tgt is not None and tgt.via is not None and bool(srcs) \
        and srcs[0] is not None and tgt.via.id == srcs[0].id
    if etype == "REQUEST" and _order_within_own_state(ctx, text, c, srcs, tgt):
        return  # "the president ordered the Pentagon to prepare options": an order inside one state
    for k, src in enumerate(srcs or [None]):
        e_tgt = tgt
        if etype in ("CONSULT", "AGREE", "COOPERATE") and len(srcs) > 1:
            if k > 0:
                break
            e_tgt = srcs[1]
        if src is not None and e_tgt is not None and src.id and src.id == e_tgt.id:
            # one actor on both sides: a coordinated subject spread onto an act that is not its
            # own ("Iraq and Syria recalled ..., with Baghdad demanding that Damascus ..."), or a
            # patient subject taken for the agent ("X escaped unhurt when drones targeted his home")
            if len(srcs) > 1:
                continue
            src = None
        _emit(doc, ci, c, a, k, src, e_tgt, when, cert, mode, fat, inj)
        if own_followers:
            doc.meta[-1]["order_to"] = tgt.id or tgt.name


def _orders_obeyed(ctx: Context, out: list[Event], out_meta: list[dict]) -> tuple[list[Event], list[dict]]:
    """A leader telling his own followers to act ("Sadr urged his supporters to leave") is part
    of the act when the text then reports them acting (within three sentences); with no act of
    theirs after it, the instruction is a REQUEST of its own (the dev README's rule)."""
    keep_e, keep_m = [], []
    for e, m in zip(out, out_meta, strict=True):
        to = m.get("order_to")
        if to is not None:
            obeyed = any(m["sent"] <= om["sent"] <= m["sent"] + 3 and o is not e
                         and o.type != "REQUEST" and o.source_actor is not None
                         and (o.source_actor.id or o.source_actor.name) == to for o, om in zip(out, out_meta, strict=True))
            if obeyed:
                continue
        keep_e.append(e)
        keep_m.append(m)
    return keep_e, keep_m


_ORDER_VERB = re.compile(r"(?:order|instruct|direct|command|told)", re.I)


def _order_within_own_state(ctx: Context, text: str, c: _Cand, srcs: list, tgt) -> bool:
    """An order from a state's office holder or body to one of that state's own institutions:
    the chain of command, part of the act it leads to (the annotation guide), not a
    request to another party."""
    if tgt is None or not srcs or srcs[0] is None or not _ORDER_VERB.match(text, c.start):
        return False
    if tgt.kind != "institution":
        return False  # (forces such as the PMF take orders as requests: the text reports if they obey)
    own = ctx.country_of(srcs[0])
    return own is not None and own == ctx.country_of(tgt)


# "the bombing of a market", "the killing of an activist": the act's object is new to the text, so
# the act is too (a definite article does not make it a re-mention)
_NEW_OBJECT_AFTER = re.compile(r"\s+(?:of|on|against|targeting)\s+(?:a|an|two|three|four|five|several)\s")


# "summoned the envoy to protest the strikes": a definite act protested against is an act the
# statement is about, not a new one
_PROTESTED_ACT = re.compile(r"\b(?:to\s+protest|protesting|in\s+protest\s+(?:at|against|over))\s+(?:the|these|those|this|that)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _mark_reference(doc: _Doc, ci: int, c: _Cand, before_txt: str, s0: int) -> None:
    """Set ``c.anaphoric`` for a definite mention ("the attack", "these raids") and ``c.referent``
    for the object of a statement about an act ("condemned the attack", "said the strike")."""
    text = doc.ctx.text
    etype = c.entry["type"]
    pattern_anaphor = bool(c.entry.get("_target_inside")) and bool(_DEFINITE_RIGHT_BEFORE.search(before_txt))
    anaphoric = pattern_anaphor or c.noun and bool(_DEFINITE_BEFORE.search(before_txt)) \
        and not re.search(r"\b(?:the|that|this)\s+(?:[A-Z][a-z]+\s+\d+|\w+day's?)\s+", text[max(s0, c.start - 30):c.start]) \
        and not _NEW_OBJECT_AFTER.match(text, c.end)
    c.anaphoric = anaphoric
    if c.noun and etype not in STATEMENT_TYPES:
        about = bool(re.search(r"\b(?:over|about|regarding|against|for|condemning|denouncing)\s+(?:the|this|that|its|their|last\s+\w+'s)\s+(?:[\w-]+\s+){0,2}$", before_txt))
        prev_stmt = next((d for d in reversed(doc.cands[:ci]) if d.sent == c.sent and d.entry.get("kind") == "statement"
                          and not d.noun and 0 <= c.start - d.end <= (90 if about else 30)), None)
        if prev_stmt is not None or re.search(r"\b(?:said|says|added|saying|called|described|condemn\w*|denounc\w*|decr(?:y|ied|ies|ying)|criticis\w*|criticiz\w*)\s+(?:that\s+)?(?:the|this|that|it)\s+(?:[\w-]+\s+){0,2}$", text[max(s0, c.start - 50) : c.start]) \
                or _PROTESTED_ACT.search(text, max(s0, c.start - 50), c.start) \
                or re.search(r"\bof\s+(?:orchestrating|carrying\s+out|launching|staging|masterminding|ordering|planning|being\s+behind)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", text[max(s0, c.start - 60) : c.start]):
            # "denounced an Iranian strike that wounded two ...": an indefinite object reports
            # the act for the first time (a new event the statement is about)
            c.first_object = not anaphoric and bool(re.search(r"\b(?:a|an)\s+(?:[\w.'-]+\s+){0,2}$", before_txt))
            c.referent = anaphoric or (prev_stmt is not None and not c.first_object)


def _speaker(text: str, c: _Cand, before: list, after: list, ev: EventLexicon, statement: bool):
    """The actor the sentence attributes its content to ("X said ..."), before the trigger or
    shortly after it; none when the announcement is itself the act."""
    speaker = next((h for h in reversed(before) if _is_speaker(text, h, ev)), None)
    if speaker is None:
        for h in after:
            if h.start - c.end > 120:
                break
            if _is_speaker(text, h, ev):
                speaker = h
                break
    if speaker is not None and not statement and c.entry.get("_target_inside") and 0 <= c.start - speaker.end <= 2 \
            and ev.speech_re.match(text, c.start):
        return None  # "Iraq and the United States announced that the mission will end": the announcement is the act
    return speaker


def _first_act_verb(cands: list[_Cand], ci: int) -> int | None:
    """Where the first act verb of ``cands[ci]``'s sentence starts, when one comes before it."""
    first = None
    for j in range(ci - 1, -1, -1):
        if cands[j].sent != cands[ci].sent:
            break
        if not cands[j].noun:
            first = cands[j].start
    return first


_SEQUENCE_CUT = re.compile(r"[,]?\s(?:(?:hours|days|weeks|minutes|shortly|a day|two days|three days)\s+)?(?:after|before|following)\s")
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$")
_AFTER_COMMA = re.compile(r",\s*(?:and\s+)?$")
_DEFINITE_RIGHT_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|that|this|these|those|its|their|his|her|such)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _read_clause(doc: _Doc, ci: int, c: _Cand, s0: int, s1: int, before_txt: str, statement: bool) -> _Clause | None:
    """The parts of the trigger's sentence its arguments come from; None when the trigger needs
    an object it does not have."""
    ctx, ev, text = doc.ctx, doc.ev, doc.ctx.text
    etype = c.entry["type"]
    hits = _outer(_sent_hits(ctx.actors, s0, s1, ctx._actor_starts), text)
    paren = [(a, b) for a, b, _ in _paren_spans(text, s0, s1) if b <= c.start]
    if paren:
        hits = [h for h in hits if not any(a <= h.start < b for a, b in paren)]
    before = [h for h in hits if h.end <= c.start]
    after = [h for h in hits if h.start >= c.end]
    nxt = next((d for d in _same_sentence_after(doc.cands, ci) if not d.noun and (
        d.entry["type"] != etype or _CLAUSE_BREAK.search(text, c.end, d.start))), None)
    scope_end = nxt.start if nxt else s1
    cl0 = _clause_start(text, s0, c.start, before)
    cut = _SEQUENCE_CUT.search(text[c.end:scope_end])
    if cut:
        scope_end = c.end + cut.start()
    # a trigger inside an aside or a preposed clause ("after a drone killed two men near the
    # airport, parliament voted"): its arguments end with that clause
    scope_end = min([scope_end] + [b for a, b, _ in _paren_spans(text, s0, s1) if a <= c.start < b])
    speaker = _speaker(text, c, before, after, ev, statement)
    passive = not c.noun and not c.form.split()[0].endswith("ing") and bool(_PASSIVE_AUX.search(text[max(s0, c.start - 16) : c.start]))
    participle = not c.noun and c.form.endswith("ing") and bool(_AFTER_COMMA.search(before_txt))
    main_verb = _first_act_verb(doc.cands, ci) if participle else None
    return _Clause(text, ctx, ev, c, etype, statement, speaker, before, after, hits, cl0, s0, s1, scope_end,
                   before_txt, participle, passive, ctx._actor_starts, ctx.parse, main_verb)


def _event_date(doc: _Doc, c: _Cand, a: _Clause) -> _When:
    """The trigger's date (see :func:`marsad.extract.clauses._date_for`), the publication month
    when the text gives none, and whether the date is the act's own (stated in its clause)."""
    text, ctx = a.text, doc.ctx
    dm = _date_for(doc.dates, doc.date_starts, c.start, c.end, a.s0, a.s1, text, ctx.published, ctx.sentence_of)
    date = dm.value if dm is not None else None
    prec = dm.precision if dm is not None else None
    date_text = dm.text if dm is not None else None
    if c.noun:
        own = dm is not None and max(a.s0, c.start - 30) <= dm.start and dm.end <= c.end + 60 \
            and not (dm.start >= c.end and ("," in text[c.end : dm.start]  # "The drone attack, the third this month,"
                                            or (re.search(r"\b(?:[a-z]{3,}ed|was|were|is|are|has|had|have|sparked|drew|led|came|began)\b", text[c.end : dm.start])
                                                # ("a night curfew was declared over the town that evening": the noun's own passive)
                                                and not _NOUN_IN_PASSIVE.match(text, c.end))))
        # ("The Qaim strikes prompted protests on Sunday": Sunday dates the protests)
    else:
        own = dm is not None and a.cl0 <= dm.start < a.scope_end
    if date is None and ctx.published and len(ctx.published) >= 7:
        date, prec, date_text = ctx.published[:7], "month", None
    return _When(dm, date, prec, date_text, bool(dm is not None and dm.future), own)


# "an end to protest", "in response to attack": "to" before a noun, not an infinitive
_NOUN_AFTER_TO = re.compile(r"\b(?:end|response|reply|return|prelude|way|rise|due|close|led|lead|leading)\s+to\s+$")


# "voted to accept", "decided on Sunday to expel", "voted unanimously to approve": the infinitive is
# what the verb did, not a plan
_DONE_TO = re.compile(r"\b(?:" + DONE_VERBS + r"|continued|decided|voted|decision)"
                      + INFINITIVE_AFTER + r"|\b(?:became|becomes|was|is)\s+the\s+first\s+(?:[\w.'\u2019-]+\s+){0,6}?to\s+$", re.I)


# the office a chamber fills by its own vote ("as its speaker", "as the province's governor")
_CHAMBER_FILLS = re.compile(r"\s+as\s+(?:its\s+|their\s+|the\s+|the\s+(?:province|region|country)['\u2019]s\s+)?(?:new\s+|next\s+)?"
                            r"(?:(?:first|second)\s+)?(?:deputy\s+)?(?:speaker|president|governor|mayor|chairman|chairwoman)\b", re.I)
_CHAMBER = re.compile(r"\b(?:council|parliament|assembly|chamber|legislature|congress)\b", re.I)


def _chamber_fills_an_office(a: _Clause, srcs: list) -> bool:
    """"The assembly chose X as its speaker", "the council picked X as governor": a chamber choosing
    the holder of an office it fills by vote elects them (AGREE), where a party choosing its
    candidate nominates (SUPPORT)."""
    c = a.c
    if a.etype != "SUPPORT" or not srcs or srcs[0] is None or srcs[0].kind != "institution" or not _CHAMBER.search(srcs[0].name):
        return False
    m = re.search(r"\bas\b", a.text[c.start : c.end + 60])
    return m is not None and bool(_CHAMBER_FILLS.match(a.text, c.start + m.start() - 1))


# a deciding body named by its own words ("the cabinet", "parliament", "lawmakers")
_DECIDING_BODY = re.compile(r"\b(?:cabinet|council|parliament|assembly|legislature|chamber|lawmakers|deputies|congress|ministers)\b", re.I)


def _body_approves(a: _Clause, srcs: list) -> bool:
    """"The cabinet endorsed the agreement", "parliament endorsed the plebiscite": a deciding body
    endorsing a decision, a plan or a text approves it (AGREE); a state or a person endorsing one
    voices support (SUPPORT)."""
    c = a.c
    if a.etype != "SUPPORT" or c.noun or not srcs or srcs[0] is None or not re.match(r"endors|approv|ratif", c.form, re.I):
        return False
    return bool(_DECIDING_BODY.search(srcs[0].text or srcs[0].name or ""))


_FORCE_NOUN_BEFORE = re.compile(r"\b(?:units|troops|soldiers|commandos|forces|policemen|police|special\s+forces|gunmen|militants|fighters)"
                                r"(?:,?\s+(?:backed|supported|aided)\s+by(?:\s+[\w.'\u2019-]+){1,4}?,?)?\s+(?:[a-z]+ly\s+)?$", re.I)


def _force_storms(a: _Clause, srcs: list) -> bool:
    """"Army units stormed the camp", "members of the Counter-Terrorism Service stormed a site": a
    storming by an armed force is an armed assault (ASSAULT), a crowd's is a protest."""
    c = a.c
    if a.etype != "PROTEST" or c.entry.get("subtype") != "storming":
        return False
    if srcs and srcs[0] is not None and srcs[0].kind in ("state_force", "armed_group") \
            and srcs[0].end <= c.start and re.fullmatch(r"[\s\w'\u2019-]{0,50}", a.text[srcs[0].end : c.start]) and not re.search(
            r"\b(?:supporters|followers|loyalists|crowds?|protesters|demonstrators)\b", a.text[max(a.s0, c.start - 60) : c.start], re.I):
        return True
    return bool(_FORCE_NOUN_BEFORE.search(a.text, max(a.s0, c.start - 80), c.start))


def _event_certainty(doc: _Doc, c: _Cand, a: _Clause, when: _When, srcs: list) -> str:
    """asserted / reported / hypothetical / denied, from the cues around the trigger."""
    text, s0 = a.text, a.s0
    cert = _certainty(text, _clause_start(text, s0, c.start), c.start, c.end, a.scope_end, doc.ev.cues)
    to_before = text.endswith(" to ", max(s0, c.start - 4), c.start)
    infinitive = to_before and (not c.noun or (c.form in (c.entry.get("verbs") or ()) and not _NOUN_AFTER_TO.search(
        text, max(s0, c.start - 16), c.start)))
    if cert == "asserted" and infinitive \
            and not _DONE_TO.search(text, max(s0, c.start - 50), c.start) \
            and not (a.statement and after_platform(text, c.start, s0)):
        cert = "hypothetical"
    if when.future:
        cert = "hypothetical"
    if cert == "hypothetical" and c.entry.get("decision_asserted") and not when.future and _DECISION_ANNOUNCED.search(
            text[max(s0, c.start - 90) : c.start]):
        # "announced he would submit his resignation", "ordered his lawmakers to quit parliament":
        # the announced decision is the act
        cert = "asserted"
    if a.speaker is not None and not a.statement and cert == "asserted" and a.speaker not in srcs:
        cert = "reported"
    if cert == "reported" and (a.statement or c.entry.get("decision_asserted")) and a.speaker is not None and srcs \
            and a.speaker.same_actor(srcs[0]):
        # "X said the raid violated international law", "X told lawmakers he would not remain":
        # what X says of X's own act is X's statement or decision
        cert = "asserted"
    return cert


def _attack_details(doc: _Doc, c: _Cand, a: _Clause, tgt):
    """An attack's mode (refined by the weapons named around it), its named victim as target,
    and its deaths and injuries; (entry mode, None, None, tgt) for other types."""
    mode = c.entry.get("mode")
    if a.etype != "ASSAULT":
        return mode, None, None, tgt
    ev, text, s0, s1, scope_end = doc.ev, a.text, a.s0, a.s1, a.scope_end
    window = text[max(s0, c.start - 60) : min(s1, c.end + 40)]
    mode = next((md for md, pat in ev.assault_modes if pat.search(window)), mode)
    vm = re.search(r"\b(?:killed|killing|assassinated|shot dead|targeting)\s+", text[c.start:scope_end])
    if vm:
        victim = next((h for h in a.hits if h.start == c.start + vm.end() and h.kind == "person"), None)
        if victim is not None and (tgt is None or tgt.kind not in ("person",)):
            tgt = victim
    fat, inj = _fatalities(text, _casualty_clause_start(text, c, s0, a.cl0), _toll_scope_end(text, c, s0, s1, scope_end),
                           ev, doc.ctx.actors)
    zm = ev.zero_re.search(text, a.cl0, scope_end)
    if fat is None and zm:
        fat = 0  # nobody killed, or nobody even hurt
    if fat is None and not c.anaphoric:
        fat = _toll_next(doc, c)
    return mode, fat, inj, tgt


def _toll_scope_end(text: str, c: _Cand, s0: int, s1: int, scope_end: int) -> int:
    """Where an attack trigger's casualties may be read up to: its clause's end, or the start of a
    reason or sequence phrase after it ("shelled the airport in retaliation for a raid that killed
    two": the two died in the raid)."""
    for a, _b in embedded_scopes(text, s0, s1):
        if c.end <= a < scope_end and not text.startswith((" that", " which", " who"), a):
            return a
    return scope_end


_PASSIVE_DEATH = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?$")


def _only_toll_triggers(doc: _Doc, k: int) -> bool:
    """Sentence ``k``'s only attack words are passive deaths ("three soldiers were killed")."""
    text = doc.ctx.text
    i = bisect_left(doc.cands, k, key=lambda d: d.sent)
    return all(d.form in ("killed", "shot dead") and _PASSIVE_DEATH.search(text, max(0, d.start - 20), d.start)
               for d in doc.cands[i : bisect_left(doc.cands, k + 1, key=lambda d: d.sent)] if d.entry["type"] == "ASSAULT")


def _toll_next(doc: _Doc, c: _Cand) -> int | None:
    """The toll of an attack stated by one of the next two sentences of its paragraph, before
    another attack: "... a drone struck the base. Three soldiers were killed." (or nobody was)."""
    ctx = doc.ctx
    for k in range(c.sent + 1, min(c.sent + 3, len(ctx.sentences))):
        a0, a1 = ctx.sentences[k]
        if "\n\n" in ctx.text[c.end : a0] or (k in doc.assault_sents and not _only_toll_triggers(doc, k)):
            return None
        n = toll_of_sentence(ctx.text, a0, a1, doc.ev, ctx.actors)
        if n is not None:
            return n
    return None


def _threatener(doc: _Doc, c: _Cand, a: _Clause):
    """Who announces a hypothetical attack or sanction: the speaker, "He said", or the sentence's subject."""
    text, ctx, s0 = a.text, doc.ctx, a.s0
    if a.speaker is not None and a.speaker.end <= c.start:
        return a.speaker
    pm = re.search(r"\b(He|She)\s+(?:\w+\s+)?(?:said|announced|warned|wrote|declared|told)\b", text[s0:c.start])
    if pm:
        people = [h for h in ctx.actors_from(s0 + pm.start() - 1000, s0 + pm.start()) if h.kind == "person" and h.end <= s0 + pm.start()]
        if people and s0 + pm.start() - people[-1].end < 500:
            return people[-1]
    lead = _subject(text, a.before, s0, s0, doc.ev)
    if lead and re.search(r"\b(?:said|warned|threatened|wrote|told|vowed|declared|announced)\b", text[lead[0].end : c.start]):
        return lead[0]
    return None


def _threat_of_act(doc: _Doc, c: _Cand, a: _Clause, tgt, when: _When, modal_after: bool) -> None:
    """"Trump said Washington would impose sanctions": a hypothetical attack or sanction
    announced by a speaker is also the THREATEN event it is."""
    text, s0, s1, scope_end = a.text, a.s0, a.s1, a.scope_end
    threatener = _threatener(doc, c, a)
    if threatener is None or not (modal_after or re.search(r"\b(?:would|will|could|going to)\b", text[max(s0, c.start - 40) : c.start])):
        return
    th_tgt = tgt if tgt is not None and tgt is not threatener else None
    if th_tgt is None:
        on = re.search(r"\b(?:on|against)\s+(?:the\s+)?", text[c.end : scope_end])
        if on:
            th_tgt = next((h for h in a.after if h.start >= c.end + on.end() - 1), None)
    loc = _location(doc.ctx, c, "THREATEN", threatener, s0, s1, scope_end)
    ev0, ev1 = _evidence(text, s0, s1, c)
    doc.events.append(Event(type="THREATEN", mode="violence" if a.etype == "ASSAULT" else "restrict",
                            subtype="threat", date=when.date, date_precision=when.precision, date_text=when.text,
                            location=loc, source_actor=_ref(threatener), target_actor=_ref(th_tgt),
                            certainty="asserted", confidence=0.6, trigger=text[c.start:c.end],
                            evidence=Mention(text=text[ev0:ev1], start=ev0, end=ev1)))
    doc.meta.append({"sent": c.sent, "cand": _Cand(c.start, c.end, c.form, {"type": "THREATEN", "kind": "statement"}, False, c.sent),
                     "src": threatener, "tgt": th_tgt, "speaker": a.speaker, "stem": "threat", "own_date": when.own,
                     "participle": False})


def _consult_country(doc: _Doc, c: _Cand, a: _Clause, e_tgt) -> PlaceRef | None:
    """"Sudani visited Washington", "during a visit to Washington, X met Y": the visited country."""
    text, s0, s1 = a.text, a.s0, a.s1
    visited = e_tgt if c.form.startswith(("visit", "toured", "trip")) else None
    if visited is None:
        vm = re.search(r"\b(?:visit(?:ed|ing|s)?|trip|tour(?:ed)?)\s+(?:to\s+)?(?:the\s+)?$", text[s0:c.start])
        if vm is None:
            vm2 = re.search(r"\b(?:visit(?:ed|ing|s)?|trip)\s+(?:to\s+)?(?:the\s+)?", text[s0:s1])
            visited = next((h for h in a.hits if vm2 and h.start == s0 + vm2.end() and h.kind == "state"), None)
    vc = doc.ctx.country_of(visited) if visited is not None else None
    return PlaceRef(country=vc) if vc else None


def _copy_event(e: Event, **changes) -> Event:
    """A second event of the same act (another country, another day): no casualties of its own."""
    fields = dict(type=e.type, mode=e.mode, subtype=e.subtype, date=e.date, date_precision=e.date_precision,
                  date_text=e.date_text, location=e.location, source_actor=e.source_actor,
                  target_actor=e.target_actor, fatalities=None, injuries=None, certainty=e.certainty,
                  confidence=e.confidence, trigger=e.trigger, evidence=e.evidence)
    fields.update(changes)
    return Event(**fields)


# a trigger that tells a journey to a place: "visited", "a trip to", "flew into", "landed in"
_VISIT_FORM = re.compile(r"(?:visit|trip|tour|arriv|landed|land|flew|fly|travel)", re.I)


def _host_state(ctx, src, loc) -> ActorHit | None:
    """The state a visitor came to ("arrived in Amman on a visit": Jordan), when the visit's place
    lies outside the visitor's own country (or the visitor's country is not known)."""
    if loc is None or not loc.country or src is None:
        return None
    home = ctx.country_of(src)
    host = ctx.state_of.get(loc.country)
    if host is None or home == loc.country or host.id == src.id:
        return None
    return ActorHit(src.start, src.end, host.id, host.name, "state", "host", loc.country)


def _emit(doc: _Doc, ci: int, c: _Cand, a: _Clause, k: int, src, e_tgt, when: _When, cert: str, mode, fat, inj) -> None:
    """Append the event of one source (and its per-country or per-day copies) with its notes."""
    ctx, text, etype = doc.ctx, a.text, a.etype
    s0, s1, scope_end = a.s0, a.s1, a.scope_end
    own_place = [False]
    nxt_any = next((d for d in _same_sentence_after(doc.cands, ci) if d.start >= c.end
                    and (d.noun or d.entry["type"] != etype)), None)
    loc = _location(ctx, c, etype, src, s0, s1, scope_end, own_place, nxt_any.start if nxt_any else None)
    if etype == "CONSULT" and not own_place[0]:
        loc = _consult_country(doc, c, a, e_tgt) or loc
    if etype == "CONSULT" and e_tgt is None and (mode == "visit" or _VISIT_FORM.match(c.form)):
        e_tgt = _host_state(ctx, src, loc)
    conf = 0.5 + 0.15 * (src is not None) + 0.1 * (when.date is not None) + 0.1 * (loc is not None and loc.name is not None) \
        + 0.1 * (not c.noun)
    evidence_start, evidence_end = _evidence(text, s0, s1, c)
    e = Event(type=etype, mode=mode, subtype=c.entry.get("subtype"),
              date=when.date, date_precision=when.precision, date_text=when.text,
              location=loc, source_actor=_ref(src), target_actor=_ref(e_tgt),
              fatalities=fat, injuries=inj, certainty=cert, confidence=min(conf, 0.95),
              trigger=text[c.start:c.end],
              evidence=Mention(text=text[evidence_start:evidence_end], start=evidence_start, end=evidence_end))
    base = {"sent": c.sent, "cand": c, "src": src, "tgt": e_tgt, "speaker": a.speaker, "stem": _stem(c.form),
            "own_date": when.own, "participle": a.participle}
    split = _country_split(ctx, c, etype, scope_end) if etype == "ASSAULT" and not c.anaphoric else []
    if len(split) >= 2:
        # "three targets in western Iraq ... and two across the frontier in eastern Syria":
        # one event per country; a death toll covering both goes to neither
        e.location = split[0].ref()
        e.fatalities = None
        for p_ in split[1:]:
            doc.events.append(_copy_event(e, location=p_.ref()))
            doc.meta.append(dict(base, own_place=True, shift=False, split=True))
    doc.events.append(e)
    if doc.trace is not None:
        doc.trace.append(("trigger", trigger_rule(c), c.start, c.end, etype, evidence_start))
    dm = when.dm
    doc.meta.append(dict(
        base, split=len(split) >= 2,
        # an undated attack with no attacker named elaborates the last one reported
        elaborates=etype == "ASSAULT" and not when.own and src is None,
        passive=a.passive, own_place=own_place[0], new_occurrence=bool(_NEW_OCCURRENCE.search(text, s0, c.start)),
        shift=bool(when.own and dm is not None and _SHIFT_WORDS.search(dm.text)),
        shift_at=dm.start if dm is not None and s0 <= dm.start < c.start and _SHIFT_WORDS.search(dm.text) else None))
    if etype in PHYSICAL_TYPES and when.own and k == 0:
        _repeated_on_another_day(doc, c, e, when, scope_end)


def _repeated_on_another_day(doc: _Doc, c: _Cand, e: Event, when: _When, scope_end: int) -> None:
    """"fired tear gas at the crowd on Tuesday and again on Wednesday": a second act."""
    for am in re.finditer(r"\b(?:and|then|,)\s+again\s+", doc.ctx.text[c.end:scope_end]):
        a0 = c.end + am.end()
        dm2 = next((d for d in doc.dates_near(a0, a0 + 25) if d.value and d is not when.dm), None)
        if dm2 is None or dm2.value == when.date:
            continue
        doc.events.append(_copy_event(e, date=dm2.value, date_precision=dm2.precision, date_text=dm2.text))
        doc.meta.append(dict(doc.meta[-1], own_date=True, shift=True, shift_at=None))

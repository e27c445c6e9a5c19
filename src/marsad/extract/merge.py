"""Merging the mentions of a document into events, and targets read from other events.

Repeated and definite mentions ("the attack", "the raids") join the event they refer to and fill
its missing attributes; several speech acts of one actor in one sentence are one statement typed
by its main act. After merging, replies (rejecting a charge, accepting a resignation) and
statements about an act get their targets from the events they answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.extract.clauses import Context, _last_mention, _state_ref
from marsad.extract.event_filters import STATEMENT_TYPES
from marsad.extract.event_lexicon import PHYSICAL_TYPES, EventLexicon, _Cand
from marsad.model import ActorRef, Event, PlaceRef
from marsad.text import name_key


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.date and b.date and a.date[: min(len(a.date), len(b.date))] != b.date[: min(len(a.date), len(b.date))]:
        return False
    ca = a.location.country if a.location else None
    cb = b.location.country if b.location else None
    if ca and cb and ca != cb:
        return False
    for x, y in ((a.source_actor, b.source_actor), (a.target_actor, b.target_actor)):
        if x is not None and y is not None and (x.id or x.name) != (y.id or y.name):
            return False
    return True


def _absorb(keep: Event, other: Event, fatalities: bool = True, actors: bool = True) -> None:
    if other.evidence.start != keep.evidence.start and all(m.start != other.evidence.start for m in keep.mentions):
        keep.mentions.append(other.evidence)
    if actors and keep.source_actor is None and other.source_actor is not None:
        keep.source_actor = other.source_actor
    if actors and keep.target_actor is None and other.target_actor is not None:
        keep.target_actor = other.target_actor
    if fatalities and other.fatalities is not None and (keep.fatalities is None or other.fatalities > keep.fatalities):
        keep.fatalities = other.fatalities  # a later, fuller count ("killing X and two other members") wins
    if keep.injuries is None and other.injuries is not None:
        keep.injuries = other.injuries
    if other.location is not None and other.location.name:
        kl = keep.location
        if kl is None or kl.name is None or (kl.admin1 is None and other.location.admin1 is not None
                                              and other.location.country in (kl.country, None)):
            keep.location = other.location
    if other.date is not None and (keep.date is None or (
            (keep.date_text is None or keep.date_precision == "month") and other.date_text is not None
            and len(other.date) > len(keep.date) and other.date.startswith(keep.date))):
        # no date, only the publication month, or a month: a later mention's own day within it dates the act
        keep.date, keep.date_precision, keep.date_text = other.date, other.date_precision, other.date_text
    keep.confidence = min(0.99, max(keep.confidence, other.confidence) + 0.05)



def _key(r: ActorRef | None):
    return None if r is None else (r.id or r.name)


def _same_source(a: Event, b: Event) -> bool:
    x, y = _key(a.source_actor), _key(b.source_actor)
    if x is not None and x == _key(b.target_actor) or y is not None and y == _key(a.target_actor):
        return False  # one's attacker is the other's target: two sides, two events
    return x is None or y is None or x == y


def _names_another_act(o: Event, e: Event) -> bool:
    """"the Hamas attack on Israel" after "the killing of X": a definite mention that names both
    its author and a target other than the earlier act's is another act."""
    return e.source_actor is not None and e.target_actor is not None and o.target_actor is not None \
        and _key(o.target_actor) != _key(e.target_actor) and _key(o.source_actor) != _key(e.source_actor)


def _same_country(a: Event, b: Event) -> bool:
    ca = a.location.country if a.location else None
    cb = b.location.country if b.location else None
    return not (ca and cb and ca != cb)


def _modifier_source(c: _Cand, m: dict) -> bool:
    """The act's author is named right before its noun ("the Turkish strike", "the U.S. raid")."""
    h = m.get("src")
    return h is not None and c.noun and 0 <= c.start - h.end <= 12


# How many earlier events a new mention is compared with when merging. Re-mentions refer to acts
# reported shortly before; the bound keeps merging linear in the length of a document.
_LOOKBACK = 120


def _recent(out: list[Event], out_meta: list[dict]):
    """The last ``_LOOKBACK`` (event, notes) pairs, oldest first."""
    lo = max(0, len(out) - _LOOKBACK)
    return zip(out[lo:], out_meta[lo:], strict=True)


@dataclass
class _Merging:
    """The events kept so far while merging a document's mentions, their notes, and the definite
    mentions found: (sentence, offset, event)."""

    ctx: Context
    ev: EventLexicon
    out: list[Event] = field(default_factory=list)
    out_meta: list[dict] = field(default_factory=list)
    refs: list[tuple[int, int, Event]] = field(default_factory=list)

    def back(self) -> range:
        """Indices of the last ``_LOOKBACK`` events kept, newest first."""
        return range(len(self.out) - 1, max(-1, len(self.out) - 1 - _LOOKBACK), -1)


_MERGED, _DROPPED = "merged", "dropped"


def _merge(ctx: Context, events: list[Event], meta: list[dict], ev: EventLexicon):
    """Merge repeated and definite mentions into their events and statements into one per actor;
    returns (events, their per-event notes, [(sentence, offset, event)] for definite mentions)."""
    st = _Merging(ctx, ev)
    for e, m in zip(events, meta, strict=True):
        c: _Cand = m["cand"]
        if _part_of_own_act(st, e, m):
            continue
        outcome = _join_statement(st, e, m)
        if outcome is None and e.type not in STATEMENT_TYPES and (
                c.referent or (c.anaphoric and not m.get("own_date")) or m.get("elaborates")):
            outcome = _join_definite(st, e, m)
        if outcome is None:
            outcome = _join_same_act(st, e, m)
        if outcome is None:
            _keep_new(st, e, m)
        elif outcome == _MERGED and e.type not in STATEMENT_TYPES:
            holder = next((o for o, _ in _recent(st.out, st.out_meta)
                           if e.evidence.start in [o.evidence.start] + [x.start for x in o.mentions]), None)
            if holder is not None:
                st.refs.append((m["sent"], c.start, holder))
    return st.out, st.out_meta, st.refs


def _part_of_own_act(st: _Merging, e: Event, m: dict) -> bool:
    """"..., demanding that ...": a participle statement that is part of its actor's act."""
    return e.type in STATEMENT_TYPES and bool(m.get("participle")) and any(
        om["sent"] == m["sent"] and o.type not in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor)
        and o.certainty in ("asserted", "reported") for o, om in _recent(st.out, st.out_meta))


def _second_predicate(st: _Merging, o: Event, om: dict, e: Event, m: dict) -> bool:
    """"denied any role and accused Washington of ...": a second verb of another kind, coordinated
    with the first, is a second statement (a denial and an accusation, a threat and a demand)."""
    c, oc = m["cand"], om["cand"]
    if e.type == o.type or c.noun or oc.noun or oc.end > c.start:
        return False
    if e.type == "REQUEST" and o.type in ("ACCUSE", "SUPPORT"):
        return False  # "condemned the attack and urged calm": an appeal that closes a statement
    return bool(re.fullmatch(r"[^.;:,]*?\s(?:and|and\s+then|but)\s+(?:also\s+|later\s+|then\s+)?", st.ctx.text[oc.end : c.start]))


def _join_statement(st: _Merging, e: Event, m: dict) -> str | None:
    """One statement per actor and sentence, typed by the main act (THREATEN over the rest)."""
    if e.type not in STATEMENT_TYPES or e.source_actor is None:
        return None
    shift_at = m.get("shift_at")
    for k in st.back():
        o, om = st.out[k], st.out_meta[k]
        if om["sent"] == m["sent"] and o.type in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor) \
                and not m.get("shift") and not (shift_at is not None and om["cand"].start < shift_at) \
                and not _second_predicate(st, o, om, e, m):
            if st.ev.priority.get(e.type, 99) < st.ev.priority.get(o.type, 99) and {e.type, o.type} != {"ACCUSE", "REJECT"}:
                o.type, o.mode, o.subtype = e.type, e.mode, e.subtype
                o.target_actor = e.target_actor  # the main act's target (resolved later if none)
                if e.evidence.start != o.evidence.start and all(x.start != e.evidence.start for x in o.mentions):
                    o.mentions.append(e.evidence)
            else:
                _absorb(o, e)
            return _MERGED
    return None


def _elaborated(st: _Merging, e: Event, c: _Cand) -> Event | None:
    """The act an undated, unattributed mention elaborates: the last of its type mentioned in
    the sentences just before ("Most of the missiles struck ...; nobody was killed")."""
    same = [o for o, _ in _recent(st.out, st.out_meta) if o.type == e.type and _last_mention(o, c.start) >= 0]
    if not same:
        return None
    nearest = max(same, key=lambda o: _last_mention(o, c.start))
    return None if st.ctx.text.count(".", _last_mention(nearest, c.start), c.start) > 2 else nearest


# "in retaliation for the killing of its members": an act named only as a motive of another is
# the last an unqualified "the attack" refers back to
_MOTIVE_BEFORE = re.compile(r"\b(?:retaliation|revenge|reprisal|response|answer|payback)\s+(?:for|to)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?$"
                            r"|\bto\s+avenge\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)


def _join_definite(st: _Merging, e: Event, m: dict) -> str | None:
    """A definite mention ("the attack", "condemned the raids"): the best earlier event of the
    type (same trigger word first) absorbs it; a statement's object with no such event is dropped."""
    c: _Cand = m["cand"]
    nearest = _elaborated(st, e, c) if m.get("elaborates") and not c.anaphoric and not c.referent else None
    best, best_score, best_k = None, -1.0, -1
    for k in st.back():
        o, om = st.out[k], st.out_meta[k]
        if o.type != e.type or not _same_source(o, e):
            continue
        if not _same_country(o, e) and m.get("own_place"):
            continue
        if _names_another_act(o, e):
            continue
        stems = om.get("stems") or {om.get("stem")}
        score = (2 if m.get("stem") in stems else 0) + (1 if o.subtype == e.subtype else 0) \
            + (2 if o.mode and o.mode == e.mode else 0) \
            + 0.5 * min(len(o.mentions), 3) + k / (len(st.out) + 1) \
            + (5 if o is nearest else 0) \
            - (3 if _MOTIVE_BEFORE.search(st.ctx.text, max(0, om["cand"].start - 40), om["cand"].start) else 0)
        if score > best_score:
            best, best_score, best_k = o, score, k
    if best is not None:
        _absorb(best, e, actors=not c.referent)
        bm = st.out_meta[best_k]
        bm.setdefault("stems", {bm.get("stem")}).add(m.get("stem"))
        st.refs.append((m["sent"], c.start, best))
        return _MERGED
    if c.referent:
        if _modifier_source(c, m):
            st.refs.append((m["sent"], c.start, e))  # "condemned the Turkish strike": names its author
        return _DROPPED
    return None  # (an elaboration with nothing to elaborate is a new event)


def _same_act(st: _Merging, k: int, e: Event, m: dict) -> bool:
    """Whether the new mention ``e`` is the kept act number ``k`` again (same type assumed)."""
    c: _Cand = m["cand"]
    o, om = st.out[k], st.out_meta[k]
    if om["sent"] == m["sent"]:
        return _same_country(o, e) and _same_source(o, e) and not (
            m.get("own_date") and om.get("own_date") and o.date and e.date and o.date != e.date)
    if c.referent or (c.anaphoric and not m.get("own_date")):
        return False
    if c.anaphoric and o.date_text is None and e.date and o.date and len(e.date) > len(o.date) \
            and e.date.startswith(o.date) and _same_source(o, e) and k == len(st.out) - 1:
        # "Gunmen killed three ... The attack occurred late on Wednesday.": the act just
        # reported, dated only by the publication month until now
        return True
    if c.anaphoric and e.date and o.date and len(e.date) < len(o.date) and o.date.startswith(e.date):
        # "since the attack on the embassy in June": the June 3 attack, mentioned again
        ol, el = o.location, e.location
        return _same_source(o, e) and _same_country(o, e) and (
            el is None or el.name is None or (ol is not None and (ol.id == el.id or ol.admin1 == el.admin1)))
    if _possessed_noun_told_in_full(st, o, om, e, m):
        return True
    return bool(e.date and o.date and e.date == o.date) and _same_source(o, e) and not m.get("shift") \
        and (_same_country(o, e) or not m.get("own_place")) \
        and (e.type != "ASSAULT" or o.date_precision == "day") \
        and (c.anaphoric or not _told_apart(st, k, e, m))


# "whose killing", "his abduction", "her arrest": an act named as something that befell a person
_POSSESSED_ACT = re.compile(r"\b(?:whose|his|her)\s+(?:[\w-]+\s+)?$", re.I)


def _possessed_noun_told_in_full(st: _Merging, o: Event, om: dict, e: Event, m: dict) -> bool:
    """"X, whose killing this month ... X was shot dead on March 4": an act first named as
    a person's (a possessed noun, known to the month) and then told with its day within that month
    and its patient is one act."""
    oc = om["cand"]
    if not (oc.noun and m.get("own_date") and o.date and e.date and len(o.date) == 7 and len(e.date) == 10
            and e.date.startswith(o.date) and e.target_actor is not None):
        return False
    if o.target_actor is not None and _key(o.target_actor) != _key(e.target_actor):
        return False
    return bool(_POSSESSED_ACT.search(st.ctx.text, max(0, oc.start - 30), oc.start)) \
        and _same_source(o, e) and _same_country(o, e)


def _told_apart(st: _Merging, k: int, e: Event, m: dict) -> bool:
    """An indefinite mention on the day of act ``k`` that the text tells apart from it: a word
    of a further occurrence, a province of its own with an unnamed author, or an answer to an
    act told in between."""
    if any(sent == m["sent"] and held is st.out[k] for sent, _, held in st.refs):
        return False  # the sentence already refers back to act k ("the raids had killed ...")
    return bool(m.get("new_occurrence")) or (bool(m.get("own_place")) and _apart_unattributed(st.out[k], e)) \
        or _answers_between(st, k, e)


def _apart_unattributed(a: Event, b: Event) -> bool:
    """Two acts in different provinces, one of them by an unnamed author: two acts, not one
    (a strike package of one named actor may hit several provinces; unnamed gunmen in two
    provinces on one day are two attacks)."""
    pa, pb = a.location, b.location
    if pa is None or pb is None or not pa.admin1 or not pb.admin1 or not pa.name or not pb.name:
        return False
    return name_key(pa.admin1) != name_key(pb.admin1) and (a.source_actor is None or b.source_actor is None)


def _answers_between(st: _Merging, k: int, e: Event) -> bool:
    """An act kept after number ``k`` targeted the new mention's author on the same day: the new
    mention is the answer to that act ("... rockets hit the base; the troops returned fire"),
    not act ``k`` told again."""
    src = _key(e.source_actor)
    return src is not None and any(
        x.type == e.type and x.date == e.date and _key(x.target_actor) == src for x in st.out[k + 1:])


def _join_same_act(st: _Merging, e: Event, m: dict) -> str | None:
    """The same statement by the same actor (unless both carry different dates), or acts of one
    type in one sentence, or on one day in one country (not across shifts)."""
    for k in st.back():
        o, om = st.out[k], st.out_meta[k]
        if o.type != e.type:
            continue
        if e.type in STATEMENT_TYPES:
            if e.source_actor is not None and _key(o.source_actor) == _key(e.source_actor) and (
                    _compatible(o, e) or not (m.get("own_date") and om.get("own_date"))):
                _absorb(o, e)
                return _MERGED
            continue
        if _same_act(st, k, e, m):
            _absorb(o, e, fatalities=not om.get("split"))
            return _MERGED
    return None


# "several militants were detained", "more troops are being deployed": acts reported in the
# passive without their agent, still acts
_AGENTLESS_PASSIVES = frozenset(("COERCE", "MOBILIZE"))


# what a court does on its own: a ruling, a sentence, a dismissal, an order
_COURT_DECISIONS = frozenset(("SANCTION", "COERCE", "AGREE", "REJECT"))
_UNNAMED_COURT = re.compile(r"\b(?:court|tribunal|judges?|panel)(?:\s+(?:in|of|at)(?:\s+the)?(?:\s+[\w'\u2019-]+){1,4}?)?"
                            r"(?:,\s+[^,.;]{1,60},)?\s+(?:(?:\w+ly|later|then|also)\s+|on\s+\w+\s+(?:\d{1,2}\s+)?)?$", re.I)


def _unnamed_court_subject(ctx: Context, c: _Cand, sent: int) -> bool:
    """"A criminal court in Kut sentenced ...": a court the text does not name is still the one
    who decided (its decision stands without a resolved actor)."""
    s0 = ctx.sentences[sent][0]
    return bool(_UNNAMED_COURT.search(ctx.text, max(s0, c.start - 90), c.start)) \
        or bool(_COURT_RULED.search(ctx.text, s0, c.start))  # "the court ruled that X's membership had ended"


_COURT_RULED = re.compile(r"\b(?:court|tribunal|judges?|panel)\s+(?:\w+\s+){0,2}?(?:ruled|decided|declared|found)\s+(?:on\s+\w+\s+)?that\s", re.I)


# "an arrest warrant was issued for X": the act's noun as the subject of an agentless passive
_NOUN_IN_PASSIVE = re.compile(r"\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?"
                              r"(?:issued|imposed|carried\s+out|launched|ordered|announced|declared|staged|signed|reached|conducted)\b")


# "after the arrest of X", "following the dismissal of Y": an earlier act told as the cause
_EARLIER_ACT_OF = re.compile(r"\b(?:after|following|since|over|amid)\s+the\s+(?:[\w-]+\s+)?$", re.I)


def _keep_new(st: _Merging, e: Event, m: dict) -> None:
    """Keep a mention that joined nothing as a new event, unless it cannot stand alone."""
    c: _Cand = m["cand"]
    if c.referent:
        if _modifier_source(c, m) and not any(r[2] is e for r in st.refs):
            st.refs.append((m["sent"], c.start, e))
        return
    if c.anaphoric and e.type not in STATEMENT_TYPES and not m.get("own_date"):
        # a definite mention of an act the text never reported: keep only with arguments,
        # and never a plural one ("the attacks" sums up acts, it is not one)
        if (e.source_actor is None and e.target_actor is None) or (c.noun and c.form.endswith("s")):
            return
    if e.type not in ("ASSAULT", "PROTEST") and e.source_actor is None and not _stands_without_agent(st, e, m):
        return  # acts other than attacks and protests need an actor (unless one of the forms below)
    st.out.append(e)
    st.out_meta.append(m)
    if c.first_object:
        st.refs.append((m["sent"], c.start, e))  # the act the statement before it is about


def _stands_without_agent(st: _Merging, e: Event, m: dict) -> bool:
    """Whether an act other than an attack or protest may be kept with no source: one of the forms
    below tells it fully without naming who acted."""
    return any(rule(st, e, m) for rule in (_unnamed_force_subject, _dated_passive_or_phrase, _agentless_passive,
                                          _unnamed_court, _earlier_act_of_target))


def _unnamed_force_subject(st: _Merging, e: Event, m: dict) -> bool:
    """"Police arrested three men": an unnamed national force or the authorities as subject."""
    return e.type in _FORCE_ACTS and _force_subject(st.ctx.text, st.ctx.sentences[m["sent"]][0], m["cand"].start) is not None


def _dated_passive_or_phrase(st: _Merging, e: Event, m: dict) -> bool:
    """"The curfew was lifted on Tuesday", "an arrest warrant was issued for X on Monday": a dated
    physical act, sanction or approval told in the passive or by a phrase that holds its object."""
    c: _Cand = m["cand"]
    return bool(m.get("own_date")) and e.type in PHYSICAL_TYPES | {"SANCTION", "AGREE"} and bool(
        c.entry.get("_target_inside") or m.get("passive") or (c.noun and _NOUN_IN_PASSIVE.match(st.ctx.text, c.end)))


def _agentless_passive(st: _Merging, e: Event, m: dict) -> bool:
    """"Two activists were detained": a verb in the passive of a kind told without its agent."""
    return bool(m.get("passive")) and not m["cand"].noun and e.type in _AGENTLESS_PASSIVES


def _unnamed_court(st: _Merging, e: Event, m: dict) -> bool:
    """"The court ruled ...": a court decision whose subject is a court the text does not name."""
    c: _Cand = m["cand"]
    return e.type in _COURT_DECISIONS and not c.noun and _unnamed_court_subject(st.ctx, c, m["sent"])


def _earlier_act_of_target(st: _Merging, e: Event, m: dict) -> bool:
    """"after the arrest of X": an earlier act told as a cause, with its target named after "of"."""
    c: _Cand = m["cand"]
    text = st.ctx.text
    return c.noun and e.target_actor is not None and e.type in PHYSICAL_TYPES | {"SANCTION"} \
        and _EARLIER_ACT_OF.search(text, max(0, c.start - 30), c.start) is not None \
        and re.match(r"\s+of\s", text[c.end : c.end + 5]) is not None


_ACTS = ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST")


_ACCUSATION_OBJECT = re.compile(r"\s+(?:(?:the|these|those|an?|any|all|such|their|his|its|her)\s+)?(?:[\w-]+\s+)?"
                                r"(?:charges?|accusations?|allegations?|claims?|blame|reports?)\b", re.I)


_ACCEPT_RESIGNATION = re.compile(r"\baccept\w*\s+(?:(?:the|their|his|her|its|all|these)\s+)?(?:[\w-]+\s+)?resignations?\b", re.I)


def _reply_targets(ctx: Context, out: list[Event], out_meta: list[dict]) -> None:
    """Acts that answer an earlier one: rejecting a charge targets (the state of) whoever made it;
    accepting resignations targets those who resigned."""
    text = ctx.text
    for e, m in zip(out, out_meta, strict=True):
        c: _Cand = m["cand"]
        if e.type == "REJECT" and _ACCUSATION_OBJECT.match(text, c.end):
            me = _state_ref(ctx, e.source_actor)
            accs = sorted([o for o in out if o is not e and o.type == "ACCUSE" and o.source_actor is not None
                           and 0 <= _last_mention(o, c.start)], key=lambda o: -_last_mention(o, c.start))
            for o in accs:
                tgt = _state_ref(ctx, o.source_actor)
                if me is not None and tgt is not None and _key(tgt) == _key(me):
                    continue
                e.target_actor = tgt
                break
        elif e.type == "AGREE" and e.target_actor is None and _ACCEPT_RESIGNATION.search(text, c.start, c.end + 40):
            quits = sorted([o for o in out if o is not e and o.type == "RETREAT" and o.mode == "resign" and o.source_actor is not None
                            and 0 <= _last_mention(o, c.start)], key=lambda o: -_last_mention(o, c.start))
            if quits and _key(quits[0].source_actor) != _key(e.source_actor):
                e.target_actor = quits[0].source_actor


def _statement_targets(ctx: Context, out: list[Event], out_meta: list[dict], refs) -> None:
    """A statement without an explicit target is about an act: the one it names ("condemned the
    attack", resolved by merging), else the act mentioned last before it. Condemnations and
    threats target the state behind the act's author; rejections target the author itself."""
    for e, m in zip(out, out_meta, strict=True):
        if e.type not in ("ACCUSE", "THREATEN", "REJECT") or e.target_actor is not None:
            continue
        c: _Cand = m["cand"]
        me = _state_ref(ctx, e.source_actor)
        named = [ev_ for sent, off, ev_ in refs if sent == m["sent"] and ev_ is not e and ev_.type in _ACTS + ("AGREE", "SANCTION")]
        if named:
            cands = named[:1]
        else:
            # (a condemnation may be of a decision: "called the ruling politically motivated")
            kinds = _ACTS + (("AGREE", "ACCUSE") if e.type == "REJECT" else ("REJECT", "AGREE") if e.type == "ACCUSE" else ())
            cands = sorted([o for o in out if o is not e and o.type in kinds and _last_mention(o, c.start) >= 0],
                           key=lambda o: -_last_mention(o, c.start))
        for act in cands:
            src = act.source_actor
            if src is None:
                if e.type == "ACCUSE" or named:
                    break
                continue
            # condemning an armed force's act targets its state; a body's decision, the body itself
            src_kind = ctx.actor_kind.get(src.id or "") if src.id else None
            tgt = src if e.type == "REJECT" or src_kind not in ("state_force", "state", None) else _state_ref(ctx, src)
            if tgt is not None and ((me is not None and (tgt.id or tgt.name) == (me.id or me.name))
                                    or _key(tgt) == _key(e.source_actor)):
                if named:
                    break
                continue
            e.target_actor = tgt
            break


def targets_by_membership(events: list[Event], relations, kinds: dict[str, str | None]) -> None:
    """An attack on a person the text presents as a member of a group ("killed Razi Mousavi, a
    senior adviser in Iran's Revolutionary Guards") targets that group."""
    member = {}
    for r in relations:
        if r.type == "member_of":
            member.setdefault(r.source.id or r.source.name, r.target)
    for e in events:
        t = e.target_actor
        if e.type == "ASSAULT" and t is not None and kinds.get(t.id or t.name) == "person":
            org = member.get(t.id or t.name)
            if org is not None and kinds.get(org.id or org.name) != "state":
                e.target_actor = org


_OCCUPANT_KINDS = ("state_force", "coalition")


def base_occupants(ctx: Context, out: list[Event]) -> None:
    """An attack on a military base or airfield that names no target hits the foreign force the
    text places there: the nearest mention (within 1,500 characters) of a force or coalition from
    another country than the base's, not the attacker ("Rockets struck Camp Taji. ... coalition
    troops ..." -> the coalition)."""
    kinds = {}
    for e in out:
        if e.type != "ASSAULT" or e.target_actor is not None or e.location is None or not e.location.id:
            continue
        if kinds.get(e.location.id) is None:
            kinds[e.location.id] = next((p.kind for p in ctx.places if p.id == e.location.id), "")
        if kinds[e.location.id] not in ("base", "airport"):
            continue
        at = e.evidence.start
        src = _key(e.source_actor)
        cands = [h for h in ctx.actors_from(at - 1500, at + 1500) if h.kind in _OCCUPANT_KINDS
                 and (h.id or h.name) != src and _foreign(ctx, h, e.location.country)]
        if cands:
            h = min(cands, key=lambda h: abs(h.start - at))
            e.target_actor = ActorRef(id=h.id, name=h.name)


# "attacked an army checkpoint", "ambushed a police patrol": a national force named only by its
# common noun, before a post, unit or vehicle of it
_FORCE_OBJECT = re.compile(r"\s+(?:(?:at|on|upon|against)\s+)?(?:an?|the|two|three|four|several|one)\s+"
                           r"(?:(?:local|main|joint|mobile|remote|small|isolated|nearby)\s+)?(?P<w>army|military|police|security)\s+"
                           r"(?:checkpoints?|posts?|patrols?|convoys?|stations?|bases?|headquarters|vehicles?|units?|barracks|"
                           r"positions?|outposts?|officers?|personnel|recruits|forces)\b", re.I)
_ATTACK_VERB_THEN_FORCE = re.compile(r"\b(?:ambushed|attacked|struck|hit|targeted|stormed|raided|bombed|shelled|fired\s+on|opened\s+fire\s+on)"
                                     + _FORCE_OBJECT.pattern, re.I)
_FORCE_NAME = {"army": "army", "military": "military", "police": "police", "security": "security forces"}


def national_forces(ctx: Context, out: list[Event], out_meta: list[dict]) -> None:
    """An attack or arrest whose object is "an army checkpoint" or "a police patrol" and that has
    no target hits the force of that name of the country it happened in (the pack actor whose
    name or alias is the country's demonym and the force: "Iraqi army", "Syrian army")."""
    for e, m in zip(out, out_meta, strict=True):
        if e.type not in ("ASSAULT", "COERCE") or e.target_actor is not None or e.location is None \
                or not e.location.country:
            continue
        fm = _FORCE_OBJECT.match(ctx.text, m["cand"].end)
        if fm is None and e.type == "ASSAULT":
            # the act merged with another mention ("soldiers were killed when militants ambushed an
            # army patrol", "a roadside bomb struck a police vehicle"): its verb's object
            fm = _ATTACK_VERB_THEN_FORCE.search(ctx.text, m["cand"].start, e.evidence.end)
        if fm is None:
            continue
        force = _country_force(ctx, e.location.country, _FORCE_NAME[fm.group("w").lower()])
        if force is not None:
            e.target_actor = force


def _country_force(ctx: Context, country: str, force: str) -> ActorRef | None:
    """The pack's state force of ``country`` named by its demonym and ``force`` ("Iraqi army",
    "Iraqi police"), or None."""
    if ctx.lookup is None:
        return None
    for dem in (d for d, c in ctx.demonym_country.items() if c == country):
        a = ctx.lookup(f"{dem} {force}")
        if a is not None and a.kind == "state_force":
            return ActorRef(id=a.id, name=a.name)
    return None


# an unnamed national force or the authorities right before an arrest or deployment: "Police
# arrested three men", "Authorities detained a journalist", "troops were deployed"
_FORCE_SUBJECT = re.compile(r"(?:^|\b(?:the|local|federal|Iraqi\s+|(?-i:[A-Z][a-z]+)\s+)?\s*)(?P<w>police(?:men)?|security\s+forces|government\s+forces|government\s+troops|authorities|troops|soldiers|army)"
                            r"\s+(?:(?:have|has|had)\s+)?(?:(?:on\s+\w+|later|also|then|quickly|reportedly)\s+)?$", re.I)
_FORCE_ACTS = ("COERCE", "MOBILIZE", "RETREAT")
# the unnamed forces that are the country's own (troops or soldiers may be foreign: kept, not named)
_SUBJECT_FORCE = {"police": "police", "policemen": "police", "security forces": "security forces",
                  "government forces": "army", "government troops": "army", "army": "army"}


def _force_subject(text: str, s0: int, trig: int) -> re.Match | None:
    """The unnamed force ("Police", "the authorities") that opens the clause of the trigger."""
    m = _FORCE_SUBJECT.search(text, max(s0, trig - 40), trig)
    if m is None:
        return None
    # (what comes before the force's words and the name of its place: "Kirkuk police")
    lead = text[s0 : m.start("w")].strip(" ,")
    lead = re.sub(r"(?:^|\s)(?-i:[A-Z][a-z]+)$", "", lead).strip(" ,") if re.fullmatch(r"(?:.*\s)?(?-i:[A-Z][a-z]+)", lead) else lead
    # ("the ministry said police had arrested ...": the subject of the reported clause)
    return m if not lead or re.search(r"(?:,|\b(?:and|but|when|after|then)|\b(?:said|says|added|announced|reported|stated)"
                                      r"(?:\s+(?:on|late\s+on)\s+\w+)?(?:\s+that)?)$", lead) else None


def national_agents(ctx: Context, out: list[Event], out_meta: list[dict]) -> None:
    """An arrest or deployment by "police", "security forces" or "the authorities" that the text
    does not name: the force of that name of the country it happened in ("Iraqi police"), or that
    country's state for the authorities."""
    for e, m in zip(out, out_meta, strict=True):
        if e.type not in _FORCE_ACTS or e.source_actor is not None or e.location is None or not e.location.country:
            continue
        fm = _force_subject(ctx.text, ctx.sentences[m["sent"]][0], m["cand"].start)
        if fm is None:
            continue
        w = re.sub(r"\s+", " ", fm.group("w").lower())
        if w not in _SUBJECT_FORCE and w != "authorities":
            continue
        if w == "authorities":
            st = ctx.state_of.get(e.location.country)
            if st is not None:
                e.source_actor = ActorRef(id=st.id, name=st.name)
            continue
        force = _country_force(ctx, e.location.country, _SUBJECT_FORCE[w])
        if force is not None:
            e.source_actor = force


def _foreign(ctx: Context, h, country: str | None) -> bool:
    c = ctx.country_of(h)
    return not c or c != country


def agentless_decisions(out: list[Event]) -> None:
    """A decision stated without its author ("X was designated in 2023") after one of the same
    type that names it ("The State Department designated four militias"): the author is not
    assumed, but the decision is placed in that author's country rather than the document's."""
    last: dict[str, str] = {}
    for e in out:
        loc = e.location
        if e.source_actor is not None:
            if loc is not None and loc.country:
                last[e.type] = loc.country
        elif e.type in ("SANCTION", "AGREE", "REJECT") and loc is not None and loc.name is None and e.type in last:
            e.location = PlaceRef(country=last[e.type])


# a legislature choosing someone for an office: an election (AGREE by the annotation guide), not
# a nomination ("parliament chose X as president", "lawmakers picked X as speaker")
_CHOICE_VERB = re.compile(r"(?:chose|chosen|choose|chooses|choosing|picked|picks|picking|selected|selects|selecting|named|names|naming)\b", re.I)
_LEGISLATURE = re.compile(r"\b(?:parliament|council of representatives|legislature|national assembly)\b", re.I)


def legislature_elections(out: list[Event]) -> None:
    """A nomination whose author is a legislature and whose trigger is a verb of choosing is
    the chamber electing someone: AGREE."""
    for e in out:
        src = e.source_actor
        if e.type == "SUPPORT" and src is not None \
                and _LEGISLATURE.search(src.name or "") and _CHOICE_VERB.match(e.trigger or ""):
            e.type, e.subtype, e.mode = "AGREE", "election", None


_SAME_DAY = re.compile(r"(?:on\s+)?(?:the\s+same\s+(?:day|night|evening)|that\s+(?:same\s+)?(?:day|night|evening))$", re.I)


def same_day_as_named_act(out: list[Event], out_meta: list[dict], refs) -> None:
    """"President X condemned the bombing the same day": a statement dated "the same day" is
    dated by the act it names in its sentence (not by the running date of the text)."""
    for e, m in zip(out, out_meta, strict=True):
        if e.type not in STATEMENT_TYPES or not e.date_text or not _SAME_DAY.fullmatch(e.date_text.strip()):
            continue
        named = [act for sent, _off, act in refs if sent == m["sent"] and act is not e and act.date_precision == "day"]
        if named:
            e.date, e.date_precision = named[0].date, "day"


_AGREED_TO = re.compile(r"\s+(?:(?:on|in)\s+(?:[\w,]+\s+){1,3}?)?to\s+")


def agreement_to_act(ctx: Context, out: list[Event], out_meta: list[dict]) -> tuple[list[Event], list[dict]]:
    """"The alliance agreed on Tuesday to drop its candidate": when what was agreed is itself an
    act reported right after (same actor, same sentence), the act is the event, not the agreeing."""
    drop: set[int] = set()
    for i, (e, m) in enumerate(zip(out, out_meta, strict=True)):
        c: _Cand = m["cand"]
        if e.type != "AGREE" or c.noun or not c.form.lower().startswith("agree"):
            continue
        to = _AGREED_TO.match(ctx.text, c.end)
        if to is None:
            continue
        if any(j != i and om["sent"] == m["sent"] and om["cand"].start == to.end() and o.type != "AGREE"
               and o.certainty == e.certainty and _key(o.source_actor) == _key(e.source_actor)
               for j, (o, om) in enumerate(zip(out, out_meta, strict=True))):
            drop.add(i)
    if not drop:
        return out, out_meta
    keep = [k for k in range(len(out)) if k not in drop]
    return [out[k] for k in keep], [out_meta[k] for k in keep]


"""Merging the mentions of a document into events, and targets read from other events.

Repeated and definite mentions ("the attack", "the raids") join the event they refer to and fill
its missing attributes; several speech acts of one actor in one sentence are one statement typed
by its main act. After merging, replies (rejecting a charge, accepting a resignation) and
statements about an act get their targets from the events they answer.
"""

from __future__ import annotations

import re

from marsad.extract.clauses import Context, _last_mention, _state_ref
from marsad.extract.event_filters import STATEMENT_TYPES
from marsad.extract.event_lexicon import PHYSICAL_TYPES, EventLexicon, _Cand
from marsad.model import ActorRef, Event


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
    if fatalities and keep.fatalities is None and other.fatalities is not None:
        keep.fatalities = other.fatalities
    if keep.injuries is None and other.injuries is not None:
        keep.injuries = other.injuries
    if other.location is not None and other.location.name:
        kl = keep.location
        if kl is None or kl.name is None or (kl.admin1 is None and other.location.admin1 is not None
                                              and other.location.country in (kl.country, None)):
            keep.location = other.location
    if other.date is not None and (keep.date is None or (
            keep.date_text is None and other.date_text is not None and len(other.date) > len(keep.date)
            and other.date.startswith(keep.date))):
        # no date, or only the publication month: a later mention's own date dates the act
        keep.date, keep.date_precision, keep.date_text = other.date, other.date_precision, other.date_text
    keep.confidence = min(0.99, max(keep.confidence, other.confidence) + 0.05)



def _key(r: ActorRef | None):
    return None if r is None else (r.id or r.name)


def _same_source(a: Event, b: Event) -> bool:
    x, y = _key(a.source_actor), _key(b.source_actor)
    if x is not None and x == _key(b.target_actor) or y is not None and y == _key(a.target_actor):
        return False  # one's attacker is the other's target: two sides, two events
    return x is None or y is None or x == y


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


def _merge(ctx: Context, events: list[Event], meta: list[dict], ev: EventLexicon):
    """Merge repeated and definite mentions into their events and statements into one per actor;
    returns (events, their per-event notes, [(sentence, offset, event)] for definite mentions)."""
    out: list[Event] = []
    out_meta: list[dict] = []
    refs: list[tuple[int, int, Event]] = []  # (sentence, offset, event) of definite mentions
    for e, m in zip(events, meta, strict=True):
        c: _Cand = m["cand"]
        merged = False
        # "..., demanding that ...": a participle statement that is part of its actor's act
        if e.type in STATEMENT_TYPES and m.get("participle"):
            if any(om["sent"] == m["sent"] and o.type not in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor)
                   and o.certainty in ("asserted", "reported") for o, om in _recent(out, out_meta)):
                continue
        # one statement per actor and sentence: typed by the main act
        if e.type in STATEMENT_TYPES and e.source_actor is not None:
            for k in range(len(out) - 1, max(-1, len(out) - 1 - _LOOKBACK), -1):
                o, om = out[k], out_meta[k]
                shift_at = m.get("shift_at")
                if om["sent"] == m["sent"] and o.type in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor) \
                        and not m.get("shift") and not (shift_at is not None and om["cand"].start < shift_at):
                    if ev.priority.get(e.type, 99) < ev.priority.get(o.type, 99) and {e.type, o.type} != {"ACCUSE", "REJECT"}:
                        o.type, o.mode, o.subtype = e.type, e.mode, e.subtype
                        o.target_actor = e.target_actor  # the main act's target (resolved later if none)
                        o.mentions.append(e.evidence) if e.evidence.start != o.evidence.start and all(
                            x.start != e.evidence.start for x in o.mentions) else None
                    else:
                        _absorb(o, e)
                    merged = True
                    break
        if not merged and e.type not in STATEMENT_TYPES and (c.referent or (c.anaphoric and not m.get("own_date"))
                                                             or m.get("elaborates")):
            # a definite mention: the best earlier event of the type (same trigger word first)
            best, best_score, best_k = None, -1.0, -1
            nearest = None
            if m.get("elaborates") and not c.anaphoric and not c.referent:
                same = [o for o, _ in _recent(out, out_meta) if o.type == e.type and _last_mention(o, c.start) >= 0]
                if same:
                    nearest = max(same, key=lambda o: _last_mention(o, c.start))
                    if ctx.text.count(".", _last_mention(nearest, c.start), c.start) > 2:
                        nearest = None  # only the act of the sentences just before
            for k in range(len(out) - 1, max(-1, len(out) - 1 - _LOOKBACK), -1):
                o, om = out[k], out_meta[k]
                if o.type != e.type or not _same_source(o, e):
                    continue
                if not _same_country(o, e) and m.get("own_place"):
                    continue
                stems = om.get("stems") or {om.get("stem")}
                score = (2 if m.get("stem") in stems else 0) + (1 if o.subtype == e.subtype else 0) \
                    + (2 if o.mode and o.mode == e.mode else 0) \
                    + 0.5 * min(len(o.mentions), 3) + k / (len(out) + 1) \
                    + (5 if o is nearest else 0)
                # (an undated, unattributed mention elaborates the act of the sentence just before:
                # "Most of the missiles struck ...; nobody was killed")
                if score > best_score:
                    best, best_score, best_k = o, score, k
            if best is not None:
                _absorb(best, e, actors=not c.referent)
                bm = out_meta[best_k]
                bm.setdefault("stems", {bm.get("stem")}).add(m.get("stem"))
                refs.append((m["sent"], c.start, best))
                merged = True
            elif c.referent:
                if _modifier_source(c, m):
                    refs.append((m["sent"], c.start, e))  # "condemned the Turkish strike": names its author
                continue
            elif m.get("elaborates") and e.certainty in ("asserted", "reported") and not c.anaphoric:
                pass  # nothing to elaborate: a new event
        if not merged:
            for k in range(len(out) - 1, max(-1, len(out) - 1 - _LOOKBACK), -1):
                o, om = out[k], out_meta[k]
                if o.type != e.type:
                    continue
                if e.type in STATEMENT_TYPES:
                    if e.source_actor is not None and _key(o.source_actor) == _key(e.source_actor) and (
                            _compatible(o, e) or not (m.get("own_date") and om.get("own_date"))):
                        _absorb(o, e)
                        merged = True
                        break
                    continue
                if om["sent"] == m["sent"]:
                    ok = _same_country(o, e) and _same_source(o, e) and not (
                        m.get("own_date") and om.get("own_date") and o.date and e.date and o.date != e.date)
                elif c.referent or (c.anaphoric and not m.get("own_date")):
                    ok = False
                elif c.anaphoric and o.date_text is None and e.date and o.date and len(e.date) > len(o.date) \
                        and e.date.startswith(o.date) and _same_source(o, e) and k == len(out) - 1:
                    # "Gunmen killed three ... The attack occurred late on Wednesday.": the act just
                    # reported, dated only by the publication month until now
                    ok = True
                elif c.anaphoric and e.date and o.date and len(e.date) < len(o.date) and o.date.startswith(e.date):
                    # "since the attack on the embassy in June": the June 3 attack, mentioned again
                    ol, el = o.location, e.location
                    ok = _same_source(o, e) and _same_country(o, e) and (
                        el is None or el.name is None or (ol is not None and (ol.id == el.id or ol.admin1 == el.admin1)))
                else:
                    ok = bool(e.date and o.date and e.date == o.date) and _same_source(o, e) and not m.get("shift") \
                        and (_same_country(o, e) or not m.get("own_place")) \
                        and (e.type != "ASSAULT" or o.date_precision == "day")
                if ok:
                    _absorb(o, e, fatalities=not om.get("split"))
                    merged = True
                    break
        if not merged:
            if c.referent:
                if _modifier_source(c, m) and not any(r[2] is e for r in refs):
                    refs.append((m["sent"], c.start, e))
                continue
            if c.anaphoric and e.type not in STATEMENT_TYPES and not m.get("own_date"):
                # a definite mention of an act the text never reported: keep only with arguments,
                # and never a plural one ("the attacks" sums up acts, it is not one)
                if (e.source_actor is None and e.target_actor is None) or (c.noun and c.form.endswith("s")):
                    continue
            if e.type not in ("ASSAULT", "PROTEST") and e.source_actor is None and not (
                    m.get("own_date") and e.type in PHYSICAL_TYPES | {"SANCTION", "AGREE"}
                    and (c.entry.get("_target_inside") or m.get("passive"))):
                continue  # acts other than attacks and protests need an actor (unless a dated passive or phrase)
            out.append(e)
            out_meta.append(m)
            if c.first_object:
                refs.append((m["sent"], c.start, e))  # the act the statement before it is about
        elif e.type not in STATEMENT_TYPES:
            holder = next((o for o, _ in _recent(out, out_meta) if e.evidence.start in [o.evidence.start] + [x.start for x in o.mentions]), None)
            if holder is not None:
                refs.append((m["sent"], c.start, holder))
    return out, out_meta, refs


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

"""Argument resolvers of the event stage that find who was acted on (the target).

Each has the signature of those in :mod:`marsad.extract.arguments` (a clause, the source(s) and
target so far -> both, filled or corrected); :data:`marsad.extract.arguments.ARGUMENT_RESOLVERS`
runs them in order after the source resolvers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marsad.extract.actors import ActorHit
from marsad.extract.clauses import _CLAUSE_BREAK, _LOOKBACK_CHARS, _is_speaker
from marsad.extract.event_places import _extra_target

if TYPE_CHECKING:
    from marsad.extract.arguments import _Clause


_ACT_BY_AUTHOR = re.compile(
    r"\s+(?:the|this|that|these|those|its|their|last\s+\w+['\u2019]s|\w+day['\u2019]s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:strikes?|attacks?|raids?|killing|killings|bombing|bombings|shelling|arrests?|assassination|operations?|incursions?|"
    r"decision|move|ruling|sanctions|designation|deployment|storming|siege)\s+(?:[\w,-]+\s+){0,4}?by\s+(?:the\s+)?")


def _t_statement_act_author(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"deplored the strike by the United States": a statement about an act that names the
    act's author targets that author."""
    if not a.statement or tgt is not None:
        return srcs, tgt
    m = _ACT_BY_AUTHOR.match(a.text, a.c.end, a.scope_end)
    if m is None:
        return srcs, tgt
    author = next((h for h in a.after if h.start == m.end() and h not in srcs), None)
    return srcs, author if author is not None else tgt


def _t_possessive_person(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"detained his brother": "his/her" after an attack or arrest points to the last person named."""
    text, ctx, c, etype, scope_end = a.text, a.ctx, a.c, a.etype, a.scope_end
    if etype in ("ASSAULT", "COERCE") and tgt is None:
        pm = re.match(r"\s+(?:\w+\s+)?(his|her)\s", text[c.end : scope_end])
        if pm:
            prev_people = [h for h in ctx.actors_from(c.start - _LOOKBACK_CHARS, c.start) if h.kind == "person" and h.end <= c.start]
            if prev_people:
                tgt = prev_people[-1]
    return srcs, tgt


# "rejected a proposal by the Coordination Framework", "welcomed the decision of the court": the
# author of what the statement answers is its target
_AUTHORED_OBJECT = re.compile(r"^\s*(?:the|a|an|its|their|his|her|this|that)\s+(?:[\w-]+\s+){0,2}?(?:proposal|plan|offer|demand|request|"
                              r"decision|call|bid|initiative|move|draft|nomination|law|bill|ruling|verdict|statement|remarks|"
                              r"comments|accusations?|allegations?|claims?)\s+(?:by|from|of)\s+(?:the\s+)?$")


_TALKS_TOPIC = re.compile(r"\bto\s+(?:discuss|review|talk|address|examine|coordinate|explore|consider|prepare|follow\s+up)\b"
                          r"|\b(?:about|regarding|concerning)\b")


# a person described by a tie to someone else, in apposition: "X, the cousin of Y", "an aide to Y"
_KIN_OF = re.compile(r",\s+(?:the|a|an|his|her)\s+(?:[\w-]+\s+)?(?:cousin|son|brother|nephew|niece|wife|daughter|father|"
                     r"mother|uncle|relative|son-in-law|aide|bodyguard|driver|adviser|advisor)\s+(?:of|to)\s+(?:the\s+)?$")


def _t_object(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"struck Kataib Hezbollah sites": the first actor after the trigger in its clause, skipping speakers and agents."""
    text, ev, c, etype, statement, after = a.text, a.ev, a.c, a.etype, a.statement, a.after
    hits, scope_end = a.hits, a.scope_end
    if c.entry.get("object_target") and tgt is None:
        inside = c.entry.get("_target_inside")
        pool = [h for h in hits if c.start <= h.start and h.end <= c.end] if inside else after
        if inside and not [h for h in pool if h not in srcs] and (etype in ("ASSAULT", "COERCE", "SANCTION", "AID", "SUPPORT") or c.entry.get("object_after")):
            # "fired on a vehicle carrying ...", "issued an arrest warrant for X": the object after the phrase
            pool = [h for h in after if re.match(r"^\s*(?:(?:at|on|upon|against|for|of|the|a|an)\s+)?(?:[\w.'-]+\s+){0,4}$", text[c.end : h.start])]
        for h in pool:
            if h.start >= scope_end or (not inside and _CLAUSE_BREAK.search(text, c.end, h.start + 1)):
                break
            if h in srcs or (srcs and h.id and h.id == srcs[0].id) or _is_speaker(text, h, ev):
                continue
            if etype == "CONSULT" and _TALKS_TOPIC.search(text, c.end, h.start):
                break  # "met the U.S. ambassador to discuss the coalition": the topic, not the one met
            if re.match(r"\s+(?:called|described|termed|dubbed|labelled|labeled)\b", text[h.end : h.end + 14]):
                continue  # "what a spokesman called defensive strikes"
            if _KIN_OF.search(text, max(c.end, h.start - 40), h.start):
                continue  # "jailed X, the nephew of a former minister": the kin, not the one named after
            if not statement and re.search(r"\b(?<!used )(?<!operated )(?<!run )(?<!occupied )(?<!controlled )(?<!held )by\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,2}$",
                                            text[max(c.end, h.start - 40) : h.start]):
                continue  # "a raid ordered by the defence minister": an agent, not the target
            if statement and not inside and not re.match(r"^\s*(?:(?:on|to|for|of|against|the|a|an|its|their|his|her)\s+){0,2}(?:[A-Za-z-]+\s+){0,2}$", text[c.end : h.start]) \
                    and not _AUTHORED_OBJECT.match(text[c.end : h.start]):
                break
            tgt = h
            if h.kind != "person" and etype != "ASSAULT":
                # "sanctioned Kataib Hezbollah leader Abu Hussein al-Hamidawi": the person
                person = next((p for p in pool if p.kind == "person" and p.start > h.end), None)
                if person is not None and _TITLED_MEMBER.match(text[h.end : person.start]):
                    tgt = person
            break
    return srcs, tgt


def _t_act_mention_author(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"condemned a U.S. strike": a statement whose object is an armed force's act (the mention
    names the act: "strike", "raid") targets the state behind that force."""
    if not a.statement or tgt is None or tgt.kind != "state_force":
        return srcs, tgt
    words = re.findall(r"[a-z][\w-]*", a.text[tgt.start : tgt.end].lower())
    if not any(e["type"] == "ASSAULT" for w in words for e, noun in a.ev.forms.get(w, ()) if noun):
        return srcs, tgt
    country = a.ctx.country_of(tgt)
    state = a.ctx.state_of.get(country) if country else None
    if state is None or any(h.id == state.id for h in srcs):
        return srcs, tgt
    return srcs, ActorHit(tgt.start, tgt.end, state.id, state.name, "state", "metonym", country)


def _t_demonym_against(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"warned against Israeli plotting": a demonym after "against" names the state a statement targets."""
    text, ev, c, statement, s0, scope_end = a.text, a.ev, a.c, a.statement, a.s0, a.scope_end
    if statement and tgt is None:
        dm_ = re.search(r"\bagainst\s+(?:the\s+)?([A-Z][a-z]+)\b", text[s0:scope_end])
        if dm_ and dm_.group(1) in ev.demonyms:
            tgt_ref = ev.demonyms[dm_.group(1)]
            tgt = ActorHit(c.start, c.end, tgt_ref[0], tgt_ref[1], "state", "demonym")
    return srcs, tgt


def _t_extra_target(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"an attack on Ain al-Asad, which hosts U.S. forces": targets found through bases, sites and hosts (see _extra_target)."""
    ctx, ev, c, etype, after, s0 = a.ctx, a.ev, a.c, a.etype, a.after, a.s0
    scope_end = a.scope_end
    if tgt is None:
        tgt = _extra_target(ctx, ev, c, etype, srcs, after, s0, scope_end)
    return srcs, tgt


# "retook the town of Baiji from Islamic State militants": the force a place was taken from
_TAKEN_FROM = re.compile(r"[^.;]{0,80}?\bfrom\s+(?:the\s+)?(?:(?:hands|control|grip)\s+of\s+(?:the\s+)?)?$")


def _t_taken_from(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"retook Baiji from Islamic State militants", "Ramadi was recaptured from ISIS": an
    offensive or seizure that takes a place targets the force it was taken from."""
    if tgt is not None or a.c.entry.get("subtype") not in ("armed_offensive", "seizure"):
        return srcs, tgt
    for h in a.after:
        if h.start >= a.scope_end or h in srcs:
            break
        if h.kind in ("armed_group", "state_force", "state") and _TAKEN_FROM.fullmatch(a.text, a.c.end, h.start) \
                and not _CLAUSE_BREAK.search(a.text, a.c.end, h.start):
            return srcs, h
    return srcs, tgt


def _t_victims_group(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Kataib Hezbollah fighters killed in Sunday's airstrikes": the victims' group."""
    text, c, etype, before, s0 = a.text, a.c, a.etype, a.before, a.s0
    if tgt is None and etype == "ASSAULT" and c.noun:
        # "Kataib Hezbollah fighters killed in Sunday's airstrikes": the victims' group
        vm = re.search(r"\s+(?:fighters|members|soldiers|troops|commanders|personnel|officers|guards)\s+(?:who\s+were\s+)?(?:killed|wounded|injured)\s+(?:in|by)\s+(?:[\w'\u2019.-]+\s+){0,3}$",
                       text[max(s0, c.start - 90) : c.start])
        if vm:
            vpos = max(s0, c.start - 90) + vm.start()
            tgt = next((h for h in reversed(before) if h.end == vpos and h not in srcs), None)
    return srcs, tgt


def _t_its_their_group(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"struck its bases": the group last named."""
    text, ctx, c, etype, scope_end = a.text, a.ctx, a.c, a.etype, a.scope_end
    if tgt is None and etype in ("ASSAULT", "COERCE", "SANCTION"):
        # "struck its bases", "raided their headquarters": the group last named
        pm = re.match(r"\s+(?:[a-z]+\s+){0,2}?(?:its|their)\s", text[c.end : scope_end])
        if pm:
            src_ids = {h.id for h in srcs if h is not None}
            # a state's own forces are not what it strikes ("Washington responded with strikes on
            # their depots" after "... fired at U.S. forces")
            own = {ctx.country_of(h) for h in srcs if h is not None and h.kind in ("state", "state_force")} - {None}
            groups = [h for h in ctx.actors_from(c.start - 1000, c.start) if h.end <= c.start and h.id not in src_ids and h.kind in
                      ("armed_group", "party", "coalition", "state_force", "organization", "state")
                      and not (h.kind in ("state", "state_force") and ctx.country_of(h) in own)]
            if groups and c.start - groups[-1].end < 300:
                tgt = groups[-1]
    return srcs, tgt


def _t_his_her_person(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"killed him and his driver": the last person named."""
    text, ctx, c, etype, scope_end, before_txt = a.text, a.ctx, a.c, a.etype, a.scope_end, a.before_txt
    if tgt is None and etype in ("ASSAULT", "COERCE", "RETREAT"):
        pm = re.match(r"\s+(?:\w+\s+){0,2}?(his|her)\b", text[c.end : scope_end]) or \
            re.search(r"\b(his|her)\s+$", before_txt)
        if pm:
            src_ids = {h.id for h in srcs if h is not None}
            prev_people = [h for h in ctx.actors_from(c.start - _LOOKBACK_CHARS, c.start) if h.kind == "person" and h.end <= c.start and h.id not in src_ids]
            if prev_people:
                tgt = prev_people[-1]
    return srcs, tgt


_TITLED_MEMBER = re.compile(r"^(?:['\u2019]s)?\s+(?:senior\s+|top\s+|deputy\s+|former\s+)?(?:leader|chief|head|commander|secretary-general|"
                            r"founder|spokesman|spokeswoman|official|financier|member|operative|figure)s?,?\s+(?:[A-Z][\w.]*\.?\s+){0,2}$")

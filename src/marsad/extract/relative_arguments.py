"""Source resolvers of the event stage for relative clauses and acts named as objects: who acted
when the trigger stands in a relative clause ("a group the United States designated", "a strike
that killed", "X, whom parliament confirmed") or is a noun another clause governs ("which followed
a sit-in", "stormed a sit-in").

Each has the signature of those in :mod:`marsad.extract.arguments` (a clause, the source(s) and
target so far -> both, filled or corrected); :data:`marsad.extract.arguments.ARGUMENT_RESOLVERS`
runs them in its order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marsad.extract.actors import ActorHit
from marsad.extract.clauses import ACTOR_HEAD_NOUNS, DECISION_NOUNS

if TYPE_CHECKING:
    from marsad.extract.arguments import _Clause


_OBJECT_RELATIVE_HEAD = re.compile(
    r"(?:,\s+|\b)(?:a|an|the|one|another)\s+(?:[\w-]+\s+){0,2}?(?:" + ACTOR_HEAD_NOUNS + "|"
    # "a ruling the KDP criticised": a decision named before the clause that answers it
    r"(?P<decision>" + DECISION_NOUNS + r"))\s+(?:that\s+|which\s+|whom\s+)?(?:the\s+)?$"
    # "Sudani, whom parliament confirmed": the actor before "whom" is the clause's object
    r"|(?P<whom>,\s+whom\s+(?:the\s+)?$)")


def _s_object_relative_subject(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"sanctioned Kataib Hezbollah, a group the United States designated in 2009": in a
    relative clause without a relative pronoun (or after "whom": "X, whom parliament confirmed"),
    the actor just before the verb is its subject and the noun the clause hangs on (the group
    named before it) its object; a decision it hangs on ("a ruling the KDP criticised") makes
    the clause's act, a statement too, answer that decision's author."""
    text, c = a.text, a.c
    if c.noun or a.passive:
        return srcs, tgt
    subj = next((h for h in reversed(a.before) if re.fullmatch(r"\s+(?:\w+ly\s+)?", text[h.end : c.start])), None)
    if subj is None:
        return srcs, tgt
    head = _OBJECT_RELATIVE_HEAD.search(text, max(a.s0, subj.start - 60), subj.start)
    if head is None or (a.statement and not head.group("decision") and not head.group("whom")):
        return srcs, tgt
    if head.group("decision"):
        # "Parliament passed the budget, a move the Kurdish parties rejected": the clause answers
        # the decision told before it, whose author (the sentence's first actor) is its target
        author = next((h for h in a.before if h.end <= head.start() and h is not subj), None)
        return [subj], tgt if tgt is not None else author
    antecedent = next((h for h in reversed(a.before) if h.end <= head.start() and re.fullmatch(r"\s*", text[h.end : head.start()])), None)
    return [subj], antecedent if antecedent is not None else tgt


# "..., which killed", "a strike that had hit", "gunmen who opened fire": a relative pronoun with
# the verb right after it (a subject relative clause)
_SUBJECT_RELATIVE = re.compile(r"(?P<sep>,\s*|\s)(?:that|which|who)\s+(?:(?:had|has|have|also|reportedly|allegedly|then|later|apparently)\s+)*"
                               r"(?:(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?)?$")
# between an antecedent actor and its relative pronoun: at most a few prepositional phrases
_ANTECEDENT_GAP = re.compile(r"(?:\s+(?:in|on|at|near|outside|inside|across|over)\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'\u2019-]+\s*){1,3}?)*,?\s*$")


def _s_subject_relative(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"condemned a U.S. strike that killed a commander": in a subject relative clause the agent
    is the noun the clause hangs on (an actor: its source; another noun, "a drone that hit",
    leaves the source unknown), never the main clause's subject. In a passive relative clause
    ("a base that was hit by rockets") that noun is the target."""
    text, c = a.text, a.c
    if c.noun or c.entry.get("_target_inside"):
        return srcs, tgt
    m = _SUBJECT_RELATIVE.search(text, max(a.s0, c.start - 60), c.start)
    if m is None:
        return srcs, tgt
    head_end = m.start()
    antecedent = next((h for h in reversed(a.before) if h.end <= head_end
                       and _ANTECEDENT_GAP.fullmatch(text, h.end, m.start() + len(m.group("sep")) * 0)), None)
    if antecedent is not None and head_end - antecedent.end > 45:
        antecedent = None
    if a.passive:
        if tgt is None and antecedent is not None and antecedent not in srcs:
            tgt = antecedent
        return srcs, tgt
    if antecedent is not None:
        return [antecedent], (None if tgt is antecedent else tgt)
    return [h for h in srcs if h.start > head_end], tgt


# "..., which followed a week-long sit-in": a relative clause whose subject is the pronoun
_RELATIVE_BEFORE_NOUN = re.compile(r"(?:,\s*|\s)(?:which|that)\s+(?:had\s+|has\s+|have\s+)?(?:[a-z]+ed|came|began|sparked|triggered|prompted|"
                                   r"followed|preceded|ended|caused|led)\s+(?:[\w'\u2019-]+\s+){0,4}?$")


def _s_noun_in_relative_clause(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"a curfew after the violence, which followed a sit-in by residents": an act named as the
    object of a relative clause is another act than the main clause's; the main clause's subject
    is not its agent (only an actor inside the clause can be)."""
    text, c = a.text, a.c
    if not c.noun:
        return srcs, tgt
    m = _RELATIVE_BEFORE_NOUN.search(text, max(a.s0, c.start - 80), c.start)
    if m is None:
        return srcs, tgt
    return [h for h in srcs if h.start >= m.start()], (tgt if tgt is None or tgt.start >= m.start() else None)


# "security forces stormed a sit-in", "police dispersed the protest": the protest is the object
_PROTEST_AS_OBJECT = re.compile(r"\b(?:storm(?:ed|s|ing)?|raid(?:ed|s|ing)?|dispers(?:ed|es|ing|e)|br(?:oke|eak|eaking|eaks)\s+up|"
                                r"attack(?:ed|s|ing)?|clear(?:ed|s|ing)?|fired\s+on|opened\s+fire\s+on|shot\s+at|surround(?:ed|s|ing)?|"
                                r"crush(?:ed|es|ing)?|suppress(?:ed|es|ing)?|crack(?:ed|s|ing)?\s+down\s+on)\s+"
                                r"(?:(?:the|a|an|their|its|his|her)\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def _s_protest_as_object(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"security forces stormed a sit-in at Hawija": a protest named as the object of another
    act is the protesters' act; the subject that stormed it is not its agent."""
    c = a.c
    if not c.noun or a.etype != "PROTEST" or not _PROTEST_AS_OBJECT.search(a.text, max(a.s0, c.start - 60), c.start):
        return srcs, tgt
    return [h for h in srcs if h.start >= c.start], tgt

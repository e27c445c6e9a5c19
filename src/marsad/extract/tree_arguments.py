"""Argument resolvers that read the dependency parse (``Pipeline(parser=True)``).

Each resolver has the signature of those in :mod:`marsad.extract.arguments` and does nothing when
the clause has no parse (``a.tree is None``), so the default pipeline is unchanged. They read the
trigger's own grammatical relations instead of positions: the subject of the trigger's verb
(``nsubj``), passive subject and ``by`` agent (``nsubjpass``, ``agent``), direct object
(``dobj``) and the objects of "on"/"against"/"at" (``prep`` + ``pobj``), coordinated phrases
(``conj``), the noun a relative clause hangs on (``relcl``), and the subject a verb shares with the
verb it is coordinated with or complements ("vowed to strike", "..., killing three").

Tree spans are mapped onto the actor mentions the earlier stages found (character offsets): a
phrase names the actor whose mention covers its head word, else one among its modifiers ("Kataib
Hezbollah fighters"), else one in an "of"/"from" complement ("gunmen from X", "supporters of X").
"""

from __future__ import annotations

from typing import Any

from marsad.extract.actors import ActorHit

# pronouns and relative pronouns: the tree says who the subject is, the positional resolvers
# (antecedents, speakers) say whom it means
_PRONOUN_TAGS = {"PRP", "WDT", "WP", "EX", "DT"}
_SUBJECT = ("nsubj", "csubj")
_OBJECT_PREPS = ("on", "against", "at", "upon", "toward", "towards", "targeting")
# entries whose arguments follow conventions of their own (the one who "will pay" is the
# target, "came under fire from X", "drew condemnation from X", summonses)
_OWN_CONVENTION = ("subject_is_target", "patient_subject", "source_after")


def _apposed_person(tree: Any, t: Any, hits: list[ActorHit]) -> ActorHit | None:
    """The person named in apposition to a role noun: "the party's leader, X" / "the ministry's
    spokesman, X" -> X (the person acts, not the body the role belongs to).

    >>> # "Taqaddum's leader, Mohammed al-Halbousi," -> Mohammed al-Halbousi
    """
    for child in t.children:
        if child.dep_ == "appos":
            cs, ce = tree.start(child), tree.end(child)
            found = next((h for h in hits if h.kind == "person" and (h.start <= cs < h.end or cs <= h.start < ce)), None)
            if found is not None:
                return found
    return None


def noun_phrase_actor(tree: Any, t: Any, hits: list[ActorHit]) -> ActorHit | None:
    """The actor a noun phrase headed by token ``t`` names.

    >>> # "Kataib Hezbollah fighters attacked": head "fighters" -> Kataib Hezbollah (a modifier)
    >>> # "gunmen from Kataib Hezbollah": head "gunmen" -> Kataib Hezbollah (the "from" complement)
    """
    person = _apposed_person(tree, t, hits)
    if person is not None:
        return person
    hs, he = tree.start(t), tree.end(t)
    cover = next((h for h in hits if h.start <= hs and he <= h.end), None)
    if cover is not None:
        return cover
    ls = tree.start(t.left_edge)
    pre = [h for h in hits if ls <= h.start and h.end <= he]
    if pre:
        return pre[-1]
    for child in t.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from") and child.i > t.i:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                found = noun_phrase_actor(tree, pobj, hits)
                if found is not None:
                    return found
    return None


def _conjuncts(t: Any) -> list[Any]:
    """``t`` and the phrases coordinated with it ("A, B and C": A, B, C)."""
    out = [t]
    for child in t.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    return out


def coordinated_actors(tree: Any, t: Any, hits: list[ActorHit]) -> list[ActorHit]:
    """Actors of a noun phrase and of those coordinated with it, in text order, each once.

    >>> # "Kataib Hezbollah and Harakat al-Nujaba fired" -> [Kataib Hezbollah, Harakat al-Nujaba]
    """
    out: list[ActorHit] = []
    for c in _conjuncts(t):
        h = noun_phrase_actor(tree, c, hits)
        if h is not None and h not in out:
            out.append(h)
    return out


def trigger_token(a: Any) -> Any | None:
    """The parse token of the trigger's first word, or None without a parse."""
    return a.tree.token_at(a.c.start) if a.tree is not None else None


def _child(t: Any, *deps: str) -> Any | None:
    return next((c for c in t.children if c.dep_ in deps), None)


def _by_agent(t: Any) -> Any | None:
    """The noun of a verb's "by" agent ("was struck by X": X)."""
    agent = _child(t, "agent")
    return _child(agent, "pobj") if agent is not None else None


def verb_subject(t: Any) -> tuple[Any | None, bool]:
    """(the token that is the subject of verb ``t``, whether ``t`` is passive). The subject is the
    verb's own, else the one it shares: a coordinated verb's ("fired rockets and struck": the
    subject of "fired"), a complement or participle's ("vowed to strike", "..., killing three"),
    a relative clause's antecedent ("the group that fired": "group").

    >>> # "Kataib Hezbollah vowed to strike U.S. forces": verb_subject(strike) -> (Hezbollah, False)
    """
    passive = _child(t, "nsubjpass", "auxpass") is not None
    own = _child(t, *_SUBJECT, "nsubjpass")
    if own is not None and own.tag_ not in ("WDT", "WP", "WP$"):
        return own, passive
    if t.dep_ in ("relcl", "acl") and t.head is not t:
        return t.head, passive or (t.dep_ == "acl" and t.tag_ == "VBN")
    if own is not None:
        return None, passive
    head = t.head
    if head is t:
        return None, passive
    if t.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head)[0], passive
    if t.dep_ == "xcomp" and _child(head, "dobj") is None:
        return verb_subject(head)[0], passive
    if t.dep_ == "advcl" and t.tag_ == "VBG":
        return verb_subject(head)[0], passive
    return None, passive


def _is_verb(t: Any) -> bool:
    return t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")


def _s_tree_subject(a: Any, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Kataib Hezbollah, which Washington blames for the attacks, fired rockets": the agent of a
    verb trigger is its grammatical subject (with those coordinated with it), not the nearest
    actor before it; in a passive clause the "by" agent is the source and the subject the target.
    A pronoun subject is left to the antecedent resolvers."""
    t = trigger_token(a)
    if t is None or a.c.noun or any(a.c.entry.get(k) for k in _OWN_CONVENTION) or not _is_verb(t):
        return srcs, tgt
    subj, passive = verb_subject(t)
    if passive:
        agent = _by_agent(t)
        found = coordinated_actors(a.tree, agent, a.hits) if agent is not None else []
        patient = coordinated_actors(a.tree, subj, a.hits) if subj is not None and subj.tag_ not in _PRONOUN_TAGS else []
        if found:
            srcs = found
        if patient and patient[0] not in srcs:
            tgt = patient[0]
        return srcs, tgt
    if subj is None or subj.tag_ in _PRONOUN_TAGS:
        return srcs, tgt
    found = coordinated_actors(a.tree, subj, a.hits)
    if found and not set(map(id, found)) <= set(map(id, srcs)):
        # (a subject the positional reading found with others coordinated stays with them)
        return found, (None if tgt in found else tgt)
    return srcs, tgt


def _t_tree_object(a: Any, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"X struck the headquarters of Kataib Hezbollah near Qaim", "the strike on Y": the patient of
    a trigger that takes one is its direct object, else the object of "on"/"against"/"at" (for a
    noun trigger also "of": "the arrest of Y"); the first actor of that phrase."""
    t = trigger_token(a)
    if t is None or not a.c.entry.get("object_target") or any(a.c.entry.get(k) for k in _OWN_CONVENTION):
        return srcs, tgt
    heads = [c for c in t.children if c.dep_ in ("dobj", "dative")] if not a.c.noun else []
    preps = ("of",) + _OBJECT_PREPS if a.c.noun else _OBJECT_PREPS
    heads += [p for c in t.children if c.dep_ == "prep" and c.lower_ in preps and c.i > t.i
              for p in c.children if p.dep_ == "pobj"]
    for h in heads:
        if h.tag_ in _PRONOUN_TAGS:
            continue
        found = [x for x in coordinated_actors(a.tree, h, a.hits) if x not in srcs and not (srcs and x.id and x.id == srcs[0].id)]
        if found:
            return srcs, found[0]
    return srcs, tgt


def _reports_or_judges(a: Any, verb: Any) -> bool:
    """Whether ``verb`` reports, judges or answers an act rather than performing it: a speech
    verb or a statement trigger ("condemned the strike", "said the raid")."""
    word = verb.text.lower()
    if a.ev.speech_re.match(word):
        return True
    return any(e.get("kind") == "statement" for e, _noun in a.ev.forms.get(word, ()))


def _s_tree_governing_verb(a: Any, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Coalition aircraft carried out strikes near the border": an act noun that is the object of
    a verb performing it (carry out, launch, conduct, stage, hold) is the act of that verb's
    subject; a verb that reports or judges the act ("condemned the strikes") gives nothing, nor
    does a definite mention ("describing the strike as ..."), which names an act already reported."""
    t = trigger_token(a)
    if t is None or not a.c.noun or a.statement or a.c.anaphoric or any(a.c.entry.get(k) for k in _OWN_CONVENTION):
        return srcs, tgt
    if t.dep_ != "dobj" or not _is_verb(t.head) or _reports_or_judges(a, t.head):
        return srcs, tgt
    subj, passive = verb_subject(t.head)
    if passive or subj is None or subj.tag_ in _PRONOUN_TAGS:
        return srcs, tgt
    found = coordinated_actors(a.tree, subj, a.hits)
    if found and not set(map(id, found)) <= set(map(id, srcs)):
        return found, (None if tgt in found else tgt)
    return srcs, tgt

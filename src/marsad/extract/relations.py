"""Relation stage: backs / member_of / part_of / leads / allied_with / opposes between actors.

Each sentence is rewritten with every actor mention replaced by a marker ``⟦k⟧`` (k indexes the
mention), and the patterns of ``lexicon/relations.yaml`` — regular expressions in which ``{A}``
and ``{B}`` stand for markers — are matched against it. Ends therefore come resolved through the
actor stage (aliases, acronyms, back-references), so "the Iran-backed militia" after
"Kata'ib Hizballah," yields Iran backs Kataib Hezbollah. A descriptor that itself carries the
backer ("the Iran-backed militia") is read as well. Each (source, type, target) is reported once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.actors import ActorHit
from marsad.model import ActorRef, Mention, Relation

__all__ = ["RelationLexicon", "compile_relations", "find_relations"]

_MARK = "\u27e6{}\u27e7"
# Words too common to tell whether a pattern can match a sentence.
_COMMON = {"the", "and", "for", "was", "are", "his", "her", "its", "who", "that", "with", "from", "also",
           "were", "which", "their", "this"}
_A = r"\u27e6(?P<a>\d+)\u27e7"
_B = r"\u27e6(?P<b>\d+)\u27e7(?![-\u2010\u2011]\w)"
# a demonym standing for its state ("the Turkish state", "Israeli Foreign Minister X")
_D = r"(?P<d>[A-Z][a-z]+)"
# a state named where the actor stage reads a place ("close ties to Iran")
_S = r"(?P<s>[A-Z][\w.]+(?: [A-Z][\w.]+)?)"
# more markers coordinated after a list head: ", B and C", " and the D"
_COORD = re.compile(r"(?:\s*\(\u27e6\d+\u27e7\))?(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?(?:[A-Z][\w-]*\s+)?\u27e6(\d+)\u27e7(?![-\u2010\u2011]\w)")
_MARKER_NUMBER = re.compile(r"\u27e6(\d+)\u27e7")
# a pattern's filler word; an actor's mention inside a hyphenated modifier ("Iran-aligned") is a
# filler word too ("an umbrella of Iran-aligned groups that includes A")
_FILLER = "(?:[\\w-]+ )"
_FILLER_OR_MODIFIER = "(?:(?:[\\w-]+|\u27e6\\d+\u27e7[-\u2010\u2011][\\w-]+) )"
_NUMBER = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}


@dataclass
class RelationLexicon:
    patterns: list[tuple[re.Pattern, dict]]
    backed_re: re.Pattern
    title_leads: bool = True
    title_leads_states: bool = False  # "Prime Minister X" -> X leads the state
    demonyms: dict | None = None
    words_auto: Any = None
    # derived from the patterns' prefilter words: word -> the patterns needing it, and the
    # patterns without any
    by_word: dict[str, tuple[int, ...]] = field(init=False)
    unfiltered: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        by_word: dict[str, list[int]] = {}
        for i, (_, p) in enumerate(self.patterns):
            for w in p["_words_set"]:
                by_word.setdefault(w, []).append(i)
        self.by_word = {w: tuple(ix) for w, ix in by_word.items()}
        self.unfiltered = tuple(i for i, (_, p) in enumerate(self.patterns) if not p["_words_set"])

    def candidates(self, present: set[str], markers: int) -> list[tuple[re.Pattern, dict]]:
        """The patterns that may match a sentence holding the prefilter words ``present`` and
        ``markers`` masked mentions, in lexicon order (a pattern needs one of its words, and two
        markers unless it can do with one)."""
        picked = sorted({*self.unfiltered, *(i for w in present for i in self.by_word.get(w, ()))})
        return [self.patterns[i] for i in picked if markers >= 2 or self.patterns[i][1]["_one_marker"]]


def _member_titles(lex: dict[str, Any]) -> str:
    """``member_titles`` of the lexicon as one regex alternative (longest first), for ``{MT}``:
    the nouns naming a position held in an organisation ("spokesman", "press secretary")."""
    words = sorted({str(w).strip() for w in lex.get("member_titles", []) if str(w).strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace("\\ ", " ") for w in words) + ")" if words else ""


def _alternatives_of_titles(pattern: str) -> set[str]:
    """The literal words written as alternatives of ``{MT}`` in one group ("(?:{MT}|figure|cleric)"):
    each can stand where a title does, so each lets the prefilter through."""
    group = re.search(r"\(\?:([^()]*\{MT\}[^()]*)\)", pattern)
    if group is None:
        return set()
    return {w.lower() for alt in group.group(1).split("|") if alt != "{MT}" for w in re.findall(r"[A-Za-z]{3,}", alt)} - _COMMON


def compile_relations(lex: dict[str, Any]) -> RelationLexicon:
    pats = []
    titles = _member_titles(lex)
    for p in lex.get("patterns", []):
        if "{MT}" in p["pattern"] and not titles:
            raise ValueError("relations lexicon: a pattern uses {MT} but member_titles is empty")
        src = (p["pattern"].replace("{A}", _A).replace("{B}", _B).replace("{D}", _D).replace("{S}", _S)
               .replace("{MT}", titles).replace(_FILLER, _FILLER_OR_MODIFIER))
        p = dict(p)
        # literal words of the pattern: a sentence with none of them cannot match (a cheap prefilter)
        bare = re.sub(r"\\[A-Za-z]", " ", p["pattern"])  # \\w, \\s, \\b ... are not words
        bare = re.sub(r"\(\?(?:P<\w+>|<?[=!]|:)?", " ", bare)  # group openers
        bare = re.sub(r"\w\?", "", bare)  # an optional last letter ("Brigades?") is not required
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", bare)} - _COMMON
        if "{MT}" in p["pattern"]:  # the title is the one required word; the literal ones are optional
            words = {w.lower() for w in lex.get("member_titles", [])} | _alternatives_of_titles(p["pattern"])
        p["_words"] = tuple(sorted(p.get("words") or words))  # `words`: the prefilter's words, when the literal ones are optional
        # one C-level search instead of a Python loop over the words
        p["_one_marker"] = bool(p.get("implicit_a") or p.get("implicit_b") or "{D}" in p["pattern"] or "{S}" in p["pattern"])
        pats.append((re.compile(src, 0 if p.get("case_sensitive") else re.I), p))
    # one automaton over every pattern's prefilter words: one pass per sentence finds them all
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in {w for _, p in pats for w in p["_words"]}:
        auto.add_word(w, w)
    auto.make_automaton()
    for _, p in pats:
        p["_words_set"] = frozenset(p["_words"])
    backed = re.compile(r"[-\u2010\u2011](?:backed|sponsored|funded|supported|aligned|allied)\b", re.I)
    return RelationLexicon(pats, backed, bool(lex.get("title_leads", True)), bool(lex.get("title_leads_states", False)),
                           words_auto=auto)


def _mask(text: str, s0: int, s1: int, hits: list[ActorHit], appositions_as_text: bool = False) -> tuple[str, list[ActorHit]]:
    parts = []
    pos = s0
    used: list[ActorHit] = []
    for h in hits:
        if h.start < pos or h.end > s1:
            continue
        if used and text[pos : h.start] == " (" and text[h.end : h.end + 1] == ")" and (used[-1].id or used[-1].name) == (h.id or h.name):
            pos = h.end + 1  # "Kurdistan Workers' Party (PKK)": the acronym is part of the mention
            continue
        if appositions_as_text and used and h.reason == "backref" and text[pos : h.start] == ", " \
                and (used[-1].id or used[-1].name) == (h.id or h.name):
            continue  # "A, another faction in B": the apposition describes A, its words stay for the patterns
        parts.append(text[pos : h.start])
        parts.append(_MARK.format(len(used)))
        used.append(h)
        pos = h.end
    parts.append(text[pos:s1])
    return "".join(parts), used


def _ref(h: ActorHit) -> ActorRef:
    return ActorRef(id=h.id, name=h.name)


_OFFICE_MEMBER = re.compile(r"spokes|press secretary|ambassador|envoy|adviser|advisor|deputy|of staff|aide|assistant", re.I)
_TITLE_BEFORE = re.compile(r"((?:[A-Za-z][\w.'\u2019-]*,?\s+){1,6})$")


def _org_stated(text: str, s0: int, s1: int, title: str, target, hits, demonyms: dict | None) -> bool:
    """Whether the text itself names the office's organisation: in the title phrase ("Iraqi Prime
    Minister", "Kurdistan Region Prime Minister") or as an actor of the same sentence. The pack
    knows whose prime minister someone is, but a relation needs the text to say it."""
    if any(h.id == target.id and s0 <= h.start < s1 for h in hits):
        return True
    for word in re.findall(r"[A-Z][\w-]+", title):
        ref = (demonyms or {}).get(word)
        if ref is not None and ref[0] == target.id:
            return True
    from marsad.text import name_key

    key = " " + name_key(title) + " "
    return any((" " + name_key(al) + " ") in key for al in (target.name, *target.aliases) if al)


# words of an organisation's names that say nothing of which one it is
_GENERIC_ORG_WORDS = frozenset("the of and government regional region authorities authority ministry council "
                               "national federal state republic".split())


def _title_names_org(title: str, office: dict, target) -> bool:
    """Whether the office title found in the text names its organisation itself: "Kurdistan
    Region Prime Minister", "KRG premier" (a distinctive word of the organisation's names or of
    the office's "of ..." part), not a bare "Prime Minister"."""
    from marsad.text import name_key

    names = [target.name, *target.aliases]
    full = office.get("title") or ""
    if " of " in full:
        names.append(full.split(" of ", 1)[1])
    words = {w for n in names for w in name_key(n).split()} - _GENERIC_ORG_WORDS
    return bool(words & set(name_key(title).split()))


def _org_named_in_text(target, hits, pack) -> bool:
    """"Prime Minister X" in a report that names Iraq elsewhere: the text says whose prime
    minister X is when it names the office's organisation, or (for an organ of a state, "Defense
    Secretary X") that state, anywhere in it. A report that never names them states no relation."""
    ids = {h.id for h in hits if h.id}
    if target.id in ids:
        return True
    if target.kind == "state" or not target.country:
        return False
    return any(a.kind == "state" and a.country == target.country for i in ids if (a := pack.actors.get(i)) is not None)


def _previous_group(prev_sentence_hits: list[ActorHit], used: list[ActorHit], masked: str, at: int) -> ActorHit | None:
    """The organisation "its"/"their" points back to: the last party, armed group or coalition
    named before ``at`` in this sentence, else in the previous one ("Kataib Hezbollah denied it.
    Its secretary-general, X, ...")."""
    kinds = ("party", "armed_group", "coalition", "organization")
    here = [used[int(x.group(1))] for x in _MARKER.finditer(masked, 0, at)]
    for h in reversed(prev_sentence_hits + here):  # this sentence's first, nearest first
        if h.kind in kinds:
            return h
    return None


def _title_relations(text, sentences, hits, pack, published, add, demonyms=None, states: bool = False) -> None:
    """"Defense Secretary X" -> X leads the Department of Defense: the person's office in the pack
    names the organisation, and the text must name it too (see :func:`_org_stated`). An office
    that heads a state ("Prime Minister X" -> X leads Iraq) only with ``states``."""
    from marsad.text import name_key

    seen: set[str] = set()
    order = sorted(hits, key=lambda x: x.start)
    starts = [x.start for x in order]
    for h in hits:
        if h.kind != "person" or not h.id or h.id in seen or h.reason not in ("alias", "variant"):
            continue
        a = pack.actors.get(h.id)
        if a is None or not a.roles:
            continue
        s0 = next((s for s, e in sentences if s <= h.start < e), 0)
        m = _TITLE_BEFORE.search(text[max(s0, h.start - 70) : h.start])
        if not m:
            continue
        if re.search(r"\b(?:former|ex|late|then|onetime|one-time)\b[\s-]", m.group(1), re.I):
            continue
        before = " " + name_key(m.group(1).replace(",", " ")) + " "
        for role in a.roles:
            office = pack.offices.get(role.office)
            if office is None:
                continue
            titles = [office.get("title") or ""] + list(office.get("titles") or [])
            head = (office.get("title") or "").split(" of ")[0]
            if head and head != office.get("title") and len(head.split()) <= 2:
                titles.append(head)  # "President of Iran" -> "President Ebrahim Raisi"
            hit_title = next((t for t in titles if t and (" " + name_key(t) + " ") in before[-(len(name_key(t)) + 2):]), None)
            if hit_title is None:
                continue
            if re.search(r"\b(?:deputy|vice|assistant|acting)\s+" + re.escape(name_key(hit_title)) + r"\s*$", before.rstrip()):
                continue  # "the PMF's deputy chief": not the office itself
            org = role.organization or office.get("organization")
            target = pack.actors.get(org) if org else None
            if target is None or (target.kind == "state" and not states):
                continue
            s1 = next((e for s, e in sentences if s <= h.start < e), len(text))
            if not (_title_names_org(hit_title, office, target) or _org_stated(text, s0, s1, m.group(1), target,
                                order[bisect_left(starts, s0) : bisect_left(starts, s1)], demonyms)
                    or _org_named_in_text(target, hits, pack)):
                continue
            typ = "member_of" if _OFFICE_MEMBER.search(office.get("title") or "") else "leads"
            t = ActorHit(h.start, h.end, target.id, target.name, target.kind, "office", target.country, "")
            at = text.lower().rfind(hit_title.split()[0].lower(), max(0, h.start - 70), h.start)
            add(h, typ, t, at if at >= 0 else h.start - len(m.group(1)), h.end, 0.65)
            seen.add(h.id)
            break
    return seen


def _coordinated(masked: str, pos: int, used: list[ActorHit]) -> list[ActorHit]:
    """Markers coordinated after the one ending at ``pos``: ", B and C"."""
    out = []
    while True:
        m = _COORD.match(masked, pos)
        if not m:
            return out
        out.append(used[int(m.group(1))])
        pos = m.end()


def _membership_type(typ: str, a: ActorHit, b: ActorHit) -> str:
    """``member_or_part``: a person or a member of a coalition is member_of, a unit of a force part_of."""
    if typ not in ("member_or_part", "member_of", "part_of") or a.kind == "person":
        return "member_of" if typ == "member_or_part" else typ
    if b.kind == "coalition":
        return "member_of"
    if b.kind in ("state_force", "state") or typ == "member_or_part":
        return "part_of"
    return typ


def _leads_then(a: ActorHit, b: ActorHit, pack, published) -> bool:
    """Whether the pack says person ``a`` led ``b`` on the report's date."""
    if pack is None or not a.id or not b.id or a.kind != "person":
        return False
    return any(af.source == a.id and af.target == b.id for af in pack.affiliations_of(a.id, published, "leads"))


def _led_group(a: ActorHit, pack, published) -> ActorHit | None:
    if pack is None or not a.id:
        return None
    for af in pack.affiliations_of(a.id, published, "leads"):
        org = pack.actors.get(af.target) if af.source == a.id else None
        if org is not None and org.kind in ("party", "armed_group", "coalition"):
            return ActorHit(a.start, a.end, org.id, org.name, org.kind, "pack", org.country, "")
    return None


_MARKER = re.compile(r"\u27e6(\d+)\u27e7")


def _antecedent_person(prev: list[ActorHit], used: list[ActorHit], masked: str, pos: int) -> ActorHit | None:
    """The person a pronoun at ``pos`` (an offset in the masked sentence) refers to: the last one
    named before it (this sentence, then the one before)."""
    before = [used[int(m.group(1))] for m in _MARKER.finditer(masked, 0, pos)]
    cands = [h for h in prev + before if h.kind == "person"]
    return cands[-1] if cands else None


def _side(earlier: list[ActorHit], used: list[ActorHit], b: ActorHit | None, pack, published) -> ActorHit | None:
    """Whose rival ``b`` is: a group named before it in the sentence, else the group the text has
    named most so far (a person counting for the group they lead)."""
    bk = (b.id or b.name) if b is not None else None

    def group(h: ActorHit) -> ActorHit | None:
        if h.kind in ("party", "armed_group", "coalition"):
            return h
        if h.kind == "person":
            return _led_group(h, pack, published)
        return None

    for h in reversed([h for h in used if b is None or h.start < b.start]):
        g = group(h)
        if g is not None and (g.id or g.name) != bk:
            return g
    counts: dict[str, list] = {}
    for h in earlier:
        g = group(h)
        if g is not None and (g.id or g.name) != bk:
            counts.setdefault(g.id or g.name, []).append(g)
    if not counts:
        return None
    return max(counts.values(), key=len)[0]


_PLURAL_BACKED = re.compile(r"\u27e6(\d+)\u27e7[-\u2010\u2011](?:backed|aligned|sponsored|funded|supported) (?:[A-Z][a-z]+ )?"
                            r"(?:militias|factions|groups|armed groups)\b(?!,? (?:including |such as |namely )?(?:the )?\u27e6)")
_COUNT_BEFORE = re.compile(r"\b(two|three|four|five|both)\s+$", re.I)


def _plural_backing(text, s0, s1, masked, used, sentences, within, add) -> None:
    """"two Iran-backed militias" with no names after them: the groups named in the next sentence."""
    if "\u27e6" not in masked:
        return
    for m in _PLURAL_BACKED.finditer(masked):
        c = _COUNT_BEFORE.search(masked[max(0, m.start() - 12) : m.start()])
        if not c:
            continue
        n = _NUMBER[c.group(1).lower()]
        st = used[int(m.group(1))]
        if st.kind not in ("state", "state_force"):
            continue
        nxt = next(((a, b) for a, b in sentences if a >= s1), None)
        if nxt is None:
            continue
        groups: list[ActorHit] = []
        for h in within(nxt[0], nxt[1]):
            if h.kind == "armed_group" and all((g.id or g.name) != (h.id or h.name) for g in groups):
                groups.append(h)
        if len(groups) == n:
            for g in groups:
                add(st, "backs", g, st.start, g.end, 0.6)


@dataclass
class _Scope:
    """What every step of :func:`find_relations` reads: the text, its actor hits in text order,
    the lexicon and pack, and ``add`` (the one way a relation is recorded)."""

    text: str
    hits: list[ActorHit]
    lex: RelationLexicon
    pack: Any
    published: str | None
    lookup: Any
    demonyms: dict | None
    add: Any
    titled: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.hits = sorted(self.hits, key=lambda h: h.start)
        self.starts = [h.start for h in self.hits]

    def within(self, a: int, b: int) -> list[ActorHit]:
        """Hits starting in [a, b)."""
        return self.hits[bisect_left(self.starts, a) : bisect_left(self.starts, b)]


class _Collected:
    """Relations in the order found, each (source, type, target) once."""

    def __init__(self, text: str):
        self.text = text
        self.out: list[Relation] = []
        self.seen: set[tuple] = set()

    def add(self, a: ActorHit, typ: str, b: ActorHit, ev0: int, ev1: int, conf: float) -> None:
        ka, kb = (a.id or a.name), (b.id or b.name)
        key = (ka, typ, kb)
        if ka == kb or key in self.seen:
            return
        if typ in ("member_of", "part_of") and b.kind == "person":
            return  # one belongs to a body, not to a person ("the cleric's representative X")
        self.seen.add(key)
        ev0 = max(0, ev0)
        self.out.append(Relation(source=_ref(a), type=typ, target=_ref(b),
                                 evidence=Mention(text=self.text[ev0:ev1], start=ev0, end=ev1), confidence=conf))


def find_relations(text: str, sentences: list[tuple[int, int]], hits: list[ActorHit],
                   lex: RelationLexicon, pack=None, published: str | None = None, lookup=None,
                   demonyms: dict | None = None) -> list[Relation]:
    """Relations the text states: offices before names, descriptors inside one mention ("the
    U.S.-led coalition"), possessive and title phrases, then the lexicon's patterns sentence by
    sentence over the masked text."""
    found = _Collected(text)
    sc = _Scope(text, hits, lex, pack, published, lookup,
                demonyms if demonyms is not None else lex.demonyms, found.add)
    if pack is not None and lex.title_leads:
        sc.titled = _title_relations(text, sentences, hits, pack, published, found.add, sc.demonyms,
                                     states=lex.title_leads_states)
    _descriptor_relations(sc, hits)
    _phrase_relations(sc)
    prev_sentence_hits: list[ActorHit] = []
    for s0, s1 in sentences:
        in_sent = [h for h in sc.within(s0, s1) if h.end <= s1]
        _backer_descriptors(sc, in_sent)
        masked, used = _sentence_patterns(sc, s0, s1, _without_appositive_backrefs(text, in_sent), prev_sentence_hits)
        _plural_backing(text, s0, s1, masked, used, sentences, sc.within, found.add)
        prev_sentence_hits = in_sent
    return _one_role_per_pair(found.out, pack, published)


def _without_appositive_backrefs(text: str, hits: list[ActorHit]) -> list[ActorHit]:
    """"X, the State Department spokeswoman, said": a descriptor in apposition right after a name
    that it refers back to is that name's apposition; its words stay words for the patterns, and
    the mentions inside it (the State Department) are read. A descriptor with no mention inside
    stays a mention ("X, the cleric whose party ...")."""
    out = []
    for h in hits:
        if h.reason == "backref" and any(o is not h and h.start <= o.start and o.end <= h.end for o in hits) and any(
                o is not h and o.end <= h.start and (o.same_actor(h) or (o.id is None and o.name == h.name))
                and re.fullmatch(r",\s*", text[o.end : h.start]) for o in hits):
            continue
        out.append(h)
    return out


def _one_role_per_pair(rels: list[Relation], pack, published: str | None) -> list[Relation]:
    """A person both "leads" and is a "member_of" the same group (a bare title such as "Nujaba
    commander X" read both ways): the pack's office on the report's date decides, else membership."""
    pairs: dict[tuple, set[str]] = {}
    for r in rels:
        pairs.setdefault(((r.source.id or r.source.name), (r.target.id or r.target.name)), set()).add(r.type)
    drop: set[tuple] = set()
    for (a, b), types in pairs.items():
        if {"leads", "member_of"} <= types:
            drop.add((a, "member_of" if _ever_led(pack, a, b) else "leads", b))
    return [r for r in rels if ((r.source.id or r.source.name), r.type, (r.target.id or r.target.name)) not in drop]


def _ever_led(pack, person: str, group: str) -> bool:
    """Whether the pack says ``person`` led ``group`` at some time: a "leads" affiliation or an
    office of that organisation (the historical leader of a group a text names is its leader)."""
    if pack is None or not person:
        return False
    if any(af.source == person and af.target == group for af in pack.affiliations_of(person, None, "leads")):
        return True
    actor = pack.actor(person)
    return actor is not None and any((pack.offices.get(r.office) or {}).get("organization") == group for r in actor.roles)


_DESCRIPTOR = re.compile(r"(?:[Tt]he\s+|an?\s+|another\s+)?(?:[\w-]+\s+)?([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[-\u2010\u2011]"
                         r"(led|backed|sponsored|aligned|funded|supported)\b")


def _descriptor_relations(sc: _Scope, hits: list[ActorHit]) -> None:
    """"the U.S.-led coalition", "the Iran-backed militia" inside one mention."""
    if sc.lookup is None:
        return
    for h in hits:
        m = _DESCRIPTOR.match(h.text)
        if not m or h.reason == "backref":
            continue
        st = sc.lookup(m.group(1))
        if st is None or st.id == h.id:
            continue
        sh = ActorHit(h.start, h.end, st.id, st.name, st.kind, "alias", st.country, m.group(1))
        sc.add(sh, "leads" if m.group(2) == "led" else "backs", h, h.start, h.end, 0.7)


# a state's possessive right before a mention ("Iran's supreme leader"), or with one lower-case
# word between ("Iran's elite Quds Force")
_STATE_BEFORE_TITLE = re.compile(r"([A-Z][\w.]+)['\u2019]s\s+$")
_STATE_BEFORE_ORGAN = re.compile(r"([A-Z][\w.]+)['\u2019]s\s+(?:[a-z]+\s+)?$")


def _possessive_state(sc: _Scope, h: ActorHit, before: re.Pattern, window: int) -> ActorHit | None:
    """The state whose possessive stands before the mention ``h`` (within ``window``
    characters), as a mention of that state; None when there is none."""
    m = before.search(sc.text[max(0, h.start - window) : h.start])
    st = sc.lookup(m.group(1)) if m and sc.lookup is not None else None
    if st is None or st.kind != "state":
        return None
    at = h.start - len(m.group(0))
    return ActorHit(at, at + len(m.group(1)), st.id, st.name, st.kind, "alias", st.country, m.group(1))


def _phrase_relations(sc: _Scope) -> None:
    """Relations inside possessive and title phrases: "Iran's Revolutionary Guards" (a state
    force is part of its state), "Masoud Barzani's party" (the person leads it), "Iran's supreme
    leader" (the office holder leads the state), "his followers" (the group a person leads)."""
    text, add = sc.text, sc.add
    for h in sc.hits:
        if h.kind == "state_force" and h.id:
            for inner in sc.within(h.start, h.start + 1):
                if inner.kind == "state" and inner.end < h.end \
                        and text[inner.end : inner.end + 2] in ("'s", "\u2019s"):
                    add(h, "part_of", inner, h.start, h.end, 0.7)
    for h in sc.hits:
        # "Iran's Quds Force", "Israel's Mossad": a force or organ of the state named before it
        if h.kind in ("state_force", "institution") and h.id and h.country:
            sh = _possessive_state(sc, h, _STATE_BEFORE_ORGAN, 40)
            if sh is not None and sh.country == h.country:
                add(h, "part_of", sh, sh.start, h.end, 0.65)
    for h in sc.hits:
        if h.kind in ("party", "armed_group", "coalition") and re.search(r"['\u2019]s\s+(?:[\w-]+\s+)?(?:party|movement|bloc|list|militia|alliance)$", h.text):
            for p_ in sc.within(h.start - 60, h.end):
                if p_.kind == "person" and p_.start < h.end and h.start < p_.end + 3 and p_.end <= h.end:
                    add(p_, "leads", h, p_.start, h.end, 0.7)
                    break
    for h in sc.hits:
        if h.role == "title" and h.id:
            sh = _possessive_state(sc, h, _STATE_BEFORE_TITLE, 30)
            if sh is not None:
                add(h, "leads", sh, sh.start, h.end, 0.6)
    for h in sc.hits:
        if h.via is not None and h.id:
            add(h.via, "leads", h, h.via.start, h.end, 0.6)


def _backer_descriptors(sc: _Scope, in_sent: list[ActorHit]) -> None:
    """Descriptors that carry their backer: "the Iran-backed militia" -> Iran backs <antecedent>."""
    for h in in_sent:
        if h.reason != "backref":
            continue
        for inner in sc.within(h.start, h.end):
            if inner is h or not (h.start <= inner.start and inner.end <= h.end) or inner.kind not in ("state", "state_force"):
                continue
            if sc.lex.backed_re.match(sc.text, inner.end):
                sc.add(inner, "backs", h, h.start, h.end, 0.7)


def _sentence_patterns(sc: _Scope, s0: int, s1: int, in_sent: list[ActorHit],
                       prev_sentence_hits: list[ActorHit]) -> tuple[str, list[ActorHit]]:
    """The lexicon's patterns over one sentence with its outermost mentions masked; returns the
    masked sentence and its mentions (marker ``i`` is ``used[i]``)."""
    outer = [h for h in in_sent if not any(o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in in_sent)] \
        if len(in_sent) > 1 else in_sent
    masked, used = _mask(sc.text, s0, s1, outer)
    if not used:
        return masked, used
    present = {w for _, w in sc.lex.words_auto.iter(masked.lower())}
    # the sentence again without the appositions that separate a mention from its verb
    # ("A, one of the largest militias, is part of B" is also read as "A is part of B"), and with
    # a descriptor in apposition left as words ("A, another faction in B")
    variants = [(masked, used)]
    reduced = _APPOSITION.sub(r"\1", masked)
    if reduced != masked:
        variants.append((reduced, used))
    plain, plain_used = _mask(sc.text, s0, s1, outer, appositions_as_text=True)
    if plain != masked:
        variants.append((plain, plain_used))
    if len(variants) > 1:
        present |= {w for text_, _ in variants[1:] for _, w in sc.lex.words_auto.iter(text_.lower())}
    for pat, p in sc.lex.candidates(present, len(used)):
        for text_, used_ in variants:
            for m in pat.finditer(text_):
                _pattern_match(sc, p, m, text_, used_, s0, s1, prev_sentence_hits)
    return masked, used


# an apposition without a mention in it, between a mention and the verb after it
_APPOSITION = re.compile(r"(\u27e6\d+\u27e7),\s+(?:a|an|the|one|long|once)\b(?:[^,\u27e6\u27e7;()]|\u27e6\d+\u27e7(?=[-\u2010\u2011]\w)){3,90}?,"
                         r"(?=\s+(?:is|are|was|were|has|have|had|remains|remained|became|joined|\w+ed)\b)")


def _pattern_match(sc: _Scope, p: dict, m: re.Match, masked: str, used: list[ActorHit], s0: int, s1: int,
                   prev_sentence_hits: list[ActorHit]) -> None:
    """Record what one match of pattern ``p`` states, once both ends are known and allowed."""
    gd = m.groupdict()
    a = used[int(gd["a"])] if gd.get("a") is not None else None
    b = used[int(gd["b"])] if gd.get("b") is not None else None
    if b is None and (gd.get("d") or gd.get("s")):
        b = _state_end(sc, gd, s0, s1)
        if b is None:
            return
    if a is None:
        a = _implicit_a(sc, p.get("implicit_a"), b, m, masked, used, s0, s1, prev_sentence_hits)
    if b is None and p.get("implicit_b"):
        b = _implicit_b(sc, p["implicit_b"], a, m, masked, used, s1, prev_sentence_hits)
    if a is None or b is None:
        return
    if (p.get("untitled") and a.id and a.id in sc.titled) or (p.get("kinds_a") and a.kind not in p["kinds_a"]) \
            or (p.get("kinds_b") and b.kind not in p["kinds_b"]):
        return
    ends = [a] + (_coordinated(masked, m.end("a") + 1, used) if p.get("coord") == "a" and gd.get("a") is not None else [])
    firsts = [b] + (_coordinated(masked, m.end("b") + 1, used) if p.get("coord") == "b" and gd.get("b") is not None else [])
    if gd.get("list_b"):
        firsts += [used[int(i)] for i in _MARKER_NUMBER.findall(gd["list_b"])]
    for a_ in ends:
        for b_ in firsts:
            typ = _membership_type(p["type"], a_, b_)
            src, tgt = (a_, b_) if p.get("source", "A") == "A" else (b_, a_)
            if typ == "member_of" and _leads_then(src, tgt, sc.pack, sc.published):
                typ = "leads"  # "X of the Y movement" when the pack says X led Y then
            sc.add(src, typ, tgt, min(a_.start, b_.start), max(a_.end, b_.end), 0.75)
    if p.get("owner_leads"):
        # "his Save the Homeland alliance with A and B": the person leads it, and the group the
        # person leads is a member too
        owner = _antecedent_person(prev_sentence_hits, used, masked, m.start())
        if owner is not None:
            sc.add(owner, "leads", b, owner.start, b.end, 0.7)
            og = _led_group(owner, sc.pack, sc.published) if sc.pack is not None else None
            if og is not None:
                sc.add(og, "member_of", b, b.start, b.end, 0.65)


def _state_end(sc: _Scope, gd: dict, s0: int, s1: int) -> ActorHit | None:
    """The state a demonym ({D}: "the Turkish state") or a state name the actor stage read as a
    place ({S}: "close ties to Iran") stands for, or None."""
    text = sc.text
    if gd.get("d"):
        st = sc.demonyms.get(gd["d"]) if sc.demonyms else None
        if st is None:
            return None
        ds = text.find(gd["d"], s0, s1)
        ds = ds if ds >= 0 else s0
        return ActorHit(ds, ds, st[0], st[1], "state", "demonym", None, gd["d"])
    if sc.lookup is None:
        return None
    st = sc.lookup(gd["s"])
    if st is None or st.kind != "state":
        return None
    ds = text.find(gd["s"], s0, s1)
    ds = ds if ds >= 0 else s0
    return ActorHit(ds, ds + len(gd["s"]), st.id, st.name, st.kind, "alias", st.country, gd["s"])


def _implicit_a(sc: _Scope, how: str | None, b: ActorHit | None, m: re.Match, masked: str,
                used: list[ActorHit], s0: int, s1: int, prev_sentence_hits: list[ActorHit]) -> ActorHit | None:
    """A relation's source the pattern leaves unnamed: the sentence's first person, the group or
    force named before, a pronoun's antecedent, or the side the text is about."""
    if how == "first_person":
        limit = b.start if b is not None else s1
        return next((h for h in used if h.kind == "person" and h.start < limit), None)
    if how in ("previous", "previous_force"):
        kinds = ("party", "armed_group", "coalition") + (("state_force",) if how == "previous_force" else ())
        cands = [h for h in prev_sentence_hits + used if h.kind in kinds and (b is None or h.start < b.start)
                 and (b is None or (h.id or h.name) != (b.id or b.name))]
        a = cands[-1] if cands else None
        if how == "previous_force":
            # "its factions": the subject of its own sentence first
            own = [used[int(x.group(1))] for x in _MARKER.finditer(masked, 0, m.start())]
            own = [h for h in own if h.kind in kinds]
            a = own[0] if own else a
        return a
    if how == "pronoun":
        return _antecedent_person(prev_sentence_hits, used, masked, m.start())
    if how == "side":
        return _side(sc.within(0, s0), used, b, sc.pack, sc.published)
    return None


def _implicit_b(sc: _Scope, how: str, a: ActorHit | None, m: re.Match, masked: str, used: list[ActorHit],
                s1: int, prev_sentence_hits: list[ActorHit]) -> ActorHit | None:
    """A relation's target the pattern leaves unnamed: the group the pack says ``a`` led then,
    the group "its" points back to, or the last institution whose name holds the given word."""
    if how == "pack_leads":
        return _led_group(a, sc.pack, sc.published) if a is not None and sc.pack is not None and a.id else None
    if how == "previous_group":
        return _previous_group(prev_sentence_hits, used, masked, m.start())
    return next((h for h in reversed([h for h in sc.hits if h.end <= s1]) if h.kind in ("institution",)
                 and how in h.text.lower()), None)

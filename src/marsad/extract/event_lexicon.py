"""Event triggers: the compiled lexicon and the trigger candidates of a text.

``compile_events`` turns ``lexicon/events.yaml`` into one Aho-Corasick automaton over every verb
form (inflected from lemminflect's tables) and noun (with its plural), plus the regular-expression
patterns, each tried only where one of its literal first words occurs. ``_cands`` lists the
trigger candidates of a text in order: a form that is both verb and noun is decided by the word
before it, a form shared by two entries by an entry's ``object`` test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from marsad.extract.certainty import compile_cues
from marsad.extract.event_filters import STATEMENT_TYPES

if TYPE_CHECKING:
    from marsad.extract.clauses import Context

DECISION_TYPES = STATEMENT_TYPES | {"SANCTION", "AGREE", "COOPERATE", "CONCEDE", "AID"}
PHYSICAL_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "CONSULT"}


def _verb_forms(word: str) -> list[str]:
    """The inflected forms (-s, past, participles, -ing) of a base verb, from lemminflect's
    English tables (which know doubled consonants and irregular verbs); [] for a non-verb."""
    from lemminflect import getAllInflections

    forms = getAllInflections(word, upos="VERB")
    return sorted({f for tag, fs in forms.items() if tag not in ("VB", "VBP") for f in fs})


def _inflect(lemma: str, irregular: dict[str, list[str]]) -> list[str]:
    """Trigger forms of a lexicon verb entry. A single base verb gives its inflections (not the
    bare base, which is mostly an infinitive or a noun); a phrase whose first word is a base verb
    ("voice concern", "put forward") gives the phrase with that word inflected as well as itself;
    other phrases and already inflected words stand as written. ``irregular`` overrides all."""
    if lemma in irregular:
        return list(irregular[lemma])
    if lemma.endswith(("ed", "ing")) and " " not in lemma:
        return [lemma]
    head, _, rest = lemma.partition(" ")
    forms = _verb_forms(head) if head.isalpha() else []
    if not rest:
        return forms or [lemma]
    if not forms:
        return [lemma]
    return [lemma] + [f"{f} {rest}" for f in forms]


def _plural(noun: str) -> list[str]:
    if " " in noun and not noun.split()[-1].isalpha():
        return [noun]
    if noun.endswith(("s", "sh", "ch", "x")):
        return [noun, noun + "es"] if not noun.endswith("s") else [noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]


@dataclass
class EventLexicon:
    trigger_re: re.Pattern
    automaton: Any
    forms: dict[str, list[tuple[dict, bool]]]  # lower form -> [(entry, is_noun)]
    patterns: list[tuple[re.Pattern, dict]]  # regex triggers ("held X responsible")
    forms_past: set[str]
    lex: dict[str, Any]
    cues: dict[str, re.Pattern]
    assault_modes: list[tuple[str, re.Pattern]]
    aggregate_re: re.Pattern
    non_event_re: re.Pattern
    speech_re: re.Pattern
    zero_re: re.Pattern
    death_re: re.Pattern
    injury_re: re.Pattern
    person_nouns: re.Pattern
    priority: dict[str, int]
    demonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # "Israeli" -> (id, name)
    protest_targets: re.Pattern | None = None
    anchor_re: re.Pattern | None = None  # the first literal words of the anchored patterns
    anchor_pats: dict[str, list[int]] = field(default_factory=dict)  # anchor -> indices of patterns it may start
    free_patterns: list[int] = field(default_factory=list)  # patterns without anchors: scanned whole
    anchor_auto: Any = None  # Aho-Corasick automaton over the anchors


# a leading group of lookbehinds only ("(?:(?<=was )|(?<=were ))"): zero-width, so a match starts
# at what follows it
_LEADING_LOOKBEHINDS = re.compile(r"\(\?:(?:\(\?<[=!][^()]*\)\|?)+\)")


def _anchors(rx: str) -> tuple[str, ...] | None:
    """Literal prefixes of the first alternation of a pattern (``\\b(?:fired|launched)...`` ->
    ("fired", "launched"); ``\\bvot(?:ed|es)`` -> ("vot",); ``\\b(?:[Oo]peration|...)`` ->
    ("operation", ...)), through a leading group of lookbehinds and into a nested group that
    opens an alternative (``(?:(?:was|were)\\s+hit|struck)`` -> ("was", "were", "struck")): a text
    without any of them cannot match, so the regex is skipped. None when an alternative starts with
    no literal letters, or with a group that may be skipped (the pattern is then scanned whole)."""
    s = rx[2:] if rx.startswith("\\b") else rx
    lb = _LEADING_LOOKBEHINDS.match(s)
    if lb:
        s = s[lb.end():]
        s = s[2:] if s.startswith("\\b") else s
    # a case pair is one letter here: anchors are found in the lower-cased text
    s = re.sub(r"\[([A-Za-z])([A-Za-z])\]",
               lambda m: m.group(1).lower() if m.group(1).lower() == m.group(2).lower() else m.group(0), s)
    return _group_anchors(s)


def _group_anchors(s: str) -> tuple[str, ...] | None:
    """The anchors of ``s``: its literal prefix, or those of each alternative of the group it opens."""
    if not s.startswith("(?:"):
        word = _literal_prefix(s)
        return (word,) if word else None
    alts = _top_alternatives(s, 3)
    if alts is None:
        return None
    close = 3 + sum(len(a) for a in alts) + len(alts) - 1  # the group's ")"
    if s[close + 1 : close + 2] in ("?", "*", "{"):
        return None  # an optional group: the match may start after it
    out: list[str] = []
    for alt in alts:
        anchors = _group_anchors(alt) if alt.startswith("(?:") else (_literal_prefix(alt),)
        if anchors is None or None in anchors:
            return None
        out.extend(anchors)
    return tuple(out)


def _top_alternatives(s: str, start: int) -> list[str] | None:
    """The alternatives of the group opened just before ``start``, split at its own level."""
    depth, i, begin, alts = 0, start, start, []
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                alts.append(s[begin:i])
                return alts
            depth -= 1
        elif ch == "|" and depth == 0:
            alts.append(s[begin:i])
            begin = i + 1
        i += 1
    return None


def _literal_prefix(alt: str) -> str | None:
    """The letters an alternative starts with, lower-cased (an optional last letter dropped), or
    None when there are fewer than two."""
    m = re.match(r"[A-Za-z]+", alt)  # (the patterns ignore case)
    if not m:
        return None
    word = m.group()
    if alt[len(word) : len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]  # "resignations?": the last letter is optional
    return word.lower() if len(word) >= 2 else None


def _stem(form: str) -> str:
    w = form.split()[-1] if " " in form else form
    w = {"struck": "strik", "hit": "hit", "shot": "shoot"}.get(w, w)
    return re.sub(r"(?:ing|ed|es|s|e)$", "", w)[:5]


def _alt(words, flags=re.I) -> re.Pattern:
    words = [w for w in words if w]
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", flags)


def _base_verb(lemma: str, irregular: dict[str, list[str]]) -> str | None:
    """The bare base of a lexicon verb entry ("resign", "step down"), or None for an entry written
    as an inflected form or a fixed phrase with an object ("lifted the curfew")."""
    if lemma in irregular:
        return lemma
    if " " in lemma or lemma.endswith(("ed", "ing")):
        return None
    return lemma if _verb_forms(lemma) else None


def _add_decision_bases(lex: dict[str, Any], forms: dict[str, list[tuple[dict, bool]]]) -> None:
    """Bare bases of the lexicon's verbs, as candidates that stand only where the base is an act
    done: after a verb of attempt or start ("tried to assassinate", "began to withdraw"), after a
    modal or "to" for ``decision_asserted`` entries ("announced he would resign": the announced
    decision is the act), after a platform for statements ("used his sermon to urge"). Marked with
    ``_base_only`` so that :func:`_cands` checks what comes before."""
    irregular = lex.get("irregular", {})
    for entry in lex.get("triggers", []):
        base_entry = None
        for v in entry.get("verbs", []) or []:
            base = _base_verb(v, irregular)
            if base is None or base.lower() in forms:
                continue
            if base_entry is None:
                base_entry = dict(entry, _base_only=True)
            forms[base.lower()] = [(base_entry, False)]


# what a bare base needs before it: "would resign", "will step down", "was going to quit", "to retire"
_MODAL_BEFORE = re.compile(r"\b(?:would|will|to)\s+(?:(?:formally|immediately|soon|now|also|officially)\s+)?$", re.I)
# "used his sermon to urge ...", "went on television to accuse ...": a speech act done through a
# platform (the platform may carry a clause of its own)
_PLATFORM_TO = re.compile(r"\b(?:used|uses|using)\s+(?:his|her|its|their|the|a|an)\s+[^.;]{0,80}?\s+to\s+$"
                         r"|\b(?:went|goes|going|gone|took|takes)\s+(?:on|to)\s+(?:state\s+|national\s+|local\s+)?(?:television|TV|air|radio|social\s+media|Twitter|X)\b[^.;]{0,60}?\s+to\s+$", re.I)




def after_platform(text: str, start: int, floor: int = 0) -> bool:
    """Whether the infinitive at ``start`` is a statement made through a platform (see
    :data:`_PLATFORM_TO`), looking back no further than ``floor``."""
    return bool(_PLATFORM_TO.search(text, max(floor, start - 140), start))


# what may stand between a verb and the infinitive it governs: "attempted on Sunday to", "moved swiftly to"
INFINITIVE_AFTER = (r"(?:\s+(?:on|in|last|this|late|early)\s+\w+(?:\s+\d{1,2})?|\s+\w+ly"
                    # "voted within days to", "voted again to", "decided days later to"
                    r"|\s+(?:within|again|later|soon|once|days|hours|weeks)(?:\s+(?:a|the|few|two|three|days|hours|weeks|later|of))*)?,?\s+to\s+$")
# "tried to", "attempted on Sunday to", "began to": the infinitive is what the verb did
# (also "hastened to", "was quick to": the act done at once)
DONE_VERBS = r"tried|attempted|began|started|managed|went\s+on|moved|hastened|rushed|proceeded|(?:was|were)\s+(?:quick|swift|fast)"
_ATTEMPT_TO = re.compile(r"\b(?:" + DONE_VERBS + ")" + INFINITIVE_AFTER, re.I)


# "lawmakers voted to reject the resignation": a vote or decision whose infinitive is the decision
_VOTED_TO = re.compile(r"\b(?:voted|votes|decided|decides|resolved)" + INFINITIVE_AFTER, re.I)


def _base_allowed(entry: dict, text: str, start: int) -> bool:
    """Whether a bare base verb stands as a trigger here (see :func:`_add_decision_bases`)."""
    if _ATTEMPT_TO.search(text, max(0, start - 50), start):
        return True
    if (entry.get("kind") == "statement" or entry.get("type") in ("REJECT", "AGREE", "SANCTION", "RETREAT")) \
            and _VOTED_TO.search(text, max(0, start - 50), start):
        return True
    if entry.get("decision_asserted") and _MODAL_BEFORE.search(text, max(0, start - 30), start):
        return True
    return entry.get("kind") == "statement" and after_platform(text, start)


def compile_events(lex: dict[str, Any]) -> EventLexicon:
    irregular = lex.get("irregular", {})
    forms: dict[str, list[tuple[dict, bool]]] = {}
    for entry in lex.get("triggers", []):
        for v in entry.get("verbs", []) or []:
            for f in _inflect(v, irregular):
                forms.setdefault(f.lower(), []).append((entry, False))
        for n in entry.get("nouns", []) or []:
            for f in _plural(n):
                forms.setdefault(f.lower(), []).append((entry, True))
    for entry in lex.get("triggers", []):
        if entry.get("object") and "_object_re" not in entry:
            entry["_object_re"] = re.compile(entry["object"])
            if entry.get("object_before"):
                entry["_object_before_re"] = re.compile(entry["object_before"])
    _add_decision_bases(lex, forms)  # (after the object tests: the bases carry them)
    trig = _alt(forms)
    import ahocorasick

    auto = ahocorasick.Automaton()
    for f in forms:
        auto.add_word(f, f)
    auto.make_automaton()
    patterns = []
    past = set()
    for entry in lex.get("triggers", []):
        for n, rx in enumerate(entry.get("patterns", []) or []):
            e2 = dict(entry)
            e2["_rule"] = f"{entry['type']}.{entry.get('subtype') or '-'}:pattern{n + 1}"
            e2["_target_inside"] = True
            e2["_anchors"] = _anchors(rx)
            patterns.append((re.compile(rx, re.I), e2))
        for v in entry.get("verbs", []) or []:
            past.update(f.lower() for f in _inflect(v, irregular) if f.endswith(("ed", "t")) or f in irregular.get(v, [])[2:3])
    anchor_of: dict[str, set[int]] = {}
    free: list[int] = []
    for k, (pat, e2) in enumerate(patterns):
        # (a match starts at a word: after \b, or after lookbehinds that end on a space)
        if e2["_anchors"] and (pat.pattern.startswith("\\b") or _LEADING_LOOKBEHINDS.match(pat.pattern)):
            for a in e2["_anchors"]:
                anchor_of.setdefault(a.lower(), set()).add(k)
        else:
            free.append(k)
    anchor_pats = {a: sorted({k for b, ks in anchor_of.items() if a.startswith(b) for k in ks}) for a in anchor_of}
    anchor_re = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(anchor_of, key=len, reverse=True)) + ")", re.I) \
        if anchor_of else None
    anchor_auto = None
    if anchor_of:
        anchor_auto = ahocorasick.Automaton()
        for a in anchor_of:
            anchor_auto.add_word(a, a)
        anchor_auto.make_automaton()
    modes = [(m["mode"], _alt(m["words"])) for m in lex.get("assault_modes", [])]
    cert = lex.get("certainty", {})
    pri = {t: i for i, t in enumerate(lex.get("statement_priority", []))}
    return EventLexicon(
        trig, auto, forms, patterns, past, lex, compile_cues(cert), modes,
        re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in lex.get("aggregate_before", [])) + r")\s+(?!(?:the|this|that|these|those|its|their|his|her)\s)(?:[\w'-]+\s+){0,3}$", re.I),
        _alt(lex.get("non_event_words", [])),
        _alt(lex.get("speech_verbs", [])),
        _alt(lex.get("zero_deaths", [])),
        _alt(lex.get("death_words", [])),
        _alt(lex.get("injury_words", [])),
        _alt(lex.get("person_nouns", [])),
        pri,
        {},
        _alt(list(lex.get("protest_targets") or {}), flags=0) if lex.get("protest_targets") else None,
        anchor_re, anchor_pats, free, anchor_auto,
    )


@dataclass
class _Cand:
    start: int
    end: int
    form: str
    entry: dict
    noun: bool
    sent: int
    anaphoric: bool = False
    referent: bool = False  # the object of a statement about an act ("condemned the attack")
    first_object: bool = False  # ... named there for the first time ("condemned a strike that killed ...")


def _literal_triggers(text: str, ev: EventLexicon) -> list:
    """Trigger words and phrases on word boundaries (an Aho-Corasick pass over the lower-cased
    text; the regex is the fallback when lower-casing changes the length)."""
    low = text.lower()
    if ev.automaton is None or len(low) != len(text):
        return [(m.start(), m.end(), m.group().lower(), None) for m in ev.trigger_re.finditer(text)]
    out = []
    n = len(low)
    for end, form in ev.automaton.iter(low):
        start = end - len(form) + 1
        if start > 0 and (low[start - 1].isalnum() or low[start - 1] in "-_"):
            continue
        if end + 1 < n and (low[end + 1].isalnum() or low[end + 1] in "-_"):
            continue
        out.append((start, end + 1, form, None))
    return out


_SUBJ_PREV = {"it", "they", "he", "she", "which", "who", "that", "we", "i", "also", "then", "later", "have", "has", "had"}


_OFFICE_OBJECT = re.compile(r"\s+(?:with\s+|to\s+)?(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:(?:[A-Z][\w.]*|U\.S\.)\s+)*"
                            r"(?:secretary|minister|foreign minister|president|prime minister|premier|counterpart|ambassador|envoy|king|emir|"
                            r"crown prince|chancellor|sultan)\b")


# weapons named by an acronym: common nouns despite their capitals
_ACRONYM_NOUN = re.compile(r"(?:IEDs?|VBIEDs?|RPGs?|UAVs?)\b")


def _lacks_person_object(text: str, c: _Cand, after: list) -> bool:
    """"called" and the like are a phone call only with a person (or state) as their object."""
    if re.match(r"\s+(?:by|for|on|upon|off|it|them|in|out|up|as|an?)\b", text[c.end : c.end + 8]):
        return True
    if _OFFICE_OBJECT.match(text, c.end):
        return False  # "called the U.S. secretary of state", "a call with his Turkish counterpart"
    if re.match(r"\s+(?:him|her)\b", text[c.end : c.end + 6]):
        return False  # "phoned him that evening": the person named before

    return not any(
        h.kind in ("person", "state") and re.match(r"^\s+(?:(?:[a-z]+|[A-Z][\w.]*(?:['\u2019]s)?)\s+){0,4}$", text[c.end : h.start])
        and not (h.kind == "state" and re.match(r"\s+(?!(?:on|to|and|in|for|at|after|before|about|over|with|from|late|early|during|as|who|whose|that)\b)[a-z]", text[h.end : h.end + 20]))
        for h in after[:2])


# what may stand between a verb of capture and the place taken: "took control of", "much of",
# "back", "the town of", "the northern city of"
_BEFORE_PLACE = re.compile(r"\s+(?:(?:full\s+|back\s+)?(?:control\s+)?(?:of|over)\s+|back\s+|(?:much|most|parts|part|all|the\s+rest|large\s+parts)\s+of\s+)?"
                           r"(?:(?:the|a)\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|district|province|governorate|area|region|capital)\s+of\s+)?(?:the\s+)?$")


def _place_object(text: str, end: int, ctx: Context) -> bool:
    """Whether the words after a verb of capture lead to a named place ("seized Ramadi",
    "overran the town of Sinjar"): the place an armed force took, not goods or people."""
    return any(_BEFORE_PLACE.match(text[end : p.start]) for p in ctx.places_from(end, end + 60))


# what may stand between a place and its passive verb: "Sinjar was", "the town of Sinjar had been"
_PLACE_THEN_PASSIVE = re.compile(r"^\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?$")


def _place_subject(text: str, start: int, ctx: Context) -> bool:
    """Whether a named place is the subject of the passive verb at ``start`` ("Sinjar was
    retaken"): the place taken, not goods or people."""
    return any(_PLACE_THEN_PASSIVE.match(text[p.end : start]) for p in ctx.places_from(max(0, start - 40), start))


def _cands(text: str, ctx: Context, ev: EventLexicon) -> list[_Cand]:
    out: list[_Cand] = []
    si = 0
    sents = ctx.sentences
    hit_ends = {h.end for h in ctx.actors}
    found = _literal_triggers(text, ev)
    if ev.anchor_re is not None:
        # anchored patterns are tried only where one of their literal first words starts (an
        # Aho-Corasick pass over the lower-cased text; the regex when lower-casing changes the length)
        by_anchor = ev.anchor_pats
        low = text.lower()
        if ev.anchor_auto is not None and len(low) == len(text):
            starts = ((e_ - len(a) + 1, a) for e_, a in ev.anchor_auto.iter(low))
        else:
            starts = ((am.start(), am.group().lower()) for am in ev.anchor_re.finditer(text))
        tried: set[tuple[int, int]] = set()
        for pos, a in starts:
            if pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] == "_"):
                continue  # not at a word start
            for k in by_anchor[a]:
                if (k, pos) in tried:
                    continue
                tried.add((k, pos))
                pat, entry = ev.patterns[k]
                m = pat.match(text, pos)
                if m is not None:
                    found.append((m.start(), m.end(), m.group().lower(), entry))
    for k in ev.free_patterns:
        pat, entry = ev.patterns[k]
        found += [(m.start(), m.end(), m.group().lower(), entry) for m in pat.finditer(text)]
    # at one start the longest wins; of two as long, a lexicon phrase, then a pattern (its words read
    # together), then a single word ("asked" loses to "was asked ... to form a cabinet")
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), 1 if f[3] is not None else (0 if " " in f[2] else 2)))
    last_end = -1
    for start, end, form, fixed in found:
        if start < last_end:
            continue
        while si < len(sents) and sents[si][1] <= start:
            si += 1
        if si >= len(sents):
            break
        if text[start].isupper() and start != sents[si][0] and not _ACRONYM_NOUN.match(text, start):
            continue  # "March 7", "Camp Attack": a name, not a trigger (an "IED" is a thing)
        if fixed is not None:
            if fixed.get("needs_subject_place") and not _place_subject(text, start, ctx):
                continue
            out.append(_Cand(start, end, form, fixed, False, si))
            last_end = end
            continue
        entries = ev.forms.get(form)
        if not entries:
            continue
        if any(e.get("_object_re") is not None for e, _ in entries):
            # "dismissed the governor" (SANCTION) vs "dismissed the charges" (REJECT): an entry
            # with an object test wins when its object follows, and is dropped when it does not
            tail = text[end : end + 80]
            head = text[max(0, start - 80) : start]
            fit = [(e, n) for e, n in entries if e.get("_object_re") is not None
                   and (e["_object_re"].match(tail) or (e.get("_object_before_re") is not None and e["_object_before_re"].search(head)))
                   and not (e.get("needs_object_place") and not _place_object(text, end, ctx))]
            entries = fit or [(e, n) for e, n in entries if e.get("_object_re") is None]
            if not entries:
                continue
        entry, noun = entries[0]
        if entry.get("_base_only") and not _base_allowed(entry, text, start):
            continue  # a bare base after no modal: an imperative, a noun, a headline
        if len(entries) > 1 and len({n for _, n in entries}) > 1:
            prev = text[max(0, start - 25) : start].split()
            p1 = prev[-1].lower() if prev else ""
            # a verb after a subject (an actor, a pronoun, an adverb); a noun otherwise
            want_verb = (start - 1 in hit_ends or (start - 2 in hit_ends and text[start - 2 : start] == "s ")
                         or p1 in _SUBJ_PREV or (p1.endswith("ly") and len(p1) > 3)
                         or (p1.endswith(("s", "es")) and p1.isalpha() and p1 not in ("its", "his", "this", "us", "was", "has", "is", "as")
                             and not p1.endswith("'s")))
            if form.endswith("ing") and text[max(0, start - 2) : start] == ", ":
                want_verb = True
            if p1 == "to" and not form.endswith("s"):
                want_verb = True  # "the first head of state to visit": the infinitive
            if p1 in ("the", "a", "an", "this", "that", "its", "his", "their", "her", "of", "after", "any", "another",
                      "for", "in", "on", "and", "new") or p1.endswith(("'s", "\u2019s")) or p1[:1].isdigit():
                want_verb = False
            pick = next(((e, n) for e, n in entries if n == (not want_verb)), entries[0])
            entry, noun = pick
        if entry.get("needs_object_person") and not noun:
            # "called" is a phone call, "hosted" a visit, only with a person (or state) as object;
            # otherwise the word is no trigger at all (and does not end another act's clause)
            probe = _Cand(start, end, form, entry, noun, si)
            if _lacks_person_object(text, probe, [h for h in ctx.actors_from(end, end + 120) if h.start >= end]):
                continue
        out.append(_Cand(start, end, form, entry, noun, si))
        last_end = end
    return out


def trigger_rule(c: _Cand) -> str:
    """The lexicon rule a candidate came from: "TYPE.subtype:form" for a word of an entry (its
    inflected form as found), "TYPE.subtype:patternN" for the entry's N-th pattern."""
    if c.entry.get("_rule"):
        return c.entry["_rule"]
    return f"{c.entry['type']}.{c.entry.get('subtype') or '-'}:{'noun' if c.noun else 'verb'} {c.form}"


@cache
def _model_entry(etype: str) -> dict:
    """The lexicon entry a model-proposed trigger stands for: the type, its target after the
    word, and the speech-act kind for the statement types."""
    entry = {"type": etype, "subtype": None, "object_target": True, "_rule": f"{etype}.-:model"}
    if etype in STATEMENT_TYPES:
        entry["kind"] = "statement"
    return entry


def model_candidates(text: str, sentences: list[tuple[int, int]], cands: list[_Cand], model) -> list[_Cand]:
    """Trigger candidates a :class:`~marsad.extract.trigger_model.TriggerModel` proposes: in each
    sentence, for each type the model finds likely and the lexicon found no candidate of, the
    word that adds most to that type's score (when it is no lexicon candidate already)."""
    by_sent: dict[int, list[_Cand]] = {}
    for c in cands:
        by_sent.setdefault(c.sent, []).append(c)
    out = []
    for si, (s0, s1) in enumerate(sentences):
        sentence = text[s0:s1]
        have = by_sent.get(si, [])
        for etype in model.likely_types(sentence):
            if any(c.entry["type"] == etype for c in have):
                continue
            w = model.trigger_word(sentence, etype)
            if w is None:
                continue
            a, b = s0 + w.start, s0 + w.end
            if any(c.start < b and a < c.end for c in have):
                continue
            # the model chooses only words that can be verbs: read as one
            c = _Cand(a, b, text[a:b].lower(), _model_entry(etype), False, si)
            have.append(c)
            out.append(c)
    return sorted(cands + out, key=lambda c: c.start) if out else cands

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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.extract.actors import ActorHit
from marsad.extract.certainty import certainty as _certainty
from marsad.extract.certainty import compile_cues
from marsad.extract.event_filters import NOUN_FILTERS, STATEMENT_TYPES, Probe, first_filter
from marsad.extract.places import PlaceHit
from marsad.model import ActorRef, Event, Mention, PlaceRef

__all__ = ["EventLexicon", "compile_events", "find_events", "Context"]

DECISION_TYPES = STATEMENT_TYPES | {"SANCTION", "AGREE", "COOPERATE", "CONCEDE", "AID"}
PHYSICAL_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "CONSULT"}


# --------------------------------------------------------------------------- lexicon


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


def _anchors(rx: str) -> tuple[str, ...] | None:
    """Literal prefixes of the first alternation of a pattern (``\\b(?:fired|launched)...`` ->
    ("fired", "launched")): a text without any of them cannot match, so the regex is skipped."""
    m = re.match(r"^(?:\\b)?\(\?:([^()]*)\)", rx)
    if not m:
        lit = re.match(r"^(?:\\b)?([a-z]{4,})", rx)  # "\\bpromis(?:ed|es)": the literal start
        return (lit.group(1),) if lit else None
    out = []
    for alt in m.group(1).split("|"):
        alt = alt.replace("\\s+", " ").replace("\\s", " ")
        lit = re.match(r"[a-z ]+", alt)
        if not lit:
            return None
        word = lit.group()
        if alt[len(word) : len(word) + 1] in ("?", "*", "{"):
            word = word[:-1]  # the last letter is optional
        word = word.strip().split(" ")[0]
        if len(word) < 3:
            return None
        out.append(word)
    return tuple(out)


def _stem(form: str) -> str:
    w = form.split()[-1] if " " in form else form
    w = {"struck": "strik", "hit": "hit", "shot": "shoot"}.get(w, w)
    return re.sub(r"(?:ing|ed|es|s|e)$", "", w)[:5]


def _alt(words, flags=re.I) -> re.Pattern:
    words = [w for w in words if w]
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", flags)


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
        if e2["_anchors"] and pat.pattern.startswith("\\b"):
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


# --------------------------------------------------------------------------- context


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
    lookup: Any = None  # surface form -> pack actor (exact alias), or None
    actor_index_get: Any = None  # pack actor id -> pack actor
    _actor_starts: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)

    def index(self) -> None:
        """Sort actors and places by position and index them (call once the lists are final)."""
        self.actors = sorted(self.actors, key=lambda h: h.start)
        self.places = sorted(self.places, key=lambda p: p.start)
        self._actor_starts = [h.start for h in self.actors]
        self._place_starts = [p.start for p in self.places]

    def actors_from(self, a: int, b: int) -> list[ActorHit]:
        """Actor mentions starting in [a, b): a bounded look-back keeps the stage linear."""
        return self.actors[bisect_left(self._actor_starts, max(0, a)) : bisect_left(self._actor_starts, b)]

    def places_from(self, a: int, b: int) -> list[PlaceHit]:
        """Place mentions starting in [a, b)."""
        return self.places[bisect_left(self._place_starts, max(0, a)) : bisect_left(self._place_starts, b)]


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


# --------------------------------------------------------------------------- helpers

_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
              "a dozen": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
              "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_NUM = r"(?:\d+|a dozen|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-\w+)?|thirty|forty|fifty)"
_QUAL = r"(?:(?:at least|more than|about|around|nearly|some|up to|over|as many as|roughly)\s+)?"


def _num(s: str) -> int | None:
    s = s.lower().strip()
    if s.isdigit():
        return int(s)
    if s in _NUM_WORDS:
        return _NUM_WORDS[s]
    from marsad.extract.claims import parse_number_words

    r = parse_number_words(s.replace("-", " - ").split()) if "-" in s else parse_number_words([s])
    if r:
        return int(r[0])
    try:
        r = parse_number_words([s])
        return int(r[0]) if r else None
    except Exception:
        return None


_COUNT_ITEM = re.compile(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+\s+){{0,3}}?[\w'-]+)", re.I)


_ITEM_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_ITEM = re.compile(rf"^{_QUAL}(?P<n>{_NUM})\s+(?P<np>.+)$", re.I)


def _count_list(seg: str, person_nouns: re.Pattern) -> int | None:
    """Sum a coordinated list of counted people: "three soldiers, two police officers and a
    civilian cook" -> 6. ``seg`` starts right after the casualty verb."""
    seg = re.split(r"(?<![A-Z])\.(?:\s|$)|[;:(\u2014]|\s-\s|,\s+(?:\w+ing|who|which|according|the|as|in|at|on|near|after|before)\b", seg, maxsplit=1)[0]
    total = 0
    found = False
    for item in _ITEM_SPLIT.split(seg):
        m = _ITEM.match(item.strip())
        if not m:
            break
        n = _num(m.group("n"))
        np = re.split(r"\s(?:at|in|on|near|from|during|after|before|as|when|while|who|which|and)\s", m.group("np"))[0]
        if n is None or len(np.split()) > 6:
            break
        if not (person_nouns.search(np + " ") or re.search(r"\b(?:[a-z]+ers|[a-z]+ists|[a-z]+ians|[a-z]+men|[a-z]+ants)\b", np)):
            break
        total += n
        found = True
    return total if found else None


_CASUALTIES_LEAD = re.compile(r"\b(?:were|was|had\s+been|have\s+been|been)\s+(?:killed|wounded|injured|shot\s+dead)\s+"
                             r"(?:(?:when|as|after|in|by|during)\s+(?:(?:a|an|the|this|that)\s+)?(?:[\w-]+\s+){0,3})?$"
                             r"|\b(?:died|perished)\s+(?:in|during)\s+(?:the|this|that|a|an)\s+(?:[\w-]+\s+){0,2}$")


def _casualty_clause_start(text: str, c: _Cand, s0: int, cl0: int) -> int:
    """Where the casualties of an attack trigger may be stated: from the trigger on, or from the
    start of its sentence when the toll comes first ("Two soldiers were killed when a bomb
    exploded", "Eleven soldiers died in the assault", "two members ... were killed")."""
    lead = text[s0 : c.start + len(c.form)] if c.form in ("killed", "wounded", "injured") else text[s0 : c.start]
    if c.form in ("killed", "wounded", "injured", "shot dead") and re.search(r"\b(?:were|was|been)\s+(?:\w+ly\s+)?$", text[s0 : c.start]):
        return s0
    return s0 if _CASUALTIES_LEAD.search(lead) else c.start


def _fatalities(text: str, lo: int, hi: int, ev: EventLexicon, actors: list[ActorHit]) -> tuple[int | None, int | None]:
    seg = text[lo:hi]
    deaths = injuries = None
    if ev.zero_re.search(seg):
        z = ev.zero_re.search(seg).group().lower()
        if "hurt" in z or "injur" in z:
            injuries = 0
        if "unhurt" in z or "kill" in z or "casualt" in z or "death" in z or "died" in z or "fatal" in z:
            deaths = 0
    for m in ev.death_re.finditer(seg):
        after = seg[m.end():]
        before = seg[: m.start()]
        n = None
        if m.group().lower() in ("killed", "killing", "shot dead", "slain", "killed in"):
            n = _count_list(after.lstrip(), ev.person_nouns)
            if n is None:
                # "killed <Person>" (+ "along with one of his aides")
                a0 = lo + m.end() + (len(after) - len(after.lstrip()))
                dm_ = re.match(r"(?:the\s+|a\s+)(?:(?!(?:of|in|on|at|for|and|by|with)\s)[a-z][\w-]*\s+){1,3}", text[a0 : a0 + 60]) \
                    if m.group().lower() != "killing" else None  # "shot dead the activist Ihab al-Wazni"
                a1 = a0 + (dm_.end() if dm_ else 0)
                k0 = bisect_left(actors, a0, key=lambda h: h.start)
                ph = next((h for h in actors[k0 : k0 + 8] if h.start in (a0, a1) and h.kind == "person"), None)
                if ph is not None:
                    n = 1
                    rest = text[ph.end : hi]
                    am = re.search(rf"along with\s+(?P<n>{_NUM})\b", rest, re.I)
                    if am and _num(am.group("n")):
                        n += _num(am.group("n")) or 0
        if n is None:
            # "two soldiers were killed", "at least one demonstrator was killed"
            bm = re.search(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+\s+){{0,4}}?)(?:were|was|had been|have been|are|been)\s+$", before, re.I)
            if bm and (ev.person_nouns.search(bm.group("np") + " ") or bm.group("np").strip()):
                n = _num(bm.group("n"))
        if n is None and m.group().lower() in ("died", "dead"):
            # "eleven soldiers died in the assault"
            bm = re.search(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+\s+){{0,4}}?)(?:were\s+|was\s+|had\s+|have\s+)?$", before, re.I)
            if bm and ev.person_nouns.search(bm.group("np") + " "):
                n = _num(bm.group("n"))
        if n is not None:
            deaths = n if deaths in (None, 0) else deaths
            break
    if deaths is None:
        # "..., leaving four dead", "left at least 11 people dead"
        lm = re.search(rf"\b(?:leaving|left|leaves|leave)\s+{_QUAL}(?P<n>{_NUM})\s+(?:[\w-]+\s+){{0,2}}?(?:dead|killed)\b", seg, re.I)
        if lm and _num(lm.group("n")) is not None:
            deaths = _num(lm.group("n"))
    for m in ev.injury_re.finditer(seg):
        n = _count_list(seg[m.end():].lstrip(), ev.person_nouns)
        if n is None:
            bm = re.search(rf"{_QUAL}(?P<n>{_NUM})\s+(?:[\w.'-]+\s+){{0,4}}?(?:were|was)\s+$", seg[: m.start()], re.I)
            if bm:
                n = _num(bm.group("n"))
        if n is not None:
            injuries = n
            break
    return deaths, injuries


_PREP_BEFORE = re.compile(r"(?:\b(?:of|on|against|at|in|to|for|with|from|near|into|over|toward|towards|by|about|between|among|targeting|hosting|housing)\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w.]*\s+){0,3})$")
_CLAUSE_BREAK = re.compile(r";|\s[\u2014\u2013-]\s|,\s+(?:while|whereas|but|although)\s|,\s+and\s+(?=(?:the\s+)?[A-Z])")
_SUBORD_WORD = re.compile(r"(?:^|[\s,])(?:that|which|who|whose|after|before|when|while|because|although|since|until|where|if|whom)\s", re.I)


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
                    r"(?:barrage|volley|salvo|drone|drones|rocket|rockets|missile|missiles|bomb|gunmen|attackers|crowd|crowds|protesters|explosion|strike|attack)\b",
                    text[m.end() : pos]):
                last = m.end()  # "after a volley of missiles ... hit": the clause has its own subject
    return last


# --------------------------------------------------------------------------- main


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



_DECISION_ANNOUNCED = re.compile(
    r"\b(?:announc\w+|declar\w+|decided|decision|said|confirmed|told\s+\w+)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:(?:he|she|it|they|[A-Z][\w.'-]+|the\s+[\w-]+|his\s+[\w-]+|its\s+[\w-]+|[\w-]+\s+and\s+[\w-]+)\s+)?(?:would|will|was\s+going\s+to|to)\s+(?:(?:formally|immediately|now|also|officially)\s+)?(?:\w+\s+){0,2}$"
    r"|\b(?:ordered|instructed|directed|told)\s+(?:all\s+)?(?:his|her|its|their)\s+(?:[\w-]+\s+){0,3}?to\s+$")


_DEMONYM_WEAPON = re.compile(r"\b([A-Z][a-z]+)\s+(?:[a-z][\w-]*\s+){0,2}?(?:missiles?|rockets?|drones?|warplanes?|jets?|aircraft|artillery|shells|strikes?|airstrikes?|air strikes?|bombardment|shelling|attack|raid)\b")

_SUBJ_PREV = {"it", "they", "he", "she", "which", "who", "that", "we", "i", "also", "then", "later", "have", "has", "had"}


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
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    last_end = -1
    for start, end, form, fixed in found:
        if start < last_end:
            continue
        while si < len(sents) and sents[si][1] <= start:
            si += 1
        if si >= len(sents):
            break
        if text[start].isupper() and start != sents[si][0]:
            continue  # "March 7", "Camp Attack": a name, not a trigger
        if fixed is not None:
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
            fit = [(e, n) for e, n in entries if e.get("_object_re") is not None and e["_object_re"].match(tail)]
            entries = fit or [(e, n) for e, n in entries if e.get("_object_re") is None]
            if not entries:
                continue
        entry, noun = entries[0]
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
            if p1 in ("the", "a", "an", "this", "that", "its", "his", "their", "her", "of", "after", "any", "another",
                      "for", "in", "on", "and", "new") or p1.endswith(("'s", "\u2019s")) or p1[:1].isdigit():
                want_verb = False
            pick = next(((e, n) for e, n in entries if n == (not want_verb)), entries[0])
            entry, noun = pick
        out.append(_Cand(start, end, form, entry, noun, si))
        last_end = end
    return out


_PAREN_REL = re.compile(
    # ", which attacked ... in 2009,"; ", the Shiite alliance that controls ... since June,"
    r",\s+(?:(?:which|who|whom|whose|where)\s|(?:the|a|an)\s+[^,;()]{0,60}?\b(?:that|which|who|whom|whose)\s)[^,;()]{3,160}?,(?=\s+(?:[a-z]+ly\s+)?(?:has\s+|have\s+|had\s+|was\s+|were\s+)?[a-z]+(?:ed|ew|ung|ought|ught|ook|ent|ave|ade|aid|old|ot)?\b)")
_PREPOSED = re.compile(
    # "After the United States killed ... in January, Kataib Hezbollah vowed ...": a clause before the main one
    r"(?:^|(?<=[.;:]\s))(?:(?:[\w-]+\s+){0,3}?(?:after|before|since|following|when|while|although|though|because|as|once|until))\s[^,;()]{3,200}?,\s",
    re.I)


@lru_cache(maxsize=512)
def _paren_spans(text: str, s0: int, s1: int) -> list[tuple[int, int, bool]]:
    """Parenthetical relative clauses and preposed subordinate clauses of sentence [s0, s1):
    (start, end, temporal) where ``temporal`` marks "when/while/as" clauses (which share the
    main clause's time)."""
    out = [(m.start(), m.end(), False) for m in _PAREN_REL.finditer(text, s0, s1)]
    m = _PREPOSED.match(text, s0, s1)
    if m:
        out.append((m.start(), m.end(), bool(re.match(r"(?:\S+\s+){0,3}?(?:when|while|as|once)\s", m.group(), re.I))))
    return out


_FORWARD_ANCHOR = re.compile(r"\b(?:following|next|later|subsequent|afterwards|after that)\b", re.I)


def _date_for(dates: list, starts: list[int], start: int, end: int, s0: int, s1: int, text: str | None = None):
    """The date that dates the trigger at [start, end) in sentence [s0, s1): a resolved mention in
    the sentence (past ones first) nearest the trigger; else the last resolved, non-future,
    anchoring mention before the sentence (the text's running date). The same choice as
    ``marsad.extract.dates.date_for``, with a bisect over the document's mentions."""
    inside = [m for m in dates[bisect_left(starts, s0) : bisect_left(starts, s1)] if m.end <= s1 and m.value]
    if len(inside) > 1 and text is not None:
        # a relative anchor after the trigger ("..., and Y the following day") governs its own
        # clause, never an act before it
        keep = [m for m in inside if not (m.start >= end and _FORWARD_ANCHOR.search(m.text)
                                          and re.search(r",\s*(?:and|but|while|then)\s|;|\sand\s+(?:then\s+)?(?:the\s+)?[A-Z]", text[end : m.start]))]
        # a date inside a parenthetical relative clause (", which ... in 2009,") dates that
        # clause only; a trigger outside it does not take it
        spans = [(a, b) for a, b, temporal in _paren_spans(text, s0, s1) if not temporal]
        if spans:
            own = next(((a, b) for a, b in spans if a <= start < b), None)
            if own is not None:
                keep2 = [m for m in keep if own[0] <= m.start < own[1]]
            else:
                keep2 = [m for m in keep if not any(a <= m.start < b for a, b in spans)]
            keep = keep2 or keep
        inside = keep or inside
    if inside:
        past = [m for m in inside if not m.future] or inside

        def distance(m) -> int:
            if m.start >= start and m.end <= end:
                return 0
            d = min(abs(m.start - end), abs(m.end - start))
            # "October's election": a date that modifies a noun dates that noun, not the verb
            return d + (300 if m.text.endswith(("'s", "\u2019s")) and not 0 <= start - m.end <= 2 and not (
                text is not None and 0 <= start - m.end <= 30 and re.match(r"^\s+(?:[\w.-]+\s+){0,2}$", text[m.end:start])) else 0)
            # ("Sunday's American airstrikes": the possessive date still dates its noun)

        return min(past, key=distance)
    for m in reversed(dates[: bisect_left(starts, s0)]):
        if m.end <= s0 and m.value and not m.future and m.anchors and m.kind not in ("since", "range") \
                and not m.text.endswith(("'s", "\u2019s")):  # "Sunday's airstrikes" dates its noun only
            return m
    return None


def _sent_hits(hits, s0, s1, starts=None):
    """Hits inside [s0, s1); ``starts`` (the sorted start offsets of ``hits``) makes it a bisect."""
    if starts is None:
        return [h for h in hits if h.start >= s0 and h.end <= s1]
    return [h for h in hits[bisect_left(starts, s0) : bisect_left(starts, s1)] if h.end <= s1]


def _outer(hits: list[ActorHit], text: str) -> list[ActorHit]:
    """Hits not nested in another hit and not compound modifiers ("Iran-backed")."""
    out = []
    for h in hits:
        if any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in hits):
            continue
        if re.match(r"[-\u2010\u2011][a-z]", text[h.end : h.end + 2]):
            continue
        out.append(h)
    return out


def _is_speaker(text: str, h: ActorHit, ev: EventLexicon) -> bool:
    nxt = text[h.end : h.end + 40]
    m = ev.speech_re.match(nxt.lstrip(" ,"))
    if not m:
        m = re.match(r",\s+(?:which|who)\s+(?:also\s+)?(?:said|says|told|reported|announced)\b", nxt)
    if not m:
        # "X, in a statement the same day, said"
        m2 = re.match(r"(?:\s*\([^)]{1,12}\))?,[^,]{0,70},\s*", text[h.end : h.end + 110])
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


def _subject(text: str, before: list[ActorHit], cl0: int, s0: int, ev: EventLexicon, skip=()) -> list[ActorHit]:
    """The subject of a clause (leftmost actor in it that is not a prepositional object), with
    the actors coordinated with it ("Kadhimi and Barzani")."""
    pool = [h for h in before if h.start >= cl0 and h not in skip
            and (not _PREP_BEFORE.search(text[max(s0, h.start - 25) : h.start])
                 or re.search(r"\b(?:(?:thousands|hundreds|dozens|scores|members|some|many|most|fighters|supporters|followers|lawmakers|officials|leaders|deputies|one|two|three)\s+of|(?:gunmen|fighters|militants|members|men|loyalists|supporters)\s+(?:from|loyal\s+to))\s+(?:the\s+)?$",
                              text[max(s0, h.start - 30) : h.start], re.I))]
    if not pool:
        return []
    first = pool[0]
    # "Iran's supreme leader", "Abdul Mahdi's government": the possessor is not the subject
    k = 0
    while k + 1 < len(pool) and text[pool[k].end : pool[k].end + 2] in ("'s", "\u2019s") \
            and pool[k + 1].start - pool[k].end <= 3:
        k += 1
    first = pool[k]
    pool = pool[k:]
    for h in pool[1:]:
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
            group.append(h)
        else:
            break
    return group


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

def _s_act_subject(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Kataib Hezbollah fired rockets", "a strike by U.S. forces", "U.S. forces were attacked by X": the agent of an act, from its clause (possessor, by-phrase, subject, passive)."""
    text, ev, c, statement, speaker, before = a.text, a.ev, a.c, a.statement, a.speaker, a.before
    after, cl0, s0, scope_end, before_txt, participle = a.after, a.cl0, a.s0, a.scope_end, a.before_txt, a.participle
    if not c.entry.get("subject_is_target") and not statement:
        if c.noun:
            bym = re.match(r"\s+(?:\w+\s+)?by\s+", text[c.end : c.end + 24])
            if bym:
                h = next((h for h in after if h.start <= c.end + bym.end() + 30), None)
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
            if not srcs and re.search(r"\b[a-z]+ed\s+(?:(?:a|an|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,2}$", before_txt) \
                    and not re.search(r"\b(?:was|were|been|is|are)\s+[a-z]+ed\s", before_txt):
                # "the minister then ordered a joint inquiry"; "the cleric announced his withdrawal"
                own_act = re.search(r"\b(?:announced|declared)\s+(?:his|her|its|their)\s+(?:[\w-]+\s+)?$", before_txt) \
                    or re.search(r"\bclaimed\s+(?:responsibility\s+for\s+)?(?:an?\s+|two\s+|three\s+|several\s+)?(?:[\w-]+\s+){0,2}$", before_txt)
                srcs = [h for h in _subject(text, before, cl0, s0, ev) if own_act or not _is_speaker(text, h, ev)][:1]
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
            srcs = _subject(text, [h for h in before if h.start >= lo], lo, s0, ev, skip=(speaker,) if speaker else ())
            if not srcs and participle:
                srcs = _subject(text, before, s0, s0, ev, skip=(speaker,) if speaker else ())
        if not c.noun and not c.form.split()[0].endswith("ing") and re.search(r"\b(?:was|were|been|being)\s+$", text[max(s0, c.start - 10) : c.start]):
            bym = re.match(r"[^.;]{0,40}?\bby\s+", text[c.end : scope_end])
            near_subj = [h for h in before if h.start >= cl0 and _PASSIVE_SUBJECT_GAP.match(text, h.end, c.start)]
            tgt = near_subj[-1] if near_subj else None
            h = next((h for h in after if bym and h.start >= c.end + bym.end() - 1), None) if bym else None
            srcs = [h] if h is not None else []
    return srcs, tgt

_OBJECT_RELATIVE_HEAD = re.compile(
    r"(?:,\s+|\b)(?:a|an|the|one|another)\s+(?:[\w-]+\s+){0,2}?(?:group|organi[sz]ation|militia|faction|movement|party|man|"
    r"figure|commander|leader|cleric|force|body|network|company|bank)\s+(?:that\s+|which\s+|whom\s+)?(?:the\s+)?$")


def _s_object_relative_subject(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"sanctioned Kataib Hezbollah, a group the United States designated in 2009": in a
    relative clause without a relative pronoun, the actor just before the verb is its subject and
    the noun the clause hangs on (the group named before it) its object."""
    text, c = a.text, a.c
    if c.noun or a.passive or a.statement:
        return srcs, tgt
    subj = next((h for h in reversed(a.before) if re.fullmatch(r"\s+(?:\w+ly\s+)?", text[h.end : c.start])), None)
    if subj is None:
        return srcs, tgt
    head = _OBJECT_RELATIVE_HEAD.search(text, max(a.s0, subj.start - 60), subj.start)
    if head is None:
        return srcs, tgt
    antecedent = next((h for h in reversed(a.before) if h.end <= head.start() and re.fullmatch(r"\s*", text[h.end : head.start()])), None)
    return [subj], antecedent if antecedent is not None else tgt


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
                     or (not c.noun and re.match(r"^\s+(?:\w+ly\s+)?$", text[dmm.end() : c.start]))):
            st_id, st_name = ev.demonyms[dmm.group(1)]
            srcs = [ActorHit(dmm.start(1), dmm.end(1), st_id, st_name, "state", "demonym")]
    return srcs, tgt

def _s_crowd_inside_trigger(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"Thousands of Sadr supporters rallied": the crowd named inside the trigger phrase acted."""
    ctx, c, etype, actor_starts = a.ctx, a.c, a.etype, a.actor_starts
    if not srcs and c.entry.get("_target_inside") and etype in ("PROTEST", "MOBILIZE"):
        # "hundreds of his loyalists marched": the crowd named inside the trigger acted
        srcs = [h for h in _sent_hits(ctx.actors, c.start - 60, c.end + 1, actor_starts)
                if h.kind != "person" and h.end > c.start][:1]  # (or one ending inside it: "Hashimi supporters")
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
    if srcs and not statement and not passive:
        # "the cleric gave his men a deadline, and by nightfall they began leaving": a pronoun
        # subject right before the trigger, after the actor found, is the subject
        pm2 = _PRONOUN_SUBJECT.search(text, max(cl0, c.start - 60), c.start)
        if pm2 and all(h.end <= pm2.start() for h in srcs) and not any(pm2.start() < h.start < c.start for h in before):
            srcs = []
    return srcs, tgt

def _s_pronoun_antecedent(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"It fired rockets": a pronoun subject is the last actor of a fitting kind named before."""
    text, ctx, c, speaker, before, hits = a.text, a.ctx, a.c, a.speaker, a.before, a.hits
    cl0, s0 = a.cl0, a.s0
    if not srcs:
        pm = re.search(r"(?:^|[\s,])(He|She|he|she|It|it|They|they)\s+(?:(?:has|had|have|was|were|would|will|also|then|later|later\s+\w+|\w+ly|began|started|soon)\s+){0,2}$", text[cl0:c.start])
        if pm:
            want = ("person",) if pm.group(1).lower() in ("he", "she") else ("armed_group", "party", "coalition", "state", "state_force", "institution", "organization")
            if pm.group(1).lower() in ("it", "they") and speaker is not None and speaker.end <= c.start and speaker.kind in want:
                srcs = [speaker]
            else:
                prev_any = [h for h in ctx.actors_from(c.start - 1000, c.start) if h.end <= c.start and h.kind in want and h not in hits[len(before):]
                            and not (h.start >= s0 and re.search(r"\b(?:against|at|on|to|toward|towards|with|from|by|into|near)\s+(?:the\s+|a\s+|an\s+)?$", text[max(s0, h.start - 25) : h.start]))]
                if prev_any and c.start - prev_any[-1].end < 400:
                    srcs = [prev_any[-1]]
    return srcs, tgt

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

def _t_object(a: _Clause, srcs: list[ActorHit], tgt: ActorHit | None) -> tuple[list[ActorHit], ActorHit | None]:
    """"struck Kataib Hezbollah sites": the first actor after the trigger in its clause, skipping speakers and agents."""
    text, ev, c, etype, statement, after = a.text, a.ev, a.c, a.etype, a.statement, a.after
    hits, scope_end = a.hits, a.scope_end
    if c.entry.get("object_target") and tgt is None:
        inside = c.entry.get("_target_inside")
        pool = [h for h in hits if c.start <= h.start and h.end <= c.end] if inside else after
        if inside and not [h for h in pool if h not in srcs] and etype in ("ASSAULT", "COERCE", "SANCTION", "AID"):
            # "fired on a vehicle carrying ...", "issued an arrest warrant for X": the object after the phrase
            pool = [h for h in after if re.match(r"^\s*(?:(?:at|on|upon|against|for|of|the|a|an)\s+)?(?:[\w.'-]+\s+){0,4}$", text[c.end : h.start])]
        for h in pool:
            if h.start > scope_end or (not inside and _CLAUSE_BREAK.search(text, c.end, h.start + 1)):
                break
            if h in srcs or (srcs and h.id and h.id == srcs[0].id) or _is_speaker(text, h, ev):
                continue
            if re.match(r"\s+(?:called|described|termed|dubbed|labelled|labeled)\b", text[h.end : h.end + 14]):
                continue  # "what a spokesman called defensive strikes"
            if not statement and re.search(r"\b(?<!used )(?<!operated )(?<!run )(?<!occupied )(?<!controlled )(?<!held )by\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,2}$",
                                            text[max(c.end, h.start - 40) : h.start]):
                continue  # "a raid ordered by the defence minister": an agent, not the target
            if statement and not inside and not re.match(r"^\s*(?:(?:on|to|for|of|against|the|a|an|its|their|his|her)\s+){0,2}(?:[A-Za-z-]+\s+){0,2}$", text[c.end : h.start]):
                break
            tgt = h
            if h.kind != "person" and etype != "ASSAULT":
                # "sanctioned Kataib Hezbollah leader Abu Hussein al-Hamidawi": the person
                person = next((p for p in pool if p.kind == "person" and p.start > h.end), None)
                if person is not None and _TITLED_MEMBER.match(text[h.end : person.start]):
                    tgt = person
            break
    return srcs, tgt

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
            groups = [h for h in ctx.actors_from(c.start - 1000, c.start) if h.end <= c.start and h.id not in src_ids and h.kind in
                      ("armed_group", "party", "coalition", "state_force", "organization", "state")]
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


ARGUMENT_RESOLVERS: list[tuple[str, Callable]] = [
    ("source:subject_is_target", _s_subject_is_target),
    ("source:statement_speaker", _s_statement_speaker),
    ("source:act_subject", _s_act_subject),
    ("source:object_relative_subject", _s_object_relative_subject),
    ("source:weapon_launched_by", _s_weapon_launched_by),
    ("source:pair_between", _s_pair_between),
    ("source:passive_deployment", _s_passive_deployment),
    ("source:modifier_author", _s_modifier_author),
    ("source:demonym_weapon", _s_demonym_weapon),
    ("source:crowd_inside_trigger", _s_crowd_inside_trigger),
    ("source:reporting_pronoun", _s_reporting_pronoun),
    ("source:pronoun_before_trigger", _s_pronoun_before_trigger),
    ("source:pronoun_antecedent", _s_pronoun_antecedent),
    ("target:possessive_person", _t_possessive_person),
    ("target:object", _t_object),
    ("target:statement_act_author", _t_statement_act_author),
    ("target:demonym_against", _t_demonym_against),
    ("target:extra_target", _t_extra_target),
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


_CLAIMED_DEFINITE = re.compile(
    r"\b(?:had |has |have )?(?:claimed|claiming|claims)\s+(?:responsibility\s+for\s+)?(?:the|this|that|these|those|both)\s+(?:[\w-]+\s+){0,2}$")


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
    if claimers and prior:
        # the attack mentioned last before the claim
        max(prior, key=lambda e: _last_mention(e, c.start)).source_actor = _ref(claimers[0])
    return True


def trigger_rule(c: _Cand) -> str:
    """The lexicon rule a candidate came from: "TYPE.subtype:form" for a word of an entry (its
    inflected form as found), "TYPE.subtype:patternN" for the entry's N-th pattern."""
    if c.entry.get("_rule"):
        return c.entry["_rule"]
    return f"{c.entry['type']}.{c.entry.get('subtype') or '-'}:{'noun' if c.noun else 'verb'} {c.form}"


def _same_sentence_after(cands: list[_Cand], ci: int):
    """The candidates after ``cands[ci]`` in its sentence (candidates are in text order)."""
    sent = cands[ci].sent
    for j in range(ci + 1, len(cands)):
        if cands[j].sent != sent:
            return
        yield cands[j]


def _claim_filter(p: Probe) -> bool:
    """"A drone struck the base. The group claimed the attack.": the claim names the attack's
    author (see :func:`_claim_of_reported_act`) and is no new event."""
    return p.etype == "ASSAULT" and _claim_of_reported_act(p.ctx, p.lex, p.cand, p.events, p.before, p.s0)


_NOUN_FILTERS = NOUN_FILTERS[:3] + [("claim_of_reported_act", _claim_filter)] + NOUN_FILTERS[3:]


def find_events(ctx: Context, ev: EventLexicon, trace: list | None = None) -> list[Event]:
    """Events of a document: trigger candidates, filters (:mod:`marsad.extract.event_filters`),
    arguments, date, certainty, then merging of repeated mentions. ``trace``, when given, gets a
    tuple per decision: ("filter", rule, start, end, type) for a dropped candidate and
    ("trigger", rule, start, end, type) for a candidate that became an event."""
    text = ctx.text
    ctx.index()
    cands = _cands(text, ctx, ev)
    assault_sents = {d.sent for d in cands if d.entry["type"] == "ASSAULT"}
    actor_starts = ctx._actor_starts
    dates_sorted = sorted(ctx.dates, key=lambda d: d.start)
    date_starts = [d.start for d in dates_sorted]

    def dates_near(a: int, b: int):
        return dates_sorted[bisect_left(date_starts, a) : bisect_left(date_starts, b)]

    events: list[Event] = []
    meta: list[dict] = []
    for ci, c in enumerate(cands):
        s0, s1 = ctx.sentences[c.sent]
        etype = c.entry["type"]
        before_txt = text[max(s0, c.start - 40) : c.start]
        statement = c.entry.get("kind") == "statement"
        # ---------------------------------------------------------------- filters
        probe = Probe(text, c, etype, statement, before_txt, s0, s1, ev, events, dates_near, ctx)
        dropped = first_filter(probe, _NOUN_FILTERS)
        if dropped is not None:
            if trace is not None:
                trace.append(("filter", dropped, c.start, c.end, etype))
            continue
        pattern_anaphor = bool(c.entry.get("_target_inside")) and bool(re.search(r"\b(?:the|these|those)\s+$", before_txt, re.I))
        anaphoric = pattern_anaphor or c.noun and bool(re.search(r"\b(?:the|that|this|these|those|its|their|his|her|such)\s+(?:[\w-]+\s+){0,2}$", before_txt, re.I)) \
            and not re.search(r"\b(?:the|that|this)\s+(?:[A-Z][a-z]+\s+\d+|\w+day's?)\s+", text[max(s0, c.start - 30):c.start])
        c.anaphoric = anaphoric
        if c.noun and etype not in STATEMENT_TYPES:
            about = bool(re.search(r"\b(?:over|about|regarding|against|for|condemning|denouncing)\s+(?:the|this|that|its|their|last\s+\w+'s)\s+(?:[\w-]+\s+){0,2}$", before_txt))
            prev_stmt = next((d for d in reversed(cands[:ci]) if d.sent == c.sent and d.entry.get("kind") == "statement"
                              and not d.noun and 0 <= c.start - d.end <= (90 if about else 30)), None)
            if prev_stmt is not None or re.search(r"\b(?:said|says|added|saying|called|described|condemned|denounced)\s+(?:that\s+)?(?:the|this|that|it)\s+(?:[\w-]+\s+){0,2}$", text[max(s0, c.start - 50) : c.start]) \
                    or re.search(r"\bof\s+(?:orchestrating|carrying\s+out|launching|staging|masterminding|ordering|planning|being\s+behind)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", text[max(s0, c.start - 60) : c.start]):
                c.referent = anaphoric or prev_stmt is not None
        # ---------------------------------------------------------------- arguments
        hits = _outer(_sent_hits(ctx.actors, s0, s1, actor_starts), text)
        paren = [(a, b) for a, b, _ in _paren_spans(text, s0, s1) if b <= c.start]
        if paren:
            hits = [h for h in hits if not any(a <= h.start < b for a, b in paren)]
        before = [h for h in hits if h.end <= c.start]
        after = [h for h in hits if h.start >= c.end]
        if c.entry.get("needs_object_person") and re.match(r"\s+(?:by|for|on|upon|off|it|them|in|out|up|as|an?)\b", text[c.end : c.end + 8]):
            continue
        if c.entry.get("needs_object_person") and not any(
                h.kind in ("person", "state") and re.match(r"^\s+(?:(?:[a-z]+|[A-Z][\w.]*)\s+){0,4}$", text[c.end : h.start])
                and not (h.kind == "state" and re.match(r"\s+(?!(?:on|to|and|in|for|at|after|before|about|over|with|from|late|early|during|as|who|whose|that)\b)[a-z]", text[h.end : h.end + 20]))
                for h in after[:2]):
            continue  # "called" is a phone call only with a person as its object
        nxt = next((d for d in _same_sentence_after(cands, ci) if not d.noun and (
            d.entry["type"] != etype or _CLAUSE_BREAK.search(text, c.end, d.start))), None)
        scope_end = nxt.start if nxt else s1
        cl0 = _clause_start(text, s0, c.start, before)
        cut = re.search(r"[,]?\s(?:(?:hours|days|weeks|minutes|shortly|a day|two days|three days)\s+)?(?:after|before|following)\s", text[c.end:scope_end])
        if cut:
            scope_end = c.end + cut.start()
        speaker = None
        for h in reversed(before):
            if _is_speaker(text, h, ev):
                speaker = h
                break
        if speaker is None:
            for h in after:
                if h.start - c.end > 120:
                    break
                if _is_speaker(text, h, ev):
                    speaker = h
                    break
        if speaker is not None and not statement and c.entry.get("_target_inside") and 0 <= c.start - speaker.end <= 2 \
                and ev.speech_re.match(text, c.start):
            speaker = None  # "Iraq and the United States announced that the mission will end": the announcement is the act
        passive = not c.noun and not c.form.split()[0].endswith("ing") and bool(re.search(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$", text[max(s0, c.start - 16) : c.start]))
        participle = not c.noun and c.form.endswith("ing") and bool(re.search(r",\s*(?:and\s+)?$", before_txt))
        clause = _Clause(text, ctx, ev, c, etype, statement, speaker, before, after, hits, cl0, s0, s1, scope_end,
                         before_txt, participle, passive, actor_starts)
        srcs, tgt = resolve_arguments(clause, trace)
        # ---------------------------------------------------------------- date
        dm = _date_for(dates_sorted, date_starts, c.start, c.end, s0, s1, text)
        date = dm.value if dm is not None else None
        prec = dm.precision if dm is not None else None
        date_text = dm.text if dm is not None else None
        future = bool(dm is not None and dm.future)
        if c.noun:
            own_date = dm is not None and max(s0, c.start - 30) <= dm.start and dm.end <= c.end + 30 \
                and not (dm.start >= c.end and ("," in text[c.end : dm.start]  # "The drone attack, the third this month,"
                                                or re.search(r"\b(?:[a-z]{3,}ed|was|were|is|are|has|had|have|sparked|drew|led|came|began)\b", text[c.end : dm.start])))
            # ("The Qaim strikes prompted protests on Sunday": Sunday dates the protests)
        else:
            own_date = dm is not None and cl0 <= dm.start < scope_end
        if date is None and ctx.published and len(ctx.published) >= 7:
            date, prec, date_text = ctx.published[:7], "month", None
        # ---------------------------------------------------------------- certainty
        cert = _certainty(text, _clause_start(text, s0, c.start), c.start, c.end, scope_end, ev.cues)
        if cert == "asserted" and not c.noun and re.search(r"\bto\s+$", text[max(s0, c.start - 4) : c.start]) \
                and not re.search(r"\b(?:tried|attempted|began|started|continued|managed|moved|went on)\s+to\s+$", text[max(s0, c.start - 20) : c.start], re.I):
            cert = "hypothetical"
        if future:
            cert = "hypothetical"
        if cert == "hypothetical" and c.entry.get("decision_asserted") and not future and _DECISION_ANNOUNCED.search(
                text[max(s0, c.start - 90) : c.start]):
            # "announced he would submit his resignation", "ordered his lawmakers to quit parliament":
            # the announced decision is the act
            cert = "asserted"
        if speaker is not None and not statement and cert == "asserted" and speaker not in srcs:
            cert = "reported"
        mode = c.entry.get("mode")
        if etype == "ASSAULT":
            window = text[max(s0, c.start - 60) : min(s1, c.end + 40)]
            for md, pat in ev.assault_modes:
                if pat.search(window):
                    mode = md
                    break
        fat = inj = None
        if etype == "ASSAULT":
            vm = re.search(r"\b(?:killed|killing|assassinated|shot dead|targeting)\s+", text[c.start:scope_end])
            if vm:
                victim = next((h for h in hits if h.start == c.start + vm.end() and h.kind == "person"), None)
                if victim is not None and (tgt is None or tgt.kind not in ("person",)):
                    tgt = victim
            fat, inj = _fatalities(text, _casualty_clause_start(text, c, s0, cl0), scope_end, ev, ctx.actors)
            zm = ev.zero_re.search(text, cl0, scope_end)
            if fat is None and zm and re.search(r"kill|casualt|dead|death|died|fatal|unhurt", zm.group(), re.I):
                fat = 0
            if fat is None and not c.anaphoric:
                for k in range(c.sent + 1, min(c.sent + 3, len(ctx.sentences))):
                    a0, a1 = ctx.sentences[k]
                    if k in assault_sents:
                        break
                    zm = ev.zero_re.search(text, a0, a1)
                    if zm and re.search(r"kill|casualt|dead|death|died|fatal", zm.group(), re.I):
                        fat = 0
                        break
        evidence_start, evidence_end = _evidence(text, s0, s1, c)
        modal_after = bool(re.match(r"\s+(?:\w+\s+){0,2}?(?:would|will)\s+be\b", text[c.end : c.end + 30]))
        if c.noun and modal_after and etype == "SANCTION":
            cert = "hypothetical"
        if cert == "hypothetical" and etype in ("ASSAULT", "SANCTION") and c.entry.get("kind") != "statement" \
                and (not c.noun or modal_after):
            # "Trump said Washington would impose sanctions": the threat is the event
            threatener = speaker if speaker is not None and speaker.end <= c.start else None
            if threatener is None:
                pm = re.search(r"\b(He|She)\s+(?:\w+\s+)?(?:said|announced|warned|wrote|declared|told)\b", text[s0:c.start])
                if pm:
                    people = [h for h in ctx.actors_from(s0 + pm.start() - 1000, s0 + pm.start()) if h.kind == "person" and h.end <= s0 + pm.start()]
                    if people and s0 + pm.start() - people[-1].end < 500:
                        threatener = people[-1]
            if threatener is None:
                lead = _subject(text, before, s0, s0, ev)
                if lead and re.search(r"\b(?:said|warned|threatened|wrote|told|vowed|declared|announced)\b", text[lead[0].end : c.start]):
                    threatener = lead[0]
            if threatener is not None and (modal_after or re.search(r"\b(?:would|will|could|going to)\b", text[max(s0, c.start - 40) : c.start])):
                th_tgt = tgt if tgt is not None and tgt is not threatener else None
                if th_tgt is None:
                    on = re.search(r"\b(?:on|against)\s+(?:the\s+)?", text[c.end : scope_end])
                    if on:
                        th_tgt = next((h for h in after if h.start >= c.end + on.end() - 1), None)
                loc = _location(ctx, c, "THREATEN", threatener, s0, s1, scope_end)
                ev0, ev1 = _evidence(text, s0, s1, c)
                events.append(Event(type="THREATEN", mode="violence" if etype == "ASSAULT" else "restrict",
                                    subtype="threat", date=date, date_precision=prec, date_text=date_text,
                                    location=loc, source_actor=_ref(threatener), target_actor=_ref(th_tgt),
                                    certainty="asserted", confidence=0.6, trigger=text[c.start:c.end],
                                    evidence=Mention(text=text[ev0:ev1], start=ev0, end=ev1)))
                meta.append({"sent": c.sent, "cand": _Cand(c.start, c.end, c.form, {"type": "THREATEN", "kind": "statement"}, False, c.sent),
                             "src": threatener, "tgt": th_tgt, "speaker": speaker, "stem": "threat", "own_date": own_date,
                             "participle": False})
        if etype == "REQUEST" and tgt is not None and tgt.via is not None and srcs and tgt.via.id == srcs[0].id:
            continue  # a leader telling his own followers: part of the act that follows
        for k, src in enumerate(srcs or [None]):
            e_tgt = tgt
            if etype in ("CONSULT", "AGREE", "COOPERATE") and len(srcs) > 1:
                if k > 0:
                    break
                e_tgt = srcs[1]
            own_place = [False]
            nxt_any = next((d for d in _same_sentence_after(cands, ci) if d.start >= c.end
                            and (d.noun or d.entry["type"] != etype)), None)
            loc = _location(ctx, c, etype, src, s0, s1, scope_end, own_place, nxt_any.start if nxt_any else None)
            if etype == "CONSULT" and not own_place[0]:
                # "Sudani visited Washington / the White House", "during a visit to Washington, X met Y":
                # in the visited country
                visited = e_tgt if c.form.startswith(("visit", "toured", "trip")) else None
                if visited is None:
                    vm = re.search(r"\b(?:visit(?:ed|ing|s)?|trip|tour(?:ed)?)\s+(?:to\s+)?(?:the\s+)?$", text[s0:c.start])
                    if vm is None:
                        vm2 = re.search(r"\b(?:visit(?:ed|ing|s)?|trip)\s+(?:to\s+)?(?:the\s+)?", text[s0:s1])
                        visited = next((h for h in hits if vm2 and h.start == s0 + vm2.end() and h.kind == "state"), None)
                vc = (ctx.actor_country.get(visited.id or "") or visited.country) if visited is not None else None
                if vc:
                    loc = PlaceRef(country=vc)
            conf = 0.5 + 0.15 * (src is not None) + 0.1 * (date is not None) + 0.1 * (loc is not None and loc.name is not None) \
                + 0.1 * (not c.noun)
            e = Event(type=etype, mode=mode, subtype=c.entry.get("subtype"),
                      date=date, date_precision=prec, date_text=date_text,
                      location=loc, source_actor=_ref(src), target_actor=_ref(e_tgt),
                      fatalities=fat, injuries=inj, certainty=cert, confidence=min(conf, 0.95),
                      trigger=text[c.start:c.end],
                      evidence=Mention(text=text[evidence_start:evidence_end], start=evidence_start, end=evidence_end))
            split = _country_split(ctx, c, etype, scope_end) if etype == "ASSAULT" and not c.anaphoric else []
            split_flag = len(split) >= 2
            if len(split) >= 2:
                # "three targets in western Iraq ... and two across the frontier in eastern Syria":
                # one event per country; a death toll covering both goes to neither
                e.location = split[0].ref()
                e.fatalities = None
                for p_ in split[1:]:
                    e2 = Event(type=e.type, mode=e.mode, subtype=e.subtype, date=e.date, date_precision=e.date_precision,
                               date_text=e.date_text, location=p_.ref(), source_actor=e.source_actor,
                               target_actor=e.target_actor, fatalities=None, injuries=None, certainty=e.certainty,
                               confidence=e.confidence, trigger=e.trigger, evidence=e.evidence)
                    events.append(e2)
                    meta.append({"sent": c.sent, "cand": c, "src": src, "tgt": e_tgt, "speaker": speaker,
                                 "stem": _stem(c.form), "own_date": own_date, "participle": participle,
                                 "own_place": True, "shift": False, "split": True})
            events.append(e)
            if trace is not None:
                trace.append(("trigger", trigger_rule(c), c.start, c.end, etype, evidence_start))
            meta.append({"sent": c.sent, "cand": c, "src": src, "tgt": e_tgt, "speaker": speaker, "stem": _stem(c.form),
                         "split": split_flag,
                         # an undated attack with no attacker named elaborates the last one reported
                         "elaborates": etype == "ASSAULT" and not own_date and src is None,
                         "passive": passive,
                         "own_date": own_date, "participle": participle, "own_place": own_place[0],
                         "shift": bool(own_date and dm is not None and re.search(r"\b(?:later|earlier|after|before|next|following|previous)\b", dm.text, re.I)),
                         "shift_at": dm.start if dm is not None and s0 <= dm.start < c.start and re.search(
                             r"\b(?:later|earlier|after|before|next|following|previous)\b", dm.text, re.I) else None})
            if etype in PHYSICAL_TYPES and own_date and k == 0:
                # "fired tear gas at the crowd on Tuesday and again on Wednesday": a second act
                for am in re.finditer(r"\b(?:and|then|,)\s+again\s+", text[c.end:scope_end]):
                    a0 = c.end + am.end()
                    dm2 = next((d for d in dates_near(a0, a0 + 25) if d.value and d is not dm), None)
                    if dm2 is None or dm2.value == date:
                        continue
                    e2 = Event(type=e.type, mode=e.mode, subtype=e.subtype, date=dm2.value, date_precision=dm2.precision,
                               date_text=dm2.text, location=e.location, source_actor=e.source_actor,
                               target_actor=e.target_actor, fatalities=None, injuries=None, certainty=e.certainty,
                               confidence=e.confidence, trigger=e.trigger, evidence=e.evidence)
                    events.append(e2)
                    meta.append(dict(meta[-1], own_date=True, shift=True, shift_at=None))
    out, out_meta, refs = _merge(ctx, events, meta, ev)
    _reply_targets(ctx, out, out_meta)
    _statement_targets(ctx, out, out_meta, refs)
    for e in out:
        e.confidence = round(float(e.confidence), 4)
    return out


def _country_split(ctx: Context, c: _Cand, etype: str, s1: int) -> list[PlaceHit]:
    """The most specific place per country named after the trigger in its sentence, when the
    sentence spreads one act over two or more countries; [] otherwise."""
    after = [p for p in ctx.places_from(c.end, s1) if p is not ctx.dateline]
    by_country: dict[str, PlaceHit] = {}
    for p in after:
        if not p.country:
            continue
        best = by_country.get(p.country)
        if best is None or p.rank < best.rank:
            by_country[p.country] = p
    if len(by_country) < 2:
        return []
    # the countries must be coordinated parts of the act ("... in Iraq ... and ... in Syria")
    seg = ctx.text[c.end:s1]
    if not re.search(r"\b(?:and|while|as well as)\b", seg):
        return []
    return sorted(by_country.values(), key=lambda p: p.start)


# "the Gaza war", "the Vienna talks": a place naming an event, not where this one happened
_PLACE_AS_MODIFIER = re.compile(r"\s+(?:war|wars|conflict|crisis|talks|deal|agreement|accords?|summit|conference|protocol|process|format)\b")
_DIPLOMAT = re.compile(r"\b(?:the\s+)?(?P<x>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:['\u2019]s)?\s+(?:ambassador|envoy|charg\S+|embassy|consul\w*|visa office|mission)\b")
_FROM_CAPITAL = re.compile(r"\bfrom\s+(?P<x>[A-Z][\w.]+)\b")
_PETITION_BY = re.compile(r"\b(?:petition|appeal|lawsuit|challenge|complaint|request|case|bid|motion)\s+(?:\w+\s+){0,3}?(?:by|from|of)\s+(?:the\s+)?$")


def _extra_target(ctx: Context, ev: EventLexicon, c: _Cand, etype: str, srcs, after, s0: int, scope_end: int):
    """Targets that are not the direct object: "summoned the U.S. chargé d'affaires" and "recalled
    its envoy from Ankara" (the state), "against U.S. forces", "a petition by the Fatah Alliance",
    "congratulated him" (the last person), a protest at a state's office."""
    text = ctx.text
    src_ids = {h.id for h in srcs if h is not None}
    seg = text[c.end:scope_end]
    for rx in (_DIPLOMAT, _FROM_CAPITAL):
        m = rx.search(seg)
        if m and ctx.lookup is not None:
            x = m.group("x")
            st = None
            if x in ev.demonyms:
                st = ctx.actor_index_get(ev.demonyms[x][0])
            else:
                st = ctx.lookup(x)
            if st is None:
                # "recalled its envoy from Ankara": the capital is a gazetteer place of a state
                x0 = c.end + m.start("x")
                ph = next(iter(ctx.places_from(x0, x0 + 1)), None)
                sref = ctx.state_of.get(ph.country) if ph is not None and ph.kind in ("city", "country") else None
                if sref is not None and sref.id not in src_ids:
                    return ActorHit(c.start, c.end, sref.id, sref.name, "state", "diplomatic", ph.country)
            if st is not None and st.kind == "state" and st.id not in src_ids:
                return ActorHit(c.start, c.end, st.id, st.name, st.kind, "diplomatic", st.country)
    for h in after:
        if h.start > scope_end or h.id in src_ids:
            continue
        gap_before = text[max(c.end, h.start - 40) : h.start]
        if etype in STATEMENT_TYPES and re.search(r"\b(?:as|called\s+it|calling\s+it)\s+(?:a|an)\s", text[c.end:h.start]):
            continue  # "condemned the strike as an act of aggression against Iraq": the victim, not the target
        if re.search(r"\b(?:against|on|at|toward|towards)\s+(?:the\s+)?$", gap_before) and not re.search(r"[.;]", text[c.end:h.start]):
            return h
        if etype in ("ASSAULT", "COERCE") and re.search(
                r"\b(?:against|on|at|targeting|targeted|hit|struck|toward|towards)\s+(?:(?:the|a|an|two|three|several)\s+)?(?:[\w.'\u2019-]+\s+){0,4}?(?:hosting|housing|used\s+by|belonging\s+to|carrying|occupied\s+by|where)\s+(?:the\s+|some\s+)?(?:[\w-]+\s+){0,2}?$",
                text[max(c.end, h.start - 80) : h.start]) and not re.search(r"[.;]", text[c.end:h.start]):
            return h  # "at a base hosting U.S. troops": the troops
        if _PETITION_BY.search(text[c.end : h.start]):
            return h
        if etype == "ASSAULT" and c.form.startswith(("clash", "fought", "fight", "exchang", "trad", "battl", "skirmish")) \
                and re.search(r"\bwith\s+(?:the\s+)?(?:[\w.'-]+\s+){0,2}$", gap_before) and not re.search(r"[.;]", text[c.end:h.start]):
            return h  # "clashed with Asaib Ahl al-Haq fighters"
    if etype in ("PROTEST", "MOBILIZE", "RETREAT") and ev.protest_targets is not None:
        # ("left parliament", "resigned from parliament": the body withdrawn from)
        pt = ev.protest_targets.search(seg if etype != "RETREAT" else text[c.start:scope_end])
        if pt and etype == "RETREAT" and c.entry.get("mode") not in ("withdraw", "resign"):
            pt = None
        if pt and ctx.actor_index_get is not None:
            a = ctx.actor_index_get(ev.lex["protest_targets"].get(pt.group().lower()) or
                                    next((v for k, v in ev.lex["protest_targets"].items() if k.lower() == pt.group().lower()), ""))
            if a is not None and a.id not in src_ids:
                return ActorHit(c.start, c.end, a.id, a.name, a.kind, "protest-target", a.country)
    pm = re.match(r"\s+(?:on\s+)?(it|them)\b", seg)
    if pm and etype in STATEMENT_TYPES:
        # "sent a letter to the Security Council calling on it to act": the body last named
        bodies = [h for h in ctx.actors_from(s0, c.start) if h.end <= c.start and h.id not in src_ids
                  and h.kind not in ("person",) and (h.kind != "state" or pm.group(1) == "it")]
        if bodies:
            return bodies[-1]
    pm = re.match(r"\s+(him|her)\b", seg)
    if pm:
        people = [h for h in ctx.actors_from(c.start - _LOOKBACK_CHARS, c.start) if h.kind == "person" and h.end <= c.start and h.id not in src_ids]
        if people:
            return people[-1]
    return None


def _evidence(text: str, s0: int, s1: int, c: _Cand) -> tuple[int, int]:
    """The clause around the trigger (the whole sentence when it is short)."""
    if s1 - s0 <= 220:
        return s0, s1
    a = _clause_start(text, s0, c.start)
    m = _CLAUSE_BREAK.search(text, c.end, s1)
    b = m.start() if m else s1
    return a, b


_DEMONYM_SIDE = re.compile(r"\b([A-Z][a-z]+)\s+(?:side|territory|soil|border|frontier|city|town|province|capital|desert|coast|waters|airspace|village|countryside)\b")


def _location(ctx: Context, c: _Cand, etype: str, src: ActorHit | None, s0: int, s1: int, scope_end: int,
              r_own: list | None = None, cap: int | None = None) -> PlaceRef | None:
    """The event's place; ``r_own[0]`` is set True when it comes from the event's own sentence."""
    text = ctx.text
    if r_own is None:
        r_own = [False]
    places = [p for p in ctx.places_from(s0, s1) if p.end <= s1 and p is not ctx.dateline
              and not _PLACE_AS_MODIFIER.match(text, p.end)]
    if places:
        # a parenthetical or preposed clause has its own place: "X, whose leader was killed in
        # Baghdad, fired rockets at Camp Taji"
        spans = [(a, b) for a, b, _ in _paren_spans(text, s0, s1)]
        own = next(((a, b) for a, b in spans if a <= c.start < b), None)
        if own is not None:
            places = [p for p in places if own[0] <= p.start < own[1]]
        elif spans:
            places = [p for p in places if not any(a <= p.start < b for a, b in spans)]
    if etype in DECISION_TYPES or (etype not in PHYSICAL_TYPES) or c.entry.get("mode") in ("ceasefire", "resign", "phone"):
        # "said in Tehran", "told reporters at the Pentagon"
        for p in places:
            if p.start >= c.start - 80 and re.search(r"\b(?:said|told reporters|spoke|speaking|announced|wrote)\s+(?:\w+\s+){0,3}?(?:in|at)\s+$", text[max(s0, p.start - 50) : p.start]):
                return p.ref()
        country = None
        if src is not None:
            country = ctx.actor_country.get(src.id or "") or src.country
        return PlaceRef(id=None, name=None, admin1=None, country=country or ctx.main_country)
    scope = [p for p in places if c.start - 120 <= p.start <= scope_end]
    if cap is not None and etype not in DECISION_TYPES:
        # a place after the next trigger belongs to that act ("..., a response to a rocket attack on Erbil")
        capped = [p for p in scope if p.start < cap]
        if not capped:
            for m in _DEMONYM_SIDE.finditer(text, c.end, cap):
                dem = ctx.demonym_country.get(m.group(1))
                if dem:
                    return PlaceRef(country=dem)
        if capped or any(p.start >= cap for p in scope):
            scope = capped
    if scope:
        # the trigger's own clause first: "X hit Camp Taji, and the U.S. struck sites in Jurf al-Sakhar"
        cl = _clause_start(text, s0, c.start)
        own_clause = [p for p in scope if p.start >= cl]
        scope = own_clause or scope
    pool = scope or places
    if pool:
        # most specific; nearest to the trigger among equals
        best = min(pool, key=lambda p: (p.rank, abs(p.start - c.start)))
        r = best.ref()
        r_own[0] = True
        return r
    # "on the Syrian side of the border": a demonym gives the country
    for m in _DEMONYM_SIDE.finditer(text[s0:s1]):
        dem = ctx.demonym_country.get(m.group(1))
        if dem:
            return PlaceRef(country=dem)
    # the next sentence, where it goes on describing the same act ("One of the sites was near X")
    if etype in PHYSICAL_TYPES and c.sent + 1 < len(ctx.sentences):
        n0, n1 = ctx.sentences[c.sent + 1]
        cm = _CONTINUES_PLACE.match(text, n0, n1)
        if cm:
            nxt = [p for p in ctx.places_from(cm.end() - 1, n1) if p.end <= n1 and p is not ctx.dateline]
            if nxt:
                return min(nxt, key=lambda p: (p.rank, p.start)).ref()
    # earlier sentences: the last place mentioned within two sentences
    prev = [p for p in ctx.places_from(s0 - 1000, s0) if p.end <= s0 and s0 - p.end < 400 and p is not ctx.dateline]
    if prev:
        best = min(prev[-3:], key=lambda p: (p.rank, -p.start))
        return best.ref()
    if ctx.dateline is not None and (ctx.main_country is None or ctx.dateline.country == ctx.main_country):
        return ctx.dateline.ref()
    if ctx.main_country:
        return PlaceRef(country=ctx.main_country)
    country = (ctx.actor_country.get(src.id or "") or src.country) if src is not None else None
    return PlaceRef(country=country) if country else None  # the actor's own country, from the pack


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


def _compatible_no_date(a: Event, b: Event) -> bool:
    ca = a.location.country if a.location else None
    cb = b.location.country if b.location else None
    if ca and cb and ca != cb:
        return False
    for x, y in ((a.source_actor, b.source_actor), (a.target_actor, b.target_actor)):
        if x is not None and y is not None and (x.id or x.name) != (y.id or y.name):
            return False
    return a.type == b.type


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


# How far back (characters) a pronoun or possessive looks for the person or group it means.
_LOOKBACK_CHARS = 3000

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
        elif e.type not in STATEMENT_TYPES:
            holder = next((o for o, _ in _recent(out, out_meta) if e.evidence.start in [o.evidence.start] + [x.start for x in o.mentions]), None)
            if holder is not None:
                refs.append((m["sent"], c.start, holder))
    return out, out_meta, refs


_ACTS = ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST")


def _last_mention(e: Event, before: int) -> int:
    pos = [x.start for x in [e.evidence, *e.mentions] if x.start < before]
    return max(pos) if pos else -1


_PRONOUN_SUBJECT = re.compile(r"(?:^|[\s,])(?:He|She|he|she|They|they)\s+(?:(?:has|had|have|also|then|later|began|started|soon|\w+ly)\s+){0,2}$")
# a next sentence that only goes on locating the act just reported
_CONTINUES_PLACE = re.compile(
    r"\s*(?:(?:One|Two|Three|Four|Some|All|Most|Both|Each|Several|Many|Two)\s+of\s+(?:the|them|these|those)(?:\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sites|targets|facilities|locations|positions|buildings|depots|strikes|rockets|missiles|drones|shells))?"
    r"|The\s+(?:[\w-]+\s+)?(?:sites?|targets?|facilities|facility|locations?|positions?|buildings?|depots?|strikes?|attack|rockets|missiles|drones?|shells|bombs"
    r"|checkpoints?|convoys?|posts?|outposts?|bases?|camps?|house|home|compound|vehicles?|cars?|villages?|towns?|areas?|stations?|offices?))"
    r"\s+(?:[\w-]+\s+){0,3}?(?:was|were|lay|lies|lie|is|are|located|situated|sits|stands|landed|fell|hit|struck)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:near|in|at|outside|around|inside)\s")
_TITLED_MEMBER = re.compile(r"^(?:['\u2019]s)?\s+(?:senior\s+|top\s+|deputy\s+|former\s+)?(?:leader|chief|head|commander|secretary-general|"
                            r"founder|spokesman|spokeswoman|official|financier|member|operative|figure)s?,?\s+(?:[A-Z][\w.]*\.?\s+){0,2}$")
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
            kinds = _ACTS + (("AGREE", "ACCUSE") if e.type == "REJECT" else ())
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
            if me is not None and tgt is not None and (tgt.id or tgt.name) == (me.id or me.name):
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

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
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.actors import ActorHit
from marsad.extract.certainty import certainty as _certainty
from marsad.extract.certainty import compile_cues
from marsad.extract.places import PlaceHit
from marsad.model import ActorRef, Event, Mention, PlaceRef

__all__ = ["EventLexicon", "compile_events", "find_events", "Context"]

STATEMENT_TYPES = {"THREATEN", "ACCUSE", "REJECT", "REQUEST", "SUPPORT"}
DECISION_TYPES = STATEMENT_TYPES | {"SANCTION", "AGREE", "COOPERATE", "CONCEDE", "AID"}
PHYSICAL_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "CONSULT"}


# --------------------------------------------------------------------------- lexicon


def _inflect(lemma: str, irregular: dict[str, list[str]]) -> list[str]:
    if lemma in irregular:
        return list(irregular[lemma])
    if " " in lemma:
        return [lemma]
    forms = []
    if lemma.endswith("e"):
        forms += [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms += [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    elif lemma.endswith(("sh", "ch", "ss", "x")):
        forms += [lemma + "es", lemma + "ed", lemma + "ing"]
    else:
        forms += [lemma + "s", lemma + "ed", lemma + "ing"]
    return forms


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
    trig = _alt(forms)
    patterns = []
    past = set()
    for entry in lex.get("triggers", []):
        for rx in entry.get("patterns", []) or []:
            e2 = dict(entry)
            e2["_target_inside"] = True
            patterns.append((re.compile(rx, re.I), e2))
        for v in entry.get("verbs", []) or []:
            past.update(f.lower() for f in _inflect(v, irregular) if f.endswith(("ed", "t")) or f in irregular.get(v, [])[2:3])
    modes = [(m["mode"], _alt(m["words"])) for m in lex.get("assault_modes", [])]
    cert = lex.get("certainty", {})
    pri = {t: i for i, t in enumerate(lex.get("statement_priority", []))}
    return EventLexicon(
        trig, forms, patterns, past, lex, compile_cues(cert), modes,
        re.compile(r"(?:" + "|".join(re.escape(w) for w in lex.get("aggregate_before", [])) + r")\s+(?:[\w'-]+\s+){0,3}$", re.I),
        _alt(lex.get("non_event_words", [])),
        _alt(lex.get("speech_verbs", [])),
        _alt(lex.get("zero_deaths", [])),
        _alt(lex.get("death_words", [])),
        _alt(lex.get("injury_words", [])),
        _alt(lex.get("person_nouns", [])),
        pri,
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


@dataclass
class _Cand:
    start: int
    end: int
    form: str
    entry: dict
    noun: bool
    sent: int
    anaphoric: bool = False


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
    seg = re.split(r"[.;:(\u2014]|\s-\s|,\s+(?:\w+ing|who|which|according|the|as|in|at|on|near|after|before)\b", seg, maxsplit=1)[0]
    total = 0
    found = False
    for item in _ITEM_SPLIT.split(seg):
        m = _ITEM.match(item.strip())
        if not m:
            break
        n = _num(m.group("n"))
        np = m.group("np")
        if n is None or len(np.split()) > 6:
            break
        if not (person_nouns.search(np + " ") or re.search(r"\b(?:[a-z]+ers|[a-z]+ists|[a-z]+ians|[a-z]+men|[a-z]+ants)\b", np)):
            break
        total += n
        found = True
    return total if found else None


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
                ph = next((h for h in actors if h.start == a0 and h.kind == "person"), None)
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
        if n is not None:
            deaths = n if deaths in (None, 0) else deaths
            break
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


_PREP_BEFORE = re.compile(r"(?:\b(?:of|on|against|at|in|to|for|with|from|near|into|over|toward|towards|by|about|between|among|targeting|hosting|housing)\s+(?:the\s+|a\s+|an\s+)?)$", re.I)
_CLAUSE_BREAK = re.compile(r";|\s[\u2014\u2013-]\s|,\s+(?:while|whereas|but|although)\s|,\s+and\s+(?=(?:the\s+)?[A-Z])")
_SUBORD_WORD = re.compile(r"(?:^|[\s,])(?:that|which|who|whose|after|before|when|while|because|although|since|until|where|if|whom)\s", re.I)


def _clause_start(text: str, s0: int, pos: int, hits: list[ActorHit] | None = None) -> int:
    """Start of the clause holding ``pos``: after the last clause break, or after the last
    subordinating word that still has an actor between it and ``pos``."""
    last = s0
    for m in _CLAUSE_BREAK.finditer(text, s0, pos):
        last = m.end()
    if hits:
        for m in _SUBORD_WORD.finditer(text, last, pos):
            if any(m.end() <= h.start and h.end <= pos for h in hits):
                last = m.end()
    return last


# --------------------------------------------------------------------------- main


_SUBJ_PREV = {"it", "they", "he", "she", "which", "who", "that", "we", "i", "also", "then", "later", "have", "has", "had"}


def _cands(text: str, ctx: Context, ev: EventLexicon) -> list[_Cand]:
    out: list[_Cand] = []
    si = 0
    sents = ctx.sentences
    hit_ends = {h.end for h in ctx.actors}
    found = [(m.start(), m.end(), m.group().lower(), None) for m in ev.trigger_re.finditer(text)]
    for pat, entry in ev.patterns:
        found += [(m.start(), m.end(), m.group().lower(), entry) for m in pat.finditer(text)]
    found.sort()
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
        entry, noun = entries[0]
        if len(entries) > 1 and len({n for _, n in entries}) > 1:
            prev = text[max(0, start - 25) : start].split()
            p1 = prev[-1].lower() if prev else ""
            # a verb after a subject (an actor, a pronoun, an adverb); a noun otherwise
            want_verb = (start - 1 in hit_ends or (start - 2 in hit_ends and text[start - 2 : start] == "s ")
                         or p1 in _SUBJ_PREV or (p1.endswith("ly") and len(p1) > 3)
                         or (p1.endswith(("s", "es")) and p1.isalpha() and p1 not in ("its", "his", "this", "us", "was", "has", "is", "as")
                             and not p1.endswith("'s")))
            if p1 in ("the", "a", "an", "this", "that", "its", "his", "their", "her", "of", "after", "any", "another",
                      "for", "in", "on", "and", "new") or p1.endswith(("'s", "\u2019s")) or p1[:1].isdigit():
                want_verb = False
            pick = next(((e, n) for e, n in entries if n == (not want_verb)), entries[0])
            entry, noun = pick
        out.append(_Cand(start, end, form, entry, noun, si))
        last_end = end
    return out


def _sent_hits(hits, s0, s1):
    return [h for h in hits if h.start >= s0 and h.end <= s1]


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
        # "X, in a statement the same day, said"
        m2 = re.match(r",[^,]{0,40},\s*", nxt)
        if m2:
            m = ev.speech_re.match(nxt[m2.end():])
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


_COORD_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:[A-Z][\w.'\u2019-]*\s+){0,5}$")
_SUBORD = re.compile(r"(?:^|\s)(?:after|before|when|as|while|because|following|since|until|although|whose|which|who|that|where|amid|if)\s+$", re.I)
_STATEMENT_COMPLEMENT = re.compile(r"\b(?:as|called|calling|describ\w+|term\w*|branded)\s+(?:it\s+|them\s+|the\s+\w+\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,3}$", re.I)


def _subject(text: str, before: list[ActorHit], cl0: int, s0: int, ev: EventLexicon, skip=()) -> list[ActorHit]:
    """The subject of a clause (leftmost actor in it that is not a prepositional object), with
    the actors coordinated with it ("Kadhimi and Barzani")."""
    pool = [h for h in before if h.start >= cl0 and h not in skip
            and not _PREP_BEFORE.search(text[max(s0, h.start - 25) : h.start])]
    if not pool:
        return []
    first = pool[0]
    group = [first]
    for h in pool[1:]:
        if _COORD_GAP.match(text[group[-1].end : h.start]):
            group.append(h)
        else:
            break
    return group


def find_events(ctx: Context, ev: EventLexicon) -> list[Event]:
    text = ctx.text
    from marsad.extract.dates import date_for

    cands = _cands(text, ctx, ev)
    events: list[Event] = []
    meta: list[dict] = []
    for ci, c in enumerate(cands):
        s0, s1 = ctx.sentences[c.sent]
        etype = c.entry["type"]
        before_txt = text[max(s0, c.start - 40) : c.start]
        sent_txt = text[s0:s1]
        statement = c.entry.get("kind") == "statement"
        # ---------------------------------------------------------------- filters
        if ev.non_event_re.search(sent_txt) and etype != "ASSAULT":
            continue
        if c.noun:
            if ev.aggregate_re.search(before_txt):
                continue
            if re.search(r"\b\d+\s+(?:[\w-]+\s+){0,2}$", before_txt) and c.form.endswith("s"):
                continue  # "78 attacks", "100 drone and rocket attacks"
            if c.form.endswith("s") and re.match(r"\s+(?:on|against)\s+(?:[\w.'-]+\s+){0,4}?(?:since|in recent)", text[c.end : c.end + 80]):
                continue
            if re.search(r"\b(?:claimed|claim|claiming)\s+(?:responsibility\s+for\s+)?(?:the|any|all|of)?\s*(?:[\w-]+\s+){0,3}$", before_txt, re.I):
                continue
            if etype not in STATEMENT_TYPES and _STATEMENT_COMPLEMENT.search(text[max(s0, c.start - 60) : c.start]):
                continue  # "denounced the raids as ... an unacceptable attack on Iraqi sovereignty"
            if c.form.endswith("s") and not re.search(r"\b(?:the|these|those|its|their|his|her|our|two|three|four|five|several|both)\s+(?:[\w.'-]+\s+){0,2}$", before_txt, re.I) \
                    and not any(d.start >= s0 and d.end <= s1 for d in ctx.dates if d.value):
                continue  # "political assassinations": generic
            if re.match(r"\s+(?:drone|drones|helicopter|helicopters|aircraft|jets?|squad|unit|units|boats?)\b", text[c.end : c.end + 12]):
                continue  # "attack drone", "attack helicopter": a modifier
        else:
            if statement and re.search(r"(?:s|es)$", c.form) and not c.form.endswith(("ss",)) \
                    and c.form not in ev.forms_past and not re.search(r"\b(?:has|have|had)\s+$", before_txt):
                if not any(d.start >= s0 and d.end <= s1 for d in ctx.dates if d.value):
                    continue  # "the militia it blames for": a stance in the simple present
            if re.search(r"\b(?:is|are|remain|remains)\s+(?:\w+ly\s+)?$", before_txt):
                continue  # "are deployed in Syria": a state of affairs
            if etype == "THREATEN" and c.form.startswith("warn") and not re.match(
                    r"[^.;]{0,80}?\b(?:of|if|unless|would|will|against|that any|consequences|retaliat|respon)", text[c.end : s1]):
                continue  # "warning that it undermined ...": part of a statement, not a threat
        anaphoric = c.noun and bool(re.search(r"\b(?:the|that|this|these|those|its|their|his|her|such)\s+(?:[\w-]+\s+){0,2}$", before_txt, re.I)) \
            and not re.search(r"\b(?:the|that|this)\s+(?:[A-Z][a-z]+\s+\d+|\w+day's?)\s+", text[max(s0, c.start - 30):c.start])
        c.anaphoric = anaphoric
        # ---------------------------------------------------------------- arguments
        hits = _outer(_sent_hits(ctx.actors, s0, s1), text)
        before = [h for h in hits if h.end <= c.start]
        after = [h for h in hits if h.start >= c.end]
        nxt = next((d for d in cands[ci + 1 :] if d.sent == c.sent and not d.noun and d.entry["type"] != etype), None)
        scope_end = nxt.start if nxt else s1
        cl0 = _clause_start(text, s0, c.start)
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
        srcs: list[ActorHit] = []
        tgt: ActorHit | None = None
        participle = not c.noun and c.form.endswith("ing") and bool(re.search(r",\s*(?:and\s+)?$", before_txt))
        if statement:
            if speaker is not None and speaker.end <= c.start:
                srcs = _subject(text, before, s0, s0, ev) or [speaker]
                if speaker not in srcs:
                    srcs = [speaker]
                between = [h for h in before if h.start > speaker.end]
                if between:
                    tgt = between[-1]
            else:
                srcs = _subject(text, before, cl0, s0, ev) or (_subject(text, before, s0, s0, ev) if participle or not c.noun else [])
                if not srcs and speaker is not None:
                    srcs = [speaker]
        else:
            if c.noun:
                bym = re.match(r"\s+(?:\w+\s+)?by\s+", text[c.end : c.end + 24])
                if bym:
                    h = next((h for h in after if h.start <= c.end + bym.end() + 5), None)
                    if h is not None:
                        srcs = [h]
                if not srcs:
                    near = [h for h in before if c.start - h.end <= 25]
                    if near and re.match(r"^(?:['\u2019]s)?\s+(?:[a-z][\w-]*\s+){0,2}$", text[near[-1].end : c.start]) \
                            and not re.search(r"ed\s+$|\s(?:on|against|at|in|of|to)\s+", text[near[-1].end : c.start]):
                        srcs = [near[-1]]
                    elif near and near[-1].end == c.start - 1 and text[near[-1].end] == " ":
                        srcs = [near[-1]]
            if not srcs and not c.noun:
                srcs = _subject(text, before, cl0, s0, ev, skip=(speaker,) if speaker else ())
                if not srcs and participle:
                    srcs = _subject(text, before, s0, s0, ev, skip=(speaker,) if speaker else ())
            if not c.noun and re.search(r"\b(?:was|were|been|being)\s+$", text[max(s0, c.start - 10) : c.start]):
                bym = re.match(r"[^.;]{0,40}?\bby\s+", text[c.end : scope_end])
                tgt = srcs[0] if srcs else None
                h = next((h for h in after if bym and h.start >= c.end + bym.end() - 1), None) if bym else None
                srcs = [h] if h is not None else []
        if c.entry.get("object_target") and tgt is None:
            inside = c.entry.get("_target_inside")
            pool = [h for h in hits if c.start <= h.start and h.end <= c.end] if inside else after
            for h in pool:
                if h.start > scope_end:
                    break
                if h in srcs or (srcs and h.id and h.id == srcs[0].id) or _is_speaker(text, h, ev):
                    continue
                tgt = h
                break
        if tgt is None and etype in ("ASSAULT", "COERCE", "RETREAT"):
            pm = re.match(r"\s+(?:\w+\s+){0,2}?(his|her)\b", text[c.end : scope_end]) or \
                re.search(r"\b(his|her)\s+$", before_txt)
            if pm:
                prev_people = [h for h in ctx.actors if h.kind == "person" and h.end <= c.start]
                if prev_people:
                    tgt = prev_people[-1]
        # ---------------------------------------------------------------- date
        dm = date_for(text, ctx.published, c.start, c.end, (s0, s1))
        date = dm.value if dm is not None else None
        prec = dm.precision if dm is not None else None
        date_text = dm.text if dm is not None else None
        future = bool(dm is not None and dm.future)
        own_date = dm is not None and s0 <= dm.start < s1
        # ---------------------------------------------------------------- certainty
        cert = _certainty(text, cl0, c.start, c.end, scope_end, ev.cues)
        if cert == "asserted" and not c.noun and re.search(r"\bto\s+$", text[max(s0, c.start - 4) : c.start]) \
                and not re.search(r"\b(?:tried|attempted|began|started|continued|managed|moved|went on)\s+to\s+$", text[max(s0, c.start - 20) : c.start], re.I):
            cert = "hypothetical"
        if future:
            cert = "hypothetical"
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
            fat, inj = _fatalities(text, c.start, scope_end, ev, ctx.actors)
        evidence_start, evidence_end = _evidence(text, s0, s1, c)
        for k, src in enumerate(srcs or [None]):
            e_tgt = tgt
            if etype == "CONSULT" and len(srcs) > 1:
                if k > 0:
                    break
                e_tgt = srcs[1]
            loc = _location(ctx, c, etype, src, s0, s1, scope_end)
            conf = 0.5 + 0.15 * (src is not None) + 0.1 * (date is not None) + 0.1 * (loc is not None and loc.name is not None) \
                + 0.1 * (not c.noun)
            e = Event(type=etype, mode=mode, subtype=c.entry.get("subtype"),
                      date=date, date_precision=prec, date_text=date_text,
                      location=loc, source_actor=_ref(src), target_actor=_ref(e_tgt),
                      fatalities=fat, injuries=inj, certainty=cert, confidence=min(conf, 0.95),
                      trigger=text[c.start:c.end],
                      evidence=Mention(text=text[evidence_start:evidence_end], start=evidence_start, end=evidence_end))
            events.append(e)
            meta.append({"sent": c.sent, "cand": c, "src": src, "tgt": e_tgt, "speaker": speaker,
                         "own_date": own_date, "participle": participle})
    events, meta = _resolve_statement_targets(ctx, events, meta)
    return _merge(ctx, events, meta, ev)


def _evidence(text: str, s0: int, s1: int, c: _Cand) -> tuple[int, int]:
    """The clause around the trigger (the whole sentence when it is short)."""
    if s1 - s0 <= 220:
        return s0, s1
    a = _clause_start(text, s0, c.start)
    m = _CLAUSE_BREAK.search(text, c.end, s1)
    b = m.start() if m else s1
    return a, b


def _location(ctx: Context, c: _Cand, etype: str, src: ActorHit | None, s0: int, s1: int, scope_end: int) -> PlaceRef | None:
    text = ctx.text
    places = [p for p in ctx.places if p.start >= s0 and p.end <= s1]
    if etype in DECISION_TYPES or (etype not in PHYSICAL_TYPES):
        # "said in Tehran", "told reporters at the Pentagon"
        for p in places:
            if p.start >= c.start - 80 and re.search(r"\b(?:said|told reporters|spoke|speaking|announced|wrote)\s+(?:\w+\s+){0,3}?(?:in|at)\s+$", text[max(s0, p.start - 50) : p.start]):
                return p.ref()
        country = None
        if src is not None:
            country = ctx.actor_country.get(src.id or "") or src.country
        return PlaceRef(id=None, name=None, admin1=None, country=country or ctx.main_country)
    scope = [p for p in places if c.start - 120 <= p.start <= scope_end]
    pool = scope or places
    if pool:
        # most specific; nearest to the trigger among equals
        best = min(pool, key=lambda p: (p.rank, abs(p.start - c.start)))
        return best.ref()
    # earlier sentences: the last place mentioned within two sentences
    prev = [p for p in ctx.places if p.end <= s0 and s0 - p.end < 400]
    if prev:
        best = min(prev[-3:], key=lambda p: (p.rank, -p.start))
        return best.ref()
    if ctx.dateline is not None:
        return ctx.dateline.ref()
    if ctx.main_country:
        return PlaceRef(country=ctx.main_country)
    return None


def _resolve_statement_targets(ctx: Context, events: list[Event], meta: list[dict]):
    """A statement without an explicit target takes the source of the act it is about."""
    text = ctx.text
    for i, e in enumerate(events):
        if e.type not in ("ACCUSE", "THREATEN") or e.target_actor is not None:
            continue
        c = meta[i]["cand"]
        s0, s1 = ctx.sentences[c.sent]
        acts = [j for j in range(i) if events[j].type in ("ASSAULT", "COERCE", "SANCTION") and events[j].certainty in ("asserted", "reported")]
        if not acts:
            continue
        me = _state_ref(ctx, e.source_actor)
        chosen = None
        for j in reversed(acts):
            src = events[j].source_actor
            if src is None:
                if e.type == "ACCUSE":
                    chosen = None
                    break
                continue
            st = _state_ref(ctx, src)
            if me is not None and st is not None and (st.id == me.id or st.name == me.name):
                continue
            chosen = st
            break
        e.target_actor = chosen
    del text
    return events, meta


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


def _absorb(keep: Event, other: Event) -> None:
    if other.evidence.start != keep.evidence.start:
        keep.mentions.append(other.evidence)
    if keep.source_actor is None and other.source_actor is not None:
        keep.source_actor = other.source_actor
    if keep.target_actor is None and other.target_actor is not None:
        keep.target_actor = other.target_actor
    if keep.fatalities is None and other.fatalities is not None:
        keep.fatalities = other.fatalities
    if keep.injuries is None and other.injuries is not None:
        keep.injuries = other.injuries
    if other.location is not None and other.location.name:
        kl = keep.location
        if kl is None or kl.name is None or (kl.admin1 is None and other.location.admin1 is not None
                                              and other.location.country in (kl.country, None)):
            keep.location = other.location
    if keep.date is None and other.date is not None:
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


def _merge(ctx: Context, events: list[Event], meta: list[dict], ev: EventLexicon) -> list[Event]:
    out: list[Event] = []
    out_meta: list[dict] = []
    for e, m in zip(events, meta):
        c: _Cand = m["cand"]
        merged = False
        # "..., demanding that ...": a participle statement that is part of its actor's act
        if e.type in STATEMENT_TYPES and m.get("participle"):
            if any(om["sent"] == m["sent"] and o.type not in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor)
                   for o, om in zip(out, out_meta)):
                continue
        # one statement per actor and sentence: typed by the main act
        if e.type in STATEMENT_TYPES and e.source_actor is not None:
            for k in range(len(out) - 1, -1, -1):
                o, om = out[k], out_meta[k]
                if om["sent"] == m["sent"] and o.type in STATEMENT_TYPES and _key(o.source_actor) == _key(e.source_actor):
                    if ev.priority.get(e.type, 99) < ev.priority.get(o.type, 99):
                        o.type, o.mode, o.subtype = e.type, e.mode, e.subtype
                        if e.target_actor is not None:
                            o.target_actor = e.target_actor
                    else:
                        _absorb(o, e)
                    merged = True
                    break
        if not merged:
            for k in range(len(out) - 1, -1, -1):
                o, om = out[k], out_meta[k]
                if o.type != e.type:
                    continue
                if e.type in STATEMENT_TYPES:
                    if e.source_actor is not None and _key(o.source_actor) == _key(e.source_actor) and _compatible(o, e):
                        _absorb(o, e)
                        merged = True
                        break
                    continue
                if om["sent"] == m["sent"] and _compatible_no_date(o, e):
                    ok = True
                elif c.anaphoric and not m.get("own_date"):
                    ok = _compatible_no_date(o, e) or (_key(e.source_actor) is None or _key(o.source_actor) is None)
                    ok = ok and (not (o.location and e.location and o.location.country and e.location.country)
                                 or o.location.country == e.location.country)
                else:
                    ok = bool(e.date and o.date and e.date == o.date) and _compatible(o, e)
                if ok:
                    _absorb(o, e)
                    merged = True
                    break
        if not merged:
            if c.anaphoric and e.type not in STATEMENT_TYPES and not m.get("own_date"):
                # a definite mention of an act the text never reported: keep only with arguments
                if e.source_actor is None and e.target_actor is None:
                    continue
            if e.type not in ("ASSAULT", "PROTEST") and e.source_actor is None:
                continue  # acts other than attacks and protests need an actor
            out.append(e)
            out_meta.append(m)
    return out

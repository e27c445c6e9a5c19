"""Casualty counts of an attack: deaths and injuries stated around its trigger.

Counted people after "killed"/"wounded" (coordinated lists summed), "N ... were killed", "killed
<person>, along with N", "leaving N dead", "claimed the lives of N", and "no one was killed" (0).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from marsad.extract.actors import ActorHit

if TYPE_CHECKING:
    from marsad.extract.event_lexicon import EventLexicon, _Cand


_NUM_WORDS = {"a": 1, "an": 1, "both": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
              "a dozen": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
              "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}


_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# a count of people: digits, "a dozen"/"two dozen", units and teens, tens with an optional unit
# ("thirty-two"); never the tail of a hyphenated number
_NUM = (rf"(?<![\w-])(?:\d+|(?:a|{_UNIT})\s+dozen|an?|both|{_UNIT}|ten|eleven|twelve|thirteen|fourteen|fifteen|"
        rf"sixteen|seventeen|eighteen|nineteen|{_TENS}(?:-{_UNIT})?)(?![\w-])")


_QUAL = r"(?:(?:at least|more than|about|around|nearly|some|up to|over|as many as|roughly)\s+)?"


def _num(s: str) -> int | None:
    s = s.lower().strip()
    if s.isdigit():
        return int(s)
    if s in _NUM_WORDS:
        return _NUM_WORDS[s]
    if s.endswith(" dozen"):
        k = _NUM_WORDS.get(s.split()[0])
        return 12 * k if k else None
    from marsad.extract.quantities import parse_number_words

    try:
        r = parse_number_words([s])  # "thirty-two" is one word
    except KeyError:
        r = None
    return int(r[0]) if r else None


_COUNT_ITEM = re.compile(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+\s+){{0,3}}?[\w'-]+)", re.I)


_ITEM_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


_ITEM = re.compile(rf"^{_QUAL}(?P<n>{_NUM})\s+(?P<np>.+)$", re.I)


# a count with no noun right after a casualty verb counts people: "killing five", "wounding 12
# of them", "killing three inside the vehicle" (never "a"/"an" alone)
_BARE_COUNT = re.compile(rf"^{_QUAL}(?!an?\b)(?P<n>{_NUM})(?:\s+of\s+(?:them|those|the\s+[\w-]+)"
                         r"|\s+(?:in|at|on|near|inside|outside|during|overnight)\b.*)?$", re.I)


def _people_noun(np: str, person_nouns: re.Pattern) -> bool:
    """Whether a noun phrase names people: a listed person noun, or a noun of agents or members
    ("shoppers", "activists", "civilians", "policemen", "migrants")."""
    return bool(person_nouns.search(np + " ")
                or re.search(r"\b(?:[a-z]+ers|[a-z]+ists?|[a-z]+ians?|[a-z]+(?:men|man|woman)|[a-z]+ants)\b", np)
                or _ONE_PERSON.search(np.split()[-1] if np.split() else ""))  # "a protester", "a judge"


# a singular noun of a person: "driver", "owner", "journalist", "official", "son"
_ONE_PERSON = re.compile(r"(?:[a-z]{2,}(?:er|or|ist|ian|man|woman|ant|ent)|official|child|boy|girl|son|daughter|wife|husband|"
                         r"brother|sister|guard|cook|aide|judge|imam|cleric|chief|head|mayor|envoy)$")


_TRAILING_PHRASE = re.compile(r"\s(?:in|at|on|near|from|during|after|before|as|when|while|who|which|inside|outside)\s")


def _count_list(seg: str, person_nouns: re.Pattern) -> int | None:
    """Sum a coordinated list of counted people: "two soldiers, three policemen and a
    civilian driver" -> 6. ``seg`` starts right after the casualty verb."""
    seg = re.split(r"(?<![A-Z])\.(?:\s|$)|[;:(\u2014]|\s-\s|,\s+(?:\w+ing|who|which|according|the|as|in|at|on|near|after|before)\b", seg, maxsplit=1)[0]
    total = 0
    counts: list[int] = []  # each counted item's number (also: whether one was counted yet)
    total_first = False
    for item in _ITEM_SPLIT.split(seg):
        # "his driver in eastern Baghdad on Thursday": the person, without the phrases after it
        head = _TRAILING_PHRASE.split(item.strip(), maxsplit=1)[0]
        if item.strip().lower() in ("him", "her"):
            total += 1  # "killing him and two bodyguards" (counted only with a counted item)
            continue
        if counts and re.fullmatch(r"(?:his|her|their|its)\s+(?:[a-z-]+\s+){0,2}?[a-z]+(?<!s)", head):
            total += 1  # "a commander and his driver"
            continue
        if not counts and re.fullmatch(r"(?:his|her|their|its|the)\s+(?:[a-z-]+\s+){0,2}?[a-z]+(?<!s)", head) \
                and _people_noun(head.split()[-1], person_nouns):
            if re.match(r"\s*(?:his|her|their|its|the)\s+(?:[a-z-]+\s+){0,2}?[a-z]+,\s+(?:a|an|the)\s", seg):
                return 1  # "killed its driver, a local official": one person and an apposition
            total += 1  # "killed the driver and two passengers"
            counts.append(1)
            continue
        bare = _BARE_COUNT.match(item.strip())
        n_bare = _num(bare.group("n")) if bare and not counts else None
        if n_bare:
            total += n_bare  # "killing five", "wounding 12 of them"
            counts.append(n_bare)
            continue
        m = _ITEM.match(item.strip())
        if not m:
            break
        n = _num(m.group("n"))
        np = re.split(r"\s(?:at|in|on|near|outside|inside|from|during|after|before|as|when|while|who|which|and)\s", m.group("np"))[0]
        if n is None or len(np.split()) > 6:
            break
        if not (_people_noun(np, person_nouns) or re.match(r"of\s+(?:his|her|their)\s", np)):  # "two of his escorts": someone's people
            break
        total += n
        if not counts:
            total_first = bool(re.match(r"(?:people|persons|individuals)\b", np))
        counts.append(n)
    if total_first and len(counts) >= 3 and counts[0] == sum(counts[1:]):
        return counts[0]  # "42 people, 36 soldiers and six fighters": a total, then its parts
    return total if counts else None


# the toll comes first and the attack follows in a subordinate clause: "were killed when a drone
# struck", "were shot dead in their sleep when gunmen stormed", "were killed and 40 others wounded
# when ...", "were killed on Wednesday as shells hit" (no comma: a new clause would start there)
_CASUALTIES_LEAD = re.compile(r"\b(?:were|was|had\s+been|have\s+been|been)\s+(?:killed|wounded|injured|shot\s+dead)\s+"
                             r"(?:(?:[^.;,]{0,80}?\s)?(?:(?:when|as|after|in|by|during)\s+(?:[\w-]+\s+){0,5}"
                             # "four guards were killed at dawn when their post, on a ridge above the town, was shelled"
                             r"|when\s+(?:their|its|his|her|the)\s+[^.;]{0,80}?\s(?:was|were|had\s+been)\s+(?:\w+ly\s+)?))?$"
                             r"|\b(?:died|perished|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life)\s+"
                             r"(?:(?:in|during)\s+(?:the|this|that|a|an)\s+(?:[\w-]+\s+){0,2}|(?:when|as|after)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3})$")


# an apposition after a named person, up to the comma that opens the next conjunct
_APPOSITION = re.compile(r",\s+(?:a|an|the|his|her|its|their)\s+[^,;.()]{1,80}?(?=,\s*and\s)")
# one person counted before a counted conjunct, from the start of the clause: "A commander of the
# group and ", "The driver and "
_ONE_BEFORE_AND = re.compile(r"(?:^|[,;:\u2014\u2013]\s+|\b(?:when|as|after)\s+)(?:an?|one|the)\s+(?:[\w.'-]+\s+){0,6}?and\s+$", re.I)


# ", including two children," between a count and its verb
_ASIDE = r"(?:,\s+(?:including|among\s+them|most\s+of\s+them|all\s+of\s+them|mostly)\s+[^,;.]{1,60},\s+)?"
_TOLL = re.compile(rf"\b(?:death\s+)?toll\s+(?:[^.;]{{0,80}}?\s)?(?:rose|climbed|reached|stood\s+at|stands\s+at|increased|jumped|grew)\s+(?:to\s+)?{_QUAL}(?P<n>{_NUM})\b", re.I)


def _casualty_clause_start(text: str, c: _Cand, s0: int, cl0: int) -> int:
    """Where the casualties of an attack trigger may be stated: from the trigger on, or from the
    start of its sentence when the toll comes first ("Two soldiers were killed when a bomb
    exploded", "Eleven soldiers died in the assault", "two members ... were killed")."""
    lead = text[s0 : c.start + len(c.form)] if c.form in ("killed", "wounded", "injured") else text[s0 : c.start]
    if c.form in ("killed", "wounded", "injured", "shot dead") and re.search(r"\b(?:were|was|been)\s+(?:\w+ly\s+)?$", text[s0 : c.start]):
        return s0
    if _CASUALTIES_LEAD.search(lead) or re.search(r"\btoll\b", text[s0 : c.start]):
        return s0  # (also "the death toll from Monday's bombing rose to 35")
    return c.start


_LIVES_OF = re.compile(rf"\b(?:claimed|claiming|claims|claim|took|taking|takes|cost|costing|costs)\s+the\s+lives\s+of\s+{_QUAL}(?P<n>{_NUM})\b", re.I)


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
        if m.group().lower() in ("killed", "killing", "shot dead", "slain", "killed in", "assassinated"):
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
                    # "killed <Person> and <Person>": each person named
                    k = next(i for i in range(k0, k0 + 8) if actors[i] is ph) + 1
                    while k < len(actors) and actors[k].kind == "person" and actors[k].end <= hi \
                            and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", text[actors[k - 1].end : actors[k].start]):
                        n += 1
                        k += 1
                    rest = text[actors[k - 1].end : hi]
                    # "killed <Person>, a senior commander, and two of his guards"
                    ap = _APPOSITION.match(rest)
                    rest = rest[ap.end():] if ap else rest
                    om = re.match(r"\s*,?\s*and\s+", rest)
                    more = _count_list(rest[om.end():], ev.person_nouns) if om else None
                    if more:
                        n += more  # "killing Saadi and two other members of the faction"
                    am = re.search(rf"along with\s+(?P<n>{_NUM})\b", rest, re.I)
                    if am and _num(am.group("n")):
                        n += _num(am.group("n")) or 0
        if n is None:
            # "two soldiers were killed", "at least one demonstrator was killed"
            bm = re.search(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+(?:\s+|(?=,))){{0,4}}?){_ASIDE}(?:were|was|had been|have been|are|been)\s+$", before, re.I)
            if bm and (ev.person_nouns.search(bm.group("np") + " ") or bm.group("np").strip()):
                n = _num(bm.group("n"))
                if n is not None and _ONE_BEFORE_AND.search(before[: bm.start()]):
                    n += 1  # "a senior commander and two of his bodyguards were killed"
        if n is None and m.group().lower() in ("killed", "shot dead") and re.search(r"\b(?:was|were)\s+$", before):
            # "An American contractor, an interpreter, was killed": the clause's subject counted
            n = _people_in_lead(re.sub(r"\s*\b(?:was|were)\s+$", "", before), lo, ev, actors)
        if n is None and m.group().lower() in ("died", "dead", "lost their lives", "perished"):
            # "eleven soldiers died in the assault"
            # (also across an aside: "seven civilians, including a child, lost their lives")
            bm = re.search(rf"{_QUAL}(?P<n>{_NUM})\s+(?P<np>(?:[\w.'-]+(?:\s+|(?=,))){{0,4}}?(?:of\s+(?:the\s+)?(?:[\w.'-]+\s+){{1,4}}?)?){_ASIDE}(?:were\s+|was\s+|had\s+|have\s+)?$",
                           before, re.I)
            if bm and _people_noun(bm.group("np"), ev.person_nouns):
                n = _num(bm.group("n"))
        if n is not None:
            deaths = n if deaths in (None, 0) else deaths
            break
    if deaths is None:
        # "the death toll from the bombing rose to 35"
        tm = _TOLL.search(seg)
        if tm and _num(tm.group("n")) is not None:
            deaths = _num(tm.group("n"))
    if deaths is None:
        # "..., leaving four dead", "left at least 11 people dead"
        lm = re.search(rf"\b(?:leaving|left|leaves|leave)\s+{_QUAL}(?P<n>{_NUM})\s+(?:[\w-]+\s+){{0,2}}?(?:dead|killed)\b", seg, re.I)
        if lm and _num(lm.group("n")) is not None:
            deaths = _num(lm.group("n"))
    if deaths is None:
        # "claimed the lives of eleven fighters", "cost the lives of 20 people"
        lm = _LIVES_OF.search(seg)
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


# A sentence that only states a toll: "<people> were killed", "<people> lost their lives",
# "<people> are among ten people killed". Aggregates over a period ("have been killed since",
# "so far") are claims, not one attack's toll.
_TOLL_VERB = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:killed|shot\s+dead)\b|\blost\s+(?:their|his|her)\s+lives?\b"
                        r"|\b(?:died|perished)\b", re.I)
_AMONG_KILLED = re.compile(rf"\bamong\s+(?:the\s+)?{_QUAL}(?P<n>{_NUM})\s+(?:[\w-]+\s+){{0,2}}?(?:killed|dead)\b", re.I)
_AGGREGATE = re.compile(r"\b(?:since|so far|in total|altogether|to date|this year|each|every|a month|a week|have been|has been|had been)\b", re.I)
_LEADING_ADVERBIAL = re.compile(r"^(?:(?:on|in|by|at|later|earlier|meanwhile|separately|overall|hours|days|minutes)\b[^,]{0,40},\s*)", re.I)
_CONJUNCTS = re.compile(r",?\s+and\s+")


# ", most of them families who had driven north," / ", who was not American," inside a subject
_SUBJECT_ASIDE = re.compile(r",\s+(?:including|among\s+them|most\s+of\s+them|all\s+of\s+them|mostly|who|whom|whose|which)\b[^;]*?,(?=\s|$)", re.I)
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Za-z.,' -]{0,40}?\s[\u2014\u2013-]+\s")


def _blank(rx: re.Pattern, s: str) -> str:
    return rx.sub(lambda m: " " * len(m.group()), s)


def _count_subject(subj: str, start: int, person_nouns: re.Pattern, actors: list[ActorHit]) -> int | None:
    """People counted in a subject: "At least 32 people" -> 32, "A contractor, who ..., " -> 1,
    "A commander and two of his guards" -> 3; None when a conjunct is not a person."""
    subj = _blank(_DATELINE_LEAD, _blank(_SUBJECT_ASIDE, subj))  # offsets kept: blanks, not cuts
    total = 0
    pos = 0
    for part in _CONJUNCTS.split(subj):
        part_start = subj.find(part, pos)
        pos = part_start + len(part)
        item = part.strip(" ,")
        if not item:
            return None
        m = _ITEM.match(item)
        if m and re.match(_NUM, m.group("n"), re.I) and not re.match(r"(?:an?|the)\s", item, re.I):
            n = _num(m.group("n"))
            np = m.group("np")
            if n is None or not (person_nouns.search(np + " ") or re.search(r"\b[a-z]+(?:ers|ists|ians|men)\b", np)):
                return None
            total += n
            continue
        a0, a1 = start + part_start, start + pos
        i = bisect_left(actors, a0, key=lambda h: h.start)
        named = any(h.kind == "person" for h in actors[i : bisect_left(actors, a1, key=lambda h: h.start)])
        head = re.split(r",|\s(?:who|which|working|from|of|with)\s", item)[0]
        if named or (re.match(r"(?:an?|one|the)\s", item, re.I) and person_nouns.search(head + " ")):
            total += 1
            continue
        return None
    return total or None


def toll_of_sentence(text: str, a0: int, a1: int, ev: EventLexicon, actors: list[ActorHit]) -> int | None:
    """Deaths stated by a sentence that reports only a toll ("At least 32 people were killed and 110
    were wounded, the ministry said."), for the attack of the sentence before; 0 for "nobody was
    hurt"; None when the sentence is not such a statement or counts over a period."""
    sent = text[a0:a1]
    zm = ev.zero_re.search(sent)
    if zm:
        return 0  # nobody killed, hurt or injured: no deaths either
    if _AGGREGATE.search(sent):
        return None
    am = _AMONG_KILLED.search(sent)
    if am:
        return _num(am.group("n"))
    vm = _TOLL_VERB.search(sent)
    if vm is None:
        return None
    return _people_in_lead(sent[: vm.start()], a0, ev, actors)


def _people_in_lead(lead: str, start: int, ev: EventLexicon, actors: list[ActorHit]) -> int | None:
    """People counted in the subject that opens ``lead`` (a clause up to its verb, at ``start`` in
    the text), after a leading adverbial ("On Monday, ..."); None without a plain subject."""
    m = _LEADING_ADVERBIAL.match(lead)
    s = m.end() if m else 0
    subj = lead[s:].rstrip()
    if not subj or re.search(r"[;:]", subj):
        return None
    return _count_subject(subj, start + s, ev.person_nouns, actors)

"""Actor stage, names beyond the pack's aliases: acronyms defined in the text, modifier + head
rules ("U.S. aircraft"), persons by title or role apposition, surnames after a full mention, and
unknown organisations by their heads and prefixes."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from marsad.extract.actor_core import (
    _ARTICLES,
    _SKEL_CACHE,
    ActorHit,
    ActorIndex,
    Tokens,
    _alias_key,
    _any_overlap,
    _matches_at,
    _overlaps,
    _Spans,
)
from marsad.text import name_key

_ACRO_PAREN = re.compile(r"\s*\(([A-Z][A-Za-z]{0,2}[A-Z]{1,6})\)")


_ACRO_OR = re.compile(r",?\s+(?:or|known as|also known as)\s+(?:the\s+)?([A-Z][A-Za-z]{0,2}[A-Z]{1,6})\b")


def _acronym_hits(text: str, hits: list[ActorHit]) -> list[ActorHit]:
    defined: dict[str, ActorHit] = {}
    for h in hits:
        m = _ACRO_PAREN.match(text, h.end) or _ACRO_OR.match(text, h.end)
        if m and m.group(1) not in defined:
            defined[m.group(1)] = h
    if not defined:
        return []
    out = []
    pat = re.compile(r"\b(" + "|".join(re.escape(k) for k in defined) + r")\b")
    taken = _any_overlap(hits)
    for m in pat.finditer(text):
        if taken(m.start(), m.end()):
            continue
        h = defined[m.group(1)]
        out.append(ActorHit(m.start(), m.end(), h.id, h.name, h.kind, "acronym", h.country, m.group()))
    return out


def _compile_rules(lex: dict[str, Any]) -> list[tuple[re.Pattern, str, str]]:
    """Metonym / group-noun rules: (modifier alternatives, head alternatives) -> actor id."""
    out = []
    for rule in lex.get("actor_rules", []):
        mods = rule.get("modifiers") or [""]
        heads = rule.get("heads") or [""]
        def esc(w: str) -> str:
            # a lower-case word may open a sentence: "the army" also reads "The army"
            e = re.escape(w)
            return f"[{w[0]}{w[0].upper()}]{re.escape(w[1:])}" if w[:1].islower() else e

        mod_alt = "|".join(esc(m) for m in sorted(mods, key=len, reverse=True) if m)
        head_alt = "|".join(esc(h) for h in sorted(heads, key=len, reverse=True) if h)
        # up to two modifier words between ("U.S. fighter jets"), never a function word ("the
        # United States for the strike" is no strike force) nor a verb ("the United States
        # deployed troops" is the state acting, not a force named "deployed troops")
        adj = (r"(?:(?!(?:for|of|the|a|an|on|in|at|to|by|with|from|and|or|over|after|against|that|which"
               r"|has|have|had|is|are|was|were|will|would|said|says|sent|sends|send|put|puts|kept|keeps|began|struck)\s"
               r"|(?!(?:armed|unmanned|manned|allied|armou?red|advanced|combined|trained|speciali[sz]ed)\s)[a-z]+ed\s)"
               r"(?:[a-z][\w-]*|\d+)\s+){0,2}?") if rule.get("gap", True) else ""
        if mod_alt and head_alt:
            body = rf"(?:{mod_alt})\s+{adj}(?:{head_alt})"
        elif mod_alt:
            body = rf"(?:{mod_alt})"
        else:
            body = rf"(?:{head_alt})"
        flags = 0 if rule.get("case_sensitive") else re.I
        pat = re.compile(rf"(?<![\w.-]){body}(?![\w-])", flags)
        out.append((pat, rule["actor"], rule.get("reason", "metonym"), bool(rule.get("count", True))))
    return out


def _rule_starts(lex: dict[str, Any]) -> list[list[str] | None]:
    """For each rule of :func:`_compile_rules`, the literal strings a match must start with (the
    modifiers, else the heads, in both first-letter cases where the pattern allows it), or None
    where the rule cannot be pre-filtered (case-insensitive)."""
    out: list[list[str] | None] = []
    for rule in lex.get("actor_rules", []):
        mods = [m for m in (rule.get("modifiers") or [""]) if m]
        heads = [h for h in (rule.get("heads") or [""]) if h]
        words = mods or heads
        if not rule.get("case_sensitive") or not words:
            out.append(None)
            continue
        lits: list[str] = []
        for w in words:
            lits.append(w)
            if w[:1].islower():
                lits.append(w[0].upper() + w[1:])
        out.append(lits)
    return out


_COUNT_BEFORE = re.compile(r"(?:\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens of|hundreds of|a|the|its|their)\s+)$", re.I)


def _rule_matches(text: str, rules, cands=None):
    for i, (pat, ref, reason, count) in enumerate(rules):
        starts = cands[i] if cands is not None else None
        for m in (pat.finditer(text) if starts is None else _matches_at(pat, text, starts)):
            s = m.start()
            if count:
                cm = _COUNT_BEFORE.search(text, max(0, s - 16), s)
                if cm:
                    s = cm.start()  # "two U.S. troops": the count belongs to the mention
            yield s, m.end(), ref, reason


def _rule_hits(text: str, hits: list[ActorHit], index: ActorIndex, rules, cands=None) -> list[ActorHit]:
    out: list[ActorHit] = []
    order = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in order]
    longest = max((h.end - h.start for h in order), default=0)
    removed: set[int] = set()
    for s, e, ref, reason in _rule_matches(text, rules, cands):
        a = index.resolve(ref)
        if a is None:
            continue
        aid = a.id
        # keep the alias hit when a rule only re-reads it ("U.S. Central Command")
        inner = [h for h in order[bisect_left(starts, s - longest) : bisect_left(starts, e)]
                 if s < h.end and id(h) not in removed]
        if any(h.id == aid for h in inner):
            continue
        if inner and not all(s <= h.start and h.end <= e and h.kind in ("state",) for h in inner):
            continue
        if _overlaps(out, s, e):
            continue
        # a rule may swallow a country alias ("Iraq's military"): that alias is not an actor here
        for h in inner:
            hits.remove(h)
            removed.add(id(h))
        out.append(ActorHit(s, e, aid, a.name, a.kind, reason, a.country, text[s:e]))
    return out


_NAME_WORD = r"(?:[A-Z][a-z\u00C0-\u024F'\u2019]+(?:-[A-Z][a-z]+)?|(?:al|el|bin|ibn|Abu|Abd|Umm|Al)-[A-Z][a-z'\u2019]+)"


_PARTICLE = r"(?:(?:al|el|bin|ibn|bint|Abu|Abd|abu|abd)[- ])"
_REGNAL = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)\b"


def _compile_person(lex: dict[str, Any]) -> tuple[re.Pattern, re.Pattern]:
    titles = sorted(lex.get("person_titles", []), key=len, reverse=True)
    title_alt = "|".join(re.escape(t) for t in titles)
    name = rf"(?P<name>{_NAME_WORD}(?:\s+{_PARTICLE}?{_NAME_WORD}){{1,3}})"
    multi = rf"{_NAME_WORD}(?:\s+{_PARTICLE}?{_NAME_WORD}){{1,3}}"
    # a monarch or a pope is named by one given name and a regnal number ("King Abdullah II");
    # _person_hits keeps a one-word name only after such a title (``sovereign_titles``)
    titled_name = rf"(?P<name>{multi}|{_NAME_WORD}(?:\s+{_REGNAL})?(?![\w-]))"
    titled = re.compile(rf"(?<![\w-])(?P<title>(?:(?:[A-Z][\w.'\u2019-]*|[a-z]+)\s+){{0,3}}?(?:{title_alt})),?\s+{titled_name}")
    roles = "|".join(re.escape(r) for r in sorted(lex.get("person_roles", []), key=len, reverse=True))
    appos = re.compile(
        rf"(?<![\w-]){name},\s+(?:(?:himself|herself|also)\s+)?(?:a|an|the|one of|another|who)\s+(?:[\w.'\u2019-]+\s+){{0,5}}?(?:{roles})\b")
    return titled, appos


# what follows the name in every match of the apposition pattern (a superset of its
# ",\s+(?:a|an|the|one of|another|who)\s+")
_APPOS_COMMA = re.compile(r",\s+(?:(?:himself|herself|also)\s+)?(?:a|an|the|one|another|who)\s")


_TITLE_STRIP = re.compile(r"^(?:(?:[A-Z][\w.'\u2019-]*|[a-z]+)\s+)*")


# a name of two words or more (a regnal number is not a second word)
_MULTI_WORD = re.compile(rf"\s(?!{_REGNAL})")


def _sovereign_titles(index: ActorIndex) -> frozenset[str]:
    got = index.__dict__.get("_sovereign_titles")
    if got is None:
        got = frozenset(index.lex.get("sovereign_titles") or [])
        index.__dict__["_sovereign_titles"] = got
    return got


def _person_hits(text: str, hits: list[ActorHit], index: ActorIndex, person_res,
                 title_starts: list[int] | None = None) -> list[ActorHit]:
    titled, appos = person_res
    sovereigns = _sovereign_titles(index)
    out: list[ActorHit] = []
    stop = _not_person_words(index)
    ov = None
    for pat, reason in ((titled, "title"), (appos, "person")):
        if pat is titled:
            ms = pat.finditer(text) if title_starts is None else _matches_at(pat, text, title_starts)
        else:
            commas = [m.start() for m in _APPOS_COMMA.finditer(text)]
            ms = _matches_at(pat, text, _title_starts(text, commas, 6, False)) if commas else ()
        for m in ms:
            s, e = m.start("name"), m.end("name")
            nm = m.group("name")
            if reason == "title" and not _MULTI_WORD.search(nm):
                sovereign = m.group("title").split()[-1]
                if sovereign not in sovereigns:
                    continue  # one given name only after a sovereign's title
                s = m.end("title") - len(sovereign)  # "King Abdullah II", "Pope Francis": the title is part of the name
                nm = text[s:e]
            words = [name_key(w) for w in re.split(r"[\s-]+", nm)]
            if any(w in stop for w in words):
                continue
            if reason == "person" and _OPENER.match(nm):
                continue  # "In Tehran, the spokesman ...": a preposed phrase, not "<name>, the <role>"
            if ov is None:
                ov = _any_overlap(hits)
            if ov(s, e) or _overlaps(out, s, e):
                # a pack person already matched: extend nothing
                continue
            role = m.group("title") if reason == "title" else None
            country = _title_country(text, m.start("title"), m.end("title"), index) if reason == "title" else None
            out.append(ActorHit(s, e, None, nm, "person", reason, country, nm, role=role))
    return out


_STATE_WORD_BEFORE = re.compile(r"(U\.S\.|[A-Z][a-z]+)(?:['\u2019]s)?\s+$")
_STATE_WORD_FIRST = re.compile(r"(U\.S\.|[A-Z][a-z]+)(?:['\u2019]s)?\s+")


def _title_country(text: str, title_at: int, title_end: int, index: ActorIndex) -> str | None:
    """The country a title's demonym or state names ("Swedish Foreign Minister X", "Jordan's
    King X"): an unknown office holder's country."""
    m = _STATE_WORD_FIRST.match(text, title_at, title_end) or _STATE_WORD_BEFORE.search(text, max(0, title_at - 25), title_at)
    if m is None:
        return None
    word = m.group(1)
    dem = (index.lex.get("demonyms") or {}).get(word)
    st = index.actors.get(dem) if dem else index.lookup(word)
    return st.country if st is not None and st.kind == "state" else None


def _compile_org_appos(lex: dict[str, Any]) -> re.Pattern | None:
    """"Zagros Air, a regional carrier": a capitalised name described by an apposition whose
    head is an organisation noun (`organization_roles`)."""
    roles = "|".join(re.escape(r) for r in sorted(lex.get("organization_roles", []), key=len, reverse=True))
    if not roles:
        return None
    return re.compile(rf"(?<![\w.-])(?P<name>[A-Z][\w&'\u2019-]*(?:\s+[A-Z][\w&'\u2019-]*){{0,3}}),\s+"
                      rf"(?:a|an|the)\s+(?:(?!(?:for|of|with|at|in|from|who|to|by)\s)[a-z][\w'\u2019-]*\s+){{0,4}}?(?:{roles})\b(?!-)")


def _org_appos_hits(text: str, hits: list[ActorHit], pat: re.Pattern | None, stop: set[str]) -> list[ActorHit]:
    if pat is None:
        return []
    out: list[ActorHit] = []
    ov = None
    for m in pat.finditer(text):
        s, e = m.start("name"), m.end("name")
        if text[s:e].split()[0].lower() in stop:
            continue
        if ov is None:
            ov = _any_overlap(hits)
        if ov(s, e) or _overlaps(out, s, e):
            continue
        nm = m.group("name")
        out.append(ActorHit(s, e, None, nm, "organization", "unknown", None, nm))
    # the name introduced once stands alone afterwards ("Zagros Air rejected ...")
    for h in list(out):
        for m in re.finditer(rf"(?<![\w-]){re.escape(h.name)}(?![\w-])", text):
            if m.start() != h.start and not ov(m.start(), m.end()) and not _overlaps(out, m.start(), m.end()):
                out.append(ActorHit(m.start(), m.end(), None, h.name, h.kind, "unknown", None, h.name))
    return sorted(out, key=lambda x: x.start)


_MEMBER_ORG_KINDS = ("party", "armed_group", "coalition", "organization")
_PERSON_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_PARTICLE}?{_NAME_WORD}){{1,3}}")
_NAME_BEFORE_OF = re.compile(rf"(?<![\w-])(?P<name>{_NAME_WORD}(?:\s+{_PARTICLE}?{_NAME_WORD}){{1,3}})\s+of\s+(?:the\s+)?$")


# capitalised words that open a sentence or clause before a name
_OPENER = re.compile(r"(?:Yesterday|Today|Tonight|Later|Earlier|Meanwhile|Then|There|Here|Also|But|And|When|After|"
                     r"Before|Last|Next|This|That|On|In|At|By|Separately|However|Moreover|Instead|Now)\s+")


def _org_member_hits(text: str, hits: list[ActorHit], index: ActorIndex, taken: list[ActorHit]) -> list[ActorHit]:
    """Persons named only beside a known party or group: "Hakim al-Zamili of the Sadrist bloc",
    "the KDP's Shakhawan Abdullah". The name must not hold a word the pack or the titles use."""
    stop = _not_person_words(index)
    titles = _title_and_role_keys(index)
    out: list[ActorHit] = []
    ov = _any_overlap(hits)
    for h in hits:
        if h.kind not in _MEMBER_ORG_KINDS:
            continue
        spans = []
        bm = _NAME_BEFORE_OF.search(text, max(0, h.start - 70), h.start)
        if bm:
            spans.append((bm.start("name"), bm.end("name")))
        pm = re.match(r"['\u2019]s\s+", text[h.end : h.end + 3])
        if pm:
            am = _PERSON_NAME.match(text, h.end + pm.end())
            if am:
                spans.append((am.start(), am.end()))
        for s, e in spans:
            om = _OPENER.match(text, s, e)
            if om and len(text[om.end() : e].split()) >= 2:
                s = om.end()  # "Yesterday Karim al-Saadoun of ...": the adverb is not a name
            words = [name_key(w) for w in re.split(r"[\s-]+", text[s:e]) if w]
            if any(w in stop or w in titles for w in words) or ov(s, e) or _overlaps(out + taken, s, e):
                continue
            nm = text[s:e]
            out.append(ActorHit(s, e, None, nm, "person", "person", None, nm))
    return out


def _title_and_role_keys(index: ActorIndex) -> set[str]:
    """The name keys of every word of the lexicon's person titles and roles (cached on the index
    while its lexicon is the same object)."""
    cached = index.__dict__.get("_title_role_keys")
    if cached is None or cached[0] is not index.lex:
        keys = {name_key(w) for t in index.lex.get("person_titles", []) + index.lex.get("person_roles", [])
                for w in re.split(r"[\s.]+", t) if w}
        cached = index.__dict__["_title_role_keys"] = (index.lex, keys)
    return cached[1]


def _not_person_words(index: ActorIndex) -> set[str]:
    words = index.lex.get("not_person_words", [])
    cached = index.__dict__.get("_stop_cache")
    if cached is None or cached[0] is not words or cached[1] != len(words):
        cached = (words, len(words), {name_key(w) for w in words})
        index.__dict__["_stop_cache"] = cached
    return cached[2]


# a name token right after: the matched word is the first part of another person's name
_NAME_GOES_ON = re.compile(r"\s+(?:(?:al|el|Al|El)-[A-Z]|(?:bin|ibn|Abu|Abd)\s+[A-Z]|[A-Z][a-z]{2,}\b(?!['\u2019]))")


_WORD_BEFORE = re.compile(r"([A-Z][\w'\u2019-]*)\.?\s+(?:(?:al|el|Al|El)-)?$")


def _given_name_before(text: str, s: int, index: ActorIndex, own_name: str = "") -> bool:
    """Whether the capitalised word right before a surname is a given name of another person of
    the family ("Falih al-Khazali" when the known one is Qais), not a title ("Prime Minister
    Kadhimi", "Gen. Soleimani"), an opener, the end of the sentence before, or a word of the
    known person's own name (``own_name``)."""
    m = _WORD_BEFORE.search(text, max(0, s - 30), s)
    if m is None or "." in m.group(0):
        return False  # ("Salih. Rashid asked ...": the end of a sentence; "Gen.": a title)
    word = m.group(1)
    if own_name and word.lower() in own_name.lower().split():
        return False
    cached = index.__dict__.get("_title_words")
    if cached is None or cached[0] is not index.lex:
        words = {w.strip(".").lower() for t in (index.lex.get("person_titles") or []) for w in str(t).split()}
        cached = index.__dict__["_title_words"] = (index.lex, words)
    if word.strip(".").lower() in cached[1] or word.lower() in _ARTICLES or name_key(word) in _not_person_words(index):
        return False  # a title, an article, a weekday or a place-like word ("On Friday Sadr gave ...")
    return not _OPENER.match(m.group(0))  # "Yesterday Kadhimi said": an opener, not a given name


def _surname_hits(text: str, toks: Tokens, hits: list[ActorHit], index: ActorIndex) -> list[ActorHit]:
    """Surname back-references to persons mentioned in full earlier in the text."""
    persons = [h for h in hits if h.kind == "person" and h.reason in ("alias", "variant", "title", "person")]
    if not persons:
        return []
    by_last: dict[str, list[ActorHit]] = {}
    for h in persons:
        parts = _alias_key(h.text).split()
        if len(parts) >= 2 and len(parts[-1]) >= 3:
            by_last.setdefault(_SKEL_CACHE[parts[-1]], []).append(h)
    if not by_last:
        return []
    out: list[ActorHit] = []
    firm = _Spans([h for h in hits if h.reason != "variant"])
    # the kept tokens whose skeleton is one of the surnames', in text order
    skel = " " + toks.skel + " "
    spos = toks.skel_pos
    js: list[tuple[int, str]] = []
    for sk in by_last:
        needle = " " + sk + " "
        at = skel.find(needle)
        while at >= 0:
            js.append((bisect_left(spos, at), sk))
            at = skel.find(needle, at + 1)
    js.sort()
    for j, sk in js:
        cands = by_last[sk]
        i = toks.skel_tok[j]
        if len(toks.keys[i]) < 3:
            continue
        s, e = toks.starts[i], toks.ends[i]
        if not text[s].isupper():
            continue
        if i > 0 and toks.keys[i - 1] in _ARTICLES:
            s = toks.starts[i - 1]
        if firm.overlaps(s, e) or _overlaps(out[-3:], s, e):
            continue
        if _NAME_GOES_ON.match(text, e):
            continue  # "Hakim al-Zamili": a given name of someone else, not the known surname
        if _given_name_before(text, s, index, cands[-1].name):
            continue  # "Falih al-Khazali" after "Qais al-Khazali": another person of the same family
        before = [h for h in cands if h.end <= s]
        if not before:
            continue
        h = before[-1]
        out.append(ActorHit(s, e, h.id, h.name, "person", "surname", h.country, text[s:e]))
    return out


@dataclass
class _OrgMatcher:
    suffix_re: re.Pattern | None  # finds a head word
    suffix_kind: dict[str, str]
    before_re: re.Pattern  # capitalised words ending right before the head
    after_re: re.Pattern  # "of the X" continuation
    prefix_re: re.Pattern | None  # prefix word + capitalised words
    prefix_kind: dict[str, str]


_CAP = r"(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]*"


_LINK = r"(?:\s+(?:of|for|the|al|ahl|in|and)\s+|\s+)"


def _compile_orgs(lex: dict[str, Any]) -> _OrgMatcher:
    suffix_kind: dict[str, str] = {}
    prefix_kind: dict[str, str] = {}
    for o in lex.get("organization_heads", []):
        for h in o.get("suffixes", []):
            suffix_kind.setdefault(h, o.get("kind", "organization"))
        for h in o.get("prefixes", []):
            prefix_kind.setdefault(h, o.get("kind", "organization"))
    sfx = "|".join(re.escape(h) for h in sorted(suffix_kind, key=len, reverse=True))
    pfx = "|".join(re.escape(h) for h in sorted(prefix_kind, key=len, reverse=True))
    return _OrgMatcher(
        re.compile(rf"(?<![\w-])(?:{sfx})(?![\w-])") if sfx else None,
        suffix_kind,
        re.compile(rf"(?:{_CAP}{_LINK}){{1,4}}$"),
        re.compile(rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{pfx})(?:{_LINK}{_CAP}){{1,4}}(?![\w-])") if pfx else None,
        prefix_kind,
    )


def _org_hits(text: str, hits: list[ActorHit], org: _OrgMatcher, stop: set[str],
              sfx_starts: list[int] | None = None, pfx_starts: list[int] | None = None) -> list[ActorHit]:
    """Unknown organisations by their head word ("... Commission", "Ministry of ..."). A known
    state or place named in the "of ..." tail ("Central Bank of Iraq") belongs to the name: the
    returned organisation replaces it (the caller drops hits inside a returned one)."""
    found: list[tuple[int, int, str, int]] = []
    if org.suffix_re is not None:
        for m in (org.suffix_re.finditer(text) if sfx_starts is None else _matches_at(org.suffix_re, text, sfx_starts)):
            lo = max(0, m.start() - 80)
            bm = org.before_re.search(text, lo, m.start())
            if bm is None:
                continue
            e = m.end()
            am = org.after_re.match(text, e)
            if am:
                e = am.end()
            found.append((bm.start(), e, org.suffix_kind[m.group()], m.end()))
    if org.prefix_re is not None:
        for m in (org.prefix_re.finditer(text) if pfx_starts is None else _matches_at(org.prefix_re, text, pfx_starts)):
            kind = next((k for p, k in org.prefix_kind.items() if m.group().startswith(p)), "organization")
            tail = _OF_TAIL.search(m.group())
            found.append((m.start(), m.end(), kind, m.start() + tail.start() if tail else m.end()))
    out: list[ActorHit] = []
    ov = None
    for s, e, kind, tail_at in sorted(found, key=lambda f: (f[0], -f[1])):
        s = _after_leading_stops(text, s, tail_at, stop)
        surface = text[s:e]
        words = surface.split()
        if len(words) < 2 or words[0].lower() in stop or surface.lower() in stop:
            continue
        if ov is None:
            ov = _any_overlap(hits)
        if (ov(s, tail_at) or ov(tail_at, e) and not _only_places_in(hits, tail_at, e)) or _overlaps(out, s, e):
            continue
        out.append(ActorHit(s, e, None, surface, kind, "unknown", None, surface))
    return out


def _after_leading_stops(text: str, s: int, head_at: int, stop: set[str]) -> int:
    """Where the name starts: after a leading "the", or after the last " the " before the head
    when the words before it open with a stop word ("On Sunday the Media Commission")."""
    if text.startswith(("The ", "the "), s):
        return s + 4
    first = text[s:head_at].split(maxsplit=1)
    if first and first[0].lower() in stop:
        k = text.rfind(" the ", s, head_at)
        if k >= 0:
            return k + 5
        m = _FRONTED_WHEN.match(text, s, head_at)  # "On Thursday Iraq's Presidency Council"
        if m:
            return m.end()
    return s


# a fronted time or linking word before a name with no "the": "On Thursday", "Late on Monday", "But"
_FRONTED_WHEN = re.compile(r"(?:(?:[Oo]n|[Ll]ate|[Ee]arly|[Ll]ast|[Bb]ut|[Aa]nd|[Tt]hen|[Mm]eanwhile|[Ss]ince|[Aa]fter|[Bb]efore|[Dd]uring)\s+)*"
                           r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night)\s+)?(?:,\s+)?")


_OF_TAIL = re.compile(r"\s(?:of|for)\s")


def _only_places_in(hits: list[ActorHit], start: int, end: int) -> bool:
    """Whether every hit overlapping [start, end) is a state inside it (the "of Iraq" of a name)."""
    inside = [h for h in hits if h.start < end and start < h.end]
    return all(h.kind == "state" and start <= h.start and h.end <= end for h in inside)


_WORD_START = re.compile(r"(?<![\w-])[A-Za-z]")


def _chunk_back(text: str, t: int, chunks: int) -> int:
    """A position at or before the start of the whitespace-separated chunk ``chunks`` chunks
    before the one holding ``t``. Chunks are split at spaces and newlines only: other whitespace
    merges chunks, which only moves the bound further back (never past a real one)."""
    rf = text.rfind
    i = max(rf(" ", 0, t), rf("\n", 0, t)) + 1
    for _ in range(chunks):
        if i == 0:
            break
        j = i - 1
        while j > 0 and text[j - 1] in " \n":
            j -= 1
        i = max(rf(" ", 0, j), rf("\n", 0, j)) + 1
    return i


def _title_starts(text: str, occ: list[int], chunks: int = 3, keep_occ: bool = True) -> list[int]:
    """Every position where the titled-person pattern of :func:`_compile_person` can match, from
    the start positions of the title words: the title itself, or a word start at most three
    whitespace-separated chunks before the chunk holding it (the optional words before a title).
    With ``chunks=6, keep_occ=False`` and the commas of :data:`_APPOS_COMMA`: where the
    apposition pattern can match (a name of at most seven chunks ends at the comma)."""
    cands = set(occ) if keep_occ else set()
    for t in occ:
        for m in _WORD_START.finditer(text, _chunk_back(text, t, chunks), t):
            cands.add(m.start())
    return sorted(cands)

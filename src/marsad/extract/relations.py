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
from dataclasses import dataclass
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


@dataclass
class RelationLexicon:
    patterns: list[tuple[re.Pattern, dict]]
    backed_re: re.Pattern
    title_leads: bool = True


def compile_relations(lex: dict[str, Any]) -> RelationLexicon:
    pats = []
    for p in lex.get("patterns", []):
        src = p["pattern"].replace("{A}", _A).replace("{B}", _B)
        p = dict(p)
        # literal words of the pattern: a sentence with none of them cannot match (a cheap prefilter)
        bare = re.sub(r"\\[A-Za-z]", " ", p["pattern"])  # \\w, \\s, \\b ... are not words
        bare = re.sub(r"\(\?(?:P<\w+>|<?[=!]|:)?", " ", bare)  # group openers
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", bare)} - _COMMON
        p["_words"] = tuple(words)
        pats.append((re.compile(src, 0 if p.get("case_sensitive") else re.I), p))
    backed = re.compile(r"[-\u2010\u2011](?:backed|sponsored|funded|supported|aligned|allied)\b", re.I)
    return RelationLexicon(pats, backed, bool(lex.get("title_leads", True)))


def _mask(text: str, s0: int, s1: int, hits: list[ActorHit]) -> tuple[str, list[ActorHit]]:
    parts = []
    pos = s0
    used: list[ActorHit] = []
    for h in hits:
        if h.start < pos or h.end > s1:
            continue
        parts.append(text[pos : h.start])
        parts.append(_MARK.format(len(used)))
        used.append(h)
        pos = h.end
    parts.append(text[pos:s1])
    return "".join(parts), used


def _ref(h: ActorHit) -> ActorRef:
    return ActorRef(id=h.id, name=h.name)


_OFFICE_MEMBER = re.compile(r"spokes|press secretary|ambassador|envoy|adviser|advisor|deputy", re.I)
_TITLE_BEFORE = re.compile(r"((?:[A-Za-z][\w.'\u2019-]*,?\s+){1,6})$")


def _title_relations(text, sentences, hits, pack, published, add) -> None:
    """"Prime Minister Mustafa al-Kadhimi" -> leads Iraq, from the person's offices in the pack."""
    from marsad.text import name_key

    seen: set[str] = set()
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
            hit_title = next((t for t in titles if t and (" " + name_key(t) + " ") in before[-(len(name_key(t)) + 2):]), None)
            if hit_title is None:
                continue
            org = role.organization or office.get("organization")
            target = pack.actors.get(org) if org else None
            if target is None:
                continue
            typ = "member_of" if _OFFICE_MEMBER.search(office.get("title") or "") else "leads"
            t = ActorHit(h.start, h.end, target.id, target.name, target.kind, "office", target.country, "")
            at = text.lower().rfind(hit_title.split()[0].lower(), max(0, h.start - 70), h.start)
            add(h, typ, t, at if at >= 0 else h.start - len(m.group(1)), h.end, 0.65)
            seen.add(h.id)
            break


def find_relations(text: str, sentences: list[tuple[int, int]], hits: list[ActorHit],
                   lex: RelationLexicon, pack=None, published: str | None = None, lookup=None) -> list[Relation]:
    out: list[Relation] = []
    seen: set[tuple] = set()

    def add(a: ActorHit, typ: str, b: ActorHit, ev0: int, ev1: int, conf: float) -> None:
        ka, kb = (a.id or a.name), (b.id or b.name)
        if ka == kb:
            return
        key = (ka, typ, kb)
        if key in seen:
            return
        seen.add(key)
        ev0 = max(0, ev0)
        out.append(Relation(source=_ref(a), type=typ, target=_ref(b),
                            evidence=Mention(text=text[ev0:ev1], start=ev0, end=ev1), confidence=conf))

    if pack is not None and lex.title_leads:
        _title_relations(text, sentences, hits, pack, published, add)
    # "the U.S.-led coalition", "the Iran-backed militia" inside one mention
    if lookup is not None:
        for h in hits:
            m = re.match(r"(?:[Tt]he\s+|an?\s+|another\s+)?(?:[\w-]+\s+)?([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[-\u2010\u2011](led|backed|sponsored|aligned|funded|supported)\b", h.text)
            if not m or h.reason == "backref":
                continue
            st = lookup(m.group(1))
            if st is None or st.id == h.id:
                continue
            sh = ActorHit(h.start, h.end, st.id, st.name, st.kind, "alias", st.country, m.group(1))
            add(sh, "leads" if m.group(2) == "led" else "backs", h, h.start, h.end, 0.7)
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]

    def within(a: int, b: int):
        """Hits starting in [a, b)."""
        return hits[bisect_left(starts, a) : bisect_left(starts, b)]

    # "Iran's Revolutionary Guards": a state force is part of its state
    for h in hits:
        if h.kind == "state_force" and h.id:
            for inner in within(h.start, h.start + 1):
                if inner.kind == "state" and inner.end < h.end \
                        and text[inner.end : inner.end + 2] in ("'s", "\u2019s"):
                    add(h, "part_of", inner, h.start, h.end, 0.7)
    # "Masoud Barzani's party": the person leads the party the phrase names
    for h in hits:
        if h.kind in ("party", "armed_group", "coalition") and re.search(r"['\u2019]s\s+(?:[\w-]+\s+)?(?:party|movement|bloc|list|militia|alliance)$", h.text):
            for p_ in within(h.start - 60, h.end):
                if p_.kind == "person" and p_.start < h.end and h.start < p_.end + 3 and p_.end <= h.end:
                    add(p_, "leads", h, p_.start, h.end, 0.7)
                    break
    # "Iran's supreme leader": the office holder leads the state named before the title
    for h in hits:
        if h.role == "title" and h.id:
            m = re.search(r"([A-Z][\w.]+)['\u2019]s\s+$", text[max(0, h.start - 30) : h.start])
            if m and lookup is not None:
                st = lookup(m.group(1))
                if st is not None and st.kind == "state":
                    sh = ActorHit(h.start, h.end, st.id, st.name, st.kind, "alias", st.country, m.group(1))
                    add(h, "leads", sh, h.start - len(m.group(0)), h.end, 0.6)
    # "his followers": the group a person leads
    for h in hits:
        if h.via is not None and h.id:
            add(h.via, "leads", h, h.via.start, h.end, 0.6)
    prev_sentence_hits: list[ActorHit] = []
    for s0, s1 in sentences:
        in_sent = [h for h in within(s0, s1) if h.end <= s1]
        # descriptors that carry their backer: "the Iran-backed militia" -> Iran backs <antecedent>
        for h in in_sent:
            if h.reason != "backref":
                continue
            for inner in within(h.start, h.end):
                if inner is h or not (h.start <= inner.start and inner.end <= h.end) or inner.kind not in ("state", "state_force"):
                    continue
                if lex.backed_re.match(text, inner.end):
                    add(inner, "backs", h, h.start, h.end, 0.7)
        outer = [h for h in in_sent if not any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in in_sent)]
        masked, used = _mask(text, s0, s1, outer)
        # offsets of markers in the masked string -> text offsets
        low = masked.lower()
        for pat, p in lex.patterns:
            if len(used) < 2 and not (p.get("implicit_a") or p.get("implicit_b")):
                continue
            if p["_words"] and not any(w in low for w in p["_words"]):
                continue
            if not used:
                continue
            for m in pat.finditer(masked):
                a = used[int(m.group("a"))] if m.groupdict().get("a") is not None else None
                b = used[int(m.group("b"))] if m.groupdict().get("b") is not None else None
                if a is None:
                    how = p.get("implicit_a")
                    if how == "first_person":
                        a = next((h for h in used if h.kind == "person" and h.start < (b.start if b else s1)), None)
                    elif how == "previous":
                        cands = [h for h in prev_sentence_hits + used if h.kind in ("party", "armed_group", "coalition") and (b is None or h.start < b.start)]
                        a = cands[-1] if cands else None
                if b is None and p.get("implicit_b") == "pack_leads" and a is not None and pack is not None and a.id:
                    for af in pack.affiliations_of(a.id, published, "leads"):
                        org = pack.actors.get(af.target) if af.source == a.id else None
                        if org is not None and org.kind in ("party", "armed_group", "coalition"):
                            b = ActorHit(a.start, a.end, org.id, org.name, org.kind, "pack", org.country, "")
                            break
                elif b is None and p.get("implicit_b"):
                    b = next((h for h in reversed([h for h in hits if h.end <= s1]) if h.kind in ("institution",)
                              and p["implicit_b"] in h.text.lower()), None)
                if a is None or b is None:
                    continue
                if p.get("kinds_a") and a.kind not in p["kinds_a"]:
                    continue
                if p.get("kinds_b") and b.kind not in p["kinds_b"]:
                    continue
                src, tgt = (a, b) if p.get("source", "A") == "A" else (b, a)
                ev0 = min(a.start, b.start)
                ev1 = max(a.end, b.end)
                add(src, p["type"], tgt, ev0, ev1, 0.75)
        prev_sentence_hits = in_sent
    return out

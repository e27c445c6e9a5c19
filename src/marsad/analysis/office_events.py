"""Office changes read from analyst-reviewed store events: elected, appointed, resigned,
dismissed, removed by a court.

A stored event becomes an :class:`OfficeChange` when

* an analyst confirmed (or edited) it, and its certainty is asserted or reported;
* a rule of ``office_changes.yaml`` matches its PLOVER type and subtype, and one of the rule's
  cue groups is found in one of its sentences (the group's label says *how*: "elected",
  "removed by a court" ...);
* the side of the event the rule names (the target for someone elected or removed, the source
  for someone who resigns) resolves to a **person**.

The office comes from the rule when its act names one (``office_title``: asked to form a
government), else from the knowledge pack's office titles found in the sentence (nearest to the
person's name when several are named); a tenure that ends and whose sentence names no title is
matched later, in :mod:`marsad.analysis.office_merge`, to the one office the person held that
day. Every change keeps its provenance: event, document and character span of the sentence, for
each source of the event.

Changes that cannot be resolved (no person, no office) are returned too, with ``outcome``
``unresolved`` and the reason, so an analyst sees why a confirmed event changed nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad.errors import NotFound, PackError

RULES_FILE = Path(__file__).with_name("office_changes.yaml")
REVIEWED = ("confirmed", "edited")  # statuses an analyst has set
CHANGES = ("start", "end")
SIDES = ("source", "target")


@dataclass(frozen=True, slots=True)
class CueGroup:
    label: str
    patterns: tuple[re.Pattern, ...]

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class ChangeRule:
    change: str  # "start" or "end"
    type: str
    subtypes: tuple[str, ...]
    holder: tuple[str, ...]  # sides of the event, in order of preference
    how: tuple[CueGroup, ...]
    modes: tuple[str, ...] = ()
    office_title: str | None = None

    def matches(self, event: dict) -> bool:
        return (
            event.get("type") == self.type
            and (not self.subtypes or event.get("subtype") in self.subtypes)
            and (not self.modes or event.get("mode") in self.modes)
        )

    def how_in(self, text: str) -> str | None:
        """The label of the first cue group found in ``text`` (None: not an office change)."""
        for g in self.how:
            if g.found_in(text):
                return g.label
        return None


@dataclass(frozen=True, slots=True)
class ChangeLexicon:
    rules: tuple[ChangeRule, ...]
    title_blockers: frozenset[str]
    acting_words: frozenset[str]

    @property
    def types(self) -> list[str]:
        return sorted({r.type for r in self.rules})


def _fail(path: Path, what: str) -> PackError:
    return PackError(f"{path}: {what}")


def _str_list(path: Path, where: str, v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise _fail(path, f"{where} must be a list of non-empty strings")
    return tuple(v)


def _cue_groups(path: Path, where: str, groups: Any) -> tuple[CueGroup, ...]:
    if not isinstance(groups, list) or not groups:
        raise _fail(path, f"{where}.how must be a non-empty list of cue groups")
    out = []
    for j, g in enumerate(groups):
        if not isinstance(g, dict) or not isinstance(g.get("label"), str):
            raise _fail(path, f"{where}.how[{j}] needs a label and patterns")
        pats = []
        for p in _str_list(path, f"{where}.how[{j}].patterns", g.get("patterns")):
            try:
                pats.append(re.compile(p, re.IGNORECASE))
            except re.error as exc:
                raise _fail(path, f"{where}.how[{j}]: bad pattern {p!r}: {exc}") from None
        if not pats:
            raise _fail(path, f"{where}.how[{j}] has no patterns")
        out.append(CueGroup(g["label"], tuple(pats)))
    return tuple(out)


def _rule(path: Path, i: int, r: Any) -> ChangeRule:
    from marsad.ontology import PLOVER_TYPES

    where = f"rules[{i}]"
    if not isinstance(r, dict):
        raise _fail(path, f"{where} must be a mapping")
    unknown = set(r) - {"change", "type", "subtypes", "modes", "holder", "how", "office_title"}
    if unknown:
        raise _fail(path, f"{where}: unknown keys {sorted(unknown)}")
    if r.get("change") not in CHANGES:
        raise _fail(path, f"{where}.change must be one of {CHANGES}")
    if r.get("type") not in PLOVER_TYPES:
        raise _fail(path, f"{where}.type {r.get('type')!r} is not a PLOVER type")
    modes = _str_list(path, f"{where}.modes", r.get("modes"))
    bad = [m for m in modes if m not in PLOVER_TYPES[r["type"]]]
    if bad:
        raise _fail(path, f"{where}.modes {bad} are not modes of {r['type']}")
    holder = _str_list(path, f"{where}.holder", r.get("holder"))
    if not holder or any(h not in SIDES for h in holder):
        raise _fail(path, f"{where}.holder must list sides of the event: {SIDES}")
    title = r.get("office_title")
    if title is not None and (not isinstance(title, str) or not title):
        raise _fail(path, f"{where}.office_title must be a title string")
    return ChangeRule(
        change=r["change"], type=r["type"],
        subtypes=_str_list(path, f"{where}.subtypes", r.get("subtypes")),
        holder=holder, how=_cue_groups(path, where, r.get("how")), modes=modes,
        office_title=title,
    )  # fmt: skip


def load_change_rules(path: str | Path | None = None) -> ChangeLexicon:
    """The rules of ``office_changes.yaml`` (or ``path``), validated: a bad file raises
    :class:`~marsad.errors.PackError` naming the file and the entry."""
    p = Path(path) if path else RULES_FILE
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(p, f"cannot read: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise _fail(p, "needs a list of rules")
    rules = tuple(_rule(p, i, r) for i, r in enumerate(data["rules"]))
    lower = lambda k: frozenset(w.lower() for w in _str_list(p, k, data.get(k)))  # noqa: E731
    return ChangeLexicon(rules, lower("title_blockers"), lower("acting_words"))


@lru_cache(maxsize=1)
def default_rules() -> ChangeLexicon:
    return load_change_rules()


# --------------------------------------------------------------------------- titles in a sentence


@dataclass(frozen=True, slots=True)
class TitleHit:
    office: str
    start: int
    end: int
    acting: bool


def _title_pattern(title: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in title.replace("’", "'").split())
    acronym = title.isupper() and len(title) <= 4
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", 0 if acronym else re.IGNORECASE)


@lru_cache(maxsize=8)
def _title_patterns(titles: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern]]:
    return [(office, _title_pattern(t)) for office, t in titles]


def _pack_titles(pack, country: str | None) -> tuple[tuple[str, str], ...]:
    out = []
    for o in pack.offices.values():
        if country is not None and o.get("country") not in (None, country):
            continue
        for t in [o.get("title") or "", *(o.get("titles") or [])]:
            if t.strip():
                out.append((o["id"], t.strip()))
    return tuple(out)


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w']+", text[max(0, pos - 60) : pos])][-n:]


def titles_in(pack, sentence: str, lexicon: ChangeLexicon, country: str | None) -> list[TitleHit]:
    """Office titles of the pack (offices of ``country``, or every office) named in
    ``sentence``: longest first where titles overlap; a title right after a blocker word
    ("deputy", "former") is not taken."""
    text = sentence.replace("’", "'")
    raw = []
    for office, pat in _title_patterns(_pack_titles(pack, country)):
        raw.extend((m.start(), m.end(), office) for m in pat.finditer(text))
    raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    hits: list[TitleHit] = []
    for s, e, office in raw:
        if any(h.start <= s and e <= h.end for h in hits):
            continue  # inside a longer title ("speaker" in "first deputy speaker")
        before = _words_before(text, s, 3)
        if before and re.sub(r"'s$", "", before[-1]) in lexicon.title_blockers:
            continue
        acting = any(w in lexicon.acting_words for w in before)
        hits.append(TitleHit(office, s, e, acting))
    return hits


def _name_spans(sentence: str, names: list[str]) -> list[tuple[int, int]]:
    text = sentence.lower().replace("’", "'")
    spans = []
    for n in names:
        n = (n or "").strip().lower()
        if len(n) < 4:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text):
            spans.append((m.start(), m.end()))
    return spans


def nearest_title(hits: list[TitleHit], names: list[tuple[int, int]]) -> TitleHit | None:
    """The one title among ``hits`` that refers to the person: the only one, or the one nearest
    to a mention of the person's name (None when that is a tie or no name is found)."""
    offices = {h.office for h in hits}
    if len(offices) == 1:
        return hits[0]
    if not hits or not names:
        return None

    def gap(h: TitleHit) -> int:
        return min(max(0, s - h.end, h.start - e) for s, e in names)

    ranked = sorted(hits, key=gap)
    if gap(ranked[0]) == gap(ranked[1]) and ranked[0].office != ranked[1].office:
        return None
    return ranked[0]


# --------------------------------------------------------------------------- changes from events


@dataclass(slots=True)
class OfficeChange:
    """One reviewed event read as the start or end of a tenure, with its provenance.

    ``outcome`` is filled when the change is merged into the timeline (``applied``,
    ``corroborates``, ``conflicts``, ``unmatched``, ``unplaced``) or here (``unresolved``)."""

    event_id: str
    type: str
    subtype: str | None
    status: str
    change: str
    date: str | None
    how: str
    holder: str | None = None
    name: str | None = None
    office: str | None = None
    office_basis: str | None = None  # "title in the sentence", "rule", "held by the person"
    acting: bool = False
    doc_id: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    sentence: str | None = None
    sources: list[dict] = field(default_factory=list)
    titled: list[str] = field(default_factory=list)  # offices named in the sentence
    outcome: str | None = None
    note: str | None = None

    @property
    def day_precise(self) -> bool:
        return bool(self.date) and len(self.date) == 10

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def evidence(self) -> dict[str, Any]:
        """The short form attached to a tenure."""
        return {
            "event_id": self.event_id, "change": self.change, "date": self.date,
            "how": self.how, "outcome": self.outcome, "doc_id": self.doc_id,
            "span_start": self.span_start, "span_end": self.span_end,
            "sentence": self.sentence, "note": self.note,
        }  # fmt: skip


class _Kinds:
    """Actor kind by id: the pack's, else the store's (looked up once)."""

    def __init__(self, pack, store):
        self.pack, self.store, self.cache = pack, store, {}

    def __call__(self, actor_id: str) -> tuple[str | None, str | None, list[str], str | None]:
        """(kind, name, names to look for, country)."""
        if actor_id not in self.cache:
            a = self.pack.actors.get(actor_id)
            if a is not None:
                self.cache[actor_id] = (a.kind, a.name, [a.name, *a.aliases], a.country)
            else:
                try:
                    r = self.store.actor(actor_id)
                    names = [r.get("name"), *(r.get("aliases") or [])]
                    self.cache[actor_id] = (r.get("kind"), r.get("name"), names, r.get("country"))
                except NotFound:
                    self.cache[actor_id] = (None, None, [], None)
        return self.cache[actor_id]


def _reviewed_events(store, types: list[str]) -> list[dict]:
    from marsad.store.filters import EventFilter

    out, cursor = [], None
    while True:
        page = store.events(
            EventFilter(type=types, status=list(REVIEWED)), limit=5000, cursor=cursor
        )
        out.extend(page.to_dict("records"))
        cursor = page.attrs.get("cursor")
        if not cursor or len(page) < 5000:
            return out


def _sources(store, event_id: str) -> list[dict]:
    ev = store.event(event_id)
    out = []
    for s in ev.get("sources") or []:
        e = s.get("evidence") or {}
        if e.get("text"):
            out.append(
                {"doc_id": s.get("doc_id"), "span_start": e.get("start"), "span_end": e.get("end"),
                 "sentence": e["text"], "title": s.get("title"), "url": s.get("url")}
            )  # fmt: skip
    return out


def _holder_side(rule: ChangeRule, ev: dict, kinds: _Kinds) -> tuple[str | None, str | None]:
    """(actor id, why not) for the first side of the event the rule names that is a person."""
    seen = []
    for side in rule.holder:
        aid = ev.get(f"{side}_actor_id")
        if not isinstance(aid, str) or not aid:
            continue
        kind = kinds(aid)[0]
        if kind == "person":
            return aid, None
        seen.append(f"{side} {aid} is a {kind or 'unknown actor'}")
    return None, "no side of the event names a person" + (f" ({'; '.join(seen)})" if seen else "")


def change_from_event(
    pack, ev: dict, sources: list[dict], lexicon: ChangeLexicon, kinds
) -> OfficeChange | None:
    """The office change ``ev`` states, or None when no rule's cue is in its sentences."""
    for rule in lexicon.rules:
        if not rule.matches(ev):
            continue
        cued = [(s, rule.how_in(s["sentence"])) for s in sources]
        cued = [(s, how) for s, how in cued if how]
        if not cued:
            continue
        src, how = cued[0]
        ch = OfficeChange(
            event_id=ev["id"], type=ev["type"], subtype=ev.get("subtype"), status=ev["status"],
            change=rule.change, date=ev.get("date"), how=how, sources=sources,
            doc_id=src["doc_id"], span_start=src["span_start"], span_end=src["span_end"],
            sentence=src["sentence"],
        )  # fmt: skip
        holder, why = _holder_side(rule, ev, kinds)
        if holder is None:
            ch.outcome, ch.note = "unresolved", why
            return ch
        _, name, names, country = kinds(holder)
        ch.holder, ch.name = holder, name
        for side in SIDES:
            if ev.get(f"{side}_actor_id") == holder and isinstance(
                ev.get(f"{side}_actor_name"), str
            ):
                names = [*names, ev[f"{side}_actor_name"]]
        _resolve_office(pack, ch, rule, [s for s, _ in cued], names, lexicon, country)
        if not ch.date:
            ch.outcome, ch.note = "unresolved", "the event has no date"
        return ch
    return None


def _resolve_office(pack, ch, rule, sources, names, lexicon, country) -> None:
    if rule.office_title:  # the act names the office ("asked her to form a government")
        found = pack.offices_by_title(rule.office_title, country)
        if len(found) == 1:
            ch.office, ch.office_basis = found[0]["id"], "rule"
            return
    for s in sources:  # the first source whose sentence names a tracked office
        hits = titles_in(pack, s["sentence"], lexicon, country)
        if not hits:
            continue
        ch.titled = sorted({h.office for h in hits})
        hit = nearest_title(hits, _name_spans(s["sentence"], names))
        ch.doc_id, ch.span_start, ch.span_end, ch.sentence = (
            s["doc_id"],
            s["span_start"],
            s["span_end"],
            s["sentence"],
        )
        if hit is None:
            ch.outcome = "unresolved"
            ch.note = f"the sentence names several offices ({', '.join(ch.titled)}) and none is nearest to {ch.name}"
            return
        ch.office, ch.office_basis, ch.acting = hit.office, "title in the sentence", hit.acting
        return
    if ch.change == "start":
        ch.outcome, ch.note = "unresolved", "the sentence names no tracked office"
    # an end without a title is matched to the office the person held (offices.merge_changes)


def office_changes(pack, store, lexicon: ChangeLexicon | None = None) -> list[OfficeChange]:
    """Every analyst-reviewed event of the store that starts or ends a tenure, resolved to a
    person and (where the sentence or rule says) an office; by date."""
    lexicon = lexicon or default_rules()
    kinds = _Kinds(pack, store)
    out = []
    for ev in _reviewed_events(store, lexicon.types):
        if ev.get("certainty") in ("denied", "hypothetical"):
            continue
        if not any(r.matches(ev) for r in lexicon.rules):
            continue
        ch = change_from_event(pack, ev, _sources(store, ev["id"]), lexicon, kinds)
        if ch is not None:
            out.append(ch)
    out.sort(key=lambda c: (c.date or "", c.change != "end", c.event_id))
    return out

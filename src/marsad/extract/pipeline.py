"""The extraction pipeline: Document -> Report.

``Pipeline(pack)`` compiles everything once per knowledge pack (actor and place automata, the
lexicon regexes) and caches it in-process by ``pack.fingerprint``; calling it on a document runs
the stages in order, each a function over the text, its sentences and the earlier results:

    tokens -> actors -> places -> dates -> events -> claims -> relations

Nothing is loaded at import time.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from marsad import __version__
from marsad.extract import actors as _actors
from marsad.extract import events as _events
from marsad.extract import places as _places
from marsad.extract import relations as _relations
from marsad.extract.actor_references import _national_legislature
from marsad.extract.event_places import is_patron
from marsad.model import ActorRef, Document, DocumentInfo, Mention, Report, ReportActor

__all__ = ["Pipeline", "extract", "pipe", "EXTRACTOR", "load_lexicon"]

EXTRACTOR = f"marsad.extract@{__version__}"
log = logging.getLogger(__name__)

_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'\u2019 .-]{1,40}?)\s*(?:,\s*[A-Z][A-Za-z ]+)?\s*(?:\([^)]*\))?\s*[\u2014\u2013-]{1,2}\s")


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """A lexicon file from ``marsad/extract/lexicon/<name>.yaml`` as plain data."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = resources.files("marsad.extract").joinpath(f"lexicon/{name}.yaml").read_text("utf-8")
    return yaml.load(raw, Loader=loader) or {}


@dataclass
class _Compiled:
    actor_index: _actors.ActorIndex
    actor_comp: _actors.Compiled
    place_index: _places.PlaceIndex
    events: _events.EventLexicon
    relations: _relations.RelationLexicon
    state_of: dict[str, ActorRef]
    actor_country: dict[str, str]
    demonym_country: dict[str, str]
    actor_kind: dict[str, str]
    site_of: dict[str, Any] | None = None
    legislature_of: dict[str, ActorRef] | None = None


def _legislatures(pack, index: _actors.ActorIndex) -> dict[str, ActorRef]:
    """Country -> its one national legislature (the body a bare "parliament" means, see
    ``actor_references._national_legislature``, on any date): the body that fills the offices a
    chamber elects when the text names no body."""
    out = {}
    for country in index.state_of:
        leg = _national_legislature(index, pack, country, None)
        if leg is not None:
            out[country] = ActorRef(id=leg.id, name=leg.name)
    return out


_CACHE: dict[str, _Compiled] = {}


def _compile(pack) -> _Compiled:
    key = getattr(pack, "fingerprint", "") or str(id(pack))
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    alex = load_lexicon("actors")
    state_of: dict[str, ActorRef] = {}
    actor_country: dict[str, str] = {}
    for a in pack.actors.values():
        if a.country:
            actor_country[a.id] = a.country
        if a.kind == "state" and a.country and a.country not in state_of:
            state_of[a.country] = ActorRef(id=a.id, name=a.name)
    evlex = _events.compile_events(load_lexicon("events"))
    demonym_country: dict[str, str] = {}
    for word, ref in (alex.get("demonyms") or {}).items():
        a = pack.actors.get(ref)
        if a is not None:
            evlex.demonyms[word] = (a.id, a.name)
            if a.country:
                demonym_country[word] = a.country
    comp = _Compiled(
        _actors.build_index(pack, alex),
        _actors.compile_lexicon(alex),
        _places.build_place_index(pack),
        evlex,
        _relations.compile_relations(load_lexicon("relations")),
        state_of,
        actor_country,
        demonym_country,
        {a.id: a.kind for a in pack.actors.values()},
    )
    # actors that are also gazetteer sites ("the U.S. embassy in Baghdad"): the place they stand at
    site_of: dict[str, Any] = {}  # actor id or lower-case alias -> place
    for a in pack.actors.values():
        if a.id in pack.places and pack.places[a.id].country and pack.places[a.id].kind in ("site", "base", "airport"):
            site_of[a.id] = pack.places[a.id]
            for al in [a.name, *a.aliases]:
                site_of.setdefault(al.lower(), pack.places[a.id])  # still found once folded into its state
    comp.site_of = site_of
    comp.legislature_of = _legislatures(pack, comp.actor_index)
    _CACHE[key] = comp
    return comp


class Pipeline:
    """Document -> :class:`~marsad.model.Report`. ``pack`` defaults to the built-in pack.

    ``triggers`` chooses the statistical trigger model that proposes candidates the lexicon lacks
    (:mod:`marsad.extract.trigger_model`): "bundled" (the default), "none" or None for the rules
    alone, a path to a model file, or a loaded :class:`~marsad.extract.trigger_model.TriggerModel`.

    ``parser=True`` adds a dependency parse of every sentence (spaCy's small English model, extra
    ``parser``) that the argument resolvers of :mod:`marsad.extract.tree_arguments` read; without
    the extra installed it raises :class:`~marsad.errors.ParserUnavailable` (E800) at once."""

    def __init__(self, pack=None, parser: bool = False, triggers="bundled"):
        if pack is None:
            from marsad.knowledge.pack import KnowledgePack

            pack = KnowledgePack.load()
        self.pack = pack
        self._c = _compile(pack)
        self._nlp = None
        from marsad.extract.trigger_model import resolve_model

        self.trigger_model = resolve_model(triggers)
        if parser:
            from marsad.extract.parse import load_parser

            self._nlp = load_parser()

    @property
    def parser(self) -> bool:
        """Whether this pipeline parses sentences (``Pipeline(parser=True)``)."""
        return self._nlp is not None

    # ------------------------------------------------------------------ stages
    def __call__(self, doc: Document | dict | str, trace: list | None = None) -> Report:
        """Extract one document. ``trace``, when given, receives the event stage's decisions
        (which rule dropped or kept each trigger candidate; see ``find_events``)."""
        doc = _as_document(doc)
        from marsad.extract.claims import find_claims
        from marsad.extract.dates import find_dates
        from marsad.text import sentence_spans

        c = self._c
        text = doc.text
        published = doc.published
        sentences = sentence_spans(text)
        toks = _actors.tokenize(text)
        hits = _actors.find_actors(text, toks, c.actor_index, c.actor_comp, self.pack, published,
                                   _TextCountry(text, toks, c.place_index))
        place_hits = _places.find_places(text, toks, c.place_index, hits)
        dateline = None
        m = _DATELINE.match(text)
        if m:
            dateline = next((p for p in place_hits if p.start < m.end()), None)
        # the country the report is about: a state named only as a patron ("close to Iran") is not it
        countries = Counter(p.country for p in place_hits if p.country and p is not dateline and not is_patron(text, p))
        main_country = countries.most_common(1)[0][0] if countries else (dateline.country if dateline else None)
        if main_country is None:
            # a text that names no place: the country of most of its known actors (none is
            # assumed when it names no known actor either)
            main_country = _actors_country(hits, c.actor_country)
        # a spelling variant or a person's name inside a longer place name ("Kamal" in "Abu Kamal",
        # "Sadr" in "Sadr City") is the place
        places_by_start = sorted(place_hits, key=lambda p: p.start)
        hits = [h for h in hits if not ((h.reason == "variant" or h.kind == "person") and _inside_longer(h, places_by_start))]
        _actors.countries_from_titles(text, hits, c.demonym_country, c.actor_country)
        dates = find_dates(text, published)
        ev_places = place_hits
        if c.site_of:
            sites = [_places.PlaceHit(h.start, h.end, p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon,
                                      text[h.start:h.end])
                     for h in hits if (p := c.site_of.get(h.id or "") or c.site_of.get(text[h.start:h.end].lower())) is not None
                     and not any(q.start < h.end and h.start < q.end for q in place_hits)]
            if sites:
                ev_places = sorted(place_hits + sites, key=lambda q: q.start)
        ctx = _events.Context(text=text, published=published, sentences=sentences, actors=hits,
                              places=ev_places, dates=dates, state_of=c.state_of,
                              actor_country=c.actor_country, main_country=main_country,
                              dateline=dateline, demonym_country=c.demonym_country,
                              actor_kind=c.actor_kind, legislature_of=c.legislature_of or {},
                              lookup=c.actor_index.lookup,
                              actor_index_get=c.actor_index.actors.get)
        ctx.trigger_model = self.trigger_model
        if self._nlp is not None:
            from marsad.extract.parse import DocParse

            ctx.parse = DocParse(text, sentences, self._nlp)
        events = _events.find_events(ctx, c.events, trace)
        claims = find_claims(text, sentences, published, dates)
        # relations link named actors; descriptions ("Iran-aligned factions") take no part
        relations = _relations.find_relations(text, sentences, [h for h in hits if h.reason != "generic"],
                                              c.relations, self.pack, published,
                                              c.actor_index.lookup, c.events.demonyms)
        _events.targets_by_membership(events, relations, {h.id or h.name: h.kind for h in hits})
        actors = _drop_idle_generic(_actors.collect_actors(hits), events, relations)
        _add_referenced(actors, events, relations, self.pack)
        report = Report(
            document=DocumentInfo(id=doc.id, sha256=doc.sha256, title=doc.title, published=published,
                                  source=doc.source, url=doc.url),
            actors=actors,
            places=_places.collect_places(place_hits),
            events=events,
            claims=claims,
            relations=relations,
            extractor=EXTRACTOR,
        )
        return report

    def pipe(self, docs: Iterable[Document | dict | str]) -> Iterator[Report]:
        for d in docs:
            yield self(d)


class _TextCountry:
    """What "the government" or "the defence ministry" means before actors are known: the
    country of a place right after the descriptor ("the defence ministry in Damascus"), else the
    country most of the text's places are in when it has two mentions or more; else None (the
    lexicon's default). Places are read once, at the first call."""

    def __init__(self, text: str, toks, place_index):
        self.text, self.toks, self.place_index = text, toks, place_index
        self._places = None
        self._country: list = []  # the text's country, once computed

    def places(self) -> list:
        if self._places is None:
            self._places = _places.find_places(self.text, self.toks, self.place_index, [])
        return self._places

    def __call__(self, at: int | None = None) -> str | None:
        if at is not None:
            near = next((p for p in self.places() if at <= p.start <= at + 30
                         and re.fullmatch(r"\s+(?:in|at)\s+(?:the\s+)?", self.text[at : p.start])), None)
            if near is not None and near.country:
                return near.country
        if not self._country:
            m = _DATELINE.match(self.text)
            countries = Counter(p.country for p in self.places() if p.country and not (m and p.start < m.end())
                                and not is_patron(self.text, p))
            top = countries.most_common(1)
            self._country.append(top[0][0] if top and top[0][1] >= 2 else None)
        return self._country[0]


def _actors_country(hits, actor_country: dict[str, str]) -> str | None:
    counted = Counter(actor_country[h.id] for h in hits if h.id in actor_country)
    return counted.most_common(1)[0][0] if counted else None


def _inside_longer(h, places) -> bool:
    """Whether a longer place mention contains the actor mention ``h`` (places sorted by start)."""
    k = bisect_right(places, h.start, key=lambda p: p.start)
    return any(h.end <= p.end and (p.end - p.start) > (h.end - h.start) for p in places[max(0, k - 4) : k])


def _drop_idle_generic(actors: list[ReportActor], events, relations) -> list[ReportActor]:
    """Descriptive actors ("the factions") are reported when they act or are acted on in an
    event or a relation; a passing description alone is not an actor of the report."""
    used = {r.name for e in events for r in (e.source_actor, e.target_actor) if r is not None and r.id is None}
    used |= {r.name for rel in relations for r in (rel.source, rel.target) if r.id is None}
    return [a for a in actors if a.id is not None or a.reason != "generic" or a.name in used]


def _add_referenced(actors: list[ReportActor], events, relations, pack) -> None:
    """Actors that events or relations name but the text only implies (a state behind its
    forces) join the actor list, without mentions."""
    have = {a.id or a.name for a in actors}
    refs = [r for e in events for r in (e.source_actor, e.target_actor) if r is not None]
    refs += [r for rel in relations for r in (rel.source, rel.target)]
    for r in refs:
        k = r.id or r.name
        if k in have:
            continue
        have.add(k)
        a = pack.actors.get(r.id) if r.id else None
        actors.append(ReportActor(id=r.id, name=r.name, kind=a.kind if a else None, mentions=[], reason="implied"))


def _as_document(doc) -> Document:
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, str):
        return Document.from_text(doc)
    if isinstance(doc, dict):
        meta = {k: doc.get(k) for k in ("id", "published", "title", "source", "url", "language", "path") if doc.get(k) is not None}
        return Document.from_text(doc["text"], **meta)
    raise TypeError(f"cannot extract from {type(doc).__name__}")


_DEFAULT: dict[int, Pipeline] = {}


def extract(document, pack=None) -> Report:
    """Extract one document (a :class:`Document`, a dict with ``text``, or a string)."""
    key = id(pack)
    p = _DEFAULT.get(key)
    if p is None:
        p = _DEFAULT[key] = Pipeline(pack)
    return p(document)


def pipe(documents: Iterable, pack=None) -> Iterator[Report]:
    p = Pipeline(pack)
    yield from p.pipe(documents)


def mention(text: str, start: int, end: int) -> Mention:
    return Mention(text=text[start:end], start=start, end=end)

"""Report -> table rows: the one flattening of extraction reports into the store's tables.

Pure functions (no database): the store calls them inside ``ingest`` and the Spark job
(:mod:`marsad.spark`) calls them on executors, so both write the same columns with the same
deterministic ids. What needs the database (actors already stored, analysts' overrides, claim
groups, cross-document fusion) stays in :class:`marsad.store.base.Store`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marsad.errors import ModelError
from marsad.model import Document, Report, check_date
from marsad.store import fuse as fz
from marsad.store.filters import day_range

log = logging.getLogger(__name__)

# Relation types that also become (document-sourced) affiliations.
AFFILIATION_RELATIONS = ("member_of", "part_of", "backs", "allied_with", "leads")


@dataclass
class ReportRows:
    """Rows for one batch of reports, keyed by id where the store de-duplicates by id.

    Tuples and lists follow the store's column orders (``DOC_COLUMNS``, ``MENTION_COLUMNS``, ...
    in :mod:`marsad.store.columns`); ``actors`` holds ``(id, name, kind)`` of every actor referenced
    and ``places`` full ``PLACE_COLUMNS`` rows of the places reports carry."""

    documents: list[tuple] = field(default_factory=list)
    mentions: dict[str, tuple] = field(default_factory=dict)
    actors: dict[str, tuple] = field(default_factory=dict)
    places: dict[str, tuple] = field(default_factory=dict)
    claims: dict[str, list] = field(default_factory=dict)
    relations: dict[str, list] = field(default_factory=dict)
    affiliations: dict[str, tuple] = field(default_factory=dict)


def actor_resolver(redirect: Mapping[str, str] | None = None):
    """``aid(id, name)``: the stored actor id for a reference (unknown actors get a name-derived
    id), following analysts' merges in ``redirect`` (merged id -> kept id)."""
    redirect = redirect or {}

    def aid(ref_id: str | None, name: str | None) -> str | None:
        if ref_id is None and not name:
            return None
        a = ref_id or fz.unknown_actor_id(name or "")
        seen = set()
        while a in redirect and a not in seen:
            seen.add(a)
            a = redirect[a]
        return a

    return aid


def report_rows(work: Iterable[tuple[Document, Report, int, str]], *, now: datetime | None,
                redirect: Mapping[str, str] | None = None) -> ReportRows:
    """Flatten ``(document, report, revision, reliability grade)`` items into store rows."""
    aid = actor_resolver(redirect)
    out = ReportRows()
    for doc, rep, revision, grade in work:
        pub = doc.published or rep.document.published
        out.documents.append((
            doc.id, doc.sha256, revision, doc.title or rep.document.title, pub,
            day_range(pub)[0] if pub else None, doc.source or rep.document.source,
            doc.url or rep.document.url, doc.language, doc.path, grade, doc.text, now, rep.extractor,
        ))
        _actor_and_place_rows(doc, rep, aid, out)
        _claim_rows(doc, rep, pub, out)
        _relation_rows(doc, rep, pub, aid, out)
    return out


def _actor_and_place_rows(doc: Document, rep: Report, aid, out: ReportRows) -> None:
    for a in rep.actors:
        a_id = aid(a.id, a.name)
        if a_id not in out.actors:
            out.actors[a_id] = (a_id, a.name, a.kind)
        for m in a.mentions:
            mid = "m-" + fz.short_hash(doc.id, "actor", a_id, m.start, m.end)
            out.mentions[mid] = (mid, doc.id, "actor", a_id, a.name, m.text, m.start, m.end, a.reason, "draft")
    for p in rep.places:
        if p.id and p.id not in out.places:
            out.places[p.id] = (p.id, p.name, None, p.country, p.admin1, p.lat, p.lon, "[]", None, "document", "draft")
        for m in p.mentions:
            mid = "m-" + fz.short_hash(doc.id, "place", p.id or p.name, m.start, m.end)
            out.mentions[mid] = (mid, doc.id, "place", p.id, p.name, m.text, m.start, m.end, None, "draft")
    for ev in rep.events:
        for ref in (ev.source_actor, ev.target_actor):
            if ref is not None:
                a_id = aid(ref.id, ref.name)
                out.actors.setdefault(a_id, (a_id, ref.name, None))
        loc = ev.location
        if loc is not None and loc.id and loc.id not in out.places:
            out.places[loc.id] = (loc.id, loc.name or loc.id, None, loc.country, loc.admin1, loc.lat, loc.lon,
                                  "[]", None, "document", "draft")


def _claim_rows(doc: Document, rep: Report, pub: str | None, out: ReportRows) -> None:
    for c in rep.claims:
        # float(): a report read back from JSON carries 17, the pipeline's own 17.0; same id
        cid = "cl-" + fz.short_hash(doc.id, float(c.value), c.unit, c.subject, c.evidence.text)
        ps = c.period.start if c.period else None
        pe = c.period.end if c.period else None
        lo = day_range(ps or pub)[0] if (ps or pub) else None
        hi = day_range(pe or pub)[1] if (pe or pub) else None
        out.claims[cid] = [cid, doc.id, float(c.value), c.unit, bool(c.approximate), c.subject, ps, pe,
                           c.qualifier, c.value_text, c.evidence.start, c.evidence.end, c.evidence.text,
                           pub, lo, hi, None, "draft", 6]


def _relation_rows(doc: Document, rep: Report, pub: str | None, aid, out: ReportRows) -> None:
    for r in rep.relations:
        s_id, t_id = aid(r.source.id, r.source.name), aid(r.target.id, r.target.name)
        for a_id, name in ((s_id, r.source.name), (t_id, r.target.name)):
            out.actors.setdefault(a_id, (a_id, name, None))
        rid = "rel-" + fz.short_hash(doc.id, s_id, r.type, t_id, r.evidence.text)
        out.relations[rid] = [rid, doc.id, s_id, r.source.name, r.type, t_id, r.target.name,
                              r.evidence.start, r.evidence.end, r.evidence.text, float(r.confidence),
                              pub, "draft", 6]
        if r.type in AFFILIATION_RELATIONS and not fz.is_unknown(s_id) and not fz.is_unknown(t_id):
            af_id = "af-" + rid[4:]
            out.affiliations[af_id] = (af_id, s_id, r.type, t_id, None, None, None, None, None, "document",
                                       doc.id, r.evidence.start, r.evidence.end, r.evidence.text)


def event_source_rows(work: Iterable[tuple[Document, Report, Any, Any]],
                      redirect: Mapping[str, str] | None = None,
                      actor_id: Callable[[Any], tuple[str | None, str | None]] | None = None) -> list[dict[str, Any]]:
    """One ``event_sources`` row (a dict over ``SOURCE_COLUMNS``) per reported event, with
    ``event_id`` still ``None``: fusion decides which stored event each one feeds. Actor ids
    follow ``redirect`` (analysts' merges), or ``actor_id(ref) -> (id, name)`` when given."""
    if actor_id is None:
        resolve = actor_resolver(redirect)

        def actor_id(ref) -> tuple[str | None, str | None]:
            if ref is None:
                return None, None
            return resolve(ref.id or fz.unknown_actor_id(ref.name or ""), ref.name), ref.name

    sources: list[dict] = []
    for doc, rep, *_ in work:
        pub = doc.published or rep.document.published
        for i, ev in enumerate(rep.events):
            loc = ev.location
            s_id, s_name = actor_id(ev.source_actor)
            t_id, t_name = actor_id(ev.target_actor)
            date_ = ev.date
            if date_:
                try:
                    check_date(date_)
                    day_range(date_)
                except (ModelError, ValueError):
                    log.warning("document %s event %d: ignoring bad date %r", doc.id, i, date_)
                    date_ = None
            sources.append({
                "doc_id": doc.id, "ordinal": i, "event_id": None, "type": ev.type, "mode": ev.mode,
                "subtype": ev.subtype, "date": date_,
                "date_precision": (ev.date_precision or fz._precision(date_)) if date_ else None,
                "date_text": ev.date_text, "place_id": loc.id if loc else None,
                "place_name": loc.name if loc else None, "admin1": loc.admin1 if loc else None,
                "country": (loc.country or None) if loc else None, "lat": loc.lat if loc else None,
                "lon": loc.lon if loc else None, "source_actor_id": s_id, "source_actor_name": s_name,
                "target_actor_id": t_id, "target_actor_name": t_name, "fatalities": ev.fatalities,
                "injuries": ev.injuries, "certainty": ev.certainty, "confidence": float(ev.confidence),
                "evidence_start": ev.evidence.start, "evidence_end": ev.evidence.end,
                "evidence_text": ev.evidence.text, "as_of": pub,
            })
    return sources

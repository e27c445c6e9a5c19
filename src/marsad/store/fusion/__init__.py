"""Fusion v2: which reported events are the same real-world event.

Pure functions on plain rows (dicts keyed by the ``events`` / ``event_sources`` column names), so
that the store at ingest and a batch job over exported rows give the same results:

* :func:`source_rows` turns extracted reports into ``event_sources`` rows;
* :mod:`.score` scores a (fused event, reported event) pair on type, mode, date, place, actors,
  fatalities and evidence similarity, with vetoes, ``WEIGHTS`` and ``THRESHOLD``;
* :func:`assign` attaches each row to the best-scoring candidate or a new event;
* :mod:`.corroboration` counts independent sources and the lag of each report;
* ``marsad.store.fuse.fuse`` computes the fused values and conflicts of one event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from marsad.errors import ModelError
from marsad.model import check_date
from marsad.store import fuse as fz
from marsad.store.filters import day_range
from marsad.store.fusion.assign import (
    Assignment,
    CandidateIndex,
    actor_block,
    assign,
    best_candidate,
    block_window,
)
from marsad.store.fusion.corroboration import independent_clusters, independent_count, report_lags
from marsad.store.fusion.score import THRESHOLD, WEIGHTS, features, match, score_of, type_group

log = logging.getLogger(__name__)

# Affiliation types under which two actor ids may stand for one side of one event: the identity
# types (a facade group and its umbrella, a unit and its organisation) and leadership (a strike
# "on the Quds Force commander" and one "on the Quds Force").
ACTOR_LINKS = fz.IDENTITY_AFFILIATIONS | {"leads"}

__all__ = [
    "ACTOR_LINKS", "THRESHOLD", "WEIGHTS", "Assignment", "CandidateIndex", "actor_block", "assign",
    "best_candidate", "block_window",
    "features", "independent_clusters", "independent_count", "match", "report_lags", "score_of",
    "source_rows", "type_group",
]


def source_rows(work, actor_id: Callable) -> list[dict]:
    """``event_sources`` rows (without ``event_id``) for ``(document, report, ...)`` tuples.
    ``actor_id(ref)`` gives ``(id, name)`` for an actor reference (or ``(None, None)``)."""
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

"""Fusion v2: which reported events are the same real-world event.

Pure functions on plain rows (dicts keyed by the ``events`` / ``event_sources`` column names), so
that the store at ingest and a batch job over exported rows give the same results:

* :func:`source_rows` turns extracted reports into ``event_sources`` rows;
* :mod:`.score` scores a (fused event, reported event) pair on type, mode, date, place, actors,
  fatalities and evidence similarity, with vetoes, ``WEIGHTS`` and ``THRESHOLD``;
* :mod:`.blocking` plans the probes that fetch every stored event a batch could fuse with;
* :func:`assign` attaches each row to the best-scoring candidate or a new event;
* :mod:`.corroboration` counts independent sources and the lag of each report;
* ``marsad.store.fuse.fuse`` computes the fused values and conflicts of one event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from marsad.store import fuse as fz
from marsad.store.fusion import blocking
from marsad.store.fusion.assign import (
    CANDIDATE_LIMIT,
    Assignment,
    CandidateIndex,
    actor_block,
    assign,
    best_candidate,
    block_window,
    prescore,
    ranked,
)
from marsad.store.fusion.corroboration import independent_clusters, independent_count, report_lags
from marsad.store.fusion.score import THRESHOLD, WEIGHTS, features, match, score_of, type_group

log = logging.getLogger(__name__)

# Affiliation types under which two actor ids may stand for one side of one event: the identity
# types (a facade group and its umbrella, a unit and its organisation) and leadership (a strike
# "on the Quds Force commander" and one "on the Quds Force").
ACTOR_LINKS = fz.IDENTITY_AFFILIATIONS | {"leads"}

__all__ = [
    "ACTOR_LINKS", "CANDIDATE_LIMIT", "THRESHOLD", "WEIGHTS", "Assignment", "CandidateIndex", "actor_block", "assign", "blocking",
    "best_candidate", "block_window", "prescore", "ranked",
    "features", "independent_clusters", "independent_count", "match", "report_lags", "score_of",
    "source_rows", "type_group",
]


def source_rows(work, actor_id: Callable) -> list[dict]:
    """``event_sources`` rows (without ``event_id``) for ``(document, report, ...)`` tuples.
    ``actor_id(ref)`` gives ``(id, name)`` for an actor reference (or ``(None, None)``); the rows
    are the store's own (``marsad.store.rows.event_source_rows``)."""
    from marsad.store.rows import event_source_rows

    return event_source_rows(work, actor_id=actor_id)

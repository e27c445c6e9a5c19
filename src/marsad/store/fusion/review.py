"""Analyst control over fusion: split sources off a fused event (reversible with ``undo``), and
the corroboration view of an event (independent sources, first report, lag of the others).

A mixin of :class:`marsad.store.base.Store`; it uses only the store's SQL primitives."""

from __future__ import annotations

import json
from collections.abc import Iterable

from marsad.errors import StoreError
from marsad.store import fuse as fz
from marsad.store.fusion.corroboration import independent_clusters, report_lags


class FusionReview:
    """Split and corroboration methods of the Store."""

    def split(self, event_id: str, doc_ids: Iterable[str], *, user: str, note: str | None = None) -> dict:
        """Move the sources of ``doc_ids`` out of fused event ``event_id`` into a new event; the
        rest stay. Reversible with ``undo(audit_id)``. Returns ``{audit_id, event_id, new_event_id,
        moved}`` (``moved``: the ``[doc_id, ordinal]`` pairs)."""
        docs = sorted({str(d) for d in doc_ids})
        if not docs:
            raise StoreError("split needs at least one document id to move out of the event")
        with self._tx():
            ev = self._fact("event", event_id)
            if ev.get("merged_into"):
                raise StoreError(f"event {event_id!r} is merged into {ev['merged_into']!r}; split that one")
            rows = self._dicts("SELECT doc_id, ordinal FROM event_sources WHERE event_id = ? AND "
                               f"{self._doc_ok('event_sources.doc_id')} ORDER BY doc_id, ordinal", (event_id,))
            present = {r["doc_id"] for r in rows}
            missing = [d for d in docs if d not in present]
            if missing:
                raise StoreError(f"event {event_id!r} has no source from document(s) {', '.join(missing)}; "
                                 f"its sources are {', '.join(sorted(present))}")
            if set(docs) >= present:
                raise StoreError(f"splitting {', '.join(docs)} would leave event {event_id!r} without sources")
            moved = [[r["doc_id"], r["ordinal"]] for r in rows if r["doc_id"] in docs]
            new_id = "ev-" + fz.short_hash(event_id, "split", *docs)
            n = 0
            while self._dicts("SELECT id FROM events WHERE id = ?", (new_id,)):
                n += 1
                new_id = "ev-" + fz.short_hash(event_id, "split", *docs, n)
            for doc_id, ordinal in moved:
                self._exec("UPDATE event_sources SET event_id = ? WHERE doc_id = ? AND ordinal = ? AND event_id = ?",
                           (new_id, doc_id, ordinal, event_id))
            self._recompute_events([event_id, new_id])
            audit_id = self._audit(user, "split", "event", event_id, {"sources": moved},
                                   {"new_event_id": new_id, "sources": moved}, note)
        return {"audit_id": audit_id, "event_id": event_id, "new_event_id": new_id, "moved": moved}

    def _undo_split(self, event_id: str, before: dict, after: dict) -> dict:
        new_id = after.get("new_event_id")
        for doc_id, ordinal in before.get("sources", []):
            self._exec("UPDATE event_sources SET event_id = ? WHERE doc_id = ? AND ordinal = ? AND event_id = ?",
                       (event_id, doc_id, ordinal, new_id))
        self._recompute_events([event_id, new_id])
        return {"sources": before.get("sources", []), "removed_event_id": new_id}

    def corroboration(self, event_id: str) -> dict:
        """Independent sources of an event: ``{event_id, sources, independent, clusters, reports}``;
        ``clusters`` groups documents that are not independent of each other (same outlet, or
        near-duplicate evidence: reprinted wire copy); ``reports`` lists each document's publication
        date and its lag in days after the first report."""
        self._visible_event(event_id)
        srcs = self._dicts(
            "SELECT s.doc_id, s.evidence_text, s.as_of, d.source AS outlet FROM event_sources s "
            f"JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? AND {self._doc_ok('s.doc_id')} "
            "ORDER BY s.doc_id, s.ordinal", (event_id,))
        clusters = independent_clusters(srcs)
        return {"event_id": event_id, "sources": len({s["doc_id"] for s in srcs}), "independent": len(clusters),
                "clusters": clusters, "reports": report_lags(srcs)}

    def fusion_reason(self, event_id: str) -> list[dict]:
        """Why each source joined the event: ``[{doc_id, ordinal, score, features}]`` (score None for
        the source that created the event or one an analyst moved)."""
        self._visible_event(event_id)
        if (self.schema_version or 0) < 5:
            return []
        return [{"doc_id": r["doc_id"], "ordinal": r["ordinal"], "score": r["match_score"],
                 "features": json.loads(r["match_features"]) if r["match_features"] else None}
                for r in self._dicts("SELECT doc_id, ordinal, match_score, match_features FROM event_sources "
                                     f"WHERE event_id = ? AND {self._doc_ok('event_sources.doc_id')} "
                                     "ORDER BY doc_id, ordinal", (event_id,))]

    def _visible_event(self, event_id: str) -> dict:
        """The event's row; NotFound when it does not exist or this clearance may not see it."""
        row = self._fact("event", event_id)
        if self._clearance is not None and not self._scalar(
                f"SELECT count(*) FROM events e WHERE e.id = ? AND {self._event_row_ok('e')}", (event_id,)):
            from marsad.errors import NotFound

            raise NotFound(f"no event {event_id!r}")
        return row

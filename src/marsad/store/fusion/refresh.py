"""Incremental re-fusion: when an ingest batch only *adds* sources to an event, its fused values
are recomputed from the new sources plus the few stored sources that won an attribute before
(``fused_from`` names them), not from all of its sources. The result equals a full recomputation:
each fused attribute is the best source under a total order, so the best of (previous winner, new
sources) is the best of all. Counts (corroboration, confidence, first report, independent sources)
come from light aggregate queries. Events that lost sources (a revised document) take the full
path (``Store._recompute_events``).

A mixin of :class:`marsad.store.base.Store`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from marsad.store import fuse as fz
from marsad.store.fusion.corroboration import independent_count

_NEEDED = ("type", "evidence_text")


class FusionRefresh:
    """``_refresh_events``: incremental fused values for events that only gained sources."""

    def _refresh_events(self, event_ids: Iterable[str], new_docs: set[str]) -> set[str]:
        """Refresh these events from their previous winners and their sources from ``new_docs``;
        returns the ids that need the full path instead (no usable ``fused_from``)."""
        ids = sorted(set(event_ids))
        if not ids or (self.schema_version or 0) < 5:
            return set(ids)
        current: dict[str, dict] = {}
        for sql_in, params in self._in_chunks(ids):
            for r in self._dicts(f"SELECT id, fused_from, status, credibility, merged_into FROM events "
                                 f"WHERE id IN {sql_in}", params):
                current[r["id"]] = r
        full = set()
        winners: dict[str, set[str]] = {}
        for eid in ids:
            cur = current.get(eid)
            ff = json.loads(cur["fused_from"]) if cur and cur.get("fused_from") else None
            if not ff or any(k not in ff for k in _NEEDED):
                full.add(eid)
                continue
            winners[eid] = set(ff.values())
        todo = [i for i in ids if i not in full]
        if not todo:
            return full
        docs = sorted(set().union(*winners.values()) | new_docs)
        subset: dict[str, list[dict]] = {}
        light: dict[str, list[dict]] = {}
        distinct: dict[str, list[dict]] = {}
        for sql_in, params in self._in_chunks(todo, size=300):
            for dsql, dparams in self._in_chunks(docs, size=300):
                for r in self._dicts(
                    f"SELECT s.*, d.reliability, d.source AS outlet FROM event_sources s JOIN documents d "
                    f"ON d.id = s.doc_id WHERE s.event_id IN {sql_in} AND s.doc_id IN {dsql}", [*params, *dparams]):
                    if r["doc_id"] in new_docs or r["doc_id"] in winners[r["event_id"]]:
                        subset.setdefault(r["event_id"], []).append(r)
            for r in self._dicts(f"SELECT event_id, doc_id, confidence, as_of FROM event_sources "
                                 f"WHERE event_id IN {sql_in}", params):
                light.setdefault(r["event_id"], []).append(r)
            for r in self._dicts(
                f"SELECT DISTINCT s.event_id, d.source AS outlet, s.evidence_text FROM event_sources s "
                f"JOIN documents d ON d.id = s.doc_id WHERE s.event_id IN {sql_in}", params):
                distinct.setdefault(r["event_id"], []).append(r)
        overrides = self._overrides("event", todo)
        rows = []
        for eid in todo:
            fields, fused_from, _ = fz.fuse(subset[eid])
            counts = fz.fuse_counts(light[eid])
            fields.update(counts)
            reps = [dict(r, doc_id=f"{i}") for i, r in enumerate(distinct[eid])]
            fields["independent_sources"] = independent_count(reps)
            rows.append(self._fused_row(eid, fields, fused_from, current[eid], overrides.get(eid)))
        self._store_fused(todo, rows)
        return full

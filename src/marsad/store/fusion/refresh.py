"""Incremental re-fusion: when an ingest batch only *adds* sources to an event, its fused values
are recomputed from the new sources plus the few stored sources that won an attribute before
(``fused_from`` names them), not from all of its sources. The result equals a full recomputation:
each fused attribute is the best source under a total order, so the best of (previous winner, new
sources) is the best of all. The counts need no source rows either: corroboration grows by the
new documents, the first report is the earlier of the stored one and the new ones, and the
confidence and the independent sources come from the event's tallies (``fusion/tallies.py``: its
sources counted by outlet, evidence sentence and confidence) plus the new sources. So what an event
that gains sources reads and writes does not depend on how many sources it already has. Events
that lost sources (a revised document, a split, a merge) take the full path
(``Store._recompute_events``), which writes their tallies again.

A mixin of :class:`marsad.store.base.Store`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from marsad.store import fuse as fz
from marsad.store.fusion.corroboration import independent_count
from marsad.store.fusion.tallies import confidence_counts, outlet_evidence, tally

_NEEDED = ("type", "evidence_text")
_STATE = "id, fused_from, status, credibility, merged_into, corroboration, first_reported, first_document"
_SOURCES = "SELECT s.*, d.reliability, d.source AS outlet{tlp} FROM event_sources s JOIN documents d ON d.id = s.doc_id"


class FusionRefresh:
    """``_refresh_events``: incremental fused values for events that only gained sources."""

    def _refresh_events(self, event_ids: Iterable[str], new_docs: set[str]) -> set[str]:
        """Refresh these events from their previous winners and their sources from ``new_docs``
        (documents stored for the first time in this batch); returns the ids that need the full
        path instead (no usable ``fused_from`` or counts)."""
        ids = sorted(set(event_ids))
        if not ids or not self._has_tallies():
            return set(ids)
        current: dict[str, dict] = {}
        with self._among("id", ids) as (cond, params):
            marks = ", tlp_lo, tlp_hi" if self._stored_markings() else ""
            for r in self._dicts(f"SELECT {_STATE}{marks} FROM events WHERE {cond}", params):
                current[r["id"]] = r
        full: set[str] = set()
        winners: dict[str, set[str]] = {}
        for eid in ids:
            cur = current.get(eid)
            ff = json.loads(cur["fused_from"]) if cur and cur.get("fused_from") else None
            if not ff or any(k not in ff for k in _NEEDED) or not cur.get("corroboration") \
                    or not cur.get("first_document"):
                full.add(eid)
                continue
            winners[eid] = set(ff.values())
        if not winners:
            return full
        subset, fresh = self._deciding_sources(winners, new_docs)
        full |= {eid for eid in winners if eid not in fresh}  # no new source after all: recompute
        todo = [i for i in ids if i not in full]
        if not todo:
            return full
        stored = self._source_tallies(todo)
        grown = {eid: tally(fresh.get(eid, []), into=stored.get(eid)) for eid in todo}
        overrides = self._overrides("event", todo)
        rows = []
        for eid in todo:
            fields, fused_from, _ = fz.fuse(subset[eid])
            fields.update(_grown_counts(current[eid], fresh.get(eid, []), confidence_counts(grown[eid])))
            fields["independent_sources"] = independent_count(outlet_evidence(grown[eid]))
            fields.update(self._marking_span(fresh.get(eid, []), current[eid]))
            rows.append(self._fused_row(eid, fields, fused_from, current[eid], overrides.get(eid)))
        self._store_fused(todo, rows)
        self._store_tallies(todo, grown)
        return full

    def _deciding_sources(self, winners: dict[str, set[str]], new_docs: set[str]
                          ) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
        """Per event, the source rows (with the document's grade and outlet) of its previous
        winners and of the new documents, and separately those of the new documents; read by
        document (the primary key's first column), a few rows per document."""
        docs = sorted(set().union(*winners.values()) | new_docs)
        subset: dict[str, list[dict]] = {}
        fresh: dict[str, list[dict]] = {}
        with self._among("s.doc_id", docs) as (cond, params):
            rows = self._dicts(f"{_SOURCES.format(tlp=self._tlp_col('d'))} WHERE {cond}", params)
        for r in rows:
            eid, doc = r["event_id"], r["doc_id"]
            if eid not in winners:
                continue
            if doc in new_docs:
                fresh.setdefault(eid, []).append(r)
                subset.setdefault(eid, []).append(r)
            elif doc in winners[eid]:
                subset.setdefault(eid, []).append(r)
        return subset, fresh


def _grown_counts(current: dict, fresh: list[dict], confidences: dict[float, int]) -> dict:
    """The counts of an event that gained ``fresh`` sources (from documents it had none from)."""
    firsts = [((current.get("first_reported") or "9999"), current["first_document"])]
    firsts += [(s.get("as_of") or "9999", s["doc_id"]) for s in fresh]
    first = min(firsts)
    return {"corroboration": int(current["corroboration"]) + len({s["doc_id"] for s in fresh}),
            "confidence": fz.combined_confidence(confidences),
            "first_reported": first[0] if first[0] != "9999" else None, "first_document": first[1]}

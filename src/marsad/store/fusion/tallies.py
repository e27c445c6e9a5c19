"""Source tallies: an event's sources counted by (outlet, evidence sentence, confidence).

Two fused values depend on every source of an event, not on a best one: the combined confidence
(from the multiset of source confidences) and the number of independent sources (from the
distinct (outlet, evidence sentence) pairs). The ``source_tallies`` table (migration 17) keeps, per
event, one row per distinct (outlet, evidence sentence, confidence) with its number of sources,
so that an event that gains sources gets both values from its few tally rows plus the new
sources, at a cost that does not depend on how many sources it already has. Wire copy reprinted a
thousand times is one row with ``n = 1000``.

The rows are always the aggregate of the event's ``event_sources`` joined with their documents:
the full recomputation writes them from the sources it reads, the incremental path adds the new
sources to the stored rows, and bulk loads and migration 17 rebuild them in SQL.

Pure functions on plain rows, and the Store mixin that reads and writes the table."""

from __future__ import annotations

from collections.abc import Iterable

from marsad.store.columns import SOURCE_TALLIES, TALLY_COLUMNS

Key = tuple  # (outlet, evidence_text, confidence)


def tally(sources: Iterable[dict], into: dict[Key, int] | None = None) -> dict[Key, int]:
    """``{(outlet, evidence_text, confidence): number of sources}``, adding ``sources`` (rows
    with ``outlet``, ``evidence_text``, ``confidence``) to ``into`` (a copy of it) if given."""
    out = dict(into or {})
    for s in sources:
        key = (s.get("outlet"), s.get("evidence_text"), s.get("confidence"))
        out[key] = out.get(key, 0) + 1
    return out


def confidence_counts(tallies: dict[Key, int]) -> dict[float | None, int]:
    """``{confidence: number of sources}`` (the input of ``fuse.combined_confidence``)."""
    out: dict[float | None, int] = {}
    for (_, _, conf), n in tallies.items():
        out[conf] = out.get(conf, 0) + n
    return out


def outlet_evidence(tallies: dict[Key, int]) -> list[dict]:
    """The distinct (outlet, evidence sentence) pairs, each as a source row with a ``doc_id`` of
    its own (the input of ``corroboration.independent_count``)."""
    pairs = dict.fromkeys((outlet, text) for outlet, text, _ in tallies)
    return [{"doc_id": str(i), "outlet": o, "evidence_text": t} for i, (o, t) in enumerate(pairs)]


class FusionTallies:
    """Reading and writing ``source_tallies`` (a mixin of :class:`marsad.store.base.Store`)."""

    def _has_tallies(self) -> bool:
        return (self.schema_version or 0) >= SOURCE_TALLIES

    def _source_tallies(self, ids: list[str]) -> dict[str, dict[Key, int]]:
        """The stored tallies of these events (an event without sources has none)."""
        out: dict[str, dict[Key, int]] = {}
        with self._among("event_id", ids) as (cond, params):
            for r in self._dicts(f"SELECT {', '.join(TALLY_COLUMNS)} FROM source_tallies WHERE {cond}", params):
                t = out.setdefault(r["event_id"], {})
                key = (r["outlet"], r["evidence_text"], r["confidence"])
                t[key] = t.get(key, 0) + int(r["n"])
        return out

    def _store_tallies(self, ids: Iterable[str], tallies: dict[str, dict[Key, int]]) -> None:
        """Replace the tallies of ``ids`` with ``tallies`` (an id missing there keeps none)."""
        ids = sorted(set(ids))
        if not ids or not self._has_tallies():
            return
        with self._among("event_id", ids) as (cond, params):
            self._exec(f"DELETE FROM source_tallies WHERE {cond}", params)
        self._insert("source_tallies", TALLY_COLUMNS, [
            (eid, outlet, text, conf, n) for eid in ids for (outlet, text, conf), n in tallies.get(eid, {}).items()])

    def _retally_events(self, event_ids: Iterable[str]) -> None:
        """Rebuild the tallies of these events from their sources, in SQL (bulk loads)."""
        ids = sorted({i for i in event_ids if i is not None})
        if not ids or not self._has_tallies():
            return
        with self._among("event_id", ids) as (cond, params):
            self._exec(f"DELETE FROM source_tallies WHERE {cond}", params)
        with self._among("s.event_id", ids) as (cond, params):
            self._exec(
                f"INSERT INTO source_tallies ({', '.join(TALLY_COLUMNS)}) "
                "SELECT s.event_id, d.source, s.evidence_text, s.confidence, count(*) FROM event_sources s "
                f"JOIN documents d ON d.id = s.doc_id WHERE {cond} "
                "GROUP BY s.event_id, d.source, s.evidence_text, s.confidence", params)

"""What a clearance may see: the SQL conditions every read adds for a store opened for a user.

``store.cleared("GREEN")`` is a view of the same store (same connections, same lock, same
transactions) whose reads keep only what a user of that clearance may see; ``cleared(None)`` or
``cleared("RED")`` sees everything, as the store itself does. A fact is visible when at least one
of its source documents is marked at or below the clearance (:mod:`marsad.markings`):

* a document: its own ``tlp``;
* a mention, claim, relation, event source: its document;
* an event: any of its sources; a fused event read by a lower clearance shows only the sources it
  may see, with its fused values recomputed from them (``event``, ``events``);
* an actor or place that comes from documents (``origin`` ``document``): a mention of it, or an
  event source or relation naming it, in a visible document; the knowledge pack's are always
  visible;
* a claim group: a visible claim in it; an audit record: its fact.

Markings are computed from the documents when a fact is read, except one summary that events
store (migration 13): ``tlp_lo`` and ``tlp_hi``, the ranks of the least and the most restrictive
marking of their sources. An event with ``tlp_hi`` <= C is served as stored, one with ``tlp_lo`` > C
(or none: a merged event) is invisible, and only the mixed ones are fused again. Every write that
changes an event's sources (ingest, fusion, merge, split, undo, revisions, bulk loads through
``insert_frame``) or a document's marking sets them (:meth:`Visibility._mark_events`, or the
fusion code from the sources it reads anyway). The conditions inline the visible markings as SQL
literals (they come from :data:`LEVELS`, never from a request), so they add no parameters.
"""

from __future__ import annotations

import copy
from typing import Any

from marsad.markings import LEVELS, RANK, clearance_rank
from marsad.store.migrations.m0013_event_markings import rank_sql

MARKINGS_VERSION = 11  # the migration that adds documents.tlp and users.clearance


class Visibility:
    """The store's clearance (None: everything) and the conditions built from it."""

    _clearance: int | None = None

    def cleared(self, clearance: str | None) -> Any:
        """This store as a user of ``clearance`` reads it (``None`` or ``RED``: everything).
        Raises MarkingError for a value that is not a TLP 2.0 marking."""
        r = clearance_rank(clearance)
        if r == self._clearance:
            return self
        base = getattr(self, "_view_of", None) or self
        if r is None:
            return base
        view = copy.copy(base)
        view._clearance = r
        view._view_of = base
        view._tx = base._tx  # one transaction depth and one lock with the store itself
        view.close = lambda: None  # the store's owner closes it, not a view
        return view

    def _marked(self) -> bool:
        """Whether the schema has TLP markings (migration 11)."""
        return (self.schema_version or 0) >= MARKINGS_VERSION

    @property
    def clearance(self) -> str | None:
        """The marking this store reads up to (None: no limit)."""
        return None if self._clearance is None else LEVELS[self._clearance]

    def _markings_sql(self) -> str:
        return "(" + ", ".join(f"'{m}'" for m in LEVELS[: self._clearance + 1]) + ")"

    def _doc_ok(self, doc_col: str) -> str:
        """``doc_col`` names a visible document (TRUE without a clearance)."""
        if self._clearance is None:
            return "TRUE"
        return f"EXISTS (SELECT 1 FROM documents vd WHERE vd.id = {doc_col} AND vd.tlp IN {self._markings_sql()})"

    def _tlp_ok(self, tlp_col: str) -> str:
        return "TRUE" if self._clearance is None else f"{tlp_col} IN {self._markings_sql()}"

    def _event_ok(self, id_col: str) -> str:
        """The event ``id_col`` has a visible source."""
        if self._clearance is None:
            return "TRUE"
        if self._stored_markings():
            return f"EXISTS (SELECT 1 FROM events ve WHERE ve.id = {id_col} AND ve.tlp_lo <= {self._clearance})"
        return (f"EXISTS (SELECT 1 FROM event_sources vs JOIN documents vd ON vd.id = vs.doc_id "
                f"WHERE vs.event_id = {id_col} AND vd.tlp IN {self._markings_sql()})")

    def _event_row_ok(self, alias: str) -> str:
        """The events row ``alias`` (a table alias, or ``events``) has a visible source: a column
        comparison once events store their markings (migration 13)."""
        if self._clearance is None:
            return "TRUE"
        if self._stored_markings():
            return f"{alias}.tlp_lo <= {self._clearance}"
        return self._event_ok(f"{alias}.id")

    # ------------------------------------------------------------------ stored markings (writes)

    def _tlp_col(self, alias: str) -> str:
        """``, {alias}.tlp`` for a select list once documents are marked (migration 11)."""
        return f", {alias}.tlp" if self._marked() else ""

    def _marking_span(self, srcs: list[dict], current: dict | None = None) -> dict:
        """``tlp_lo`` and ``tlp_hi`` of an event from its source rows (each with its document's
        ``tlp``), widened by the ``current`` ones of an event that only gained these sources."""
        if not self._stored_markings():
            return {}
        ranks = [RANK[s["tlp"]] for s in srcs if s.get("tlp") is not None]
        ranks += [current[k] for k in ("tlp_lo", "tlp_hi") if current and current.get(k) is not None]
        return {"tlp_lo": min(ranks, default=None), "tlp_hi": max(ranks, default=None)}

    def _mark_events(self, event_ids) -> None:
        """Set ``tlp_lo`` and ``tlp_hi`` of these events from their sources' documents (NULL for
        an event without sources), for writes that change them outside fusion: a document's
        marking, merged events, bulk loads."""
        ids = sorted(set(event_ids))
        if not ids or not self._stored_markings():
            return
        rank = rank_sql("vd.tlp")
        span = ("(SELECT {f}(" + rank + ") FROM event_sources vs JOIN documents vd ON vd.id = vs.doc_id "
                "WHERE vs.event_id = events.id)")
        with self._among("id", ids) as (cond, params):
            self._exec(f"UPDATE events SET tlp_lo = {span.format(f='min')}, tlp_hi = {span.format(f='max')} "
                       f"WHERE {cond}", params)

    def _mark_events_of_documents(self, doc_ids) -> None:
        """:meth:`_mark_events` for the events with a source in these documents."""
        if not self._stored_markings():
            return
        self._mark_events(self._events_of_documents(doc_ids))

    def _events_of_documents(self, doc_ids) -> set[str]:
        """The ids of the events with a source in these documents."""
        events: set[str] = set()
        for sql_in, params in self._in_chunks(sorted(set(doc_ids))):
            events |= {r["event_id"] for r in self._dicts(
                f"SELECT DISTINCT event_id FROM event_sources WHERE doc_id IN {sql_in}", params)}
        return events

    def _actor_ok(self, alias: str = "") -> str:
        """The actor (table alias ``alias``) is the pack's, or named in a visible document."""
        if self._clearance is None:
            return "TRUE"
        a = alias + "." if alias else ""
        m = self._markings_sql()
        return (
            f"({a}origin <> 'document' OR "
            f"EXISTS (SELECT 1 FROM mentions vm JOIN documents vd ON vd.id = vm.doc_id WHERE vm.ref_id = {a}id "
            f"AND vm.kind = 'actor' AND vd.tlp IN {m}) OR "
            f"EXISTS (SELECT 1 FROM event_sources vs JOIN documents vd ON vd.id = vs.doc_id "
            f"WHERE (vs.source_actor_id = {a}id OR vs.target_actor_id = {a}id) AND vd.tlp IN {m}) OR "
            f"EXISTS (SELECT 1 FROM relations vr JOIN documents vd ON vd.id = vr.doc_id "
            f"WHERE (vr.source_id = {a}id OR vr.target_id = {a}id) AND vd.tlp IN {m}))"
        )

    def _place_ok(self, alias: str = "") -> str:
        """The place is the pack's, or named in a visible document."""
        if self._clearance is None:
            return "TRUE"
        a = alias + "." if alias else ""
        m = self._markings_sql()
        return (
            f"({a}origin <> 'document' OR "
            f"EXISTS (SELECT 1 FROM mentions vm JOIN documents vd ON vd.id = vm.doc_id WHERE vm.ref_id = {a}id "
            f"AND vm.kind = 'place' AND vd.tlp IN {m}) OR "
            f"EXISTS (SELECT 1 FROM event_sources vs JOIN documents vd ON vd.id = vs.doc_id "
            f"WHERE vs.place_id = {a}id AND vd.tlp IN {m}))"
        )

    def _fact_ok(self, kind_col: str, id_col: str) -> str:
        """The fact an audit (or override) row is about is visible: its kind in ``kind_col``."""
        if self._clearance is None:
            return "TRUE"
        checks = {
            "event": self._event_ok(id_col),
            "document": f"EXISTS (SELECT 1 FROM documents vd WHERE vd.id = {id_col} AND vd.tlp IN {self._markings_sql()})",
            "claim": f"EXISTS (SELECT 1 FROM claims vc WHERE vc.id = {id_col} AND {self._doc_ok('vc.doc_id')})",
            "relation": f"EXISTS (SELECT 1 FROM relations vx WHERE vx.id = {id_col} AND {self._doc_ok('vx.doc_id')})",
            "mention": f"EXISTS (SELECT 1 FROM mentions vy WHERE vy.id = {id_col} AND {self._doc_ok('vy.doc_id')})",
            "actor": f"EXISTS (SELECT 1 FROM actors va WHERE va.id = {id_col} AND {self._actor_ok('va')})",
            "place": f"EXISTS (SELECT 1 FROM places vp WHERE vp.id = {id_col} AND {self._place_ok('vp')})",
        }
        cases = " ".join(f"WHEN '{k}' THEN {v}" for k, v in checks.items())
        return f"(CASE {kind_col} {cases} ELSE TRUE END)"

    def _hidden_sources(self, event_ids: list[str]) -> set[str]:
        """Those of ``event_ids`` with a source this clearance may not see."""
        if self._clearance is None or not event_ids:
            return set()
        out: set[str] = set()
        if self._stored_markings():
            for sql_in, params in self._in_chunks(event_ids):
                out |= {r["id"] for r in self._dicts(
                    f"SELECT id FROM events WHERE id IN {sql_in} AND tlp_hi > {self._clearance}", params)}
            return out
        for sql_in, params in self._in_chunks(event_ids):
            out |= {r["event_id"] for r in self._dicts(
                f"SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
                f"WHERE s.event_id IN {sql_in} AND d.tlp NOT IN {self._markings_sql()}", params)}
        return out

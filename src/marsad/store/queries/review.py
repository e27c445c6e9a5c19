"""Review and audit: confirm, reject and edit facts, grade outlets, merge events and actors,
undo any of it, and the audit trail that records every decision."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pandas as pd

from marsad.errors import ModelError, NotFound, StoreError
from marsad.store import fuse as fz
from marsad.store.filters import check_limit, day_range
from marsad.store.queries.accounts import ACCOUNTS_SCHEMA, AUDIT_VIA
from marsad.store.queries.common import LIKE, clean, contains, from_json, now, to_json
from marsad.store.queries.kinds import KINDS, REVIEW_ACTIONS, check_grade, check_mode


class ReviewQueries:
    """Audited writes by analysts, and the audit trail."""

    def _fact(self, kind: str, fact_id: str) -> dict:
        k = KINDS[kind]
        rows = self._dicts(f"SELECT * FROM {k.table} WHERE id = ?", (fact_id,))
        if not rows or not self._fact_visible(kind, rows[0]):
            raise NotFound(f"no {kind} {fact_id!r}")
        return rows[0]

    def _fact_visible(self, kind: str, row: dict) -> bool:
        """Whether this store's clearance may see (and so act on) the fact; a merged event is
        judged by the event it was merged into."""
        if self._clearance is None:
            return True
        fact_id = row["id"]
        if kind == "event" and row.get("merged_into"):
            fact_id = row["merged_into"]
        table = KINDS[kind].table
        return bool(self._scalar(f"SELECT count(*) FROM {table} t WHERE t.id = ? AND "
                                 f"{self._fact_ok(repr(kind), 't.id')}", (fact_id,)))

    def _audit(self, user: str, action: str, kind: str, fact_id: str, before: Any, after: Any, note: str | None) -> str:
        seq = int(self._scalar("SELECT COALESCE(max(seq), 0) FROM audit") or 0) + 1
        audit_id = f"au-{seq:06d}-{uuid.uuid4().hex[:6]}"
        cols, row = ["id", "seq", "user_name", "created_at", "action", "kind", "fact_id", "before_json", "after_json",
                     "note"], [audit_id, seq, user, now(), action, kind, fact_id, to_json(before), to_json(after), note]
        if self.schema_version >= ACCOUNTS_SCHEMA:  # how the user was authenticated
            cols, row = [*cols, "via"], [*row, AUDIT_VIA.get()]
        self._insert("audit", cols, [tuple(row)])
        return audit_id

    def _override_state(self, kind: str, fact_id: str) -> dict | None:
        rows = self._dicts("SELECT status, fields FROM overrides WHERE kind = ? AND fact_id = ?", (kind, fact_id))
        return {"status": rows[0]["status"], "fields": from_json(rows[0]["fields"], {})} if rows else None

    def _set_override(self, kind: str, fact_id: str, state: dict | None) -> None:
        self._exec("DELETE FROM overrides WHERE kind = ? AND fact_id = ?", (kind, fact_id))
        if state and (state.get("status") or state.get("fields")):
            self._insert("overrides", ("kind", "fact_id", "status", "fields"),
                         [(kind, fact_id, state.get("status"), to_json(state.get("fields") or {}))])

    def _update(self, kind: str, fact_id: str, changes: dict) -> None:
        k = KINDS[kind]
        cols = dict(changes)
        if kind == "event" and "date" in cols:
            cols["date_precision"] = fz._precision(cols["date"])
            cols["day_lo"], cols["day_hi"] = day_range(cols["date"])
        if kind == "claim" and ("period_start" in cols or "period_end" in cols):
            row = self._fact("claim", fact_id)
            ps = cols.get("period_start", row["period_start"]) or row["as_of"]
            pe = cols.get("period_end", row["period_end"]) or row["as_of"]
            cols["day_lo"] = day_range(ps)[0] if ps else None
            cols["day_hi"] = day_range(pe)[1] if pe else None
        sets = ", ".join(f"{c} = ?" for c in cols)
        self._exec(f"UPDATE {k.table} SET {sets} WHERE id = ?", [*cols.values(), fact_id])

    def review(self, kind: str, fact_id: str, action: str, *, user: str, field: str | None = None,
               value: Any = None, note: str | None = None) -> dict:
        """Confirm, reject or edit one fact (``kind``: event, claim, relation, actor, place, mention,
        document). ``edit`` sets ``field`` to ``value`` (e.g. an event's fatalities or credibility
        1-6, a document's reliability A-F). Decisions on events, claims and relations stick across
        re-ingestion. Returns ``{audit_id, kind, fact_id, action, before, after}``."""
        if kind not in KINDS:
            raise StoreError(f"kind={kind!r} cannot be reviewed; use one of {', '.join(KINDS)}")
        if action not in REVIEW_ACTIONS:
            raise StoreError(f"action={action!r} is not one of: {', '.join(REVIEW_ACTIONS)}")
        if not user:
            raise StoreError("a review needs a user")
        spec = KINDS[kind]
        with self._tx():
            row = self._fact(kind, fact_id)
            if action in ("confirm", "reject"):
                if not spec.has_status:
                    raise StoreError(f"a {kind} is not confirmed or rejected; edit its fields instead")
                changes = {"status": "confirmed" if action == "confirm" else "rejected"}
            else:
                if not field:
                    raise StoreError("edit needs a field and a value")
                if field not in spec.editable:
                    raise StoreError(f"field={field!r} of a {kind} cannot be edited; editable: {', '.join(spec.editable)}")
                try:
                    new = spec.editable[field](value)
                except (TypeError, ValueError, OverflowError, ModelError) as exc:
                    msg = getattr(exc, "message", None) or str(exc)
                    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
                    raise StoreError(f"value={shown} is not valid for {field}: {msg}") from None
                if kind == "event" and field == "mode" and new is not None:
                    check_mode(row.get("type"), new)
                changes = {field: new}
                if spec.has_status and row.get("status") == "draft":
                    changes["status"] = "edited"
            before = {c: clean(row.get(c)) for c in changes}
            override_before = self._override_state(kind, fact_id) if spec.refuse else None
            self._update(kind, fact_id, changes)
            if spec.refuse:
                state = {"status": (override_before or {}).get("status"), "fields": dict((override_before or {}).get("fields") or {})}
                for c, v in changes.items():
                    if c == "status":
                        state["status"] = v
                    else:
                        state["fields"][c] = v
                self._set_override(kind, fact_id, state)
            audit_id = self._audit(user, action, kind, fact_id,
                                   {**before, "_override": override_before} if spec.refuse else before,
                                   changes, note)
            if kind == "event" and set(changes) == {"status"}:
                self._declare_status_change(fact_id, before.get("status"), changes["status"])
            if kind == "document" and field == "reliability":
                self._recompute_events(r["event_id"] for r in self._dicts(
                    "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ?", (fact_id,)))
        return {"audit_id": audit_id, "kind": kind, "fact_id": fact_id, "action": action,
                "before": before, "after": {c: clean(v) for c, v in changes.items()}}

    def _declare_status_change(self, event_id: str, old: Any, new: Any) -> None:
        """A review whose only change to the data is an event's status, neither side ``merged``
        (which takes an event out of every list or puts it back): the answers that did not read
        that event's status still hold (``Store.data_changes``)."""
        if old != new and {old, new}.isdisjoint({None, "merged"}):
            self._declare_change("event-status", event_id, f"{old}>{new}")

    def _source_grades(self) -> dict[str, str]:
        if "source_grades" not in self._table_cache():
            return {}
        return {r["source"]: r["reliability"] for r in self._dicts("SELECT source, reliability FROM source_grades")}

    def grade_source(self, source: str, reliability: str, *, user: str, note: str | None = None) -> dict:
        """Give an outlet (``documents.source``) an Admiralty grade A-F: its stored documents and
        those ingested later take it, and their events' fused values are recomputed. Audited
        (kind ``source``) and reversible with :meth:`undo`."""
        try:
            grade = check_grade(reliability)
        except ValueError as exc:
            raise StoreError(f"reliability={reliability!r}: {exc}") from None
        if not source or not user:
            raise StoreError("grade_source needs a source and a user")
        with self._tx():
            prev = self._source_grades().get(source)
            docs = [[r["id"], r["reliability"]] for r in self._dicts(
                "SELECT id, reliability FROM documents WHERE source = ? ORDER BY id", (source,))]
            self._set_source_grade(source, grade)
            self._exec("UPDATE documents SET reliability = ? WHERE source = ?", (grade, source))
            self._recompute_events(r["event_id"] for r in self._dicts(
                "SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
                "WHERE d.source = ?", (source,)))
            audit_id = self._audit(user, "edit", "source", source, {"reliability": prev, "documents": docs},
                                   {"reliability": grade}, note)
        return {"audit_id": audit_id, "kind": "source", "fact_id": source, "action": "edit",
                "before": {"reliability": prev}, "after": {"reliability": grade}, "documents": len(docs)}

    def _set_source_grade(self, source: str, grade: str | None) -> None:
        self._exec("DELETE FROM source_grades WHERE source = ?", (source,))
        if grade:
            self._insert("source_grades", ("source", "reliability", "graded_at"), [(source, grade, now())])

    _ACTOR_REFS = (
        ("events", "source_actor_id", ("id",)),
        ("events", "target_actor_id", ("id",)),
        ("event_sources", "source_actor_id", ("doc_id", "ordinal")),
        ("event_sources", "target_actor_id", ("doc_id", "ordinal")),
        ("relations", "source_id", ("id",)),
        ("relations", "target_id", ("id",)),
        ("mentions", "ref_id", ("id",)),
        ("affiliations", "source", ("id",)),
        ("affiliations", "target", ("id",)),
    )

    def merge(self, kind: str, keep_id: str, merge_id: str, *, user: str) -> str:
        """Merge ``merge_id`` into ``keep_id`` (kind ``event`` or ``actor``); reversible with
        :meth:`undo`. Events: the sources move to the kept event, the merged one is hidden with
        status ``merged``. Actors: every reference is rewritten and later reports naming the merged
        actor are attributed to the kept one. Returns the audit id."""
        if kind not in ("event", "actor"):
            raise StoreError(f"kind={kind!r} cannot be merged; merge events or actors")
        if keep_id == merge_id:
            raise StoreError("keep_id and merge_id are the same fact")
        with self._tx():
            keep = self._fact(kind, keep_id)
            gone = self._fact(kind, merge_id)
            for r in (keep, gone):
                if r.get("merged_into"):
                    raise StoreError(f"{kind} {r['id']!r} is already merged into {r['merged_into']!r}")
            if kind == "event":
                moved = [[r["doc_id"], r["ordinal"]] for r in self._dicts(
                    "SELECT doc_id, ordinal FROM event_sources WHERE event_id = ? ORDER BY doc_id, ordinal", (merge_id,))]
                self._exec("UPDATE event_sources SET event_id = ? WHERE event_id = ?", (keep_id, merge_id))
                self._exec("UPDATE events SET status = 'merged', merged_into = ? WHERE id = ?", (keep_id, merge_id))
                before = {"status": gone["status"], "merged_into": None, "sources": moved}
                self._recompute_events([keep_id, merge_id])  # the merged one keeps no marking
            else:
                changed: dict[str, list] = {}
                for table, col, pk in self._ACTOR_REFS:
                    keys = [list(r.values()) for r in self._dicts(
                        f"SELECT {', '.join(pk)} FROM {table} WHERE {col} = ?", (merge_id,))]
                    if keys:
                        changed[f"{table}.{col}"] = keys
                        self._exec(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (keep_id, merge_id))
                self._exec("UPDATE actors SET status = 'merged', merged_into = ? WHERE id = ?", (keep_id, merge_id))
                before = {"status": gone["status"], "merged_into": None, "changed": changed}
            return self._audit(user, "merge", kind, merge_id, before,
                               {"status": "merged", "merged_into": keep_id, "keep_id": keep_id}, None)

    def undo(self, audit_id: str, *, user: str) -> dict:
        """Reverse an audited review or merge; writes its own audit record (action ``undo``).
        Returns ``{audit_id, undone, kind, fact_id, restored}``."""
        with self._tx():
            rows = self._dicts("SELECT * FROM audit WHERE id = ?", (audit_id,))
            if not rows:
                raise NotFound(f"no audit record {audit_id!r}")
            a = rows[0]
            if a.get("undone_by"):
                raise StoreError(f"audit record {audit_id} was already undone by {a['undone_by']}")
            if a["action"] == "undo":
                raise StoreError("an undo cannot be undone; review the fact again instead")
            kind, fact_id = a["kind"], a["fact_id"]
            if kind not in KINDS and kind != "source":
                raise StoreError(f"a {a['action']} record cannot be undone")
            before = from_json(a["before_json"], {}) or {}
            after = from_json(a["after_json"], {}) or {}
            spec = KINDS.get(kind)
            if kind == "source":
                self._set_source_grade(fact_id, before.get("reliability"))
                # documents ingested after the grading took it from the outlet: give them the old one
                self._exec("UPDATE documents SET reliability = ? WHERE source = ? AND reliability = ?",
                           (before.get("reliability") or "F", fact_id, after.get("reliability")))
                for doc_id, grade in before.get("documents", []):
                    self._exec("UPDATE documents SET reliability = ? WHERE id = ?", (grade, doc_id))
                self._recompute_events(r["event_id"] for r in self._dicts(
                    "SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
                    "WHERE d.source = ?", (fact_id,)))
                restored = {"reliability": before.get("reliability")}
            elif a["action"] == "split":
                restored = self._undo_split(fact_id, before, after)
            elif a["action"] == "merge":
                keep_id = after.get("keep_id")
                if kind == "event":
                    for doc_id, ordinal in before.get("sources", []):
                        self._exec("UPDATE event_sources SET event_id = ? WHERE doc_id = ? AND ordinal = ? AND event_id = ?",
                                   (fact_id, doc_id, ordinal, keep_id))
                    self._exec("UPDATE events SET status = ?, merged_into = NULL WHERE id = ?",
                               (before.get("status") or "draft", fact_id))
                    self._recompute_events([keep_id, fact_id])
                else:
                    for ref, keys in (before.get("changed") or {}).items():
                        table, col = ref.split(".")
                        pk = next(p for t, c, p in self._ACTOR_REFS if t == table and c == col)
                        for key in keys:
                            cond = " AND ".join(f"{p} = ?" for p in pk)
                            self._exec(f"UPDATE {table} SET {col} = ? WHERE {cond} AND {col} = ?",
                                       (fact_id, *key, keep_id))
                    self._exec("UPDATE actors SET status = ?, merged_into = NULL WHERE id = ?",
                               (before.get("status") or "draft", fact_id))
                restored = {"status": before.get("status"), "merged_into": None}
            else:
                self._fact(kind, fact_id)
                restored = {k: v for k, v in before.items() if k != "_override"}
                if restored:
                    self._update(kind, fact_id, restored)
                if spec.refuse:
                    # revert only what this action changed; later decisions keep their overrides
                    prev = before.get("_override") or {}
                    state = self._override_state(kind, fact_id) or {"status": None, "fields": {}}
                    fields = dict(state.get("fields") or {})
                    for key in restored:
                        if key == "status":
                            state["status"] = prev.get("status")
                        elif key in (prev.get("fields") or {}):
                            fields[key] = prev["fields"][key]
                        else:
                            fields.pop(key, None)
                    state["fields"] = fields
                    self._set_override(kind, fact_id, state)
                if kind == "document" and "reliability" in restored:
                    self._recompute_events(r["event_id"] for r in self._dicts(
                        "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ?", (fact_id,)))
                if kind == "event" and set(restored) == {"status"}:
                    self._declare_status_change(fact_id, after.get("status"), restored["status"])
            new_id = self._audit(user, "undo", kind, fact_id, after, restored, f"undo {audit_id}")
            self._exec("UPDATE audit SET undone_by = ? WHERE id = ?", (new_id, audit_id))
        return {"audit_id": new_id, "undone": audit_id, "kind": kind, "fact_id": fact_id, "restored": restored}

    def audit(self, fact_id: str | None = None, limit: int = 100) -> pd.DataFrame:
        """Audit records, latest first: id, user, at, action, kind, fact_id, before, after, note,
        undone_by. ``fact_id`` limits them to one fact (a merge is filed under the merged id and
        also found by the kept id)."""
        limit = check_limit(limit)
        conds, params = self._fact_ok("kind", "fact_id"), []
        if fact_id:
            conds += f" AND (fact_id = ? OR after_json {LIKE})"
            params = [fact_id, contains(f'"keep_id": {json.dumps(fact_id, ensure_ascii=False)}')]
        df = self._frame(
            "SELECT id, user_name AS \"user\", created_at AS \"at\", action, kind, fact_id, before_json, after_json, note, undone_by "
            f"FROM audit WHERE {conds} ORDER BY seq DESC LIMIT {limit}", params)
        df["before"] = [
            {k: v for k, v in (from_json(x, {}) or {}).items() if k != "_override"} for x in df.pop("before_json")
        ] if len(df) else []
        df["after"] = [from_json(x, {}) for x in df.pop("after_json")] if len(df) else []
        return df[["id", "user", "at", "action", "kind", "fact_id", "before", "after", "note", "undone_by"]] if len(df) else \
            pd.DataFrame(columns=["id", "user", "at", "action", "kind", "fact_id", "before", "after", "note", "undone_by"])

"""The store side of fusion: candidate retrieval (blocking in the database), attaching an ingest
batch's reported events, and recomputing fused values. A mixin of :class:`marsad.store.base.Store`;
the decisions themselves are the pure functions of this package."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from marsad.store import fuse as fz
from marsad.store import fusion
from marsad.store.columns import (
    EVENT_COLUMNS,
    EVENT_TABLE_COLUMNS,
    EVENT_V2_COLUMNS,
    FUSION_V2,
    GROUP_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_V2_COLUMNS,
)
from marsad.store.filters import day_range


def _merge_windows(spans: list[tuple]) -> list[tuple]:
    """Merge (lo, hi, country) windows into disjoint (lo, hi, countries) ranges; ``countries`` is
    None when some report in the range has no country (then any country may match)."""
    out: list[list] = []
    for lo, hi, c in sorted(spans, key=lambda x: (x[0], x[1])):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi, set()])
        cur = out[-1]
        cur[2] = None if (c is None or cur[2] is None) else cur[2] | {c}
    return [tuple(x) for x in out]



class FusionIngest:
    """Fusion at ingest: ``_fuse_sources``, ``_fusion_candidates``, ``_recompute_events``, claim
    groups (``_group_claims``), merged actors' redirects and the fusion columns of the schema."""

    def _affiliation_index(self) -> fz.AffiliationIndex:
        """Identity-type links between actors, from the pack and from documents (a person stated to
        be a member or the leader of an organisation), for actor compatibility in fusion."""
        return fz.AffiliationIndex.build(self._dicts(
            "SELECT source, type, target, start_date, end_date FROM affiliations"), types=fusion.ACTOR_LINKS)

    def _fuse_sources(self, work, stats) -> tuple[set[str], set[str]]:
        """Attach every reported event to the best-scoring stored event or a new one
        (``store/fusion``); insert the event_sources rows; return the ids of the events that got
        sources and of those it created."""
        redirect = self._actor_redirects()

        def aid(ref) -> tuple[str | None, str | None]:
            if ref is None:
                return None, None
            a = ref.id or fz.unknown_actor_id(ref.name or "")
            seen = set()
            while a in redirect and a not in seen:
                seen.add(a)
                a = redirect[a]
            return a, ref.name

        sources = fusion.source_rows(work, aid)
        if not sources:
            return set(), set()
        cols = ", ".join(self._event_read_columns())

        def lookup(ids: list[str]) -> list[dict]:
            out = []
            for sql_in, params in self._in_chunks(ids):
                out += self._dicts(f"SELECT {cols} FROM events WHERE id IN {sql_in}", params)
            return out

        aff = self._affiliation_index()
        result = fusion.assign(sources, self._fusion_candidates(sources, aff), aff,
                               columns=self.EVENT_COLUMNS, lookup=lookup)
        stats.events_new += len(result.new_events)
        stats.events_fused += result.fused
        scols = self._source_columns()
        self._insert("event_sources", scols, [tuple(s.get(c) for c in scols) for s in sources])
        return result.touched, set(result.new_events)

    def _fusion_candidates(self, sources: list[dict], aff: fz.AffiliationIndex) -> list[dict]:
        """Blocking in the database: stored events of each report's type group whose date range
        touches its window (``fusion.block_window``), whose country is the report's or unknown, and
        whose actor on the report's blocking side (``fusion.actor_block``) is one of the batch's
        actors on that side, one linked to them, or unknown. Overlapping windows are merged; one
        range-join query per blocking side (none, source, target) and 500 windows."""
        cols = ", ".join(self._event_read_columns())
        wanted: dict[tuple, list[tuple]] = {}
        actors: dict[str, set[str]] = {"source": set(), "target": set()}
        undated: set[str] = set()
        for s in sources:
            w = fusion.block_window(s)
            block = fusion.actor_block(s, aff)
            side = block[0] if block else None
            if block:
                actors[side] |= {k for k in block[1] if k != "*"}
            for t in fusion.type_group(s["type"]):
                if w is None:
                    undated.add(t)
                else:
                    wanted.setdefault((side or "", t), []).append((w[0], w[1], (s.get("country") or "").upper() or None))
        found: dict[str, dict] = {}
        for t in sorted(undated):
            for r in self._dicts(f"SELECT {cols} FROM events WHERE type = ? AND day_lo IS NULL", (t,)):
                found.setdefault(r["id"], r)
        ecols = ", ".join(f"e.{c}" for c in self._event_read_columns())
        for side in ("", "source", "target"):
            windows = [(t, lo.isoformat(), hi.isoformat(), c) for (sd, t), spans in sorted(wanted.items()) if sd == side
                       for lo, hi, cs in _merge_windows(spans) for c in (sorted(cs) if cs is not None else [None])]
            cond, cparams = "", []
            if side:
                sql_in, cparams = self._in(sorted(actors[side]))
                cond = (f" AND (e.{side}_actor_id IN {sql_in} OR e.{side}_actor_id IS NULL "
                        f"OR e.{side}_actor_id LIKE 'unk-%')")
            for i in range(0, len(windows), 500):
                chunk = windows[i:i + 500]
                values = ", ".join("(CAST(? AS TEXT), CAST(? AS DATE), CAST(? AS DATE), CAST(? AS TEXT))"
                                   for _ in chunk)
                for r in self._dicts(
                    f"SELECT DISTINCT {ecols} FROM (VALUES {values}) AS w(t, lo, hi, c) JOIN events e "
                    f"ON e.type = w.t AND e.day_lo <= w.hi AND e.day_hi >= w.lo{cond} "
                    "AND (w.c IS NULL OR e.country IS NULL OR e.country = w.c)",
                    [v for w in chunk for v in w] + list(cparams)):
                    found.setdefault(r["id"], r)
        return list(found.values())

    def _recompute_events(self, event_ids: Iterable[str]) -> None:
        """Recompute the fused values of these events from their sources, keeping review state and
        analysts' overrides; an event left without sources (and not merged away) is deleted."""
        ids = sorted(set(event_ids))
        if not ids:
            return
        sources: dict[str, list[dict]] = {}
        state: dict[str, dict] = {}
        for sql_in, params in self._in_chunks(ids):
            for r in self._dicts(
                f"SELECT s.*, d.reliability, d.source AS outlet FROM event_sources s "
                f"JOIN documents d ON d.id = s.doc_id WHERE s.event_id IN {sql_in}", params,
            ):
                sources.setdefault(r["event_id"], []).append(r)
            for r in self._dicts(
                f"SELECT id, status, credibility, merged_into FROM events WHERE id IN {sql_in}", params
            ):
                state[r["id"]] = r
        overrides = self._overrides("event", ids)
        rows = []
        for eid in ids:
            st = state.get(eid, {"status": "draft", "credibility": 6, "merged_into": None})
            srcs = sources.get(eid)
            if not srcs:
                continue  # merged away (its row stays as a pointer to the kept event) or deleted below
            fields, fused_from, _ = fz.fuse(srcs)
            fields["independent_sources"] = fusion.independent_count(srcs)
            rows.append(self._fused_row(eid, fields, fused_from, st, overrides.get(eid)))
        keep_merged = {eid for eid in ids if not sources.get(eid) and state.get(eid, {}).get("status") == "merged"}
        self._store_fused([i for i in ids if i not in keep_merged], rows)

    def _fused_row(self, eid: str, fields: dict, fused_from: dict, state: dict, o: dict | None) -> tuple:
        """An events row from fused values, keeping review state and applying analysts' overrides."""
        row = dict(fields)
        row.update(id=eid, status=state.get("status") or "draft", credibility=state.get("credibility") or 6,
                   merged_into=state.get("merged_into"), fused_from=json.dumps(fused_from, sort_keys=True),
                   updated_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0))
        if o:
            if o["status"]:
                row["status"] = o["status"]
            for k, v in (o["fields"] or {}).items():
                row[k] = v
            if "date" in (o["fields"] or {}):
                row["date_precision"] = fz._precision(row["date"])
                row["day_lo"], row["day_hi"] = day_range(row["date"])
        return tuple(row.get(c) for c in self._event_table_columns())

    def _store_fused(self, ids: list[str], rows: list[tuple]) -> None:
        for sql_in, params in self._in_chunks(ids):
            self._exec(f"DELETE FROM events WHERE id IN {sql_in}", params)
        self._insert("events", self._event_table_columns(), rows)


    def _actor_redirects(self) -> dict[str, str]:
        return {r["id"]: r["merged_into"] for r in self._dicts(
            "SELECT id, merged_into FROM actors WHERE merged_into IS NOT NULL")}

    def _group_claims(self, claims: dict[str, list]) -> None:
        """Give each new claim a claim group (same unit, overlapping subject and period)."""
        units = sorted({(r[3] or "").lower() for r in claims.values() if r[3]})
        if not units:
            return
        groups: list[dict] = []
        for sql_in, params in self._in_chunks(units):
            groups += self._dicts(
                f"SELECT {', '.join(GROUP_COLUMNS)} FROM claim_groups WHERE lower(unit) IN {sql_in} ORDER BY id", params
            )
        touched: dict[str, dict] = {}
        for cid, r in claims.items():
            if not r[3]:
                continue
            claim = {"unit": r[3], "subject": r[5], "period_start": r[6], "period_end": r[7]}
            if not fz.groupable(claim):
                continue
            match = next((g for g in groups if fz.claim_matches_group(g, claim)), None)
            if match is None:
                match = {"id": "cg-" + fz.short_hash(r[3].lower(), cid), "unit": r[3], "subject": r[5],
                         "keywords": " ".join(sorted(fz.keywords(r[5], r[3]))), "period_start": r[6],
                         "period_end": r[7]}
                groups.append(match)
            else:
                fz.widen_group(match, claim)
            touched[match["id"]] = match
            r[16] = match["id"]
        for sql_in, params in self._in_chunks(touched):
            self._exec(f"DELETE FROM claim_groups WHERE id IN {sql_in}", params)
        self._insert("claim_groups", GROUP_COLUMNS, [tuple(g[c] for c in GROUP_COLUMNS) for g in touched.values()])

    def _fusion_v2(self) -> bool:
        return (self.schema_version or 0) >= FUSION_V2

    def _source_columns(self) -> tuple[str, ...]:
        return SOURCE_COLUMNS + (SOURCE_V2_COLUMNS if self._fusion_v2() else ())

    def _event_table_columns(self) -> tuple[str, ...]:
        return EVENT_TABLE_COLUMNS + (EVENT_V2_COLUMNS if self._fusion_v2() else ())

    def _event_read_columns(self) -> tuple[str, ...]:
        return EVENT_COLUMNS + (("evidence_text",) if self._fusion_v2() else ())

"""The store side of fusion: candidate retrieval (blocking in the database), attaching an ingest
batch's reported events, and recomputing fused values. A mixin of :class:`marsad.store.base.Store`;
the decisions themselves are the pure functions of this package."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime

from marsad.store import fuse as fz
from marsad.store import fusion
from marsad.store.columns import (
    EVENT_MARKINGS,
    EVENT_TABLE_COLUMNS,
    EVENT_V2_COLUMNS,
    EVENT_V3_COLUMNS,
    EVENT_V4_COLUMNS,
    EVENT_V5_COLUMNS,
    FUSION_BLOCKING,
    FUSION_COLUMNS,
    FUSION_PLACE_KEY,
    FUSION_V2,
    GROUP_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_V2_COLUMNS,
)
from marsad.store.filters import day_range
from marsad.store.fusion.tallies import tally
from marsad.text import name_key

# The probe rows of each part (``fusion.blocking``): column names and SQL types.
_RANGE_OPEN = (("t", "TEXT"), ("d1", "DATE"), ("d2", "DATE"), ("c", "TEXT"), ("k", "TEXT"), ("p", "TEXT"),
               ("lo", "DATE"))
_DAY_OPEN = (("t", "TEXT"), ("d", "DATE"), ("c", "TEXT"), ("k", "TEXT"), ("p", "TEXT"), ("lo", "DATE"))
_RANGE_ACTOR = (("t", "TEXT"), ("d1", "DATE"), ("d2", "DATE"), ("c", "TEXT"), ("k", "TEXT"), ("p", "TEXT"),
                ("a", "TEXT"), ("lo", "DATE"))
_COUNTRY = " AND (w.c IS NULL OR e.country IS NULL OR e.country = w.c)"
_IN_RANGE = "e.type = w.t AND e.day_lo BETWEEN w.d1 AND w.d2 AND e.day_hi >= w.lo"
_ON_DAY = "e.type = w.t AND e.day_lo = w.d AND e.day_hi >= w.lo"
_SAME_ADMIN1 = (" AND (w.k IS NULL OR e.admin1_key IS NULL OR e.admin1_key = w.k OR e.place_id = w.p "
                "OR (e.place_id IS NULL AND w.p IS NULL))")


# Per-report probes (DuckDB, ranked retrieval): each probe row also carries its report's number and
# what the pre-score compares (``fusion.assign.prescore``): place id, source and target actor, first day.
_RANKING = (("g", "INTEGER"), ("rp", "TEXT"), ("rs", "TEXT"), ("rt", "TEXT"), ("rd", "DATE"), ("re", "TEXT"),
            ("rk", "TEXT"))
# A report naming no known actor: only events with something specific in common can fuse
# (``fusion.assign.may_have_specific``): one join per way of having it (each an equality that
# DuckDB turns into a filter on the scan of ``events``), given the probe rows it applies to (by
# their index in the row: ``rp``, ``rs``, ``rt``, ``re``); an event without ``place_key`` stays a candidate.
_SPECIFIC = (("e.place_id = w.rp", "e.place_id", 7), ("e.source_actor_id = w.rs", "e.source_actor_id", 8),
             ("e.target_actor_id = w.rt", "e.target_actor_id", 9), ("e.evidence_text <> ''", None, 11))
_SPECIFIC_NAME = ("e.place_name <> '' AND e.place_key = w.rk", "e.place_name <> '' AND e.place_key IS NULL")
_AGREE = ("(CASE WHEN e.place_id = w.rp THEN 1 ELSE 0 END + CASE WHEN e.source_actor_id = w.rs THEN 1 ELSE 0 END"
          " + CASE WHEN e.target_actor_id = w.rt THEN 1 ELSE 0 END"
          " + CASE WHEN coalesce(e.evidence_text, '') <> '' THEN 1 ELSE 0 END)")
_BEST_FIRST = "_agree DESC, _days, _n DESC, id"


def _one_of(col: str | None, values: Iterable) -> str:
    """`` AND col IN ('a', 'b', ...)`` with the distinct values as literals (none: ``""``): DuckDB
    filters the scan of ``events`` on that column first and reads the other columns only where it
    matches (a join key alone becomes a min/max filter, which passes nearly every row)."""
    if col is None:
        return ""
    vals = sorted({v for v in values if v is not None})
    return f" AND {col} IN (" + ", ".join("'" + v.replace("'", "''") + "'" for v in vals) + ")" if vals else ""


def _open_actor(side: str) -> str:
    """No known actor on ``side`` (the partial indexes of migration 12 use this very condition)."""
    return f" AND (e.{side}_actor_id IS NULL OR starts_with(e.{side}_actor_id, 'unk-'))" if side else ""


class FusionIngest:
    """Fusion at ingest: ``_fuse_sources``, ``_fusion_candidates``, ``_recompute_events``, claim
    groups (``_group_claims``), merged actors' redirects and the fusion columns of the schema."""

    def _affiliation_index(self) -> fz.AffiliationIndex:
        """Identity-type links between actors, from the pack and from documents (a person stated to
        be a member or the leader of an organisation), for actor compatibility in fusion."""
        types = sorted(fusion.ACTOR_LINKS)
        sql_in, params = self._in(types)
        return fz.AffiliationIndex.build(self._dicts(
            "SELECT DISTINCT source, type, target, start_date, end_date FROM affiliations "
            f"WHERE type IN {sql_in}", params), types=fusion.ACTOR_LINKS)

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
        cols = ", ".join(self._candidate_columns())

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

    def _fusion_candidates(self, sources: list[dict], aff: fz.AffiliationIndex,
                           limit: int | None = fusion.CANDIDATE_LIMIT) -> list[dict]:
        """Blocking in the database (``fusion.blocking``): the stored events of each report's type
        group whose period can overlap its window, in its country (or none), its governorate (or
        none, or the same place), and with its known actor or one linked to it (or no known actor)
        on the blocking side. PostgreSQL: one query per part, an index probe per probe row; DuckDB:
        :meth:`_ranked_candidates` (``limit`` best per report; None: all); undated reports look at
        undated events."""
        duck = self.dialect == "duckdb"
        probes = fusion.blocking.plan([r for r in sources if not r.get("date")] if duck else sources, aff)
        cols = ", ".join(f"e.{c}" for c in self._candidate_columns())
        found: dict[str, dict] = {}
        for t in sorted(probes.undated):
            for r in self._dicts(f"SELECT {cols} FROM events e WHERE e.type = ? AND e.day_lo IS NULL", (t,)):
                found.setdefault(r["id"], r)
        same_admin1 = _SAME_ADMIN1 if self._fusion_blocking() else ""
        if duck:
            for r in self._ranked_candidates(sources, aff, same_admin1, limit):
                found.setdefault(r["id"], r)
            return list(found.values())
        parts = []
        for side, rows in probes.open.items():  # one index probe per probe row
            if side:  # a report naming no known actor: the specific probes below
                parts.append((_RANGE_OPEN, rows, f"{_IN_RANGE}{_COUNTRY}{same_admin1}{_open_actor(side)}"))
        parts += [(_RANGE_ACTOR, rows, f"e.{side}_actor_id = w.a AND {_IN_RANGE}{_COUNTRY}{same_admin1}")
                  for side, rows in probes.actor.items()]
        ways = self._specific_ways()
        parts += [(_RANGE_ACTOR, rows, f"{ways[way]} AND {_IN_RANGE}{_COUNTRY}{same_admin1}")
                  for way, rows in probes.specific.items() if way in ways]
        if any(rows for _, rows, _ in parts):
            self._exec("SET LOCAL jit = off")  # compiling would cost more than these index probes
        for spec, rows, cond in parts:
            if not rows:
                continue
            with self._rows_source(spec, fusion.blocking.columns(rows, len(spec) - 1)) as (source, params):
                sql = f"SELECT x.* FROM {source} CROSS JOIN LATERAL (SELECT {cols} FROM events e WHERE {cond} OFFSET 0) x"
                for r in self._dicts(sql, params):
                    found.setdefault(r["id"], r)
        return list(found.values())

    def _specific_ways(self) -> dict[str, str]:
        """PostgreSQL: the condition of each way of having something specific in common with a
        report naming no known actor (``fusion.blocking.SPECIFIC``; ``w.a``: the report's value),
        each served by an index (migration 19, and the actor indexes of migration 3). Before
        schema 15 a place name has no key (every named event is a candidate); before schema 7
        events have no evidence text."""
        ways = {"place_id": "e.place_id = w.a", "source_actor_id": "e.source_actor_id = w.a",
                "target_actor_id": "e.target_actor_id = w.a"}
        if self._fusion_v2():
            ways["evidence"] = "e.evidence_text <> ''"
        if self._place_key():
            ways["place_key"] = "e.place_name <> '' AND e.place_key = w.a"
            ways["unkeyed"] = "e.place_name <> '' AND e.place_key IS NULL"
        else:
            ways["unkeyed"] = "e.place_name <> ''"
        return ways

    def _ranked_candidates(self, sources: list[dict], aff: fz.AffiliationIndex, same_admin1: str,
                           limit: int | None) -> list[dict]:
        """DuckDB: the probes of each dated report apart (its number ``g`` on every row), joined
        with ``events`` on ``(type, day_lo)`` (open parts, a hash join) or actor, type and a
        ``day_lo`` range, and of each report's candidates only the ``limit`` best by the
        pre-score (``fusion.assign.prescore``, here in SQL), so a report among thousands of events a
        day still brings back a bounded number."""
        open_rows: dict[str, list[tuple]] = {}
        actor_rows: dict[str, list[tuple]] = {}
        for g, r in enumerate(sources):
            if not r.get("date"):
                continue
            side, opens, actors = fusion.blocking.report_probes(r, aff)
            extra = (g, r.get("place_id") or None, r.get("source_actor_id") or None,
                     r.get("target_actor_id") or None, day_range(r["date"])[0], "y" if r.get("evidence_text") else None,
                     name_key(r["place_name"]) if r.get("place_name") else "")
            open_rows.setdefault(side, []).extend(row + extra for row in opens)
            if actors:
                actor_rows.setdefault(side, []).extend(row + extra for row in actors)
        parts = [(_DAY_OPEN + _RANKING, rows, f"{_ON_DAY}{_COUNTRY}{same_admin1}{_open_actor(side)}")
                 for side, rows in open_rows.items() if rows and side]
        unnamed = open_rows.get("", [])
        evidence = self._fusion_v2()  # no evidence column before schema 7
        ways = [(f"{cond}{_one_of(col, (r[i] for r in rows))}", rows)
                for cond, col, i in _SPECIFIC if evidence or col is not None
                for rows in [[r for r in unnamed if r[i] is not None]]]
        if self._place_key():
            ways += [(f"{_SPECIFIC_NAME[0]}{_one_of('e.place_key', (r[12] for r in unnamed))}", unnamed),
                     (_SPECIFIC_NAME[1], unnamed)]
        else:
            ways.append(("e.place_name <> ''", unnamed))
        parts += [(_DAY_OPEN + _RANKING, rows, f"{_ON_DAY}{_COUNTRY}{same_admin1} AND {cond}")
                  for cond, rows in ways if rows]
        parts += [(_RANGE_ACTOR + _RANKING, rows, f"e.{side}_actor_id = w.a{_one_of(f'e.{side}_actor_id', (r[6] for r in rows))}"
                   f" AND {_IN_RANGE}{_COUNTRY}{same_admin1}") for side, rows in actor_rows.items() if rows]
        if not parts:
            return []
        cols = ", ".join(f"e.{c}" for c in self._candidate_columns())
        with ExitStack() as stack:
            selects = []
            for spec, rows, cond in parts:
                source, _ = stack.enter_context(self._rows_source(spec, [list(c) for c in zip(*rows, strict=True)]))
                agree = _AGREE if evidence else _AGREE.replace("coalesce(e.evidence_text, '') <> ''", "FALSE")
                selects.append(f"SELECT w.g AS _g, {agree} AS _agree, abs(e.day_lo - w.rd) AS _days, "
                               f"greatest(coalesce(e.corroboration, 1), 1) AS _n, {cols} FROM {source} JOIN events e ON {cond}")
            sql = f"SELECT * FROM ({' UNION '.join(selects)}) c"  # UNION: a pair found two ways counts once
            if limit is not None:
                sql += f" QUALIFY row_number() OVER (PARTITION BY _g ORDER BY {_BEST_FIRST}) <= {int(limit)}"
            # each event once, however many reports of the batch it is a candidate of
            names = ", ".join(self._candidate_columns())
            return self._dicts(f"SELECT DISTINCT {names} FROM ({sql}) b")

    @contextmanager
    def _among(self, col: str, values: Iterable[str]) -> Iterator[tuple[str, list]]:
        """A condition ``col`` is one of ``values``, and its parameters, without a parameter per
        value: ``= ANY`` of one array on PostgreSQL (an index scan), a semi-join with a registered
        Arrow table on DuckDB (binding hundreds of parameters costs more there than the query)."""
        vals = list(dict.fromkeys(values))
        if self.dialect != "duckdb":
            yield f"{col} = ANY(CAST(? AS TEXT[]))", [vals]
            return
        with self._rows_source((("id", "TEXT"),), [vals]) as (source, params):
            yield f"{col} IN (SELECT w.id FROM {source})", params

    @contextmanager
    def _rows_source(self, spec: tuple, columns: list[list]) -> Iterator[tuple[str, list]]:
        """A FROM item ``w`` over parallel columns (``spec``: names and SQL types), and its
        parameters: an Arrow table registered with DuckDB (binding long lists is slow there),
        ``unnest`` of one array per column on PostgreSQL."""
        if self.dialect != "duckdb":
            yield ("(SELECT " + ", ".join(f"unnest(CAST(? AS {t}[])) AS {c}" for c, t in spec) + ") w",
                   list(columns))
            return
        import pyarrow as pa

        types = {"TEXT": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32()}
        table = pa.table({c: pa.array(v, type=types[t]) for (c, t), v in zip(spec, columns, strict=True)})
        self._n += 1
        name = f"_marsad_probe_{self._n}"
        self._con.register(name, table)
        try:
            yield f"{name} w", []
        finally:
            self._con.unregister(name)

    def _recompute_events(self, event_ids: Iterable[str]) -> None:
        """Recompute the fused values of these events from their sources, keeping review state and
        analysts' overrides; an event left without sources (and not merged away) is deleted."""
        ids = sorted(set(event_ids))
        if not ids:
            return
        sources: dict[str, list[dict]] = {}
        state: dict[str, dict] = {}
        with self._among("s.event_id", ids) as (cond, params):
            for r in self._dicts(f"SELECT s.*, d.reliability, d.source AS outlet{self._tlp_col('d')} "
                                 f"FROM event_sources s JOIN documents d ON d.id = s.doc_id WHERE {cond}", params):
                sources.setdefault(r["event_id"], []).append(r)
        with self._among("id", ids) as (cond, params):
            for r in self._dicts(f"SELECT id, status, credibility, merged_into FROM events WHERE {cond}", params):
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
            fields.update(self._marking_span(srcs))
            rows.append(self._fused_row(eid, fields, fused_from, st, overrides.get(eid)))
        keep_merged = {eid for eid in ids if not sources.get(eid) and state.get(eid, {}).get("status") == "merged"}
        self._store_fused([i for i in ids if i not in keep_merged], rows)
        self._store_tallies(ids, {eid: tally(srcs) for eid, srcs in sources.items()})
        self._mark_events(keep_merged)  # no sources left: no marking, seen through the event they went into

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
        row["admin1_key"] = fusion.blocking.admin1_key(row.get("admin1"))
        row["place_key"] = name_key(row["place_name"]) if row.get("place_name") else None
        return tuple(row.get(c) for c in self._event_table_columns())

    def _store_fused(self, ids: list[str], rows: list[tuple]) -> None:
        """Write the fused rows (``id`` first) of ``ids``; an id without a row is deleted."""
        gone = sorted(set(ids) - {r[0] for r in rows})
        if gone:
            with self._among("id", gone) as (cond, params):
                self._exec(f"DELETE FROM events WHERE {cond}", params)
        self._upsert("events", self._event_table_columns(), rows)


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

    def _fusion_blocking(self) -> bool:
        return (self.schema_version or 0) >= FUSION_BLOCKING

    def _stored_markings(self) -> bool:
        """Whether events carry the span of their sources' markings (migration 13)."""
        return (self.schema_version or 0) >= EVENT_MARKINGS

    def _event_table_columns(self) -> tuple[str, ...]:
        return (EVENT_TABLE_COLUMNS + (EVENT_V2_COLUMNS if self._fusion_v2() else ())
                + (EVENT_V3_COLUMNS if self._fusion_blocking() else ())
                + (EVENT_V4_COLUMNS if self._stored_markings() else ())
                + (EVENT_V5_COLUMNS if self._place_key() else ()))

    def _place_key(self) -> bool:
        return (self.schema_version or 0) >= FUSION_PLACE_KEY

    def _candidate_columns(self) -> tuple[str, ...]:
        """What fusion reads of a stored event (``FUSION_COLUMNS``; no evidence before schema 7)."""
        return FUSION_COLUMNS if self._fusion_v2() else tuple(c for c in FUSION_COLUMNS if c != "evidence_text")

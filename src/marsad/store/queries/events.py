"""Fused events: the filter every event query shares, pages, one event with its sources, and
the counts behind the dashboard (stats, timelines, grouped counts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from marsad.errors import NotFound, StoreError
from marsad.markings import RANK
from marsad.store import fuse as fz
from marsad.store.columns import EVENT_COLUMNS, FAR_PAST
from marsad.store.filters import PERIODS, EventFilter, check_limit, day_range
from marsad.store.queries.common import LIKE, clean, contains, from_json, plain_rows, to_frame


def _period_label(p: Any, by: str) -> str | None:
    """A ``date_trunc`` result as the label of its period: ``2024-01-22`` (week, its Monday),
    ``2024-01`` (month) or ``2024`` (year)."""
    if p is None:
        return None
    if isinstance(p, date | datetime):
        p = (p.date() if isinstance(p, datetime) else p).isoformat()
    return str(p)[: {"week": 10, "month": 7, "year": 4}[by]]


def _null_safe(col: str) -> str:
    """A key as one comparable, hashable value: ``v`` and the value, or ``n`` when it is missing
    (two missing keys compare equal, as with ``IS NOT DISTINCT FROM``)."""
    return f"COALESCE('v' || CAST({col} AS TEXT), 'n')"


def _check_period(by: str, name: str = "by") -> None:
    if by not in PERIODS:
        raise StoreError(f"{name}={by!r} is not one of: {', '.join(PERIODS)}")

def _event_columns(columns: Sequence[str] | None) -> tuple[str, ...]:
    """The columns a page of events reads: every one, or ``id`` and the ``columns`` asked for."""
    if columns is None:
        return EVENT_COLUMNS
    wanted = [columns] if isinstance(columns, str) else list(columns)
    bad = [c for c in wanted if c not in EVENT_COLUMNS]
    if bad:
        raise StoreError(f"columns={','.join(map(str, bad))!r} are not event columns; use: {', '.join(EVENT_COLUMNS)}")
    return ("id", *dict.fromkeys(c for c in wanted if c != "id"))


# The filters that event_tallies and event_week_tallies answer, and the tallies as rows shaped
# like events (months or weeks in place of days; see EventQueries._tallied).
TALLIED_FILTERS = ("start", "end", "type", "admin1", "country", "status")
TALLIES = (
    "(SELECT month_lo AS day_lo, month_hi AS day_hi, type, admin1, country, status, events, corroboration, "
    "fatalities FROM event_tallies WHERE events <> 0) AS tallies"
)
WEEK_TALLIES = (
    "(SELECT week_lo AS day_lo, week_hi AS day_hi, type, admin1, country, status, events, corroboration, "
    "fatalities FROM event_week_tallies WHERE events <> 0) AS tallies"
)
# event_actor_tallies (migration 20) shaped like events: each row stands for one actor's events, so
# the actor filter's "source or target is X" reads as "the row's actor is X"
ACTOR_TALLY_ROWS = (
    "(SELECT month_lo AS day_lo, month_hi AS day_hi, type, admin1, country, status, events, corroboration, "
    "fatalities, actor_id AS source_actor_id, actor_id AS target_actor_id FROM event_actor_tallies "
    "WHERE events <> 0)"
)
ACTOR_TALLIES = f"{ACTOR_TALLY_ROWS} AS tallies"
# event_actor_month_tallies (migration 20): by actor, months and status only
ACTOR_MONTH_ROWS = (
    "(SELECT month_lo AS day_lo, month_hi AS day_hi, status, events, actor_id AS source_actor_id, "
    "actor_id AS target_actor_id FROM event_actor_month_tallies WHERE events <> 0)"
)

# The totals of stats(), over events or tallies (which hold the sums of the same columns)
_TOTALS = ("CAST(sum(corroboration) AS BIGINT) AS sources, CAST(sum(fatalities) AS BIGINT) AS fatalities, "
           "min(day_lo) AS first, max(day_hi) AS last")

# The columns (and their SQL types) of the events that aggregates read, as a clearance sees them:
# an event with sources above the clearance is counted with the values fused from the others.
_NUMBERS = {"lat": "DOUBLE PRECISION", "lon": "DOUBLE PRECISION", "confidence": "DOUBLE PRECISION",
            "fatalities": "INTEGER", "injuries": "INTEGER", "credibility": "INTEGER", "corroboration": "INTEGER"}
SEEN_COLUMNS = {c: _NUMBERS.get(c, "TEXT") for c in EVENT_COLUMNS} | {"day_lo": "DATE", "day_hi": "DATE"}
MARKING_COLUMNS = {"tlp_lo": "INTEGER", "tlp_hi": "INTEGER"}  # migration 13
# The other columns of the events table (exports read them all).
TABLE_ONLY_COLUMNS = {"fused_from": "TEXT", "updated_at": "TIMESTAMP", "evidence_text": "TEXT",
                      "independent_sources": "INTEGER", "admin1_key": "TEXT", "place_key": "TEXT"} | MARKING_COLUMNS

# What Store.counts can group by: key -> column of the events table (None: computed).
COUNT_KEYS: dict[str, str | None] = {
    "period": None, "actor": None, "type": "type", "mode": "mode", "admin1": "admin1",
    "country": "country", "place": "place_id", "status": "status",
}


class EventQueries:
    """Reads of the ``events`` table."""

    def _event_where(self, f: EventFilter | None, alias: str = "") -> tuple[str, list]:
        f = (f or EventFilter()).checked()
        a = alias + "." if alias else ""
        conds: list[str] = []
        params: list = []
        if f.status:
            self._where_in(f"{a}status", f.status, conds, params)
        else:
            conds.append(f"{a}status <> 'merged'")
        if f.start:
            conds.append(f"{a}day_hi >= ?")
            params.append(day_range(f.start)[0])
        if f.end:
            conds.append(f"{a}day_lo <= ?")
            params.append(day_range(f.end)[1])
        for col, vals in (("type", f.type), ("mode", f.mode), ("country", f.country)):
            self._where_in(f"{a}{col}", vals, conds, params)
        self._where_in(f"lower({a}admin1)", [v.lower() for v in f.admin1 or ()], conds, params)
        if f.min_corroboration:
            conds.append(f"{a}corroboration >= ?")
            params.append(f.min_corroboration)
        if f.place:
            conds.append(f"{a}place_id = ?")
            params.append(f.place)
        if f.text:
            conds.append(
                f"EXISTS (SELECT 1 FROM event_sources xs WHERE xs.event_id = {a}id AND lower(xs.evidence_text) {LIKE}"
                f"{'' if self._clearance is None else ' AND ' + self._doc_ok('xs.doc_id')})"
            )
            params.append(contains(f.text.lower()))
        if f.actor:
            cond = f"({a}source_actor_id = ? OR {a}target_actor_id = ?"
            params += [f.actor, f.actor]
            if f.include_affiliates:
                cond += (
                    f" OR EXISTS (SELECT 1 FROM affiliations af WHERE af.origin = 'pack' AND "
                    f"((af.source = ? AND af.target IN ({a}source_actor_id, {a}target_actor_id)) OR "
                    f"(af.target = ? AND af.source IN ({a}source_actor_id, {a}target_actor_id))) AND "
                    f"(af.start_day IS NULL OR {a}day_hi IS NULL OR {a}day_hi >= af.start_day) AND "
                    f"(af.end_day IS NULL OR {a}day_lo IS NULL OR {a}day_lo <= af.end_day))"
                )
                params += [f.actor, f.actor]
            conds.append(cond + ")")
        if self._clearance is not None:
            conds.append(self._event_row_ok(alias or "events"))
        return " AND ".join(conds) or "TRUE", params

    def events(self, f: EventFilter | None = None, limit: int = 100, cursor: str | None = None,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Fused events matching ``f``, newest first (then by id). ``df.attrs['cursor']`` continues
        after the last row when the page is full; the id of the last row works as a cursor too.
        ``columns`` (from ``EVENT_COLUMNS``; ``id`` always comes first) reads only those."""
        cols, rows, next_cursor = self._event_page(f, limit, cursor, columns)
        df = to_frame(cols, rows, drop=["_k"])
        df.attrs["cursor"] = next_cursor
        return df

    def event_rows(self, f: EventFilter | None = None, limit: int = 100, cursor: str | None = None,
                   columns: Sequence[str] | None = None) -> list[dict]:
        """:meth:`events` as a list of dicts of plain values, without a DataFrame (the API's
        pages: building and reading a frame cost more than the query)."""
        cols, rows, _ = self._event_page(f, limit, cursor, columns)
        return plain_rows(cols, rows, drop=["_k"])

    def _event_page(self, f: EventFilter | None, limit: int, cursor: str | None,
                    columns: Sequence[str] | None) -> tuple[list[str], list[tuple], str | None]:
        limit = check_limit(limit)
        cols = _event_columns(columns)
        where, params = self._event_where(f)
        key = f"COALESCE(day_lo, DATE '{FAR_PAST.isoformat()}')"
        end = (f or EventFilter()).checked().end
        if end and self.dialect != "duckdb":  # implied by day_lo <= end; said of the key, it bounds
            # the walk of PostgreSQL's index on the key (DuckDB would compute it for every event)
            where += f" AND {key} <= ?"
            params.append(day_range(end)[1])
        seen, seen_params = self._events_seen() if self._clearance is not None else ("events", [])
        if seen != "events":  # mixed events as this clearance sees them, filtered and ordered so
            where += self._keyset(key, cursor, "events", params)
            sql = f"SELECT {', '.join(cols)}, {key} AS _k FROM {seen} AS events WHERE {where}"
            return self._page_query(sql, [*seen_params, *params], key, limit, listing="events")
        if self.dialect == "duckdb":  # through a floor on day_lo (queries/dated.py), in one snapshot
            self._cursor_secret()  # made first when missing: the snapshot would not see it made
            with self._read_snapshot():
                after = self._cursor_after(key, cursor, "events")
                rows = self._dated_page(cols, where, params, after, limit)
                if rows is None:
                    sql = f"SELECT {', '.join(cols)}, {key} AS _k FROM events WHERE {where}"
                    sql += self._keyset_after(key, after, params)
                    return self._page_query(sql, params, key, limit, listing="events")
            names = [*cols, "_k"]
            last = rows[-1] if len(rows) == limit else None
            return names, rows, None if last is None else self._make_cursor("events", [last[-1], last[0]])
        where += self._keyset(key, cursor, "events", params)
        sql = f"SELECT {', '.join(cols)}, {key} AS _k FROM events WHERE {where}"
        return self._page_query(sql, params, key, limit, listing="events")

    def _as_cleared_rows(self, rows: list[dict], stored: bool = False) -> list[dict]:
        """Rows of events (dicts) with those that have sources this clearance may not see fused
        again from the visible ones: values as :meth:`event` gives them, or with ``stored`` as
        the events table holds them (exports)."""
        mixed = self._hidden_sources([r["id"] for r in rows])
        refused = self._refused_many(sorted(mixed)) if mixed else {}
        for r in rows:
            if r["id"] in refused:
                fused = refused[r["id"]] if stored else self._visible_fusion(r["id"], fields=refused[r["id"]])
                r.update({k: v for k, v in fused.items() if k in r})
        return rows

    def _mixed_events(self) -> list[str]:
        """Events with sources on both sides of this store's clearance."""
        if self._clearance is None:
            return []
        if self._stored_markings():  # tlp_lo < tlp_hi: the partial index of migration 13 on PostgreSQL
            c = self._clearance
            return [r["id"] for r in self._dicts(
                f"SELECT id FROM events WHERE tlp_lo < tlp_hi AND tlp_lo <= {c} AND tlp_hi > {c} ORDER BY id")]
        return sorted(r["event_id"] for r in self._dicts(
            "SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
            f"WHERE NOT {self._tlp_ok('d.tlp')} AND {self._event_ok('s.event_id')}"))

    def _events_seen(self, full: bool = False) -> tuple[str, list]:
        """The relation that aggregates read in place of ``events`` (alias it ``events`` or ``e``)
        and its parameters: the table itself, or for a clearance the table with each mixed event's
        row fused again from its visible sources (:meth:`_refused`), so that counts by type,
        place, actor, period and the sums of sources and fatalities hold what the clearance may
        see. ``full``: with every column of the table (exports), not only those aggregates read.
        One query per mixed event: cheap while few events mix markings."""
        mixed = self._mixed_events()
        if not mixed:
            return "events", []
        types = dict(SEEN_COLUMNS)
        if full:
            types = {c: SEEN_COLUMNS.get(c) or TABLE_ONLY_COLUMNS[c] for c in self._event_table_columns()}
        elif self._stored_markings():
            types |= MARKING_COLUMNS
        cols = ", ".join(types)
        stored: dict[str, dict] = {}
        for sql_in, p in self._in_chunks(mixed):
            stored.update((r["id"], r) for r in self._dicts(f"SELECT {cols} FROM events WHERE id IN {sql_in}", p))
        refused = self._refused_many(mixed)
        rows = []
        for eid in mixed:
            row = dict(stored[eid])
            row.update({k: v for k, v in refused.get(eid, {}).items() if k in types})
            rows.append(row)
        # one array parameter per column, unnested side by side: a parameter per value costs more
        # to bind than the query costs to run (seconds for a few hundred events on DuckDB)
        params = [[r[c] for r in rows] for c in types]
        values = "SELECT " + ", ".join(f"unnest(CAST(? AS {t}[])) AS {c}" for c, t in types.items())
        if self._stored_markings():  # the events served as stored, then the mixed ones fused again
            return f"(SELECT {cols} FROM events WHERE tlp_hi <= {self._clearance} UNION ALL {values})", params
        keep, keep_params = self._in(mixed)
        return f"(SELECT {cols} FROM events WHERE id NOT IN {keep} UNION ALL {values})", [*keep_params, *params]

    def _visible_sources(self, event_id: str) -> list[dict]:
        """The sources of an event this clearance may see, with their documents' grade and metadata."""
        return self._dicts(
            "SELECT s.*, d.reliability, d.title, d.published, d.source AS outlet, d.url, d.tlp FROM event_sources s "
            f"JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? AND {self._tlp_ok('d.tlp')} "
            "ORDER BY s.doc_id, s.ordinal", (event_id,))

    def _refused(self, event_id: str, srcs: list[dict] | None = None) -> dict:
        """The fused values of an event from its visible sources only, with the analysts' edits
        on top (as the store computes them from every source at ingest), as stored: dates as
        dates, ``fused_from`` as JSON text. Empty when no source is visible."""
        if srcs is None:
            return self._refused_many([event_id]).get(event_id, {})
        return self._fuse_visible(event_id, srcs, self._overrides("event", [event_id]).get(event_id))

    def _refused_many(self, event_ids: list[str]) -> dict[str, dict]:
        """:meth:`_refused` of many events, reading their visible sources and edits in a few
        queries (not a few per event)."""
        srcs: dict[str, list[dict]] = {}
        for sql_in, p in self._in_chunks(event_ids):
            for r in self._dicts(
                    f"SELECT s.*, d.reliability, d.source AS outlet{self._tlp_col('d')} FROM event_sources s "
                    f"JOIN documents d ON d.id = s.doc_id WHERE s.event_id IN {sql_in} AND {self._tlp_ok('d.tlp')} "
                    "ORDER BY s.event_id, s.doc_id, s.ordinal", p):
                srcs.setdefault(r["event_id"], []).append(r)
        edits = self._overrides("event", list(srcs))
        return {eid: self._fuse_visible(eid, rows, edits.get(eid)) for eid, rows in srcs.items()}

    def _fuse_visible(self, event_id: str, srcs: list[dict], o: dict | None) -> dict:
        """Fused values (and marking span, governorate key) of an event from ``srcs`` alone."""
        from marsad.store.fusion import blocking
        from marsad.store.fusion import corroboration as fusion
        from marsad.text import name_key

        if not srcs:
            return {}
        fields, fused_from, _ = fz.fuse(srcs)
        fields["independent_sources"] = fusion.independent_count(srcs)
        for k, v in ((o or {}).get("fields") or {}).items():
            fields[k] = v
        fields["fused_from"] = json.dumps(fused_from, sort_keys=True)
        fields["admin1_key"] = blocking.admin1_key(fields.get("admin1"))
        fields["place_key"] = name_key(fields["place_name"]) if fields.get("place_name") else None
        fields.update(self._marking_span(srcs))
        return fields

    def _visible_fusion(self, event_id: str, srcs: list[dict] | None = None, fields: dict | None = None) -> dict:
        """:meth:`_refused` (or ``fields`` it gave) as plain values (dates as ISO text,
        ``fused_from`` a dict), without the day bounds."""
        fields = self._refused(event_id, srcs) if fields is None else fields
        out = {k: clean(v) for k, v in fields.items() if k not in ("day_lo", "day_hi", "fused_from")}
        if fields:
            out["fused_from"] = json.loads(fields["fused_from"])
        return out

    def _event_visible(self, event_id: str) -> bool:
        """A merged event's row has no sources left: it is visible when the event it was merged
        into is."""
        row = self._dicts("SELECT merged_into FROM events WHERE id = ?", (event_id,))
        target = row[0]["merged_into"] if row else None
        return bool(target) and bool(self._scalar(
            f"SELECT count(*) FROM events e WHERE e.id = ? AND {self._event_row_ok('e')}", (target,)))

    def count_events(self, f: EventFilter | None = None) -> int:
        where, params = self._event_where(f)
        seen, seen_params = self._events_seen() if self._clearance is not None else ("events", [])
        return int(self._scalar(f"SELECT count(*) FROM {seen} AS events WHERE {where}", [*seen_params, *params]) or 0)

    def event(self, event_id: str) -> dict:
        """One fused event with ``sources`` (each document, its evidence span and the attributes it
        reported), ``conflicts`` (attributes on which sources disagree, each source's value) and
        ``fused_from`` (which document each fused attribute was taken from)."""
        extra = ", independent_sources" if self._fusion_v2() else ""
        rows = self._dicts(f"SELECT {', '.join(EVENT_COLUMNS)}, fused_from{extra} FROM events WHERE id = ?",
                           (event_id,))
        if not rows:
            raise NotFound(f"no event {event_id!r}")
        ev = {k: clean(v) for k, v in rows[0].items()}
        ev["fused_from"] = from_json(ev.get("fused_from"), {})
        srcs = self._visible_sources(event_id) if self._marked() else self._dicts(
            "SELECT s.*, d.reliability, d.title, d.published, d.source AS outlet, d.url FROM event_sources s "
            "JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? ORDER BY s.doc_id, s.ordinal",
            (event_id,),
        )
        if self._clearance is not None:
            visible = self._event_visible(event_id) if ev["status"] == "merged" else bool(srcs)
            if not visible:  # the same answer as for an id that does not exist
                raise NotFound(f"no event {event_id!r}")
            if srcs and self._hidden_sources([event_id]):
                ev.update({k: v for k, v in self._visible_fusion(event_id, srcs).items()
                           if k in ev or k == "fused_from"})
        if self._marked():
            ev["tlp"] = max((s["tlp"] for s in srcs), key=RANK.__getitem__, default=None)
        ev["conflicts"] = fz.conflicts_of(srcs)
        out = []
        for s in srcs:
            s = {k: clean(v) for k, v in s.items()}
            s["evidence"] = {"start": s.pop("evidence_start"), "end": s.pop("evidence_end"), "text": s.pop("evidence_text")}
            s.pop("event_id", None)
            out.append(s)
        ev["sources"] = out
        overrides = self._overrides("event", [event_id]).get(event_id)
        ev["edited"] = sorted((overrides or {}).get("fields") or {})
        return ev

    def stats(self, f: EventFilter | None = None, by: str = "month") -> dict:
        """Counts of matching events: ``series`` by period x type, ``by_type``, ``by_admin1``,
        ``by_country`` and ``totals`` (events, sources, fatalities). ``by`` is week, month or year."""
        _check_period(by)
        where, params = self._event_where(f)
        tallied = self._tallied(f, by)
        src = tallied or "events"
        if self._clearance is not None:  # mixed events as this clearance sees them
            seen, seen_params = self._events_seen()
            src, params = f"{seen} AS events", [*seen_params, *params]
        # DuckDB reads one column per GROUP BY: for every event (the dashboard's first view), five
        # passes cost less than one pass that holds five groupings; with a filter, one pass
        # (filtered once) costs less. PostgreSQL: one pass (five over 5M events took seconds)
        unfiltered = self.dialect == "duckdb" and self._clearance is None and (f or EventFilter()).checked() == \
            EventFilter().checked()
        rows = (self._stats_by_parts if unfiltered else self._stats_in_one_pass)(src, where, params, by, tallied)
        series: list[dict] = []
        by_key: dict[int, dict] = {1: {}, 2: {}, 3: {}}
        tot: dict = {}
        for r in rows:
            part = r["part"]
            if part == 0:
                series.append({"period": _period_label(r["period"], by), "type": r["k"], "count": int(r["n"])})
            elif part == 4:
                tot = {"events": r["n"], "sources": r["sources"], "fatalities": r["fatalities"],
                       "first": r["first"], "last": r["last"]}
            else:
                by_key[part][r["k"] if r["k"] is not None else "unknown"] = int(r["n"])
        if tallied:
            tot["first"], tot["last"] = self._first_and_last(where, params, tot["first"], tot["last"])
        return {
            "by": by,
            "series": series,
            "by_type": by_key[1],
            "by_admin1": by_key[2],
            "by_country": by_key[3],
            "totals": {k: clean(v) if v is not None else (0 if k in ("events", "sources", "fatalities") else None)
                       for k, v in tot.items()},
        }

    def _stats_in_one_pass(self, src: str, where: str, params: list, by: str, tallied: str | None) -> list[dict]:
        """The rows of :meth:`stats` from one pass (GROUPING SETS): ``part`` 0 the series by
        period and type (``k``), 1-3 the counts by type, province, country (``k``), 4 the totals;
        ordered as the answer lists them."""
        return self._dicts(
            "SELECT * FROM (SELECT CASE grouping(period, type, admin1, country) WHEN 3 THEN 0 WHEN 11 THEN 1 "
            "WHEN 13 THEN 2 WHEN 14 THEN 3 ELSE 4 END AS part, period, "
            "CASE grouping(period, type, admin1, country) WHEN 13 THEN admin1 WHEN 14 THEN country ELSE type END AS k, "
            f"sum(w) AS n, {_TOTALS} "
            f"FROM (SELECT date_trunc('{by}', day_lo) AS period, type, admin1, country, "
            f"{'events' if tallied else '1'} AS w, corroboration, fatalities, day_lo, day_hi FROM {src} WHERE {where}) e "
            "GROUP BY GROUPING SETS ((period, type), (type), (admin1), (country), ())) x "
            # the series by period then type (undated events left out); the counts by most events, then key
            "WHERE NOT (part = 0 AND period IS NULL) "
            "ORDER BY part, period, CASE WHEN part = 0 THEN 0 ELSE n END DESC, k", params)

    def _stats_by_parts(self, src: str, where: str, params: list, by: str, tallied: str | None) -> list[dict]:
        """:meth:`_stats_in_one_pass` from one query per part."""
        n = "sum(events)" if tallied else "count(*)"
        rows = [dict(r, part=0) for r in self._dicts(
            f"SELECT date_trunc('{by}', day_lo) AS period, type AS k, {n} AS n FROM {src} "
            f"WHERE {where} AND day_lo IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", params)]
        for part, col in ((1, "type"), (2, "admin1"), (3, "country")):
            rows += [dict(r, part=part) for r in self._dicts(
                f"SELECT {col} AS k, {n} AS n FROM {src} WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1", params)]
        return rows + [dict(r, part=4) for r in self._dicts(
            f"SELECT {n} AS n, {_TOTALS} FROM {src} "
            f"WHERE {where}", params)]

    def _tallied(self, f: EventFilter | None, by: str) -> str | None:
        """The tallies (a relation shaped like events) that ``stats(f, by)`` can count from, or
        None. PostgreSQL keeps month tallies (m0010) and week tallies (m0018): periods of whole
        months (``by`` month or year) or of weeks (``by`` week), and a filter on tallied columns
        only, with ``start`` on the first day of a month (a Monday) and ``end`` on the last (a
        Sunday). The tallies hold the months (weeks) of ``day_lo`` and ``day_hi``; on such bounds
        ``day_hi >= start`` and ``day_lo <= end`` give the same answer for the period as for the
        day. An actor filter (without affiliates) reads the actor tallies (m0020), by month or
        year. Any other filter (a field added later too) counts the events themselves."""
        f = (f or EventFilter()).checked()
        by_actor = bool(f.actor) and not f.include_affiliates
        table = "event_actor_tallies" if by_actor else "event_week_tallies" if by == "week" else "event_tallies"
        if table not in self._table_cache() or (by_actor and by == "week"):
            return None
        if self._clearance is not None:  # the tallies count every event, whatever its sources
            return None
        allowed = (*TALLIED_FILTERS, "actor") if by_actor else TALLIED_FILTERS
        if any(getattr(f, x.name) not in (None, False) for x in fields(f) if x.name not in allowed):
            return None
        first = (lambda d: d.weekday() == 0) if by == "week" else (lambda d: d.day == 1)
        if f.start and not first(day_range(f.start)[0]):
            return None
        if f.end and not first(day_range(f.end)[1] + timedelta(days=1)):
            return None
        if by_actor:
            return ACTOR_TALLIES
        return TALLIES if by != "week" else WEEK_TALLIES

    def _actor_counts_tallied(self, f: EventFilter | None, keys: list[str], period: str) -> str | None:
        """The actor tallies (m0020) as rows shaped like events, when ``counts(f, keys, period)``
        can be read from them: keys among period (by month or year), actor, type, admin1, country
        and status, with "actor" among them, and a filter the month tallies answer without an
        actor (see :meth:`_tallied`); the narrow tallies when only months and status matter;
        else None."""
        if "actor" not in keys or period not in ("month", "year"):
            return None
        if any(k not in ("period", "actor", "type", "admin1", "country", "status") for k in keys):
            return None
        f = (f or EventFilter()).checked()
        if f.actor:  # the events of one actor count their other actors too, which its rows do not hold
            return None
        tallied = self._tallied(f, period)  # the filters and bounds the month tallies answer
        if not tallied or "event_actor_tallies" not in self._table_cache():
            return None
        narrow = all(k in ("period", "actor", "status") for k in keys) and not (f.type or f.admin1 or f.country)
        return ACTOR_MONTH_ROWS if narrow else ACTOR_TALLY_ROWS

    def _first_and_last(self, where: str, params: list, first_month: Any, last_month: Any) -> tuple:
        """The first ``day_lo`` and last ``day_hi`` of the matching events, from the first and last
        months the tallies give: two short walks of the ``events_day`` and ``events_day_hi``
        indexes that start in those months."""
        if first_month is None and last_month is None:
            return None, None
        row = self._dicts(
            f"SELECT (SELECT min(day_lo) FROM events WHERE {where} AND day_lo >= ?) AS first, "
            f"(SELECT max(day_hi) FROM events WHERE {where} AND day_hi >= ?) AS last",
            [*params, first_month or FAR_PAST, *params, last_month or FAR_PAST],
        )[0]
        return row["first"], row["last"]

    def timeline(self, actor: str, by: str = "month", include_affiliates: bool = False) -> pd.DataFrame:
        """Events per period in which ``actor`` is source or target: period, as_source, as_target."""
        _check_period(by)
        where, params = self._event_where(EventFilter(actor=actor, include_affiliates=include_affiliates))
        seen, seen_params = self._events_seen() if self._clearance is not None else ("events", [])
        df = self._frame(
            f"SELECT date_trunc('{by}', day_lo) AS period, "
            f"CAST(sum(CASE WHEN source_actor_id = ? THEN 1 ELSE 0 END) AS BIGINT) AS as_source, "
            f"CAST(sum(CASE WHEN target_actor_id = ? THEN 1 ELSE 0 END) AS BIGINT) AS as_target, count(*) AS events "
            f"FROM {seen} AS events WHERE {where} AND day_lo IS NOT NULL GROUP BY 1 ORDER BY 1",
            [actor, actor, *seen_params, *params],
        )
        return df

    def counts(self, f: EventFilter | None = None, by: str | Sequence[str] = ("period", "actor"),
               period: str = "month", top: int | None = None) -> pd.DataFrame:
        """Matching events counted by ``by`` in one query: a DataFrame with one column per key and
        ``n``, ordered by period, then most events first.

        Keys: ``period`` (labelled like :meth:`stats`; undated events are left out), ``actor``
        (each side of an event: an event between two actors counts for both, events without
        actors are left out; adds ``actor_name``), ``type``, ``mode``, ``admin1``, ``country``,
        ``place``, ``status``. ``top`` keeps the ``top`` combinations of the keys other than
        ``period`` with the most events (``counts(f, ("period", "actor"), top=12)``: the series of
        the 12 busiest actors)."""
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in COUNT_KEYS]
        if not keys or bad or len(set(keys)) != len(keys):
            raise StoreError(f"by={','.join(map(str, keys))!r} is not a list of distinct keys from: "
                             f"{', '.join(COUNT_KEYS)}")
        _check_period(period, "period")
        if top is not None:
            top = check_limit(top)
        where, params = self._event_where(f, alias="e")
        tallied = self._actor_counts_tallied(f, keys, period)
        seen, seen_params = self._events_seen() if self._clearance is not None else ("events", [])
        params = [*seen_params, *params]
        src = f"{tallied} e" if tallied else f"{seen} e"  # the tallies: one row per actor already

        def rows_with(actor: str, *more: str) -> str:
            exprs = {"period": f"date_trunc('{period}', e.day_lo)", "actor": actor}
            cols = [f"{exprs.get(k) or f'e.{COUNT_KEYS[k]}'} AS {k}" for k in keys]
            conds = [where, *(["e.day_lo IS NOT NULL"] if "period" in keys else []), *more]
            return f"SELECT {', '.join(cols)}, {'e.events' if tallied else '1'} AS w FROM {src} WHERE {' AND '.join(conds)}"

        if "actor" in keys and not tallied:
            # each side of an event once: its source, then its target when another actor (two
            # plain scans: 15% faster on DuckDB than one scan joined to the two sides)
            rows = (rows_with("e.source_actor_id", "e.source_actor_id IS NOT NULL") + " UNION ALL "
                    + rows_with("e.target_actor_id", "e.target_actor_id IS NOT NULL",
                                "(e.source_actor_id IS NULL OR e.target_actor_id <> e.source_actor_id)"))
            params = [*params, *params]
        else:
            rows = rows_with("e.source_actor_id")
        rest = [k for k in keys if k != "period"]
        grouped = ", ".join(keys)
        # counted once, then the top combinations ranked from the counts: reading the events twice
        # (and joining each row to the top) cost 40 s at a million events on PostgreSQL
        sql = f"WITH g AS (SELECT {grouped}, sum(w) AS n FROM ({rows}) x GROUP BY {grouped})"
        join = ""
        if top and rest:
            rk = ", ".join(rest)
            sql += f", t AS (SELECT {rk} FROM g GROUP BY {rk} ORDER BY sum(n) DESC, {rk} LIMIT {top})"
            # equal keys, a missing one equal to a missing one, as one hashable value per key
            # (PostgreSQL runs a join on IS NOT DISTINCT FROM as a nested loop: 0.15 s at 5M events)
            join = " JOIN t ON " + " AND ".join(f"{_null_safe(f'g.{k}')} = {_null_safe(f't.{k}')}" for k in rest)
        picked = f"SELECT {', '.join(f'g.{k}' for k in keys)}, g.n FROM g{join}"
        sql += f" SELECT c.*{', a.name AS actor_name' if 'actor' in keys else ''} FROM ({picked}) c"
        if "actor" in keys:
            sql += " LEFT JOIN actors a ON a.id = c.actor"
        order = (["c.period"] if "period" in keys else []) + ["c.n DESC"] + [f"c.{k}" for k in rest]
        df = self._frame(sql + " ORDER BY " + ", ".join(order), params)
        df = df.reindex(columns=[*keys, "n", *(["actor_name"] if "actor" in keys else [])])
        if "period" in keys:
            df["period"] = [_period_label(p, period) for p in df["period"]]
        if "actor" in keys:
            df["actor_name"] = [n if n is not None else a for a, n in zip(df["actor"], df["actor_name"], strict=True)]
        df["n"] = df["n"].astype("int64")
        return df

"""Co-participation: the actors on the two sides of events, counted in the database.

The network view links two actors for every event they were on the two sides of, over the first
N events that match its filters (``/api/network``'s ``max_events``, 20,000 by default). Reading
those events into Python and counting them there held the interpreter's lock for most of the
request; here the database counts the events that are alike in what the graph reads, and Python
gets one row per kind."""

from __future__ import annotations

from typing import Any

from marsad.store.columns import FAR_PAST
from marsad.store.filters import EventFilter, check_limit, day_range

KEY = f"COALESCE(day_lo, DATE '{FAR_PAST.isoformat()}')"  # the sort key of event pages
# what each row of co_participation holds, in this order, then the count ``n``
PAIR_COLUMNS = ("status", "date", "source_actor_id", "target_actor_id", "source_actor_name",
                "target_actor_name")


class PairQueries:
    """Counts of the actor pairs of events."""

    def co_participation(self, f: EventFilter | None = None, limit: int = 20_000,
                         days: bool = False) -> list[tuple[Any, ...]]:
        """The events ``events(f, limit=limit)`` gives (the first ``limit`` matching, newest first,
        as this store's clearance sees them), those alike in status, actor ids and names (and
        date, with ``days``; else the date is None) counted together: rows of
        :data:`PAIR_COLUMNS` and the count, in the order each kind first appears among them."""
        return self.co_participation_window(f, limit, days)[0]

    def co_participation_window(self, f: EventFilter | None = None, limit: int = 20_000,
                                days: bool = False) -> tuple[list[tuple[Any, ...]], Any]:
        """:meth:`co_participation` and the sort key of the last event it read (None when fewer
        than ``limit`` matched): every event it read matches ``f`` and sorts at or after that key
        (:meth:`any_event_read`)."""
        limit = check_limit(limit)
        where, params = self._pairs_where(f)
        seen, seen_params = self._events_seen() if self._clearance is not None else ("events", [])
        day = "date" if days else "CAST(NULL AS TEXT)"
        cols = ", ".join(PAIR_COLUMNS)
        with self._read_snapshot():
            if seen == "events" and self.dialect == "duckdb":
                # the same first events, found through a floor on day_lo (queries/dated.py): DuckDB
                # then reads the columns of about ``limit`` events instead of sorting every one
                floor = self._day_floor(where, params, limit)
                if self._usable_floor(floor):
                    where, params = f"{where} AND day_lo >= ?", [*params, floor]
            return self._pairs_of_first(seen, seen_params, where, params, day, cols, limit)

    def _pairs_of_first(self, seen: str, seen_params: list, where: str, params: list, day: str, cols: str,
                        limit: int) -> tuple[list[tuple[Any, ...]], Any]:
        """:meth:`co_participation_window` of the first ``limit`` events of ``seen`` matching ``where``."""
        first = (f"SELECT id, status, {day} AS date, source_actor_id, target_actor_id, source_actor_name, "
                 f"target_actor_name, {KEY} AS _k FROM {seen} AS events WHERE {where} "
                 f"ORDER BY {KEY} DESC, id ASC LIMIT {limit}")
        ranked = f"SELECT x.*, row_number() OVER (ORDER BY _k DESC, id ASC) AS _r FROM ({first}) x"
        _, rows = self._query(
            f"SELECT {cols}, count(*) AS n, min(_r) AS _first, max(_r) AS _last, min(_k) AS _floor FROM ({ranked}) y "
            f"GROUP BY {cols} ORDER BY _first", [*seen_params, *params])
        read = max((r[8] for r in rows), default=0)
        floor = min(r[9] for r in rows) if rows and read >= limit else None
        return [tuple(r[:7]) for r in rows], floor

    def any_event_read(self, event_ids: list[str], f: EventFilter | None, floor: Any) -> bool:
        """Whether any of ``event_ids`` may be among the events :meth:`co_participation_window`
        read with ``f`` (``floor`` its key): they match ``f`` and sort at or after ``floor``.
        A clearance below RED answers True (its events are read through the overlay of mixed
        events; not worth judging here)."""
        if self._clearance is not None:
            return True
        where, params = self._pairs_where(f)
        if floor is not None:
            where += f" AND {KEY} >= ?"
            params.append(floor)
        sql_in, ids = self._in(event_ids)
        return bool(self._scalar(f"SELECT count(*) FROM events WHERE id IN {sql_in} AND {where}", [*ids, *params]))

    def _pairs_where(self, f: EventFilter | None) -> tuple[str, list]:
        where, params = self._event_where(f)
        end = (f or EventFilter()).checked().end
        if end and self.dialect != "duckdb":  # as events() says it, so the same index walk applies
            where += f" AND {KEY} <= ?"
            params.append(day_range(end)[1])
        return where, params

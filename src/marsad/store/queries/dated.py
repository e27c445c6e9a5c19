"""DuckDB's read path for the first N events newest first: a floor on ``day_lo`` first.

Event lists are ordered by ``COALESCE(day_lo, DATE '0001-01-01') DESC, id``. DuckDB cannot read
that order from an index: a page sorted the key of every matching event and read every column of
the rows it kept, and at millions of events the column reads cost most (each matching row sits in
another block of the table, and each of those blocks of every column was decompressed).

When the page holds dated events only, the same rows come from three cheap reads, in one read
transaction so that they see one state of the database:

1. the **floor**: the ``day_lo`` of the N-th matching dated event (:meth:`DatedReads._day_floor`),
   a top-N of a plain column, which DuckDB answers with a filter that rises as it reads and skips
   whole row groups by their min/max (a few ms at 5M events), or for large N a count per day;
2. the **ids**: the matching events on or after the floor, ordered, first N; only ``id``,
   ``day_lo`` and the filter's columns are read;
3. the **rows**: the columns of those N events, by id (the primary key's index); beyond a few
   thousand, the columns of the events on or after the floor instead.

The answer is exactly the one of the plain query: at least N matching events sort at or above the
floor, so no event below it can be among the first N, and when the floor is a real day
(after 0001-01-01) neither can an undated one (their key is 0001-01-01). When fewer than N
dated events match, the caller runs the plain query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.store.columns import FAR_PAST

KEY = f"COALESCE(day_lo, DATE '{FAR_PAST.isoformat()}')"  # the sort key of event lists
TOP_N_FLOOR = 2_000  # up to this N the floor is a top-N; above, a count per day
ROWS_BY_ID = 2_000  # up to this N the rows are read by id; above, by the floor and the order
ID_CHUNK = 500


class DatedReads:
    """The floor of a list of events, and pages of events read through it (DuckDB)."""

    def _day_floor(self, where: str, params: Sequence[Any], n: int, before: Any = None) -> Any:
        """The ``day_lo`` of the ``n``-th newest event of ``events`` matching ``where`` (with
        ``before``: among those dated before that day), or None when fewer than ``n`` dated
        events match."""
        cond, p = f"{where} AND day_lo IS NOT NULL", list(params)
        if before is not None:
            cond += " AND day_lo < ?"
            p.append(before)
        if n <= TOP_N_FLOOR:
            return self._scalar(
                f"SELECT day_lo FROM events WHERE {cond} ORDER BY day_lo DESC LIMIT 1 OFFSET {int(n) - 1}", p)
        # a heap of many thousand rows fills slowly; counting the events of each day is one pass
        seen = 0
        for day, count in self._query(
                f"SELECT day_lo, count(*) FROM events WHERE {cond} GROUP BY day_lo ORDER BY day_lo DESC", p)[1]:
            seen += int(count)
            if seen >= n:
                return day
        return None

    def _usable_floor(self, floor: Any) -> bool:
        """A floor that keeps undated events out (their key is 0001-01-01, as may a dated one's be)."""
        return floor is not None and floor > FAR_PAST

    def _dated_page(self, cols: Sequence[str], where: str, params: Sequence[Any],
                    after: tuple[Any, Any] | None, limit: int) -> list[tuple] | None:
        """The rows (``cols`` and the key as a last value) of the first ``limit`` events matching
        ``where`` after the row ``after`` (its key and id) in the list's order, or None when the
        page would reach undated events (the caller then reads it the plain way). Call it inside
        :meth:`_read_snapshot`."""
        floor = self._day_floor(where, params, limit, before=after[0] if after else None)
        if not self._usable_floor(floor):
            return None
        cond, p = f"{where} AND day_lo >= ?", [*params, floor]
        if after is not None:
            cond += " AND day_lo <= ? AND (day_lo < ? OR id > ?)"
            p += [after[0], after[0], after[1]]
        select = f"{', '.join(cols)}, {KEY} AS _k"
        if limit > ROWS_BY_ID:
            return self._query(
                f"SELECT {select} FROM events WHERE {cond} ORDER BY day_lo DESC, id LIMIT {int(limit)}", p)[1]
        ids = [r[0] for r in self._query(
            f"SELECT id FROM events WHERE {cond} ORDER BY day_lo DESC, id LIMIT {int(limit)}", p)[1]]
        rows: dict[Any, tuple] = {}
        at = list(cols).index("id")
        for sql_in, chunk in self._in_chunks(ids, ID_CHUNK):
            rows.update((r[at], r) for r in self._query(f"SELECT {select} FROM events WHERE id IN {sql_in}", chunk)[1])
        return [rows[i] for i in ids]

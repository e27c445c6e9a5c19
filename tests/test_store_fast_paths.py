"""The read paths for millions of events answer exactly what the plain queries answer, on every
backend and at every clearance.

* event pages: DuckDB reads them through a floor on ``day_lo`` (``queries/dated.py``); here every
  page (first, next by signed cursor, next by id) equals the plain ``ORDER BY`` query over the
  same filter, with the same rows and values, at RED and below it (stored marking spans);
* ``stats()``: one GROUPING SETS pass, five GROUP BYs and PostgreSQL's month and week tallies
  give the same answer (order included);
* co-participation: the first events found through the floor are the first events of the list;
* a store created at schema 17 and upgraded answers as before the upgrade.
"""

from __future__ import annotations

import pytest

from marsad.store import EventFilter
from marsad.store.queries.common import plain_rows
from marsad.store.queries.dated import KEY
from test_store_read_paths import FILTERS, recount_stats, stored_rows, synthetic_rows

CLEARANCES = (None, "GREEN", "AMBER")
# stored marking spans (ranks: CLEAR 0, GREEN 1, AMBER 2, ...) without mixed events, so that a
# clearance reads the events table itself, through its tlp_lo condition
SPANS = ((0, 0), (1, 1), (2, 2), (4, 4))
MORE_FILTERS = [*FILTERS, EventFilter(place="nowhere"), EventFilter(type="ASSAULT", status="draft", end="2024-01")]


def filled(store, n: int = 160):
    store.insert_frame("events", synthetic_rows(n))
    with store._tx():
        for i, (lo, hi) in enumerate(SPANS):
            store._exec(f"UPDATE events SET tlp_lo = {lo}, tlp_hi = {hi} "
                        f"WHERE mod(CAST(substr(id, 4) AS INTEGER), {len(SPANS)}) = {i}")
    return store


def plain_page(view, f: EventFilter, limit: int, after: str | None = None) -> list[dict]:
    """The page as the plain query reads it: every matching row sorted, cut after ``after``."""
    where, params = view._event_where(f)
    cols, rows = view._query(
        f"SELECT {', '.join(view.EVENT_COLUMNS)} FROM events WHERE {where} ORDER BY {KEY} DESC, id", params)
    out = plain_rows(cols, rows)
    if after is not None:
        out = out[[r["id"] for r in out].index(after) + 1:]
    return out[:limit]


def walk_pages(view, f: EventFilter, limit: int, by_id: bool) -> list[list[dict]]:
    """Each page's rows as plain values (``event_rows``), following the cursors of ``events``."""
    pages, cursor = [], None
    for _ in range(500):
        page = view.events(f, limit=limit, cursor=cursor)
        rows = view.event_rows(f, limit=limit, cursor=cursor)
        assert [r["id"] for r in rows] == page["id"].tolist()
        pages.append(rows)
        cursor = page.attrs["cursor"]
        if not cursor:
            return pages
        if by_id:
            cursor = page["id"].iloc[-1]
    raise AssertionError("the cursor does not advance")


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_pages_equal_the_plain_query(store, clearance):
    view = filled(store).cleared(clearance)
    for f in MORE_FILTERS:
        for limit, by_id in ((4, False), (7, True), (30, False), (1000, False)):
            pages = walk_pages(view, f, limit, by_id)
            after = None
            for page in pages:
                expected = plain_page(view, f, limit, after)
                assert page == expected, (f, limit, after)
                after = page[-1]["id"] if page else None
        # the API's rows (no DataFrame) are the same rows
        assert view.event_rows(f, limit=12) == plain_page(view, f, 12), f


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_stats_one_pass_by_parts_and_tallies_agree(store, clearance):
    view = filled(store).cleared(clearance)
    visible = {r["id"] for r in view._dicts("SELECT id FROM events WHERE " + view._event_row_ok("events"))}
    rows = [r for r in stored_rows(view) if r["id"] in visible]
    for f in FILTERS:  # those the recount knows
        for by in ("week", "month", "year"):
            got = view.stats(f, by=by)
            assert {k: list(v.items()) if k.startswith("by_") else v for k, v in got.items()} == \
                recount_stats(rows, f, by), (f, by)
            where, params = view._event_where(f)
            one = view._stats_in_one_pass("events", where, params, by, None)
            parts = view._stats_by_parts("events", where, params, by, None)
            assert answer(one) == answer(parts), (f, by)
            tallied = view._tallied(f, by)
            if tallied:  # PostgreSQL at RED: the tallies' rows give the same answers (first and last
                # day of the totals aside: the tallies know their months or weeks, stats() the days)
                assert answer(view._stats_in_one_pass(tallied, where, params, by, tallied), days=False) == \
                    answer(one, days=False), (f, by)


def answer(rows: list[dict], days: bool = True) -> list[tuple]:
    """What stats() reads of the rows of its queries: the part, period, key and count, and the
    totals of the last part (a sum of nothing is 0 in the answer)."""
    totals = ("sources", "fatalities", "first", "last") if days else ("sources", "fatalities")
    return [(r["part"], r.get("period"), r.get("k"), int(r["n"] or 0),
             *((r[t] if r[t] is not None or t in ("first", "last") else 0 for t in totals)
               if r["part"] == 4 else ())) for r in rows]


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_co_participation_reads_the_first_events_of_the_list(store, clearance):
    view = filled(store).cleared(clearance)
    for f in (EventFilter(), EventFilter(type="ASSAULT"), EventFilter(end="2023-12-01"), EventFilter(place="nowhere")):
        for limit in (1, 5, 60, 5000):
            first = plain_page(view, f, limit)
            counted: dict = {}
            for r in first:
                k = (r["status"], None, r["source_actor_id"], r["target_actor_id"], r["source_actor_name"],
                     r["target_actor_name"])
                counted[k] = counted.get(k, 0) + 1
            pairs, floor = view.co_participation_window(f, limit=limit)
            assert [(*p[:6],) for p in pairs] == list(counted), (f, limit)
            assert [p[6] for p in pairs] == list(counted.values()), (f, limit)
            assert (floor is None) == (len(first) < limit), (f, limit)


def test_a_store_at_schema_17_upgraded_answers_as_before(store_location):
    old = store_location.open(target_version=17)
    filled(old, 120)
    before = {(str(f), by): old.stats(f, by=by) for f in FILTERS for by in ("week", "month")}
    pages = {str(f): old.events(f, limit=9)["id"].tolist() for f in FILTERS}
    old.close()
    new = store_location.open()
    assert new.schema_version >= 18
    for f in FILTERS:
        assert new.events(f, limit=9)["id"].tolist() == pages[str(f)], f
        for by in ("week", "month"):
            assert new.stats(f, by=by) == before[(str(f), by)], (f, by)
    if new.dialect == "postgres":  # the week tallies are filled from the stored events
        from test_store_read_paths import recount_tallies, tallies

        assert tallies(new, "week") == recount_tallies(new, "week")
        assert new._tallied(EventFilter(), "week")

"""The read paths built for millions of events give the answers of a plain recount, on every backend.

Event pages (PostgreSQL walks an index on the sort key, DuckDB finds the page's lowest key first)
must list exactly the events of a recount ordered newest first then by id, with ties on a day and
undated events, whatever the page size and the kind of cursor. ``stats()`` (PostgreSQL counts from
trigger-maintained month tallies when the filter allows) must equal a recount from the rows after
ingest, review, edits, merges, undo and new revisions. The reference answers are computed here in
Python from the stored rows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from marsad.errors import StoreError
from marsad.model import ActorRef, Document, DocumentInfo, Event, Mention, PlaceRef, Report
from marsad.store import EventFilter
from marsad.store.filters import day_range

FAR_PAST = date(1, 1, 1)
ROW_COLUMNS = "id, day_lo, day_hi, type, admin1, country, status, corroboration, fatalities, source_actor_id, target_actor_id"


# --------------------------------------------------------------------------- synthetic rows

def synthetic_rows(n: int = 160) -> pd.DataFrame:
    """Events written straight into the table: many on the same days (ties broken by id), some
    undated, some dated to a month or a year, every status, provinces in mixed case and missing."""
    types = ["ASSAULT", "PROTEST", "COERCE", "THREATEN"]
    places = [("IQ", "Baghdad"), ("IQ", "Al-Anbar"), ("SY", "Homs"), ("IQ", None), ("JO", "amman"), (None, None)]
    statuses = ["draft", "draft", "confirmed", "rejected", "edited", "merged"]
    rows = []
    for i in range(n):
        kind = i % 10
        if kind == 0:
            d, lo, hi = None, None, None
        elif kind == 1:
            d = f"202{3 + i % 2}-{1 + i % 12:02d}"
            lo, hi = day_range(d)
        elif kind == 2:
            d = f"202{2 + i % 3}"
            lo, hi = day_range(d)
        else:
            lo = hi = date(2023, 11, 28) + timedelta(days=(i * 7) % 9)  # nine days: many ties
            d = lo.isoformat()
        country, admin1 = places[i % len(places)]
        rows.append({
            "id": f"ev-{(i * 37) % n:04d}", "type": types[i % len(types)], "date": d, "day_lo": lo, "day_hi": hi,
            "admin1": admin1, "country": country, "status": statuses[i % len(statuses)],
            "corroboration": 1 + i % 3, "fatalities": None if i % 4 else i % 5,
            "source_actor_id": f"actor-{i % 5}", "target_actor_id": f"actor-{(i + 2) % 5}",
        })
    return pd.DataFrame(rows, dtype=object)


def stored_rows(store) -> list[dict]:
    return store._dicts(f"SELECT {ROW_COLUMNS} FROM events")


# --------------------------------------------------------------------------- the recount

def matches(r: dict, f: EventFilter) -> bool:
    """``r`` passes ``f`` (a checked filter) as the SQL of the store says: NULL fails comparisons."""
    if f.status:
        if r["status"] not in f.status:
            return False
    elif r["status"] == "merged":
        return False
    if f.start and not (r["day_hi"] is not None and r["day_hi"] >= day_range(f.start)[0]):
        return False
    if f.end and not (r["day_lo"] is not None and r["day_lo"] <= day_range(f.end)[1]):
        return False
    for col in ("type", "country"):
        if getattr(f, col) and r[col] not in getattr(f, col):
            return False
    if f.admin1 and (r["admin1"] is None or r["admin1"].lower() not in {a.lower() for a in f.admin1}):
        return False
    if f.min_corroboration and r["corroboration"] < f.min_corroboration:
        return False
    return not (f.actor and f.actor not in (r["source_actor_id"], r["target_actor_id"]))


def recount_order(rows: list[dict], f: EventFilter) -> list[str]:
    f = f.checked()
    kept = [r for r in rows if matches(r, f)]
    kept.sort(key=lambda r: (-(r["day_lo"] or FAR_PAST).toordinal(), r["id"]))
    return [r["id"] for r in kept]


def period(d: date, by: str) -> str:
    if by == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    return d.isoformat()[: {"month": 7, "year": 4}[by]]


def ordered_counts(rows: list[dict], col: str) -> list[tuple]:
    n: dict = {}
    for r in rows:
        n[r[col]] = n.get(r[col], 0) + 1
    # ORDER BY n DESC, key (NULL last); the missing key is shown as "unknown"
    ranked = sorted(n.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
    return [(k if k is not None else "unknown", v) for k, v in ranked]


def recount_stats(rows: list[dict], f: EventFilter, by: str) -> dict:
    f = f.checked()
    kept = [r for r in rows if matches(r, f)]
    series: dict = {}
    for r in kept:
        if r["day_lo"] is not None:
            key = (period(r["day_lo"], by), r["type"])
            series[key] = series.get(key, 0) + 1
    lows = [r["day_lo"] for r in kept if r["day_lo"] is not None]
    highs = [r["day_hi"] for r in kept if r["day_hi"] is not None]
    return {
        "by": by,
        "series": [{"period": p, "type": t, "count": c} for (p, t), c in sorted(series.items())],
        "by_type": ordered_counts(kept, "type"),
        "by_admin1": ordered_counts(kept, "admin1"),
        "by_country": ordered_counts(kept, "country"),
        "totals": {
            "events": len(kept),
            "sources": sum(r["corroboration"] for r in kept),
            "fatalities": sum(r["fatalities"] or 0 for r in kept),
            "first": min(lows).isoformat() if lows else None,
            "last": max(highs).isoformat() if highs else None,
        },
    }


def as_lists(s: dict) -> dict:
    """A ``stats()`` answer with its dicts as ordered lists (the order is part of the answer)."""
    return {k: list(v.items()) if k.startswith("by_") else v for k, v in s.items()}


FILTERS = [
    EventFilter(),
    EventFilter(start="2023-11-27", end="2023-12-10"),  # a Monday to a Sunday: the week tallies answer
    EventFilter(type="ASSAULT"),
    EventFilter(type=["PROTEST", "COERCE"], country="IQ"),
    EventFilter(country="iq", start="2023-11", end="2023-12"),
    EventFilter(start="2023"),
    EventFilter(end="2023-11-29"),  # not the end of a month
    EventFilter(start="2023-11-29", end="2024"),  # not the start of one
    EventFilter(admin1=["al-anbar", "AMMAN"]),
    EventFilter(status="merged"),
    EventFilter(status=["confirmed", "rejected"], type="ASSAULT"),
    EventFilter(min_corroboration=2),
    EventFilter(actor="actor-1"),
    EventFilter(actor="kataib-hezbollah"),
    EventFilter(actor="us-forces", type="ASSAULT", start="2023-11"),
    EventFilter(country="SY", start="2022", end="2022"),  # nothing
]


def check_stats(store, filters=FILTERS) -> None:
    rows = stored_rows(store)
    for f in filters:
        for by in ("week", "month", "year"):
            assert as_lists(store.stats(f, by=by)) == recount_stats(rows, f, by), (f, by)
    if store.dialect == "postgres":
        for period in ("month", "week"):
            assert tallies(store, period) == recount_tallies(store, period), period
        assert actor_tallies(store) == recount_actor_tallies(store)
        # the narrow tallies: the wide recount summed by actor, months and status
        assert actor_month_tallies(store) == _sum_by(recount_actor_tallies(store), (0, 1, 2, 6), 7)


def _sum_by(rows: list[tuple], key: tuple[int, ...], value: int) -> list[tuple]:
    out: dict[tuple, int] = {}
    for r in rows:
        k = tuple(r[i] for i in key)
        out[k] = out.get(k, 0) + int(r[value])
    return sorted(k + (str(v),) for k, v in out.items() if v)


def actor_month_tallies(store) -> list[tuple]:
    return sorted(
        (tuple(str(v) for v in r.values()) for r in store._dicts(
            "SELECT actor_id, month_lo, month_hi, status, events FROM event_actor_month_tallies WHERE events <> 0")),
    )


def actor_tallies(store) -> list[tuple]:
    return sorted(
        (tuple(str(v) for v in r.values()) for r in store._dicts(
            "SELECT actor_id, month_lo, month_hi, type, admin1, country, status, events, corroboration, fatalities "
            "FROM event_actor_tallies WHERE events <> 0")),
    )


def recount_actor_tallies(store) -> list[tuple]:
    """Each event counted once for each distinct actor it names."""
    return sorted(
        (tuple(str(v) for v in r.values()) for r in store._dicts(
            "SELECT actor_id, date_trunc('month', day_lo)::date AS lo, date_trunc('month', day_hi)::date AS hi, "
            "type, admin1, country, status, count(*) AS n, sum(corroboration) AS c, sum(COALESCE(fatalities, 0)) AS f "
            "FROM (SELECT source_actor_id AS actor_id, * FROM events WHERE source_actor_id IS NOT NULL "
            "UNION ALL SELECT target_actor_id AS actor_id, * FROM events WHERE target_actor_id IS NOT NULL "
            "AND target_actor_id IS DISTINCT FROM source_actor_id) e GROUP BY 1, 2, 3, 4, 5, 6, 7")),
    )


def tallies(store, period: str = "month") -> list[tuple]:
    table = "event_tallies" if period == "month" else "event_week_tallies"
    return sorted(
        (tuple(str(v) for v in r.values()) for r in store._dicts(
            f"SELECT {period}_lo, {period}_hi, type, admin1, country, status, events, corroboration, fatalities "
            f"FROM {table} WHERE events <> 0")),
    )


def recount_tallies(store, period: str = "month") -> list[tuple]:
    return sorted(
        (tuple(str(v) for v in r.values()) for r in store._dicts(
            f"SELECT date_trunc('{period}', day_lo)::date AS lo, date_trunc('{period}', day_hi)::date AS hi, type, "
            "admin1, country, status, count(*) AS n, sum(corroboration) AS c, sum(COALESCE(fatalities, 0)) AS f "
            "FROM events GROUP BY 1, 2, 3, 4, 5, 6")),
    )


def walk(store, f: EventFilter, limit: int, by_id: bool = False) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(1000):
        page = store.events(f, limit=limit, cursor=cursor)
        seen += page["id"].tolist()
        cursor = page.attrs["cursor"]
        if not cursor:
            return seen
        if by_id:
            cursor = page["id"].iloc[-1]
    raise AssertionError("the cursor does not advance")


# --------------------------------------------------------------------------- pages


def test_pages_list_the_recount_in_order_with_ties_and_undated_events(store):
    store.insert_frame("events", synthetic_rows())
    rows = stored_rows(store)
    assert sum(r["day_lo"] is None for r in rows) >= 10
    for f in FILTERS:
        expected = recount_order(rows, f)
        assert store.events(f, limit=1000)["id"].tolist() == expected, f
        for limit in (1, 7, 25):
            assert walk(store, f, limit) == expected, (f, limit)
        assert walk(store, f, 9, by_id=True) == expected, f
        # a page that starts after any event, its id as the cursor
        for i in range(0, len(expected), 17):
            page = store.events(f, limit=5, cursor=expected[i])
            assert page["id"].tolist() == expected[i + 1 : i + 6], (f, i)


def test_a_page_can_read_some_columns_only(store):
    store.insert_frame("events", synthetic_rows(40))
    full = store.events(limit=12)
    some = store.events(limit=12, columns=["status", "type", "status"])
    assert list(some.columns) == ["id", "status", "type"]
    assert some.equals(full[["id", "status", "type"]]) and some.attrs["cursor"] == full.attrs["cursor"]
    with pytest.raises(StoreError, match="colour"):
        store.events(columns=["colour"])


# --------------------------------------------------------------------------- stats


def test_stats_equal_a_recount_of_the_rows(store):
    store.insert_frame("events", synthetic_rows())
    check_stats(store)
    if store.dialect == "postgres":  # the tallies answer these, and only these
        assert store._tallied(EventFilter(type="ASSAULT", start="2023-11", end="2024"), "month")
        assert store._tallied(EventFilter(admin1="homs", status="merged"), "year")
        assert not store._tallied(EventFilter(end="2023-11-29"), "month")
        assert store._tallied(EventFilter(end="2023-11-30"), "month")
        assert not store._tallied(EventFilter(min_corroboration=2), "month")
        # weeks: from a Monday to a Sunday (migration 18)
        assert store._tallied(EventFilter(), "week")
        assert store._tallied(EventFilter(start="2023-11-27", end="2023-12-03", type="ASSAULT"), "week")
        assert not store._tallied(EventFilter(start="2023-11-28"), "week")
        assert not store._tallied(EventFilter(end="2023-11-30"), "week")
        assert not store._tallied(EventFilter(start="2023-11"), "week")  # a Wednesday
        assert not store._tallied(EventFilter(actor="actor-1"), "week")
        # one actor's months (migration 20), not with its affiliates, nor with other filters
        assert "event_actor_tallies" in store._tallied(EventFilter(actor="actor-1", type="ASSAULT"), "month")
        assert not store._tallied(EventFilter(actor="actor-1", include_affiliates=True), "month")
        assert not store._tallied(EventFilter(actor="actor-1", min_corroboration=2), "year")
    else:
        assert not store._tallied(EventFilter(), "month")


KH = ActorRef("kataib-hezbollah", "Kataib Hezbollah")
US = ActorRef("us-forces", "U.S. forces")
PLACES = [PlaceRef(id="p-baghdad", name="Baghdad airport", admin1="Baghdad", country="IQ"),
          PlaceRef(id="p-homs", name="Homs", admin1="Homs", country="SY"),
          PlaceRef(id=None, name="Jordan", admin1=None, country="JO")]


def report(i: int, date_: str | None, kind: str = "ASSAULT", fatalities: int | None = None, words: str = ""):
    """One document with one event: its own place, day and actors, so that reports fuse only when
    they say the same thing."""
    text = f"Report {i}: an incident at site {i}{words}."
    place = PLACES[i % len(PLACES)]
    precision = None if date_ is None else {10: "day", 7: "month", 4: "year"}[len(date_)]
    event = Event(type=kind, date=date_, date_precision=precision, evidence=Mention(text, 0, len(text)),
                  location=place, source_actor=KH if i % 2 else None, target_actor=US, fatalities=fatalities,
                  confidence=0.7)
    doc = Document(id=f"d{i:03d}", text=text, published="2024-03-01", title=f"Report {i}", source=f"desk {i % 3}")
    rep = Report(document=DocumentInfo(id=doc.id, sha256=doc.sha256, title=doc.title, published=doc.published),
                 events=[event], extractor="tests@1")
    return doc, rep


def ingested(store):
    dates = ["2024-01-28", "2024-01-28", "2024-01-29", "2024-01", "2023", None, "2023-12-31", "2024-02-01",
             None, "2024-02-29", "2023-11-30", "2024-01-28"]
    kinds = ["ASSAULT", "PROTEST", "COERCE"]
    store.ingest([report(i, d, kinds[i % 3], fatalities=i % 4 or None) for i, d in enumerate(dates)])
    return store.events(limit=1000)["id"].tolist()


def test_stats_stay_equal_to_a_recount_through_review_merge_undo_and_revisions(store):
    ids = ingested(store)
    check_stats(store)
    confirm = store.review("event", ids[0], "confirm", user="ana")
    store.review("event", ids[1], "reject", user="ana")
    store.review("event", ids[2], "edit", field="type", value="PROTEST", user="ana")
    moved = store.review("event", ids[3], "edit", field="date", value="2022-06", user="ana")
    store.review("event", ids[4], "edit", field="admin1", value="Erbil", user="ana")
    store.review("event", ids[5], "edit", field="fatalities", value=7, user="ana")
    check_stats(store)
    merged = store.merge("event", ids[6], ids[7], user="bo")
    check_stats(store)
    store.undo(merged, user="bo")
    store.undo(moved["audit_id"], user="bo")
    store.undo(confirm["audit_id"], user="bo")
    check_stats(store)
    doc, rep = report(3, "2024-01", words=" and more")  # a new revision of a document
    assert store.ingest([(doc, rep)]).revised == 1
    store.ingest([report(40 + i, "2024-02-03", "ASSAULT", 1) for i in range(3)])
    check_stats(store)
    # and the pages follow the recount after all of it
    assert walk(store, EventFilter(), 4) == recount_order(stored_rows(store), EventFilter())


def test_an_older_store_gets_tallies_that_equal_a_recount(store_location):
    old = store_location.open(target_version=7)
    old.insert_frame("events", synthetic_rows(60))
    old.close()
    store = store_location.open()
    check_stats(store, FILTERS[:4])


def recount_counts(rows: list[dict], f: EventFilter, keys: tuple, top: int | None) -> list[tuple]:
    """``counts(f, by=keys, period="month", top=top)`` recounted: each side of an event counts for
    its actor (once when both sides are the same actor); the ``top`` combinations of the keys other
    than period by events, ties by key; rows by period, then most events, then key (NULL last)."""
    def side_values(r):
        if "actor" not in keys:
            return [None]
        ends = [r["source_actor_id"]]
        if r["source_actor_id"] is None or r["target_actor_id"] != r["source_actor_id"]:
            ends.append(r["target_actor_id"])
        return [a for a in ends if a is not None]

    def nulls_last(v):
        return (v is None, v if v is not None else "")

    f = f.checked()
    n: dict = {}
    for r in rows:
        if not matches(r, f) or ("period" in keys and r["day_lo"] is None):
            continue
        for actor in side_values(r):
            key = tuple(period(r["day_lo"], "month") if k == "period" else actor if k == "actor" else r[k]
                        for k in keys)
            n[key] = n.get(key, 0) + 1
    rest = [i for i, k in enumerate(keys) if k != "period"]
    if top and rest:
        totals: dict = {}
        for key, c in n.items():
            sub = tuple(key[i] for i in rest)
            totals[sub] = totals.get(sub, 0) + c
        best = sorted(totals, key=lambda sub: (-totals[sub], *map(nulls_last, sub)))[:top]
        n = {key: c for key, c in n.items() if tuple(key[i] for i in rest) in best}
    p = keys.index("period") if "period" in keys else None
    return sorted(((*key, c) for key, c in n.items()),
                  key=lambda t: (*((t[p],) if p is not None else ()), -t[-1], *(nulls_last(t[i]) for i in rest)))


def test_counts_equal_a_recount_of_the_rows(store):
    store.insert_frame("events", synthetic_rows())
    rows = stored_rows(store)
    filters = (EventFilter(), EventFilter(type="ASSAULT"), EventFilter(status=["merged", "rejected"]),
               EventFilter(actor="actor-1"), EventFilter(start="2023-11", end="2024-01", country="IQ"))
    if store.dialect == "postgres":  # these read the actor tallies (migration 20), narrow or wide
        assert store._actor_counts_tallied(EventFilter(), ["period", "actor"], "month").find("event_actor_month") > 0
        assert "event_actor_tallies" in store._actor_counts_tallied(EventFilter(type="ASSAULT"), ["period", "actor"], "month")
        assert store._actor_counts_tallied(EventFilter(min_corroboration=2), ["period", "actor"], "month") is None
        assert store._actor_counts_tallied(EventFilter(), ["period", "actor"], "week") is None
    for f in filters:
        for keys, top in ((("period", "actor"), 3), (("period", "actor"), None), (("admin1", "status"), 2),
                          (("type",), None), (("period", "country"), 1), (("period", "actor", "status"), 4),
                          (("actor", "type"), None)):
            got = store.counts(f, by=keys, period="month", top=top)
            got_rows = [tuple(None if v != v else v for v in r)  # a missing key may come back as NaN
                        for r in got[list(keys) + ["n"]].itertuples(index=False, name=None)]
            assert got_rows == recount_counts(rows, f, keys, top), (f, keys, top)

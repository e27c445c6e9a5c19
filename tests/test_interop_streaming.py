"""Exports read the store in batches and write as they read: the output does not depend on the
batch size, events come newest first (as ``store.events`` orders them) through every window and
keyset page, Python memory stays flat as the store grows, and the API streams the same bytes."""

from __future__ import annotations

import json
import math
import threading
import tracemalloc
from datetime import date, timedelta

import pandas as pd
import pytest

from marsad.interop.exports import chunks, export
from marsad.interop.stream import Reader
from marsad.store import EventFilter

TYPES = ("ASSAULT", "COERCE", "PROTEST", "AGREE", "ACCUSE")
ADMIN1 = ("Baghdad", "Anbar", "Basra", "Nineveh")


def synthetic(store, n: int, *, actors: int = 30, days: int = 700, heavy_day: int = 0, undated: int = 0,
              start: int = 0) -> None:
    """``n`` events over ``days`` days from 2022 (``heavy_day`` of them on one day, ``undated``
    without a date), between ``actors`` actors whose names need escaping in CSV and XML."""
    rows = []
    first = date(2022, 1, 1)
    for i in range(start, start + n):
        k = i - start
        day = None if k < undated else (date(2023, 6, 1) if k < undated + heavy_day else first + timedelta(days=(i * 37) % days))
        s, t = (i * 7) % actors, (i * 11 + 1) % actors
        rows.append({
            "id": f"ev-{(i * 7919) % 1_000_003:07d}-{i}", "type": TYPES[i % len(TYPES)], "mode": None,
            "date": day.isoformat() if day else None, "date_precision": "day" if day else None,
            "day_lo": day, "day_hi": day, "place_id": f"pl-{i % 9}", "place_name": f"Place {i % 9}",
            "admin1": ADMIN1[i % len(ADMIN1)], "country": "IQ",
            "lat": 33.0 + (i % 50) / 100, "lon": 44.0 + (i % 30) / 100,
            "source_actor_id": f"unk-a{s}", "source_actor_name": f'Group {s} & "Sons" <{s}>',
            "target_actor_id": f"unk-a{t}", "target_actor_name": f"Group {t} & Co, <{t}>",
            "fatalities": i % 4, "certainty": "asserted", "confidence": 0.5, "status": "draft", "credibility": 6,
            "corroboration": 1 + i % 3, "first_reported": day.isoformat() if day else None,
        })
    df = pd.DataFrame(rows)
    df["day_lo"] = df["day_lo"].astype(object)
    df["day_hi"] = df["day_hi"].astype(object)
    store.insert_frame("events", df)


@pytest.fixture
def busy(store):
    """180 events: 25 on one day (more than a small batch), 7 undated, the rest spread out."""
    synthetic(store, 180, heavy_day=25, undated=7)
    return store


def _text(store, fmt, f=None, size=10**6, progress=None, **kw) -> str:
    return "".join(chunks(store, fmt, f, size=size, progress=progress, **kw))


@pytest.mark.parametrize("fmt", ["acled", "geojson", "stix", "graphml"])
def test_batches_change_nothing_in_the_output(busy, fmt):
    whole = _text(busy, fmt, as_of="2030-01-01" if fmt == "graphml" else None)
    for size in (1, 4) if fmt == "geojson" else (4,):
        seen: list[int] = []
        assert _text(busy, fmt, size=size, progress=seen.append,
                     as_of="2030-01-01" if fmt == "graphml" else None) == whole
        if fmt != "graphml":  # graphml's batches are actor pairs; it counts their events
            assert max(seen) <= size
        # several reads, and every event read once (ACLED rows need a date: the 173 dated events)
        expected = busy.count_events(EventFilter(start="2000") if fmt == "acled" else None)
        assert sum(seen) == expected
        assert len(seen) >= (2 if fmt == "graphml" else math.ceil(expected / size))


def test_events_come_newest_first_through_windows_and_pages(busy):
    ids = busy.events(limit=1000)["id"].tolist()  # the store's own order: newest first, then id
    assert len(ids) == 180
    for size in (1, 4, 10, 1000):
        data = json.loads(_text(busy, "geojson", size=size))
        assert [ft["id"] for ft in data["features"]] == ids
    f = EventFilter(start="2022-06-01", type="ASSAULT")
    data = json.loads(_text(busy, "geojson", f, size=3))
    assert [ft["id"] for ft in data["features"]] == busy.events(f, limit=1000)["id"].tolist()


def test_reader_windows_respect_the_batch_size(busy):
    with Reader(busy, 4) as rd:
        batches = list(rd.ordered("SELECT id, day_lo AS _w, id AS _k FROM events", []))
    assert all(0 < len(b) <= 4 for b in batches)
    flat = [r["id"] for b in batches for r in b]
    assert flat == busy.events(limit=1000)["id"].tolist()
    # the heavy day is read in keyset pages of 4, its 25 rows in 7 pages
    heavy = [b for b in batches if {r["_w"] for r in b} == {date(2023, 6, 1)}]
    assert sum(len(b) for b in heavy) == 25 and len(heavy) == 7
    with pytest.raises(ValueError):
        Reader(busy, 0)


def test_lookups_by_keys_hold_nothing_after_they_return(busy):
    """rows_in finds the rows of a batch's keys, and what a lookup allocates (an Arrow table of
    keys, say) is let go when it returns, though the export's transaction is still open."""
    import pyarrow as pa

    ids = busy.events(limit=1000)["id"].tolist()
    with Reader(busy, 50) as rd:
        assert rd.rows_in("SELECT id FROM events WHERE id IN {in_}", []) == []
        found = rd.rows_in("SELECT id FROM events WHERE id IN {in_} ORDER BY id", [*ids[:40], ids[0], "no-such"])
        assert [r["id"] for r in found] == sorted(ids[:40])
        before = pa.total_allocated_bytes()
        for i in range(30):
            keys = [f"{k}-{i}-{'x' * 200}" for k in ids] + ids[i:i + 3]
            assert len(rd.rows_in("SELECT id FROM events WHERE id IN {in_}", keys)) == 3
        assert pa.total_allocated_bytes() - before < 64 * 1024


def test_geojson_stream_is_valid_geojson(busy):
    import jsonschema
    from geojson_pydantic import FeatureCollection

    data = json.loads(_text(busy, "geojson", size=3))
    jsonschema.validate(data, FeatureCollection.model_json_schema())
    FeatureCollection.model_validate(data)
    assert len(data["features"]) == 180


def test_stix_stream_validates(busy):
    import stix2

    from marsad.interop.stix import EVENT_TYPE, validate_bundle

    text = _text(busy, "stix", EventFilter(admin1="Basra"), size=2)
    result = validate_bundle(text)
    assert result.is_valid, [str(e) for e in result.errors][:5]
    objs = stix2.parse(text, allow_custom=True).objects
    assert sum(o["type"] == EVENT_TYPE for o in objs) == busy.count_events(EventFilter(admin1="Basra"))


def test_graphml_stream_reads_back_in_networkx(busy, tmp_path):
    import networkx as nx

    out = tmp_path / "net.graphml"
    counts = export(busy, "graphml", out, as_of="2030-01-01", size=3)
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.number_of_nodes() == counts["nodes"] and g.number_of_edges() == counts["edges"]
    ev = busy.events(limit=1000)
    pairs: dict[tuple[str, str], int] = {}
    for s, t in zip(ev.source_actor_id, ev.target_actor_id, strict=True):
        if s != t:
            key = (min(s, t), max(s, t))
            pairs[key] = pairs.get(key, 0) + 1
    got = {(u, v): d["weight"] for u, v, d in g.edges(data=True) if d["type"] == "co_event"}
    assert got == pairs  # one edge per pair, lower id first, weight = its events
    names: dict[str, set[str]] = {}
    for side in ("source", "target"):
        for a, n in zip(ev[f"{side}_actor_id"], ev[f"{side}_actor_name"], strict=True):
            names.setdefault(a, set()).add(n)
    assert set(g.nodes) == set(names)
    assert all(g.nodes[a]["name"] in n for a, n in names.items())  # escaped, and read back whole
    assert g.graph["as_of"] == "2030-01-01"


def test_parquet_batches_are_row_groups(busy, tmp_path):
    import pyarrow.parquet as pq

    seen: list[int] = []
    counts = export(busy, "parquet", tmp_path / "small", size=16, progress=seen.append)
    export(busy, "parquet", tmp_path / "whole")
    small = pq.ParquetFile(tmp_path / "small" / "events" / "part-00000.parquet")
    assert small.metadata.num_row_groups == math.ceil(180 / 16) and counts["events"] == 180
    a = pq.read_table(tmp_path / "small" / "events").to_pandas().sort_values("id", ignore_index=True)
    b = pq.read_table(tmp_path / "whole" / "events").to_pandas().sort_values("id", ignore_index=True)
    pd.testing.assert_frame_equal(a, b)
    assert max(seen) <= 16


def _peak(store, fmt: str, size: int) -> int:
    """Python's peak allocation over a second export (the first one fills first-use caches)."""
    as_of = "2030-01-01" if fmt == "graphml" else None
    for chunk in chunks(store, fmt, EventFilter(admin1="Basra"), size=size, as_of=as_of):
        del chunk
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    for chunk in chunks(store, fmt, size=size, as_of=as_of):
        del chunk  # written and let go, as a file or a response would
    return tracemalloc.get_traced_memory()[1] - base


@pytest.mark.parametrize("fmt", ["acled", "geojson", "stix", "graphml"])
def test_memory_does_not_grow_with_the_events(tmp_path, fmt):
    """Python's peak while exporting a store, then the same store with ten times the events, stays
    about the same: each batch is let go before the next is read. (Both stores span the same 50
    days: what an export keeps is one count per day, and a batch.)"""
    from marsad.store import open_store

    n, size = (100, 20) if fmt == "stix" else (300, 50)  # stix2 objects are slow to build
    with open_store(str(tmp_path / "m.duckdb")) as store:
        synthetic(store, n, days=50)
        tracemalloc.start()
        try:
            small = _peak(store, fmt, size)
            synthetic(store, 9 * n, days=50, start=n)
            large = _peak(store, fmt, size)
        finally:
            tracemalloc.stop()
    assert large < 1.6 * small, (small, large)


def test_api_stream_stops_when_the_client_goes_away(busy):
    from marsad.server.deps import StoreGate
    from marsad.server.routes.exports import stream_export

    seen: list[int] = []
    body = stream_export(StoreGate(store=busy), lambda s: chunks(s, "geojson", size=1, progress=seen.append))
    first = next(body)
    assert first.startswith(b'{"type":"FeatureCollection"')
    body.close()
    for t in threading.enumerate():
        if t.name == "marsad-export":
            t.join(timeout=30)
    assert not any(t.name == "marsad-export" for t in threading.enumerate())
    assert sum(seen) < 180  # the export stopped early: at most the queue's few batches were read
    # the store is free again: a whole export runs
    assert len(json.loads(_text(busy, "geojson"))["features"]) == 180

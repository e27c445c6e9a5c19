"""/api/network's co-participation counted by the database (``Store.co_participation``) gives the
very graph that counting the events one by one in Python gives, on each backend: every filter,
a limit that cuts the events short, ``as_of``, and a clearance that hides some sources."""

from __future__ import annotations

import json

import pytest

from marsad.server.network import EDGE_TYPES, EVENT_EDGE_COLUMNS, build_network
from marsad.store import EventFilter
from test_api import small_pack
from test_markings import marked_corpus

FILTERS = [EventFilter(), EventFilter(type="ASSAULT"), EventFilter(start="2024-02", end="2024-12"),
           EventFilter(country="IQ", status="draft"), EventFilter(actor="us-forces")]


@pytest.fixture(scope="module")
def filled(module_store_location):
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(marked_corpus())
    first = store.events(limit=1)["id"].iloc[0]
    store.review("event", first, "reject", user="test")  # rejected events are left out of the graph
    return store


@pytest.mark.parametrize("clearance", [None, "GREEN", "AMBER"])
def test_counted_pairs_give_the_same_graph(filled, clearance):
    view = filled.cleared(clearance)
    affs, acts = view.affiliations(), view.actors(limit=20_000, count_events=False)
    compared = 0
    for f in FILTERS:
        for limit in (2, 3, 20_000):
            for as_of in (None, "2024-02-05", "2023"):
                events = view.events(f, limit=limit, columns=EVENT_EDGE_COLUMNS)
                pairs = view.co_participation(f, limit=limit, days=bool(as_of))
                one_by_one = build_network(affs, events, acts, as_of=as_of, types=EDGE_TYPES)
                counted = build_network(affs, None, acts, as_of=as_of, types=EDGE_TYPES, pairs=pairs)
                assert json.dumps(counted, sort_keys=True) == json.dumps(one_by_one, sort_keys=True), (f, limit, as_of)
                assert sum(p[-1] for p in pairs) == len(events)
                compared += any(e["type"] == "co_event" for e in counted["edges"])
    assert compared  # some of the graphs had co-participation edges to compare


def test_pairs_are_counted_in_order_of_first_appearance(filled):
    events = filled.events(limit=20_000, columns=EVENT_EDGE_COLUMNS)
    pairs = filled.co_participation(limit=20_000, days=True)
    seen = []
    for r in events.itertuples(index=False):
        key = (r.status, r.date, r.source_actor_id, r.target_actor_id, r.source_actor_name, r.target_actor_name)
        key = tuple(None if v != v else v for v in key)  # pandas' missing values as None
        if key not in seen:
            seen.append(key)
    assert [p[:6] for p in pairs] == seen
    assert sum(p[6] for p in pairs) == len(events)

"""The server's answer cache (marsad/server/cache.py) on each backend: a repeated question is
answered from memory with the very answer computed for it; every write, through the server or
through another store on the same database (as another process would), is seen by the next
answer; and what one clearance was shown is never served to a lower one."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from marsad.auth import accounts
from marsad.config import Settings
from marsad.server.app import create_app
from marsad.server.cache import ResponseCache
from marsad.store import EventFilter
from test_api import small_pack
from test_markings import marked_corpus
from test_team_api import BASE, SECRET

CACHED = ["/api/stats", "/api/stats?by=year&group=actor", "/api/network", "/api/events?limit=3",
          "/api/events?limit=50&type=ASSAULT"]


@pytest.fixture(scope="module")
def served(module_store_location):
    """A team app over the marked corpus, a token per clearance, and a second store object on the
    same database (a writer the server knows nothing of)."""
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(marked_corpus())
    tokens = {}
    for name, clearance in (("gus", "GREEN"), ("red", "RED")):
        accounts.add_user(store, name, "analyst", "cache-test-password", actor="test", clearance=clearance)
        tokens[name] = {"Authorization": f"Bearer {accounts.create_token(store, name, '1d', actor='test')['token']}"}
    app = create_app(Settings(db=module_store_location.url, team=True, secret_key=SECRET), store=store)
    other = module_store_location.open()
    return TestClient(app, base_url=BASE), app, store, other, tokens


def test_a_repeated_question_is_answered_from_memory(served):
    client, app, _, _, tokens = served
    cache: ResponseCache = app.state.response_cache
    for path in CACHED:  # the first page of events makes the store's cursor key (a write) once
        client.get(path, headers=tokens["red"])
    for path in CACHED:
        first = client.get(path, headers=tokens["red"])
        assert first.status_code == 200, first.text
        hits = cache.hits
        again = client.get(path, headers=tokens["red"])
        assert again.status_code == 200 and again.content == first.content
        assert cache.hits == hits + 1, path
        assert again.headers["content-type"] == "application/json"


def test_every_write_is_seen_by_the_next_answer(served):
    client, _, store, other, tokens = served
    red = tokens["red"]
    ev = client.get("/api/events?limit=1", headers=red).json()["items"][0]["id"]

    def statuses():
        rejected = client.get("/api/events?limit=50&status=rejected", headers=red).json()["items"]
        return {e["id"] for e in rejected}

    before = statuses()
    assert ev not in before and statuses() == before  # the second is a hit
    # a write through the server
    r = client.post(f"/api/review/event/{ev}/reject", json={}, headers=red)
    assert r.status_code == 200, r.text
    assert ev in statuses()
    # undone by a writer the server knows nothing of (another process, the command line)
    other.undo(r.json()["audit_id"], user="cli")
    assert ev not in statuses()
    n = client.get("/api/stats", headers=red).json()["totals"]["events"]
    other.review("event", ev, "edit", user="cli", field="fatalities", value=99)
    after = client.get("/api/stats", headers=red).json()["totals"]
    assert after["events"] == n and after["fatalities"] == store.stats()["totals"]["fatalities"]


def test_what_red_was_shown_is_never_served_to_green(served):
    client, _, store, _, tokens = served
    for path in CACHED:
        red = client.get(path, headers=tokens["red"])  # RED asks first and fills the cache
        green = client.get(path, headers=tokens["gus"])
        assert red.status_code == green.status_code == 200
        assert client.get(path, headers=tokens["gus"]).content == green.content  # GREEN's own entry
    green_stats = client.get("/api/stats", headers=tokens["gus"]).json()
    red_stats = client.get("/api/stats", headers=tokens["red"]).json()
    assert green_stats["totals"]["events"] == store.cleared("GREEN").count_events()
    assert red_stats["totals"]["events"] == store.count_events()
    assert green_stats["totals"]["events"] < red_stats["totals"]["events"]
    green_ids = {e["id"] for e in client.get("/api/events?limit=3", headers=tokens["gus"]).json()["items"]}
    assert green_ids <= set(store.cleared("GREEN").events(limit=1000)["id"])
    red_only = set(store.events(limit=1000)["id"]) - set(store.cleared("GREEN").events(limit=1000)["id"])
    assert red_only and not red_only & green_ids
    nodes = {n["id"] for n in client.get("/api/network", headers=tokens["gus"]).json()["nodes"]}
    assert "liwa-qamar" not in nodes  # named only in a RED report
    assert "liwa-qamar" in {n["id"] for n in client.get("/api/network", headers=tokens["red"]).json()["nodes"]}


def test_clients_asking_together_get_one_computation(served):
    client, app, store, other, tokens = served
    cache: ResponseCache = app.state.response_cache
    other.review("event", store.events(limit=1)["id"].iloc[0], "confirm", user="cli")  # a new version
    misses = cache.misses
    answers: list = []

    def ask():
        answers.append(client.get("/api/network?min_weight=1", headers=tokens["red"]))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(answers) == 6 and {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert cache.misses == misses + 1


def test_the_cache_keeps_within_its_bounds():
    cache = ResponseCache(max_entries=3, max_bytes=1000)
    for i in range(10):
        assert cache.answer(("k", i), 1, lambda i=i: {"i": i}) == b'{"i":%d}' % i
    assert len(cache._entries) == 3
    calls = []
    body = cache.answer(("k", 9), 1, lambda: calls.append(1) or {"i": -1})
    assert body == b'{"i":9}' and calls == []
    assert cache.answer(("k", 9), 2, lambda: {"i": 2}) == b'{"i":2}'  # another version: computed
    big = cache.answer(("big",), 1, lambda: {"x": "y" * 900})
    assert ("big",) not in cache._entries and big.startswith(b'{"x":')  # too big to keep
    assert cache.answer(("none",), None, lambda: [1]) == b"[1]"  # no data version: never kept
    assert ("none",) not in cache._entries


def test_the_data_version_moves_with_every_write_transaction(store):
    v0 = store.data_version()
    assert isinstance(v0, int)
    store.load_pack(small_pack())
    v1 = store.data_version()
    assert v1 > v0
    assert store.data_version() == v1  # reading does not move it
    try:
        with store._tx():
            store._exec("UPDATE events SET status = 'confirmed'")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert store.data_version() == v1  # a rolled-back write leaves it
    store.count_events(EventFilter(type="ASSAULT"))
    assert store.cleared("GREEN").data_version() == v1


def _status_of(client, headers, event_id):
    return client.get(f"/api/events/{event_id}", headers=headers).json()["status"]


def test_a_review_keeps_the_answers_that_did_not_read_its_event(served):
    client, app, store, other, tokens = served
    red = tokens["red"]
    cache: ResponseCache = app.state.response_cache
    items = client.get("/api/events?limit=50", headers=red).json()["items"]
    page, stats, by_status = "/api/events?limit=1", "/api/stats?by=year", "/api/events?limit=50&status=rejected"
    shown = client.get(page, headers=red).json()["items"][0]["id"]
    target = next(e["id"] for e in reversed(items) if e["id"] != shown and e["status"] not in ("rejected", "merged"))
    before = {path: client.get(path, headers=red).content for path in (page, stats, by_status)}
    kept = cache.kept
    done = client.post(f"/api/review/event/{target}/reject", json={}, headers=red)
    assert done.status_code == 200, done.text
    # the page does not show the event and the counts are not by status: both kept as they were
    assert client.get(page, headers=red).content == before[page]
    assert client.get(stats, headers=red).content == before[stats]
    assert cache.kept == kept + 2
    # a list filtered on status is computed again, and holds the event now
    assert target in {e["id"] for e in client.get(by_status, headers=red).json()["items"]}
    # what was kept is what computing again gives
    cache.clear()
    assert client.get(page, headers=red).content == before[page]
    assert client.get(stats, headers=red).content == before[stats]
    # a review of the event a page shows changes that page at once, through another store too
    again = other.review("event", shown, "reject", user="cli")
    assert client.get(page, headers=red).json()["items"][0]["status"] == "rejected"
    other.undo(again["audit_id"], user="cli")
    assert client.get(page, headers=red).json()["items"][0]["status"] == _status_of(client, red, shown)
    client.post(f"/api/review/undo/{done.json()['audit_id']}", json={}, headers=red)
    assert target not in {e["id"] for e in client.get(by_status, headers=red).json()["items"]}


def test_a_rejection_among_the_events_of_a_network_computes_it_again(served):
    client, app, store, other, tokens = served
    red = tokens["red"]
    cache: ResponseCache = app.state.response_cache
    events = store.events(limit=1000)
    paired = events[events["source_actor_id"].notna() & events["target_actor_id"].notna()
                     & (events["source_actor_id"] != events["target_actor_id"])
                     & ~events["status"].isin(["rejected", "merged"])]
    assert len(paired), "the corpus has an event between two actors"
    event = paired.iloc[0]
    others = sorted(set(events["type"]) - {event["type"]})
    assert others, "the corpus has events of two types"
    wide, narrow = "/api/network", f"/api/network?type={others[0]}"
    before = {path: client.get(path, headers=red).content for path in (wide, narrow)}
    kept = cache.kept
    done = other.review("event", event["id"], "reject", user="cli")
    after = client.get(wide, headers=red).content
    assert after != before[wide]  # the event's link lost its weight
    assert client.get(narrow, headers=red).content == before[narrow]  # an event of another type
    assert cache.kept == kept + 1
    cache.clear()
    assert client.get(wide, headers=red).content == after
    assert client.get(narrow, headers=red).content == before[narrow]
    other.undo(done["audit_id"], user="cli")
    assert client.get(wide, headers=red).content == before[wide]


def test_writes_declare_what_they_change(module_store_location):
    store = module_store_location.open()
    if not len(store.events(limit=1)):
        store.load_pack(small_pack())
        store.ingest(marked_corpus())
    event = store.events(limit=50)
    event = event[~event["status"].isin(["rejected", "merged"])].iloc[0]
    v0 = store.data_version()
    done = store.review("event", event["id"], "reject", user="t")
    assert store.data_changes(v0, v0 + 5) == {v0 + 1: ("event-status", event["id"], f"{event['status']}>rejected")}
    store.undo(done["audit_id"], user="t")
    assert store.data_changes(v0 + 1, v0 + 5) == {v0 + 2: ("event-status", event["id"], f"rejected>{event['status']}")}
    edit = store.review("event", event["id"], "edit", user="t", field="fatalities", value=4)
    assert store.data_version() == v0 + 3 and store.data_changes(v0 + 2, v0 + 3) == {}  # may change anything
    store.undo(edit["audit_id"], user="t")
    try:
        with store._tx():
            store._exec("UPDATE events SET status = 'rejected' WHERE id = ?", (event["id"],))
            store._declare_change("event-status", event["id"], "draft>rejected")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert store.data_version() == v0 + 4 and store.data_changes(v0 + 4, v0 + 10) == {}

"""API parts that need no store: errors, boundaries, offline docs, static assets, the network builder."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.errors import NotFound, StoreError
from marsad.server.app import create_app, vendor_dir
from marsad.server.network import build_network, layout


class RefusingStore:
    """Answers like a store that has nothing, and records what it was asked."""

    def __init__(self):
        self.calls = []

    def close(self):
        pass

    def document(self, doc_id):
        self.calls.append(("document", doc_id))
        raise NotFound(f"no document {doc_id!r}")

    def actors(self, query=None, kind=None, limit=100, cursor=None):
        self.calls.append(("actors", query))
        raise StoreError("the store refused this query")

    def audit(self, fact_id=None, limit=100):
        raise RuntimeError("boom")


@pytest.fixture()
def app_store():
    store = RefusingStore()
    return TestClient(
        create_app(Settings.load(env={}), store), raise_server_exceptions=False
    ), store


def test_store_errors_map_to_400_and_404(app_store):
    client, _ = app_store
    r = client.get("/api/documents/x")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "E404", "message": "no document 'x'"}}
    r = client.get("/api/actors")
    assert r.status_code == 400 and r.json()["error"]["message"] == "the store refused this query"


def test_unexpected_errors_keep_the_error_shape(app_store):
    client, _ = app_store
    r = client.get("/api/audit")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "E500"


def test_validation_happens_before_the_store(app_store):
    client, store = app_store
    r = client.get("/api/actors", params={"kind": "wizard"})
    assert r.status_code == 400 and "kind" in r.json()["error"]["message"]
    r = client.get("/api/events", params={"type": "assault,NOPE"})
    assert r.status_code == 400 and "NOPE" in r.json()["error"]["message"]
    assert store.calls == []


def test_unknown_path_and_method(app_store):
    client, _ = app_store
    r = client.get("/api/unknown")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E404"
    r = client.delete("/api/events")
    assert r.status_code == 405 and "error" in r.json()


def test_boundaries_served(app_store):
    client, _ = app_store
    from importlib import resources

    if not (resources.files("marsad") / "data" / "boundaries" / "IQ_adm1.geojson").is_file():
        pytest.skip("boundary files not bundled yet")
    for c in ("IQ", "SY", "JO", "iq"):
        r = client.get(f"/api/geo/{c}/adm1")
        assert r.status_code == 200
        fc = r.json()
        assert fc["type"] == "FeatureCollection" and fc["features"]
    assert client.get("/api/geo/IQ/adm2").status_code == 200
    assert client.get("/api/geo/SY/adm2").status_code == 404
    assert "CC BY" in client.get("/api/geo/attribution").json()["markdown"]


def test_boundaries_bad_parameters(app_store):
    client, _ = app_store
    r = client.get("/api/geo/FR/adm1")
    assert r.status_code == 400 and "FR" in r.json()["error"]["message"]
    r = client.get("/api/geo/IQ/adm7")
    assert r.status_code == 400 and "adm7" in r.json()["error"]["message"]


def test_openapi_and_offline_docs(app_store):
    client, _ = app_store
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/network",
        "/api/stats",
        "/api/review/{kind}/{fact_id}/{action}",
        "/api/review/merge",
        "/api/audit",
    ):
        assert path in spec["paths"], path
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/openapi.json" in page.text
    assert (
        "http://" not in page.text and "https://" not in page.text
    )  # nothing fetched from elsewhere


def test_dashboard_and_assets_are_local(app_store):
    client, _ = app_store
    html = client.get("/").text
    assert 'data-testid="view"' in html
    assert "http://" not in html and "https://" not in html
    for path in (
        "/ui/app.js",
        "/ui/map.js",
        "/ui/timeline.js",
        "/ui/netview.js",
        "/ui/util.js",
        "/ui/app.css",
        "/vendor/leaflet/index.js",
        "/vendor/leaflet/leaflet.css",
        "/vendor/echarts/index.js",
    ):
        assert client.get(path).status_code == 200, path
    assert (vendor_dir() / "VENDOR.md").is_file()


def test_create_app_builds_independent_apps():
    a = create_app(Settings.load(env={}), RefusingStore())
    b = create_app(Settings.load(env={}), RefusingStore())
    assert a is not b and a.state.gate is not b.state.gate


# --------------------------------------------------------------------------- network builder


AFF_ROWS = [  # store.affiliations() rows: pack links and document relations
    {"id": "r1", "source": "irgc-qf", "type": "backs", "target": "kh", "origin": "document",
     "doc_id": "d1", "status": "draft"},
    {"id": "r2", "source": "kh", "type": "member_of", "target": "pmf", "origin": "document",
     "doc_id": "d2", "status": "rejected"},
    {"id": "a1", "source": "kh", "type": "member_of", "target": "pmf", "origin": "pack",
     "start_date": "2016", "end_date": None},
    {"id": "a2", "source": "x", "type": "leads", "target": "kh", "origin": "pack",
     "start_date": None, "end_date": "2019"},
]
EV_ROWS = [
    {"id": "e1", "date": "2024-01-28", "source_actor_id": "kh", "target_actor_id": "us"},
    {"id": "e2", "date": "2024-02-02", "source_actor_id": "us", "target_actor_id": "kh"},
    {"id": "e3", "date": "2024-02-03", "source_actor_id": "us", "target_actor_id": None},
]


def test_network_merges_sources_and_skips_rejected():
    net = build_network(AFF_ROWS, EV_ROWS, [], as_of=None)
    edges = {(e["source"], e["target"], e["type"]): e for e in net["edges"]}
    assert edges[("kh", "us", "co_event")]["weight"] == 2  # symmetric pair counted once per event
    member = edges[("kh", "pmf", "member_of")]
    assert member["origin"] == "pack" and member["start"] == "2016"  # the rejected relation is gone
    assert edges[("irgc-qf", "kh", "backs")]["origin"] == "report"
    dated = build_network(AFF_ROWS, EV_ROWS, [], as_of="2024-01-30")
    e2 = {(e["source"], e["target"], e["type"]): e for e in dated["edges"]}
    assert e2[("kh", "us", "co_event")]["weight"] == 1
    assert ("x", "kh", "leads") not in e2  # ended in 2019


def test_network_ego_and_cap():
    net = build_network(AFF_ROWS, EV_ROWS, [], actor="irgc-qf", depth=1)
    assert {n["id"] for n in net["nodes"]} == {"irgc-qf", "kh"}
    capped = build_network(AFF_ROWS, EV_ROWS, [], max_nodes=2)
    assert len(capped["nodes"]) == 2 and capped["truncated"]
    ids = {n["id"] for n in capped["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in capped["edges"])


def test_layout_is_deterministic_and_scales():
    edges = [{"source": f"n{i}", "target": f"n{(i * 7) % 5000}"} for i in range(5000)]
    ids = [f"n{i}" for i in range(5000)]
    a = layout(ids, edges)
    assert a == layout(ids, edges) and len(a) == 5000
    small = layout(ids[:20], edges[:20])
    assert len(small) == 20

"""/api/politics and /api/ach on both backends."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.knowledge import KnowledgePack
from marsad.server.app import create_app


@pytest.fixture(scope="module")
def client(module_store_location):
    store = module_store_location.open()
    store.load_pack(KnowledgePack.load())
    return TestClient(create_app(Settings.load(env={}), store), raise_server_exceptions=False)


def test_seats_and_moves(client):
    els = client.get("/api/politics/elections").json()
    assert {"iraq-parliament-2025", "iraq-provincial-2023-diyala"} <= {e["id"] for e in els}
    r = client.get("/api/politics/seats", params={"body": "diyala"}).json()
    assert r["seats"] == 15 and r["thresholds"][0]["votes"] == 8
    assert r["thresholds"][0]["reached_by"] == []
    moves = [
        "Istiqbal Diyala=Coordination Framework",
        "Patriotic Union of Kurdistan=Coordination Framework",
    ]
    r = client.get("/api/politics/seats", params={"body": "diyala", "move": moves}).json()
    assert r["thresholds"][0]["reached_by"] == ["Coordination Framework"]
    assert [m["to"] for m in r["moves"]] == ["Coordination Framework"] * 2
    bad = client.get("/api/politics/seats", params={"move": "nothing=x"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E520"


def test_offices_and_timeline(client):
    r = client.get(
        "/api/politics/offices", params={"as_of": "2024-01-01", "office": "speaker-iraq"}
    ).json()
    assert r["holders"][0]["holder"] == "mohsen-al-mandalawi" and r["holders"][0]["acting"]
    tl = client.get("/api/politics/offices/timeline", params={"office": "speaker-iraq"}).json()
    assert "mohamed-al-halbousi" in [t["holder"] for t in tl]
    assert client.get("/api/politics/offices", params={"as_of": "2024-13"}).status_code == 400


def test_network_from_the_store(client):
    r = client.get(
        "/api/politics/network",
        params={"as_of": "2026-06-01", "path": ["adnan-fayhan", "coordination-framework"]},
    ).json()
    assert r["nodes"] > 50
    assert r["paths"][0]["nodes"] == ["adnan-fayhan", "sadiqoun", "coordination-framework"]
    assert r["paths"][0]["edges"][0]["evidence"][0]["origin"] == "pack"
    bad = client.get("/api/politics/network", params={"around": "nobody at all"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E530"


def test_claims_include_pack_seat_figures(client):
    r = client.get("/api/politics/claims", params={"subject": "Sadiqoun"}).json()
    assert len(r) == 1 and sorted(f["value"] for f in r[0]["figures"]) == [27, 28]


def test_ach_round_trip(client):
    m = client.post("/api/ach", json={"title": "Pause", "user": "ana"}).json()
    mid = m["id"]
    m = client.post(f"/api/ach/{mid}/hypotheses", json={"label": "Iran ordered it"}).json()
    m = client.post(f"/api/ach/{mid}/hypotheses", json={"label": "U.S. strikes"}).json()
    h1, h2 = (h["id"] for h in m["hypotheses"])
    m = client.post(
        f"/api/ach/{mid}/evidence", json={"kind": "note", "label": "envoy", "weight": 1}
    ).json()
    e = m["evidence"][0]["id"]
    client.post(
        f"/api/ach/{mid}/ratings", json={"evidence_id": e, "hypothesis_id": h1, "rating": "II"}
    )
    m = client.post(
        f"/api/ach/{mid}/ratings", json={"evidence_id": e, "hypothesis_id": h2, "rating": "C"}
    ).json()
    got = client.get(f"/api/ach/{mid}").json()
    assert got == m and got["version"] == 6 and len(got["history"]) == 6
    inc = {h["label"]: h["inconsistency"] for h in got["hypotheses"]}
    assert inc == {"Iran ordered it": 2.0, "U.S. strikes": 0.0}
    rows = list(csv.reader(io.StringIO(client.get(f"/api/ach/{mid}/export").text)))
    assert rows[1][-2:] == ["II", "C"]
    assert client.get(f"/api/ach/{mid}/export", params={"format": "json"}).json()["id"] == mid
    assert [x["id"] for x in client.get("/api/ach").json()] == [mid]
    bad = client.post(
        f"/api/ach/{mid}/ratings", json={"evidence_id": e, "hypothesis_id": h2, "rating": "Z"}
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E550"
    assert client.get("/api/ach/ach-none").status_code == 404

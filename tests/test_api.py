"""The REST API over a real store on each backend (a DuckDB file in tmp_path, a PostgreSQL schema of
its own), filled by ingesting hand-made reports. Every test runs once per backend."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.model import (
    Actor,
    ActorRef,
    Affiliation,
    Claim,
    Document,
    DocumentInfo,
    Event,
    Mention,
    PlaceRef,
    Relation,
    Report,
    ReportActor,
    ReportPlace,
)
from marsad.server.app import create_app

KH = ("kataib-hezbollah", "Kataib Hezbollah", "armed_group")
US = ("us-forces", "U.S. forces", "state_force")
IRAN = ("iran", "Iran", "state")
TOWER22 = dict(id="tower-22", name="Tower 22", admin1=None, country="JO", lat=33.32, lon=38.69)
QAIM = dict(id="al-qaim", name="Al-Qa'im", admin1="Al-Anbar", country="IQ", lat=34.37, lon=41.09)
BAGHDAD = dict(id="baghdad", name="Baghdad", admin1="Baghdad", country="IQ", lat=33.31, lon=44.36)


def span(text: str, sub: str) -> Mention:
    i = text.index(sub)
    return Mention(text=sub, start=i, end=i + len(sub))


def actors_in(text: str, *actors) -> list[ReportActor]:
    out = []
    for aid, name, kind in actors:
        surface = name if name in text else aid.split("-")[0].title()
        mentions = [span(text, surface)] if surface in text else []
        out.append(ReportActor(id=aid, name=name, kind=kind, mentions=mentions, reason="alias"))
    return out


def place_in(text: str, p: dict) -> ReportPlace:
    return ReportPlace(**p, mentions=[span(text, p["name"])] if p["name"] in text else [])


def event(text, sentence, type, date, place, src, tgt, mode=None, fatalities=None) -> Event:
    return Event(
        type=type,
        mode=mode,
        date=date,
        date_precision="day",
        evidence=span(text, sentence),
        location=PlaceRef(**place),
        source_actor=ActorRef(src[0], src[1]) if src else None,
        target_actor=ActorRef(tgt[0], tgt[1]) if tgt else None,
        fatalities=fatalities,
        confidence=0.8,
    )


def make_pair(
    doc_id, published, title, text, events=(), claims=(), relations=(), actors=(), places=()
):
    doc = Document(id=doc_id, text=text, published=published, title=title, source="test wire")
    report = Report(
        document=DocumentInfo(
            id=doc_id, sha256=doc.sha256, title=title, published=published, source="test wire"
        ),
        actors=actors_in(text, *actors),
        places=[place_in(text, p) for p in places],
        events=list(events),
        claims=list(claims),
        relations=list(relations),
        extractor="tests@1",
    )
    return doc, report


T1 = (
    "On Sunday, a drone attack by Kataib Hezbollah killed three U.S. soldiers at Tower 22 in Jordan. "
    "The Islamic Resistance in Iraq has claimed more than 170 attacks on U.S. forces since October. "
    "Iran backs Kataib Hezbollah, U.S. officials said."
)
T2 = (
    "Three American troops were killed when a drone struck Tower 22 on Sunday, an attack claimed by "
    "Kataib Hezbollah. Officials counted about 150 attacks on U.S. forces since October."
)
T3 = (
    "U.S. forces struck Kataib Hezbollah sites in Al-Qa'im on Friday, killing 16 people. "
    "On Sunday, hundreds protested in Baghdad against the strikes."
)


def corpus():
    s1 = "On Sunday, a drone attack by Kataib Hezbollah killed three U.S. soldiers at Tower 22 in Jordan."
    d1 = make_pair(
        "rep-1",
        "2024-01-29",
        "Drone kills three U.S. soldiers in Jordan",
        T1,
        events=[
            event(T1, s1, "ASSAULT", "2024-01-28", TOWER22, KH, US, mode="drone", fatalities=3)
        ],
        claims=[
            Claim(
                value=170,
                unit="attacks",
                approximate=True,
                qualifier="more than",
                subject="attacks on U.S. forces",
                evidence=span(T1, "more than 170 attacks on U.S. forces since October"),
            )
        ],
        relations=[
            Relation(
                source=ActorRef(*IRAN[:2]),
                type="backs",
                target=ActorRef(*KH[:2]),
                evidence=span(T1, "Iran backs Kataib Hezbollah"),
                confidence=0.9,
            )
        ],
        actors=(KH, US, IRAN),
        places=(TOWER22,),
    )
    s2 = "Three American troops were killed when a drone struck Tower 22 on Sunday, an attack claimed by Kataib Hezbollah."
    d2 = make_pair(
        "rep-2",
        "2024-01-30",
        "Tower 22 attack claimed",
        T2,
        events=[
            event(T2, s2, "ASSAULT", "2024-01-28", TOWER22, KH, US, mode="drone", fatalities=3)
        ],
        claims=[
            Claim(
                value=150,
                unit="attacks",
                approximate=True,
                subject="attacks on U.S. forces",
                evidence=span(T2, "about 150 attacks on U.S. forces since October"),
            )
        ],
        actors=(KH, US),
        places=(TOWER22,),
    )
    s3 = "U.S. forces struck Kataib Hezbollah sites in Al-Qa'im on Friday, killing 16 people."
    s4 = "On Sunday, hundreds protested in Baghdad against the strikes."
    d3 = make_pair(
        "rep-3",
        "2024-02-04",
        "U.S. strikes in western Iraq",
        T3,
        events=[
            event(T3, s3, "ASSAULT", "2024-02-02", QAIM, US, KH, mode="aerial", fatalities=16),
            event(T3, s4, "PROTEST", "2024-02-04", BAGHDAD, None, US, mode="demo"),
        ],
        actors=(KH, US),
        places=(QAIM, BAGHDAD),
    )
    return [d1, d2, d3]


def small_pack():
    """A pack-shaped object: the corpus' actors, the Islamic Resistance and the PMF, two dated links."""
    return SimpleNamespace(
        actors={
            "kataib-hezbollah": Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group"),
            "islamic-resistance-in-iraq": Actor(
                "islamic-resistance-in-iraq", "Islamic Resistance in Iraq", "coalition"
            ),
            "pmf": Actor("pmf", "Popular Mobilization Forces", "state_force"),
        },
        places={},
        affiliations=[
            Affiliation("kataib-hezbollah", "member_of", "islamic-resistance-in-iraq", start="2023-10"),
            Affiliation("kataib-hezbollah", "part_of", "pmf", start="2014", end="2016"),
        ],
    )


@pytest.fixture(scope="module")
def api_store(module_store_location):
    """One store per backend for the module, holding :func:`small_pack` and :func:`corpus`."""
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    return store


@pytest.fixture(scope="module")
def client(api_store, module_store_location):
    settings = Settings.load(env={}, db=module_store_location.url, user="tester")
    app = create_app(settings, api_store)
    with TestClient(app) as c:
        yield c


def ok(r, status=200):
    assert r.status_code == status, r.text
    return r.json()


def bad(r, status=400, *words):
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] and err["message"]
    for w in words:
        assert w in err["message"], err["message"]
    return err


def all_events(client, **params):
    return ok(client.get("/api/events", params={"limit": 1000, **params}))["items"]


# --------------------------------------------------------------------------- documents


def test_documents_list_and_detail(client):
    body = ok(client.get("/api/documents"))
    ids = {d["id"] for d in body["items"]}
    assert ids == {"rep-1", "rep-2", "rep-3"}
    assert body["next_cursor"] is None
    doc = ok(client.get("/api/documents/rep-1"))
    assert doc["text"] == T1
    spans = doc["spans"]
    assert spans, "a document lists the spans of its facts"
    for s in spans:
        start = s.get("start", (s.get("evidence") or {}).get("start"))
        end = s.get("end", (s.get("evidence") or {}).get("end"))
        assert 0 <= start < end <= len(T1)


def test_documents_paginate(client):
    first = ok(client.get("/api/documents", params={"limit": 2}))
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = ok(client.get("/api/documents", params={"limit": 2, "cursor": first["next_cursor"]}))
    seen = [d["id"] for d in first["items"] + second["items"]]
    assert sorted(seen) == ["rep-1", "rep-2", "rep-3"]
    assert second["next_cursor"] is None


def test_document_unknown_is_404(client):
    bad(client.get("/api/documents/nope"), 404)


def test_documents_bad_limit(client):
    bad(client.get("/api/documents", params={"limit": 0}), 400, "limit")
    bad(client.get("/api/documents", params={"limit": "many"}), 400, "limit")


# --------------------------------------------------------------------------- events


def test_events_fused_across_documents(client):
    evs = all_events(client)
    assert len(evs) == 3  # the two Tower 22 reports are one event
    tower = [e for e in evs if e["type"] == "ASSAULT" and str(e["date"]).startswith("2024-01-28")]
    assert len(tower) == 1


def test_events_filters(client):
    assert {e["type"] for e in all_events(client, type="PROTEST")} == {"PROTEST"}
    assert len(all_events(client, type="ASSAULT,PROTEST")) == 3
    assert len(all_events(client, start="2024-02-01")) == 2
    assert len(all_events(client, end="2024-01-31")) == 1
    assert len(all_events(client, start="2024-02", end="2024-02")) == 2
    assert len(all_events(client, country="JO")) == 1
    assert len(all_events(client, country="iq")) == 2
    assert len(all_events(client, admin1="Al-Anbar")) == 1
    assert len(all_events(client, actor="kataib-hezbollah")) == 2
    assert len(all_events(client, min_corroboration=2)) == 1
    assert len(all_events(client, status="draft")) == 3
    assert len(all_events(client, mode="aerial", type="ASSAULT")) == 1
    assert len(all_events(client, q="protested")) == 1


def test_events_cursor_pagination(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 1}
        if cursor:
            params["cursor"] = cursor
        body = ok(client.get("/api/events", params=params))
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
        assert pages < 10
    assert len(seen) == len(set(seen)) == 3


def test_event_detail_has_sources_and_conflicts(client):
    tower = all_events(client, country="JO")[0]
    detail = ok(client.get(f"/api/events/{tower['id']}"))
    assert detail["id"] == tower["id"]
    sources = detail["sources"]
    assert len(sources) == 2
    docs = {s.get("doc_id") or s.get("document_id") for s in sources}
    assert docs == {"rep-1", "rep-2"}
    assert "conflicts" in detail


@pytest.mark.parametrize(
    "params, words",
    [
        ({"type": "BOMBING"}, ["type", "BOMBING"]),
        ({"start": "2024-13-01"}, ["start"]),
        ({"end": "yesterday"}, ["end"]),
        ({"start": "2024-03-01", "end": "2024-01-01"}, ["after"]),
        ({"mode": "laser", "type": "ASSAULT"}, ["mode"]),
        ({"country": "Iraq"}, ["country"]),
        ({"status": "maybe"}, ["status"]),
        ({"min_corroboration": "-1"}, ["min_corroboration"]),
        ({"min_corroboration": "two"}, ["min_corroboration"]),
        ({"limit": "100000"}, ["limit"]),
        ({"include_affiliates": "perhaps"}, ["include_affiliates"]),
    ],
)
def test_events_bad_parameters(client, params, words):
    bad(client.get("/api/events", params=params), 400, *words)


def test_event_unknown_is_404(client):
    bad(client.get("/api/events/no-such-event"), 404)


# --------------------------------------------------------------------------- actors, places


def test_actors_list_search_and_profile(client):
    items = ok(client.get("/api/actors"))["items"]
    assert {"kataib-hezbollah", "us-forces"} <= {a["id"] for a in items}
    found = ok(client.get("/api/actors", params={"q": "Kataib"}))["items"]
    assert found and found[0]["id"] == "kataib-hezbollah"
    prof = ok(client.get("/api/actors/kataib-hezbollah"))
    assert prof["id"] == "kataib-hezbollah"
    text = repr(prof)
    assert "2024-01-28" in text and "2024-02-02" in text  # events as source and as target


def test_actors_bad_kind_and_unknown(client):
    bad(client.get("/api/actors", params={"kind": "militia"}), 400, "kind")
    bad(client.get("/api/actors/nobody-at-all"), 404)


def test_places(client):
    body = ok(client.get("/api/places", params={"limit": 500}))
    assert [p["id"] for p in body["items"]] == ["al-qaim", "baghdad", "tower-22"]  # one event each, by name
    assert body["next_cursor"] is None
    seen, cursor = [], None
    for _ in range(5):
        page = ok(client.get("/api/places", params={"limit": 2, **({"cursor": cursor} if cursor else {})}))
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["al-qaim", "baghdad", "tower-22"] and cursor is None
    bad(client.get("/api/places", params={"limit": -3}), 400, "limit")
    bad(client.get("/api/places", params={"cursor": "nowhere"}), 400, "cursor")


# --------------------------------------------------------------------------- claims, relations


def test_claims_and_groups(client):
    claims = ok(client.get("/api/claims"))["items"]
    values = sorted(float(c["value"]) for c in claims)
    assert values == [150.0, 170.0]
    first = ok(client.get("/api/claims", params={"limit": 1}))
    second = ok(client.get("/api/claims", params={"limit": 1, "cursor": first["next_cursor"]}))
    assert second["next_cursor"] is None
    assert {c["id"] for c in first["items"] + second["items"]} == {c["id"] for c in claims}
    groups = ok(client.get("/api/claims/groups"))["items"]
    assert isinstance(groups, list)
    bad(client.get("/api/claims", params={"start": "soon"}), 400, "start")


def test_relations(client):
    rels = ok(client.get("/api/relations"))["items"]
    assert any(r["type"] == "backs" for r in rels)
    assert ok(client.get("/api/relations", params={"type": "opposes"}))["items"] == []
    assert ok(client.get("/api/relations", params={"actor": "iran"}))["items"]
    bad(client.get("/api/relations", params={"type": "likes"}), 400, "likes")


# --------------------------------------------------------------------------- network, search, stats


def test_network_nodes_edges(client):
    net = ok(client.get("/api/network"))
    ids = {n["id"] for n in net["nodes"]}
    assert {"kataib-hezbollah", "us-forces", "iran"} <= ids
    assert all(
        isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in net["nodes"]
    )
    types = {e["type"] for e in net["edges"]}
    assert "co_event" in types and "backs" in types
    co = [e for e in net["edges"] if e["type"] == "co_event"]
    assert max(e["weight"] for e in co) >= 2  # KH and U.S. forces meet in two events
    only = ok(client.get("/api/network", params={"edge_types": "backs"}))
    assert {e["type"] for e in only["edges"]} == {"backs"}
    ego = ok(client.get("/api/network", params={"actor": "iran", "edge_types": "backs"}))
    assert {n["id"] for n in ego["nodes"]} == {"iran", "kataib-hezbollah"}
    before = ok(
        client.get("/api/network", params={"as_of": "2024-01-31", "edge_types": "co_event"})
    )
    assert all(e["weight"] == 1 for e in before["edges"])


def test_network_pack_links_come_from_the_store(client):
    def links(**params):
        net = ok(client.get("/api/network", params={"edge_types": "member_of,part_of,backs", **params}))
        return {(e["source"], e["type"], e["target"], e["origin"]) for e in net["edges"]}

    kh, iri = "kataib-hezbollah", "islamic-resistance-in-iraq"
    assert links(as_of="2015") == {(kh, "part_of", "pmf", "pack")}
    assert links(as_of="2024-01-31") == {(kh, "member_of", iri, "pack"), ("iran", "backs", kh, "report")}
    assert links(as_of="2024-01-15") == {(kh, "member_of", iri, "pack")}  # reported on 2024-01-29
    names = {n["id"]: n["name"] for n in ok(client.get("/api/network", params={"as_of": "2015"}))["nodes"]}
    assert names["pmf"] == "Popular Mobilization Forces"


def test_network_bad_parameters(client):
    bad(client.get("/api/network", params={"edge_types": "friends"}), 400, "friends")
    bad(client.get("/api/network", params={"as_of": "31/01/2024"}), 400, "as_of")
    bad(client.get("/api/network", params={"depth": 9}), 400, "depth")


def test_search(client):
    r = ok(client.get("/api/search", params={"q": "Kataib"}))
    assert any(a["id"] == "kataib-hezbollah" for a in r["actors"])
    assert "events" in r and "places" in r
    bad(client.get("/api/search"), 400, "q")
    bad(client.get("/api/search", params={"q": "   "}), 400, "blank")


def test_stats(client):
    s = ok(client.get("/api/stats"))
    assert s
    flat = repr(s)
    assert "2024-01" in flat and "2024-02" in flat
    assert "ASSAULT" in flat
    w = ok(client.get("/api/stats", params={"by": "week", "type": "PROTEST"}))
    assert "ASSAULT" not in repr(w)
    by_actor = ok(client.get("/api/stats", params={"group": "actor", "by": "week"}))[
        "by_period_actor"
    ]
    kh = [r for r in by_actor if r["actor_id"] == "kataib-hezbollah"]
    assert kh and kh[0]["period"] == "2024-01-22" and kh[0]["n"] == 1  # the Monday of that week
    filtered = ok(client.get("/api/stats", params={"group": "actor", "type": "PROTEST"}))[
        "by_period_actor"
    ]
    assert {(r["actor_id"], r["period"], r["n"]) for r in filtered} == {("us-forces", "2024-02", 1)}
    with_affiliates = ok(
        client.get(
            "/api/stats",
            params={"group": "actor", "actor": "islamic-resistance-in-iraq", "include_affiliates": "true"},
        )
    )["by_period_actor"]
    assert {(r["actor_id"], r["period"], r["n"]) for r in with_affiliates} == {
        ("islamic-resistance-in-iraq", "2024-01", 1),  # Kataib Hezbollah's events, a member since 2023-10
        ("islamic-resistance-in-iraq", "2024-02", 1),
    }
    bad(client.get("/api/stats", params={"by": "decade"}), 400, "by")
    bad(client.get("/api/stats", params={"group": "place"}), 400, "group")
    bad(client.get("/api/stats", params={"country": "IRQ"}), 400, "country")


class CallLog:
    """Passes every call through to a store and records the method names."""

    def __init__(self, store):
        self.store, self.calls = store, []

    def close(self):
        pass

    def __getattr__(self, name):
        method = getattr(self.store, name)

        def call(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return call


def test_stats_by_actor_is_one_grouped_query(api_store, module_store_location):
    log = CallLog(api_store)
    settings = Settings.load(env={}, db=module_store_location.url, user="tester")
    with TestClient(create_app(settings, log)) as c:
        body = ok(c.get("/api/stats", params={"group": "actor", "by": "month", "country": "IQ"}))
    assert log.calls == ["data_version", "stats", "counts"]  # the version keys the answer cache
    assert {(r["actor_id"], r["period"], r["n"]) for r in body["by_period_actor"]} == {
        ("us-forces", "2024-02", 2),
        ("kataib-hezbollah", "2024-02", 1),
    }
    assert body["by_period_actor"][0]["actor_name"] == "U.S. forces"  # the busiest actor first


def test_network_reads_links_from_the_store_alone(api_store, module_store_location):
    log = CallLog(api_store)
    settings = Settings.load(env={}, db=module_store_location.url, user="tester")
    with TestClient(create_app(settings, log)) as c:
        ok(c.get("/api/network"))
    # (and the data version the answer cache keys it by)
    assert sorted(log.calls) == ["actors", "affiliations", "co_participation_window", "data_version"]


# --------------------------------------------------------------------------- review and audit


def test_review_confirm_reject_undo_and_audit(client):
    protest = all_events(client, type="PROTEST")[0]
    res = ok(
        client.post(f"/api/review/event/{protest['id']}/confirm", json={"note": "seen on video"})
    )
    assert res
    assert all_events(client, type="PROTEST")[0]["status"] == "confirmed"
    trail = ok(client.get("/api/audit", params={"fact_id": protest["id"]}))["items"]
    assert trail and (trail[0].get("user_name") or trail[0].get("user")) == "tester"
    audit_id = trail[0].get("id") or trail[0].get("audit_id")
    ok(client.post(f"/api/review/undo/{audit_id}", json={}))
    assert all_events(client, type="PROTEST")[0]["status"] == "draft"
    ok(client.post(f"/api/review/event/{protest['id']}/reject", json={}))
    assert all_events(client, type="PROTEST")[0]["status"] == "rejected"
    assert len(ok(client.get("/api/audit"))["items"]) >= 3


def test_review_edit(client):
    strike = all_events(client, admin1="Al-Anbar")[0]
    ok(
        client.post(
            f"/api/review/event/{strike['id']}/edit", json={"field": "fatalities", "value": 17}
        )
    )
    assert ok(client.get(f"/api/events/{strike['id']}"))["fatalities"] == 17
    bad(client.post(f"/api/review/event/{strike['id']}/edit", json={}), 400, "field")


def test_review_bad_requests(client):
    bad(client.post("/api/review/event/no-such-event/confirm", json={}), 404)
    bad(client.post("/api/review/gossip/x/confirm", json={}), 400, "gossip")
    bad(client.post("/api/review/event/x/approve", json={}), 400, "action")
    bad(client.post("/api/review/merge", json={"kind": "event"}), 400, "keep_id")
    bad(
        client.post("/api/review/merge", json={"kind": "event", "keep_id": "a", "merge_id": "a"}),
        400,
        "same",
    )
    bad(client.post("/api/review/undo/no-such-audit", json={}), 404)
    bad(client.get("/api/audit", params={"limit": 0}), 400, "limit")


def test_merge_and_undo(client):
    a, b = [e["id"] for e in all_events(client, type="ASSAULT")]
    res = ok(client.post("/api/review/merge", json={"kind": "event", "keep_id": a, "merge_id": b}))
    assert res["audit_id"]
    assert b not in {e["id"] for e in all_events(client)}
    ok(client.post(f"/api/review/undo/{res['audit_id']}", json={}))
    assert b in {e["id"] for e in all_events(client)}

"""TLP 2.0 markings, on each backend: documents are marked at ingest (--tlp, a FILE.tlp sidecar, a
JSON record's tlp field), users have a clearance, and nothing derived only from documents above a
user's clearance reaches them, through the store, any GET route of the team server (read from the
app's route table, so a new route is checked too) or any export.

The store holds four reports: rep-1 (GREEN) and rep-2 (RED) report the same attack and are fused
into one event; rep-3 (AMBER) reports a strike and a protest; rep-4 (RED) names an armed group,
a place, a figure and a link that no other report names.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.auth import accounts
from marsad.config import Settings
from marsad.errors import MarkingError
from marsad.ingest.readers import ReadFailure, read_path, read_paths
from marsad.interop.exports import TEXT_FORMATS, chunks, export
from marsad.markings import LEVELS, check_marking, most_restrictive
from marsad.model import ActorRef, Claim, Relation
from marsad.server.app import create_app
from marsad.store import EventFilter
from test_api import IRAN, corpus, event, make_pair, small_pack, span
from test_team_api import BASE, SECRET, app_routes

LIWA = ("liwa-qamar", "Liwa Qamar Brigade", "armed_group")
WADI = dict(id="wadi-hauran", name="Wadi Hauran", admin1="Al-Anbar", country="IQ", lat=33.1, lon=40.6)
T4 = ("Gunmen of the Liwa Qamar Brigade attacked a checkpoint in Wadi Hauran on Monday, killing four. "
      "The brigade claimed 37 operations this year. The Liwa Qamar Brigade is backed by Iran.")
MARKS = {"rep-1": "GREEN", "rep-2": "RED", "rep-3": "AMBER", "rep-4": "RED"}
USERS = {"gus": "GREEN", "amy": "AMBER", "red": "RED"}  # viewers, by clearance
PASSWORD = "marking-test-password"
# Routes that serve only files bundled with Marsad (boundaries, the dashboard, the API's own
# description): no store is read, so no marking applies. Every other GET route is checked.
STATIC = {"/openapi.json", "/docs", "/", "/favicon.ico", "/vendor", "/ui", "/api/geo/attribution",
          "/api/geo/countries", "/api/geo/{country}/{level}"}


def red_report():
    s = "Gunmen of the Liwa Qamar Brigade attacked a checkpoint in Wadi Hauran on Monday, killing four."
    return make_pair(
        "rep-4", "2024-02-06", "Checkpoint attack in the western desert", T4,
        events=[event(T4, s, "ASSAULT", "2024-02-05", WADI, LIWA, None, mode="firearms", fatalities=4)],
        claims=[Claim(value=37, unit="operations", subject="operations by the brigade",
                      evidence=span(T4, "37 operations this year"))],
        relations=[Relation(source=ActorRef(*IRAN[:2]), type="backs", target=ActorRef(*LIWA[:2]),
                            evidence=span(T4, "The Liwa Qamar Brigade is backed by Iran"), confidence=0.8)],
        actors=(LIWA, IRAN), places=(WADI,),
    )


def marked_corpus():
    pairs = [*corpus(), red_report()]
    for doc, _ in pairs:
        doc.tlp = MARKS[doc.id]
    return pairs


@pytest.fixture(scope="module")
def marked(module_store_location):
    """The store, the team app over it, a logged-in client per clearance, and what each may see."""
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(marked_corpus())
    for name, clearance in USERS.items():
        accounts.add_user(store, name, "viewer", PASSWORD, actor="test", clearance=clearance)
    accounts.add_user(store, "boss", "admin", PASSWORD, actor="test", clearance="RED")
    hidden_claim = store.claims(f={"doc_id": "rep-4"})["id"].iloc[0]
    store.review("claim", hidden_claim, "confirm", user="boss")  # an audit record of a RED-only fact
    app = create_app(Settings(db=module_store_location.url, team=True, secret_key=SECRET), store=store)
    clients = {}
    for name in [*USERS, "boss"]:
        c = TestClient(app, base_url=BASE)
        r = c.post("/api/auth/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        clients[name] = c
    return store, app, clients


def ids(df) -> set[str]:
    return set(df["id"]) if len(df) else set()


def seen_by(store, clearance: str | None) -> dict[str, set[str]]:
    """The ids of every kind of fact a clearance sees through the store."""
    v = store.cleared(clearance)
    return {
        "documents": ids(v.documents(limit=1000)),
        "events": ids(v.events(limit=1000)),
        "claims": ids(v.claims(limit=1000)),
        "relations": ids(v.relations(limit=1000)),
        "actors": ids(v.actors(limit=1000)),
        "places": ids(v.places(limit=1000)),
    }


@pytest.fixture(scope="module")
def pack_words() -> set[str]:
    """Ids and names of the bundled knowledge pack: public reference data that some routes serve
    as they are (the offices of a governorate name it), whatever the store holds."""
    from marsad.knowledge.pack import KnowledgePack

    pack = KnowledgePack.load()
    return {x for table in (pack.actors, pack.places) for k, v in table.items() for x in (k, v.name)}


def hidden_from(store, clearance: str, public: set[str] = frozenset()) -> set[str]:
    """Ids and texts a RED reader sees that a reader of ``clearance`` must never see (less the
    ``public`` words of the bundled pack)."""
    red, low = seen_by(store, "RED"), seen_by(store, clearance)
    out = set()
    for kind in red:
        out |= red[kind] - low[kind]
    for doc_id in red["documents"] - low["documents"]:
        d = store.document(doc_id)
        out.add(d["title"])
        out |= {s["text"] for s in d["spans"] if s["kind"] in ("event", "claim", "relation") and s["text"]}
    names = dict(zip(store.actors(limit=1000)["id"], store.actors(limit=1000)["name"], strict=True))
    out |= {names[a] for a in red["actors"] - low["actors"]}
    return out - set(public)


# --------------------------------------------------------------------------- markings and ingest


def test_marking_names_order_and_errors():
    assert LEVELS == ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
    assert check_marking("amber+strict") == "AMBER+STRICT"
    assert check_marking("TLP:red") == "RED"
    assert most_restrictive("GREEN", None, "AMBER", "CLEAR") == "AMBER"
    with pytest.raises(MarkingError, match=r"\[E720\].*BLUE.*CLEAR, GREEN, AMBER, AMBER\+STRICT, RED"):
        check_marking("BLUE")


def test_readers_take_the_most_restrictive_of_flag_sidecar_and_record(tmp_path):
    (tmp_path / "a.txt").write_text("A report on a rocket attack near a base.", encoding="utf-8")
    (tmp_path / "a.txt.tlp").write_text("amber\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A report on a protest in a square.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "j1", "text": "One record.", "tlp": "RED"}) + "\n"
        + json.dumps({"id": "j2", "text": "Another record."}) + "\n"
        + json.dumps({"id": "j3", "text": "A third record.", "tlp": "PURPLE"}) + "\n", encoding="utf-8")
    got = {(d.path.rsplit("/", 1)[-1], getattr(d, "id", None)): getattr(d, "tlp", None)
           for d in read_path(tmp_path, tlp="GREEN") if not isinstance(d, ReadFailure)}
    assert sorted(got.values()) == ["AMBER", "GREEN", "GREEN", "RED"]
    by_id = {d.id: d.tlp for d in read_path(tmp_path) if not isinstance(d, ReadFailure)}
    assert by_id["j1"] == "RED" and by_id["j2"] is None  # no flag: unmarked (stored as CLEAR)
    failures = [f for f in read_path(tmp_path) if isinstance(f, ReadFailure)]
    assert [f.path.rsplit("/", 1)[-1] for f in failures] == ["c.jsonl:3"]
    assert "PURPLE" in failures[0].reason and "not a TLP 2.0 marking" in failures[0].reason
    (tmp_path / "b.txt.tlp").write_text("maroon", encoding="utf-8")
    bad = [f for f in read_paths([tmp_path / "b.txt"]) if isinstance(f, ReadFailure)]
    assert len(bad) == 1 and "maroon" in bad[0].reason
    with pytest.raises(MarkingError):
        list(read_path(tmp_path, tlp="ORANGE"))


def test_cli_ingest_marks_documents_and_refuses_a_bad_marking(tmp_path):
    from marsad.cli import app
    from marsad.store import open_store

    runner = CliRunner()
    db = str(tmp_path / "m.duckdb")
    doc = tmp_path / "r.json"
    doc.write_text(json.dumps({"id": "d1", "text": "Rockets hit a base in Baghdad on 3 March 2024."}), encoding="utf-8")
    bad = runner.invoke(app, ["ingest", str(doc), "--db", db, "--tlp", "PINK"])
    assert bad.exit_code == 1 and "E720" in bad.output
    ok = runner.invoke(app, ["ingest", str(doc), "--db", db, "--tlp", "amber"])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(app, ["ingest", str(doc), "--db", db, "--tlp", "RED"])  # unchanged text, new marking
    assert again.exit_code == 0 and "1 unchanged" in again.output
    with open_store(db) as s:
        assert s.documents()[["id", "tlp"]].values.tolist() == [["d1", "RED"]]
    kept = runner.invoke(app, ["ingest", str(doc), "--db", db])  # no marking given: it keeps its own
    assert kept.exit_code == 0
    with open_store(db) as s:
        assert s.document("d1")["tlp"] == "RED"
        assert s.cleared("AMBER").documents().empty


def test_migration_marks_an_existing_store(store_location):
    old = store_location.open(target_version=10)
    old.load_pack(small_pack())
    old.ingest(corpus())
    accounts.add_user(old, "vet", "analyst", PASSWORD, actor="test")
    old.close()
    s = store_location.open()
    assert s.schema_version >= 11
    assert set(s.documents()["tlp"]) == {"CLEAR"}
    assert s.user("vet")["clearance"] == "GREEN"
    assert seen_by(s, "CLEAR") == seen_by(s, None)  # everything was CLEAR: nothing hidden


# --------------------------------------------------------------------------- the store


def test_each_clearance_sees_only_facts_with_a_visible_source(marked):
    store, _, _ = marked
    everything = seen_by(store, None)
    assert seen_by(store, "RED") == everything
    assert everything["documents"] == set(MARKS)
    green, amber = seen_by(store, "GREEN"), seen_by(store, "AMBER")
    assert green["documents"] == {"rep-1"} and amber["documents"] == {"rep-1", "rep-3"}
    assert seen_by(store, "CLEAR") == {k: ({a for a in v if a in ids(store.actors(limit=1000))
                                          and store.actor(a)["origin"] == "pack"} if k == "actors" else set())
                                      for k, v in everything.items()}
    assert len(green["events"]) == 1 and len(amber["events"]) == 3 and len(everything["events"]) == 4
    assert "liwa-qamar" in everything["actors"] and "liwa-qamar" not in amber["actors"]
    assert "wadi-hauran" in everything["places"] and "wadi-hauran" not in amber["places"]
    for c in ("GREEN", "AMBER"):
        v = store.cleared(c)
        assert v.count_events() == len(seen_by(store, c)["events"])
        assert v.stats()["totals"]["events"] == v.count_events()
        assert int(v.counts(by="type")["n"].sum()) == v.count_events()
        for hidden in everything["events"] - seen_by(store, c)["events"]:
            with pytest.raises(Exception, match="E404"):
                v.event(hidden)
        for hidden in everything["documents"] - seen_by(store, c)["documents"]:
            with pytest.raises(Exception, match="E404"):
                v.document(hidden)
    assert store.cleared("GREEN").stats()["totals"]["sources"] == 1
    assert store.stats()["totals"]["sources"] == 5


def test_a_fused_event_shows_a_lower_clearance_only_its_sources(marked):
    store, _, _ = marked
    fused = next(e for e in store.events()["id"] if len(store.event(e)["sources"]) == 2)
    full = store.event(fused)
    assert {s["doc_id"] for s in full["sources"]} == {"rep-1", "rep-2"} and full["tlp"] == "RED"
    assert full["corroboration"] == 2
    low = store.cleared("GREEN").event(fused)
    assert [s["doc_id"] for s in low["sources"]] == ["rep-1"]
    assert low["corroboration"] == 1 and low["tlp"] == "GREEN"
    assert set(low["fused_from"].values()) == {"rep-1"}
    page = store.cleared("GREEN").events()
    assert page["corroboration"].tolist() == [1]
    fusion = store.cleared("GREEN").corroboration(fused)
    assert fusion["sources"] == 1
    assert {r["doc_id"] for r in store.cleared("GREEN").fusion_reason(fused)} == {"rep-1"}


def test_a_lower_clearance_cannot_act_on_what_it_cannot_see(marked):
    store, _, _ = marked
    hidden = store.claims(f={"doc_id": "rep-4"})["id"].iloc[0]
    before = len(store.audit())
    with pytest.raises(Exception, match="E404"):
        store.cleared("AMBER").review("claim", hidden, "reject", user="amy")
    assert store.claims(f={"doc_id": "rep-4"})["status"].iloc[0] != "rejected"
    assert len(store.audit()) == before


# --------------------------------------------------------------------------- the team server


def _get_urls(app, hidden_ids: dict[str, str]) -> list[tuple[str, str]]:
    """(declared path, URL) of every GET route that reads the store, path parameters filled with
    ids a lower clearance must not see."""
    out = []
    for r in app_routes(app):
        if "GET" not in (getattr(r, "methods", None) or {"GET"}) or r.path in STATIC:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: hidden_ids.get(m.group(1), "x"), r.path)
        out.append((r.path, url))
    return out


EXTRA_QUERIES = [  # the same routes with the parameters that make them return facts
    "/api/search?q=Liwa", "/api/search?q=Wadi", "/api/events?text=checkpoint", "/api/claims?q=operations",
    "/api/actors?q=liwa", "/api/places?q=wadi", "/api/stats?by=year", "/api/network?min_weight=1",
    "/api/analysis/attacks?start=2024-01-01&end=2024-12-31", "/api/relations?actor=liwa-qamar",
    "/api/audit?fact_id=x",
]


def test_no_get_route_shows_a_lower_clearance_what_only_higher_markings_hold(marked, pack_words):
    store, app, clients = marked
    wadi = next(e for e in store.events()["id"] if store.event(e)["place_id"] == "wadi-hauran")
    hidden_ids = {"event_id": wadi, "doc_id": "rep-4", "actor_id": "liwa-qamar", "fmt": "stix",
                  "country": "IQ", "level": "adm1"}
    urls = _get_urls(app, hidden_ids) + [(u.split("?")[0], u) for u in EXTRA_QUERIES]
    assert len(urls) >= 30
    for name, clearance in USERS.items():
        secrets = hidden_from(store, clearance, pack_words)
        assert clearance == "RED" or {"rep-4", "liwa-qamar", "wadi-hauran", wadi} <= secrets
        answered = ""
        for _path, url in urls:
            r = clients[name].get(url)
            assert r.status_code < 500, (url, r.status_code, r.text[:300])
            body = r.text
            answered += body if r.status_code == 200 else ""
            for id_in_url in hidden_ids.values():  # an id the caller sent may be echoed back
                body = body.replace(id_in_url, "")
            leaked = sorted(s for s in secrets if s and s in body)
            assert not leaked, (name, url, leaked)
        # the routes answered with facts: what the clearance may see is there
        assert "rep-1" in answered and "Tower 22" in answered
        assert ("Liwa Qamar" in answered) == (clearance == "RED")
        audit = clients[name].get("/api/audit").json()
        assert (len(audit["items"]) if isinstance(audit, dict) else len(audit)) == (1 if clearance == "RED" else 0)
        # a hidden fact answers exactly as one that does not exist
        for path in ("/api/events/{}", "/api/fusion/{}", "/api/documents/{}", "/api/actors/{}"):
            real = {"/api/events/{}": wadi, "/api/fusion/{}": wadi, "/api/documents/{}": "rep-4",
                    "/api/actors/{}": "liwa-qamar"}[path]
            a, b = clients[name].get(path.format(real)), clients[name].get(path.format("no-such-id"))
            if clearance == "RED":
                assert a.status_code == 200
            else:
                assert (a.status_code, a.text.replace(real, "?")) == (b.status_code, b.text.replace("no-such-id", "?"))


def test_counts_on_the_server_follow_the_clearance(marked):
    store, _, clients = marked
    totals = {n: clients[n].get("/api/stats").json()["totals"] for n in USERS}
    assert [totals[n]["events"] for n in ("gus", "amy", "red")] == [1, 3, 4]
    assert [totals[n]["sources"] for n in ("gus", "amy", "red")] == [1, 3, 5]
    fused = next(e for e in store.events()["id"] if len(store.event(e)["sources"]) == 2)
    green = clients["gus"].get(f"/api/events/{fused}").json()
    assert [s["doc_id"] for s in green["sources"]] == ["rep-1"] and green["corroboration"] == 1
    assert len(clients["red"].get(f"/api/events/{fused}").json()["sources"]) == 2
    me = clients["amy"].get("/api/auth/me").json()
    assert me["clearance"] == "AMBER"


def test_admin_sets_a_clearance_and_the_next_request_follows_it(marked):
    store, app, clients = marked
    boss = clients["boss"]
    csrf = boss.get("/api/auth/me").json()["csrf_token"]
    r = boss.post("/api/admin/users", json={"name": "newbie", "role": "viewer", "password": PASSWORD,
                                            "clearance": "amber"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    assert store.user("newbie")["clearance"] == "AMBER"
    bad = boss.post("/api/admin/users/newbie", json={"clearance": "ULTRA"}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E720"
    token = accounts.create_token(store, "newbie", "1d", actor="test")["token"]
    c = TestClient(app, base_url=BASE)
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/stats", headers=auth).json()["totals"]["events"] == 3
    r = boss.post("/api/admin/users/newbie", json={"clearance": "GREEN"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    assert c.get("/api/stats", headers=auth).json()["totals"]["events"] == 1


# --------------------------------------------------------------------------- exports


def _text_export(store, fmt: str) -> str:
    return "".join(chunks(store, fmt))


@pytest.mark.parametrize("clearance", ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"])
def test_every_export_holds_only_what_the_clearance_may_see(marked, clearance, tmp_path):
    store, _, _ = marked
    view = store.cleared(clearance)
    secrets = hidden_from(store, clearance)
    seen = seen_by(store, clearance)
    for fmt in TEXT_FORMATS:
        text = _text_export(view, fmt)
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, (fmt, leaked)
        if fmt in ("stix", "geojson"):
            for e in seen["events"]:
                assert e in text, (fmt, e)
    counts = export(view, "parquet", tmp_path / "pq")
    assert counts["events"] == len(seen["events"]) and counts["documents"] == len(seen["documents"])
    docs = pq.read_table(tmp_path / "pq" / "documents").column("id").to_pylist() if counts["documents"] else []
    assert set(docs) == seen["documents"]
    for table in ("events", "claims", "relations", "actors", "places", "mentions", "event_sources", "audit"):
        d = tmp_path / "pq" / table
        values = {str(v) for col in pq.read_table(d).columns for v in col.to_pylist()} if d.exists() else set()
        assert not (values & secrets), (table, values & secrets)
    if clearance != "RED":
        assert not (tmp_path / "pq" / "failures").exists()


def test_the_export_route_uses_the_callers_clearance(marked):
    _, _, clients = marked
    green = clients["gus"].get("/api/export/stix").text
    red = clients["red"].get("/api/export/stix").text
    assert "rep-4" in red and "rep-4" not in green
    z = clients["gus"].get("/api/export/parquet")
    assert z.status_code == 200
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        docs = pq.read_table(io.BytesIO(zf.read("documents/part-00000.parquet"))).column("id").to_pylist()
    assert docs == ["rep-1"]


def test_cli_export_takes_a_clearance(marked, module_store_location, tmp_path):
    if module_store_location.backend != "duckdb":
        pytest.skip("the CLI reads the DuckDB file; PostgreSQL is the same code path")
    store, _, _ = marked
    from marsad.cli import app

    runner = CliRunner()
    out = tmp_path / "g.json"
    r = runner.invoke(app, ["export", "stix", "-o", str(out), "--db", module_store_location.url, "--clearance", "GREEN"])
    if r.exit_code != 0 and "in use" in r.output:
        pytest.skip("the module's store holds the DuckDB file")
    assert r.exit_code == 0, r.output
    assert "rep-4" not in out.read_text() and "rep-1" in out.read_text()
    bad = runner.invoke(app, ["export", "stix", "-o", str(out), "--db", module_store_location.url, "--clearance", "X"])
    assert bad.exit_code == 1 and "E720" in bad.output


def test_aggregates_and_search_read_a_mixed_event_as_the_clearance_sees_it(store):
    pairs = corpus()[:2]  # rep-1 (GREEN) and rep-2 (RED) report one attack
    pairs[0][0].tlp, pairs[1][0].tlp = "GREEN", "RED"
    pairs[1][1].events[0].fatalities = 7  # the RED report, published later, ranks first in fusion
    store.ingest(pairs)
    (fused,) = store.events()["id"]
    assert store.event(fused)["fatalities"] == 7 and store.stats()["totals"]["fatalities"] == 7
    green = store.cleared("GREEN")
    assert green.event(fused)["fatalities"] == 3
    assert green.events()["fatalities"].tolist() == [3]
    assert green.stats()["totals"] == {**store.stats()["totals"], "fatalities": 3, "sources": 1}
    assert green.count_events() == 1 and green.count_events(EventFilter(min_corroboration=2)) == 0
    assert store.count_events(EventFilter(min_corroboration=2)) == 1
    assert int(green.counts(by=("type", "actor"))["n"].sum()) == 2
    assert green.events(EventFilter(text="American troops")).empty  # words only the RED report has
    assert len(store.events(EventFilter(text="American troops"))) == 1
    assert len(green.events(EventFilter(text="drone attack by Kataib"))) == 1
    # a view writes through the store's own transactions: a review of a fact it sees is stored
    out = green.review("event", fused, "confirm", user="gus")
    assert store.event(fused)["status"] == "confirmed" and store.audit(fused)["id"].tolist() == [out["audit_id"]]

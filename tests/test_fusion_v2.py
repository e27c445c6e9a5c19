"""Fusion v2: scored matching on constructed cases (pure rows), independence of sources, analyst
split and unmerge round trips, and the bundled samples (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import marsad
from marsad.cli import app as cli_app
from marsad.errors import StoreError
from marsad.model import ActorRef, Document, DocumentInfo, Event, Mention, PlaceRef, Report
from marsad.store import fuse as fz
from marsad.store import fusion
from marsad.store.fusion.score import THRESHOLD, match

SAMPLES = Path(marsad.__file__).parent / "data" / "samples"
AFF = fz.AffiliationIndex.build([
    {"source": "kataib-hezbollah", "type": "member_of", "target": "islamic-resistance-in-iraq",
     "start_date": "2023-10", "end_date": None},
    {"source": "saraya-awliya-al-dam", "type": "front_for", "target": "kataib-hezbollah",
     "start_date": "2020", "end_date": None},
])
COLS = ("id", "type", "mode", "date", "place_id", "place_name", "admin1", "country", "lat", "lon",
        "source_actor_id", "target_actor_id", "fatalities", "corroboration", "status")


def row(doc_id, **kw):
    base = {"doc_id": doc_id, "ordinal": 0, "type": "ASSAULT", "mode": "drone", "date": "2024-01-28",
            "place_id": "ain-al-asad", "place_name": "Ain al-Asad", "admin1": "Al-Anbar", "country": "IQ",
            "lat": 33.8, "lon": 42.44, "source_actor_id": "kataib-hezbollah", "target_actor_id": "us-forces",
            "fatalities": None, "evidence_text": "A drone struck Ain al-Asad air base on Sunday."}
    base.update(kw)
    return base


def events_of(*rows):
    """Run assign over the rows in order; return the event id of each row."""
    out = fusion.assign([dict(r) for r in rows], [], AFF, columns=COLS)
    return [s["event_id"] for s in out.sources]


# --------------------------------------------------------------------------- constructed cases: fused


@pytest.mark.parametrize("other", [
    pytest.param(dict(date="2024-01-29"), id="one-day date slip"),
    pytest.param(dict(place_id=None, place_name="Al-Anbar", admin1="Al-Anbar", lat=None, lon=None),
                 id="governorate vs a town in it"),
    pytest.param(dict(source_actor_id="islamic-resistance-in-iraq"), id="member vs its umbrella"),
    pytest.param(dict(date="2021-02-15", source_actor_id="saraya-awliya-al-dam"), id="facade vs its group"),
    pytest.param(dict(mode="aerial", evidence_text="An airstrike hit the Ain al-Asad base on Sunday."),
                 id="drone attack vs airstrike"),
    pytest.param(dict(source_actor_id=None), id="unknown attacker"),
    pytest.param(dict(source_actor_id="unk-gunmen"), id="unresolved attacker name"),
    pytest.param(dict(date="2024-01", place_id=None, place_name="Iraq", admin1=None), id="month and country only"),
])
def test_reports_of_one_event_fuse(other):
    first = row("d1", date=other.get("date", "2024-01-28") if other.get("date", "").startswith("2021") else "2024-01-28")
    a, b = events_of(first, row("d2", **other))
    assert a == b


def test_fused_source_records_score_and_features():
    out = fusion.assign([row("d1"), row("d2", date="2024-01-29")], [], AFF, columns=COLS)
    first, second = out.sources
    assert first["match_score"] is None and second["match_score"] >= THRESHOLD
    feats = json.loads(second["match_features"])
    assert feats["date"] < 1.0 and feats["place"] == 1.0 and feats["source_actor"] == 1.0


# --------------------------------------------------------------------------- constructed cases: apart


def test_two_attacks_same_day_same_city_different_targets_stay_apart():
    a = row("d1", place_id="baghdad", place_name="Baghdad", admin1="Baghdad", target_actor_id="us-embassy",
            evidence_text="Rockets hit the U.S. embassy in Baghdad on Sunday.")
    b = row("d2", place_id="baghdad", place_name="Baghdad", admin1="Baghdad", target_actor_id="iraqi-army",
            evidence_text="Gunmen attacked an army checkpoint in Baghdad on Sunday.")
    assert len(set(events_of(a, b))) == 2


def test_a_strike_and_the_attack_it_answered_stay_apart():
    attack = row("d1", source_actor_id="kataib-hezbollah", target_actor_id="us-forces")
    strike = row("d2", source_actor_id="us-forces", target_actor_id="kataib-hezbollah", mode="aerial",
                 evidence_text="U.S. jets struck Kataib Hezbollah positions near Ain al-Asad in retaliation.")
    assert len(set(events_of(attack, strike))) == 2
    score, feats = match(dict(attack, id="e"), strike, AFF)
    assert feats is None and score < THRESHOLD


@pytest.mark.parametrize("other", [
    pytest.param(dict(date="2024-02-05"), id="a week apart"),
    pytest.param(dict(place_id="erbil-air-base", place_name="Erbil air base", admin1="Erbil", lat=36.24, lon=43.96),
                 id="other governorate"),
    pytest.param(dict(type="PROTEST", mode=None), id="unrelated type"),
    pytest.param(dict(place_id="al-qaim", place_name="al-Qaim", lat=34.37, lon=41.09), id="other town, 150 km"),
    pytest.param(dict(place_id=None, place_name=None, admin1=None, lat=None, lon=None, source_actor_id=None,
                      target_actor_id=None, evidence_text="Officials reported casualties in the north."),
                 id="only type, date and country in common"),
])
def test_different_events_stay_apart(other):
    assert len(set(events_of(row("d1"), row("d2", **other)))) == 2


def test_two_events_of_one_document_stay_apart():
    a, b = events_of(row("d1"), row("d1", ordinal=1, date="2024-01-29"))
    assert a != b


def test_candidates_from_the_store_are_used_and_merged_events_skipped():
    stored = dict(row("old"), id="ev-stored", corroboration=2, status="draft")
    merged = dict(row("older"), id="ev-gone", corroboration=9, status="merged", merged_into="ev-stored")
    out = fusion.assign([row("d9", date="2024-01-29")], [merged, stored], AFF, columns=COLS)
    assert out.sources[0]["event_id"] == "ev-stored" and not out.new_events and out.fused == 1


# --------------------------------------------------------------------------- corroboration


WIRE = "Three U.S. soldiers were killed in a drone attack on a base in Jordan, officials said on Sunday."


def test_reprinted_wire_copy_is_not_independent():
    srcs = [
        {"doc_id": "ap", "outlet": "Wire A", "evidence_text": WIRE, "as_of": "2024-01-28"},
        {"doc_id": "paper1", "outlet": "Daily One", "evidence_text": WIRE.replace("officials said", "officials said,")
         , "as_of": "2024-01-29"},
        {"doc_id": "paper2", "outlet": "Daily Two", "evidence_text": "Three U.S. soldiers were killed in a drone "
         "attack on a base in Jordan officials said Sunday", "as_of": "2024-01-29"},
        {"doc_id": "own", "outlet": "Local Radio", "evidence_text": "Our reporter saw smoke over Tower 22 after a "
         "drone hit the outpost near Rukban.", "as_of": "2024-01-30"},
    ]
    assert fusion.independent_clusters(srcs) == [["ap", "paper1", "paper2"], ["own"]]
    assert fusion.independent_count(srcs) == 2


def test_one_outlets_updates_are_one_source_and_lags_are_counted():
    srcs = [
        {"doc_id": "r1", "outlet": "Wire A", "evidence_text": "A drone hit a base in Jordan.", "as_of": "2024-01-28"},
        {"doc_id": "r2", "outlet": "wire a", "evidence_text": "The toll from Sunday's attack on Tower 22 rose to "
         "three.", "as_of": "2024-01-30"},
        {"doc_id": "x", "outlet": None, "evidence_text": None, "as_of": None},
    ]
    assert fusion.independent_count(srcs) == 2
    lags = {r["doc_id"]: r["lag_days"] for r in fusion.report_lags(srcs)}
    assert lags == {"r1": 0, "r2": 2, "x": None}


# --------------------------------------------------------------------------- store: split, unmerge


def doc_pair(doc_id, published, text, date, place, src, tgt, outlet="desk", mode="drone"):
    doc = Document(id=doc_id, text=text, published=published, title=doc_id, source=outlet)
    e = Event(type="ASSAULT", mode=mode, date=date, date_precision="day", evidence=Mention(text, 0, len(text)),
              location=place, source_actor=src, target_actor=tgt, confidence=0.7)
    rep = Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc_id, published=published),
                 events=[e], extractor="tests@1")
    return doc, rep


ASAD = PlaceRef(id="ain-al-asad", name="Ain al-Asad", admin1="Al-Anbar", country="IQ", lat=33.8, lon=42.44)
KH, US = ActorRef("kataib-hezbollah", "Kataib Hezbollah"), ActorRef("us-forces", "U.S. forces")


def three_reports():
    return [
        doc_pair("w1", "2024-01-28", WIRE.replace("Jordan", "Anbar"), "2024-01-28", ASAD, KH, US, outlet="Wire A"),
        doc_pair("w2", "2024-01-29", WIRE.replace("Jordan", "Anbar") + " ", "2024-01-28", ASAD, None, US,
                 outlet="Daily One"),
        doc_pair("w3", "2024-01-31", "Kataib Hezbollah drones hit Ain al-Asad late on Sunday night, a local "
                 "source said.", "2024-01-29", ASAD, KH, US, outlet="Local Radio"),
    ]


def only_event(store):
    df = store.events(limit=100)
    assert len(df) == 1, df
    return df["id"].iloc[0]


def test_split_and_undo_round_trip(store):
    store.ingest(three_reports())
    eid = only_event(store)
    before = store.event(eid)
    assert before["corroboration"] == 3
    c = store.corroboration(eid)
    assert c["independent"] == 2 and c["clusters"] == [["w1", "w2"], ["w3"]]
    assert [r["lag_days"] for r in c["reports"]] == [0, 1, 3]
    reasons = {r["doc_id"]: r for r in store.fusion_reason(eid)}
    assert reasons["w1"]["score"] is None and reasons["w3"]["score"] >= THRESHOLD
    r = store.split(eid, ["w3"], user="ana", note="a second attack")
    assert store.event(eid)["corroboration"] == 2
    new = store.event(r["new_event_id"])
    assert [s["doc_id"] for s in new["sources"]] == ["w3"] and new["date"] == "2024-01-29"
    assert store.audit(eid)["action"].tolist()[0] == "split"
    store.undo(r["audit_id"], user="ana")
    after = store.event(eid)
    assert after["corroboration"] == 3 and {s["doc_id"] for s in after["sources"]} == {"w1", "w2", "w3"}
    assert len(store.events(limit=100)) == 1
    for k in ("date", "place_id", "source_actor_id", "fatalities", "first_document"):
        assert after[k] == before[k]
    with pytest.raises(StoreError, match="without sources"):
        store.split(eid, ["w1", "w2", "w3"], user="ana")
    with pytest.raises(StoreError, match="no source from"):
        store.split(eid, ["nope"], user="ana")


def test_unmerge_round_trip(store):
    reports = three_reports()
    far = doc_pair("f1", "2024-03-02", "A drone hit Ain al-Asad on Friday.", "2024-03-01", ASAD, KH, US)
    store.ingest(reports + [far])
    ids = sorted(store.events(limit=100)["id"])
    assert len(ids) == 2
    keep = next(i for i in ids if store.event(i)["corroboration"] == 3)
    gone = next(i for i in ids if i != keep)
    audit_id = store.merge("event", keep, gone, user="ana")
    assert store.event(keep)["corroboration"] == 4
    store.undo(audit_id, user="ana")
    assert store.event(keep)["corroboration"] == 3 and store.event(gone)["corroboration"] == 1
    assert store.event(gone)["status"] == "draft"


def test_split_cli_and_api(store_location):
    store = store_location.open()
    store.ingest(three_reports())
    eid = only_event(store)
    if store_location.url.endswith(".duckdb"):
        store.close()
        r = CliRunner().invoke(cli_app, ["review", "split", eid, "w3", "--user", "ana", "--db", store_location.url])
        assert r.exit_code == 0, r.output
        assert json.loads(r.output)["moved"] == [["w3", 0]]
        r = CliRunner().invoke(cli_app, ["review", "split", eid, "zz", "--db", store_location.url])
        assert r.exit_code != 0 and "zz" in r.output
        return
    from marsad.config import Settings
    from marsad.server.app import create_app

    settings = Settings.load(env={}, db=store_location.url, user="tester")
    with TestClient(create_app(settings, store)) as client:
        detail = client.get(f"/api/fusion/{eid}").json()
        assert detail["independent"] == 2 and len(detail["reasons"]) == 3
        r = client.post(f"/api/fusion/{eid}/split", json={"doc_ids": ["w3"]})
        assert r.status_code == 200, r.text
        assert client.get(f"/api/fusion/{eid}").json()["sources"] == 2
        assert client.post(f"/api/fusion/{eid}/split", json={"doc_ids": ["nope"]}).status_code == 400


def test_incremental_refusion_equals_full_recomputation(store):
    store.grade_source("Local Radio", "B", user="ana")
    for item in three_reports():  # one batch each: the second and third take the incremental path
        store.ingest([item])
    cols = "id, type, mode, date, place_id, source_actor_id, target_actor_id, fatalities, confidence, " \
           "corroboration, first_reported, first_document, fused_from, evidence_text, independent_sources"
    incremental = store._dicts(f"SELECT {cols} FROM events ORDER BY id")
    with store._tx():
        store._recompute_events([r["id"] for r in incremental])
    assert store._dicts(f"SELECT {cols} FROM events ORDER BY id") == incremental
    assert incremental[0]["corroboration"] == 3 and incremental[0]["independent_sources"] == 2
    assert json.loads(incremental[0]["fused_from"])["source_actor_id"] == "w3"  # the B-graded outlet wins


# --------------------------------------------------------------------------- the bundled samples


@pytest.fixture(scope="module")
def sample_pairs():
    from marsad.extract.pipeline import Pipeline
    from marsad.ingest.readers import read_paths
    from marsad.knowledge.pack import KnowledgePack

    pack = KnowledgePack.load()
    pipe = Pipeline(pack=pack)
    return pack, [(d, pipe(d)) for d in read_paths(sorted(str(p) for p in SAMPLES.glob("*.json"))) if hasattr(d, "text")]


def test_samples_fuse_the_soleimani_strike_into_one_event(store, sample_pairs):
    pack, pairs = sample_pairs
    store.load_pack(pack)
    stats = store.ingest(pairs)
    assert stats.events_fused > 0
    strikes = store.events(limit=1000, f=None)
    strikes = strikes[(strikes["type"] == "ASSAULT") & (strikes["date"] == "2020-01-03")]
    assert len(strikes) == 1, strikes[["id", "target_actor_id", "place_id"]]
    e = store.event(strikes["id"].iloc[0])
    assert {s["doc_id"] for s in e["sources"]} == {"s03", "s04", "s05"}
    assert e["corroboration"] == 3
    # one outlet ("Marsad sample desk") wrote all three: one independent source
    assert store.corroboration(e["id"])["independent"] == 1


def test_fusion_gold_scored_beats_the_rules(sample_pairs):
    from marsad.store.fusion import gold

    pack, _ = sample_pairs
    before, after = gold.evaluate("rules", pack), gold.evaluate("scored", pack)
    assert after["constructed"]["wrong"] == [] and after["constructed"]["cases"] == len(gold.CONSTRUCTED)
    assert after["samples_gold"]["precision"] == 1.0
    assert after["samples_gold"]["precision"] > before["samples_gold"]["precision"]

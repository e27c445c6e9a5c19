"""The Store contract, run against every backend through the parametrised ``store`` fixture.

The documents are written here by hand: three differently worded reports of one drone attack on
Tower 22, two other attacks on the same day elsewhere, and claims about the number of attacks.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from marsad.errors import NotFound, SchemaTooNew, StoreError
from marsad.model import (
    Actor,
    ActorRef,
    Affiliation,
    Claim,
    Document,
    DocumentInfo,
    Event,
    Mention,
    Period,
    Place,
    PlaceRef,
    Relation,
    Report,
    ReportActor,
    ReportPlace,
    Role,
)
from marsad.store import EventFilter
from marsad.store.migrations import LATEST, MIGRATIONS

KH = ActorRef("kataib-hezbollah", "Kataib Hezbollah")
IRI = ActorRef("islamic-resistance-in-iraq", "Islamic Resistance in Iraq")
US = ActorRef("us-forces", "U.S. forces")
TOWER22 = PlaceRef(id="tower-22", name="Tower 22", admin1=None, country="JO", lat=33.32, lon=38.69)
JORDAN = PlaceRef(id=None, name="Jordan", admin1=None, country="JO")
ASAD = PlaceRef(id="ain-al-asad", name="Ain al-Asad", admin1="Al-Anbar", country="IQ", lat=33.8, lon=42.44)
ERBIL = PlaceRef(id="erbil-air-base", name="Erbil air base", admin1="Erbil", country="IQ", lat=36.24, lon=43.96)


def tiny_pack():
    """A pack-shaped object: three actors, two places, one dated affiliation and a leader role."""
    return SimpleNamespace(
        actors={
            "kataib-hezbollah": Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", sector="PRM",
                                      acled_inter=3, country="IQ", aliases=["KH", "Kata'ib Hizballah"]),
            "islamic-resistance-in-iraq": Actor("islamic-resistance-in-iraq", "Islamic Resistance in Iraq",
                                                "coalition", aliases=["IRI"]),
            "us-forces": Actor("us-forces", "U.S. forces", "state_force", country="US"),
            "abu-fadak": Actor("abu-fadak", "Abu Fadak al-Mohammedawi", "person",
                               roles=[Role(office="chief-of-staff-pmf", start="2020-02")],
                               ),
            "ahmed-al-hamidawi": Actor("ahmed-al-hamidawi", "Ahmed al-Hamidawi", "person",
                                       roles=[Role(office="secretary-general", organization="kataib-hezbollah",
                                                   start="2020")]),
        },
        places={
            "tower-22": Place("tower-22", "Tower 22", "base", "JO", None, 33.32, 38.69),
            "ain-al-asad": Place("ain-al-asad", "Ain al-Asad", "base", "IQ", "Al-Anbar", 33.8, 42.44),
        },
        affiliations=[Affiliation("kataib-hezbollah", "member_of", "islamic-resistance-in-iraq", start="2023-10")],
    )


def span(text: str, sub: str) -> Mention:
    i = text.index(sub)
    return Mention(sub, i, i + len(sub))


def pair(doc_id, published, text, events=(), claims=(), relations=(), actors=(), places=()):
    doc = Document(id=doc_id, text=text, published=published, title=f"Report {doc_id}", source="desk")
    rep = Report(
        document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc.title, published=published),
        actors=[ReportActor(a.id, a.name, mentions=[span(text, s)]) for a, s in actors],
        places=[ReportPlace(p.id, p.name, p.admin1, p.country, p.lat, p.lon, mentions=[span(text, s)]) for p, s in places],
        events=list(events), claims=list(claims), relations=list(relations), extractor="tests@1",
    )
    return doc, rep


def ev(text, sentence, date, place, src=None, tgt=None, type="ASSAULT", mode=None, fatalities=None,
       precision=None):
    return Event(type=type, mode=mode, date=date, date_precision=precision or {10: "day", 7: "month", 4: "year"}[len(date)],
                 evidence=span(text, sentence), location=place, source_actor=src, target_actor=tgt,
                 fatalities=fatalities, confidence=0.7)


A1 = ("AMMAN - A drone attack by Kataib Hezbollah killed three U.S. soldiers at Tower 22 in Jordan on Sunday. "
      "The Islamic Resistance in Iraq has claimed more than 170 attacks on U.S. forces since October.")
A2 = ("Three American service members died when a one-way drone struck the Tower 22 outpost near the Syrian "
      "border on Sunday, officials said. Officials counted about 150 attacks on American forces since October. "
      "Some 2,500 U.S. troops remain in Iraq.")
A3 = ("The Islamic Resistance in Iraq said on Tuesday that its fighters had hit a U.S. base in Jordan in late "
      "January; the death toll has risen to four.")
B1 = "Rockets struck Ain al-Asad air base in Anbar on Sunday, causing no casualties."
B2 = "A drone attack targeted the Erbil air base on Sunday."


def tower_reports():
    s1 = "A drone attack by Kataib Hezbollah killed three U.S. soldiers at Tower 22 in Jordan on Sunday."
    s2 = ("Three American service members died when a one-way drone struck the Tower 22 outpost near the Syrian "
          "border on Sunday, officials said.")
    s3 = A3
    a1 = pair("a1", "2024-01-28", A1,
              events=[ev(A1, s1, "2024-01-28", TOWER22, KH, US, mode="drone", fatalities=3)],
              claims=[Claim(value=170, unit="attacks", approximate=True, subject="attacks on U.S. forces",
                            period=Period("2023-10", "2024-01"),
                            evidence=span(A1, "more than 170 attacks on U.S. forces since October"))],
              relations=[Relation(KH, "member_of", IRI, span(A1, "Kataib Hezbollah killed"), 0.6)],
              actors=[(KH, "Kataib Hezbollah"), (US, "U.S. soldiers"), (IRI, "Islamic Resistance in Iraq")],
              places=[(TOWER22, "Tower 22")])
    a2 = pair("a2", "2024-01-29", A2,
              events=[ev(A2, s2, "2024-01-28", TOWER22, None, US, mode="drone", fatalities=3)],
              claims=[Claim(value=150, unit="attacks", approximate=True, subject="attacks on American forces",
                            evidence=span(A2, "about 150 attacks on American forces since October")),
                      Claim(value=2500, unit="troops", subject="U.S. troops in Iraq",
                            evidence=span(A2, "Some 2,500 U.S. troops remain in Iraq"))],
              actors=[(US, "American service members")], places=[(TOWER22, "Tower 22")])
    a3 = pair("a3", "2024-01-30", A3,
              events=[ev(A3, s3, "2024-01", JORDAN, IRI, US, fatalities=4)],
              actors=[(IRI, "Islamic Resistance in Iraq")])
    return [a1, a2, a3]


def other_attacks():
    b1 = pair("b1", "2024-01-28", B1, events=[ev(B1, B1, "2024-01-28", ASAD, None, US, mode="heavy-weapons")],
              places=[(ASAD, "Ain al-Asad")])
    b2 = pair("b2", "2024-01-28", B2, events=[ev(B2, B2, "2024-01-28", ERBIL, None, US, mode="drone")])
    return [b1, b2]


@pytest.fixture
def loaded(store):
    store.load_pack(tiny_pack())
    return store


def all_events(store, **kw):
    return store.events(EventFilter(**kw), limit=1000)


def tower(store):
    df = all_events(store, country="JO")
    assert len(df) == 1, df
    return store.event(df["id"].iloc[0])


# --------------------------------------------------------------------------- schema


def test_fresh_store_is_at_latest_schema(store):
    assert store.schema_version == LATEST
    m = store.migrations()
    assert m["version"].tolist() == [v for v, _ in MIGRATIONS] and m["version"].iloc[-1] == LATEST
    assert m["name"].iloc[0] == "initial"


def test_older_database_is_migrated(store_location):
    old = store_location.open(target_version=1)
    assert old.schema_version == 1
    old.ingest(tower_reports()[:1])
    assert "overrides" not in old._tables()
    old.close()
    new = store_location.open()
    assert new.schema_version == LATEST
    assert "overrides" in new._tables()
    assert new.documents()["id"].tolist() == ["a1"]
    eid = new.events()["id"].iloc[0]
    new.review("event", eid, "reject", user="ana")  # the migrated schema supports sticky review
    assert new.audit(eid)["action"].tolist() == ["reject"]


def test_newer_database_is_refused(store_location):
    s = store_location.open()
    s._exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (LATEST + 7, "from-the-future", "2030-01-01 00:00:00"))
    s.close()
    with pytest.raises(SchemaTooNew) as err:
        store_location.open()
    assert str(LATEST + 7) in err.value.message and "newer" in err.value.message


def test_migrate_false_refuses_an_old_schema(store_location):
    store_location.open(target_version=2).close()
    with pytest.raises(StoreError, match="schema version 2"):
        store_location.open(migrate=False)


# --------------------------------------------------------------------------- ingest


def test_ingest_is_idempotent(loaded):
    first = loaded.ingest(tower_reports() + other_attacks())
    assert first.new == 5 and first.unchanged == 0
    counts = (len(loaded.documents()), len(all_events(loaded)), len(loaded.claims()), len(loaded.relations()))
    again = loaded.ingest(tower_reports() + other_attacks(), batch_size=2)
    assert again.new == 0 and again.unchanged == 5 and again.events_new == 0
    assert (len(loaded.documents()), len(all_events(loaded)), len(loaded.claims()), len(loaded.relations())) == counts
    assert tower(loaded)["corroboration"] == 3


def test_changed_document_becomes_a_new_revision(loaded):
    loaded.ingest(tower_reports())
    text = A2.replace("Three American", "Two American").replace("about 150", "about 160")
    s2 = ("Two American service members died when a one-way drone struck the Tower 22 outpost near the Syrian "
          "border on Sunday, officials said.")
    revised = pair("a2", "2024-01-29", text,
                   events=[ev(text, s2, "2024-01-28", TOWER22, None, US, mode="drone", fatalities=2)],
                   claims=[Claim(value=160, unit="attacks", subject="attacks on American forces",
                                 evidence=span(text, "about 160 attacks on American forces since October"))])
    stats = loaded.ingest([revised])
    assert stats.revised == 1 and stats.new == 0
    docs = loaded.documents()
    assert int(docs.loc[docs["id"] == "a2", "revision"].iloc[0]) == 2
    assert loaded.document("a2")["text"] == text
    ev_ = tower(loaded)
    assert ev_["corroboration"] == 3
    a2_sources = [s for s in ev_["sources"] if s["doc_id"] == "a2"]
    assert [s["fatalities"] for s in a2_sources] == [2]  # the old revision's source is gone
    values = sorted(loaded.claims({"doc_id": "a2"})["value"].tolist())
    assert values == [160.0]  # old claims replaced, not added


def test_documents_and_spans(loaded):
    loaded.ingest(tower_reports())
    d = loaded.document("a1")
    assert d["text"] == A1 and d["reliability"] == "F" and d["revision"] == 1
    kinds = {s["kind"] for s in d["spans"]}
    assert {"actor", "place", "event", "claim", "relation"} <= kinds
    for s in d["spans"]:
        assert A1[s["start"]:s["end"]] == s["text"]
    with pytest.raises(NotFound):
        loaded.document("nope")


def test_failures_are_recorded_once(store):
    store.record_failure("bad.pdf", "not a PDF")
    store.record_failure("bad.pdf", "not a PDF")
    f = store.failed()
    assert f[["path", "reason"]].values.tolist() == [["bad.pdf", "not a PDF"]]


# --------------------------------------------------------------------------- fusion


def test_three_reports_of_one_attack_fuse(loaded):
    for item in tower_reports():  # one ingest call each: fusion is incremental
        loaded.ingest([item])
    e = tower(loaded)
    assert e["corroboration"] == 3 and len(e["sources"]) == 3
    assert {s["doc_id"] for s in e["sources"]} == {"a1", "a2", "a3"}
    assert e["first_reported"] == "2024-01-28" and e["first_document"] == "a1"
    assert e["date"] == "2024-01-28" and e["date_precision"] == "day"  # finest precision wins
    assert e["place_id"] == "tower-22"  # most specific place wins
    # actors: both names are kept per source; the fused one is the most recent source's (all grade F)
    assert e["source_actor_id"] == "islamic-resistance-in-iraq" and e["fused_from"]["source_actor_id"] == "a3"
    assert {s["doc_id"]: s["source_actor_id"] for s in e["sources"]} == {
        "a1": "kataib-hezbollah", "a2": None, "a3": "islamic-resistance-in-iraq"}
    for s in e["sources"]:
        assert s["evidence"]["text"] in {"A1": A1, "a1": A1, "a2": A2, "a3": A3}[s["doc_id"]]


def test_conflicting_fatalities_are_kept_per_source(loaded):
    loaded.ingest(tower_reports())
    e = tower(loaded)
    conflict = {c["doc_id"]: c["value"] for c in e["conflicts"]["fatalities"]}
    assert conflict == {"a1": 3, "a2": 3, "a3": 4}
    # all sources grade F: the most recent source's value is the fused one
    assert e["fatalities"] == 4 and e["fused_from"]["fatalities"] == "a3"
    loaded.review("document", "a1", "edit", field="reliability", value="B", user="ana")
    e = tower(loaded)
    assert e["fatalities"] == 3 and e["fused_from"]["fatalities"] == "a1"  # the more reliable source wins
    assert {c["doc_id"]: c["value"] for c in e["conflicts"]["fatalities"]}["a3"] == 4


def test_outlet_grade_applies_now_and_later_and_undoes(loaded):
    loaded.ingest(tower_reports()[:2])
    r = loaded.grade_source("desk", "B", user="ana")
    assert r["documents"] == 2 and r["before"] == {"reliability": None}
    assert loaded.document("a1")["reliability"] == "B"
    loaded.ingest(tower_reports()[2:])  # a later document from the graded outlet
    assert loaded.document("a3")["reliability"] == "B"
    assert loaded.sources().to_dict("records") == [{"source": "desk", "documents": 3, "reliability": "B"}]
    loaded.undo(r["audit_id"], user="ana")
    assert loaded.document("a1")["reliability"] == "F" and loaded.document("a3")["reliability"] == "F"
    assert loaded.sources()["reliability"].tolist() == [None]
    with pytest.raises(StoreError, match="reliability"):
        loaded.grade_source("desk", "G", user="ana")


def test_different_attacks_on_the_same_day_stay_apart(loaded):
    loaded.ingest(tower_reports() + other_attacks())
    df = all_events(loaded, start="2024-01-28", end="2024-01-28")
    assert sorted(df["place_id"].tolist()) == ["ain-al-asad", "erbil-air-base", "tower-22"]
    assert len(all_events(loaded)) == 3


def test_incompatible_actors_do_not_fuse(store):
    text = "Turkish drones struck Tower 22 on Sunday."
    other = pair("t1", "2024-01-28", text, events=[
        ev(text, text, "2024-01-28", TOWER22, ActorRef("turkey", "Turkey"), US, mode="drone")])
    store.ingest(tower_reports()[:1] + [other])
    assert len(all_events(store)) == 2  # no pack link between Turkey and Kataib Hezbollah


def test_event_ids_are_deterministic(store_location, tmp_path):
    s = store_location.open()
    s.ingest(tower_reports() + other_attacks())
    ids = sorted(s.events(limit=100)["id"])
    from marsad.store import open_store

    other = open_store(str(tmp_path / "other.duckdb"))
    other.ingest(tower_reports() + other_attacks(), batch_size=1)
    assert sorted(other.events(limit=100)["id"]) == ids
    other.close()


# --------------------------------------------------------------------------- claims


def test_claims_about_one_quantity_are_grouped(loaded):
    loaded.ingest(tower_reports())
    claims = loaded.claims()
    assert sorted(claims["value"].tolist()) == [150.0, 170.0, 2500.0]
    assert set(claims["as_of"]) == {"2024-01-28", "2024-01-29"}
    groups = loaded.claim_groups()
    attacks = groups[groups["unit"] == "attacks"]
    assert len(attacks) == 1
    g = attacks.iloc[0]
    assert g["claims"] == 2 and g["documents"] == 2 and g["disagree"]
    assert (g["min_value"], g["max_value"]) == (150.0, 170.0)
    assert {(v["doc_id"], v["value"], v["as_of"]) for v in g["values"]} == {
        ("a1", 170.0, "2024-01-28"), ("a2", 150.0, "2024-01-29")}
    assert len(groups[groups["unit"] == "troops"]) == 1
    in_group = loaded.claims({"group": g["id"]})
    assert len(in_group) == 2


def test_claim_filters(loaded):
    loaded.ingest(tower_reports())
    assert loaded.claims({"unit": "troops"})["value"].tolist() == [2500.0]
    assert len(loaded.claims({"text": "american"})) == 1
    assert sorted(loaded.claims(EventFilter(actor="islamic-resistance-in-iraq"))["value"]) == [170.0]
    assert len(loaded.claims({"start": "2023-11", "end": "2023-12"})) == 1  # only the one with a period
    with pytest.raises(StoreError, match="start"):
        loaded.claims({"start": "soon"})
    with pytest.raises(StoreError, match="colour"):
        loaded.claims({"colour": "red"})


# --------------------------------------------------------------------------- review


def test_review_confirm_edit_and_undo_with_audit(loaded):
    loaded.ingest(tower_reports() + other_attacks())
    eid = tower(loaded)["id"]
    r = loaded.review("event", eid, "confirm", user="ana", note="video")
    assert r["before"] == {"status": "draft"} and r["after"] == {"status": "confirmed"}
    e = loaded.review("event", eid, "edit", field="fatalities", value=3, user="bo")
    assert loaded.event(eid)["fatalities"] == 3 and "fatalities" in loaded.event(eid)["edited"]
    log = loaded.audit(eid)
    assert log["action"].tolist() == ["edit", "confirm"]
    assert log["user"].tolist() == ["bo", "ana"]
    assert log["before"].iloc[0] == {"fatalities": 4}
    assert log["note"].iloc[1] == "video"
    u = loaded.undo(e["audit_id"], user="ana")
    assert u["restored"] == {"fatalities": 4}
    assert loaded.event(eid)["fatalities"] == 4
    assert loaded.audit(eid)["action"].tolist() == ["undo", "edit", "confirm"]
    with pytest.raises(StoreError, match="already undone"):
        loaded.undo(e["audit_id"], user="ana")
    loaded.undo(r["audit_id"], user="ana")
    assert loaded.event(eid)["status"] == "draft"
    with pytest.raises(NotFound):
        loaded.undo("au-nothing", user="ana")


def test_undo_reverts_only_its_own_change(loaded):
    loaded.ingest(tower_reports())
    eid = tower(loaded)["id"]
    confirm = loaded.review("event", eid, "confirm", user="ana")
    loaded.review("event", eid, "edit", field="fatalities", value=3, user="bo")
    loaded.undo(confirm["audit_id"], user="ana")
    loaded.ingest([pair("a5", "2024-02-02", "Three died at Tower 22 on Jan 28.", events=[
        ev("Three died at Tower 22 on Jan 28.", "Three died at Tower 22 on Jan 28.", "2024-01-28", TOWER22,
           None, US, fatalities=5)])])
    e = loaded.event(eid)
    assert e["corroboration"] == 4
    assert e["status"] == "draft" and e["fatalities"] == 3  # the later edit survives the undo


def test_bad_reviews(loaded):
    loaded.ingest(tower_reports())
    eid = tower(loaded)["id"]
    with pytest.raises(NotFound):
        loaded.review("event", "ev-none", "confirm", user="ana")
    with pytest.raises(StoreError, match="gossip"):
        loaded.review("gossip", eid, "confirm", user="ana")
    with pytest.raises(StoreError, match="approve"):
        loaded.review("event", eid, "approve", user="ana")
    with pytest.raises(StoreError, match="credibility"):
        loaded.review("event", eid, "edit", field="credibility", value=9, user="ana")
    with pytest.raises(StoreError, match="colour"):
        loaded.review("event", eid, "edit", field="colour", value="red", user="ana")
    with pytest.raises(StoreError, match="reliability"):
        loaded.review("document", "a1", "edit", field="reliability", value="Z", user="ana")
    loaded.review("event", eid, "edit", field="credibility", value=2, user="ana")
    assert loaded.event(eid)["credibility"] == 2


def test_rejected_event_stays_rejected(loaded):
    loaded.ingest(other_attacks())
    eid = all_events(loaded, admin1="Al-Anbar")["id"].iloc[0]
    loaded.review("event", eid, "reject", user="ana")
    loaded.ingest(other_attacks())  # same documents again
    assert loaded.event(eid)["status"] == "rejected"
    text = B1.replace("no casualties", "no casualties, the coalition said")
    revised = pair("b1", "2024-01-28", text, events=[
        ev(text, text, "2024-01-28", ASAD, None, US, mode="heavy-weapons")])
    assert loaded.ingest([revised]).revised == 1  # new revision, same event id
    assert loaded.event(eid)["status"] == "rejected"
    assert all_events(loaded, status="rejected")["id"].tolist() == [eid]


def test_rejected_claim_and_mention_stay_rejected_across_revisions(loaded):
    loaded.ingest(tower_reports())
    claim = loaded.claims({"unit": "troops"})["id"].iloc[0]
    loaded.review("claim", claim, "reject", user="ana")
    mention = next(s for s in loaded.document("a2")["spans"] if s["kind"] == "actor")["id"]
    loaded.review("mention", mention, "reject", user="ana")
    doc, rep = tower_reports()[1]
    doc.text += " More reports followed."
    rep.document.sha256 = doc.sha256
    assert loaded.ingest([(doc, rep)]).revised == 1
    assert loaded.claims({"unit": "troops"})["status"].tolist() == ["rejected"]
    assert next(s for s in loaded.document("a2")["spans"] if s["id"] == mention)["status"] == "rejected"
    groups = loaded.claim_groups()
    assert groups[groups["unit"] == "troops"].empty  # rejected claims leave the group listing


def test_edited_value_survives_reingest(loaded):
    loaded.ingest(tower_reports())
    eid = tower(loaded)["id"]
    loaded.review("event", eid, "edit", field="fatalities", value=3, user="ana")
    loaded.ingest([pair("a4", "2024-02-01", "Four died at Tower 22 on Jan 28.", events=[
        ev("Four died at Tower 22 on Jan 28.", "Four died at Tower 22 on Jan 28.", "2024-01-28", TOWER22, None, US,
           fatalities=4)])])
    e = loaded.event(eid)
    assert e["corroboration"] == 4 and e["fatalities"] == 3 and e["status"] == "edited"


def test_merge_and_undo_events(loaded):
    loaded.ingest(other_attacks())
    a = all_events(loaded, admin1="Al-Anbar")["id"].iloc[0]
    b = all_events(loaded, admin1="Erbil")["id"].iloc[0]
    audit_id = loaded.merge("event", a, b, user="ana")
    assert b not in set(all_events(loaded)["id"])
    assert loaded.event(a)["corroboration"] == 2
    assert loaded.event(b)["merged_into"] == a
    with pytest.raises(StoreError, match="same"):
        loaded.merge("event", a, a, user="ana")
    loaded.undo(audit_id, user="bo")
    assert set(all_events(loaded)["id"]) == {a, b}
    assert loaded.event(a)["corroboration"] == 1 and loaded.event(b)["corroboration"] == 1


def test_merge_and_undo_actors(loaded):
    loaded.ingest(tower_reports())
    loaded.ingest([pair("g1", "2024-02-01", "Gunmen fired on U.S. forces in Jordan.", events=[
        ev("Gunmen fired on U.S. forces in Jordan.", "Gunmen fired on U.S. forces in Jordan.", "2024-02-01",
           JORDAN, ActorRef(None, "Gunmen"), US, mode="firearms")])])
    assert "unk-gunmen" in set(loaded.actors(limit=100)["id"])
    iri = "islamic-resistance-in-iraq"
    audit_id = loaded.merge("actor", iri, "unk-gunmen", user="ana")
    assert len(all_events(loaded, actor=iri)) == 2
    assert "unk-gunmen" not in set(loaded.actors(limit=100)["id"])
    assert loaded.audit(iri)["action"].tolist() == ["merge"]  # found by the kept id too
    loaded.undo(audit_id, user="ana")
    assert len(all_events(loaded, actor=iri)) == 1
    assert len(all_events(loaded, actor="unk-gunmen")) == 1


# --------------------------------------------------------------------------- queries


def many_events(n: int):
    out = []
    for i in range(n):
        text = f"Attack number {i} hit a checkpoint."
        place = PlaceRef(id=f"checkpoint-{i}", name=f"Checkpoint {i}", admin1="Diyala" if i % 2 else "Baghdad",
                         country="IQ")
        out.append(pair(f"m{i:02d}", f"2023-0{1 + i % 9}-15", text, events=[
            ev(text, text, f"2023-0{1 + i % 9}-1{i % 10}", place, KH if i % 3 == 0 else None, US,
               type="ASSAULT" if i % 4 else "PROTEST", mode=None)]))
    return out


def walk(fetch) -> tuple[list[str], int]:
    """Every id from ``fetch(cursor)`` pages, following ``df.attrs['cursor']``; and the page count."""
    seen, cursor, pages = [], None, 0
    while True:
        page = fetch(cursor)
        seen += page["id"].tolist()
        cursor = page.attrs["cursor"]
        pages += 1
        if not cursor:
            return seen, pages
        assert pages < 100, "the cursor does not advance"


def test_cursor_pagination_is_complete_and_stable(store):
    store.ingest(many_events(23))
    seen, pages = walk(lambda c: store.events(limit=5, cursor=c))
    assert len(seen) == len(set(seen)) == 23 and pages == 5
    assert seen == store.events(limit=100)["id"].tolist()
    # the id of the last row seen works as a cursor too
    first = store.events(limit=4)
    assert store.events(limit=4, cursor=first["id"].iloc[-1])["id"].tolist() == seen[4:8]
    docs, _ = walk(lambda c: store.documents(limit=7, cursor=c))
    assert sorted(docs) == sorted(f"m{i:02d}" for i in range(23))
    with pytest.raises(StoreError, match="cursor"):
        store.events(cursor="garbage!")


def test_event_filters(loaded):
    loaded.ingest(tower_reports() + other_attacks() + many_events(8))
    n = len(all_events(loaded))
    assert n == 11
    assert set(all_events(loaded, type="PROTEST")["type"]) == {"PROTEST"}
    assert len(all_events(loaded, type=["ASSAULT", "PROTEST"])) == n
    assert len(all_events(loaded, start="2024-01")) == 3
    assert len(all_events(loaded, end="2023-12-31")) == 8
    assert len(all_events(loaded, country="jo")) == 1
    assert len(all_events(loaded, admin1="diyala")) == 4
    assert len(all_events(loaded, admin1="Al-Anbar,Erbil")) == 2
    assert len(all_events(loaded, min_corroboration=3)) == 1
    assert len(all_events(loaded, mode="drone")) == 2
    assert len(all_events(loaded, text="one-way drone")) == 1
    assert len(all_events(loaded, place="tower-22")) == 1
    assert len(all_events(loaded, status="draft")) == n
    kh = all_events(loaded, actor="kataib-hezbollah")
    assert len(kh) == 3  # three checkpoint attacks in 2023
    iri = all_events(loaded, actor="islamic-resistance-in-iraq")
    assert iri["id"].tolist() == [tower(loaded)["id"]]  # the fused Tower 22 source actor
    # KH is a member of the IRI from 2023-10 on: its 2023 attacks are not the IRI's ...
    iri_aff = all_events(loaded, actor="islamic-resistance-in-iraq", include_affiliates=True)
    assert iri_aff["id"].tolist() == [tower(loaded)["id"]]
    # ... but the IRI's 2024 attack is an affiliate's event for KH
    kh_aff = all_events(loaded, actor="kataib-hezbollah", include_affiliates=True)
    assert len(kh_aff) == 4 and tower(loaded)["id"] in set(kh_aff["id"])
    assert loaded.count_events(EventFilter(country="IQ")) == 10


@pytest.mark.parametrize("kw, word", [
    ({"type": "BOMBING"}, "type"),
    ({"start": "2024-13-01"}, "start"),
    ({"end": "yesterday"}, "end"),
    ({"start": "2024-03-01", "end": "2024-01-01"}, "after"),
    ({"type": "ASSAULT", "mode": "laser"}, "mode"),
    ({"country": "Iraq"}, "country"),
    ({"status": "maybe"}, "status"),
    ({"min_corroboration": -1}, "min_corroboration"),
    ({"min_corroboration": "two"}, "min_corroboration"),
    ({"include_affiliates": "perhaps"}, "include_affiliates"),
])
def test_bad_filters_are_refused(store, kw, word):
    with pytest.raises(StoreError) as err:
        store.events(EventFilter(**kw))
    assert word in err.value.message


def test_bad_query_arguments(store):
    with pytest.raises(StoreError, match="limit"):
        store.events(limit=0)
    with pytest.raises(StoreError, match="kind"):
        store.actors(kind="militia")
    with pytest.raises(StoreError, match="likes"):
        store.relations(type="likes")
    with pytest.raises(StoreError, match="by"):
        store.stats(by="decade")
    with pytest.raises(NotFound):
        store.event("ev-none")
    with pytest.raises(NotFound):
        store.actor("nobody")


def test_stats(loaded):
    loaded.ingest(tower_reports() + other_attacks() + many_events(8))
    s = loaded.stats()
    assert s["totals"]["events"] == 11
    assert s["totals"]["fatalities"] == 4 and type(s["totals"]["fatalities"]) is int
    assert s["totals"]["sources"] == 13 and s["totals"]["first"] == "2023-01-10"
    assert {"period": "2024-01", "type": "ASSAULT", "count": 3} in s["series"]
    assert s["by_type"] == {"ASSAULT": 9, "PROTEST": 2}
    assert s["by_country"]["IQ"] == 10
    y = loaded.stats(EventFilter(type="PROTEST"), by="year")
    assert y["series"] == [{"period": "2023", "type": "PROTEST", "count": 2}]
    t = loaded.timeline("kataib-hezbollah")
    assert int(t["events"].sum()) == 3


def test_actor_profile(loaded):
    loaded.ingest(tower_reports() + other_attacks() + many_events(4))
    p = loaded.actor("kataib-hezbollah")
    assert p["name"] == "Kataib Hezbollah" and p["sector"] == "PRM" and p["acled_inter"] == 3
    assert "KH" in p["aliases"]
    affs = {(a["type"], a["target"], a["origin"]) for a in p["affiliations"]}
    assert ("member_of", "islamic-resistance-in-iraq", "pack") in affs
    assert ("member_of", "islamic-resistance-in-iraq", "document") in affs  # from report a1, with its span
    doc_aff = next(a for a in p["affiliations"] if a["origin"] == "document")
    assert doc_aff["doc_id"] == "a1" and doc_aff["evidence"]["text"] == "Kataib Hezbollah killed"
    assert [ld["id"] for ld in p["leaders"]] == ["ahmed-al-hamidawi"]
    assert len(p["events_as_source"]) == 2 and p["events_as_target"] == []
    # the figure in a1 is the Islamic Resistance's claim, in a sentence that does not name KH
    assert p["claims"] == []
    iri = loaded.actor("islamic-resistance-in-iraq")
    assert [c["doc_id"] for c in iri["claims"]] == ["a1"]
    assert any(a["direction"] == "incoming" for a in iri["affiliations"])
    us = loaded.actor("us-forces")
    assert len(us["events_as_target"]) == 7


def test_actor_and_place_lists(loaded):
    loaded.ingest(tower_reports())
    found = loaded.actors("kata")
    assert found["id"].iloc[0] == "kataib-hezbollah"
    assert loaded.actors("KH")["id"].iloc[0] == "kataib-hezbollah"  # alias match
    assert set(loaded.actors(kind="person")["id"]) == {"abu-fadak", "ahmed-al-hamidawi"}
    places = loaded.places()
    assert places["id"].iloc[0] == "tower-22" and int(places["events"].iloc[0]) == 1
    assert loaded.places("asad")["id"].tolist() == ["ain-al-asad"]


def test_relations(loaded):
    loaded.ingest(tower_reports())
    rel = loaded.relations()
    assert rel[["source_id", "type", "target_id"]].values.tolist() == [
        ["kataib-hezbollah", "member_of", "islamic-resistance-in-iraq"]]
    assert len(loaded.relations(actor="islamic-resistance-in-iraq")) == 1
    assert len(loaded.relations(type="opposes")) == 0


def test_affiliations_list_pack_links_and_extracted_relations(loaded):
    loaded.ingest(tower_reports())
    df = loaded.affiliations()
    rows = {(r["origin"], r["source"], r["type"], r["target"]): r for r in df.to_dict("records")}
    assert set(rows) == {
        ("pack", "kataib-hezbollah", "member_of", "islamic-resistance-in-iraq"),
        ("document", "kataib-hezbollah", "member_of", "islamic-resistance-in-iraq"),
    }
    pack = rows[("pack", "kataib-hezbollah", "member_of", "islamic-resistance-in-iraq")]
    assert pack["start_date"] == "2023-10" and pack["source_name"] == "Kataib Hezbollah"
    doc = rows[("document", "kataib-hezbollah", "member_of", "islamic-resistance-in-iraq")]
    assert doc["doc_id"] == "a1" and doc["as_of"] == "2024-01-28" and doc["status"] == "draft"
    assert A1[int(doc["span_start"]):int(doc["span_end"])] == doc["evidence"] == "Kataib Hezbollah killed"
    assert df["origin"].tolist() == ["pack", "document"]  # oldest first: pack since 2023-10
    assert loaded.affiliations(actor="us-forces").empty
    assert len(loaded.affiliations(actor="islamic-resistance-in-iraq")) == 2  # either end
    assert loaded.affiliations(type="backs").empty
    assert len(loaded.affiliations(type="member_of,backs")) == 2
    # as_of: pack links in force then, relations from documents published by then
    assert loaded.affiliations(as_of="2023-06").empty
    assert loaded.affiliations(as_of="2023-11")["origin"].tolist() == ["pack"]
    assert loaded.affiliations(as_of="2024-01")["origin"].tolist() == ["pack", "document"]
    loaded.review("relation", doc["id"], "reject", user="ana")
    assert loaded.affiliations()["origin"].tolist() == ["pack"]  # rejected relations are left out
    with pytest.raises(StoreError, match="as_of"):
        loaded.affiliations(as_of="last year")


def test_counts_group_events_by_period_and_actor_in_one_query(loaded):
    from collections import Counter

    loaded.ingest(tower_reports() + other_attacks() + many_events(8))
    expected = Counter()
    for e in all_events(loaded).to_dict("records"):
        for a in {x for x in (e["source_actor_id"], e["target_actor_id"]) if isinstance(x, str)}:
            expected[(e["date"][:7], a)] += 1  # an event between two actors counts for both
    df = loaded.counts(by=("period", "actor"))
    assert list(df.columns) == ["period", "actor", "n", "actor_name"]
    assert {(r["period"], r["actor"]): r["n"] for r in df.to_dict("records")} == dict(expected)
    assert df["period"].tolist() == sorted(df["period"])
    assert set(df.loc[df.actor == "us-forces", "actor_name"]) == {"U.S. forces"}
    totals = Counter()
    for (_, a), n in expected.items():
        totals[a] += n
    busiest = max(totals, key=lambda a: (totals[a], a))
    top1 = loaded.counts(by=("period", "actor"), top=1)
    assert set(top1["actor"]) == {busiest} and int(top1["n"].sum()) == totals[busiest]
    protests = loaded.counts(EventFilter(type="PROTEST"), by=("period", "actor"), period="year")
    assert protests[["period", "actor", "n"]].values.tolist() == [
        ["2023", "us-forces", 2], ["2023", "kataib-hezbollah", 1]]  # most events first
    assert dict(zip(*loaded.counts(by="type")[["type", "n"]].T.values, strict=True)) == loaded.stats()["by_type"]
    week = loaded.counts(EventFilter(country="JO"), by=("period",), period="week")
    assert week.to_dict("records") == [{"period": "2024-01-22", "n": 1}]  # labelled by its Monday
    with pytest.raises(StoreError, match="by="):
        loaded.counts(by=("period", "colour"))
    with pytest.raises(StoreError, match="period="):
        loaded.counts(period="decade")


def test_leaders_are_one_row_per_leader_with_every_provenance(store):
    pack = tiny_pack()
    pack.affiliations.append(Affiliation("ahmed-al-hamidawi", "leads", "kataib-hezbollah", start="2020"))
    store.load_pack(pack)
    hamidawi = ActorRef("ahmed-al-hamidawi", "Ahmed al-Hamidawi")
    fadak = ActorRef("abu-fadak", "Abu Fadak al-Mohammedawi")
    c1 = "Kataib Hezbollah, led by Ahmed al-Hamidawi, announced a pause."
    c2 = "Ahmed al-Hamidawi, the leader of Kataib Hezbollah, spoke on Sunday."
    c3 = "Abu Fadak al-Mohammedawi was said to lead Kataib Hezbollah."
    store.ingest([
        pair("c1", "2024-01-30", c1, relations=[Relation(hamidawi, "leads", KH, span(c1, "led by Ahmed al-Hamidawi"), 0.8)],
             actors=[(KH, "Kataib Hezbollah"), (hamidawi, "Ahmed al-Hamidawi")]),
        pair("c2", "2024-02-04", c2, relations=[Relation(hamidawi, "leads", KH, span(c2, "the leader of Kataib Hezbollah"), 0.8)],
             actors=[(hamidawi, "Ahmed al-Hamidawi")]),
        pair("c3", "2024-02-05", c3, relations=[Relation(fadak, "leads", KH, span(c3, "said to lead Kataib Hezbollah"), 0.5)],
             actors=[(fadak, "Abu Fadak al-Mohammedawi")]),
    ])
    leaders = store.actor("kataib-hezbollah")["leaders"]
    assert [ld["id"] for ld in leaders] == ["ahmed-al-hamidawi", "abu-fadak"]
    h, f = leaders
    assert h["origin"] == "pack+document" and h["start"] == "2020" and h["office"] == "secretary-general"
    assert h["doc_ids"] == ["c1", "c2"]
    docs = [p for p in h["provenance"] if p["origin"] == "document"]
    assert [p["evidence"]["text"] for p in docs] == ["led by Ahmed al-Hamidawi", "the leader of Kataib Hezbollah"]
    assert len([p for p in h["provenance"] if p["origin"] == "pack"]) == 2  # the pack link and the role
    assert f["origin"] == "document" and f["start"] == "2024-02-05" and f["doc_ids"] == ["c3"]
    rel = store.relations(actor="abu-fadak")["id"].iloc[0]
    store.review("relation", rel, "reject", user="ana")
    assert [ld["id"] for ld in store.actor("kataib-hezbollah")["leaders"]] == ["ahmed-al-hamidawi"]


def test_places_paginate_with_a_cursor(loaded):
    loaded.ingest(tower_reports() + other_attacks() + many_events(5))
    everything = loaded.places(limit=1000)["id"].tolist()
    assert len(everything) == 2 + 1 + 5  # pack places, Erbil air base, the checkpoints
    seen, pages = walk(lambda c: loaded.places(limit=3, cursor=c))
    assert seen == everything and pages == 3
    assert loaded.places(limit=2, cursor=everything[1])["id"].tolist() == everything[2:4]  # an id works too
    assert loaded.places("checkpoint", limit=2, cursor=loaded.places("checkpoint", limit=2).attrs["cursor"])[
        "id"].tolist() == [p for p in everything if p.startswith("checkpoint")][2:4]
    with pytest.raises(StoreError, match="cursor"):
        loaded.places(cursor="no-such-place")


@pytest.mark.postgres
def test_concurrent_writers_do_not_duplicate(pg_location):
    """Two analysts ingesting the same reports at once: PostgreSQL writers are serialised by an
    advisory lock (a DuckDB file has a single writing process by design, so PostgreSQL only)."""
    import threading

    a, b = pg_location.open(), pg_location.open()
    a.load_pack(tiny_pack())
    errors = []

    def work(s):
        try:
            s.ingest(tower_reports() + other_attacks(), batch_size=1)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(a.documents()) == 5 and len(all_events(a)) == 3
    assert tower(a)["corroboration"] == 3


def test_profile_links_are_one_row_per_link_and_respect_the_packs_dates(store):
    pack = tiny_pack()
    pack.affiliations.append(Affiliation("abu-fadak", "leads", "kataib-hezbollah", start="2007", end="2020-01-03"))
    store.load_pack(pack)
    fadak = ActorRef("abu-fadak", "Abu Fadak al-Mohammedawi")
    texts = {
        "m1": "Kataib Hezbollah, a member of the Islamic Resistance in Iraq, fired rockets.",
        "m2": "The Islamic Resistance in Iraq, which includes Kataib Hezbollah, spoke.",
        "m3": "Kataib Hezbollah joined the Islamic Resistance in Iraq.",
        "m4": "Kataib Hezbollah, founded and led by Abu Fadak al-Mohammedawi, held a rally.",
    }
    reports = []
    for (doc_id, text), day in zip(texts.items(), ("2024-01-02", "2024-01-09", "2024-01-16", "2024-02-01"), strict=True):
        if doc_id == "m4":
            rel = Relation(fadak, "leads", KH, span(text, "led by Abu Fadak al-Mohammedawi"), 0.7)
            acts = [(KH, "Kataib Hezbollah"), (fadak, "Abu Fadak al-Mohammedawi")]
        else:
            rel = Relation(KH, "member_of", IRI, span(text, "Kataib Hezbollah"), 0.6)
            acts = [(KH, "Kataib Hezbollah"), (IRI, "Islamic Resistance in Iraq")]
        reports.append(pair(doc_id, day, text, relations=[rel], actors=acts))
    store.ingest(reports)
    p = store.actor("kataib-hezbollah")
    member = [x for x in p["links"] if x["type"] == "member_of"]
    assert len(member) == 1, "three documents and the pack state one membership"
    m = member[0]
    assert m["origin"] == "pack+document" and m["start"] == "2023-10" and m["doc_ids"] == ["m1", "m2", "m3"]
    assert (m["first_seen"], m["last_seen"]) == ("2024-01-02", "2024-01-16") and m["after_end"] == []
    leads = [x for x in p["links"] if x["type"] == "leads"]
    assert len(leads) == 1 and leads[0]["end"] == "2020-01-03" and leads[0]["after_end"] == ["m4"]
    # the leader list keeps the pack's period; the later document is history, not a new period
    leaders = p["leaders"]
    assert [(ld["id"], ld["start"], ld["end"]) for ld in leaders if ld["id"] == "abu-fadak"] == [
        ("abu-fadak", "2007", "2020-01-03")]
    assert next(ld for ld in leaders if ld["id"] == "abu-fadak")["after_end"] == ["m4"]


def test_claims_of_a_profile_are_about_the_actor(store):
    store.load_pack(tiny_pack())
    t = ("Kataib Hezbollah fired 12 rockets at the base. Separately, the ministry counted 329 seats. "
         "Officials said 40 attacks on Kataib Hezbollah positions were recorded.")
    store.ingest([pair("k1", "2024-01-05", t, claims=[
        Claim(value=12, unit="rockets", evidence=span(t, "12 rockets")),
        Claim(value=329, unit="seats", evidence=span(t, "329 seats")),
        Claim(value=40, unit="attacks", subject="attacks on Kataib Hezbollah positions",
              evidence=span(t, "40 attacks on Kataib Hezbollah positions")),
    ], actors=[(KH, "Kataib Hezbollah")])])
    got = sorted(int(c["value"]) for c in store.actor("kataib-hezbollah")["claims"])
    assert got == [12, 40]  # the seats are in the same document, but not about it
    assert store.actor("us-forces")["claims"] == []

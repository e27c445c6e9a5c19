import json

import pytest

from marsad.errors import ModelError
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
    PlaceRef,
    Relation,
    Report,
    ReportActor,
    ReportPlace,
    Role,
    check_date,
    content_id,
    precision_of,
)

TEXT = "Drones struck Harir Air Base on Sunday, officials said. About 40 attacks followed."


def _m(s: str) -> Mention:
    i = TEXT.index(s)
    return Mention(s, i, i + len(s))


def _report() -> Report:
    ev = Mention(TEXT[:39], 0, 39)
    return Report(
        document=DocumentInfo(id="x1", sha256="ab" * 32, title="T", published="2024-02-05"),
        actors=[ReportActor("us-forces", "U.S. forces", "state_force", [Mention("Drones", 0, 6)], reason="alias")],
        places=[ReportPlace("harir", "Harir Air Base", "Erbil", "IQ", 36.5, 44.3, [_m("Harir Air Base")])],
        events=[
            Event(
                type="ASSAULT",
                mode="drone",
                subtype="drone_attack",
                evidence=ev,
                date="2024-02-04",
                date_precision="day",
                date_text="on Sunday",
                location=PlaceRef("harir", "Harir Air Base", "Erbil", "IQ"),
                source_actor=None,
                target_actor=ActorRef("us-forces", "U.S. forces"),
                fatalities=0,
                certainty="reported",
                confidence=0.7,
                mentions=[_m("attacks")],
            )
        ],
        claims=[Claim(40, "attacks", _m("About 40 attacks"), approximate=True, period=Period("2023-10", "2024-02"))],
        relations=[Relation(ActorRef("iran", "Iran"), "backs", ActorRef(None, "Unknown Brigade"), ev)],
        extractor="marsad.extract@0.1.0",
    )


def test_report_round_trips_through_json():
    r = _report()
    again = Report.from_json(r.to_json())
    assert again == r
    assert again.to_dict() == r.to_dict()


def test_report_dict_uses_public_keys():
    d = _report().to_dict()
    assert set(d) >= {"document", "actors", "places", "events", "claims", "relations"}
    ev = d["events"][0]
    for key in ("type", "mode", "subtype", "date", "date_precision", "location", "source_actor",
                "target_actor", "fatalities", "injuries", "certainty", "evidence", "confidence"):
        assert key in ev
    assert ev["source_actor"] is None
    assert d["claims"][0]["value"] == 40 and isinstance(d["claims"][0]["value"], int)
    json.dumps(d)  # serialisable


def test_check_spans_reports_offset_mismatch():
    r = _report()
    assert r.check_spans(TEXT) == []
    r.actors[0].mentions[0] = Mention("Drones", 1, 7)
    problems = r.check_spans(TEXT)
    assert len(problems) == 1 and "1:7" in problems[0]


@pytest.mark.parametrize("value", ["2024", "2024-02", "2024-02-29", None])
def test_check_date_accepts_iso_prefixes(value):
    assert check_date(value) == value


@pytest.mark.parametrize("value", ["2024-13", "24-01-01", "2024-02-30x", "February 2024", "2024-00"])
def test_check_date_rejects_others(value):
    with pytest.raises(ModelError):
        check_date(value)


def test_precision_of():
    assert [precision_of(x) for x in ("2024-01-28", "2024-01", "2024", None)] == ["day", "month", "year", None]


def test_document_ids_are_content_derived_and_stable():
    a = Document.from_text("same text")
    b = Document.from_text("same text", title="other title")
    c = Document.from_text("other text")
    assert a.id == b.id == content_id("same text") and a.id != c.id
    assert Document.from_text("x", id="given").id == "given"


def test_affiliation_active_on_respects_precision():
    a = Affiliation("a", "leads", "b", start="2020-01", end="2023-06-15")
    assert a.active_on("2020-01-01") and a.active_on("2020") and a.active_on("2023-06")
    assert not a.active_on("2019-12-31") and not a.active_on("2023-06-16") and not a.active_on("2024")
    assert Affiliation("a", "backs", "b").active_on("1999")


def test_actor_round_trip_with_roles():
    a = Actor("x", "X", "person", roles=[Role("prime-minister-iraq", "2020-05-07", "2022-10-27")])
    assert Actor.from_dict(a.to_dict()) == a


def test_extract_report_is_the_one_call_api():
    import marsad
    import marsad.extract.dates  # noqa: F401  (binds marsad.extract to the subpackage)

    doc = {"id": "t1", "text": "Rockets struck Camp Taji on Sunday.", "published": "2024-02-05"}
    first = marsad.extract_report(doc)
    assert first.document.id == "t1" and first.events


def test_the_old_extract_call_still_works_with_a_deprecation_warning():
    import pytest

    import marsad
    import marsad.extract.dates  # noqa: F401

    doc = {"id": "t1", "text": "Rockets struck Camp Taji on Sunday.", "published": "2024-02-05"}
    with pytest.warns(DeprecationWarning, match="extract_report"):
        old = marsad.extract(doc)
    assert old.to_dict() == marsad.extract_report(doc).to_dict()


def test_record_to_dict_matches_dataclasses_asdict_and_copies_containers():
    import dataclasses

    role = Role(office="secretary-general", organization="kataib-hezbollah", start="2019-01")
    actor = Actor(id="x", name="X", kind="person", aliases=["X one", "X two"], roles=[role],
                  titles=["commander"])
    for record in (actor, role, _m("Drones"), ActorRef(id=None, name="gunmen"),
                   Document(id="d", text=TEXT)):
        assert record.to_dict() == dataclasses.asdict(record)
    d = actor.to_dict()
    d["aliases"].append("changed")
    d["roles"][0]["office"] = "changed"
    assert actor.aliases == ["X one", "X two"]
    assert actor.roles[0].office == "secretary-general"

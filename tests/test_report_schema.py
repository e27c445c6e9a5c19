"""The report JSON Schema matches Report.to_dict() and rejects broken reports."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from marsad.extract.schema import report_schema, validate_report
from marsad.model import (
    ActorRef,
    Claim,
    DocumentInfo,
    Event,
    Mention,
    Period,
    PlaceRef,
    Relation,
    Report,
    ReportActor,
    ReportPlace,
    sha256,
)

TEXT = ("BAGHDAD — Kata'ib Hizballah drones struck Tower 22 on Sunday, killing three soldiers. "
        "There have been more than 170 attacks on U.S. forces since October 2023.")


def span(s: str) -> Mention:
    i = TEXT.index(s)
    return Mention(text=s, start=i, end=i + len(s))


def build_report() -> Report:
    kh = ActorRef(id="kataib-hezbollah", name="Kataib Hezbollah")
    us = ActorRef(id="us-forces", name="U.S. forces")
    return Report(
        document=DocumentInfo(id="d99", sha256=sha256(TEXT), title="Test", published="2024-02-04"),
        actors=[ReportActor(id="kataib-hezbollah", name="Kataib Hezbollah", kind="armed_group",
                            mentions=[span("Kata'ib Hizballah")], reason="alias"),
                ReportActor(id=None, name="Unknown gunmen", kind=None)],
        places=[ReportPlace(id="tower-22", name="Tower 22", country="JO", lat=33.3, lon=38.7,
                            mentions=[span("Tower 22")])],
        events=[Event(type="ASSAULT", mode="aerial", subtype="drone_attack", date="2024-01-28",
                      date_precision="day", date_text="on Sunday",
                      location=PlaceRef(id="tower-22", name="Tower 22", country="JO"),
                      source_actor=kh, target_actor=us, fatalities=3, certainty="asserted",
                      evidence=span("drones struck Tower 22 on Sunday"), confidence=0.82,
                      trigger="struck", mentions=[span("killing three soldiers")]),
                Event(type="ACCUSE", evidence=span("There have been"))],
        claims=[Claim(value=170, unit="attacks", evidence=span("more than 170 attacks"),
                      approximate=True, subject="attacks on U.S. forces",
                      period=Period(start="2023-10", end="2024-02"), qualifier="more than",
                      value_text="more than 170"),
                Claim(value=3, unit="soldiers", evidence=span("three soldiers"))],
        relations=[Relation(source=kh, type="opposes", target=us, evidence=span("Kata'ib Hizballah"),
                            confidence=0.6)],
        extractor="marsad.extract@0.1.0",
    )


def test_schema_is_valid_draft_2020_12_and_packaged():
    from jsonschema import Draft202012Validator

    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    raw = resources.files("marsad").joinpath("schemas/report.schema.json").read_text("utf-8")
    assert json.loads(raw) == schema


def test_hand_built_report_validates():
    r = build_report()
    d = r.to_dict()
    assert validate_report(d) == []
    assert validate_report(d, text=TEXT) == []
    # and survives a JSON round trip
    assert validate_report(json.loads(r.to_json())) == []


def test_minimal_report_validates():
    d = Report(document=DocumentInfo(id="x", sha256=sha256("a"))).to_dict()
    assert validate_report(d) == []


def broken(mutate):
    d = copy.deepcopy(build_report().to_dict())
    mutate(d)
    return validate_report(d, text=TEXT)


@pytest.mark.parametrize(
    "mutate,fragment",
    [
        (lambda d: d["events"][0].__setitem__("type", "EXPLODE"), "events[0].type"),
        (lambda d: d["events"][0].__setitem__("date", "2024-13-01"), "events[0].date"),
        (lambda d: d["events"][0].__setitem__("date", "28/01/2024"), "events[0].date"),
        (lambda d: d["events"][0].pop("evidence"), "evidence"),
        (lambda d: d["claims"][0].pop("evidence"), "evidence"),
        (lambda d: d["claims"][0].__setitem__("value", "170"), "claims[0].value"),
        (lambda d: d["events"][0].__setitem__("fatalities", 2.5), "fatalities"),
        (lambda d: d["events"][0].__setitem__("certainty", "likely"), "certainty"),
        (lambda d: d["events"][0].__setitem__("confidence", 1.5), "confidence"),
        (lambda d: d["relations"][0].__setitem__("type", "friends"), "relations[0].type"),
        (lambda d: d["places"][0].__setitem__("country", "Jordan"), "country"),
        (lambda d: d["document"].pop("sha256"), "sha256"),
        (lambda d: d.pop("claims"), "claims"),
        (lambda d: d["claims"][0]["period"].__setitem__("start", "October"), "period"),
        (lambda d: d["actors"][0]["mentions"][0].__setitem__("start", -1), "mentions"),
        (lambda d: d["events"][0].__setitem__("date_precision", "month"), "date_precision"),
        (lambda d: d["claims"][1]["evidence"].__setitem__("start", 0), "claims[1].evidence"),
        (lambda d: d["claims"][1]["evidence"].update(start=0, end=len("three soldiers")), "claims[1].evidence"),
    ],
)
def test_broken_reports_are_rejected(mutate, fragment):
    errors = broken(mutate)
    assert errors, "expected a validation error"
    assert any(fragment in e for e in errors), errors


def test_sha256_checked_against_text():
    d = build_report().to_dict()
    assert validate_report(d, text=TEXT + " ") != []


def test_non_object_rejected():
    assert validate_report([]) != []
    assert validate_report({}) != []

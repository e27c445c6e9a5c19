"""evaluate() on a tiny hand-made gold set with known counts, per the dev README's rules."""

from __future__ import annotations

import json

from marsad.extract.evaluate import evaluate, score_document
from marsad.model import (
    ActorRef,
    Claim,
    DocumentInfo,
    Event,
    Mention,
    PlaceRef,
    Relation,
    Report,
    ReportActor,
)

TEXT = ("Kata'ib Hizballah fired 12 rockets at Camp Taji on Sunday, killing two soldiers. "
        "The Iraqi government condemned the attack. About a quarter of voters took part.")

GOLD = {
    "id": "g1",
    "published": "2024-01-02",
    "text": TEXT,
    "gold": {
        "actors": [
            {"name": "Kataib Hezbollah", "kind": "armed_group", "aliases": ["Kata'ib Hizballah"]},
            {"name": "Iraq", "kind": "state", "aliases": ["The Iraqi government"]},
            {"name": "U.S. forces", "kind": "state_force", "aliases": ["U.S. troops"]},
        ],
        "events": [
            {"type": "ASSAULT", "date": "2023-12-31", "date_precision": "day",
             "location": {"name": "Camp Taji", "admin1": "Baghdad", "country": "IQ"},
             "source_actor": "Kataib Hezbollah", "target_actor": "U.S. forces", "fatalities": 2,
             "evidence": "fired 12 rockets at Camp Taji"},
            {"type": "ACCUSE", "date": "2023-12", "date_precision": "month",
             "location": {"name": None, "admin1": None, "country": "IQ"},
             "source_actor": "Iraq", "target_actor": "Kataib Hezbollah", "fatalities": None,
             "evidence": "condemned the attack"},
            {"type": "THREATEN", "date": None, "location": None, "source_actor": None, "target_actor": None,
             "fatalities": None, "evidence": "Sunday"},
        ],
        "claims": [
            {"value": 12, "unit": "rockets", "evidence": "12 rockets"},
            {"value": 25, "unit": "percent", "evidence": "About a quarter of voters"},
        ],
        "relations": [
            {"source": "Iraq", "type": "opposes", "target": "Kataib Hezbollah", "evidence": "condemned"},
        ],
    },
}


def m(text: str) -> Mention:
    i = TEXT.index(text)
    return Mention(text=text, start=i, end=i + len(text))


def report() -> Report:
    kh = ReportActor(id="kataib-hezbollah", name="Kataib Hezbollah", kind="armed_group", mentions=[m("Kata'ib Hizballah")])
    iraq = ReportActor(id="iraq", name="Iraq", kind="state", mentions=[m("The Iraqi government")])
    extra = ReportActor(id=None, name="Camp Taji Brigade", kind="armed_group", mentions=[])
    dup = ReportActor(id="iraq-2", name="Iraqi government", kind="state", mentions=[])  # same gold actor again
    events = [
        # matches gold 1: right type, date, country; source right, target wrong, fatalities right
        Event(type="ASSAULT", evidence=m("fired 12 rockets at Camp Taji on Sunday"), date="2023-12-31",
              date_precision="day", location=PlaceRef(id="camp-taji", name="Taji base", admin1="Baghdad", country="IQ"),
              source_actor=ActorRef("kataib-hezbollah", "Kataib Hezbollah"), target_actor=ActorRef("iraq", "Iraq"),
              fatalities=2),
        # matches gold 2 (day precision is at least as precise as the month)
        Event(type="ACCUSE", evidence=m("The Iraqi government condemned the attack."), date="2023-12-31",
              date_precision="day", location=PlaceRef(country="IQ"), source_actor=ActorRef("iraq", "Iraq")),
        # hypothetical: not scored at all
        Event(type="THREATEN", evidence=m("condemned"), certainty="hypothetical"),
        # wrong type: a false positive
        Event(type="PROTEST", evidence=m("took part"), date="2023-12", location=PlaceRef(country="IQ")),
    ]
    claims = [Claim(value=12, unit="rockets", evidence=m("12 rockets")),
              Claim(value=0.25, unit="percent", evidence=m("a quarter")),
              Claim(value=2, unit="soldiers", evidence=m("two soldiers"))]
    relations = [Relation(source=ActorRef("iraq", "Iraq"), type="opposes",
                          target=ActorRef("kataib-hezbollah", "Kataib Hezbollah"), evidence=m("condemned")),
                 Relation(source=ActorRef("iraq", "Iraq"), type="backs",
                          target=ActorRef("kataib-hezbollah", "Kataib Hezbollah"), evidence=m("condemned"))]
    return Report(document=DocumentInfo(id="g1", sha256="x", published="2024-01-02"),
                  actors=[kh, iraq, extra, dup], events=events, claims=claims, relations=relations)


def test_score_document_counts():
    s = score_document(GOLD, report())
    assert (s["actors"].tp_pred, s["actors"].n_pred, s["actors"].tp_gold, s["actors"].n_gold) == (2, 4, 2, 3)
    assert (s["events"].tp_gold, s["events"].n_pred, s["events"].n_gold) == (2, 3, 3)
    assert (s["claims"].tp_gold, s["claims"].n_pred) == (2, 3)
    assert (s["relations"].tp_pred, s["relations"].n_pred, s["relations"].n_gold) == (1, 2, 1)
    a = s["attributes"]
    assert a["location"] == [1, 1]      # admin1 agrees although the name differs
    assert a["source"] == [2, 2]
    assert a["target"] == [0, 2]        # Iraq is not U.S. forces; the ACCUSE has no target
    assert a["fatalities"] == [1, 1]
    assert a["date"] == [2, 2]


def test_date_rules():
    g = json.loads(json.dumps(GOLD))
    r = report()
    r.events[1].date = "2023"           # less precise than the gold month: no match
    s = score_document(g, r)
    assert s["events"].tp_gold == 1
    r.events[1].date = "2024-01-05"     # wrong month
    assert score_document(g, r)["events"].tp_gold == 1


def test_country_must_agree():
    r = report()
    r.events[0].location = PlaceRef(country="SY")
    assert score_document(GOLD, r)["events"].tp_gold == 1


def test_evaluate_micro_average_over_directory(tmp_path):
    for i in range(2):
        d = dict(GOLD, id=f"g{i}")
        (tmp_path / f"g{i}.json").write_text(json.dumps(d), "utf-8")
    res = evaluate(tmp_path, pipeline=lambda doc: report())
    assert res["documents"] == 2
    assert res["actors"] == {"precision": 0.5, "recall": round(2 / 3, 4), "f1": round(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), 4),
                             "tp": 4, "predicted": 8, "gold": 6}
    assert res["events"]["tp"] == 4 and res["events"]["predicted"] == 6
    assert res["attributes"]["target"] == {"accuracy": 0.0, "right": 0, "counted": 4}


def test_each_miss_is_classed_by_the_nearest_prediction():
    from marsad.extract.evaluate import MISS_CLASSES, miss_class

    preds = report().events
    other_date = {"type": "ASSAULT", "date": "2023-11-02", "location": {"country": "IQ"}}
    other_country = {"type": "ACCUSE", "date": "2023-12", "location": {"country": "SY"}}
    type_only = {"type": "ASSAULT", "date": "2022-01", "location": {"country": "TR"}}
    no_type = {"type": "AID", "date": "2023-12", "location": {"country": "IQ"}}
    assert [miss_class(g, preds) for g in (other_date, other_country, type_only, no_type)] == list(MISS_CLASSES)


def test_evaluate_lists_the_misses_and_the_unmatched_predictions(tmp_path):
    g = json.loads(json.dumps(GOLD))
    g["gold"]["events"][0]["date"] = "2023-11-02"  # the attack is now predicted on another date
    (tmp_path / "g.json").write_text(json.dumps(g), "utf-8")
    res = evaluate(tmp_path, pipeline=lambda doc: report(), misses=True)
    m = res["misses"]
    assert m["classes"] == {"other date": 1, "other country": 0, "type only": 0, "no prediction of the type": 1}
    assert [(e["type"], e["class"]) for e in m["events"]] == [("ASSAULT", "other date"), ("THREATEN", "no prediction of the type")]
    assert m["unmatched_predictions"] == {"ASSAULT": 1, "PROTEST": 1}
    assert "misses" not in evaluate(tmp_path, pipeline=lambda doc: report())

"""Talks told with "discussed", criticism told with "lashed out at", and sovereigns named by one
given name ("King Abdullah II", "Pope Francis"). Hand-written sentences (none from a corpus)."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-11-02"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


@pytest.mark.parametrize("text, target", [
    ("Sudani and Erdogan discussed water sharing by phone on Tuesday.", "recep-tayyip-erdogan"),
    ("Fuad Hussein discussed the border with his Turkish counterpart on Monday.", "turkey"),
])
def test_discussing_with_someone_is_talks(nlp, text, target):
    (e,) = events(run(nlp, text), "CONSULT")
    assert e.target_actor is not None and e.target_actor.id == target


@pytest.mark.parametrize("text", [
    "The report discussed the attacks with great care.",
    "Officials discussed the plan with reporters on Monday.",
])
def test_discussing_a_subject_alone_is_no_talks(nlp, text):
    assert events(run(nlp, text), "CONSULT") == []


def test_lashing_out_at_someone_is_criticism(nlp):
    (e,) = events(run(nlp, "Kataib Hezbollah lashed out at the government on Wednesday."), "ACCUSE")
    assert e.source_actor is not None and e.source_actor.id == "kataib-hezbollah"


@pytest.mark.parametrize("text, name", [
    ("Sudani hosted Jordan's King Abdullah II in Baghdad on Sunday.", "King Abdullah II"),
    ("Sudani met Pope Francis in Najaf on Saturday.", "Pope Francis"),
    ("Sudani met King Salman in Riyadh on Sunday.", "King Salman"),
])
def test_a_sovereign_named_by_one_given_name_is_a_person(nlp, text, name):
    r = run(nlp, text)
    assert name in {a.name for a in r.actors if a.kind == "person"}
    (e,) = events(r, "CONSULT")
    assert e.target_actor is not None and e.target_actor.name == name


def test_one_given_name_after_another_title_is_no_person(nlp):
    r = run(nlp, "Sudani met President Macron in Paris on Sunday.")
    assert not any(a.name in ("Macron", "President Macron") for a in r.actors)


@pytest.mark.parametrize("text, source, target", [
    ("Baghdad and Erbil struck a deal on oil exports on Tuesday.", "iraq", "kurdistan-regional-government"),
    ("Baghdad struck a deal with Erbil on Tuesday.", "iraq", "kurdistan-regional-government"),
    ("Iraq sealed an agreement with Turkey on Tuesday.", "iraq", "turkey"),
])
def test_striking_a_deal_is_an_agreement_with_the_other_party(nlp, text, source, target):
    (e,) = events(run(nlp, text), "AGREE")
    assert e.source_actor is not None and e.source_actor.id == source
    assert e.target_actor is not None and e.target_actor.id == target


def test_a_seat_of_government_in_a_place_phrase_stays_a_place(nlp):
    r = run(nlp, "A car bomb in Baghdad hit a market on Monday.")
    assert not any(a.id == "iraq" for a in r.actors)


def test_a_deal_struck_in_the_passive_is_an_agreement(nlp):
    r = run(nlp, "The bloc joined the government under a power-sharing deal struck in Erbil last month.",
            published="2010-12-22")
    (e,) = events(r, "AGREE")
    assert e.date == "2010-11"


def test_lawmakers_endorsing_ministers_is_the_chambers_approval(nlp):
    r = run(nlp, "Lawmakers endorsed 29 ministers in a show of hands on Tuesday.", published="2010-12-22")
    (e,) = events(r, "AGREE")
    assert e.source_actor is not None and e.source_actor.id == "council-of-representatives"
    assert events(r, "SUPPORT") == []


@pytest.mark.parametrize("text, source", [
    ("The U.S. ambassador met Mohammed Shia al-Sudani on Monday.", "united-states"),
    ("The British ambassador met Mohammed Shia al-Sudani on Monday.", "united-kingdom"),
])
def test_an_envoy_meeting_someone_is_the_states_meeting(nlp, text, source):
    (e,) = events(run(nlp, text), "CONSULT")
    assert e.source_actor is not None and e.source_actor.id == source


def test_a_summoned_envoy_is_the_target_not_the_source(nlp):
    (e,) = events(run(nlp, "Iraq summoned the Turkish ambassador on Monday."), "ACCUSE")
    assert (e.source_actor.id, e.target_actor.id) == ("iraq", "turkey")


@pytest.mark.parametrize("text, etype, target", [
    ("The Kurdistan Democratic Party on Sunday rejected a proposal by the Coordination Framework to postpone "
     "the vote.", "REJECT", "coordination-framework"),
    ("Iran welcomed the decision of the Federal Supreme Court on Monday.", "SUPPORT", "federal-supreme-court"),
])
def test_the_author_of_what_a_statement_answers_is_its_target(nlp, text, etype, target):
    (e,) = events(run(nlp, text), etype)
    assert e.target_actor is not None and e.target_actor.id == target


def test_welcoming_a_visitor_to_a_city_is_a_reception_not_support(nlp):
    r = run(nlp, "Sudani welcomed the Jordanian king to Baghdad on Tuesday.")
    (e,) = events(r, "CONSULT")
    assert e.target_actor is not None and e.target_actor.id == "jordan"
    assert (e.location.name, e.location.country) == ("Baghdad", "IQ")
    assert events(r, "SUPPORT") == []


def test_welcoming_an_agreement_stays_support(nlp):
    assert [e.type for e in run(nlp, "Iran welcomed the agreement on Tuesday.").events] == ["SUPPORT"]


def test_travelling_to_a_capital_places_the_trip_there(nlp):
    (e,) = events(run(nlp, "Iraq's foreign minister travelled to Riyadh on Monday."), "CONSULT")
    assert (e.location.name, e.location.country) == ("Riyadh", "SA")

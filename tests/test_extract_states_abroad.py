"""States beyond Iraq's neighbours in the built-in pack: each one that speaks in a joint statement
is its own event in its own country, its demonym and capital stand for it, and the places where
diplomats meet are in the gazetteer. Hand-written sentences (none comes from a corpus)."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-02-20"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


@pytest.mark.parametrize("text, countries", [
    ("Saudi Arabia, Egypt and Jordan condemned the bombing in Kirkuk on Sunday.", {"SA", "EG", "JO"}),
    ("Bahrain and the United Arab Emirates denounced the drone strike on the refinery.", {"BH", "AE"}),
    ("Italy, Spain and the Netherlands condemned the rocket attack on the airport.", {"IT", "ES", "NL"}),
])
def test_each_state_of_a_joint_condemnation_is_one_statement_in_its_country(nlp, text, countries):
    got = events(run(nlp, text), "ACCUSE")
    assert {e.location.country for e in got} == countries
    assert {e.source_actor.id for e in got if e.source_actor} == {
        {"SA": "saudi-arabia", "EG": "egypt", "JO": "jordan", "BH": "bahrain", "AE": "united-arab-emirates",
         "IT": "italy", "ES": "spain", "NL": "netherlands"}[c] for c in countries}


@pytest.mark.parametrize("text, state", [
    ("The Egyptian foreign minister condemned the raid on Tuesday.", "egypt"),
    ("An Emirati delegation condemned the shelling of the border post.", "united-arab-emirates"),
    ("Cairo condemned the attack on the embassy on Friday.", "egypt"),
    ("Islamabad condemned the strike on the border town on Thursday.", "pakistan"),
])
def test_a_demonym_office_or_a_capital_stands_for_its_state(nlp, text, state):
    (e,) = events(run(nlp, text), "ACCUSE")
    assert e.source_actor is not None and e.source_actor.id == state


@pytest.mark.parametrize("text, name, country", [
    ("Fuad Hussein met his Danish counterpart in Copenhagen on Monday.", "Copenhagen", "DK"),
    ("The prime minister held talks with the Italian premier in Rome on Wednesday.", "Rome", "IT"),
    ("Iran's foreign minister met European diplomats in Geneva on Friday.", "Geneva", "CH"),
])
def test_a_meeting_in_a_foreign_capital_is_placed_there(nlp, text, name, country):
    (e,) = events(run(nlp, text), "CONSULT")
    assert (e.location.name, e.location.country) == (name, country)


def test_a_state_named_as_a_destination_is_a_place_not_an_actor(nlp):
    r = run(nlp, "The Iraqi delegation flew to Egypt on Monday and met the Egyptian president in Cairo.")
    (e,) = events(r, "CONSULT")
    assert e.location.country == "EG"
    assert e.source_actor is not None and e.source_actor.id == "iraq"


def test_a_place_of_talks_is_not_where_an_attack_happened(nlp):
    r = run(nlp, "A drone hit a base outside Erbil on Monday. It happened while talks in Vienna over the "
                 "nuclear file were stuck.")
    (e,) = events(r, "ASSAULT")
    assert (e.location.name, e.location.country) == ("Erbil", "IQ")


def test_an_abbreviated_state_before_a_conjunction_is_an_actor(nlp):
    got = events(run(nlp, "Saudi Arabia, the UAE and Qatar issued a joint statement condemning the attack on Erbil."),
                 "ACCUSE")
    assert {e.location.country for e in got} == {"SA", "AE", "QA"}


def test_the_states_of_their_ministers_are_actors(nlp):
    r = run(nlp, "The foreign ministers of Egypt, Jordan and Iraq met in Baghdad on Sunday.")
    assert {"egypt", "jordan", "iraq"} <= {a.id for a in r.actors}


def test_a_statement_made_on_a_visit_to_a_capital_is_placed_there(nlp):
    (e,) = events(run(nlp, "On a visit to Tehran, Fuad Hussein urged restraint on Sunday."), "REQUEST")
    assert (e.location.name, e.location.country) == ("Tehran", "IR")


def test_a_country_aimed_at_is_the_attacked_state(nlp):
    from extraction_helpers import one
    e = one(nlp, "The Houthis fired a barrage of missiles at Saudi Arabia on Saturday.", "ASSAULT")
    assert e.target_actor is not None and e.target_actor.name == "Saudi Arabia"


def test_a_country_struck_in_is_only_the_place(nlp):
    from extraction_helpers import one
    e = one(nlp, "Turkish jets struck several targets in Syria on Saturday.", "ASSAULT")
    assert e.target_actor is None and e.location.country == "SY"


def test_a_visit_abroad_targets_the_host_state(nlp):
    from extraction_helpers import one
    e = one(nlp, "Kuwaiti Foreign Minister Salem al-Sabah arrived in Baghdad on Tuesday on an official visit.", "CONSULT")
    assert e.target_actor is not None and e.target_actor.name == "Iraq"


def test_a_trip_at_home_has_no_host(nlp):
    from extraction_helpers import one
    e = one(nlp, "Prime Minister Mohammed Shia al-Sudani visited Basra on Monday.", "CONSULT")
    assert e.target_actor is None


def test_the_topic_of_talks_is_not_the_one_met(nlp):
    from extraction_helpers import one
    e = one(nlp, "On Friday Mohammed Shia al-Sudani received the British ambassador to discuss the future of the "
                 "coalition.", "CONSULT")
    assert e.target_actor is not None and e.target_actor.name == "United Kingdom"


def test_a_state_asset_named_by_its_demonym_is_the_state_hit(nlp):
    from extraction_helpers import one
    e = one(nlp, "A U.S. jet shot down an Iranian drone over Erbil on Wednesday.", "ASSAULT")
    assert e.source_actor is not None and e.source_actor.name == "U.S. forces"
    assert e.target_actor is not None and e.target_actor.name == "Iran"

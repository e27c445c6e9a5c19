"""Acts an analysis tells in passing: an agentless passive noun ("an arrest warrant was issued
for X"), a cause after "after the arrest of X", a protest named as the object of a raid, a
coordinated clause with a plural force as its subject, flight to a region, protest camps
springing up. Hand-written sentences (none comes from a corpus)."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2014-01-10"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


def test_an_act_noun_in_an_agentless_passive_is_kept_with_its_target(nlp):
    r = run(nlp, "In December 2011, an arrest warrant was issued for Vice President Tariq al-Hashemi, whom the "
                 "government accused of running death squads.")
    (arrest,) = events(r, "COERCE")
    assert arrest.target_actor is not None and arrest.target_actor.name == "Tariq al-Hashemi"
    (acc,) = events(r, "ACCUSE")
    assert acc.target_actor is not None and acc.target_actor.name == "Tariq al-Hashemi"


def test_an_earlier_act_told_as_a_cause_is_an_event(nlp):
    r = run(nlp, "Protest camps sprang up in Anbar in December 2012 after the arrest of bodyguards of Finance "
                 "Minister Rafe al-Issawi.")
    assert [e.date for e in events(r, "PROTEST")] == ["2012-12"]
    (arrest,) = events(r, "COERCE")
    assert arrest.target_actor is not None and arrest.target_actor.name == "Rafi al-Issawi"  # the pack knows him


def test_a_protest_stormed_by_a_force_is_not_the_forces(nlp):
    r = run(nlp, "On April 23, 2013, security forces stormed a sit-in at Hawija, killing dozens of protesters.")
    (p,) = events(r, "PROTEST")
    assert p.source_actor is None
    (a,) = events(r, "ASSAULT")
    assert a.source_actor is not None and a.source_actor.id == "iraqi-security-forces"


def test_a_plural_force_opens_its_own_coordinated_clause(nlp):
    r = run(nlp, "Muqtada al-Sadr ordered his fighters off the streets on March 30, and government troops took "
                 "control of Basra in the weeks that followed.")
    (c,) = events(r, "COERCE")
    assert c.source_actor is None or c.source_actor.id != "muqtada-al-sadr"
    (req,) = events(r, "REQUEST")  # his own men, no act of theirs told after it
    assert req.source_actor is not None and req.source_actor.id == "muqtada-al-sadr"


@pytest.mark.parametrize("text", [
    "He fled to the Kurdistan Region and later to Turkey in 2012.",
    "The former governor fled to Jordan in 2014.",
])
def test_flight_to_a_region_or_country_is_a_retreat(nlp, text):
    assert [e.type for e in run(nlp, text).events] == ["RETREAT"]


def test_a_surname_spelled_like_a_place_after_a_given_name_is_no_place(nlp):
    r = run(nlp, "Tariq al-Hashemi fled to Turkey in 2012.")
    assert [p.name for p in r.places] == ["Turkey"]


@pytest.mark.parametrize("text, name", [
    ("Armed factions attacked the offices of the party in Baghdad on Monday.", "Armed factions"),
    ("Tribal fighters clashed with police in Dhi Qar on Tuesday.", "Tribal fighters"),
    ("Sunni leaders condemned the raid, and two Sunni ministers resigned from the cabinet.", "Sunni ministers"),
])
def test_unnamed_bodies_of_a_kind_keep_their_acts_agent(nlp, text, name):
    assert name in {e.source_actor.name for e in run(nlp, text).events if e.source_actor}


def test_unknown_armed_men_are_no_actor(nlp):
    (e,) = events(run(nlp, "Unknown armed men killed a shop owner in Basra on Monday."), "ASSAULT")
    assert e.source_actor is None


@pytest.mark.parametrize("text", [
    "The Sadrist Movement gave the government 72 hours to meet its demands.",
    "Parliament set a deadline of two weeks for the cabinet.",
])
def test_a_deadline_given_is_an_ultimatum(nlp, text):
    assert [e.type for e in run(nlp, text, published="2023-07-20").events] == ["THREATEN"]


def test_the_central_bank_at_its_first_mention_is_the_national_one(nlp):
    r = run(nlp, "The central bank banned 14 Iraqi banks from dollar transactions on Wednesday.", published="2023-07-20")
    (e,) = events(r, "SANCTION")
    assert e.source_actor is not None and e.source_actor.id == "central-bank-of-iraq"


@pytest.mark.parametrize("text, source", [
    ("Germany delivered 30 armoured vehicles to the Peshmerga in March.", "germany"),
    ("The European Union allocated 20 million euros for the reconstruction of Mosul.", "european-union"),
    ("Iran sent 200 trucks of food and medicine to Basra on Monday.", "iran"),
])
def test_goods_and_money_given_are_aid(nlp, text, source):
    (e,) = events(run(nlp, text, published="2024-06-01"), "AID")
    assert e.source_actor is not None and e.source_actor.id == source


def test_a_border_named_by_a_demonym_does_not_move_an_act_across_it(nlp):
    r = run(nlp, "Iraq raised the alert level of its forces on the Syrian border on Saturday.", published="2024-06-01")
    (e,) = events(r, "MOBILIZE")
    assert e.location.country == "IQ"


def test_a_claim_names_the_author_of_the_act_of_its_word_family(nlp):
    report = nlp({"text": "Unknown gunmen ambushed an army patrol south of Kirkuk late on Tuesday. In a separate incident "
                          "on Wednesday, a roadside bomb struck a police vehicle in Tarmiyah. The Islamic State group "
                          "claimed responsibility for the ambush.", "published": "2021-06-10"})
    by_day = {e.date: e for e in report.events if e.type == "ASSAULT"}
    assert by_day["2021-06-08"].source_actor is not None and by_day["2021-06-08"].source_actor.name == "ISIS"
    assert by_day["2021-06-09"].source_actor is None


def test_a_patrol_or_station_of_the_army_or_police_is_a_security_force(nlp):
    report = nlp({"text": "A roadside bomb struck a police vehicle in Tarmiyah on Wednesday.", "published": "2021-06-10"})
    (e,) = [e for e in report.events if e.type == "ASSAULT"]
    assert e.target_actor is not None and e.target_actor.name == "Iraqi police"

"""Generic actors, followers, claims of responsibility and stated relations, on hand-written text."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-02-10"):
    return nlp({"text": text, "published": published})


def asserted(report, etype):
    return [e for e in report.events if e.type == etype and e.certainty in ("asserted", "reported")]


def rels(report):
    return {(r.source.name, r.type, r.target.name) for r in report.relations}


# --------------------------------------------------------------------------- generic actors


@pytest.mark.parametrize("text,agent", [
    ("Iran-backed militias fired rockets at a U.S. base in Syria on Monday.", "Iran-backed militias"),
    ("Pro-Iran factions attacked a convoy near Basra on Monday.", "Pro-Iran factions"),
    ("Shiite militias stormed the offices of a Kurdish party in Baghdad on Monday.", "Shiite militias"),
])
def test_a_descriptive_actor_keeps_its_act(nlp, text, agent):
    r = run(nlp, text)
    (e,) = asserted(r, "ASSAULT") or asserted(r, "PROTEST")
    assert e.source_actor is not None and e.source_actor.id is None and e.source_actor.name == agent
    assert any(a.name == agent and a.id is None for a in r.actors)


def test_a_passing_description_is_not_reported_as_an_actor(nlp):
    r = run(nlp, "Analysts say the factions remain powerful in Iraq.")
    assert not [a for a in r.actors if a.id is None]


def test_a_named_group_beats_the_description(nlp):
    r = run(nlp, "Kataib Hezbollah fired rockets at the base on Monday. The militia later denied it.")
    (e,) = asserted(r, "ASSAULT")
    assert e.source_actor.id == "kataib-hezbollah"


# --------------------------------------------------------------------------- followers


def test_followers_named_after_a_leader_are_his_movement_not_him(nlp):
    r = run(nlp, "Sadr supporters stormed the parliament building on Saturday.", published="2022-08-01")
    (e,) = asserted(r, "PROTEST")
    assert e.source_actor.id == "sadrist-movement"


def test_followers_of_someone_without_a_group_are_a_descriptive_actor(nlp):
    r = run(nlp, "Hashimi supporters rallied in Baghdad on Saturday.", published="2020-07-12")
    (e,) = asserted(r, "PROTEST")
    assert e.source_actor is not None and e.source_actor.id is None
    assert e.source_actor.name.endswith("supporters")


# --------------------------------------------------------------------------- claims of responsibility


def test_claim_of_a_new_attack_makes_the_claimant_its_source(nlp):
    r = run(nlp, "Kataib Hezbollah claimed a drone attack on U.S. forces in Syria on Sunday.")
    (e,) = asserted(r, "ASSAULT")
    assert e.source_actor.id == "kataib-hezbollah" and e.target_actor.id == "us-forces"


def test_claim_of_an_earlier_attack_fills_its_source_without_a_new_event(nlp):
    r = run(nlp, "A drone struck the Harir base on Friday. On Saturday, the Islamic Resistance in Iraq claimed the attack.")
    (e,) = asserted(r, "ASSAULT")
    assert e.source_actor.id == "islamic-resistance-in-iraq"
    assert e.date == "2024-02-09"


def test_a_reported_claim_names_the_claimant_not_the_reporter(nlp):
    r = run(nlp, "A drone struck the Harir base on Friday. The White House said Kataib Hezbollah had claimed the attack.")
    (e,) = asserted(r, "ASSAULT")
    assert e.source_actor.id == "kataib-hezbollah"


def test_a_month_named_may_is_not_a_modal(nlp):
    r = run(nlp, "Police said he was a suspect in the May 9 killing of an activist in Karbala.", published="2021-06-11")
    (e,) = asserted(r, "ASSAULT")
    assert e.date == "2021-05-09"


def test_the_attacks_as_a_summary_is_not_a_new_event(nlp):
    r = run(nlp, "The factions say the strikes are revenge for the war.")
    assert asserted(r, "ASSAULT") == []


# --------------------------------------------------------------------------- relations the text states


@pytest.mark.parametrize("text,triple", [
    ("Qais al-Khazali, leader of Asaib Ahl al-Haq, condemned the strike.", ("Qais al-Khazali", "leads", "Asaib Ahl al-Haq")),
    ("The Coordination Framework, an umbrella for parties such as the Fatah Alliance and State of Law Coalition, met.",
     ("State of Law Coalition", "member_of", "Coordination Framework")),
    ("Iran has long provided weapons and training to Kataib Hezbollah.", ("Iran", "backs", "Kataib Hezbollah")),
    ("The Sadrists clashed with Asaib Ahl al-Haq in Basra.", ("Sadrist Movement", "opposes", "Asaib Ahl al-Haq")),
])
def test_stated_relations(nlp, text, triple):
    assert triple in rels(run(nlp, text))


def test_a_senior_commander_is_a_member_not_the_leader(nlp):
    r = run(nlp, "Abu Fadak al-Mohammedawi, a senior commander of Kataib Hezbollah, spoke on Monday.", published="2024-01-05")
    assert ("Abu Fadak al-Mohammadawi", "member_of", "Kataib Hezbollah") in rels(r)
    assert ("Abu Fadak al-Mohammadawi", "leads", "Kataib Hezbollah") not in rels(r)


# --------------------------------------------------------------------------- casualties and re-mentions


@pytest.mark.parametrize("text,deaths", [
    ("The Sadrists clashed with Asaib Ahl al-Haq in Basra on Thursday, leaving four dead.", 4),
    ("Rockets hit the Green Zone on Tuesday without causing casualties.", 0),
    ("Two soldiers were killed when a bomb exploded under their vehicle in Kirkuk on Monday.", 2),
    ("On Monday, militants attacked an army post in Diyala. Eleven soldiers died in the assault.", 11),
])
def test_casualties_stated_around_the_act(nlp, text, deaths):
    (e,) = asserted(run(nlp, text), "ASSAULT")
    assert e.fatalities == deaths


def test_a_dated_re_mention_dates_the_act_it_refers_to(nlp):
    r = run(nlp, "Gunmen killed three members of the Popular Mobilization Forces at a checkpoint in Tarmiyah, "
                 "officials said. The attack occurred late on Wednesday.")
    (e,) = asserted(r, "ASSAULT")
    assert e.date == "2024-02-07" and e.fatalities == 3


def test_a_town_named_like_a_person_is_a_place(nlp):
    r = run(nlp, "A drone struck a house in the town of al-Baghdadi on Tuesday.")
    (e,) = asserted(r, "ASSAULT")
    assert e.target_actor is None
    assert not [a for a in r.actors if a.kind == "person"]


def test_a_place_named_in_the_next_sentence_locates_the_act(nlp):
    r = run(nlp, "Gunmen attacked a checkpoint on Monday. The checkpoint lies near Tarmiyah, north of Baghdad.")
    (e,) = asserted(r, "ASSAULT")
    assert e.location is not None and e.location.name == "Tarmiyah"


def test_a_group_noun_rule_does_not_reach_across_a_preposition(nlp):
    r = run(nlp, "On Saturday, Iraq's foreign ministry condemned the United States for the strike.")
    (e,) = asserted(r, "ACCUSE")
    assert e.target_actor is not None and e.target_actor.id == "united-states"

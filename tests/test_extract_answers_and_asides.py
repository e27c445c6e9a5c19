"""Clauses that answer or aside another act: "a move the Kurdish parties rejected", "..., which
followed a sit-in by residents on the road to X". Each act keeps its own agent and place.
Hand-written sentences (none comes from a corpus)."""

from __future__ import annotations


def run(nlp, text, published="2023-09-05"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


def test_a_clause_answering_a_decision_is_its_speakers_act_aimed_at_the_decider(nlp):
    r = run(nlp, "Parliament passed the budget on Monday, a move the Kurdish parties rejected.")
    (rej,) = events(r, "REJECT")
    assert rej.source_actor is not None and rej.source_actor.name == "Kurdish parties"
    assert rej.target_actor is not None and rej.target_actor.id == "council-of-representatives"
    (agr,) = events(r, "AGREE")
    assert agr.target_actor is None  # the budget, not the parties named after it


def test_criticism_of_a_ruling_named_before_it_is_the_critics(nlp):
    r = run(nlp, "The Federal Supreme Court suspended the handover a day later, a ruling the KDP criticised.")
    (e,) = events(r, "ACCUSE")
    assert e.source_actor is not None and e.source_actor.id == "kurdistan-democratic-party"
    assert e.target_actor is not None and e.target_actor.id == "federal-supreme-court"


def test_an_act_named_in_a_relative_clause_keeps_neither_the_main_subject_nor_its_place(nlp):
    r = run(nlp, "Four people were killed in Kirkuk on Saturday. Security forces imposed a curfew on the city "
                 "after the violence, which followed a sit-in by residents on the main road to Erbil.")
    (curfew,) = events(r, "COERCE")
    assert curfew.location.name == "Kirkuk"
    (sit_in,) = events(r, "PROTEST")
    assert sit_in.source_actor is None


def test_federal_forces_are_the_countrys_security_forces(nlp):
    (e,) = events(run(nlp, "In October 2017, federal forces retook Kirkuk."), "ASSAULT")
    assert e.source_actor is not None and e.source_actor.id == "iraqi-security-forces"


def test_a_date_in_an_appositions_relative_clause_dates_that_clause_only(nlp):
    r = run(nlp, "The Treasury sanctioned Kataib Hezbollah, a group the United States designated in 2009.")
    dates = {e.source_actor.id: e.date for e in events(r, "SANCTION") if e.source_actor}
    assert dates["united-states"] == "2009"
    assert dates["us-treasury"] != "2009"


def test_the_attack_refers_back_past_an_act_named_as_a_motive(nlp):
    r = run(nlp, "Rockets struck the Victory base near Baghdad airport late on Monday. A group calling itself "
                 "Ashab al-Kahf claimed the attack, saying it was retaliation for the killing of its members. "
                 "The attack drew condemnation from the Iraqi foreign ministry.", published="2021-02-24")
    (acc,) = events(r, "ACCUSE")
    assert acc.target_actor is not None and acc.target_actor.id == "ashab-al-kahf"

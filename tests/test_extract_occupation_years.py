"""Reports of 2003-2011 name the occupation's authorities, commanders, lists and insurgent leaders:
the pack knows them, so their acts keep their agents and patients. The sentences are written for
these tests; they use the built-in knowledge pack."""

from __future__ import annotations

from extraction_helpers import name, one


def test_the_occupation_administrator_is_the_agent_of_his_order(nlp):
    text = ("The occupation administrator, Paul Bremer, signed an order on Friday dissolving "
            "the Iraqi army and the defence ministry.")
    e = one(nlp, text, "COERCE", published="2003-05-25")
    assert name(e.source_actor) == "L. Paul Bremer"
    assert e.date == "2003-05-23"


def test_a_killed_tribal_leader_is_the_patient_of_the_bombing(nlp):
    text = ("Sheikh Abdul Sattar Abu Risha, the founder of the tribal revolt against the jihadists "
            "in Anbar, was killed by a roadside bomb near his house in Ramadi on Thursday.")
    e = one(nlp, text, "ASSAULT", published="2007-09-14")
    assert name(e.target_actor) == "Abdul Sattar Abu Risha"
    assert e.location is not None and e.location.name == "Ramadi"


def test_a_sentenced_former_president_is_the_patient_of_the_sentence(nlp):
    text = "A Baghdad court sentenced Saddam Hussein to death on Sunday for the killing of villagers."
    e = one(nlp, text, "SANCTION", published="2006-11-06")
    assert name(e.target_actor) == "Saddam Hussein"


def test_the_head_of_a_relative_clause_is_the_patient_of_the_passive(nlp):
    text = ("Hadi al-Amiri, who leads the Badr Organization, was arrested by U.S. forces "
            "at a checkpoint on Thursday.")
    e = one(nlp, text, "COERCE", published="2007-09-14")
    assert name(e.target_actor) == "Hadi al-Amiri"
    assert name(e.source_actor) == "U.S. forces"

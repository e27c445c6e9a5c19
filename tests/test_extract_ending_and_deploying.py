"""A state deploying its troops is the state acting (a verb between the state and "troops" makes
no force of them), and a party ending its own protest is a retreat. Hand-written sentences (none
comes from a corpus)."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-11-02"):
    return nlp({"text": text, "published": published})


@pytest.mark.parametrize("text", [
    "The United States deployed additional troops to Iraq on Monday.",
    "The United States sent troops to Iraq on Monday.",
])
def test_a_state_deploying_troops_is_the_states_mobilisation(nlp, text):
    r = run(nlp, text)
    (e,) = [e for e in r.events if e.type == "MOBILIZE"]
    assert e.source_actor is not None and e.source_actor.id == "united-states"


@pytest.mark.parametrize("text", [
    "U.S. armed drones struck the convoy on Monday.",
    "American fighter jets struck the convoy on Monday.",
])
def test_modifiers_between_a_state_and_its_forces_still_name_the_forces(nlp, text):
    (e,) = [e for e in run(nlp, text).events if e.type == "ASSAULT"]
    assert e.source_actor is not None and e.source_actor.id == "us-forces"


@pytest.mark.parametrize("text", [
    "The Sadrists suspended their protests on Tuesday.",
    "The Sadrists called off their sit-in on Tuesday.",
    "Sunni lawmakers ended their boycott on Monday.",
])
def test_ending_ones_own_protest_is_a_retreat(nlp, text):
    assert [e.type for e in run(nlp, text).events] == ["RETREAT"]


def test_a_curfew_ending_after_protests_is_no_end_of_them(nlp):
    assert "RETREAT" not in {e.type for e in run(nlp, "The curfew ended after weeks of protests in Basra.").events}


@pytest.mark.parametrize("text, force", [
    ("Iraqi counter-terrorism forces arrested two men in Abu Ghraib on Monday.", "counter-terrorism-service"),
    ("Federal troops arrested two men in Kirkuk on Monday.", "iraqi-security-forces"),
])
def test_forces_named_by_their_role_are_the_pack_force(nlp, text, force):
    (e,) = [e for e in run(nlp, text).events if e.type == "COERCE"]
    assert e.source_actor is not None and e.source_actor.id == force

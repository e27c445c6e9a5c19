"""One statement that condemns or praises and then appeals is one event, typed by its main act;
a denial and an accusation coordinated stay two; hand-written text."""

from __future__ import annotations

import pytest

from extraction_helpers import events


def types(nlp, text):
    return sorted(e.type for e in events(nlp, text))


@pytest.mark.parametrize("text,main", [
    ("The UN envoy condemned the bombing on Monday and urged the authorities to find those responsible.", "ACCUSE"),
    ("The Kurdistan Regional Government denounced the strike on Friday and called on Baghdad to act.", "ACCUSE"),
    ("The State Department praised the vote on Tuesday and urged the blocs to form a cabinet quickly.", "SUPPORT"),
])
def test_a_statement_that_ends_in_an_appeal_is_one_event(nlp, text, main):
    assert types(nlp, text) == [main]


def test_a_denial_and_an_accusation_stay_two_statements(nlp):
    found = types(nlp, "Kataib Hezbollah denied any role in the attack on Sunday and accused Washington of lying.")
    assert found == ["ACCUSE", "REJECT"]


def certainty_of(nlp, text, etype):
    report = nlp({"text": text, "published": "2024-02-10"})
    return [e.certainty for e in report.events if e.type == etype]


@pytest.mark.parametrize("text", [
    "On Tuesday the prime minister demanded that the peshmerga units leave Khanaqin.",
    "Baghdad asked on Sunday that all Turkish troops leave Iraqi soil.",
    "The Sadrist bloc insisted on Monday that the U.S. troops be withdrawn from the city.",
])
def test_the_act_a_demand_asks_for_in_the_subjunctive_has_not_happened(nlp, text):
    assert certainty_of(nlp, text, "RETREAT") == ["hypothetical"]


@pytest.mark.parametrize("text", [
    "The ministry insisted that the militias withdrew from the town on Friday.",
    "The ministry insisted on Friday that the militias had pulled out of the town.",
])
def test_an_indicative_that_clause_after_insisting_is_an_act(nlp, text):
    assert certainty_of(nlp, text, "RETREAT") and "hypothetical" not in certainty_of(nlp, text, "RETREAT")


def test_a_phrase_trigger_in_a_gerund_after_a_preposition_is_no_act(nlp):
    assert "RETREAT" not in types(nlp, "Talks on ending the coalition's mission resumed in Baghdad on Monday.")

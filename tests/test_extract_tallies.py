"""Counts of many acts are tallies (claims), not acts; a count of acts on one day is one operation;
a sentence framed by a recurring condition tells a habit. Hand-written text."""

from __future__ import annotations

import pytest

from extraction_helpers import events


@pytest.mark.parametrize("text", [
    "Since the war began, the factions have launched more than 140 rocket and drone attacks on U.S. troops.",
    "Insurgents carried out dozens of attacks on army posts in Diyala last year.",
    "The groups have claimed 52 attacks since October 17.",
    "There were 120 rocket and mortar strikes on the bases last year.",
])
def test_a_count_of_many_acts_is_no_act(nlp, text):
    assert [e for e in events(nlp, text) if e.type == "ASSAULT"] == []


def test_a_count_of_acts_on_one_day_is_one_operation(nlp):
    found = [e for e in events(nlp, "U.S. aircraft carried out 85 strikes on Friday on sites in western Iraq.")
             if e.type == "ASSAULT"]
    assert len(found) == 1 and found[0].date == "2024-02-09"


def test_a_few_acts_stay_acts(nlp):
    assert [e.type for e in events(nlp, "Kataib Hezbollah launched two drone attacks on Ain al-Asad on Friday.")] \
        == ["ASSAULT"]


@pytest.mark.parametrize("text", [
    "Each time Washington has bombed the factions, their leaders have vowed revenge.",
    "Whenever the militias fire rockets, U.S. aircraft answer within days.",
])
def test_a_sentence_framed_by_a_recurring_condition_is_a_habit(nlp, text):
    assert events(nlp, text) == []

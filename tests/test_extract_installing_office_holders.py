"""A chamber installing someone in office, told in a main or a relative clause: "confirmed X as
prime minister", "voted X into office", "X, whom parliament confirmed". Hand-written sentences
(none comes from a corpus)."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-11-02"):
    return nlp({"text": text, "published": published})


def agree(report):
    return [e for e in report.events if e.type == "AGREE"]


@pytest.mark.parametrize("text", [
    "Parliament confirmed Mahmoud al-Mashhadani as speaker on Thursday.",
    "Lawmakers voted Mahmoud al-Mashhadani into office on Thursday.",
    "On Thursday the chamber voted Mahmoud al-Mashhadani into the speakership.",
])
def test_a_chamber_installing_someone_is_its_approval(nlp, text):
    (e,) = agree(run(nlp, text))
    assert e.source_actor is not None and e.source_actor.id == "council-of-representatives"
    assert e.target_actor is not None and e.target_actor.id == "mahmoud-al-mashhadani"
    assert e.date == "2024-10-31"


def test_the_person_before_whom_is_the_one_confirmed(nlp):
    r = run(nlp, "Mohammed Shia al-Sudani, whom parliament confirmed as prime minister on October 27, 2022, "
                 "promised to fight graft.")
    (e,) = agree(r)
    assert e.date == "2022-10-27"
    assert e.source_actor is not None and e.source_actor.id == "council-of-representatives"
    assert e.target_actor is not None and e.target_actor.id == "mohammed-shia-al-sudani"


@pytest.mark.parametrize("text", [
    "The ministry confirmed the two soldiers as dead on Thursday.",
    "Officials confirmed on Monday that the talks would resume.",
])
def test_confirming_a_fact_is_no_approval(nlp, text):
    assert agree(run(nlp, text)) == []

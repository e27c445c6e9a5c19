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

"""Anchors of the lexicon's patterns: the literal words a pattern can start with, so that it is
tried only where one of them starts a word; a pattern without anchors is scanned over the whole
text. Anchoring must find what a whole-text scan finds."""

from __future__ import annotations

import pytest

from marsad.extract.event_lexicon import _anchors, compile_events
from marsad.extract.pipeline import load_lexicon


@pytest.mark.parametrize("rx,expected", [
    (r"\b(?:fired|launched)\s+rockets", ("fired", "launched")),
    (r"\bresignations?\s+(?:was|were)", ("resignation",)),
    (r"\bvot(?:ed|es|ing)\s+to", ("vot",)),
    (r"\b(?:[Oo]peration|offensive)\s+", ("operation", "offensive")),
    (r"\b(?:burn(?:ed|t|ing)?|set\s+fire\s+to)\s+", ("burn", "set")),
    (r"\b(?:IEDs?|bombs?)\s+", ("ied", "bomb")),
])
def test_the_literal_start_of_each_alternative(rx, expected):
    assert _anchors(rx) == expected


@pytest.mark.parametrize("rx,expected", [
    (r"(?:(?<=was )|(?<=were ))asked", ("asked",)),                       # zero-width lookbehinds first
    (r"\b(?:(?:was|were)\s+hit|struck)", ("was", "were", "struck")),     # a group opening an alternative
])
def test_anchors_through_lookbehinds_and_nested_groups(rx, expected):
    assert _anchors(rx) == expected


@pytest.mark.parametrize("rx", [
    r"\b(?:[Aa]n?|the)\s+call",           # a one-letter alternative
    r"\b(?:arrest\s+)?warrants?\s+",      # an optional group: the match may start after it
    r"\b(?:(?:was|were)\s+)?hit",         # the same, nested
])
def test_no_anchor_when_an_alternative_has_no_literal_start(rx):
    assert _anchors(rx) is None


def test_anchored_patterns_find_what_a_whole_text_scan_finds():
    ev = compile_events(load_lexicon("events"))
    text = ("The assembly voted by 90 to 40 to split the ministries. Rockets were launched at the base. "
            "The Operation that the army launched on Monday retook the town. Protesters burned posters "
            "of the governor. Gunmen set fire to the offices. Lawmakers voted on Sunday to dismiss the mayor. "
            "The militants were driven out of the town, and a warrant was issued for the commander.")
    low = text.lower()
    for k, (pat, entry) in enumerate(ev.patterns):
        if k in ev.free_patterns:
            continue
        for m in pat.finditer(text):
            assert any(low.startswith(a, m.start()) for a in entry["_anchors"]), (entry["_rule"], m.group())

"""Localities the gazetteer lacks, named with a head noun: the name comes from the text, the
governorate from a province named after it or from the nearest known place; hand-written text."""

from __future__ import annotations

import pytest


def attack_place(nlp, text):
    report = nlp({"text": text, "published": "2024-02-10"})
    (e,) = [e for e in report.events if e.type == "ASSAULT"]
    return e.location, report


@pytest.mark.parametrize("text,name", [
    ("On Saturday gunmen ambushed an army patrol in the al-Mutaibija area of Salahuddin province.", "al-Mutaibija"),
    ("On Thursday a bomb exploded in a crowded market in Uqba bin Nafi Square, in central Baghdad.",
     "Uqba bin Nafi Square"),
    ("On Monday a drone hit a farm in the Wadi Hauran valley west of Rutba.", "Wadi Hauran"),
])
def test_a_locality_with_a_head_noun_is_the_place(nlp, text, name):
    loc, report = attack_place(nlp, text)
    assert loc.name == name and loc.country == "IQ"
    assert any(p.name == name for p in report.places)


def test_its_governorate_comes_from_the_province_named_after_it(nlp):
    loc, report = attack_place(nlp, "On Saturday gunmen ambushed an army patrol in the al-Mutaibija area of "
                                    "Salahuddin province.")
    (province,) = [p for p in report.places if p.name != "al-Mutaibija"]
    assert loc.admin1 is not None and loc.admin1 == province.admin1


@pytest.mark.parametrize("text", [
    "On Monday a drone hit a house in the Sunni areas west of Mosul.",
    "On Monday a drone hit a house in the Western district of Mosul.",
])
def test_descriptions_are_not_localities(nlp, text):
    loc, _ = attack_place(nlp, text)
    assert loc.name == "Mosul"


def test_an_english_word_opening_a_sentence_is_no_spelling_of_a_place(nlp):
    report = nlp({"text": "Tribal fighters clashed with PMF units in Diyala on Friday.", "published": "2024-02-10"})
    assert [p.id for p in report.places] == ["diyala-governorate"]
    spelled = nlp({"text": "Rockets hit Irbil airport on Friday.", "published": "2024-02-10"})
    assert [p.id for p in spelled.places] == ["erbil-international-airport"]  # a real variant spelling still counts

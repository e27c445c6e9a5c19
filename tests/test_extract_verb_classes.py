"""Members of each PLOVER verb class named by meaning (round six), on hand-written sentences, and
the look-alikes each must not take."""

from __future__ import annotations

import pytest


def types(nlp, text, published="2024-02-10"):
    report = nlp({"text": text, "published": published})
    return [e.type for e in report.events if e.certainty in ("asserted", "reported")]


@pytest.mark.parametrize("text,etype", [
    ("Islamic State fighters massacred villagers near Sinjar on Monday.", "ASSAULT"),
    ("Gunmen stabbed a Kataib Hezbollah commander to death in Basra on Monday.", "ASSAULT"),
    ("Iraqi troops invaded Kuwait in August 1990.", "ASSAULT"),
    ("Islamic State fighters encircled Amerli in June 2014.", "ASSAULT"),
    ("Iraqi troops fought their way into the old city of Mosul on Monday.", "ASSAULT"),
    ("Iraqi security forces jailed Qais al-Khazali on Monday.", "COERCE"),
    ("Qais al-Khazali was taken into custody in Basra on Monday.", "COERCE"),
    ("The Counter-Terrorism Service confiscated rockets at a farm near Tarmiyah on Monday.", "COERCE"),
    ("Oil workers in Basra went on strike on Monday.", "PROTEST"),
    ("Sadrist Movement supporters camped outside the Green Zone on Monday.", "PROTEST"),
    ("The Pentagon sent additional troops and two warships to the region on Monday.", "MOBILIZE"),
    ("Emmanuel Macron arrived in Baghdad on Monday.", "CONSULT"),
    ("The Kurdistan Democratic Party and the Patriotic Union of Kurdistan reached an agreement on Monday.", "AGREE"),
    ("Muqtada al-Sadr formed a new alliance with Taqaddum on Monday.", "AGREE"),
    ("The Kurdistan Democratic Party and Gorran struck a deal on the budget on Monday.", "AGREE"),
    ("Saudi Arabia cut diplomatic ties with Iran in January 2016.", "SANCTION"),
    ("The Patriotic Union of Kurdistan stripped Lahur Sheikh Jangi of his post on Monday.", "SANCTION"),
    ("The United States pressed Iraqi leaders on Monday to form an inclusive government.", "REQUEST"),
    ("Iraq and Saudi Arabia reopened the Arar border crossing on Monday.", "RETREAT"),
    ("Muqtada al-Sadr thanked the Council of Representatives on Monday.", "SUPPORT"),
    ("The State Department said on Monday it was deeply disturbed by the law.", "ACCUSE"),
    ("U.S. aircraft airdropped food and water to the Yazidis on Mount Sinjar on Thursday.", "AID"),
])
def test_a_member_of_a_verb_class_gives_its_type(nlp, text, etype):
    assert etype in types(nlp, text)


@pytest.mark.parametrize("text,etype", [
    ("Mohammed Shia al-Sudani held a press conference in Baghdad on Monday.", "REQUEST"),
    ("The Council of Representatives pressed ahead with the vote on Monday.", "REQUEST"),
    ("Iraqi troops invaded nothing; the report said the maps were wrong.", "ASSAULT"),
    ("The strike on Monday cut power to the district.", "SANCTION"),
    ("The Kurdistan Democratic Party and Gorran struck a deal on the budget on Monday.", "ASSAULT"),
])
def test_look_alikes_are_not_members(nlp, text, etype):
    assert etype not in types(nlp, text)

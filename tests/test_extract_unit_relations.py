"""Relations the text states about backers and units, on hand-written sentences: a backer's
compound adjective spread over coordinated groups, a group described in apposition as backed by a
state, a faction whose fighters make up a unit of a larger force."""

from __future__ import annotations

import pytest


def relations(nlp, text):
    report = nlp({"text": text, "published": "2024-03-10"})
    return {(r.source.name, r.type, r.target.name) for r in report.relations}


def test_a_backer_adjective_covers_every_coordinated_group(nlp):
    rel = relations(nlp, "U.S. jets struck depots of the Iran-backed Kataib Hezbollah and Kataib Sayyid al-Shuhada on Friday.")
    assert ("Iran", "backs", "Kataib Hezbollah") in rel
    assert ("Iran", "backs", "Kataib Sayyid al-Shuhada") in rel


@pytest.mark.parametrize("text,group", [
    ("Kataib Hezbollah, an Iran-aligned faction, rejected the request on Monday.", "Kataib Hezbollah"),
    ("The Islamic Resistance in Iraq, a banner for Iran-aligned armed groups, claimed the strike.",
     "Islamic Resistance in Iraq"),
])
def test_a_group_described_as_backed_by_a_state(nlp, text, group):
    assert ("Iran", "backs", group) in relations(nlp, text)


def test_an_aligned_description_of_something_else_names_no_backer(nlp):
    rel = relations(nlp, "Kataib Hezbollah, the largest faction, rejected an Iran-aligned proposal on Monday.")
    assert not any(t == "backs" for _, t, _ in rel)


@pytest.mark.parametrize("text,faction", [
    ("Kataib Hezbollah's fighters make up several brigades of the Popular Mobilization Forces.", "Kataib Hezbollah"),
    ("The drone hit the PMF's 19th Brigade, the unit formed by Ansar Allah al-Awfiya.", "Ansar Allah al-Awfiya"),
    ("The strike hit the PMF's 45th and 46th brigades, both of which are manned by Kataib Hezbollah.", "Kataib Hezbollah"),
    ("Kataib Hezbollah, whose fighters serve in brigades of the Popular Mobilization Forces, denied it.", "Kataib Hezbollah"),
    ("Asaib Ahl al-Haq's fighters serve in the Popular Mobilization Forces.", "Asaib Ahl al-Haq"),
])
def test_a_faction_behind_a_unit_is_part_of_the_force(nlp, text, faction):
    assert (faction, "part_of", "Popular Mobilization Forces") in relations(nlp, text)


def test_a_unit_struck_near_a_faction_is_no_membership(nlp):
    rel = relations(nlp, "The PMF's 19th Brigade was struck near a Kataib Hezbollah depot on Friday.")
    assert ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces") not in rel


# ---------------------------------------------------------------- backing of candidates
@pytest.mark.parametrize("text,backers,candidate", [
    ("Mahmoud al-Mashhadani won the vote. He is backed by Halbousi's Taqaddum party.", ["Taqaddum"],
     "Mahmoud al-Mashhadani"),
    ("Mohamed al-Halbousi won 169 votes; he was backed by Fatah and State of Law.",
     ["Fatah Alliance", "State of Law Coalition"], "Mohamed al-Halbousi"),
    ("The Kurdistan Democratic Party, whose candidate was Fuad Hussein, boycotted the session.",
     ["Kurdistan Democratic Party"], "Fuad Hussein"),
    ("Mohammed Shia al-Sudani, backed by the Coordination Framework, won the vote.", ["Coordination Framework"],
     "Mohammed Shia al-Sudani"),
])
def test_a_candidate_backed_by_parties(nlp, text, backers, candidate):
    rel = relations(nlp, text)
    for b in backers:
        assert (b, "backs", candidate) in rel
    assert not any(t == "backs" and s == "Mohamed al-Halbousi" for s, t, _ in rel)

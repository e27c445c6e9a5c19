"""Event arguments beyond the development corpus: reply targets (rejected charges, accepted
resignations), titled objects, places named in the next sentence, launched strikes, sites that are
also actors. The sentences are written for these tests (none comes from a corpus); they use the
built-in knowledge pack."""

from __future__ import annotations

import pytest

PUBLISHED = "2023-09-16"  # a Saturday


def events(nlp, text, published=PUBLISHED):
    r = nlp({"text": text, "published": published})
    return [e for e in r.events if e.certainty in ("asserted", "reported")]


def one(nlp, text, etype):
    evs = [e for e in events(nlp, text) if e.type == etype]
    assert len(evs) == 1, (text, [(e.type, e.trigger) for e in events(nlp, text)])
    return evs[0]


def name(ref):
    return None if ref is None else ref.name


def test_rejecting_a_charge_targets_the_accusers_state(nlp):
    text = ("President Joe Biden on Monday accused Iran of directing the drone attack. "
            "Iran's foreign ministry rejected the allegations on Tuesday.")
    e = one(nlp, text, "REJECT")
    assert name(e.source_actor) == "Iran" and name(e.target_actor) == "United States"


def test_accepting_resignations_targets_those_who_resigned(nlp):
    text = ("The Kurdistan Democratic Party's lawmakers resigned on Monday. "
            "Parliament accepted their resignations on Wednesday.")
    e = one(nlp, text, "AGREE")
    assert name(e.target_actor) == "Kurdistan Democratic Party"


@pytest.mark.parametrize("text, target", [
    ("The U.S. Treasury on Thursday sanctioned Asaib Ahl al-Haq leader Qais al-Khazali.", "Qais al-Khazali"),
    ("Washington on Friday designated Kataib Hezbollah commander Abu Fadak al-Mohammedawi.", "Abu Fadak al-Mohammadawi"),
])
def test_sanction_of_a_titled_person_targets_the_person(nlp, text, target):
    assert name(one(nlp, text, "SANCTION").target_actor) == target


def test_treasury_aliases(nlp):
    for alias in ("The Treasury", "The U.S. Treasury Department", "The Treasury Department"):
        e = one(nlp, f"{alias} imposed sanctions on Kataib Hezbollah on Friday.", "SANCTION")
        assert name(e.source_actor) == "U.S. Department of the Treasury", alias


@pytest.mark.parametrize("text, place", [
    ("Turkish jets struck four targets on Tuesday. Two of the targets were near Sinjar.", "Sinjar"),
    ("U.S. aircraft bombed weapons depots on Thursday. The depots lay just outside Al-Qaim, officials said.", "Al-Qaim"),
])
def test_place_named_in_the_next_sentence(nlp, text, place):
    e = one(nlp, text, "ASSAULT")
    assert e.location is not None and e.location.name and e.location.name.lower() == place.lower()


def test_next_sentence_place_needs_a_continuation(nlp):
    e = one(nlp, "Turkish jets struck four targets on Tuesday. Officials in Sinjar met the governor.", "ASSAULT")
    assert e.location is None or e.location.name != "Sinjar"


def test_launched_airstrikes_is_one_act(nlp):
    e = one(nlp, "Israel launched airstrikes on Hezbollah positions near the border on Sunday.", "ASSAULT")
    assert name(e.source_actor) == "Israel"


def test_embassy_is_a_place_as_well_as_an_actor(nlp):
    r = nlp({"text": "Rockets struck the U.S. embassy in Baghdad on Monday.", "published": PUBLISHED})
    assert "us-embassy-baghdad" in {p.id for p in r.places}
    (e,) = [e for e in r.events if e.type == "ASSAULT"]
    assert e.location.country == "IQ" and e.location.admin1 == "Baghdad"
    # a metonym is not a place
    r = nlp({"text": "The Pentagon said on Monday that the strikes would continue.", "published": PUBLISHED})
    assert "pentagon" not in {p.id for p in r.places}


@pytest.mark.parametrize("text", [
    "The foreign ministry demanded an official apology from Turkey on Wednesday.",
    "Iraq's National Security Council on Wednesday called for the withdrawal of Turkish troops.",
])
def test_a_demanded_act_is_the_request_not_the_act(nlp, text):
    evs = events(nlp, text)
    assert [e.type for e in evs] == ["REQUEST"], [(e.type, e.trigger) for e in evs]


def test_demanded_apology_targets_the_state_asked(nlp):
    e = one(nlp, "The foreign ministry demanded an official apology from Ankara on Wednesday.", "REQUEST")
    assert name(e.target_actor) == "Turkey"


def test_pronoun_subject_right_before_the_trigger_wins(nlp):
    text = "On Friday Sadr gave his supporters an hour to leave the Green Zone, and soon they began pulling out."
    e = one(nlp, text, "RETREAT")
    assert name(e.source_actor) == "Sadrist Movement"


def test_claim_of_an_unreported_attack_is_the_attack_with_its_claimant():
    from marsad.extract.pipeline import extract

    r = extract({"id": "c1", "text": "Kataib Hezbollah (KH) claimed a drone attack on Erbil airport on Monday.",
                 "published": "2024-02-06"})
    assaults = [e for e in r.events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].source_actor is not None and assaults[0].source_actor.id == "kataib-hezbollah"
    assert assaults[0].date == "2024-02-05"


def test_no_claim_and_claims_of_reported_attacks_add_no_event():
    from marsad.extract.pipeline import extract

    assert [e for e in extract({"id": "c2", "text": "No group claimed the attack.", "published": "2024-02-06"}).events
            if e.type == "ASSAULT"] == []
    r = extract({"id": "c3", "text": "Rockets hit Camp Taji on Sunday. Kataib Hezbollah claimed the attack on Monday.",
                 "published": "2024-02-06"})
    assert len([e for e in r.events if e.type == "ASSAULT"]) == 1


@pytest.mark.parametrize("text", [
    "A roadside bomb hit an Iraqi army convoy near Baiji on Thursday, killing three soldiers.",
    "Gunmen ambushed an Iraqi army convoy near Baiji on Thursday, killing three soldiers.",
])
def test_a_participle_after_an_act_does_not_take_the_acts_object_as_its_agent(nlp, text):
    (attack,) = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert attack.source_actor is None
    assert attack.target_actor is not None and attack.target_actor.name == "Iraqi Army"
    assert attack.fatalities == 3


def test_a_participle_keeps_the_subject_of_its_main_clause(nlp):
    (attack,) = [e for e in events(nlp, "ISIS militants ambushed an Iraqi army convoy near Baiji on Thursday, "
                                        "killing three soldiers.") if e.type == "ASSAULT"]
    assert attack.source_actor is not None and attack.source_actor.name == "ISIS"


@pytest.mark.parametrize("text", [
    "Parliament elected Haibat al-Halbousi as its speaker on Thursday.",
    "BAGHDAD \u2014 Parliament elected Haibat al-Halbousi as its speaker on Thursday.",
    "Lawmakers elected Haibat al-Halbousi speaker on Thursday.",
    "A long deadlock ended this week.\nLawmakers elected Haibat al-Halbousi speaker on Thursday.",
])
def test_the_legislature_opening_a_text_or_a_line_is_the_body_that_voted(nlp, text):
    (vote,) = [e for e in events(nlp, text) if e.type == "AGREE"]
    assert vote.source_actor is not None and vote.source_actor.name == "Council of Representatives"


def test_a_legislature_choosing_someone_for_an_office_is_an_election(nlp):
    found = events(nlp, "The deadlock ended on Thursday. Parliament chose Haibat al-Halbousi as its speaker.")
    assert [e.type for e in found] == ["AGREE"]
    party = events(nlp, "The Coordination Framework chose Haibat al-Halbousi as its candidate on Thursday.")
    assert [e.type for e in party] == ["SUPPORT"]  # a party choosing a candidate nominates


def test_their_after_a_states_strike_is_not_the_states_own_forces(nlp):
    found = [e for e in events(nlp, "Kataib Hezbollah fired rockets at U.S. forces on Thursday. Washington answered "
                                    "with strikes on their depots on Friday.") if e.type == "ASSAULT"]
    answer = next(e for e in found if "depots" in e.evidence.text)
    assert answer.target_actor is not None and answer.target_actor.name == "Kataib Hezbollah"

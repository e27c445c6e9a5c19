"""Acts of one type on one day in one country (when a later sentence tells a further act, and when
it tells the same act again), acts protested against, and forces named only by their common noun.
Hand-written text."""

from __future__ import annotations

import pytest

from extraction_helpers import events, name


def assaults(nlp, text, published="2024-02-21"):
    return [e for e in events(nlp, text, published) if e.type == "ASSAULT"]


def test_fire_returned_at_an_attack_told_in_between_is_its_own_act(nlp):
    found = assaults(nlp, "On Tuesday, U.S. aircraft struck Kataib Hezbollah depots in Anbar. Hours later, "
                          "rockets were fired at U.S. forces at Ain al-Asad air base. U.S. forces returned fire "
                          "at the launch site near Hit, killing two militants.")
    assert len(found) == 3, [e.evidence.text for e in found]
    answer = next(e for e in found if "returned" in e.evidence.text)
    assert name(answer.source_actor) == "U.S. forces" and answer.fatalities == 2
    strikes = next(e for e in found if "depots" in e.evidence.text)
    assert strikes.fatalities is None  # the answer's toll is not the strikes'


def test_a_word_of_a_further_occurrence_keeps_a_same_day_act_apart(nlp):
    text = ("Militants fired mortars at the Green Zone on Monday. {} on Monday, gunmen attacked a police "
            "checkpoint on the edge of the capital, killing three officers.")
    assert len(assaults(nlp, text.format("Separately"))) == 2
    assert len(assaults(nlp, "Militants fired mortars at the Green Zone on Monday. Another rocket landed "
                             "near the U.S. embassy in Baghdad on Monday.")) == 2


def test_unattributed_acts_in_two_provinces_on_one_day_are_two_acts(nlp):
    found = assaults(nlp, "Unknown gunmen shot dead an activist in Basra on Friday. On Friday, a roadside bomb "
                          "exploded near a police convoy in Nasiriyah, in Dhi Qar.")
    assert sorted(e.location.name for e in found) == ["Basra", "Nasiriyah"]


def test_a_named_actors_strikes_in_two_provinces_stay_one_act(nlp):
    # one strike package in one country is one event (the annotation guide), whatever its sites
    found = assaults(nlp, "U.S. aircraft struck Kataib Hezbollah depots in Anbar on Tuesday. U.S. jets hit a "
                          "command post near Jurf al-Sakhar in Babil the same night, a defense official said.")
    assert len(found) == 1


def test_a_toll_told_of_the_act_just_reported_joins_it(nlp):
    found = assaults(nlp, "Gunmen attacked an army post in Tarmiyah on Sunday. Militants killed four soldiers "
                          "in an ambush near Tarmiyah on Sunday, officials said.")
    assert len(found) == 1 and found[0].fatalities == 4


def test_a_sentence_that_refers_back_to_the_act_is_not_a_new_one_in_another_province(nlp):
    found = assaults(nlp, "U.S. jets bombed four arms depots of Kataib Hezbollah in Karbala on Friday. "
                          "Police in Hilla reported on Friday that the raids had left two soldiers and a "
                          "farmer dead.", published="2020-03-14")
    assert len(found) == 1, [e.evidence.text for e in found]


def test_a_definite_act_protested_against_is_no_new_act(nlp):
    alone = events(nlp, "Baghdad summoned the Turkish charge d'affaires on Sunday to protest the strikes.")
    assert [e.type for e in alone] == ["ACCUSE"]
    told = events(nlp, "Turkish jets bombed PKK hideouts near Sinjar on Saturday. Baghdad summoned the Turkish "
                       "charge d'affaires on Sunday in protest at the raids.")
    assert sorted(e.type for e in told) == ["ACCUSE", "ASSAULT"]


@pytest.mark.parametrize("text,force", [
    ("Gunmen attacked an army checkpoint near Baiji on Friday.", "Iraqi Army"),
    ("Militants opened fire on a police patrol in Tarmiyah on Friday.", "Iraqi police"),
    ("Militants ambushed an army convoy near Palmyra on Friday.", "Syrian government forces"),
])
def test_a_force_named_by_its_common_noun_is_the_force_of_the_country_hit(nlp, text, force):
    (attack,) = assaults(nlp, text)
    assert name(attack.target_actor) == force


def test_a_possessed_act_known_to_the_month_is_the_act_told_later_with_its_day(nlp):
    text = ("Mourners carried pictures of the activist Ihsan al-Fartousi, whose killing this month shocked the "
            "city. Fartousi, who had run a small shop for years, was shot dead by gunmen on March 4 outside his house.")
    found = [e for e in nlp({"text": text, "published": "2022-03-20"}).events if e.type == "ASSAULT"]
    assert [(e.date, name(e.target_actor)) for e in found] == [("2022-03-04", "Ihsan al-Fartousi")]

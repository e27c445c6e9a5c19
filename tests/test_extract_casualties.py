"""Deaths of an attack: counted subjects, tolls stated before the attack or in the next sentence,
numbers in words, and "nobody was hurt" as no deaths; all on hand-written text."""

from __future__ import annotations

import pytest

from marsad.extract.casualties import _num


def attack_deaths(nlp, text):
    report = nlp({"text": text, "published": "2024-02-10"})
    attacks = [e for e in report.events if e.type == "ASSAULT" and e.certainty in ("asserted", "reported")]
    assert attacks, "no attack found"
    return [e.fatalities for e in attacks]


@pytest.mark.parametrize("words,value", [("thirty-two", 32), ("two dozen", 24), ("a dozen", 12),
                                         ("eleven", 11), ("ninety-nine", 99), ("twenty-x", None)])
def test_numbers_in_words_read_whole(words, value):
    assert _num(words) == value


@pytest.mark.parametrize("text,deaths", [
    # toll first, the attack in a subordinate clause after a time or manner phrase
    ("Forty-one recruits were killed on Monday when a car bomb exploded outside a training camp in Mosul.", 41),
    ("Six guards, all of them local men hired a month earlier, were killed overnight as gunmen raided a "
     "checkpoint near Samarra.", 6),
    ("Four pilgrims were killed and a dozen others hurt when mortar rounds fell on a shrine in Samarra on Friday.", 4),
    ("MOSUL \u2014 A police captain and three of his men were killed on Tuesday when a roadside bomb hit "
     "their patrol west of the city.", 4),
    # a named victim with an apposition, then a counted conjunct
    ("On Tuesday a drone struck a pickup truck near Qaim, killing Ahmed Karim, a local commander of the "
     "group, and three of his escorts.", 4),
    ("Gunmen fired on a sit-in in Basra on Sunday, killing more than two dozen people.", 24),
])
def test_the_toll_of_an_attack_in_its_own_sentence(nlp, text, deaths):
    assert attack_deaths(nlp, text)[0] == deaths


@pytest.mark.parametrize("text,deaths", [
    ("On Monday rockets hit an airbase outside Balad. A contractor working for a logistics firm, who was "
     "not Iraqi, was killed and five other people were wounded, a spokesman said.", 1),
    ("On Thursday a suicide bomber blew himself up at a wedding in Tarmiyah. At least 27 people were "
     "killed and 50 were wounded, according to local officials.", 27),
    ("On Saturday a convoy of the federal police was ambushed near Hawija. Nine members of the unit lost "
     "their lives, the ministry said.", 9),
    ("On Monday a drone hit an oil field in Erbil province. Nobody was hurt, the operator said.", 0),
    ("On Monday a drone hit an oil field in Erbil province, causing a fire but no injuries.", 0),
])
def test_the_toll_stated_in_the_next_sentence(nlp, text, deaths):
    assert attack_deaths(nlp, text)[0] == deaths


def test_a_count_over_a_period_is_neither_a_toll_nor_an_attack(nlp):
    text = ("On Monday a drone hit an oil field in Erbil province. More than 300 people have been killed "
            "since the fighting began in the spring.")
    assert attack_deaths(nlp, text) == [None]


@pytest.mark.parametrize("text,deaths", [
    # a total, then its parts: counted once
    ("On Friday strikes on rocket depots near Aleppo killed 42 people, 36 soldiers and six militiamen.", [42]),
    # parts only, even when the first happens to equal the rest
    ("On Monday a bomb in Kirkuk killed three guards, two drivers and a cook.", [6]),
])
def test_a_total_followed_by_its_breakdown_is_not_summed(nlp, text, deaths):
    assert attack_deaths(nlp, text) == deaths


@pytest.mark.parametrize("text,deaths", [
    ("Militants ambushed a patrol near Baiji on Sunday, killing four.", 4),
    ("Gunmen raided a farm outside Muqdadiyah on Sunday, killing six of them and wounding two.", 6),
    ("A mortar round hit a market in Tuz Khurmatu on Sunday, killing three inside a shop.", 3),
])
def test_a_count_with_no_noun_after_the_casualty_verb_counts_people(nlp, text, deaths):
    assert attack_deaths(nlp, text) == [deaths]


def test_an_article_alone_after_the_casualty_verb_is_no_count(nlp):
    assert attack_deaths(nlp, "Militants shelled the town on Sunday, killing a.") == [None]


def test_deaths_stated_with_died_across_an_aside(nlp):
    text = "Nine shoppers, including two children, lost their lives when a car bomb went off in Sadr City on Sunday."
    assert attack_deaths(nlp, text) == [9]


@pytest.mark.parametrize("text, n", [
    ("The ISIS attack on the checkpoint claimed the lives of eleven fighters on Monday.", 11),
    ("A car bomb in Kirkuk on Monday took the lives of at least 14 people.", 14),
])
def test_lives_claimed_or_taken_are_deaths(nlp, text, n):
    (e,) = [e for e in nlp({"text": text, "published": "2024-11-02"}).events if e.type == "ASSAULT"]
    assert e.fatalities == n


@pytest.mark.parametrize("text, n", [
    ("A sticky bomb attached to a car killed its driver, a local official, in Basra on Monday.", 1),
    ("A roadside bomb killed the driver and two passengers on Monday.", 3),
])
def test_one_person_named_by_a_determiner_and_a_noun_is_one_death(nlp, text, n):
    assert attack_deaths(nlp, text) == [n]


def test_a_base_attacked_by_a_group_is_not_its_own_target(nlp):
    r = nlp({"text": "The Islamic Resistance in Iraq claimed a drone attack on the Al-Tanf garrison on Monday.",
             "published": "2023-07-20"})
    (e,) = [e for e in r.events if e.type == "ASSAULT"]
    assert e.target_actor is None or e.target_actor.id != e.source_actor.id


def test_a_possessed_person_before_a_place_phrase_is_counted(nlp):
    assert attack_deaths(nlp, "A drone strike killed a commander of the group and his driver in eastern Baghdad "
                              "on Thursday.") == [2]


@pytest.mark.parametrize("text, n", [
    ("Gunmen assassinated a prominent cleric outside his home in Basra on Tuesday.", 1),
    ("A sniper shot dead a protester in Nasiriyah on Thursday.", 1),
])
def test_one_person_killed_by_a_verb_of_killing_is_one_death(nlp, text, n):
    assert attack_deaths(nlp, text) == [n]


@pytest.mark.parametrize("text", [
    "An IED went off near a convoy in Dhi Qar on Monday.",
    "Unknown assailants lobbed a grenade at the office of the party in Baghdad on Monday.",
    "Mortar rounds rained down on the Green Zone on Monday.",
])
def test_bombs_thrown_or_going_off_are_attacks(nlp, text):
    assert attack_deaths(nlp, text) == [None]

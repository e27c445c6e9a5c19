"""A person named with the position they hold in an organisation or state is its member:
the title before the name ("the Taqaddum candidate X", "Pentagon press secretary Maj. Gen. X",
"the Turkish ambassador, X") or after it ("X, the PUK's nominee", "X, a senior Kataib Hezbollah
commander", "X, himself a KDP veteran")."""

import pytest

from marsad.extract.relations import compile_relations


def _rels(nlp, text):
    report = nlp({"text": text, "published": "2024-03-10"})
    return {(r.source.name, r.type, r.target.name) for r in report.relations}


@pytest.mark.parametrize("text, expected", [
    ("The Taqaddum candidate Karim Jabbar won the seat on Sunday.",
     ("Karim Jabbar", "member_of", "Taqaddum")),
    ("Pentagon press secretary Maj. Gen. John Harlow said the strikes hit 20 targets.",
     ("John Harlow", "member_of", "U.S. Department of Defense")),
    ("The Turkish ambassador, Mehmet Yilmaz, was summoned on Sunday.",
     ("Mehmet Yilmaz", "member_of", "Turkey")),
    ("Baghdad summoned the Iranian envoy, Reza Ahmadi, over the shelling.",
     ("Reza Ahmadi", "member_of", "Iran")),
])
def test_a_title_before_the_name(nlp, text, expected):
    assert expected in _rels(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Karim Jabbar, the PUK's nominee, won the vote.",
     ("Karim Jabbar", "member_of", "Patriotic Union of Kurdistan")),
    ("Hassan Jaber, a senior Kataib Hezbollah commander, was killed on Sunday.",
     ("Hassan Jaber", "member_of", "Kataib Hezbollah")),
    ("Sami Aziz, himself a KDP veteran, took the oath on Monday.",
     ("Sami Aziz", "member_of", "Kurdistan Democratic Party")),
])
def test_a_title_after_the_name(nlp, text, expected):
    assert expected in _rels(nlp, text)


def test_a_verb_between_the_organisation_and_a_title_makes_no_membership(nlp):
    rels = _rels(nlp, "Iraq's foreign ministry handed Ambassador John Harlow a note of protest on Sunday.")
    assert not any(r[0] == "John Harlow" and r[1] == "member_of" for r in rels)


def test_a_person_beside_an_organisation_without_a_title_is_not_its_member(nlp):
    rels = _rels(nlp, "Karim Jabbar, the PUK's rival for the seat, lost the vote.")
    assert ("Karim Jabbar", "member_of", "Patriotic Union of Kurdistan") not in rels


def test_member_titles_are_required_by_patterns_that_use_them():
    lex = {"patterns": [{"type": "member_of", "pattern": "{A}, the {B}'s {MT}", "source": "A"}]}
    with pytest.raises(ValueError, match="member_titles"):
        compile_relations(lex)
    compiled = compile_relations({**lex, "member_titles": ["press secretary", "nominee"]})
    pattern, spec = compiled.patterns[0]
    assert pattern.search("\u27e60\u27e7, the \u27e61\u27e7's press secretary")
    assert set(spec["_words"]) == {"press secretary", "nominee"}


@pytest.mark.parametrize("text, expected", [
    ("Kataib Hezbollah, which is also one of the brigades of the Popular Mobilization Forces, denied it.",
     ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces")),
    ("Kataib Hezbollah and other Popular Mobilization Forces units came under fire.",
     ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces")),
    ("Saraya al-Salam, the Sadrist Movement's armed wing, deployed in the city.",
     ("Saraya al-Salam", "part_of", "Sadrist Movement")),
])
def test_a_unit_or_wing_of_an_organisation_is_part_of_it(nlp, text, expected):
    assert expected in _rels(nlp, text)


def test_a_persons_armed_wing_is_not_part_of_the_person(nlp):
    rels = _rels(nlp, "Saraya al-Salam, Muqtada al-Sadr's armed wing, deployed in the city.")
    assert not any(r[1] == "part_of" and r[2] == "Muqtada al-Sadr" for r in rels)


@pytest.mark.parametrize("text, expected", [
    ("The KDP backing Foreign Minister Fuad Hussein walked out of the session.",
     ("Kurdistan Democratic Party", "backs", "Fuad Hussein")),
    ("Ali Karim, the nominee of the Coordination Framework, was elected on Monday.",
     ("Coordination Framework", "backs", "Ali Karim")),
])
def test_a_candidacy_or_backing_participle_is_backing(nlp, text, expected):
    assert expected in _rels(nlp, text)


def test_its_leader_leads_the_group_named_before(nlp):
    rels = _rels(nlp, "Kataib Hezbollah denied any role on Monday. Its secretary-general, "
                      "Abu Hussein al-Hamidawi, said the group would halt attacks.")
    assert ("Abu Hussein al-Hamidawi", "leads", "Kataib Hezbollah") in rels


def test_its_leader_with_no_group_before_leads_nothing(nlp):
    rels = _rels(nlp, "Its secretary-general, Abu Hussein al-Hamidawi, said the group would halt attacks.")
    assert not any(r[0] == "Abu Hussein al-Hamidawi" and r[1] == "leads" for r in rels)


def test_a_commander_in_chief_of_a_force_leads_it(nlp):
    rels = _rels(nlp, "Mazloum Abdi, commander-in-chief of the Syrian Democratic Forces, met the envoy.")
    assert ("Mazloum Abdi", "leads", "Syrian Democratic Forces") in rels


@pytest.mark.parametrize("text", [
    "The PKK, which has battled the Turkish state for forty years, declared a truce.",
    "The PKK has been waging an armed struggle against the Turkish state for decades.",
    "The PKK wages a guerrilla war on the Turkish state from the mountains.",
])
def test_fighting_a_state_over_time_is_opposition(nlp, text):
    assert ("Kurdistan Workers' Party", "opposes", "Turkey") in _rels(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Kataib Hezbollah mourned a fighter on Monday. One of the group's fighters, Ali Hassan Jabbar, was killed.",
     ("Ali Hassan Jabbar", "member_of", "Kataib Hezbollah")),
    ("Kataib Hezbollah issued a statement. Its security official, Abu Ali al-Askari, warned the government.",
     ("Abu Ali al-Askari", "member_of", "Kataib Hezbollah")),
    ("Rebwar Karim of the Kurdistan Democratic Party won a seat.",
     ("Rebwar Karim", "member_of", "Kurdistan Democratic Party")),
    ("Harakat al-Nujaba is a leading member of the Islamic Resistance in Iraq.",
     ("Harakat al-Nujaba", "member_of", "Islamic Resistance in Iraq")),
    ("The Islamic Resistance in Iraq \u2014 an alliance that includes Kataib Hezbollah \u2014 claimed it.",
     ("Kataib Hezbollah", "member_of", "Islamic Resistance in Iraq")),
])
def test_members_named_through_the_group_or_its_pronoun(nlp, text, expected):
    assert expected in _rels(nlp, text)

"""Sixth round of general mechanisms, on hand-written text: members of a legislature acting as
the body, a state named by its capital or its people, a named place taken by force (an
offensive, not a seizure of goods), ground offensives launched or begun, objections, and votes
in favour."""

from __future__ import annotations

import pytest

from extraction_helpers import events, name, one


# ---------------------------------------------------------------- who acts for a body
@pytest.mark.parametrize("text,etype,actor", [
    # members of the legislature acting together are the legislature
    ("The session opened late. On Tuesday, lawmakers passed a new electoral law.", "AGREE", "Council of Representatives"),
    ("The session opened late. Lawmakers passed a new electoral law on Tuesday.", "AGREE", "Council of Representatives"),
    ("The session opened late, and the deputies adopted the budget bill on Tuesday.", "AGREE", "Council of Representatives"),
    ("The session opened late. Iraqi legislators approved the budget bill on Tuesday.", "AGREE", "Council of Representatives"),
    # a party's members are the party
    ("The sitting dragged on. Lawmakers from Taqaddum walked out of the session on Wednesday.", "PROTEST", "Taqaddum"),
    ("All 73 Sadrist deputies resigned their seats on Monday.", "RETREAT", "Sadrist Movement"),
    # the cabinet is the government; a state's unnamed official speaks for the state
    ("The session ran late. The Council of Ministers approved the draft law on Monday.", "AGREE", "Iraq"),
    ("A Turkish defence ministry official denied on Saturday that Turkish troops crossed the border.", "REJECT", "Turkey"),
    ("An Iranian official denied on Saturday that Tehran armed the group.", "REJECT", "Iran"),
    # objecting is a rejection
    ("The Kurdistan Democratic Party objected to the law on Monday.", "REJECT", "Kurdistan Democratic Party"),
    ("On Monday the Kurdistan Democratic Party objected that the session broke the constitution.", "REJECT",
     "Kurdistan Democratic Party"),
])
def test_who_acts_for_a_body(nlp, text, etype, actor):
    assert name(one(nlp, text, etype).source_actor) == actor


def test_a_country_s_parliament_is_its_legislature(nlp):
    e = one(nlp, "On Saturday Iraq's new parliament elected Mohammed al-Halbousi as speaker.", "AGREE")
    assert name(e.source_actor) == "Council of Representatives"
    assert e.target_actor is not None and e.target_actor.id == "mohamed-al-halbousi"


def test_a_party_s_lawmakers_stay_the_party_s(nlp):
    e = one(nlp, "The session opened late. Sadrist lawmakers objected to the budget on Tuesday.", "REJECT")
    assert name(e.source_actor) != "Council of Representatives"


# ---------------------------------------------------------------- capitals and peoples
@pytest.mark.parametrize("text,state", [
    ("Amman on Sunday condemned the attack on its border post.", "Jordan"),
    ("Riyadh on Sunday condemned the strike on the oil facility.", "Saudi Arabia"),
    ("Ankara summoned the Iraqi envoy on Sunday.", "Turkey"),
])
def test_a_capital_acting_is_its_state(nlp, text, state):
    found = [e for e in events(nlp, text) if e.source_actor is not None]
    assert [name(e.source_actor) for e in found] == [state]


def test_a_capital_as_a_place_is_no_actor(nlp):
    found = events(nlp, "Iraqi and Jordanian officials met in Amman on Sunday.")
    assert all(name(e.source_actor) != "Jordan" for e in found)


def test_a_people_named_as_a_party_is_its_state(nlp):
    e = one(nlp, "Kataib Hezbollah on Monday accused the Americans of violating Iraqi sovereignty.", "ACCUSE")
    assert name(e.target_actor) == "United States"


# ---------------------------------------------------------------- a place taken by force
@pytest.mark.parametrize("text,place", [
    ("Islamic State fighters overran the town of Sinjar on August 3.", "Sinjar"),
    ("Islamic State swept into Mosul on June 10, 2014.", "Mosul"),
    ("The Popular Mobilization Forces took Jurf al-Sakhar in October 2014.", "Jurf al-Sakhar"),
    ("In January 2014 Islamic State took over much of Fallujah.", "Fallujah"),
    ("Islamic State fighters seized Ramadi on Sunday.", "Ramadi"),
    ("On Thursday the army retook the district of Tal Afar.", "Tal Afar"),
])
def test_a_named_place_taken_by_force_is_an_offensive(nlp, text, place):
    e = one(nlp, text, "ASSAULT", published="2024-08-10")
    assert e.location is not None and e.location.name == place


@pytest.mark.parametrize("text", [
    "He took office on Sunday.",
    "Kataib Hezbollah took part in the talks on Sunday.",
])
def test_taking_without_a_place_is_no_offensive(nlp, text):
    assert "ASSAULT" not in [e.type for e in events(nlp, text)]


def test_goods_seized_stay_a_seizure(nlp):
    assert "ASSAULT" not in [e.type for e in events(
        nlp, "The Counter-Terrorism Service seized rockets and launchers at a farm near Tarmiyah on Sunday.")]


# ---------------------------------------------------------------- offensives launched or begun
@pytest.mark.parametrize("text", [
    "The Turkish army launched in April the operation Claw-Lock against the PKK.",
    "In April Turkey opened a new air and ground offensive against the PKK.",
    "The operation to retake Mosul was launched on October 17.",
    "The offensive that Turkey launched in April targets PKK hideouts.",
])
def test_an_offensive_launched_or_opened_is_an_assault(nlp, text):
    assert "ASSAULT" in [e.type for e in events(nlp, text, published="2022-06-01")]


def test_an_offensive_launched_carries_its_date(nlp):
    e = one(nlp, "The operation to retake Mosul was launched on October 17.", "ASSAULT", published="2016-10-20")
    assert e.date == "2016-10-17"


# ---------------------------------------------------------------- objections
def test_objections_from_an_actor_name_the_objector(nlp):
    found = [e for e in events(nlp, "The bloc dropped its nominee on Monday after objections from Washington.")
             if e.type == "REJECT"]
    assert [name(e.source_actor) for e in found] == ["United States"]


# ---------------------------------------------------------------- votes in favour
@pytest.mark.parametrize("text", [
    "The sitting resumed. Parliament voted for a manual recount on June 6.",
    "Iraq's parliament voted on November 26 to give the Popular Mobilization Forces a legal footing.",
    "The Council of Representatives voted unanimously in favour of the budget on Sunday.",
])
def test_a_vote_in_favour_is_an_approval(nlp, text):
    e = one(nlp, text, "AGREE", published="2016-12-01")
    assert name(e.source_actor) == "Council of Representatives"


def test_voting_for_the_first_time_is_no_approval(nlp):
    assert "AGREE" not in [e.type for e in events(nlp, "The Council of Representatives voted for the first time in 2006.")]


# ---------------------------------------------------------------- dates of relative clauses
def test_a_date_in_a_relative_clause_does_not_date_the_main_verb(nlp):
    text = ("Parliament approved the new cabinet on Monday, September 8. In the same sitting it approved "
            "Nouri al-Maliki, who stepped aside as prime minister on August 14, as a vice president.")
    dates = [e.date for e in events(nlp, text, published="2014-09-10") if e.type == "AGREE"]
    assert dates and "2014-08-14" not in dates


# ---------------------------------------------------------------- offices a chamber fills
@pytest.mark.parametrize("text", [
    "Talks went on in Baghdad. Hakim al-Zamili was elected first deputy speaker on Sunday.",
    "Talks went on in Baghdad. Mohamed al-Halbousi was re-elected speaker with 200 votes on Sunday.",
])
def test_an_office_the_chamber_fills_is_filled_by_the_legislature(nlp, text):
    e = one(nlp, text, "AGREE", published="2022-01-10")
    assert name(e.source_actor) == "Council of Representatives"


def test_an_election_to_another_office_names_no_chamber(nlp):
    found = [e for e in events(nlp, "Talks went on in Baghdad. Hakim al-Zamili was elected party chairman on Sunday.",
                               published="2022-01-10") if e.type == "AGREE"]
    assert all(name(e.source_actor) != "Council of Representatives" for e in found)


# ---------------------------------------------------------------- accepting someone's resignation
@pytest.mark.parametrize("text", [
    "Talks went on. Parliament accepted Adel Abdul-Mahdi's resignation on December 1.",
    "Talks went on. Parliament accepted the resignation of Adel Abdul-Mahdi on December 1.",
])
def test_accepting_a_named_resignation_targets_the_one_who_resigned(nlp, text):
    e = one(nlp, text, "AGREE", published="2019-12-05")
    assert name(e.source_actor) == "Council of Representatives"
    assert e.target_actor is not None and e.target_actor.id == "adil-abdul-mahdi"
    assert e.date == "2019-12-01"


# ---------------------------------------------------------------- more members of trigger families
@pytest.mark.parametrize("text,etype", [
    ("Talks went on. On January 31 the Coordination Framework restated its support for Nouri al-Maliki.", "SUPPORT"),
    ("Talks went on. The Iraqi government declared a state of emergency in Basra on Saturday.", "COERCE"),
    ("Talks went on. The Iraqi government closed all entrances to the capital on Saturday.", "COERCE"),
    ("Talks went on. The Council of Representatives turned it down on Monday.", "REJECT"),
    ("Talks went on. The Kurdistan Democratic Party complained on Monday that it had been shut out.", "ACCUSE"),
])
def test_more_members_of_a_family(nlp, text, etype):
    assert etype in [e.type for e in events(nlp, text, published="2024-02-10")]


def test_named_by_someone_to_form_a_government_is_their_nomination(nlp):
    e = one(nlp, "Talks went on. Haider al-Abadi was named by President Fuad Masum on August 11 to form a government.",
            "SUPPORT", published="2014-08-20")
    assert name(e.source_actor) == "Fuad Masum" and name(e.target_actor) == "Haider al-Abadi"
    assert e.date == "2014-08-11"


def test_restating_support_targets_whom_it_supports(nlp):
    e = one(nlp, "Talks went on. On January 31 the Coordination Framework restated its support for Nouri al-Maliki.",
            "SUPPORT", published="2026-02-10")
    assert name(e.target_actor) == "Nouri al-Maliki"


# ---------------------------------------------------------------- who killed those who died
@pytest.mark.parametrize("text,attacker,deaths", [
    ("Talks went on. Eleven soldiers were shot dead in their sleep when Islamic State militants stormed an army "
     "post in Diyala province on Thursday.", "ISIS", 11),
    ("Talks went on. Three soldiers were killed when Kataib Hezbollah fighters attacked a checkpoint on Monday.",
     "Kataib Hezbollah", 3),
])
def test_a_passive_death_takes_the_agent_of_the_clause_that_says_how(nlp, text, attacker, deaths):
    e = one(nlp, text, "ASSAULT", published="2024-04-03")
    assert name(e.source_actor) == attacker and e.fatalities == deaths


def test_a_passive_death_by_an_unattributed_bomb_has_no_agent(nlp):
    e = one(nlp, "Talks went on. Two policemen were killed on Monday when a roadside bomb exploded near Kirkuk.",
            "ASSAULT", published="2024-04-03")
    assert e.source_actor is None

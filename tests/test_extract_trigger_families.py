"""Acts named by phrases of a trigger family rather than its verb: winning a chamber's confidence,
tasking someone with forming a cabinet, staying away from a sitting, suspending attendance, a
warning that a state is ready to sanction; hand-written text, with inflections."""

from __future__ import annotations

import pytest


def types(nlp, text):
    report = nlp({"text": text, "published": "2024-02-10"})
    return [e.type for e in report.events if e.certainty in ("asserted", "reported")]


@pytest.mark.parametrize("text,etype", [
    ("The cabinet of Haider al-Abadi won the confidence of parliament late on Monday.", "AGREE"),
    ("Adil Abdul-Mahdi's government obtained the approval of lawmakers on Wednesday night.", "AGREE"),
    ("On Friday President Barham Salih tasked Adnan al-Zurfi with forming a government.", "SUPPORT"),
    ("On Sunday most Sunni lawmakers stayed away from the sitting in protest.", "PROTEST"),
    ("The Kurdish blocs kept away from parliament's sessions on Monday, their leaders said.", "PROTEST"),
    ("On Wednesday the Sadrist deputies suspended their participation in the council's meetings.", "PROTEST"),
    ("On Tuesday the Treasury warned that Washington was prepared to impose sanctions on Iraqi banks.", "THREATEN"),
])
def test_a_family_phrase_gives_its_type(nlp, text, etype):
    assert etype in types(nlp, text)


def test_a_warning_that_names_no_consequence_is_still_no_threat(nlp):
    assert "THREATEN" not in types(nlp, "On Tuesday the Treasury warned that the banking sector remained fragile.")


def test_a_heading_that_names_the_act_the_body_reports_adds_no_event(nlp):
    text = ("Parliament elects Mashhadani speaker after a year without one\n\n"
            "BAGHDAD \u2014 Lawmakers elected Mahmoud al-Mashhadani speaker of Iraq's parliament on Thursday, "
            "giving him 182 votes in a second round.")
    assert types(nlp, text).count("AGREE") == 1


def test_a_heading_whose_act_the_body_does_not_report_keeps_its_event(nlp):
    text = ("Kataib Hezbollah fired rockets at Ain al-Asad base on Monday\n\n"
            "BAGHDAD \u2014 The base hosts several hundred American troops, officials said.")
    assert "ASSAULT" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "BAGHDAD \u2014 The Federal Supreme Court struck down the quota seats on Wednesday.",
    "BAGHDAD \u2014 The Federal Supreme Court annulled 11 seats reserved for minorities on Wednesday.",
])
def test_a_court_striking_down_seats_is_a_sanction(nlp, text):
    report = nlp({"text": text, "published": "2026-03-10"})
    assert [e.type for e in report.events if e.certainty == "asserted"] == ["SANCTION"]


@pytest.mark.parametrize("text", [
    "The raids stopped after Kataib Hezbollah announced a suspension at the end of January.",
    "Kataib Hezbollah declared a unilateral pause on Tuesday.",
])
def test_a_halt_announced_with_no_object_is_the_groups_own_retreat(nlp, text):
    found = [e for e in nlp({"text": text, "published": "2024-02-10"}).events if e.type == "RETREAT"]
    assert len(found) == 1 and found[0].source_actor.name == "Kataib Hezbollah"


def test_a_halt_of_something_else_is_no_retreat(nlp):
    report = nlp({"text": "The ministry announced a suspension of oil exports on Tuesday.", "published": "2024-02-10"})
    assert [e for e in report.events if e.type == "RETREAT"] == []


@pytest.mark.parametrize("text,etype", [
    ("The PMF massed fighters near the Syrian border on Tuesday.", "MOBILIZE"),
    ("The Treasury froze the assets of a militia financier on Tuesday.", "SANCTION"),
    ("A Baghdad court handed down a death sentence to an ISIS member on Tuesday.", "SANCTION"),
    ("The PMF pulled its units out of Sinjar on Tuesday.", "RETREAT"),
])
def test_further_verb_families(nlp, text, etype):
    found = [e.type for e in nlp({"text": text, "published": "2024-02-10"}).events if e.certainty == "asserted"]
    assert found == [etype]


def test_pulling_a_thing_out_is_no_withdrawal(nlp):
    assert nlp({"text": "Divers pulled the car out of the river on Tuesday.", "published": "2024-02-10"}).events == []


def test_an_armed_band_storming_a_place_is_an_attack_even_without_a_toll(nlp):
    found = nlp({"text": "Militants stormed a police post near Kirkuk on Tuesday.", "published": "2024-02-10"}).events
    assert [(e.type, e.target_actor.name if e.target_actor else None) for e in found] == [("ASSAULT", "Iraqi police")]
    crowd = nlp({"text": "Protesters stormed the parliament on Tuesday.", "published": "2024-02-10"}).events
    assert [e.type for e in crowd] == ["PROTEST"]


@pytest.mark.parametrize("text", [
    "Prime Minister Mustafa al-Kadhimi ordered an inquiry into the shooting of demonstrators on Tuesday.",
    "On Monday the Kurdistan Regional Government set up a fact-finding committee on the shelling.",
    "Mustafa al-Kadhimi launched a probe into the deaths at the hospital on Sunday.",
    "The United Nations called for an urgent and independent investigation into the killings.",
])
def test_asking_for_or_opening_an_inquiry_is_an_accusation(nlp, text):
    assert "ACCUSE" in types(nlp, text)


def test_an_inquiry_noun_alone_is_no_act(nlp):
    assert "ACCUSE" not in types(nlp, "The investigation into the contract is still under way, Mustafa al-Kadhimi said.")


@pytest.mark.parametrize("text,etype", [
    ("On Thursday President Abdul Latif Rashid named Mohammed Shia al-Sudani prime minister-designate.", "SUPPORT"),
    ("Barham Salih designated Adnan al-Zurfi as the new premier on Tuesday.", "SUPPORT"),
    ("Mohammed Shia al-Sudani gave a speech on Sunday. Joe Biden telephoned him two days later.", "CONSULT"),
    ("The United States was quick to welcome the agreement on Saturday.", "SUPPORT"),
    ("Iran hastened to condemn the strike on Sunday.", "ACCUSE"),
])
def test_naming_a_premier_a_call_to_him_and_an_act_done_at_once(nlp, text, etype):
    assert etype in types(nlp, text)


def test_calling_him_a_name_is_no_phone_call(nlp):
    assert "CONSULT" not in types(nlp, "Mustafa al-Kadhimi spoke on Sunday. Qais al-Khazali called him a traitor on Monday.")


@pytest.mark.parametrize("text,etype", [
    ("On Wednesday the National Security Council ordered the recall of the country's ambassador.", "SANCTION"),
    ("The U.S. Treasury moved on Monday to cut Al-Rafidain Bank off from the dollar payments system.", "SANCTION"),
    ("On Sunday Kataib Hezbollah announced a temporary pause in its attacks on American bases.", "RETREAT"),
    ("On Sunday Masoud Barzani gave up his post as regional president.", "RETREAT"),
    ("In December ISIS was driven out of Ramadi by Iraqi forces.", "ASSAULT"),
    ("Mustafa al-Kadhimi described the bombing as a terrorist act on Monday.", "ACCUSE"),
    ("In September the Federal Supreme Court ordered the vote suspended.", "COERCE"),
    ("Iran's security chief Ali Shamkhani declared Tehran's backing for Haider al-Abadi on Tuesday.", "SUPPORT"),
    ("The Kurdistan Regional Government said on Tuesday it respected the court's ruling.", "CONCEDE"),
])
def test_a_verb_class_with_its_object_class_gives_the_type(nlp, text, etype):
    assert etype in types(nlp, text)


def test_a_passive_expulsion_names_the_expelling_force_as_source(nlp):
    report = nlp({"text": "In December ISIS was driven out of Ramadi by Iraqi forces.", "published": "2016-07-10"})
    (e,) = [e for e in report.events if e.type == "ASSAULT"]
    assert e.source_actor is not None and e.source_actor.name == "Iraqi security forces"
    assert e.target_actor is not None and e.target_actor.name == "ISIS"


def test_a_drone_laden_with_explosives_that_crashed_is_an_attack(nlp):
    assert "ASSAULT" in types(nlp, "Two drones laden with explosives crashed into a compound near Erbil airport late on Saturday.")


def test_camping_in_a_named_square_is_a_protest(nlp):
    assert "PROTEST" in types(nlp, "On Monday hundreds of students camped in Tahrir Square to demand jobs.")
    assert "PROTEST" not in types(nlp, "On Monday the soldiers camped in tents near the river.")


@pytest.mark.parametrize("text,etype", [
    ("The judge issued an order on Friday barring former Baath Party members from public jobs.", "COERCE"),
    ("On Monday an arrest warrant was issued for the former finance minister.", "COERCE"),
    ("On Friday thousands defied a curfew in Nasiriyah and marched to the governor's office.", "PROTEST"),
    ("On Sunday the final group of American soldiers crossed into Kuwait.", "RETREAT"),
    ("U.S. units handed their remaining bases to Iraqi forces on 30 June.", "RETREAT"),
    ("A Baghdad court sent the former governor to jail for seven years in 2019.", "SANCTION"),
])
def test_orders_warrants_curfews_departures_and_prison_terms(nlp, text, etype):
    assert etype in types(nlp, text)


def test_troops_leaving_their_barracks_is_no_withdrawal(nlp):
    assert "RETREAT" not in types(nlp, "On Sunday troops left their barracks for the front.")


@pytest.mark.parametrize("text,etype", [
    ("President Jalal Talabani vetoed the provincial elections law on Tuesday.", "REJECT"),
    ("On Thursday Iraq's Presidency Council sent the budget back to parliament, officials said.", "REJECT"),
    ("Prime Minister Haider al-Abadi on Monday ruled out any pullout of the brigade.", "REJECT"),
    ("Kuwait wrote off $2 billion of what Iraq owed it on Sunday.", "AID"),
    ("Saudi Arabia forgave about $4 billion in Iraqi loans on Tuesday.", "AID"),
    ("Police captured a senior Islamic State financier in Mosul on Friday.", "COERCE"),
    ("Iraqi troops seized two suspects near Baiji on Monday.", "COERCE"),
    ("The Council of Ministers adopted a new anti-corruption strategy on Tuesday.", "AGREE"),
])
def test_vetoes_debt_relief_captures_and_adopted_plans(nlp, text, etype):
    assert etype in types(nlp, text)


def test_a_captured_town_stays_an_offensive_not_an_arrest(nlp):
    found = types(nlp, "Peshmerga fighters captured the town of Makhmour on Monday.")
    assert "COERCE" not in found and "ASSAULT" in found


@pytest.mark.parametrize("text,author", [
    ("The governor was sacked by parliament on Monday.", "Council of Representatives"),
    ("Kataib Hezbollah said on Tuesday that he had been removed by the Popular Mobilization Forces.",
     "Popular Mobilization Forces"),
])
def test_a_dismissal_in_the_passive_takes_its_agent_from_the_by_phrase(nlp, text, author):
    found = [e for e in nlp({"text": text, "published": "2024-02-10"}).events if e.type == "SANCTION"]
    assert found and found[0].source_actor is not None and found[0].source_actor.name == author


def test_things_removed_from_a_scene_are_no_dismissal(nlp):
    assert "SANCTION" not in types(nlp, "The wreckage was removed from the scene on Monday.")


@pytest.mark.parametrize("text,etype", [
    ("The assembly chose Hajim Salih as its speaker on Sunday.", "AGREE"),
    ("On Thursday the provincial council picked Ali Hassan as governor.", "AGREE"),
    ("The Sadrist bloc chose Ali Hassan as its candidate on Sunday.", "SUPPORT"),
])
def test_a_chamber_choosing_an_office_holder_elects_and_a_party_nominates(nlp, text, etype):
    assert types(nlp, text) == [etype]


@pytest.mark.parametrize("text,author", [
    ("King Abdullah II of Jordan flew into Baghdad on Monday for talks with Nouri al-Maliki.", "King Abdullah II"),
    ("Recep Tayyip Erdogan arrived in Baghdad on Monday for two days of talks with Iraqi leaders.",
     "Recep Tayyip Erdogan"),
])
def test_talks_a_journey_was_made_for_are_the_travellers(nlp, text, author):
    found = [e for e in nlp({"text": text, "published": "2024-02-10"}).events if e.type == "CONSULT"]
    assert found and found[0].source_actor is not None and found[0].source_actor.name == author


def test_the_force_that_receives_handed_over_bases_is_the_target(nlp):
    found = [e for e in nlp({"text": "U.S. combat units handed their last urban bases to Iraqi forces on Tuesday.",
                             "published": "2024-02-10"}).events if e.type == "RETREAT"]
    assert found and found[0].target_actor is not None and found[0].target_actor.name == "Iraqi security forces"


def test_the_militants_refers_back_to_the_armed_group_named_before(nlp):
    text = "The Islamic State took Mosul in June. On Sunday Iraqi troops drove the militants out of Fallujah."
    found = [e for e in nlp({"text": text, "published": "2024-09-10"}).events if "Fallujah" in e.evidence.text]
    assert found and found[0].target_actor is not None and found[0].target_actor.name == "ISIS"


@pytest.mark.parametrize("text", [
    "The Mahdi Army fought U.S. forces in Najaf in August 2004.",
    "Peshmerga fighters battled the militants near Sinjar on Monday.",
    "The Mahdi Army fought against the police in Basra on Tuesday.",
])
def test_fighting_an_armed_opponent_is_a_clash(nlp, text):
    assert "ASSAULT" in types(nlp, text)


@pytest.mark.parametrize("text", [
    "The minister fought corruption in the ministry for years.",
    "The militia fought alongside the army in 2017.",
    "The party fought for a recount in Kirkuk on Monday.",
])
def test_fighting_a_cause_or_beside_someone_is_no_clash(nlp, text):
    assert "ASSAULT" not in types(nlp, text)


@pytest.mark.parametrize("text", [
    "Turkish officials said on Monday that Ankara would not hand him over.",
    "The Kurdistan Regional Government declined to surrender him to Baghdad on Monday.",
])
def test_refusing_to_hand_someone_over_is_a_rejection(nlp, text):
    assert "REJECT" in types(nlp, text)


def test_declining_to_comment_is_no_rejection(nlp):
    assert "REJECT" not in types(nlp, "The Kurdistan Regional Government declined to comment on Monday.")


@pytest.mark.parametrize("text,etype", [
    ("The cabinet endorsed the agreement on 16 November.", "AGREE"),
    ("On Friday parliament endorsed the referendum.", "AGREE"),
    ("President Barham Salih asked Adil Abdul-Mahdi to form the next government on Tuesday.", "SUPPORT"),
])
def test_a_body_endorsing_a_text_approves_it_and_asking_someone_to_form_a_government_nominates(nlp, text, etype):
    assert etype in types(nlp, text)


def test_a_state_praising_a_vote_stays_support(nlp):
    assert types(nlp, "The State Department endorsed the outcome of the vote on Tuesday.") == ["SUPPORT"]


def test_bombers_tearing_through_a_market_is_an_attack_dated_before_the_announcement(nlp):
    text = ("Police arrested a suspect, the interior ministry announced on Thursday, a week after two suicide bombers "
            "tore through a crowded market in the capital.")
    found = [e for e in nlp({"text": text, "published": "2021-01-29"}).events if e.type == "ASSAULT"]
    assert [e.date for e in found] == ["2021-01-21"]


@pytest.mark.parametrize("text", [
    "Early on 8 April 2011, army units backed by armoured vehicles stormed the camp.",
    "Kurdish Peshmerga commandos stormed an Islamic State prison near Hawija on Thursday.",
    "Members of the elite Counter-Terrorism Service stormed a Kataib Hezbollah site in Dora late on Thursday.",
])
def test_a_storming_by_an_armed_force_is_an_assault(nlp, text):
    assert types(nlp, text) == ["ASSAULT"]


def test_a_storming_by_a_groups_supporters_stays_a_protest(nlp):
    assert types(nlp, "Kataib Hezbollah supporters stormed the U.S. embassy compound on Tuesday.") == ["PROTEST"]


def test_walking_out_of_a_cabinet_is_quitting_and_out_of_a_session_a_boycott(nlp):
    assert "RETREAT" in types(nlp, "The Sadrist ministers walked out of the cabinet on Monday.")
    assert "PROTEST" in types(nlp, "The Sadrist deputies walked out of the session on Monday.")


def test_a_force_named_before_a_crowd_does_not_make_the_crowds_storming_an_assault(nlp):
    found = types(nlp, "Iraqi police watched as protesters angered by the strikes on the militia's bases near the "
                       "border stormed the embassy compound on Tuesday.")
    assert "PROTEST" in found and "ASSAULT" not in found

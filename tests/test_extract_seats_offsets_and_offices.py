"""Eighth round of general mechanisms, on hand-written text: seats of government in an actor's
slot, a date opening a clause before a bare legislature, choosing and fielding candidates,
being made to resign, giving up a bid, sanctions by listing or banning, legal challenges, offsets
in apposition to a date, a definite back-reference that keeps an old date, passive captures,
meetings, alliances and laws named by their noun."""

from __future__ import annotations

import pytest

from extraction_helpers import events, name, one


# ---------------------------------------------------------------- seats of government
@pytest.mark.parametrize("text,etype,role", [
    ("Baghdad condemned the shelling on Tuesday as an affront to the country.", "ACCUSE", "source"),
    ("The raid drew sharp criticism from Baghdad on Friday.", "ACCUSE", "source"),
    ("Erbil and Baghdad signed a revenue deal on Thursday.", "AGREE", "source"),
    ("Kataib Hezbollah accused Baghdad of siding with Washington on Monday.", "ACCUSE", "target"),
])
def test_a_seat_of_government_in_an_actors_slot_is_the_government(nlp, text, etype, role):
    e = one(nlp, text, etype, published="2024-05-10")
    ref = e.source_actor if role == "source" else e.target_actor
    assert name(ref) in ("Iraq", "Kurdistan Regional Government")


@pytest.mark.parametrize("text", [
    "A rocket hit Baghdad on Friday.",
    "Drones targeted Erbil on Friday.",
    "Crowds in Baghdad marched on Friday.",
])
def test_a_seat_of_government_as_a_place_stays_a_place(nlp, text):
    report = nlp({"text": text, "published": "2024-05-10"})
    assert not any(a.name in ("Iraq", "Kurdistan Regional Government") for a in report.actors)
    assert any(e.location is not None and e.location.name in ("Baghdad", "Erbil") for e in report.events)


# ---------------------------------------------------------------- the legislature after a date
@pytest.mark.parametrize("text", [
    "On 4 March parliament elected Ahmed Rahim as its first deputy speaker.",
    "On Saturday lawmakers elected Ahmed Rahim as first deputy speaker.",
])
def test_a_date_may_open_the_clause_of_a_bare_legislature(nlp, text):
    e = one(nlp, text, "AGREE", published="2024-05-10")
    assert name(e.source_actor) == "Council of Representatives"


# ---------------------------------------------------------------- nominations and resignations
def test_choosing_a_person_is_a_nomination(nlp):
    e = one(nlp, "Rafi al-Issawi was the second choice. Barham Salih tapped him on 2 May.", "SUPPORT",
            published="2020-05-10")
    assert name(e.source_actor) == "Barham Salih" and e.date == "2020-05-02"


@pytest.mark.parametrize("text", [
    "The party chose to stay out of the cabinet on Monday.",  # an infinitive, no person
    "The army selected a site near Mosul on Monday.",  # a thing, no person
])
def test_choosing_a_thing_is_no_nomination(nlp, text):
    assert not [e for e in events(nlp, text) if e.type == "SUPPORT"]


def test_fielding_a_candidate_is_a_nomination(nlp):
    e = one(nlp, "The Patriotic Union of Kurdistan fielded Barham Salih for the presidency in September.",
            "SUPPORT", published="2018-10-10")
    assert name(e.target_actor) == "Barham Salih"


def test_a_request_to_form_a_government_across_an_apposition(nlp):
    e = one(nlp, "Barham Salih asked Adel Abdul Mahdi, a veteran economist, to form a cabinet on 2 October.",
            "SUPPORT", published="2018-10-10")
    assert name(e.target_actor) == "Adil Abdul-Mahdi"


@pytest.mark.parametrize("text", [
    "Street protests forced Adel Abdul Mahdi to step down in November 2019.",
    "Adel Abdul Mahdi was compelled to resign in November 2019.",
])
def test_being_made_to_resign_is_a_resignation_of_the_one_made_to(nlp, text):
    e = one(nlp, text, "RETREAT", published="2020-02-10")
    assert name(e.source_actor) == "Adil Abdul-Mahdi" and e.date == "2019-11"


@pytest.mark.parametrize("text", [
    "Nouri al-Maliki gave up his quest to return as premier on Thursday.",
    "Nouri al-Maliki abandoned his bid to lead the next cabinet on Thursday.",
])
def test_giving_up_a_bid_is_a_retreat(nlp, text):
    assert name(one(nlp, text, "RETREAT", published="2014-08-16").source_actor) == "Nouri al-Maliki"


# ---------------------------------------------------------------- sanctions, rulings, cases
@pytest.mark.parametrize("text,target", [
    ("The U.S. Treasury put Qais al-Khazali under sanctions on Friday.", "Qais al-Khazali"),
    ("The Iraqi National Security Council on Thursday listed the PKK as a prohibited organisation.",
     "Kurdistan Workers' Party"),
])
def test_listing_or_banning_is_a_sanction(nlp, text, target):
    assert name(one(nlp, text, "SANCTION", published="2024-05-10").target_actor) == target


def test_withdrawing_confidence_is_a_dismissal(nlp):
    e = one(nlp, "The session was stormy. Lawmakers on Wednesday withdrew their confidence from "
                 "Hoshyar Zebari.", "SANCTION", published="2016-09-23")
    assert name(e.target_actor) == "Hoshyar Zebari"


def test_calling_an_envoy_home_is_a_sanction(nlp):
    e = one(nlp, "Iraq called home its ambassador to Ankara on Tuesday.", "SANCTION", published="2022-07-22")
    assert name(e.source_actor) == "Iraq"


def test_a_court_dropping_a_case_is_a_rejection(nlp):
    e = one(nlp, "The Federal Supreme Court dropped the case against Mohamed al-Halbousi on 4 May.", "REJECT",
            published="2024-05-10")
    assert name(e.source_actor) == "Federal Supreme Court"


def test_a_case_filed_by_someone_is_their_accusation(nlp):
    e = one(nlp, "The ruling closed a lawsuit originally filed by Baghdad in 2012.", "ACCUSE", published="2022-02-16")
    assert name(e.source_actor) == "Iraq" and e.date == "2012"


# ---------------------------------------------------------------- dates
def test_an_offset_in_apposition_to_a_date_dates_its_own_clause(nlp):
    text = ("On 20 June, four days after gunmen seized the town of Tal Afar, Ali al-Sistani urged "
            "volunteers to enlist.")
    evs = events(nlp, text, published="2014-07-01")
    assert {(e.type, e.date) for e in evs} >= {("ASSAULT", "2014-06-16"), ("REQUEST", "2014-06-20")}


def test_a_definite_mention_of_the_act_before_keeps_its_old_date(nlp):
    text = ("Parliament passed the amnesty law on 27 August 2016. "
            "The Kurdistan Democratic Party boycotted the vote, saying the text was rushed.")
    e = one(nlp, text, "PROTEST", published="2024-06-12")
    assert e.date == "2016-08-27"


def test_without_a_back_reference_an_old_date_stays_background(nlp):
    text = ("Parliament passed the amnesty law on 27 August 2016. "
            "The Kurdistan Democratic Party boycotted a session on budgets.")
    e = one(nlp, text, "PROTEST", published="2024-06-12")
    assert e.date != "2016-08-27"


# ---------------------------------------------------------------- captures, meetings, laws, alliances
def test_a_place_taken_in_the_passive_by_a_force_is_an_offensive(nlp):
    e = one(nlp, "The town of Baiji was recaptured on 20 October by Iraqi security forces.", "ASSAULT",
            published="2015-10-30")
    assert name(e.source_actor) == "Iraqi security forces" and e.location.name == "Baiji"


def test_goods_seized_in_the_passive_are_no_offensive(nlp):
    assert not [e for e in events(nlp, "Rifles were seized by the police on Monday.") if e.type == "ASSAULT"]


def test_driving_a_force_out_of_a_place_is_an_offensive(nlp):
    e = one(nlp, "Kurdish fighters drove ISIS out of Kobani in January 2015.", "ASSAULT", published="2015-03-01")
    assert e.location.name == "Kobani"


def test_sitting_down_with_someone_is_a_meeting_with_them(nlp):
    e = one(nlp, "Recep Tayyip Erdogan sat down with Mohammed Shia al-Sudani at his office on Monday.", "CONSULT",
            published="2024-04-25")
    assert name(e.target_actor) == "Mohammed Shia al-Sudani"


def test_adopting_a_law_named_as_a_noun(nlp):
    e = one(nlp, "The session was long. Parliament's adoption of the budget law on 12 June ended the dispute.",
            "AGREE", published="2023-06-20")
    assert name(e.source_actor) == "Council of Representatives" and e.date == "2023-06-12"


def test_announcing_an_alliance_is_an_agreement(nlp):
    e = one(nlp, "On 3 May Muqtada al-Sadr and Ammar al-Hakim unveiled an alliance of their lists.", "AGREE",
            published="2021-06-01")
    assert name(e.source_actor) == "Muqtada al-Sadr"


def test_a_quoted_characterisation_is_an_accusation(nlp):
    e = one(nlp, 'Masrour Barzani on Wednesday called the shelling "a crime against civilians".', "ACCUSE",
            published="2024-01-20")
    assert name(e.source_actor) == "Masrour Barzani"


def test_instructing_a_body_to_act_is_a_request(nlp):
    e = one(nlp, "On Sunday Haider al-Abadi directed the defence ministry to secure the western border.",
            "REQUEST", published="2016-05-02")
    assert name(e.source_actor) == "Haider al-Abadi"


# ---------------------------------------------------------------- offices stated by title
def relations(nlp, text, published):
    report = nlp({"text": text, "published": published})
    return {(r.source.name, r.type, r.target.name) for r in report.relations}


def test_a_title_heading_a_state_states_no_relation_by_default(nlp):
    text = "Iraq buried its dead on Monday. Prime Minister Haider al-Abadi visited the market on Sunday."
    assert ("Haider al-Abadi", "leads", "Iraq") not in relations(nlp, text, "2016-07-08")


def test_with_the_lexicon_option_a_title_states_the_office_when_the_text_names_its_state_elsewhere(nlp):
    import copy
    import dataclasses

    from marsad.extract.pipeline import Pipeline

    opted = copy.copy(nlp)
    opted._c = copy.copy(nlp._c)
    opted._c.relations = dataclasses.replace(nlp._c.relations, title_leads_states=True)
    text = "Iraq buried its dead on Monday. Prime Minister Haider al-Abadi visited the market on Sunday."
    assert isinstance(opted, Pipeline)
    assert ("Haider al-Abadi", "leads", "Iraq") in relations(opted, text, "2016-07-08")


def test_an_organ_of_a_state_named_elsewhere_is_stated_too(nlp):
    text = "The United States struck back on Friday. Defense Secretary Lloyd Austin called it a warning."
    assert ("Lloyd Austin", "leads", "U.S. Department of Defense") in relations(nlp, text, "2024-02-03")


def test_a_title_in_a_text_that_never_names_the_state_states_nothing(nlp):
    text = "Prime Minister Haider al-Abadi visited the market on Sunday."
    assert not relations(nlp, text, "2016-07-08")


@pytest.mark.parametrize("text,published,triple", [
    ("U.S. jets struck sites tied to Iran's Quds Force on Friday.", "2024-02-03",
     ("Quds Force", "part_of", "Iran")),
    ("Its statement came from the Islamic Resistance in Iraq, one platform used by Harakat al-Nujaba and "
     "Kataib Sayyid al-Shuhada.", "2024-02-03", ("Harakat al-Nujaba", "member_of", "Islamic Resistance in Iraq")),
    ("The Badr Organization, which Hadi al-Amiri has led for years, won seats.", "2021-10-12",
     ("Hadi al-Amiri", "leads", "Badr Organization")),
    ("Fuad Hussein, a veteran member of Masoud Barzani's Kurdistan Democratic Party, spoke first.", "2016-09-22",
     ("Fuad Hussein", "member_of", "Kurdistan Democratic Party")),
    ("Kirkuk was secured by Peshmerga forces supported by U.S. warplanes.", "2017-07-12",
     ("U.S. forces", "backs", "Peshmerga")),
    ("The Sinjar Resistance Units, a militia formed in 2014 with PKK support, refused.", "2022-05-20",
     ("Kurdistan Workers' Party", "backs", "Sinjar Resistance Units")),
    ("Since the 1980s the PKK, which has taken up arms against Turkey, has kept its camps in the mountains.",
     "2024-08-16",
     ("Kurdistan Workers' Party", "opposes", "Turkey")),
])
def test_relations_the_text_states(nlp, text, published, triple):
    assert triple in relations(nlp, text, published)


def test_a_senior_figure_is_not_a_member_of_a_person(nlp):
    found = relations(nlp, "Fuad Hussein, a veteran member of Masoud Barzani's Kurdistan Democratic Party, "
                           "spoke first.", "2016-09-22")
    assert ("Fuad Hussein", "member_of", "Masoud Barzani") not in found


# ---------------------------------------------------------------- places, tolls, weapons
def test_a_country_that_owns_a_named_body_is_no_place_of_the_act(nlp):
    text = ("Six fighters from Iraq's Popular Mobilization Forces were shot dead on Sunday when their post "
            "across the border in Syria was bombed.")
    evs = [e for e in events(nlp, text, published="2024-10-15") if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].location.country == "SY"


def test_a_singular_person_noun_counts_in_a_list_of_victims(nlp):
    text = "A rocket struck a market in Basra on Monday, killing a local fisherman and two other civilians."
    assert one(nlp, text, "ASSAULT", published="2024-10-15").fatalities == 3


def test_a_demonym_before_the_weapon_names_the_state_behind_it(nlp):
    e = one(nlp, "Turkish heavy rockets crashed into a village near Duhok on Monday.", "ASSAULT", published="2024-10-15")
    assert name(e.source_actor) == "Turkey"


def test_a_country_by_its_adjective_before_territory_is_the_place(nlp):
    e = one(nlp, "Iran fired dozens of drones toward Israeli territory on Sunday.", "ASSAULT", published="2024-04-16")
    assert (e.location.name, e.location.country) == ("Israel", "IL")


def test_a_ruling_that_a_law_breaches_the_constitution_is_a_sanction(nlp):
    e = one(nlp, "On Monday the Federal Supreme Court found that the province's mining law violated the constitution.",
            "SANCTION", published="2023-05-10")
    assert name(e.source_actor) == "Federal Supreme Court"


def test_putting_names_to_a_memorandum_is_an_agreement_of_both_states(nlp):
    e = one(nlp, "Jordan and Iraq on Sunday put their names to a memorandum on water sharing.", "AGREE",
            published="2023-05-10")
    assert {name(e.source_actor), name(e.target_actor)} == {"Jordan", "Iraq"}


def test_a_back_reference_within_three_sentences_keeps_the_running_date(nlp):
    text = ("On 9 October 2020 Baghdad and Erbil signed an accord on Sinjar. It set up a joint local police. "
            "It also named a mayor. The Sinjar Resistance Units rejected the accord within days.")
    e = one(nlp, text, "REJECT", published="2022-05-20")
    assert e.date.startswith("2020-10")


@pytest.mark.parametrize("text", [
    "Iraqi security forces raised their state of alert along the Syrian border on Friday.",
    "Iraqi security forces took up positions around the ministries on Friday.",
])
def test_raising_the_alert_or_taking_up_positions_is_a_mobilisation(nlp, text):
    assert name(one(nlp, text, "MOBILIZE", published="2022-01-23").source_actor) == "Iraqi security forces"


def test_units_of_a_force_are_that_force_acting(nlp):
    e = one(nlp, "Columns of the Peshmerga deployed along the Zab river on Friday.", "MOBILIZE", published="2022-01-23")
    assert name(e.source_actor) == "Peshmerga"


def test_a_demonym_before_a_warplanes_type_names_the_state(nlp):
    e = one(nlp, "A Turkish F-16 shot down a drone over Duhok on Monday.", "ASSAULT", published="2022-01-23")
    assert name(e.source_actor) == "Turkey"


def test_the_end_of_a_year_is_its_last_month(nlp):
    e = one(nlp, "U.S. forces withdrew from Iraq at the end of 2011.", "RETREAT", published="2014-08-09")
    assert e.date == "2011-12"


def test_naming_who_was_behind_an_attack_accuses_them(nlp):
    e = one(nlp, "A Turkish official told reporters on Monday that the PKK was behind the bombing.", "ACCUSE",
            published="2024-04-16")
    assert (name(e.source_actor), name(e.target_actor)) == ("Turkey", "Kurdistan Workers' Party")


def test_a_warning_of_a_consequence_on_a_condition_is_a_threat(nlp):
    e = one(nlp, "Asaib Ahl al-Haq warned on Sunday that its supporters would fill the streets if the raids went on.",
            "THREATEN", published="2024-02-10")
    assert name(e.source_actor) == "Asaib Ahl al-Haq"


def test_a_count_of_the_arguments_own_points_is_no_claim(nlp):
    report = nlp({"text": "Three obstacles stand in the way of a deal, and the parties differ in two respects. "
                          "The army deployed 4,000 troops.", "published": "2024-02-10"})
    assert [(c.value, c.unit) for c in report.claims] == [(4000, "troops")]


# ---------------------------------------------------------------- ninth round
def test_a_named_place_taken_in_the_passive_without_an_agent_is_an_offensive(nlp):
    e = one(nlp, "The army pressed north. Baiji was liberated on 20 October.", "ASSAULT", published="2015-10-30")
    assert e.location.name == "Baiji" and e.date == "2015-10-20"


def test_a_named_battle_launched_on_a_date(nlp):
    e = one(nlp, "The campaign for Ramadi, launched on 8 December 2015, ended within weeks.", "ASSAULT",
            published="2016-03-01")
    assert e.location.name == "Ramadi" and e.date == "2015-12-08"


def test_being_placed_under_sanctions_in_the_passive(nlp):
    assert one(nlp, "Two militia commanders were put under U.S. sanctions on Thursday.", "SANCTION",
               published="2024-02-10").date == "2024-02-08"


def test_an_announced_passive_decision_is_the_announcers(nlp):
    e = one(nlp, "The U.S. Treasury said on Thursday that the bank had been designated for money laundering.",
            "SANCTION", published="2024-02-10")
    assert name(e.source_actor) == "U.S. Department of the Treasury"


def test_deciding_to_disband_is_a_retreat(nlp):
    e = one(nlp, "Saraya al-Salam said in March that it had voted to lay down its arms.", "RETREAT", published="2024-05-10")
    assert name(e.source_actor) == "Saraya al-Salam"


@pytest.mark.parametrize("text", [
    "Unemployed graduates blocked roads in Kut on Monday.",
    "Several thousand people gathered in Firdos Square on Monday.",
])
def test_blocking_roads_and_massing_at_a_building_are_protests(nlp, text):
    assert one(nlp, text, "PROTEST", published="2024-05-10").date == "2024-05-06"


def test_a_warning_whose_condition_comes_first_is_a_threat(nlp):
    e = one(nlp, "Kataib Hezbollah warned on Monday that if the raids went on, its supporters would fill the streets.",
            "THREATEN", published="2024-05-10")
    assert name(e.source_actor) == "Kataib Hezbollah"


def test_a_parliament_endorsing_a_reform_package_is_legislation(nlp):
    e = one(nlp, "The debate was short. Parliament on Tuesday endorsed the reform package.", "AGREE",
            published="2015-08-12")
    assert name(e.source_actor) == "Council of Representatives"


def test_calling_on_someone_at_home_is_a_visit(nlp):
    e = one(nlp, "Haider al-Abadi called on Masoud Barzani at his residence in Erbil on Monday.", "CONSULT",
            published="2017-05-10")
    assert name(e.target_actor) == "Masoud Barzani"


def test_calling_on_someone_to_act_stays_a_request(nlp):
    assert one(nlp, "Ali al-Sistani called on Iraqis to vote on Sunday.", "REQUEST", published="2018-05-14")


@pytest.mark.parametrize("text,etype", [
    ("Falih al-Fayyadh's office disowned the statement on Monday.", "REJECT"),
    ("Mohammed Shia al-Sudani pledged $15 million for rebuilding schools in Mosul on Monday.", "AID"),
    ("Turkey halted the flow of oil through the Kirkuk pipeline on Monday.", "COERCE"),
    ("Iraq took Turkey to arbitration over the pipeline on Monday.", "ACCUSE"),
    ("The Coordination Framework objected this week to the visit of the Syrian president.", "REJECT"),
])
def test_more_acts_by_their_verb_class(nlp, text, etype):
    assert one(nlp, text, etype, published="2024-05-10")


@pytest.mark.parametrize("text,country", [
    ("Israeli jets struck targets on Syrian soil on Monday.", "SY"),
    ("Iranian drones struck a radar inside Saudi airspace on Monday.", "SA"),
])
def test_the_adjective_before_soil_or_airspace_is_a_states_demonym_in_the_pack(nlp, text, country):
    assert one(nlp, text, "ASSAULT", published="2024-04-16").location.country == country

"""Verb classes and a target rule on hand-written sentences: concluding or initialling an accord
is agreeing; handing down sentences (no article) convicts; a place taken "from" a force targets
that force."""

from __future__ import annotations

import pytest

from extraction_helpers import name, one


@pytest.mark.parametrize("verb", ["concluded", "initialled", "finalised", "inked"])
def test_concluding_an_accord_is_an_agreement_with_the_other_party(nlp, verb):
    e = one(nlp, f"Iraq and Jordan {verb} a memorandum on power links on Sunday.", "AGREE", published="2021-12-01")
    assert (name(e.source_actor), name(e.target_actor)) == ("Iraq", "Jordan")
    assert e.date == "2021-11-28"


def test_handing_down_sentences_without_an_article_convicts(nlp):
    e = one(nlp, "A criminal court in Nasiriyah handed down prison terms to six officers on Monday.", "SANCTION",
            published="2020-02-05")
    assert e.date == "2020-02-03"


@pytest.mark.parametrize("text", [
    "Iraqi troops retook the town of Baiji from Islamic State militants on Thursday.",
    "Ramadi was recaptured from ISIS by Iraqi forces on Thursday.",
    "Iraqi forces seized Tal Afar from the hands of the Islamic State on Thursday.",
])
def test_a_place_taken_from_a_force_targets_that_force(nlp, text):
    e = one(nlp, text, "ASSAULT", published="2015-10-18")
    assert name(e.target_actor) == "ISIS"
    assert name(e.source_actor) == "Iraqi security forces"


def test_calling_a_welcomed_deal_a_step_is_no_condemnation(nlp):
    r = nlp({"text": "Ankara welcomed the accord on Friday, calling it a useful first step.", "published": "2023-04-08"})
    assert [e.type for e in r.events if e.certainty == "asserted"] == ["SUPPORT"]


@pytest.mark.parametrize("predicate", ["a cowardly crime", "a blatant breach of the constitution", "terrorist acts"])
def test_calling_it_something_damning_condemns(nlp, predicate):
    e = one(nlp, f"Masoud Barzani called it {predicate} on Friday.", "ACCUSE", published="2023-04-08")
    assert name(e.source_actor) == "Masoud Barzani"


@pytest.mark.parametrize("text", [
    "The interior ministry said police had arrested three men in Mosul on Tuesday.",
    "Police have arrested three men in Mosul, the interior ministry said on Tuesday.",
])
def test_an_unnamed_police_force_in_reported_speech_is_the_countrys(nlp, text):
    e = one(nlp, text, "COERCE", published="2021-09-08")
    assert name(e.source_actor) == "Iraqi police"


def test_the_attacks_men_are_suspected_of_are_no_new_attack(nlp):
    r = nlp({"text": "Police arrested three men suspected of plotting bombings in Mosul on Tuesday.",
             "published": "2021-09-08"})
    assert [e.type for e in r.events] == ["COERCE"]


def test_a_verb_coordinated_after_a_denial_is_the_subjects_own_act(nlp):
    r = nlp({"text": "Asaib Ahl al-Haq denied any part in the shelling and blamed the PKK.", "published": "2024-04-21"})
    blame = [e for e in r.events if e.type == "ACCUSE"]
    assert [e.certainty for e in blame] == ["asserted"]
    assert name(blame[0].target_actor) == "Kurdistan Workers' Party"


def test_a_coordinated_verb_inside_the_denied_complement_stays_denied(nlp):
    r = nlp({"text": "Asaib Ahl al-Haq denied that it had shelled the camp and killed two guards.",
             "published": "2024-04-21"})
    assert [e.certainty for e in r.events if e.type == "ASSAULT"] == ["denied"]


@pytest.mark.parametrize("text", [
    "Ankara welcomed the deal in a statement released in the evening.",
    "The interior ministry released figures on the attacks on Sunday.",
])
def test_putting_out_a_document_is_no_release(nlp, text):
    r = nlp({"text": text, "published": "2022-05-03"})
    assert "RETREAT" not in [e.type for e in r.events]


@pytest.mark.parametrize("text", [
    "The deadline for the handover was met on Sunday.",
    "The protesters said their demands had been met on Sunday.",
    "The cabinet met the budget target on Sunday.",
    "The council's legitimacy rests on the backing it received in 2019.",
])
def test_a_thing_met_or_received_is_no_meeting(nlp, text):
    r = nlp({"text": text, "published": "2022-05-03"})
    assert "CONSULT" not in [e.type for e in r.events]


def test_people_released_are_still_released(nlp):
    e = one(nlp, "Kurdish authorities released 20 detainees on Monday.", "RETREAT", published="2022-05-03")
    assert e.date == "2022-05-02"


def test_calling_a_move_an_invasion_condemns_it(nlp):
    r = nlp({"text": "Masoud Barzani called the deployment an invasion on Monday.", "published": "2017-10-20"})
    assert [x.type for x in r.events] == ["ACCUSE"]


def test_leaving_a_regions_share_open_is_no_withdrawal(nlp):
    r = nlp({"text": "The budget left the region's share undecided on Monday.", "published": "2021-03-20"})
    assert "RETREAT" not in [x.type for x in r.events]


@pytest.mark.parametrize("text", [
    "Two Iraqi police officers were killed when their vehicle hit a landmine near Khanaqin on Monday.",
    "An Iraqi police patrol struck a roadside bomb near Khanaqin on Monday, killing two policemen.",
])
def test_a_vehicle_that_hits_a_device_is_the_target(nlp, text):
    e = one(nlp, text, "ASSAULT", published="2022-03-02")
    assert e.source_actor is None
    assert name(e.target_actor) == "Iraqi police"
    assert e.fatalities == 2


def test_no_act_has_one_actor_on_both_sides(nlp):
    text = ("Iraq and Syria recalled their envoys on Tuesday, with Baghdad demanding that Damascus "
            "hand over two men it blames for the bombings.")
    r = nlp({"text": text, "published": "2009-08-27"})
    for e in r.events:
        assert not (e.source_actor and e.target_actor and e.source_actor.id == e.target_actor.id), e
    requests = [e for e in r.events if e.type == "REQUEST"]
    assert [(name(e.source_actor), name(e.target_actor)) for e in requests] == [("Iraq", "Syria")]


def test_a_second_verb_of_the_same_subject_is_no_attribution(nlp):
    e = one(nlp, "Damascus rejected the charge on Tuesday and said it would recall its envoy.", "REJECT",
            published="2009-08-27")
    assert e.certainty == "asserted"


def test_an_office_named_before_its_holder_in_apposition_is_one_subject(nlp):
    e = one(nlp, "Turkey's foreign minister, Mevlut Cavusoglu, flew to Damascus on Wednesday for talks.", "CONSULT",
            published="2023-02-17")
    assert name(e.source_actor) == "Mevlut Cavusoglu"
    assert name(e.target_actor) == "Syria"


def test_the_same_actor_twice_in_a_subject_is_one_party(nlp):
    e = one(nlp, "Jordan's foreign minister, Ayman Safadi, flew to Damascus on Wednesday for talks.", "CONSULT",
            published="2023-02-17")
    assert (name(e.source_actor), name(e.target_actor)) == ("Jordan", "Syria")


def test_a_protest_outside_the_regional_parliament_targets_the_kurdistan_parliament(nlp):
    r = nlp({"text": "Hundreds of teachers rallied outside the regional parliament in Erbil on Thursday, demanding "
                     "that their salaries be paid.", "published": "2024-02-23"})
    assert [(e.type, name(e.target_actor)) for e in r.events] == [("PROTEST", "Kurdistan Parliament")]


@pytest.mark.parametrize("text", [
    "Kataib Hezbollah said on Monday that U.S. forces must leave Iraq.",
    "Kataib Hezbollah insisted on Monday that U.S. forces should leave the country.",
])
def test_a_demand_in_reported_speech_is_a_request_not_a_withdrawal(nlp, text):
    r = nlp({"text": text, "published": "2020-01-08"})
    assert "RETREAT" not in [e.type for e in r.events]
    e = one(nlp, text, "REQUEST", published="2020-01-08")
    assert (name(e.source_actor), name(e.target_actor)) == ("Kataib Hezbollah", "U.S. forces")


def test_the_time_having_come_to_end_something_is_a_demand(nlp):
    e = one(nlp, "Sudani said on Monday that the time had come to end the coalition's mission.", "REQUEST",
            published="2024-01-10")
    assert name(e.source_actor) == "Mohammed Shia al-Sudani"


def test_a_curfew_imposed_in_the_passive_keeps_its_own_time(nlp):
    r = nlp({"text": "Clashes broke out in Tuz Khurmatu on Monday. A night curfew was declared over the town that evening.",
             "published": "2023-09-05"})
    (e,) = [x for x in r.events if x.type == "COERCE"]
    assert e.date == "2023-09-04"


def test_a_citys_police_are_the_countrys_police(nlp):
    e = one(nlp, "Mosul police imposed a curfew on the old city on Monday.", "COERCE", published="2023-09-05")
    assert name(e.source_actor) == "Iraqi police"


def test_launching_a_combined_offensive_is_an_attack(nlp):
    e = one(nlp, "In June 2020 Turkey launched a ground and air offensive on PKK hideouts in Haftanin.",
            "ASSAULT", published="2020-07-01")
    assert (name(e.source_actor), e.date) == ("Turkey", "2020-06")


@pytest.mark.parametrize("text,state", [
    ("An official Jordanian source rejected the report on Tuesday.", "Jordan"),
    ("A senior Turkish official denied the report on Tuesday.", "Turkey"),
])
def test_an_official_or_source_named_by_demonym_speaks_for_the_state(nlp, text, state):
    e = one(nlp, text, "REJECT", published="2009-08-27")
    assert name(e.source_actor) == state


def test_a_seat_of_government_after_which_is_the_government(nlp):
    r = nlp({"text": "Turkish jets struck PKK positions near Amadiya, which Baghdad condemned as a breach of its "
                     "sovereignty.", "published": "2023-09-05"})
    (e,) = [x for x in r.events if x.type == "ACCUSE"]
    assert (name(e.source_actor), name(e.target_actor)) == ("Iraq", "Turkey")


def test_the_kin_named_in_apposition_is_not_the_patient(nlp):
    e = one(nlp, "A Baghdad court on Sunday sentenced Sultan Hashim, the cousin of Saddam Hussein, to death.",
            "SANCTION", published="2007-06-25")
    assert name(e.target_actor) != "Saddam Hussein"


def test_a_provincial_council_named_by_its_province_elects(nlp):
    e = one(nlp, "On Monday the Karbala provincial council elected Nasif al-Khattabi as governor.", "AGREE",
            published="2024-02-12")
    assert e.source_actor is not None and "provincial council" in e.source_actor.name
    assert name(e.target_actor) == "Nasif Jasim al-Khattabi"


@pytest.mark.parametrize("verb", ["poured", "moved", "rushed"])
def test_moving_troops_into_a_place_is_a_deployment(nlp, verb):
    e = one(nlp, f"The army {verb} troops into the Anbar desert on Monday.", "MOBILIZE", published="2024-02-12")
    assert name(e.source_actor) == "Iraqi security forces"


def test_saying_ones_forces_had_not_struck_is_a_denial(nlp):
    e = one(nlp, "The Pentagon said on Saturday that its aircraft had not conducted the raid near Babil.",
            "REJECT", published="2024-04-21")
    assert e.certainty == "asserted"

"""Where a statement or meeting happened, who a role noun stands for, and which year a bare month
means, on hand-written sentences (none comes from a corpus); the built-in knowledge pack."""

from __future__ import annotations

import pytest

from marsad.extract.dates import find_dates


def run(nlp, text, published="2024-02-20"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


# ------------------------------------------------------------------ where a statement was made

@pytest.mark.parametrize("text, country, name", [
    ("In Amman, the Jordanian foreign minister condemned the raid on the camp.", "JO", "Amman"),
    ("In Tehran on Friday, foreign ministry spokesman Nasser Kanaani condemned the raid.", "IR", "Tehran"),
    ("Later in Ankara, Turkish Foreign Minister Hakan Fidan denounced the shelling of the border post.", "TR", "Ankara"),
])
def test_a_sentence_opening_on_a_place_places_its_statement(nlp, text, country, name):
    (e,) = events(run(nlp, text), "ACCUSE")
    assert (e.location.country, e.location.name) == (country, name)


def test_an_opening_place_is_no_person(nlp):
    r = run(nlp, "In Tehran, the spokesman condemned the raid on Friday.")
    assert not any(a.name.startswith("In ") for a in r.actors)
    assert [p.name for p in r.places] == ["Tehran"]


@pytest.mark.parametrize("text, etype, name", [
    ("Donald Trump made the announcement in Riyadh on May 13, lifting sanctions on Syria.", "RETREAT", "Riyadh"),
    ("During a visit to Baghdad on Monday, Turkish Foreign Minister Hakan Fidan condemned the attack.", "ACCUSE",
     "Baghdad"),
])
def test_an_announcement_or_a_visit_places_the_statement(nlp, text, etype, name):
    (e,) = events(run(nlp, text, published="2025-05-20"), etype)
    assert e.location.name == name


def test_a_statement_about_an_act_elsewhere_keeps_the_speakers_country(nlp):
    # the place after the trigger is where the condemned raid happened, not where Iran spoke
    (e,) = events(run(nlp, "Iran condemned the raid on a camp in the Syrian border town on Friday."), "ACCUSE")
    assert e.location.country == "IR"


@pytest.mark.parametrize("text, etype, country", [
    ("Marco Rubio held talks with Hakan Fidan in the Turkish coastal city of Izmir on Friday.", "CONSULT", "TR"),
    ("Speaking at a news conference in the Iraqi capital, Turkish Foreign Minister Hakan Fidan denounced the "
     "strikes.", "ACCUSE", "IQ"),
    ("Gunmen attacked a checkpoint in the Syrian border town on Friday, killing two soldiers.", "ASSAULT", "SY"),
])
def test_a_place_described_by_its_demonym_gives_the_country(nlp, text, etype, country):
    (e,) = events(run(nlp, text), etype)
    assert e.location.country == country


def test_a_country_owning_an_office_is_not_the_place(nlp):
    r = run(nlp, "Donald Trump met Syria's interim president, Ahmed al-Sharaa, in the Saudi capital on Wednesday.",
            published="2025-05-20")
    (e,) = events(r, "CONSULT")
    assert e.location.country == "SA"


# ------------------------------------------------------------------ a role noun for a person named before

@pytest.mark.parametrize("text, who", [
    ("Iranian foreign ministry spokesman Nasser Kanaani spoke on Monday. On Tuesday the spokesman "
     "condemned the attack on the consulate.", "Nasser Kanaani"),
    ("Tom Barrack, the U.S. envoy to Syria, arrived on Monday. The envoy urged restraint on Tuesday.", "Tom Barrack"),
    ("Iraqi Foreign Minister Fuad Hussein met Hakan Fidan on Monday. The minister later condemned the "
     "attack on the embassy.", "Fuad Hussein"),
])
def test_a_role_noun_refers_to_the_person_named_with_it(nlp, text, who):
    r = run(nlp, text)
    last = max(r.events, key=lambda e: e.evidence.start)
    assert last.source_actor is not None and last.source_actor.name == who


def test_a_role_noun_no_one_was_given_refers_to_no_one(nlp):
    # Fuad Hussein is named with no role word: "the spokesman" is somebody else
    r = run(nlp, "Fuad Hussein spoke on Monday. On Tuesday the spokesman condemned the attack on the consulate.")
    assert not any(m.text == "the spokesman" for a in r.actors for m in a.mentions)


def test_a_demonym_is_no_spelling_variant_of_a_name(nlp):
    r = run(nlp, "Officials met in the Saudi capital on Tuesday.")
    assert not r.actors


@pytest.mark.parametrize("text, who, country", [
    ("Syria's foreign ministry on Friday denounced the raid.", "Syria", "SY"),
    ("Turkey's defence ministry condemned the attack on the border post on Monday.", "Turkey", "TR"),
])
def test_a_states_ministry_named_by_its_possessor_is_the_state(nlp, text, who, country):
    (e,) = events(run(nlp, text), "ACCUSE")
    assert (e.source_actor.name, e.location.country) == (who, country)


def test_the_sentence_after_a_narrative_opening_keeps_its_date(nlp):
    r = run(nlp, "In September 2017 the region voted. In mid-October federal forces moved on Kirkuk. The "
                 "Peshmerga withdrew from most positions without a fight.", published="2024-05-10")
    (e,) = events(r, "RETREAT")
    assert e.date == "2017-10"


@pytest.mark.parametrize("text, etype", [
    ("The central bank halted dollar sales to Kurdish banks on Monday.", "SANCTION"),
    ("Turkey halted the oil flows on Monday.", "SANCTION"),
    ("The transport ministry closed the region's airports to international flights on Monday.", "COERCE"),
    ("In 2018 Baghdad reopened the airports.", "RETREAT"),
])
def test_cutting_off_closing_and_reopening(nlp, text, etype):
    assert events(run(nlp, text), etype)


# ------------------------------------------------------------------ statements

def test_a_warning_of_an_act_on_a_condition_is_a_threat_across_an_abbreviation(nlp):
    (e,) = events(run(nlp, "Kataib Hezbollah warned on Wednesday that it would target U.S. forces if the strikes "
                           "continued."), "THREATEN")
    assert e.source_actor.name == "Kataib Hezbollah"


def test_a_consequence_promised_by_a_speaker_after_the_quote_is_a_threat(nlp):
    (e,) = events(run(nlp, "Any attack on our forces will be met with a decisive response, the Iranian foreign "
                           "minister said on Sunday."), "THREATEN")
    assert (e.source_actor.name, e.location.country) == ("Iran", "IR")


def test_would_not_accept_is_a_refusal(nlp):
    (e,) = events(run(nlp, "Speaking to reporters in Erbil, Masrour Barzani said the region would not accept the "
                           "budget law."), "REJECT")
    assert (e.source_actor.name, e.location.name) == ("Masrour Barzani", "Erbil")


def test_the_framework_at_its_first_mention_is_the_coordination_framework(nlp):
    (e,) = events(run(nlp, "The Framework welcomed the court's decision on Monday."), "SUPPORT")
    assert e.source_actor.name == "Coordination Framework"


def test_an_instruction_to_ones_followers_with_no_act_after_it_is_a_request(nlp):
    (e,) = events(run(nlp, "Moqtada al-Sadr urged his supporters on Friday to stay calm."), "REQUEST")
    assert e.source_actor.name == "Muqtada al-Sadr"


def test_an_instruction_the_followers_then_carry_out_is_part_of_their_act(nlp):
    r = run(nlp, "Moqtada al-Sadr ordered his supporters on Tuesday to leave the Green Zone. Within an hour his "
                 "followers began withdrawing from the area.")
    assert not events(r, "REQUEST") and events(r, "RETREAT")


def test_a_state_closing_a_list_of_subjects_is_an_actor(nlp):
    r = run(nlp, "Turkey, Saudi Arabia, Britain and Israel all voiced support for the strike on Friday.")
    assert {e.source_actor.name for e in events(r, "SUPPORT")} == {"Turkey", "Saudi Arabia", "United Kingdom", "Israel"}


def test_states_voicing_support_together_are_one_statement_each(nlp):
    r = run(nlp, "Iran and Russia voiced support for the Syrian government on Friday.")
    assert {e.source_actor.name for e in events(r, "SUPPORT")} == {"Iran", "Russia"}
    assert not events(r, "ASSAULT")


# ------------------------------------------------------------------ unnamed national forces

@pytest.mark.parametrize("text, who", [
    ("Police arrested three men in Basra on Monday.", "Iraqi police"),
    ("Authorities detained a journalist in Erbil on Tuesday.", "Iraq"),
    ("Security forces detained 20 protesters in Nasiriyah on Friday.", "Iraqi security forces"),
])
def test_an_unnamed_force_arresting_is_the_force_of_the_country(nlp, text, who):
    (e,) = events(run(nlp, text), "COERCE")
    assert e.source_actor is not None and e.source_actor.name == who


def test_a_name_never_runs_across_a_comma(nlp):
    r = run(nlp, "In Basra, police arrested three men on Monday.")
    assert [p.name for p in r.places] == ["Basra"]
    assert not any("," in m.text for a in r.actors for m in a.mentions)


def test_the_government_named_by_a_descriptor_is_the_texts_country(nlp):
    r = run(nlp, "Israeli jets bombed the defence ministry in Damascus on Wednesday.", published="2025-11-20")
    (e,) = events(r, "ASSAULT")
    assert e.target_actor.name == "Syria"


def test_a_mediator_is_no_party_to_the_ceasefire(nlp):
    r = run(nlp, "Government forces withdrew from Sweida on Thursday under a ceasefire brokered by the United States.",
            published="2025-07-20")
    (e,) = events(r, "RETREAT")
    assert e.source_actor.name != "United States" and e.location.country == "SY"


@pytest.mark.parametrize("text, etype, who", [
    ("The UN Security Council voted to remove Ahmed al-Sharaa from its sanctions list on Thursday.", "RETREAT",
     "United Nations Security Council"),
    ("Bashar al-Assad fled to Moscow in December 2024 as rebels advanced.", "RETREAT", "Bashar al-Assad"),
])
def test_delisting_and_flight(nlp, text, etype, who):
    r = run(nlp, text, published="2025-11-20")
    (e,) = events(r, etype)
    assert e.source_actor.name == who
    assert not events(r, "SANCTION")


def test_a_capitalised_ministry_is_the_state(nlp):
    (e,) = events(run(nlp, "The Interior Ministry announced the arrest of an ISIS cell in Kirkuk and Hawija."), "COERCE")
    assert (e.source_actor.name, e.target_actor.name) == ("Iraq", "ISIS")


def test_a_clause_opened_by_as_has_its_own_subject(nlp):
    r = run(nlp, "Lawmakers failed to elect a president for the third time on Wednesday as the Sadrist bloc stayed away.")
    (e,) = events(r, "PROTEST")
    assert e.source_actor.name == "Sadrist Movement"


@pytest.mark.parametrize("text, src", [
    ("The Kurdistan parliament was dissolved by a court ruling in May.", None),
    ("The Federal Supreme Court ordered the dissolution of the Kurdistan parliament on Monday.", "Federal Supreme Court"),
])
def test_a_court_dissolving_a_body_is_a_sanction_on_it(nlp, text, src):
    (e,) = events(run(nlp, text), "SANCTION")
    assert e.target_actor.name == "Kurdistan Parliament"
    assert (e.source_actor.name if e.source_actor else None) == src


@pytest.mark.parametrize("text, who", [
    ("Germany pledged 50 million euros in humanitarian aid for displaced families on Thursday.", "Germany"),
    ("Iran supplied the militias with drones and missiles in 2023, U.S. officials said.", "Iran"),
])
def test_aid_given_or_pledged(nlp, text, who):
    (e,) = events(run(nlp, text), "AID")
    assert e.source_actor.name == who


def test_a_leaders_own_lawmakers_are_his_party(nlp):
    r = run(nlp, "Moqtada al-Sadr announced on Wednesday that his lawmakers would resign from parliament.")
    (e,) = events(r, "RETREAT")
    assert e.source_actor.name == "Sadrist Movement"


def test_a_decision_welcomed_by_someone_is_their_support(nlp):
    (e,) = events(run(nlp, "The decision was welcomed by the Coordination Framework on Monday."), "SUPPORT")
    assert e.source_actor.name == "Coordination Framework"
    r = run(nlp, "The delegation was welcomed by Masoud Barzani in Erbil on Monday.")
    assert not events(r, "SUPPORT") and events(r, "CONSULT")


def test_neutralised_is_a_killing(nlp):
    (e,) = events(run(nlp, "Turkish jets neutralised 12 PKK militants in northern Iraq on Wednesday."), "ASSAULT")
    assert e.location.country == "IQ"


def test_acts_denounced_by_a_protest_are_not_new_acts(nlp):
    r = run(nlp, "Thousands took to the streets of Baghdad on Friday to denounce the strikes.")
    assert [e.type for e in r.events] == ["PROTEST"]


@pytest.mark.parametrize("text", [
    "The army declared a state of alert in Nineveh on Friday.",
    "Iran moved air defence systems to the border in January.",
])
def test_alerts_and_weapons_moved_are_mobilisation(nlp, text):
    assert events(run(nlp, text), "MOBILIZE")


@pytest.mark.parametrize("text, src", [
    ("The Federal Supreme Court ruled on Tuesday that Mohammed al-Halbousi's membership of parliament had ended.",
     "Federal Supreme Court"),
    ("The court ruled on Tuesday that Mohammed al-Halbousi's membership had ended.", None),
])
def test_a_membership_ruled_ended_removes_its_holder(nlp, text, src):
    (e,) = events(run(nlp, text), "SANCTION")
    assert e.target_actor.name == "Mohamed al-Halbousi"
    assert (e.source_actor.name if e.source_actor else None) == src


# ------------------------------------------------------------------ claims and tolls

def test_a_claimed_act_told_in_the_claim_gets_the_claimant(nlp):
    (e,) = events(run(nlp, "The Islamic State claimed responsibility for the bombing, which killed 32 people in "
                           "a crowded market in Baghdad on Thursday."), "ASSAULT")
    assert (e.source_actor.name, e.fatalities, e.date) == ("ISIS", 32, "2024-02-15")


def test_killing_both_men_counts_two(nlp):
    (e,) = events(run(nlp, "A drone struck a car carrying two commanders in Baghdad on Wednesday, killing both men."),
                  "ASSAULT")
    assert e.fatalities == 2


def test_members_of_a_named_group_who_died_are_the_toll(nlp):
    (e,) = events(run(nlp, "Four members of the Popular Mobilization Forces died when a drone hit their vehicle "
                           "near Qaim on Wednesday."), "ASSAULT")
    assert e.fatalities == 4


# ------------------------------------------------------------------ new verb families

def test_destroying_military_objects_is_an_assault(nlp):
    (e,) = events(run(nlp, "Turkish jets destroyed 20 PKK targets in northern Iraq on Monday."), "ASSAULT")
    assert e.date == "2024-02-19" and e.location.country == "IQ"


def test_surrender_is_a_retreat(nlp):
    (e,) = events(run(nlp, "Islamic State fighters surrendered to the SDF on Saturday."), "RETREAT")
    assert e.source_actor.name == "ISIS" and e.date == "2024-02-17"


def test_dropping_a_bounty_is_a_retreat(nlp):
    (e,) = events(run(nlp, "The State Department dropped its $10 million reward for information on the "
                           "commander in December."), "RETREAT")
    assert e.date == "2023-12"


@pytest.mark.parametrize("text, etype", [
    ("Washington imposed visa restrictions on five Iraqi officials on Tuesday.", "SANCTION"),
    ("The UN Security Council extended the mandate of the UN mission in Iraq for another year on Friday.", "AGREE"),
])
def test_restrictions_and_renewed_mandates(nlp, text, etype):
    (e,) = events(run(nlp, text), etype)
    assert e.source_actor is not None and e.certainty == "asserted"


# ------------------------------------------------------------------ which year a bare month means

def values(text, published="2024-02-20"):
    return {d.text: d.value for d in find_dates(text, published)}


def test_a_bare_month_in_the_same_paragraph_takes_the_narratives_year():
    v = values("In September 2017 the region voted. Baghdad responded within days. In mid-October federal "
               "forces moved on Kirkuk.", published="2024-05-10")
    assert v["mid-October"] == "2017-10"


def test_a_bare_month_in_the_next_paragraph_keeps_the_publication_year():
    v = values("In September 2017 the region voted.\n\nIn mid-October federal forces moved on Kirkuk.",
               published="2024-05-10")
    assert v["mid-October"] == "2023-10"


def test_a_bare_month_takes_the_year_its_paragraph_opened_on():
    v = values("The crisis deepened. In 2019, the militias grew. In March, rockets struck the embassy.")
    assert v["March"] == "2019-03"


def test_a_month_before_the_narratives_month_is_the_next_year():
    v = values("In October 2019 protesters filled the squares. In December, parliament accepted the "
               "resignation. In February, a new premier was named.")
    assert (v["December"], v["February"]) == ("2019-12", "2020-02")


def test_a_day_of_that_year_takes_the_narratives_year():
    assert values("By 2021 the factions had grown bolder. On March 3 of that year rockets hit a base.")["On March 3 of that year"] \
        == "2021-03-03"


@pytest.mark.parametrize("text", [
    "Its seats fell to 17 from 48 in 2018. In October, the court ruled.",  # a comparison
    "The 2018 vote was disputed. In October, the court ruled.",  # a modifier
    "The group was founded in 2014.\n\nIn October, the court ruled.",  # another paragraph
    "In 2014, the group was founded. It grew. It spread. It split. It fought.\n\nIt won. In October, the court "
    "ruled.",  # too far back
])
def test_a_bare_month_keeps_the_publication_year_without_a_narrative(text):
    assert values(text)["October"] == "2023-10"


def test_a_date_inside_a_sentence_does_not_anchor_the_narrative():
    # only a date that opens its sentence sets the time the text goes on in
    v = values("Mustafa al-Kadhimi, who took office in May 2020, tried to rein the groups in. In June his "
               "service raided a site.")
    assert v["June"] == "2023-06"


def test_a_bare_year_in_a_background_clause_does_not():
    assert values("The group was founded in 2014. In January, its fighters attacked.")["January"] == "2024-01"


def test_days_after_a_span_are_not_counted_from_it():
    v = values("Attacks have hit the bases since mid-October. On January 28 a drone struck. Two days later, the "
               "group announced a pause.")
    assert v["Two days later"] == "2024-01-30"


def test_days_after_a_date_known_to_the_month_are_known_to_the_month():
    v = values("In January 2020 the arrangement ended. Five days later, parliament voted.")
    assert v["Five days later"] == "2020-01"


def test_a_definite_mention_naming_another_author_and_target_is_another_act(nlp):
    r = run(nlp, "The arrangement held until the killing of Qassem Soleimani in January 2020. Years later, after "
                 "the Hamas attack on Israel, the factions resumed their attacks.")
    killing = [e for e in events(r, "ASSAULT") if e.date == "2020-01"]
    assert killing and all(e.source_actor is None for e in killing)
    assert any(e.source_actor is not None and e.source_actor.name == "Hamas" for e in events(r, "ASSAULT"))


# ------------------------------------------------------------------ orders and office holders in a narrative

def test_an_order_to_another_party_is_a_request(nlp):
    (e,) = events(run(nlp, "In July 2019 Adil Abdul-Mahdi ordered the militias to hand over their weapons."), "REQUEST")
    assert e.source_actor.name == "Adil Abdul-Mahdi" and e.date == "2019-07"


def test_an_order_to_the_speakers_own_institution_is_the_chain_of_command(nlp):
    r = run(nlp, "Joe Biden told the Pentagon to draw up military options on Monday.")
    assert not events(r, "REQUEST")


@pytest.mark.parametrize("text, who", [
    ("In October 2019 protests erupted. The prime minister resigned in December.", "Adil Abdul-Mahdi"),
    ("The prime minister condemned the attack on Monday.", "Mohammed Shia al-Sudani"),
])
def test_a_title_names_the_office_holder_of_the_narratives_time(nlp, text, who):
    r = run(nlp, text)
    assert any(e.source_actor is not None and e.source_actor.name == who for e in r.events)


# ------------------------------------------------------------------ votes and coordinated clauses

@pytest.mark.parametrize("text", [
    "Mohamed al-Halbousi resigned as speaker in 2022 but lawmakers voted to reject the resignation.",
    "Mohamed al-Halbousi resigned in 2022, and lawmakers voted to reject the resignation.",
])
def test_a_vote_to_reject_is_the_chambers_rejection(nlp, text):
    r = run(nlp, text)
    (e,) = events(r, "REJECT")
    assert e.source_actor.name == "Council of Representatives"
    assert events(r, "RETREAT")[0].source_actor.name == "Mohamed al-Halbousi"


def test_a_conjunction_is_not_part_of_the_mention_after_it(nlp):
    r = run(nlp, "Mohamed al-Halbousi resigned in 2022 but lawmakers voted to reject the resignation.")
    assert all(not m.text.startswith(("but ", "and ")) for a in r.actors for m in a.mentions)


def test_the_object_of_a_second_verb_is_not_the_first_acts_target(nlp):
    report = nlp({"text": "The Coordination Framework boycotted the vote on Sunday and said it would challenge the session "
                          "at the Federal Supreme Court.", "published": "2022-01-10"})
    (e,) = [e for e in report.events if e.type == "PROTEST"]
    assert e.target_actor is None or e.target_actor.name != "Federal Supreme Court"


@pytest.mark.parametrize("text,etype,name", [
    ("The two governments signed seven memorandums of understanding in Baghdad on Sunday.", "AGREE", "Baghdad"),
    ("Iraq and Iran signed a border security accord in Baghdad on Sunday.", "AGREE", "Baghdad"),
    ("Nechirvan Barzani held talks in Erbil with the Turkish foreign minister on Monday.", "CONSULT", "Erbil"),
])
def test_an_agreement_or_meeting_is_placed_where_the_text_says_it_was_done(nlp, text, etype, name):
    found = events(run(nlp, text), etype)
    assert found and found[0].location is not None and found[0].location.name == name


def test_a_place_in_a_purpose_clause_is_not_where_an_accord_was_signed(nlp):
    found = events(run(nlp, "Iraq and Iran signed a security accord on Sunday to disarm groups in Koya."), "AGREE")
    assert found and (found[0].location is None or found[0].location.name != "Koya")


def test_a_place_named_as_where_a_road_leads_is_not_where_the_protest_was(nlp):
    text = ("Arab residents of Kirkuk were angry. They pitched a protest camp outside the compound and blocked "
            "the main road to Erbil on Monday.")
    found = events(run(nlp, text), "PROTEST")
    assert found and found[0].location.name == "Kirkuk"


@pytest.mark.parametrize("text,country", [
    ("Jordan's King Abdullah II condemned the attack on Friday.", "JO"),
    ("Qatari Foreign Minister Hamad bin Jassim condemned the attack on Friday.", "QA"),
])
def test_an_unknown_office_holders_statement_is_placed_in_the_country_of_the_title(nlp, text, country):
    found = events(run(nlp, text), "ACCUSE")
    assert found and found[0].location is not None and found[0].location.country == country

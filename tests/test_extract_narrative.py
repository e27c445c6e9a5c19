"""Dates, places, pronouns and title relations read from the narrative, on hand-written text."""

from __future__ import annotations

import pytest


def run(nlp, text, published="2024-02-10"):
    return nlp({"text": text, "published": published})


def asserted(report, etype):
    return [e for e in report.events if e.type == etype and e.certainty in ("asserted", "reported")]


def rels(report):
    return {(r.source.name, r.type, r.target.name) for r in report.relations}


def test_a_possessive_date_dates_its_noun_not_the_act_before_it(nlp):
    r = run(nlp, "Parliament chose Abdul Latif Rashid as head of state on Thursday, and within two hours he had "
                 "asked Mohammed Shia al-Sudani to form a cabinet, closing a standoff that followed last "
                 "October's vote.", published="2022-10-15")
    (e,) = asserted(r, "SUPPORT")
    assert e.date == "2022-10-13"


def test_a_pronoun_opening_a_coordinated_clause_is_the_statement_subject(nlp):
    r = run(nlp, "Parliament chose Abdul Latif Rashid as head of state on Thursday, and an hour later he "
                 "asked Mohammed Shia al-Sudani to form a government.", published="2022-10-15")
    (e,) = [e for e in asserted(r, "SUPPORT") if e.target_actor and "Sudani" in e.target_actor.name]
    assert e.source_actor is not None and e.source_actor.name == "Abdul Latif Rashid"


def test_a_country_named_as_a_patron_is_not_where_the_act_happened(nlp):
    r = run(nlp, "Iraq's parliament had been deadlocked for months. The bloc, a grouping of parties close to "
                 "Iran, had lost its majority. On Tuesday its supporters stormed parliament and stayed for a "
                 "week.", published="2022-08-05")
    (e,) = asserted(r, "PROTEST")
    assert e.location is None or e.location.country != "IR"


def test_fired_them_after_rockets_is_no_dismissal(nlp):
    r = run(nlp, "Rockets hit the Green Zone on Monday. No faction said it had fired them.")
    assert asserted(r, "SANCTION") == []


def test_a_note_of_protest_is_a_diplomatic_accusation_not_a_demonstration(nlp):
    r = run(nlp, "The Iraqi Foreign Ministry handed the Turkish envoy a note of protest on Sunday.",
            published="2022-07-25")
    assert asserted(r, "ACCUSE") and not asserted(r, "PROTEST")


def test_a_day_without_a_year_takes_the_year_of_the_narrative_month(nlp):
    r = run(nlp, "In March 2021 the chamber took up a bill on foreign troops. The vote, on March 9, was "
                 "boycotted by most Kurdish members.", published="2024-06-01")
    (e,) = asserted(r, "PROTEST")
    assert e.date == "2021-03-09"


def test_a_day_without_a_year_in_a_later_month_takes_the_narratives_year(nlp):
    # (a narrative dated to a day or month goes on in its year: analyses tell years past in order)
    r = run(nlp, "In March 2021 the chamber took up a bill on foreign troops. On May 9, Kurdish members "
                 "boycotted a session on the budget.", published="2024-06-01")
    (e,) = asserted(r, "PROTEST")
    assert e.date == "2021-05-09"


def test_a_day_without_a_year_in_an_earlier_month_keeps_the_publication_year(nlp):
    r = run(nlp, "In March 2021 the chamber took up a bill on foreign troops. On February 9, Kurdish members "
                 "boycotted a session on the budget.", published="2024-06-01")
    (e,) = asserted(r, "PROTEST")
    assert e.date == "2024-02-09"


def test_condemnation_drawn_from_several_states_is_one_statement_each(nlp):
    r = run(nlp, "The raid drew swift condemnation from Jordan, Qatar and Saudi Arabia on Tuesday.",
            published="2024-12-12")
    sources = sorted(e.source_actor.name for e in asserted(r, "ACCUSE"))
    assert sources == ["Jordan", "Qatar", "Saudi Arabia"]
    assert all(e.date == "2024-12-10" for e in asserted(r, "ACCUSE"))


def test_criticism_from_a_state_the_pack_does_not_know_keeps_its_name(nlp):
    r = run(nlp, "The decision prompted criticism from Austria on Monday.", published="2024-12-12")
    (e,) = asserted(r, "ACCUSE")
    assert e.source_actor is not None and e.source_actor.name == "Austria" and e.source_actor.id is None


def test_voted_in_as_is_an_election_by_the_chamber(nlp):
    r = run(nlp, "Shakhawan Abdullah was voted in as second deputy speaker on Monday.", published="2025-12-31")
    (e,) = asserted(r, "AGREE")
    assert e.date == "2025-12-29"


def test_a_ruler_fleeing_the_country_is_a_withdrawal(nlp):
    r = run(nlp, "Bashar al-Assad fled the capital on Sunday as rebels advanced.", published="2024-12-10")
    (e,) = asserted(r, "RETREAT")
    assert e.source_actor is not None and e.source_actor.name == "Bashar al-Assad"


@pytest.mark.parametrize("dateline", ["AMMAN, Jan 29 \u2014 ", "AMMAN, Jan. 29 (Agency) \u2014 ", "AMMAN \u2014 "])
def test_a_datelines_date_never_dates_the_act_its_sentence_reports(nlp, dateline):
    r = run(nlp, dateline + "A drone killed three soldiers at a desert outpost near the border before dawn on "
                            "Sunday, officials said.", published="2024-01-29")
    (e,) = asserted(r, "ASSAULT")
    assert e.date == "2024-01-28"


def test_deals_struck_are_no_attack(nlp):
    r = run(nlp, "In both provinces, deals struck in Baghdad on Monday settled posts that local councils could not.",
            published="2024-08-10")
    assert asserted(r, "ASSAULT") == []


@pytest.mark.parametrize("tally", ["received 200 votes", "received only 14 votes", "received seventy-one votes"])
def test_votes_received_are_no_visit(nlp, tally):
    r = run(nlp, f"Mohammed al-Halbousi, the Taqaddum leader, {tally} in the chamber on Sunday.", published="2022-01-10")
    assert asserted(r, "CONSULT") == []


def test_a_leader_received_at_a_palace_is_still_a_visit(nlp):
    r = run(nlp, "Mohammed al-Halbousi received the Iranian ambassador in Baghdad on Sunday.", published="2022-01-10")
    assert asserted(r, "CONSULT")


def test_a_persons_designation_alone_is_no_sanction(nlp):
    r = run(nlp, "Sudani's designation on Thursday ended months of deadlock.", published="2022-10-15")
    assert asserted(r, "SANCTION") == []


def test_a_designation_of_a_group_is_a_sanction(nlp):
    r = run(nlp, "The vote followed the Treasury's designation of Fly Baghdad on Monday.", published="2024-01-30")
    (e,) = asserted(r, "SANCTION")
    assert e.date == "2024-01-29"


@pytest.mark.parametrize("text", [
    "Harakat al-Nujaba is a leading member of the Islamic Resistance in Iraq.",
    "Harakat al-Nujaba, founded in 2013, answers to its own council and is a core member of the Islamic "
    "Resistance in Iraq.",
])
def test_membership_stated_as_a_predicate(nlp, text):
    assert ("Harakat al-Nujaba", "member_of", "Islamic Resistance in Iraq") in rels(run(nlp, text))


def test_a_fronted_member_title_is_membership_not_leadership(nlp):
    r = rels(run(nlp, "A senior commander of Kataib Hezbollah, Abu Baqir al-Saadi, was killed on Wednesday."))
    assert ("Abu Baqir al-Saadi", "member_of", "Kataib Hezbollah") in r
    assert ("Abu Baqir al-Saadi", "leads", "Kataib Hezbollah") not in r


def test_a_lawmaker_sitting_for_a_bloc_is_its_member(nlp):
    r = run(nlp, "Adnan Fayhan, a former governor who sits for Sadiqoun, was elected first deputy speaker on "
                 "Monday.", published="2025-12-31")
    assert ("Adnan Fayhan", "member_of", "Sadiqoun") in rels(r)


def test_a_person_of_the_movement_the_pack_says_he_leads_leads_it(nlp):
    r = run(nlp, "Ammar al-Hakim of the Hikma movement met the envoy on Monday.", published="2024-08-10")
    assert ("Ammar al-Hakim", "leads", "National Wisdom Movement") in rels(r)


def test_a_groups_spokesman_and_a_two_word_office_are_members(nlp):
    r = rels(run(nlp, "The SDF's spokesman, Farhad Shami, said on Saturday that Abu Ali al-Askari, a senior "
                      "Kataib Hezbollah security official, had been seen in the area.", published="2023-04-09"))
    assert ("Farhad Shami", "member_of", "Syrian Democratic Forces") in r
    assert ("Abu Ali al-Askari", "member_of", "Kataib Hezbollah") in r


def test_a_known_surname_that_opens_another_persons_name_is_not_that_person(nlp):
    r = run(nlp, "Ammar al-Hakim spoke first. Hakim al-Zamili was elected first deputy speaker on Sunday.",
            published="2022-01-10")
    hakim = next(a for a in r.actors if a.name == "Ammar al-Hakim")
    assert [m.text for m in hakim.mentions] == ["Ammar al-Hakim"]


def test_a_known_surname_alone_still_refers_back(nlp):
    r = run(nlp, "Ammar al-Hakim spoke first. Hakim said on Monday the vote was fair.", published="2022-01-10")
    hakim = next(a for a in r.actors if a.name == "Ammar al-Hakim")
    assert [m.text for m in hakim.mentions] == ["Ammar al-Hakim", "Hakim"]


def test_an_accusation_called_baseless_is_a_denial(nlp):
    r = run(nlp, "Foreign ministry spokesman Nasser Kanaani said on Monday that the accusations were baseless.",
            published="2024-01-29")
    (e,) = asserted(r, "REJECT")
    assert e.source_actor.name == "Nasser Kanaani"


def test_a_spokesmans_office_is_not_a_second_speaker(nlp):
    r = run(nlp, "Basim al-Awadi, the government spokesman, said on Saturday that the strikes were an aggression "
                 "against Iraq's sovereignty.", published="2024-02-04")
    (e,) = asserted(r, "ACCUSE")
    assert e.source_actor.name == "Basim al-Awadi"


def test_coordinated_speakers_each_make_a_statement(nlp):
    r = run(nlp, "Masoud Barzani and the Iraqi government condemned the attack on Saturday.", published="2024-02-04")
    assert {e.source_actor.name for e in asserted(r, "ACCUSE")} == {"Masoud Barzani", "Iraq"}


@pytest.mark.parametrize("text,etype,date", [
    ("Kataib Hezbollah warned on Wednesday that the raids would not go unpunished.", "THREATEN", "2023-11-22"),
    ("On Wednesday Kataib Hezbollah answered with a pledge to start targeting American bases.", "THREATEN", "2023-11-22"),
    ("The army on Tuesday laid the blame squarely on the guards' negligence.", "ACCUSE", "2023-11-21"),
    ("Abu Ali al-Askari on Tuesday called the count a sham.", "ACCUSE", "2023-11-21"),
    ("The Iraqi Foreign Ministry on Tuesday described the shelling as a Turkish aggression.", "ACCUSE", "2023-11-21"),
    ("Iraqi security forces cordoned off the square on Tuesday.", "COERCE", "2023-11-21"),
    ("Iran shut its border crossings with Iraq on Tuesday.", "COERCE", "2023-11-21"),
    ("U.S. troops left Ain al-Asad air base on Tuesday.", "RETREAT", "2023-11-21"),
    ("Followers of Muqtada al-Sadr filed out of the Green Zone on Tuesday.", "RETREAT", "2023-11-21"),
])
def test_acts_phrased_as_idioms(nlp, text, etype, date):
    r = run(nlp, text, published="2023-11-23")
    assert [e.date for e in asserted(r, etype)] == [date]


def test_a_launcher_found_abandoned_near_a_base_is_no_withdrawal(nlp):
    r = run(nlp, "Police later found the launcher abandoned east of the base on Tuesday.", published="2023-11-23")
    assert asserted(r, "RETREAT") == []


def test_a_phone_call_with_the_callee_before_by_phone(nlp):
    r = run(nlp, "Mohammed Shia al-Sudani spoke to Masoud Barzani by phone on Tuesday.", published="2023-11-23")
    (e,) = asserted(r, "CONSULT")
    assert e.date == "2023-11-21"


def test_gunmen_storming_a_post_is_an_assault_not_a_protest(nlp):
    r = run(nlp, "Gunmen stormed an army post near Kirkuk on Monday, killing four soldiers.", published="2024-02-10")
    assert asserted(r, "PROTEST") == [] and asserted(r, "ASSAULT")


def test_a_crowd_storming_an_embassy_is_still_a_protest(nlp):
    r = run(nlp, "Protesters stormed the embassy compound in Baghdad on Monday.", published="2024-02-10")
    assert asserted(r, "PROTEST")

"""Eleventh round of general mechanisms, on hand-written text: stepping aside, being let go,
announcing one will not stay on, votes by a margin and votes to dismiss, ultimatums, distancing
oneself, cases filed against someone, symbols burned in protest, answering with fire, staying
away, naval groups sent, "the chamber", "call on" as a lemma, family names shared by two people;
relations stated by belonging, forces of forces, a list of its leader, support had or won,
candidates of a party, backing in the progressive, aligning with, allies and backers by
possessive, underpinning a government, units loyal to a party, figures and commanders of a group,
heads of a possessed body."""

from __future__ import annotations

import pytest

from extraction_helpers import events, name, one, relations


# ---------------------------------------------------------------- events
def test_stepping_aside_is_a_resignation(nlp):
    e = one(nlp, "Masrour Barzani stepped aside as head of the security council in June 2019.", "RETREAT",
            published="2019-08-01")
    assert name(e.source_actor) == "Masrour Barzani" and e.date == "2019-06"


def test_being_let_go_is_a_release(nlp):
    assert one(nlp, "Four activists held by the militia were let go on Wednesday.", "RETREAT", published="2020-07-03")


def test_announcing_one_will_not_stay_on_is_the_decision(nlp):
    e = one(nlp, "Nechirvan Barzani told reporters on Monday that he would not seek a second term.", "RETREAT",
            published="2023-05-20")
    assert e.certainty == "asserted" and name(e.source_actor) == "Nechirvan Barzani"


@pytest.mark.parametrize("text,etype", [
    ("Members of the Kurdistan Parliament voted by 65 to 11 on Sunday to extend the body's term.", "AGREE"),
    ("The Council of Representatives voted on Monday to dismiss the governor of Salahuddin.", "SANCTION"),
])
def test_votes_by_a_margin_and_votes_to_dismiss(nlp, text, etype):
    e = one(nlp, text, etype, published="2022-10-12")
    assert e.source_actor is not None


def test_a_deadline_to_comply_is_an_ultimatum(nlp):
    e = one(nlp, "Mohammed Shia al-Sudani gave the factions until 31 March to hand over their heavy weapons.", "THREATEN",
            published="2023-03-02")
    assert e.certainty == "asserted"


def test_distancing_oneself_from_a_statement_is_a_rejection(nlp):
    e = one(nlp, "On Tuesday Qais al-Khazali distanced his movement from the threats.", "REJECT", published="2023-03-02")
    assert name(e.source_actor) == "Qais al-Khazali"


def test_a_case_filed_against_a_state_accuses_it(nlp):
    e = one(nlp, "In 2019 Erbil filed a lawsuit against the federal oil ministry in Baghdad.", "ACCUSE",
            published="2020-01-02")
    assert name(e.source_actor) == "Kurdistan Regional Government"


def test_a_complaint_lodged_with_a_body_still_targets_the_accused(nlp):
    e = one(nlp, "Iraq lodged a new complaint with the Security Council on Tuesday over the Turkish shelling in Zakho.",
            "ACCUSE", published="2022-07-25")
    assert name(e.target_actor) == "Turkey"


def test_burning_symbols_is_a_protest(nlp):
    text = "The men burned pictures of the governor outside his office in Nasiriyah on Sunday."
    assert [e.type for e in events(nlp, text, "2021-02-10")] == ["PROTEST"]


def test_answering_with_fire_is_an_attack(nlp):
    e = one(nlp, "Turkish troops answered on Sunday with artillery fire on villages near Amedi.", "ASSAULT",
            published="2022-07-25")
    assert name(e.source_actor) in ("Turkey", "Turkish Armed Forces")


def test_staying_away_without_an_object_is_a_boycott(nlp):
    e = one(nlp, "The Sadrist Movement, which won the most seats, stayed away.", "PROTEST", published="2022-03-31")
    assert name(e.source_actor) == "Sadrist Movement"


def test_sending_naval_groups_is_a_deployment(nlp):
    assert one(nlp, "Washington sent a carrier strike group to the eastern Mediterranean on Sunday.", "MOBILIZE",
               published="2023-10-10")


def test_the_chamber_is_the_legislature_named_before(nlp):
    text = "Iraq's parliament met on Monday. The chamber then approved the electoral law."
    found = [e for e in events(nlp, text, "2023-03-30") if e.type == "AGREE"]
    assert found and all(name(e.source_actor) == "Council of Representatives" for e in found)


def test_call_on_in_a_platform_statement(nlp):
    e = one(nlp, "In Najaf on Friday, Muqtada al-Sadr used a televised address to call on his rivals to step back.",
            "REQUEST", published="2022-08-30")
    assert name(e.source_actor) == "Muqtada al-Sadr"


def test_a_family_name_after_another_given_name_is_another_person(nlp):
    report = nlp({"text": "Qais al-Khazali leads Asaib Ahl al-Haq. On Monday Falih al-Khazali, a cousin, was sanctioned.",
                  "published": "2020-01-10"})
    qais = [a for a in report.actors if a.name == "Qais al-Khazali"]
    assert qais and all(m.text == "Qais al-Khazali" for m in qais[0].mentions)


@pytest.mark.parametrize("text", [
    "Prime Minister Mustafa al-Kadhimi arrived. On Friday Kadhimi left for Tehran.",
    "Prime Minister Mustafa al-Kadhimi arrived. Later Kadhimi left for Tehran.",
])
def test_a_surname_after_a_date_or_an_opener_is_the_known_person(nlp, text):
    report = nlp({"text": text, "published": "2020-07-20"})
    assert [len(a.mentions) for a in report.actors if a.name == "Mustafa al-Kadhimi"] == [2]


# ---------------------------------------------------------------- relations
@pytest.mark.parametrize("text,triple", [
    ("Armed groups belonging to the PMF, among them Kataib Hezbollah, refused.",
     ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces")),
    ("Kataib Sayyid al-Shuhada and Harakat al-Nujaba both belong to the Popular Mobilization Forces.",
     ("Harakat al-Nujaba", "part_of", "Popular Mobilization Forces")),
    ("An officer from the Quds Force of the Revolutionary Guards died in the strike.",
     ("Quds Force", "part_of", "Islamic Revolutionary Guard Corps")),
    ("The Fatah list of Shiite commander Hadi al-Amiri came second.", ("Hadi al-Amiri", "leads", "Fatah Alliance")),
])
def test_membership_and_leadership_by_phrase(nlp, text, triple):
    assert triple in relations(nlp, text, "2022-01-10")


@pytest.mark.parametrize("text,triple", [
    ("Mohammed Shia al-Sudani had the support of the ruling Coordination Framework.",
     ("Coordination Framework", "backs", "Mohammed Shia al-Sudani")),
    ("Fuad Hussein, the Kurdistan Democratic Party's nominee for the post, withdrew.",
     ("Kurdistan Democratic Party", "backs", "Fuad Hussein")),
    ("Since January the Patriotic Union of Kurdistan has been backing the incumbent, Barham Salih.",
     ("Patriotic Union of Kurdistan", "backs", "Barham Salih")),
    ("The Coordination Framework, which props up the government of Premier Mohammed Shia al-Sudani, met.",
     ("Coordination Framework", "backs", "Mohammed Shia al-Sudani")),
    ("Russia, Bashar al-Assad's main backer, kept silent.", ("Russia", "backs", "Bashar al-Assad")),
])
def test_backing_by_phrase(nlp, text, triple):
    assert triple in relations(nlp, text, "2022-01-10")


@pytest.mark.parametrize("text,triple", [
    ("The Sovereignty Alliance, which has aligned itself with Muqtada al-Sadr, refused.",
     ("Sovereignty Alliance", "allied_with", "Muqtada al-Sadr")),
    ("The Coordination Framework relies on the PUK as a partner.",
     ("Coordination Framework", "allied_with", "Patriotic Union of Kurdistan")),
    ("The Kurdistan Democratic Party named Hoshyar Zebari. Its rival, the PUK, objected.",
     ("Kurdistan Democratic Party", "opposes", "Patriotic Union of Kurdistan")),
])
def test_alignment_and_rivalry_by_phrase(nlp, text, triple):
    assert triple in relations(nlp, text, "2022-01-10")


@pytest.mark.parametrize("text,triple", [
    ("Abu Fadak, the Popular Mobilization Forces chief of staff, denied it.", None),
    ("Mazloum Abdi, the Syrian Democratic Forces commander, met the envoy.",
     ("Mazloum Abdi", "leads", "Syrian Democratic Forces")),
    ("The Syrian Democratic Forces commander, Mazloum Abdi, met the envoy.",
     ("Mazloum Abdi", "leads", "Syrian Democratic Forces")),
    ("Peshmerga units loyal to the Patriotic Union of Kurdistan left Kirkuk.",
     ("Peshmerga", "part_of", "Patriotic Union of Kurdistan")),
])
def test_commanders_and_loyal_units(nlp, text, triple):
    r = relations(nlp, text, "2022-01-10")
    if triple is None:
        assert not {t for t in r if t[1] == "leads" and t[2] == "Popular Mobilization Forces"}
    else:
        assert triple in r


# ---------------------------------------------------------------- more families
@pytest.mark.parametrize("text,etype", [
    ("Lawmakers withdrew confidence from the trade minister on Monday.", "SANCTION"),
    ("The Federal Supreme Court on Tuesday barred the governor from standing in the election.", "SANCTION"),
    ("A dozen militia fighters set fire to their weapons at a ceremony near Amadiya on Friday.", "RETREAT"),
    ("In June two brigades of the shrine units left the commission's command.", "RETREAT"),
    ("U.S. forces began dropping water and food onto the mountain on Tuesday.", "AID"),
    ("The border guards handed 40 of the deserters back at the Rabia crossing on Sunday.", "RETREAT"),
])
def test_more_members_of_trigger_families(nlp, text, etype):
    assert one(nlp, text, etype, published="2024-06-20")


def test_a_tribunal_finding_a_breach_of_an_agreement_rules_against_it(nlp):
    e = one(nlp, "An arbitration tribunal in Geneva found on Monday that Iran had violated the water treaty.", "SANCTION",
            published="2024-06-20")
    assert e.date == "2024-06-17"


@pytest.mark.parametrize("text", [
    "Any deal with Erbil must be approved by parliament.",
    "He is not the first provincial official to be detained.",
])
def test_an_obligation_or_a_generic_role_is_no_act(nlp, text):
    assert not events(nlp, text, "2024-06-20")


def test_a_vote_to_remove_an_official_is_the_dismissal_not_a_request(nlp):
    found = events(nlp, "The Iraqi parliament voted on Monday to remove the governor of Basra.", "2024-06-20")
    assert [e.type for e in found] == ["SANCTION"]

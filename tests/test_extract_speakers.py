"""Who made a statement or held a meeting: the speaker after a quotation, a subject behind a title
with "of" in it, and the subject of a light verb before a noun act; hand-written text."""

from __future__ import annotations

import pytest


def events_of(nlp, text, etype):
    report = nlp({"text": text, "published": "2024-02-10"})
    return [e for e in report.events if e.type == etype and e.certainty in ("asserted", "reported")]


def name(ref):
    return ref.name if ref is not None else None


def test_a_quoted_accusation_belongs_to_the_speaker_after_the_quote(nlp):
    (e,) = events_of(nlp, '"Yet again the Turkish forces committed a flagrant violation of the sovereignty of '
                          'Iraq," Prime Minister Mustafa al-Kadhimi said on Wednesday.', "ACCUSE")
    assert name(e.source_actor) == "Mustafa al-Kadhimi"
    assert e.target_actor is not None and "Turkish" in name(e.target_actor)
    assert e.location.country == "IQ"


def test_an_accusation_outside_quotes_keeps_its_own_subject(nlp):
    (e,) = events_of(nlp, "Kataib Hezbollah accused the United States of a flagrant violation of Iraqi "
                          "sovereignty, Prime Minister Mustafa al-Kadhimi said on Wednesday.", "ACCUSE")
    assert name(e.source_actor) == "Kataib Hezbollah"


@pytest.mark.parametrize("title", ["Secretary of State", "Minister of Foreign Affairs"])
def test_a_title_with_of_does_not_hide_the_subject(nlp, title):
    (e,) = events_of(nlp, f"{title} Mike Pompeo held a telephone call with Mustafa al-Kadhimi on Thursday.",
                     "CONSULT")
    assert name(e.source_actor) == "Mike Pompeo"


def test_a_preposition_before_a_name_still_excludes_it_from_the_subject(nlp):
    events = events_of(nlp, "In a meeting with Mike Pompeo on Thursday, the Iraqi prime minister held talks "
                            "on the withdrawal.", "CONSULT")
    assert all(name(e.source_actor) != "Mike Pompeo" for e in events)


@pytest.mark.parametrize("text,country", [
    ("Syrian Foreign Minister Walid Hamdan on Monday condemned what he called a heinous attack.", "SY"),
    ("Iran's foreign ministry spokesman Reza Tabrizi condemned the strikes on Monday.", "IR"),
])
def test_a_statement_by_an_unknown_person_with_a_national_title_is_placed_in_that_country(nlp, text, country):
    (e,) = events_of(nlp, text, "ACCUSE")
    assert e.location is not None and e.location.country == country


def test_a_passive_summons_is_made_by_the_body_summoning(nlp):
    (e,) = events_of(nlp, "On Thursday the Turkish ambassador was summoned to the Iraqi Foreign Ministry "
                          "to receive a protest note.", "ACCUSE")
    assert e.source_actor is not None and e.location.country == "IQ"


@pytest.mark.parametrize("claim", ["The Islamic State claimed responsibility later that day.",
                                   "Responsibility was claimed by the Islamic State later that day."])
def test_a_claim_without_an_object_names_the_author_of_the_attack_before_it(nlp, claim):
    text = ("On Thursday two suicide bombers blew themselves up in a market in central Baghdad. " + claim +
            " President Barham Salih condemned the bombing.")
    (attack,) = events_of(nlp, text, "ASSAULT")
    (statement,) = events_of(nlp, text, "ACCUSE")
    assert attack.source_actor is not None and attack.source_actor.name == "ISIS"
    assert statement.target_actor is not None and statement.target_actor.name == "ISIS"


def test_a_denied_claim_names_no_author(nlp):
    text = ("On Thursday two suicide bombers blew themselves up in a market in central Baghdad. "
            "No group claimed responsibility.")
    (attack,) = events_of(nlp, text, "ASSAULT")
    assert attack.source_actor is None


@pytest.mark.parametrize("text,speaker", [
    ("President Joe Biden said on Sunday that the United States shall respond.", "Joe Biden"),
    ("Pentagon press secretary Pat Ryder told reporters on Monday that Washington would respond at a time "
     "of its choosing.", "Pat Ryder"),
])
def test_a_threat_reported_from_a_speaker_is_the_speakers(nlp, text, speaker):
    (e,) = events_of(nlp, text, "THREATEN")
    assert name(e.source_actor) == speaker


def test_an_election_without_its_agent_is_the_chambers(nlp):
    (e,) = events_of(nlp, "Mahmoud al-Mashhadani was elected speaker of Iraq's Council of Representatives "
                          "on Thursday.", "AGREE")
    assert name(e.source_actor) == "Council of Representatives"
    assert name(e.target_actor) == "Mahmoud al-Mashhadani"


@pytest.mark.parametrize("text,source,target", [
    ("Sudani received the Iranian foreign minister in Baghdad on Thursday.", "Mohammed Shia al-Sudani", "Iran"),
    ("The Iraqi foreign minister met his Turkish counterpart in Ankara on Thursday.", "Iraq", "Turkey"),
    ("Sudani met a Turkish delegation in Baghdad on Thursday.", "Mohammed Shia al-Sudani", "Turkey"),
])
def test_an_unnamed_office_holder_of_a_state_stands_for_the_state(nlp, text, source, target):
    (e,) = events_of(nlp, text, "CONSULT")
    assert (e.source_actor.name, e.target_actor.name) == (source, target)


def test_a_demonym_title_before_a_name_is_the_named_person(nlp):
    (e,) = events_of(nlp, "Iranian Foreign Minister Hossein Amir-Abdollahian met Sudani in Baghdad on Thursday.",
                     "CONSULT")
    assert e.source_actor.name == "Hossein Amir-Abdollahian"


def test_a_two_word_national_body_at_its_first_mention_is_that_body(nlp):
    (e,) = events_of(nlp, "The Coordination Framework accused the electoral commission on Thursday of "
                          "rigging the count.", "ACCUSE")
    assert e.target_actor is not None and e.target_actor.name == "Independent High Electoral Commission"
    (r,) = events_of(nlp, "The supreme court rejected the appeal on Thursday.", "REJECT")
    assert r.source_actor is not None and r.source_actor.name == "Federal Supreme Court"


def test_a_bare_court_is_not_assumed_to_be_the_supreme_one(nlp):
    (r,) = events_of(nlp, "The court rejected the appeal on Thursday.", "REJECT")
    assert r.source_actor is None


def test_a_states_prime_minister_is_that_states_office_holder(nlp):
    (e,) = events_of(nlp, "Iraq's prime minister condemned the strike on Thursday.", "ACCUSE")
    assert e.source_actor is not None and e.source_actor.name == "Mohammed Shia al-Sudani"


def test_another_states_prime_minister_is_not_the_texts_own(nlp):
    found = events_of(nlp, "Israel's prime minister condemned the strike on Thursday.", "ACCUSE")
    assert all(e.source_actor is None or e.source_actor.name != "Mohammed Shia al-Sudani" for e in found)


@pytest.mark.parametrize("text,etype,source", [
    ("Sunni lawmakers boycotted the session on Thursday.", "PROTEST", "Sunni lawmakers"),
    ("Kurdish leaders welcomed the ruling on Thursday.", "SUPPORT", "Kurdish leaders"),
])
def test_a_communitys_politicians_are_a_generic_actor_that_keeps_its_act(nlp, text, etype, source):
    (e,) = events_of(nlp, text, etype)
    assert e.source_actor is not None and e.source_actor.name == source and e.source_actor.id is None

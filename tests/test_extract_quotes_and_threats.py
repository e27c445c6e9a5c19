"""Quoted demands and announced violence: '"The Americans must leave," X told supporters', "the
group would continue its attacks". Hand-written sentences (none comes from a corpus)."""

from __future__ import annotations


def run(nlp, text, published="2024-01-10"):
    return nlp({"text": text, "published": published})


def events(report, etype):
    return [e for e in report.events if e.type == etype]


def test_a_quoted_demand_is_the_speakers_and_aims_at_the_quotes_subject(nlp):
    r = run(nlp, '"The Americans must leave," Qais al-Khazali told supporters at a rally in Baghdad on Friday.')
    (e,) = events(r, "REQUEST")
    assert (e.source_actor.id, e.target_actor.id) == ("qais-al-khazali", "united-states")
    assert not any(m.text.endswith("told supporters") for a in r.actors for m in a.mentions)


def test_announcing_more_attacks_is_a_threat_by_the_speaker(nlp):
    r = run(nlp, "Nujaba spokesman Hussein al-Musawi said the group would continue its attacks until U.S. "
                 "forces left Iraq.")
    (e,) = events(r, "THREATEN")
    assert e.source_actor is not None and e.source_actor.name == "Hussein al-Musawi"
    assert e.target_actor is None or e.target_actor.id != "harakat-al-nujaba"


def test_the_side_that_would_respond_is_not_the_threatened(nlp):
    (e,) = events(run(nlp, "Joe Biden said the United States would respond."), "THREATEN")
    assert e.source_actor.id == "joe-biden" and e.target_actor is None


def test_followers_named_with_an_adjective_are_the_leaders_movement(nlp):
    (e,) = events(run(nlp, "Sadr's loyal supporters rallied in Tahrir Square on Friday."), "PROTEST")
    assert e.source_actor is not None and e.source_actor.id == "sadrist-movement"


def test_a_denial_and_a_coordinated_accusation_are_two_statements(nlp):
    report = nlp({"text": "Kataib Hezbollah denied any role on Sunday and accused Washington of seeking a pretext to stay.",
                  "published": "2023-08-14"})
    types = sorted(e.type for e in report.events if e.certainty in ("asserted", "reported"))
    assert types == ["ACCUSE", "REJECT"]


def test_one_statement_told_twice_stays_one(nlp):
    report = nlp({"text": "Kataib Hezbollah condemned the raid on Sunday, calling it a crime.", "published": "2023-08-14"})
    assert [e.type for e in report.events if e.certainty in ("asserted", "reported")] == ["ACCUSE"]

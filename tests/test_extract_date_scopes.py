"""Which part of a sentence a date belongs to: reason, sequence and relative scopes, on
hand-written sentences."""

from __future__ import annotations

from extraction_helpers import events
from marsad.extract.date_scopes import embedded_scopes, in_embedded_scope, scope_of


def _scopes(text):
    return [text[a:b] for a, b in embedded_scopes(text, 0, len(text))]


def test_a_reply_phrase_and_its_relative_clause_are_scopes():
    text = "Jets hit two depots on Monday in reply to a raid that wounded a guard on Saturday."
    assert _scopes(text) == ["in reply to a raid that wounded a guard on Saturday.",
                             " that wounded a guard on Saturday."]


def test_an_offset_or_a_time_of_day_is_not_a_scope():
    assert _scopes("Gunmen struck the post shortly after midnight on Friday.") == []
    assert _scopes("The convoy was ambushed two days after the talks ended.") == []
    assert _scopes("Shelling resumed after dawn on 4 May.") == []


def test_a_complement_clause_of_a_speech_verb_is_not_a_relative_scope():
    assert _scopes("The ministry said that a drone hit the airport on Tuesday.") == []
    assert _scopes("Officials warned that the dam could fail.") == []


def test_a_relative_clause_on_a_subject_ends_at_the_main_auxiliary():
    text = "The blast that hit the market on Friday has been blamed on the group."
    assert _scopes(text) == [" that hit the market on Friday"]


def test_a_noun_heading_a_relative_clause_belongs_to_its_scope():
    text = "They condemned the ambush near the border that killed four soldiers on Monday."
    scopes = embedded_scopes(text, 0, len(text))
    i = text.index("ambush")
    a, b = scope_of(scopes, text, i, i + len("ambush"))
    assert text[a:b].startswith("ambush") and text[a:b].endswith("on Monday.")
    j = text.index("condemned")
    assert scope_of(scopes, text, j, j + 9) is None
    assert in_embedded_scope(scopes, text.index("Monday")) and not in_embedded_scope(scopes, j)


def test_the_reply_takes_the_main_date_and_the_act_it_answers_its_own(nlp):
    found = events(nlp, "American jets struck three depots in eastern Syria on Sunday in response to a drone "
                        "attack that killed a soldier near Erbil two days earlier.", published="2022-08-10")
    dates = sorted(e.date for e in found if e.type == "ASSAULT")
    assert dates == ["2022-08-05", "2022-08-07"]


def test_a_date_in_a_retaliation_phrase_does_not_date_the_act_before_it(nlp):
    found = events(nlp, "Militants shelled the airport late on Wednesday in retaliation for an airstrike on "
                        "their camp on 2 March.", published="2021-03-12")
    by_date = {e.date for e in found if e.type == "ASSAULT"}
    assert "2021-03-10" in by_date and "2021-03-02" in by_date


def test_the_next_sentence_inherits_the_main_date_not_the_answered_acts(nlp):
    found = events(nlp, "Warplanes struck a depot near Albu Kamal on Sunday in reply to a rocket attack that "
                        "wounded two guards two days earlier. Later, militiamen set fire to a checkpoint in Qaim.",
                   published="2022-08-10")
    fire = [e for e in found if "checkpoint" in e.evidence.text]
    assert fire and fire[0].date == "2022-08-07"


def test_the_start_of_a_period_dates_no_act(nlp):
    found = events(nlp, "A suicide bomber struck a market in Hilla on Thursday, in the deadliest attack the city "
                        "has seen since 2017.", published="2023-03-04")
    assert found and all(e.date == "2023-03-02" for e in found if e.type == "ASSAULT")


def test_the_toll_of_the_answered_act_is_not_the_replys(nlp):
    found = events(nlp, "Militiamen shelled the airport late on Wednesday in retaliation for an airstrike on their "
                        "camp on 2 March that killed three fighters.", published="2021-03-12")
    by_date = {e.date: e.fatalities for e in found if e.type == "ASSAULT"}
    assert by_date.get("2021-03-10", "missing") is None
    assert by_date.get("2021-03-02") == 3


def test_a_named_retaliation_is_a_scope_without_in(nlp):
    found = events(nlp, "Hezbollah fired rockets at northern Israel late on Friday in what it called revenge for an "
                        "Israeli strike on its commanders in Beirut on 2 January.", published="2024-01-10")
    dates = {e.date for e in found if e.type == "ASSAULT"}
    assert dates == {"2024-01-05", "2024-01-02"}


def test_a_noun_with_a_for_phrase_still_heads_its_relative_clause():
    text = "Troops reached the citadel on Friday, the end of a drive for Hawija that began last spring."
    scopes = embedded_scopes(text, 0, len(text))
    i = text.index("drive")
    a, b = scope_of(scopes, text, i, i + len("drive"))
    assert "last spring" in text[a:b] and "Friday" not in text[a:b]


def test_two_coordinated_rulings_keep_their_own_dates(nlp):
    found = events(nlp, "In March 2021 the judges annulled the province's budget law, and this June the court "
                        "overturned the council's extension of its own mandate.", published="2023-11-16")
    assert sorted(e.date for e in found if e.type == "SANCTION") == ["2021-03", "2023-06"]


def test_a_forward_anchor_after_a_clause_break_leaves_the_first_act_its_running_date(nlp):
    found = events(nlp, "Iran's Revolutionary Guards fired missiles at bases near Koya on Wednesday. The Kurdistan Regional "
                        "Government condemned the strikes, and Baghdad summoned the Iranian ambassador the next day.",
                   published="2022-09-30")
    by_source = {e.source_actor.name: e.date for e in found if e.type == "ACCUSE" and e.source_actor}
    assert by_source.get("Kurdistan Regional Government") == "2022-09-28"
    assert by_source.get("Iraq") == "2022-09-29"


def test_a_reduced_relative_clause_is_a_scope():
    text = "The court on Tuesday struck down a law passed by the regional parliament in 2022."
    assert _scopes(text) == [" passed by the regional parliament in 2022."]


def test_the_law_a_court_struck_down_keeps_the_year_it_was_passed(nlp):
    found = events(nlp, "The Federal Supreme Court on Tuesday struck down a law passed by the Kurdistan Region's "
                        "parliament in 2022. The Kurdistan Democratic Party called the verdict politically motivated.",
                   published="2023-05-25")
    dated = {(e.type, e.date) for e in found}
    assert ("SANCTION", "2023-05-23") in dated and ("AGREE", "2022") in dated
    assert ("ACCUSE", "2023-05-23") in dated


def test_a_deadline_dates_the_act_to_come_not_the_agreement(nlp):
    found = events(nlp, "In Baghdad on 7 April Mustafa al-Kadhimi and Joe Biden agreed that foreign combat troops "
                        "would leave by 30 November.", published="2021-12-14")
    assert [e.date for e in found if e.type == "AGREE"] == ["2021-04-07"]


def test_that_evening_is_a_time_not_a_relative_clause_and_a_later_clause_keeps_its_own_day(nlp):
    text = ("Mortar rounds hit a Turkish base near Bashiqa on Monday, wounding a soldier. The Iraqi "
            "foreign ministry denounced the shelling that evening, and on Wednesday Ankara blamed "
            "the PKK for it.")
    acts = {(e.source_actor.name if e.source_actor else None): e for e in events(nlp, text, published="2023-03-10")
            if e.type == "ACCUSE"}
    assert acts["Iraq"].date == "2023-03-06"
    assert acts["Turkey"].date == "2023-03-08"


def test_a_sentence_that_says_when_something_came_dates_the_next_one(nlp):
    text = ("The decisive moment came in March 2011, while the talks were stalled. The cabinet approved the "
            "electricity law, which created a new regulator.")
    agree = [e for e in nlp({"text": text, "published": "2024-06-15"}).events if e.type == "AGREE"]
    assert [e.date for e in agree] == ["2011-03"]


def test_a_background_date_in_a_sentence_of_its_own_still_does_not_date_the_next(nlp):
    text = "The council was founded in March 2011 by tribal leaders. The cabinet approved the electricity law."
    agree = [e for e in nlp({"text": text, "published": "2024-06-15"}).events if e.type == "AGREE"]
    assert [e.date for e in agree] == ["2024-06"]

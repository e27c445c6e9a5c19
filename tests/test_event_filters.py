"""Each candidate filter, on the example its docstring gives, and the rule trace."""

from __future__ import annotations

import pytest

from marsad.extract import event_filters


def dropped_by(nlp, text: str, published: str = "2024-02-10") -> set[str]:
    trace: list = []
    nlp({"text": text, "published": published}, trace=trace)
    return {t[1] for t in trace if t[0] == "filter"}


CASES = [
    ("aggregate", "Militias have carried out more than 150 attacks on U.S. forces."),
    ("counted_plural", "Officials counted 78 attacks on the bases."),
    ("plural_since", "The attacks on U.S. forces since October have drawn a response."),
    ("inside_date_expression", "The day before the raid, officials met."),
    ("gerund_after_preposition", "She was firm in rejecting the offer of talks."),
    ("noun_after_from", "The delegation stepped back from negotiations on Monday."),
    ("duration_of", "The curfew ended after weeks of protests in Basra."),
    ("stopping_activity", "Washington urged the group to stop its strikes."),
    ("demanded_object", "The ministry demanded an official apology from Ankara."),
    ("statement_complement", "Baghdad denounced the raid as an unacceptable attack on its sovereignty."),
    ("generic_plural", "The report listed political assassinations as a threat."),
    ("noun_as_modifier", "Investigators found an attack drone near the base."),
    ("present_stance", "The militia, which it blames for the blast, kept silent."),
    ("state_of_affairs", "About 600 British troops are deployed in Erbil."),
    ("victims_of_named_act", "Several fighters killed in Sunday's airstrikes were buried."),
    ("participle_adjective", "The court released the detained protesters."),
    ("ongoing_since", "The group, which has attacked U.S. forces since October, vowed to go on."),
    ("warning_without_threat", "The envoy warned that the decision undermined stability."),
    ("non_event_sentence", "Mourners carried the coffin to a rally in Baghdad."),
    ("claim_of_known_or_denied", "A drone hit the base on Friday. A group later claimed an attack there."),
    ("habitual_continuation", "Turkish jets kept bombing the mountains near Amedi."),
    ("phrasal_not_attack", "The two parties struck a balance on the budget."),
    ("phrasal_not_attack", "The pact the two parties struck in Erbil on Monday ended the dispute."),
    ("votes_received", "The speaker received 180 votes in the chamber on Monday."),
    ("negated_possibility", "Under the law, a decision of the commission cannot be appealed."),
    ("authors_inference", "Tehran seems to have concluded the talks had failed."),
    ("meeting_as_setting", "Arab League envoys, meeting in Cairo on Tuesday, condemned the shelling."),
    ("met_with_a_reaction", "Federal troops entered Hawija on Friday. They met stiff resistance from local fighters."),
    ("received_not_a_visitor", "A retired general, tried with four others, received a prison term of fifteen years on Sunday."),
    ("released_document", "The defence ministry released footage of the drill on Sunday."),
    ("places_meet", "Smugglers use the desert tracks where Anbar and Nineveh provinces meet."),
    ("naming_call", "Iran fired missiles on Monday in what Tehran called revenge for an Israeli raid."),
    ("armed_storming", "Tribal fighters stormed an army post near Kirkuk on Monday, killing four soldiers."),
    ("repeated_act", "Turkish drones have repeatedly targeted commanders in the district."),
    ("each_of_a_kind", "Each strike hardens the resolve of the factions."),
    ("present_habit", "The group keeps its fighters in the mountains and shells the villages below."),
    ("unnamed_doers", "The minister vowed to find those who had attacked the convoy."),
    ("series_start", "It was the deadliest raid since the militia began shelling the airport in May."),
    ("ongoing_since", "At least 300 civilians have been killed in the fighting, a majority of them in the hills."),
    ("verb_of_showing", "The episode demonstrated the limits of the new law."),
    ("counted_times", "Coalition bases had been targeted at least 30 times since the spring."),
    ("designated_for_office", "He is the second man designated to form a cabinet since the election."),
    ("phrasal_not_attack", "The verdicts strike at the core of the party's grip on Erbil."),
    ("counted_acts_object", "The militias launched more than 60 rocket attacks on the bases in Syria."),
    ("purpose_of_act", "Baghdad summoned the Turkish envoy on Monday in protest at the raids."),
    ("each_time", "Each time the jets struck, the factions vowed revenge."),
    ("manner_of_arrest", "Iraqi security forces detained 12 suspects in a dawn raid near Kirkuk on Tuesday."),
    ("protested_statement", "The Sadrist bloc boycotted Thursday's session in protest at the nomination."),
    ("natural_disaster", "The February 6 earthquake, which killed more than 50,000 people, hit Syria and Turkey."),
    ("prohibited_act", "The interior ministry banned the protests on Friday."),
    ("punished_act", "The court sentenced three men to death for the attack on Monday."),
    ("period_toll", "More than 700 civilians were killed across the country in October alone, a monitor said."),
    ("period_toll", "Some 250 marchers had been killed by the time the sit-ins ended."),
    ("period_toll", "At least 1,400 Iraqis died in bombings and shootings during June, a monthly count showed."),
    ("left_in_a_state", "In May the court annulled the vote, leaving the Kurdistan Region without a working assembly."),
    ("habitual_perfect", "Tehran has for years accused the Kurdistan Region of sheltering armed groups."),
    ("participle_adjective", "Ankara calls the group an offshoot of the outlawed Kurdistan Workers' Party (PKK)."),
    ("met_with_a_reaction", "Officials say the trials meet the country's legal standards."),
    ("met_with_a_reaction", "Federal troops entered Kirkuk on Monday, meeting little resistance."),
    ("travellers_not_visitors", "The group has long preyed on pilgrims travelling to the shrine cities."),
    ("crowd_as_object", "Security forces opened fire on demonstrators gathered near the bridge on Thursday, killing six."),
    ("own_act_claimed", "A drone hit a car in Baghdad on Wednesday. U.S. Central Command said its forces had "
                        "carried out the strike."),
]


@pytest.mark.parametrize("rule,text", CASES)
def test_each_filter_drops_its_example(nlp, rule, text):
    assert rule in dropped_by(nlp, text)


def test_every_registered_filter_has_a_case_and_a_docstring():
    names = {n for chain in (event_filters.COMMON_FILTERS, event_filters.NOUN_FILTERS, event_filters.VERB_FILTERS,
                             event_filters.LATE_FILTERS) for n, _ in chain}
    assert names - {"habitual_perfect"} <= {rule for rule, _ in CASES}
    for chain in (event_filters.COMMON_FILTERS, event_filters.NOUN_FILTERS, event_filters.VERB_FILTERS,
                  event_filters.LATE_FILTERS):
        for _, fn in chain:
            assert fn.__doc__ and '"' in fn.__doc__  # an example in quotes


def test_habitual_perfect(nlp):
    assert "habitual_perfect" in dropped_by(nlp, "The students, who have rallied in the square before, stayed home.")


def test_a_kept_trigger_is_traced_with_its_lexicon_rule(nlp):
    trace: list = []
    r = nlp({"text": "Kataib Hezbollah attacked a U.S. base on Monday.", "published": "2024-02-10"}, trace=trace)
    kept = [t for t in trace if t[0] == "trigger"]
    assert len(kept) == len(r.events) == 1
    assert kept[0][1] == "ASSAULT.attack:verb attacked" and kept[0][4] == "ASSAULT"


def test_eval_rules_counts_fired_and_right(tmp_path):
    import json

    from marsad.extract.evaluate import evaluate

    doc = {"id": "g1", "published": "2024-02-10", "text": "Kataib Hezbollah attacked a U.S. base on Monday. "
           "Militias have carried out more than 150 attacks on U.S. forces.",
           "gold": {"actors": [], "claims": [], "relations": [],
                    "events": [{"type": "ASSAULT", "date": "2024-02-05", "location": {"country": None},
                                "evidence": "Kataib Hezbollah attacked a U.S. base on Monday."}]}}
    (tmp_path / "g1.json").write_text(json.dumps(doc))
    res = evaluate(tmp_path, rules=True)
    assert res["rules"]["ASSAULT.attack:verb attacked"] == {"kind": "trigger", "fired": 1, "right": 1, "documents": 1}
    assert res["rules"]["aggregate"]["right"] == 1  # no gold act there


@pytest.mark.parametrize("text", [
    "Turkish drones targeted commanders in the district on Monday.",  # one act, dated
    "The strike hardened the resolve of the factions on Sunday.",  # a definite act
    "The group shells the villages below on Monday, officials say.",  # a date near: an occurrence
    "Gunmen who had attacked the convoy were arrested on Friday.",  # named doers
])
def test_series_and_habit_filters_keep_single_acts(nlp, text):
    assert not dropped_by(nlp, text) & {"repeated_act", "each_of_a_kind", "present_habit", "unnamed_doers"}


@pytest.mark.parametrize("text", [
    "U.S. special forces killed an ISIS leader in a raid in Syria on Friday.",  # no arrest told before it
    "Police arrested three men on Monday. In a separate raid, gunmen stormed a checkpoint.",  # another sentence
])
def test_a_raid_without_an_arrest_before_it_stays(nlp, text):
    assert "manner_of_arrest" not in dropped_by(nlp, text)


@pytest.mark.parametrize("text", [
    "Artillery fire killed nine tourists at a resort in Duhok on Wednesday.",
    "Gunmen set fire to the office and killed two guards on Monday.",
    "A car bomb killed 12 people in Duhok on Monday.",
])
def test_gunfire_and_bombs_are_no_disaster(nlp, text):
    assert "natural_disaster" not in dropped_by(nlp, text)


@pytest.mark.parametrize("text", [
    "Protesters defied a ban and rallied in Basra on Monday.",
    "The cabinet banned the party after the protests on Friday.",
])
def test_an_act_that_is_no_object_of_a_ban_stays(nlp, text):
    assert "prohibited_act" not in dropped_by(nlp, text)


def test_a_detained_group_named_with_a_demonym_is_no_arrest(nlp):
    r = nlp({"text": "Iran released the detained Iraqi fishermen on Monday.", "published": "2024-11-02"})
    assert [e.type for e in r.events] == ["RETREAT"]


def test_a_strike_after_a_truce_is_still_an_attack(nlp):
    assert "phrasal_not_attack" not in dropped_by(nlp, "A truce held until drones struck the camp on Monday.")


def test_an_attack_told_before_an_arrest_is_no_punished_act(nlp):
    assert "punished_act" not in dropped_by(nlp, "Gunmen attacked the convoy, and police arrested two men on Friday.")


def _types(nlp, text, published="2024-02-10"):
    report = nlp({"text": text, "published": published})
    return [e.type for e in report.events if e.certainty in ("asserted", "reported")]


def test_what_cannot_be_done_is_no_act(nlp):
    assert "REQUEST" not in _types(nlp, "The Federal Supreme Court said on Monday that its verdict on the budget cannot be appealed.")


def test_provinces_meeting_are_no_meeting(nlp):
    assert "CONSULT" not in _types(nlp, "Gunmen hide in the marshes where Basra and Maysan provinces meet.")
    assert "CONSULT" in _types(nlp, "Mustafa al-Kadhimi met Masoud Barzani in Erbil on Sunday.")


def test_naming_something_is_no_phone_call(nlp):
    assert "CONSULT" not in _types(nlp, "Iran fired missiles at Erbil on Monday in what Tehran called revenge for an Israeli raid.")
    assert "CONSULT" in _types(nlp, "On Monday Mustafa al-Kadhimi called Joe Biden.")


def test_a_president_designating_a_person_lists_no_one(nlp):
    assert "SANCTION" not in _types(nlp, "On Monday President Fuad Masum designated Haider al-Abadi, a deputy speaker.",
                                    published="2014-08-15")
    assert "SANCTION" in _types(nlp, "On 3 March the Treasury's sanctions office designated Kataib Sayyid al-Shuhada.",
                                published="2024-02-05")


def test_acts_counted_by_times_after_their_object_are_a_tally(nlp):
    assert "ASSAULT" not in _types(nlp, "The Pentagon said militias had attacked U.S. forces more than 170 times since October.")
    assert "ASSAULT" in _types(nlp, "Militias attacked U.S. forces in Syria on Friday, the third time this week.")


@pytest.mark.parametrize("text", [
    "At least 25 people were killed in March when a car bomb went off in a Hilla market.",  # one act told
    "Twelve soldiers were killed on Tuesday in an ambush near Tikrit.",  # one day
    "Four guards were killed in the raid on the prison in May 2019.",  # one act named
    "Dozens died in clashes near the border on Monday.",
])
def test_a_toll_of_one_act_is_no_period_toll(nlp, text):
    assert "period_toll" not in dropped_by(nlp, text)


def test_leaving_a_place_without_a_fight_is_still_a_withdrawal(nlp):
    assert "left_in_a_state" not in dropped_by(nlp, "The last U.S. troops left Iraq without incident on Sunday.")


def test_a_noun_ending_in_ly_is_no_adverb_before_a_participle(nlp):
    assert "participle_adjective" not in dropped_by(nlp, "The assembly passed the budget law on Sunday.")


def test_an_accusation_on_a_day_is_no_long_standing_stance(nlp):
    assert "habitual_perfect" not in dropped_by(nlp, "Iran accused the Kurdistan Region on Monday of sheltering armed groups.")


def test_an_official_arriving_is_still_a_visit(nlp):
    assert "travellers_not_visitors" not in dropped_by(nlp, "Iranian Foreign Minister Abbas Araghchi landed in Baghdad on Sunday.")


def test_a_warning_kept_up_for_weeks_in_a_relative_clause_does_not_swallow_the_act(nlp):
    text = "President Jalal Talabani, who had warned of the law's flaws for weeks, vetoed the elections law on Tuesday."
    assert "habitual_perfect" in dropped_by(nlp, text)
    report = nlp({"text": text, "published": "2024-02-10"})
    assert [e.type for e in report.events if e.certainty == "asserted"] == ["REJECT"]

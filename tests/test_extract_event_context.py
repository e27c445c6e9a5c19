"""Where an act happened when the sentence names no place of its own: a withdrawal of a bill or
a bid is its maker's act (the maker's country), a troop withdrawal leaves the place named before;
a capital that is the object of an attack verb is the place hit, and still stands for its state.
What a vote decided ("voted on Sunday to accept") is asserted; a plan to do it is not."""


def _events(nlp, text, etype):
    report = nlp({"text": text, "published": "2026-03-10"})
    return [e for e in report.events if e.type == etype]


def test_a_bill_withdrawn_is_placed_in_its_makers_country_not_an_earlier_place(nlp):
    (ev,) = _events(nlp, "U.S. officials met in Washington on Monday to discuss the bill. Prime Minister "
                         "Mohammed Shia al-Sudani withdrew the draft law from parliament on Tuesday.", "RETREAT")
    assert ev.location.country == "IQ"
    assert ev.location.name is None


def test_a_bid_withdrawn_by_a_named_agent_is_a_decision(nlp):
    (ev,) = _events(nlp, "Envoys gathered in Washington on Monday. The withdrawal by Prime Minister Mohammed "
                         "Shia al-Sudani of his own bid for a second term came on Tuesday.", "RETREAT")
    assert ev.location.country == "IQ"


def test_forces_withdrawing_leave_the_place_named_before(nlp):
    (ev,) = _events(nlp, "Turkish forces entered Zakho on Monday. Turkish forces withdrew on Wednesday.", "RETREAT")
    assert ev.location.name == "Zakho"


def test_a_capital_struck_is_the_place_and_its_state_the_target(nlp):
    (ev,) = _events(nlp, "Israeli aircraft struck Tehran on Friday.", "ASSAULT")
    assert (ev.location.name, ev.location.country) == ("Tehran", "IR")
    assert ev.target_actor is not None and ev.target_actor.name == "Iran"


def test_a_capital_addressed_is_still_no_place(nlp):
    report = nlp({"text": "Iran warned Washington on Friday against new sanctions.", "published": "2026-03-10"})
    assert not any(p.name == "Washington" for p in report.places)


def test_what_a_vote_decided_is_asserted_even_with_a_time_phrase_before_to(nlp):
    for text in ("BAGHDAD \u2014 Iraq's parliament voted on Sunday to accept the resignation of the prime minister.",
                 "BAGHDAD \u2014 Iraq's parliament voted unanimously to accept the resignation of the prime minister on Sunday."):
        (ev,) = _events(nlp, text, "AGREE")
        assert ev.certainty == "asserted"


def test_a_planned_vote_stays_hypothetical(nlp):
    (ev,) = _events(nlp, "BAGHDAD \u2014 Iraq's parliament plans to accept the resignation of the prime minister on Sunday.",
                    "AGREE")
    assert ev.certainty == "hypothetical"


def test_what_a_vote_decided_after_a_time_phrase_is_asserted(nlp):
    for text in ("Parliament voted within days to demand the departure of foreign troops.",
                 "Parliament voted again to demand the departure of foreign troops."):
        (e,) = _events(nlp, text, "REQUEST")
        assert e.certainty == "asserted", text

"""The named argument resolvers: each fires on an example of its case, and the whole chain
gives the expected source and target."""

from __future__ import annotations

import pytest

from marsad.extract import events as events_module


def decided(nlp, text: str):
    trace: list = []
    report = nlp({"text": text, "published": "2024-02-10"}, trace=trace)
    return report, {t[1] for t in trace if t[0] == "argument"}


FIRES = {
    "source:subject_is_target": "Raisi said on Monday that Israel would pay for the strike.",
    "source:statement_speaker": "The Iraqi foreign ministry condemned the strike on Monday.",
    "source:act_subject": "Kataib Hezbollah fired rockets at the base on Monday.",
    "source:modifier_author": "An Israeli strike near Homs killed two on Monday.",
    "source:demonym_weapon": "Iranian missiles struck Erbil on Monday.",
    "source:crowd_inside_trigger": "Thousands of Sadrist Movement supporters rallied in Baghdad on Monday.",
    "source:reporting_pronoun": "Muqtada al-Sadr spoke on Sunday. He said on Monday that he condemned the attack.",
    "source:pronoun_antecedent": "Kataib Hezbollah vowed revenge. On Monday it fired rockets at the base.",
    "target:possessive_person": "Muqtada al-Sadr returned on Monday. Gunmen attacked his convoy on Tuesday.",
    "target:object": "U.S. forces struck Kataib Hezbollah in al-Qaim on Monday.",
    "target:demonym_against": "Iran's foreign ministry warned on Monday against Israeli plotting in the region.",
    "target:victims_group": "Kataib Hezbollah fighters killed in Monday's airstrikes were buried.",
    "target:its_their_group": "Kataib Hezbollah vowed revenge. U.S. jets struck its bases on Monday.",
    "target:statement_act_author": "Iraq's foreign ministry deplored the strike by the United States on Saturday.",
    "source:weapon_launched_by": "In January 2024, a drone launched by Kataib Hezbollah killed three U.S. soldiers at Tower 22.",
    "source:object_relative_subject": "The U.S. Treasury on Wednesday imposed sanctions on Kataib Hezbollah, "
                                      "a group the United States designated a terrorist organisation in 2009.",
}


@pytest.mark.parametrize("resolver,text", FIRES.items())
def test_resolver_decides_its_example(nlp, resolver, text):
    _, fired = decided(nlp, text)
    assert resolver in fired


@pytest.mark.parametrize("text,source,target", [
    ("Iraqi troops were deployed to Sinjar on Monday.", "iraqi-security-forces", None),
    ("Muqtada al-Sadr gave his followers a deadline on Monday, and by nightfall they began pulling back.", None, None),
    ("Kataib Hezbollah facilities near al-Qaim were struck by U.S. forces on Friday.", "us-forces", "kataib-hezbollah"),
    ("Rockets hit Ain al-Asad air base, which hosts U.S. forces, on Monday.", None, "us-forces"),
    ("In 2020, Iran retaliated with missiles on Ain al-Asad.", "iran", None),
])
def test_chain_gives_source_and_target(nlp, text, source, target):
    report, _ = decided(nlp, text)
    acts = [e for e in report.events if e.certainty in ("asserted", "reported")]
    assert acts
    e = acts[0]
    if source is not None:
        assert e.source_actor is not None and e.source_actor.id == source
    if target is not None:
        assert e.target_actor is not None and e.target_actor.id == target


def test_every_resolver_is_named_and_documented_with_an_example():
    names = [n for n, _ in events_module.ARGUMENT_RESOLVERS]
    assert len(names) == len(set(names))
    assert all(n.split(":")[0] in ("source", "target") for n in names)
    for _, fn in events_module.ARGUMENT_RESOLVERS:
        assert fn.__doc__ and fn.__doc__.lstrip().startswith('"')


def test_resolvers_leave_arguments_alone_when_they_do_not_apply(nlp):
    # a bare act with no actor anywhere: no resolver may invent one
    report, fired = decided(nlp, "Rockets fell near the airport on Monday.")
    (e,) = [e for e in report.events if e.type == "ASSAULT"]
    assert e.source_actor is None and e.target_actor is None and fired == set()


def test_background_act_in_a_relative_clause_has_its_own_subject_and_object(nlp):
    report, _ = decided(nlp, "The U.S. Treasury on Wednesday imposed sanctions on Kataib Hezbollah, "
                             "a group the United States designated a terrorist organisation in 2009.")
    old = [e for e in report.events if e.date == "2009"]
    assert len(old) == 1
    assert old[0].source_actor.id == "united-states" and old[0].target_actor.id == "kataib-hezbollah"

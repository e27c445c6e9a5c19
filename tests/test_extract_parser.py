"""The optional dependency parse (``Pipeline(parser=True)``, extra ``parser``): its loader and error,
the tree helpers on parses of hand-written sentences, and the resolvers inside the pipeline."""

from __future__ import annotations

import pytest

from marsad.errors import ParserUnavailable
from marsad.extract import parse as parse_mod
from marsad.extract.actors import ActorHit
from marsad.extract.parse import DocParse
from marsad.extract.tree_arguments import (
    _apposed_person,
    coordinated_actors,
    noun_phrase_actor,
    verb_subject,
)


@pytest.fixture(scope="module")
def tree_nlp():
    from marsad.extract.pipeline import Pipeline

    return Pipeline(parser=True)


def parsed(text: str) -> DocParse:
    return DocParse(text, [(0, len(text))])


def hit(text: str, words: str, kind: str = "armed_group") -> ActorHit:
    at = text.index(words)
    return ActorHit(at, at + len(words), words.lower().replace(" ", "-"), words, kind, "alias")


def tok(tree: DocParse, text: str, word: str):
    return tree.token_at(text.index(word))


def test_token_at_maps_character_offsets_to_tokens():
    text = "The brigade shelled the village.\nIts commander later resigned."
    tree = DocParse(text, [(0, 32), (33, len(text))])
    t = tree.token_at(text.index("resigned") + 3)
    assert t.text == "resigned" and tree.start(t) == text.index("resigned")
    assert tree.token_at(text.index("\n")) is None


def test_verb_subject_reads_own_shared_and_relative_subjects():
    text = "The Falcon Brigade vowed to hit the depot, and the unit that fired the shells was disbanded."
    tree = parsed(text)
    subj, passive = verb_subject(tok(tree, text, "hit"))  # complement: the subject of "vowed"
    assert subj.text == "Brigade" and not passive
    subj, _ = verb_subject(tok(tree, text, "fired"))  # relative clause: its antecedent
    assert subj.text == "unit"
    subj, passive = verb_subject(tok(tree, text, "disbanded"))
    assert subj.text == "unit" and passive


def test_noun_phrase_actor_takes_the_head_a_modifier_or_an_of_from_complement():
    text = "Falcon Brigade fighters raided the town."
    tree = parsed(text)
    falcon = hit(text, "Falcon Brigade")
    assert noun_phrase_actor(tree, tok(tree, text, "fighters"), [falcon]) is falcon
    assert noun_phrase_actor(tree, tok(tree, text, "town"), [falcon]) is None
    text = "Gunmen from the Lion Front raided the town."
    tree = parsed(text)
    lion = hit(text, "Lion Front")
    assert noun_phrase_actor(tree, tok(tree, text, "Gunmen"), [lion]) is lion


def test_coordinated_actors_lists_every_conjunct_once():
    text = "The Falcon Brigade, the Lion Front and the Hawk Movement shelled the camp."
    tree = parsed(text)
    hits = [hit(text, w) for w in ("Falcon Brigade", "Lion Front", "Hawk Movement")]
    found = coordinated_actors(tree, tok(tree, text, "Brigade"), hits)
    assert [h.name for h in found] == ["Falcon Brigade", "Lion Front", "Hawk Movement"]


def test_a_person_in_apposition_to_a_role_is_the_actor():
    text = "The Lion Front's leader, Karim Haddad, met the envoy."
    tree = parsed(text)
    front, person = hit(text, "Lion Front"), hit(text, "Karim Haddad", "person")
    assert _apposed_person(tree, tok(tree, text, "leader"), [front, person]) is person
    assert noun_phrase_actor(tree, tok(tree, text, "leader"), [front, person]) is person


def test_coordinated_subjects_each_get_their_act_from_the_tree(tree_nlp):
    trace: list = []
    report = tree_nlp({"text": "Kataib Hezbollah fighters and Harakat al-Nujaba attacked U.S. forces in Erbil on Sunday.",
                       "published": "2024-01-10"}, trace=trace)
    acts = [(e.source_actor.name, e.target_actor.name) for e in report.events if e.type == "ASSAULT"]
    assert sorted(acts) == [("Harakat al-Nujaba", "U.S. forces"), ("Kataib Hezbollah", "U.S. forces")]
    assert ("argument", "source:tree_subject") in [t[:2] for t in trace]


def test_the_object_comes_from_the_tree_past_a_role_apposition(tree_nlp):
    trace: list = []
    report = tree_nlp({"text": "Iraqi security forces, whose commanders Kataib Hezbollah had threatened, arrested "
                               "Harakat al-Nujaba members in Basra on Monday.", "published": "2024-01-10"}, trace=trace)
    (arrest,) = [e for e in report.events if e.type == "COERCE"]
    assert arrest.source_actor.name == "Iraqi security forces" and arrest.target_actor.name == "Harakat al-Nujaba"
    assert ("argument", "target:tree_object") in [t[:2] for t in trace]


def test_the_default_pipeline_does_not_parse(nlp):
    assert nlp.parser is False


def test_a_missing_model_is_a_coded_error(monkeypatch):
    from marsad.extract.pipeline import Pipeline

    monkeypatch.setattr(parse_mod, "MODEL_PACKAGE", "marsad_no_such_model")
    with pytest.raises(ParserUnavailable) as err:
        Pipeline(parser=True)
    assert err.value.code == "E800" and "marsad[parser]" in str(err.value)


def test_cli_parser_flag_reports_a_missing_model(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    monkeypatch.setattr(parse_mod, "MODEL_PACKAGE", "marsad_no_such_model")
    doc = tmp_path / "a.txt"
    doc.write_text("Kataib Hezbollah fired rockets at U.S. forces on Sunday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(doc), "--parser"])
    assert result.exit_code != 0
    assert "E800" in result.output


def clause_for(text: str, trigger: str, hits: list[ActorHit], anaphoric: bool = False):
    """The parts of a clause record the tree resolvers read, for a noun trigger of an attack."""
    from types import SimpleNamespace

    from marsad.extract.pipeline import Pipeline

    at = text.index(trigger)
    c = SimpleNamespace(start=at, end=at + len(trigger), noun=True, entry={"type": "ASSAULT"}, anaphoric=anaphoric)
    return SimpleNamespace(tree=parsed(text), c=c, statement=False, ev=Pipeline()._c.events, hits=hits)


def test_an_act_noun_performed_by_a_verb_is_that_verbs_subjects_act():
    from marsad.extract.tree_arguments import _s_tree_governing_verb

    text = "Falcon Brigade fighters conducted a raid on the village."
    falcon = hit(text, "Falcon Brigade")
    assert _s_tree_governing_verb(clause_for(text, "raid", [falcon]), [], None) == ([falcon], None)
    text = "The Lion Front condemned a raid on the village."
    lion = hit(text, "Lion Front")
    assert _s_tree_governing_verb(clause_for(text, "raid", [lion]), [], None) == ([], None)
    text = "Falcon Brigade fighters described the raid as a success."
    falcon = hit(text, "Falcon Brigade")
    assert _s_tree_governing_verb(clause_for(text, "raid", [falcon], anaphoric=True), [], None) == ([], None)


def test_the_parser_setting_reaches_the_workbench_pipeline():
    from marsad.config import Settings
    from marsad.workbench import Workbench

    settings = Settings.load(env={"MARSAD_PARSER": "yes"})
    assert settings.parser is True
    assert Workbench(settings).pipeline.parser is True
    assert Settings.load(env={}).parser is False


def test_eval_with_the_parser_flag_scores_a_gold_document(tmp_path):
    import json

    from typer.testing import CliRunner

    from marsad.cli import app

    text = "Kataib Hezbollah fighters and Harakat al-Nujaba attacked U.S. forces in Erbil on Sunday."
    gold = {"events": [{"type": "ASSAULT", "date": "2024-01-07", "source_actor": "Kataib Hezbollah",
                        "target_actor": "U.S. forces", "evidence": text}],
            "actors": [], "claims": [], "relations": []}
    (tmp_path / "g.json").write_text(json.dumps({"id": "g", "text": text, "published": "2024-01-10", "gold": gold}),
                                     encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--json", "--parser"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] == 1 and scores["events"]["tp"] >= 1

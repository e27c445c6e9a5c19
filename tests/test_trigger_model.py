"""The statistical trigger model: features, training, validation, and its candidates in the
event stage (marsad.extract.trigger_model, event_lexicon.model_candidates)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.config import Settings
from marsad.errors import TriggerModelError
from marsad.extract.pipeline import Pipeline
from marsad.extract.trigger_model import (
    FORMAT,
    TriggerModel,
    load_model,
    resolve_model,
    sentence_features,
    train,
)

runner = CliRunner()

# A small gold corpus written for these tests: "cashier" (to dismiss from office) is a verb the
# event lexicon does not know; the model learns it from six documents.
_OFFICES = ["governor of Basra", "mayor of Kirkuk", "police chief of Mosul", "head of the customs authority",
            "director of the port", "commander of the border guards"]
_MONTHS = ["March", "April", "May", "June", "July", "August"]


def _gold_docs() -> list[dict]:
    docs = []
    for i, (office, month) in enumerate(zip(_OFFICES, _MONTHS, strict=True)):
        act = f"The cabinet cashiered the {office} on 3 {month} 2021."
        other = f"Officials in the province said the weather on {4 + i} {month} was mild."
        text = f"{act} {other}"
        docs.append({"id": f"t{i}", "published": f"2021-{_MONTHS.index(month) + 3:02d}-10", "text": text,
                     "gold": {"actors": [], "claims": [], "relations": [],
                              "events": [{"type": "SANCTION", "date": f"2021-{_MONTHS.index(month) + 3:02d}-03",
                                          "date_precision": "day", "evidence": act[:-1]}]}})
    return docs


@pytest.fixture(scope="module")
def small_model() -> TriggerModel:
    return TriggerModel(train(_gold_docs(), min_positive=3, sources=["tests"]))


def test_features_are_lemmas_and_neighbouring_pairs():
    assert sentence_features("Drones struck the base") == [
        "u:drone", "u:strike", "u:the", "u:base", "b:drone_strike", "b:strike_the", "b:the_base"]
    # each feature once, whatever its count
    assert sentence_features("strike after strike").count("u:strike") == 1


def test_training_learns_an_unknown_verb(small_model):
    data = train(_gold_docs(), min_positive=3, sources=["tests"])
    assert data["format"] == FORMAT and data["trained_on"] == ["tests"]
    assert list(data["types"]) == ["SANCTION"]
    assert data["sentences"] == 12
    unseen = "Last week the council cashiered the mayor of Najaf."
    assert small_model.scores(unseen)["SANCTION"] > 0.8
    assert small_model.likely_types(unseen) == ["SANCTION"]
    assert small_model.scores("The weather was mild in the province.")["SANCTION"] < 0.5
    word = small_model.trigger_word(unseen, "SANCTION")
    assert unseen[word.start:word.end] == "cashiered"


def test_training_skips_types_with_too_few_sentences():
    data = train(_gold_docs(), min_positive=7)
    assert data["types"] == {}


def test_trigger_word_is_never_a_name_or_function_word(small_model):
    # "Cashier" capitalised inside the sentence is a name, not the act
    assert small_model.trigger_word("The governor met Cashier in Basra.", "SANCTION") is None


def test_the_model_adds_an_event_the_lexicon_misses(small_model):
    doc = {"id": "x", "published": "2021-09-20", "text": "On 14 September 2021 the cabinet cashiered the governor of Najaf."}
    assert not [e for e in Pipeline(triggers="none")(doc).events if e.type == "SANCTION"]
    trace: list = []
    events = Pipeline(triggers=small_model)(doc, trace=trace).events
    sanction = [e for e in events if e.type == "SANCTION"]
    assert len(sanction) == 1 and sanction[0].date == "2021-09-14"
    assert any(t[0] == "trigger" and t[1] == "SANCTION.-:model" for t in trace)


def test_no_model_candidate_where_the_lexicon_found_the_type(small_model):
    doc = {"id": "y", "published": "2021-09-20",
           "text": "On 14 September 2021 the cabinet dismissed and cashiered the governor of Najaf."}
    trace: list = []
    Pipeline(triggers=small_model)(doc, trace=trace)
    assert not any(t[1].endswith(":model") for t in trace)
    assert any(t[0] == "trigger" and t[4] == "SANCTION" for t in trace)


@pytest.mark.parametrize("bad, message", [
    ({"format": "other"}, "not a trigger model"),
    ({"format": FORMAT, "types": {}}, "non-empty"),
    ({"format": FORMAT, "types": {"ASSAULT": {"bias": 0, "threshold": 0.5}}}, "weights"),
    ({"format": FORMAT, "types": {"ASSAULT": {"bias": 0, "threshold": 1.5, "weights": {}}}}, "threshold"),
    ({"format": FORMAT, "types": {"ASSAULT": {"bias": float("nan"), "threshold": 0.5, "weights": {}}}}, "bias"),
    ({"format": FORMAT, "types": {"ASSAULT": {"bias": 0, "threshold": 0.5, "weights": {"u:x": "big"}}}}, "weight"),
])
def test_bad_models_are_refused(bad, message):
    with pytest.raises(TriggerModelError, match=message) as e:
        TriggerModel(bad)
    assert e.value.code == "E810"


def test_model_files_missing_or_not_json(tmp_path):
    with pytest.raises(TriggerModelError, match="no trigger model"):
        load_model(str(tmp_path / "absent.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(TriggerModelError, match="not JSON"):
        load_model(str(bad))


def test_resolve_model_choices(tmp_path, small_model):
    assert resolve_model("none") is None and resolve_model(None) is None and resolve_model(False) is None
    assert resolve_model(small_model) is small_model
    bundled = resolve_model("bundled")
    assert isinstance(bundled, TriggerModel) and "ASSAULT" in bundled.types
    f = tmp_path / "m.json"
    f.write_text(json.dumps(small_model.data), "utf-8")
    assert list(resolve_model(str(f)).types) == ["SANCTION"]


def test_the_bundled_model_records_what_it_was_trained_on():
    data = load_model().data
    assert data["trained_on"] and data["sentences"] > 1000
    assert all(0 < v["threshold"] <= 1 for v in data["types"].values())


def test_settings_read_the_trigger_choice_from_the_environment():
    assert Settings.load(env={}).triggers == "bundled"
    assert Settings.load(env={"MARSAD_TRIGGERS": "none"}).triggers == "none"


def _gold_dir(tmp_path):
    d = tmp_path / "gold"
    d.mkdir()
    for doc in _gold_docs():
        (d / f"{doc['id']}.json").write_text(json.dumps(doc), "utf-8")
    return d


def test_cli_trains_a_model_that_extract_and_eval_use(tmp_path):
    gold = _gold_dir(tmp_path)
    model = tmp_path / "model.json"
    res = runner.invoke(app, ["train-triggers", str(gold), "-o", str(model), "--threshold", "0.6"])
    assert res.exit_code == 0, res.output
    data = json.loads(model.read_text("utf-8"))
    assert data["types"]["SANCTION"]["threshold"] == 0.6 and data["trained_on"] == ["gold"]
    note = tmp_path / "note.txt"
    note.write_text("On 14 September 2021 the cabinet cashiered the governor of Najaf.", "utf-8")
    out = runner.invoke(app, ["extract", str(note), "--published", "2021-09-20", "--triggers", str(model)])
    assert out.exit_code == 0, out.output
    assert any(e["type"] == "SANCTION" for e in json.loads(out.stdout.strip().splitlines()[-1])["events"])
    plain = runner.invoke(app, ["extract", str(note), "--published", "2021-09-20", "--triggers", "none"])
    assert not any(e["type"] == "SANCTION" for e in json.loads(plain.stdout.strip().splitlines()[-1])["events"])
    scored = runner.invoke(app, ["eval", str(gold), "--json", "--triggers", str(model)])
    assert scored.exit_code == 0 and json.loads(scored.stdout)["events"]["recall"] == 1.0


def test_cli_errors_are_clear(tmp_path):
    res = runner.invoke(app, ["train-triggers", str(tmp_path / "absent"), "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 1 and "no such file or directory" in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(app, ["train-triggers", str(empty), "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 1 and "no gold-annotated documents" in res.output
    bad = tmp_path / "bad.json"
    bad.write_text("[]", "utf-8")
    res = runner.invoke(app, ["eval", str(_gold_dir(tmp_path)), "--triggers", str(bad)])
    assert res.exit_code == 1 and "E810" in res.output

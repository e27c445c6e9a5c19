"""The pipeline with the built-in pack: API shapes, provenance of every span, speed, samples."""

from __future__ import annotations

import json
from pathlib import Path

import marsad
from marsad.extract.pipeline import EXTRACTOR, Pipeline, extract, pipe
from marsad.model import Document, Report
from marsad.ontology import PLOVER_TYPES

SAMPLES = Path(marsad.__file__).parent / "data" / "samples"


def _samples():
    return [json.loads(p.read_text("utf-8")) for p in sorted(SAMPLES.glob("s*.json"))]


def test_extract_accepts_document_dict_and_str():
    text = "Kataib Hezbollah fired rockets at Camp Taji on Sunday."
    for arg in (Document(id="a", text=text, published="2020-03-15"), {"id": "a", "text": text}, text):
        r = extract(arg)
        assert isinstance(r, Report) and r.extractor == EXTRACTOR
    reports = list(pipe([text, text]))
    assert len(reports) == 2 and reports[0].to_dict() == reports[1].to_dict()


def test_every_span_matches_text_on_samples(nlp):
    docs = _samples()
    assert docs
    for d in docs:
        r = nlp(d)
        assert r.check_spans(d["text"]) == [], d["id"]
        assert Report.from_json(r.to_json()) == r
        for e in r.events:
            assert e.type in PLOVER_TYPES
            assert e.certainty in ("asserted", "reported", "denied", "hypothetical")
        named = {a.id or a.name for a in r.actors}
        for e in r.events:
            for ref in (e.source_actor, e.target_actor):
                assert ref is None or (ref.id or ref.name) in named


def test_reports_validate_against_schema(nlp):
    from marsad.extract.schema import validate_report

    d = _samples()[0]
    assert not validate_report(nlp(d).to_dict())


def test_pipelines_share_the_compiled_pack(nlp):
    # speed is measured in bench/extract_throughput.py; here only that a second Pipeline() on the
    # same pack reuses the compiled automata and lexicons instead of rebuilding them
    assert Pipeline()._c is nlp._c

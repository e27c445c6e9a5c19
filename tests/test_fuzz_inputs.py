"""Property-based tests (hypothesis, bounded example counts): the readers never raise and never
yield a string a store cannot hold; extraction, called through its public function, never raises
and every span it reports reproduces the document text."""

from __future__ import annotations

import json
import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from marsad.ingest.readers import ReadFailure, clean_text, read_path
from marsad.model import Document

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text with everything that has hurt before: lone surrogates, NULs, controls, astral characters.
nasty_text = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF,
                                            exclude_categories=()), max_size=200)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {},
    optional={"id": st.one_of(nasty_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
              "text": st.one_of(nasty_text, st.integers(), st.none()),
              "published": st.one_of(st.just("2024-01-28"), st.just("2024-02-30"), nasty_text),
              "title": st.one_of(nasty_text, st.integers()), "source": nasty_text,
              "gold": json_value},
)
SUFFIXES = [".json", ".jsonl", ".txt", ".md", ".html", ".pdf", ".xyz"]


def check_items(items, path) -> None:
    assert items, "a file yields at least one document or failure"
    for x in items:
        assert isinstance(x, Document | ReadFailure)
        if isinstance(x, ReadFailure):
            assert "\n" not in x.reason and str(path.name) in x.path
            x.reason.encode("utf-8")
            continue
        for value in (x.id, x.text, x.title, x.source, x.url, x.path, x.published):
            if value is not None:
                value.encode("utf-8")  # no lone surrogate
                assert "\x00" not in value
        assert x.text.strip() and x.id


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_file(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    path.write_bytes(data)
    check_items(list(read_path(path, max_bytes=500)), path)


@FUZZ
@given(records=st.lists(st.one_of(record, json_value), min_size=1, max_size=5), lines=st.booleans())
def test_any_json_records(tmp_path_factory, records, lines):
    folder = tmp_path_factory.mktemp("fuzz")
    if lines:
        path = folder / "docs.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    else:
        path = folder / "docs.json"
        path.write_text(json.dumps(records), encoding="utf-8")
    items = list(read_path(path))
    check_items(items, path)
    good = [r for r in records if isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"].strip()
            and isinstance(r.get("id"), str | int | type(None)) and r.get("published") in (None, "", "2024-01-28")
            and isinstance(r.get("title"), str | type(None))]
    assert len([x for x in items if isinstance(x, Document)]) == len(good)


@settings(max_examples=60, deadline=None)
@given(nasty_text)
def test_clean_text_keeps_length_and_is_storable(text):
    out = clean_text(text)
    assert len(out) == len(text)
    out.encode("utf-8")
    assert "\x00" not in out
    assert all(a == b for a, b in zip(text, out, strict=True) if b != "\ufffd")


# Words the extraction stages react to, so that generated text reaches them.
WORDS = ["Kataib Hezbollah", "Ain al-Asad", "Baghdad", "rockets", "drone", "killed", "three", "on Sunday",
         "U.S. forces", "claimed", "responsibility", "attack", "1,000", "January 28, 2024", "Iran", "backs",
         "leader", "Erbil", "—", ".", ",", "\n\n", "(", ")", "\"", "Prime Minister", "PMF", "2024"]
prose = st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=string.printable, max_size=12)),
                 max_size=40).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(text=st.one_of(prose, st.text(max_size=300)),
       published=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_extract_never_raises_and_spans_hold(text, published):
    if not text.strip():
        return
    doc = {"id": "fuzz", "text": clean_text(text), "published": published}
    report = marsad.extract_report(doc)
    assert report.document.id == "fuzz"
    assert report.check_spans(doc["text"]) == []
    for ev in report.events:
        assert ev.date is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", ev.date)

"""Consistency checks for the bundled sample corpus (src/marsad/data/samples).

The samples are annotated by the same rules as the development corpus; these tests check that
every file is well formed and internally consistent, not that the annotation is "right".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import marsad
from marsad.ontology import PLOVER_TYPES

SAMPLES_DIR = Path(marsad.__file__).parent / "data" / "samples"
SAMPLE_FILES = sorted(SAMPLES_DIR.glob("s*.json"))

ACTOR_KINDS = {
    "armed_group",
    "state",
    "state_force",
    "party",
    "coalition",
    "person",
    "institution",
    "organization",
}
RELATION_TYPES = {"backs", "allied_with", "member_of", "part_of", "leads", "opposes"}
PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(paths):
    return [p.stem for p in paths]


def _parse_partial(value: str) -> dt.date:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD to the first day of the period it names."""
    parts = [int(x) for x in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def test_enough_samples():
    assert len(SAMPLE_FILES) >= 10, f"only {len(SAMPLE_FILES)} samples in {SAMPLES_DIR}"


def test_readme_lists_every_sample():
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for path in SAMPLE_FILES:
        assert path.name in readme, f"{path.name} missing from README.md"


def test_ids_unique():
    ids = [_load(p)["id"] for p in SAMPLE_FILES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=_ids(SAMPLE_FILES))
class TestSample:
    def test_top_level_fields(self, path):
        doc = _load(path)
        assert set(doc) == {"id", "title", "published", "source", "text", "gold"}
        assert doc["id"] == path.stem
        for key in ("title", "source", "text"):
            assert isinstance(doc[key], str) and doc[key].strip()
        assert set(doc["gold"]) == {"actors", "events", "claims", "relations"}

    def test_published_is_iso_date(self, path):
        published = _load(path)["published"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
        dt.date.fromisoformat(published)

    def test_length(self, path):
        words = len(_load(path)["text"].split())
        assert 150 <= words <= 400, words

    def test_actors(self, path):
        doc = _load(path)
        names = [a["name"] for a in doc["gold"]["actors"]]
        assert len(names) == len(set(names)), "duplicate canonical names"
        for actor in doc["gold"]["actors"]:
            assert actor["kind"] in ACTOR_KINDS, actor
            assert actor["aliases"], f"{actor['name']} has no alias"
            for alias in actor["aliases"]:
                assert alias in doc["text"], f"alias {alias!r} not in text"

    def test_events(self, path):
        doc = _load(path)
        text = doc["text"]
        names = {a["name"] for a in doc["gold"]["actors"]}
        published = dt.date.fromisoformat(doc["published"])
        assert doc["gold"]["events"], "no events"
        for event in doc["gold"]["events"]:
            assert event["type"] in PLOVER_TYPES, event["type"]
            assert isinstance(event["subtype"], str) and event["subtype"]
            assert event["evidence"] in text, f"evidence {event['evidence']!r} not in text"
            for role in ("source_actor", "target_actor"):
                actor = event[role]
                assert actor is None or actor in names, f"{role} {actor!r} not in actors"
            date = event["date"]
            if date is None:
                assert event["date_precision"] is None
            else:
                assert DATE_RE.match(date), date
                assert event["date_precision"] == PRECISION_BY_LENGTH[len(date)], event
                assert _parse_partial(date) <= published, f"event date {date} after publication"
            location = event["location"]
            assert set(location) == {"name", "admin1", "country"}
            assert location["country"] is None or COUNTRY_RE.match(location["country"])
            fatalities = event["fatalities"]
            assert fatalities is None or (isinstance(fatalities, int) and fatalities >= 0)

    def test_claims(self, path):
        doc = _load(path)
        for claim in doc["gold"]["claims"]:
            assert isinstance(claim["value"], (int, float)) and not isinstance(claim["value"], bool)
            assert isinstance(claim["unit"], str) and claim["unit"]
            assert claim["evidence"] in doc["text"], (
                f"claim evidence {claim['evidence']!r} not in text"
            )

    def test_relations(self, path):
        doc = _load(path)
        names = {a["name"] for a in doc["gold"]["actors"]}
        triples = set()
        for rel in doc["gold"]["relations"]:
            assert rel["type"] in RELATION_TYPES, rel["type"]
            assert rel["source"] in names, rel["source"]
            assert rel["target"] in names, rel["target"]
            assert rel["source"] != rel["target"]
            assert rel["evidence"] in doc["text"], (
                f"relation evidence {rel['evidence']!r} not in text"
            )
            triple = (rel["source"], rel["type"], rel["target"])
            assert triple not in triples, f"duplicate relation {triple}"
            triples.add(triple)

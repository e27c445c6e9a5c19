"""The actor stage's shortcuts (literal pre-filters, memoised skeletons) give exactly what the
plain full-text scans give."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from marsad.extract import actors as A
from marsad.extract.pipeline import Pipeline

SAMPLES = Path(A.__file__).resolve().parent.parent / "data" / "samples"

TRICKY = [
    "Gen. Kenneth McKenzie said. Lt. Gen. Ali Ahmed, a senior commander,\tand Maj.\u00a0Gen. Omar Said spoke.",
    "Former U.S. President Donald Trump ordered the strike; Iraqi Prime Minister Adil Abdul Mahdi objected.",
    "Razi Mousavi, a senior adviser in the Guards, was killed. Abu Fadak al-Mohammadawi, the militia leader, met.",
    "ſupporters of Muqtada al-Sadr and the mılitia; \u0130RAQ'S militia. U.S. forces and American troops.",
    "followers of the cleric Moqtada al-Sadr; the Iran-backed militia; the premier; security forces said.",
    "Kataib Hezbollah (KH) fighters; KH and Hizballah Brigades; Saraya Awliya al-Dam claimed it.",
    "  the  Iraqi   government\n\nIraqi officials said the army, the Iraqi army and Kurdish officials met.",
]


def _texts():
    out = []
    for f in sorted(SAMPLES.glob("*.json")):
        obj = json.loads(f.read_text("utf-8"))
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            out.append((obj["text"], obj.get("published")))
    return out + [(t, "2020-01-05") for t in TRICKY]


def _dump(h):
    return None if h is None else (h.start, h.end, h.id, h.name, h.kind, h.reason, h.country, h.text, h.role,
                                   _dump(h.via))


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


def test_prefilters_match_full_scans(pipe):
    c = pipe._c
    plain = dataclasses.replace(c.actor_comp, literals=None)
    for text, published in _texts():
        toks = A.tokenize(text)
        fast = A.find_actors(text, toks, c.actor_index, c.actor_comp, pipe.pack, published, None)
        slow = A.find_actors(text, A.tokenize(text), c.actor_index, plain, pipe.pack, published, None)
        assert [_dump(h) for h in fast] == [_dump(h) for h in slow], text[:80]


def test_skeleton_of_tokens_joins(pipe):
    for text, _ in _texts():
        toks = A.tokenize(text)
        joined = " ".join(toks.keys[i] for i in toks.skel_tok)
        assert toks.skel == A.skeleton(joined)
        assert toks.skel_pos == [m.start() for m in re.finditer(r"\S+", toks.skel)]

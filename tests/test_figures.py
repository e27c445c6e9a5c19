"""Conflicting figures: grouping by subject and period (not unit alone), disagreement kept."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from marsad.analysis.figures import (
    FIGURE_COLUMNS,
    FiguresError,
    compare,
    compare_claims,
    pack_seat_figures,
    subject_key,
)
from marsad.cli import app
from marsad.knowledge import KnowledgePack
from marsad.model import Claim, Document, DocumentInfo, Mention, Period, Report


def _fig(quantity, value, subject="s", unit="attacks", source="d", as_of=None):
    row = dict.fromkeys(FIGURE_COLUMNS)
    row.update(
        quantity=quantity, value=value, subject=subject, unit=unit, source=source, as_of=as_of
    )
    return row


def test_same_unit_different_quantities_stay_apart():
    df = pd.DataFrame(
        [
            _fig("attacks on u.s. forces|attacks|2023-10|", 170, source="a1"),
            _fig("attacks on u.s. forces|attacks|2023-10|", 150, source="a2"),
            _fig("attacks on kurdistan oil fields|attacks|2025-07|", 12, source="a3"),
        ]
    )
    out = compare(df)
    assert len(out) == 2  # the unit is the same, the quantities are not
    first = out.iloc[0]
    assert first["disagree"] and first["min_value"] == 150 and first["max_value"] == 170
    assert [f["value"] for f in first["figures"]] == [170, 150]  # both kept, never averaged
    assert not out.iloc[1]["disagree"]


def test_subject_key_spellings():
    assert subject_key("attacks on American forces") == subject_key("Attacks on U.S. forces")
    assert subject_key("the U.S. troops in Iraq") == subject_key("US forces in Iraq")
    assert subject_key("attacks on U.S. forces") != subject_key("attacks on Kurdish forces")


def test_pack_seat_figures_show_the_disagreements():
    pack = KnowledgePack.load()
    figs = pack_seat_figures(pack, "iraq-parliament-2025", "Sadiqoun")
    assert sorted(figs["value"]) == [27, 28]
    assert all(isinstance(s, str) and s for s in figs["source"])
    out = compare(pack_seat_figures(pack))
    assert out["disagree"].all() and (out["unit"] == "seats").all()
    kdp = out[out["subject"].str.contains("Kurdistan Democratic Party")].iloc[0]
    assert (kdp["min_value"], kdp["max_value"]) == (26, 27) and kdp["sources"] == 3


def _pair(doc_id, published, text, claims):
    doc = Document(id=doc_id, text=text, published=published, title=doc_id, source="desk")
    rep = Report(
        document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc_id, published=published),
        claims=claims,
        extractor="tests@1",
    )
    return doc, rep


def _claim(text, sub, value, subject, unit="attacks", period=None):
    i = text.index(sub)
    return Claim(value=value, unit=unit, subject=subject, period=period,
                 evidence=Mention(sub, i, i + len(sub)))  # fmt: skip


def test_store_claims_grouped_by_subject_and_period(store):
    t1 = "Militias have made 170 attacks on U.S. forces since October. Drones hit 12 oil fields."
    t2 = "Officials counted 150 attacks on U.S. forces since October 2023."
    t3 = "There were 40 attacks on U.S. forces in 2021."
    oct23 = Period("2023-10", None)
    store.ingest(
        [
            _pair("c1", "2024-01-28", t1, [
                _claim(t1, "170 attacks on U.S. forces since October", 170, "attacks on U.S. forces", period=oct23),
                _claim(t1, "12 oil fields", 12, "oil fields hit", unit="attacks"),
            ]),
            _pair("c2", "2024-01-29", t2, [
                _claim(t2, "150 attacks on U.S. forces since October 2023", 150, "attacks on U.S. forces",
                       period=oct23),
            ]),
            _pair("c3", "2022-01-10", t3, [
                _claim(t3, "40 attacks on U.S. forces in 2021", 40, "attacks on U.S. forces",
                       period=Period("2021", "2021")),
            ]),
        ]
    )  # fmt: skip
    out = compare_claims(store)
    values = sorted(sorted(f["value"] for f in q) for q in out["figures"])
    # the 2021 count is another period and the oil fields another subject: four figures, three quantities
    assert values == [[12.0], [40.0], [150.0, 170.0]]
    top = out.iloc[0]
    assert top["disagree"] and {f["doc_id"] for f in top["figures"]} == {"c1", "c2"}
    assert all(f["evidence"] for f in top["figures"])
    only = compare_claims(store, subject="oil")
    assert len(only) == 1 and only.iloc[0]["figures"][0]["value"] == 12


def test_errors_and_cli():
    with pytest.raises(FiguresError):
        compare_claims(None, None)
    res = CliRunner().invoke(app, ["analyze", "claims", "--subject", "Badr", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) == 1 and sorted(f["value"] for f in rows[0]["figures"]) == [18, 21]

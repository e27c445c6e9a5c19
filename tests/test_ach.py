"""Analysis of competing hypotheses: stored matrices, scores, versions and audit, on both backends."""

from __future__ import annotations

import csv
import io

import pytest

from marsad.analysis.ach import (
    AchError,
    add_hypothesis,
    create_matrix,
    link_evidence,
    list_matrices,
    load_matrix,
    rate,
    to_csv,
    version_snapshot,
    weight_of,
)
from marsad.errors import NotFound
from marsad.model import (
    ActorRef,
    Claim,
    Document,
    DocumentInfo,
    Event,
    Mention,
    PlaceRef,
    Relation,
    Report,
)

TEXT = (
    "Kataib Hezbollah announced a halt to attacks on U.S. forces. "
    "Officials counted 170 attacks on U.S. forces since October."
)


def _mention(sub):
    i = TEXT.index(sub)
    return Mention(sub, i, i + len(sub))


def _load(store):
    doc = Document(id="d1", text=TEXT, published="2024-02-01", title="d1", source="desk")
    rep = Report(
        document=DocumentInfo(id="d1", sha256=doc.sha256, title="d1", published="2024-02-01"),
        claims=[Claim(value=170, unit="attacks", subject="attacks on U.S. forces",
                      evidence=_mention("170 attacks on U.S. forces since October"))],
        relations=[Relation(ActorRef("kataib-hezbollah", "Kataib Hezbollah"), "opposes",
                            ActorRef("us-forces", "U.S. forces"),
                            _mention("Kataib Hezbollah announced a halt"), 0.6)],
        events=[Event(type="CONCEDE", date="2024-02-01", date_precision="day",
                      evidence=_mention("Kataib Hezbollah announced a halt to attacks on U.S. forces."),
                      location=PlaceRef(id=None, name="Iraq", admin1=None, country="IQ"),
                      source_actor=ActorRef("kataib-hezbollah", "Kataib Hezbollah"))],
        extractor="tests@1",
    )  # fmt: skip
    store.ingest([(doc, rep)])
    return store.claims().iloc[0]["id"], store.relations().iloc[0]["id"]


def test_weights():
    assert weight_of("A", 1) == 1.0 and weight_of("F", 6) == 0.25
    assert weight_of("B", 2) == pytest.approx(0.64) and weight_of(None, None) == 0.25


def test_matrix_round_trip(store):
    claim_id, rel_id = _load(store)
    m = create_matrix(store, "Why the pause?", "What explains the halt?", user="ana")
    h1 = add_hypothesis(store, m, "Iranian-ordered halt", user="ana")
    h2 = add_hypothesis(store, m, "Response to U.S. strikes", user="ana")
    h3 = add_hypothesis(store, m, "Baghdad's negotiation", user="ana")
    e1 = link_evidence(store, m, "claim", claim_id, user="ana")
    e2 = link_evidence(store, m, "relation", rel_id, weight=1.0, user="bo")
    e3 = link_evidence(
        store, m, "note", label="Tehran's envoy visited Baghdad", weight=0.5, user="bo"
    )
    for e, h, r in [(e1, h1, "C"), (e1, h2, "C"), (e1, h3, "C"),
                    (e2, h1, "II"), (e2, h2, "C"), (e2, h3, "I"),
                    (e3, h1, "cc"), (e3, h2, "I"), (e3, h3, "N")]:  # fmt: skip
        rate(store, m, e, h, r, user="ana")
    got = load_matrix(store, m)  # reload from the store
    assert got.version == 1 + 3 + 3 + 9
    hy = {h["id"]: h for h in got.hypotheses}
    # inconsistency: weight x 1 for I, x 2 for II
    assert hy[h1]["inconsistency"] == pytest.approx(2 * 1.0)
    assert hy[h2]["inconsistency"] == pytest.approx(0.5)
    assert hy[h3]["inconsistency"] == pytest.approx(1.0)
    assert [h["id"] for h in sorted(got.hypotheses, key=lambda h: h["rank"])] == [h2, h3, h1]
    ev = {e["id"]: e for e in got.evidence}
    w1 = ev[e1]["weight"]
    assert w1 == weight_of(ev[e1]["reliability"], ev[e1]["credibility"])
    assert ev[e1]["diagnosticity"] == 0  # consistent with everything: decides nothing
    assert ev[e2]["diagnosticity"] == pytest.approx(1.0 * 3)  # C (1) to II (-2)
    assert ev[e1]["doc_id"] == "d1" and "170 attacks" in ev[e1]["evidence_text"]
    assert ev[e3]["ratings"][h1] == "CC"
    # versions and audit
    snap = version_snapshot(store, m, 4)  # after the three hypotheses, before any evidence
    assert len(snap["evidence"]) == 0 and len(snap["hypotheses"]) == 3
    audit = store.audit(m, limit=100)
    assert len(audit) == got.version and set(audit["user"]) == {"ana", "bo"}
    assert [r["id"] for r in list_matrices(store)] == [m]
    # re-rating replaces the cell
    rate(store, m, e2, h1, "N", user="ana")
    again = load_matrix(store, m)
    assert {h["id"]: h for h in again.hypotheses}[h1]["inconsistency"] == 0
    rows = list(csv.reader(io.StringIO(to_csv(again))))
    assert rows[0][-3:] == [
        "Iranian-ordered halt",
        "Response to U.S. strikes",
        "Baghdad's negotiation",
    ]
    assert rows[-1][0] == "inconsistency" and float(rows[-1][-2]) == pytest.approx(0.5)


def test_bad_requests(store):
    m = create_matrix(store, "M", user="ana")
    h = add_hypothesis(store, m, "H", user="ana")
    e = link_evidence(store, m, "note", label="n", user="ana")
    other = create_matrix(store, "Other", user="ana")
    with pytest.raises(AchError):
        rate(store, m, e, h, "maybe", user="ana")
    with pytest.raises(AchError):
        rate(store, other, e, h, "C", user="ana")
    with pytest.raises(AchError):
        create_matrix(store, " ", user="ana")
    with pytest.raises(AchError):
        add_hypothesis(store, m, "H2", user="")
    with pytest.raises(AchError):
        link_evidence(store, m, "rumour", "x", user="ana")
    with pytest.raises(NotFound):
        link_evidence(store, m, "claim", "no-such-claim", user="ana")
    with pytest.raises(NotFound):
        load_matrix(store, "ach-nope")
    assert load_matrix(store, m).version == 3  # refused changes left no version behind


def test_event_evidence_brings_its_document(store):
    _load(store)
    event_id = store.events().iloc[0]["id"]
    m = create_matrix(store, "M", user="ana")
    e = link_evidence(store, m, "event", event_id, user="ana")
    item = {x["id"]: x for x in load_matrix(store, m).evidence}[e]
    assert item["doc_id"] == "d1" and "announced a halt" in item["evidence_text"]
    assert item["label"].startswith("CONCEDE") and item["weight"] > 0

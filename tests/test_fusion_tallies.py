"""Source tallies: an event that gains sources updates its confidence and independent sources from
its tallies (``store/fusion/tallies.py``, migration 17) plus the new sources. Whatever the batching,
and after splits, merges and their undos, the events equal a full recomputation and the tallies
equal the aggregate of the event's sources (both backends)."""

from __future__ import annotations

import pandas as pd
import pytest

from marsad.markings import RANK
from marsad.model import ActorRef, Document, DocumentInfo, Event, Mention, PlaceRef, Report
from marsad.store.columns import FUSION_PLACE_KEY, SOURCE_TALLIES
from marsad.store.fusion import tallies as tl

ASAD = PlaceRef(id="ain-al-asad", name="Ain al-Asad", admin1="Al-Anbar", country="IQ", lat=33.8, lon=42.44)
FAR = PlaceRef(id="tikrit", name="Tikrit", admin1="Salah al-Din", country="IQ", lat=34.6, lon=43.68)
# Each outlet's sentence: the first two outlets (one of them under two spellings) print near-duplicate
# copy, the other two their own; so the sources form three independent clusters.
TEXTS = {
    "Wire A": "Drones struck the Ain al-Asad base early on Sunday, officials said.",
    "wire a": "Drones struck the Ain al-Asad base early on Sunday, officials said.",
    "Daily": "Drones struck the Ain al-Asad base early Sunday, officials said.",
    "Radio B": "Kataib Hezbollah said its fighters sent drones against the base in Anbar.",
    "Local Desk": "Residents near the air base heard several explosions before dawn.",
}
OUTLETS = list(TEXTS)
CONFIDENCES = (0.7, 0.55, 0.9)
COLS = ("id", "type", "mode", "date", "place_id", "place_name", "admin1", "country", "source_actor_id",
        "target_actor_id", "fatalities", "confidence", "corroboration", "first_reported", "first_document",
        "fused_from", "evidence_text", "independent_sources", "admin1_key", "place_key", "day_lo", "day_hi",
        "status", "tlp_lo", "tlp_hi")


def report(doc_id, i, outlet=None, place=ASAD, tlp=None, fatalities=None):
    """The ``i``-th report of one drone attack: outlet, sentence, confidence, date and publication
    vary with ``i``."""
    outlet = outlet or OUTLETS[i % len(OUTLETS)]
    text = TEXTS[outlet] if place is ASAD else "Drones hit a checkpoint near Tikrit on Saturday."
    published = f"2024-02-{1 + i % 20:02d}"
    doc = Document(id=doc_id, text=text, published=published, title=doc_id, source=outlet, tlp=tlp)
    e = Event(type="ASSAULT", mode="drone", date="2024-01-28" if i % 4 else "2024-01-29", date_precision="day",
              evidence=Mention(text, 0, len(text)), location=place, source_actor=ActorRef("kataib-hezbollah", "Kataib Hezbollah"),
              target_actor=ActorRef("us-forces", "U.S. forces"), confidence=CONFIDENCES[i % 3], fatalities=fatalities)
    rep = Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc_id, published=published),
                 events=[e], extractor="tests@1")
    return doc, rep


def many(n, prefix="m"):
    return [report(f"{prefix}{i:02d}", i) for i in range(n)]


def events(store) -> list[dict]:
    return store._dicts(f"SELECT {', '.join(COLS)} FROM events ORDER BY id")


def stored_tallies(store) -> list[tuple]:
    return sorted(((r["event_id"], r["outlet"], r["evidence_text"], r["confidence"], int(r["n"]))
                   for r in store._dicts("SELECT * FROM source_tallies")), key=repr)


def aggregate(store) -> list[tuple]:
    """What the tallies must be: the event's sources grouped by outlet, sentence and confidence."""
    return sorted(((r["event_id"], r["outlet"], r["evidence_text"], r["confidence"], int(r["n"])) for r in store._dicts(
        "SELECT s.event_id, d.source AS outlet, s.evidence_text, s.confidence, count(*) AS n FROM event_sources s "
        "JOIN documents d ON d.id = s.doc_id GROUP BY s.event_id, d.source, s.evidence_text, s.confidence")), key=repr)


def assert_consistent(store) -> list[dict]:
    """Tallies equal the sources' aggregate, and a full recomputation changes no events row."""
    assert stored_tallies(store) == aggregate(store)
    rows = events(store)
    with store._tx():
        store._recompute_events([r["id"] for r in rows])
    assert events(store) == rows
    assert stored_tallies(store) == aggregate(store)
    return rows


def test_tallies_are_the_inputs_of_confidence_and_independence():
    srcs = [{"doc_id": f"d{i}", "outlet": OUTLETS[i % 5], "evidence_text": TEXTS[OUTLETS[i % 5]],
             "confidence": CONFIDENCES[i % 3]} for i in range(30)]
    t = tl.tally(srcs[10:], into=tl.tally(srcs[:10]))
    assert t == tl.tally(srcs) and sum(t.values()) == 30 and len(t) == 15
    assert tl.confidence_counts(t) == {0.7: 10, 0.55: 10, 0.9: 10}
    from marsad.store.fusion import independent_count

    assert independent_count(tl.outlet_evidence(t)) == independent_count(srcs) == 3


def test_a_many_source_event_is_the_same_in_any_batching(each_batching):
    """30 reports of one attack, in batches of 1, 2, 3 and all at once: one event with the same
    values, counts, confidence, independence and fused_from; its tallies hold a row per distinct
    (outlet, sentence, confidence), not per source."""
    def read(s):
        rows = assert_consistent(s)
        assert len(stored_tallies(s)) == 15  # 5 outlets x 3 confidences, for 30 sources
        return rows

    results = each_batching(many(30), read, prepare=lambda s: s.grade_source("Radio B", "B", user="ana"))
    ev = results[0]
    assert len(ev) == 1 and ev[0]["corroboration"] == 30 and ev[0]["independent_sources"] == 3
    assert ev[0]["first_reported"] == "2024-02-01"
    for other in results[1:]:
        assert other == results[0]


def test_split_merge_and_undo_after_incremental_adds(store):
    for d in many(12):  # one batch each: all but the first take the incremental path
        store.ingest([d])
    eid = store.events(limit=10)["id"].iloc[0]
    before = assert_consistent(store)
    r = store.split(eid, ["m03", "m08"], user="ana")  # both Radio B
    rows = {e["id"]: e for e in assert_consistent(store)}
    assert rows[eid]["corroboration"] == 10 and rows[r["new_event_id"]]["corroboration"] == 2
    assert rows[eid]["independent_sources"] == 2 and rows[r["new_event_id"]]["independent_sources"] == 1
    store.undo(r["audit_id"], user="ana")
    assert assert_consistent(store) == before
    # a second event, merged into the first after more incremental adds, then unmerged
    store.ingest([report("f1", 1, place=FAR)])
    store.ingest([report("f2", 2, place=FAR)])
    for d in many(4, prefix="n"):
        store.ingest([d])
    grown = assert_consistent(store)
    gone = next(e["id"] for e in grown if e["id"] != eid)
    audit_id = store.merge("event", eid, gone, user="ana")
    merged = {e["id"]: e for e in assert_consistent(store)}
    assert merged[eid]["corroboration"] == 18
    store.undo(audit_id, user="ana")
    assert assert_consistent(store) == grown


def test_markings_of_mixed_sources_in_any_batching(each_batching):
    marks = ["CLEAR", "GREEN", None, "AMBER", "GREEN", None]
    docs = [report(f"k{i}", i, tlp=m) for i, m in enumerate(marks)]
    def read(s):
        rows = assert_consistent(s)
        assert [(r["tlp_lo"], r["tlp_hi"]) for r in rows] == [(RANK["CLEAR"], RANK["AMBER"])]
        s.ingest([report("k9", 9, tlp="RED")])  # one more source, more restrictive: incremental
        s.mark_documents({"k0": "GREEN", "k2": "GREEN", "k5": "GREEN"})  # no CLEAR source left
        rows = assert_consistent(s)
        assert [(r["tlp_lo"], r["tlp_hi"]) for r in rows] == [(RANK["GREEN"], RANK["RED"])]
        assert s.cleared("AMBER").events(limit=10).empty is False
        return rows

    results = each_batching(docs, read)
    for other in results[1:]:
        assert other == results[0]


def test_migration_and_bulk_loads_fill_the_tallies(store_location):
    old = store_location.open(target_version=FUSION_PLACE_KEY)
    for d in many(6):
        old.ingest([d])
    old.close()
    new = store_location.open()
    assert new.schema_version >= SOURCE_TALLIES
    assert len(stored_tallies(new)) == 6 and stored_tallies(new) == aggregate(new)
    before = assert_consistent(new)
    # sources loaded in bulk (an importer's path) get their event's tallies too
    eid = before[0]["id"]
    new.ingest([report("x1", 7)])
    row = new._dicts("SELECT * FROM event_sources WHERE doc_id = 'x1'")[0]
    with new._tx():
        new._exec("DELETE FROM event_sources WHERE doc_id = 'x1'")
        new._exec("DELETE FROM source_tallies")
    new.insert_frame("event_sources", pd.DataFrame([row], dtype=object))
    assert stored_tallies(new) != [] and stored_tallies(new) == aggregate(new)
    assert assert_consistent(new)[0]["id"] == eid


@pytest.mark.parametrize("n", [1, 7])
def test_an_event_of_bulk_loaded_sources_grows_like_an_ingested_one(store_location, n, tmp_path):
    """Sources loaded without fusion, then documents ingested into their event: the incremental
    path reads the tallies the bulk load wrote and agrees with a full recomputation."""
    s = store_location.open()
    s.ingest(many(n))
    src = s._dicts("SELECT * FROM event_sources ORDER BY doc_id")
    with s._tx():
        s._exec("DELETE FROM event_sources")
        s._exec("DELETE FROM source_tallies")
    s.insert_frame("event_sources", pd.DataFrame(src, dtype=object))
    for d in many(5, prefix="z"):
        s.ingest([d])
    rows = assert_consistent(s)
    assert len(rows) == 1 and rows[0]["corroboration"] == n + 5

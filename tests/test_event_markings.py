"""Stored markings of events (migration 13): ``tlp_lo`` and ``tlp_hi``, the ranks of the least and
the most restrictive marking among an event's source documents, stay equal to a recomputation from
the sources after every write that changes an event's sources or a document's marking: ingest,
fusion, merge, split, undo, revisions, marking changes, deletes and bulk loads, on each backend.
Reads below RED rely on them (``store/queries/visibility.py``)."""

from __future__ import annotations

import io
import json

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq

from marsad.interop.exports import chunks, export
from marsad.markings import RANK
from marsad.store import EventFilter
from marsad.store.columns import EVENT_TABLE_COLUMNS
from test_api import T2, corpus, make_pair, small_pack

MARKS = {"rep-1": "GREEN", "rep-2": "RED", "rep-3": "AMBER"}


def marked(pairs, marks=MARKS):
    for doc, _ in pairs:
        doc.tlp = marks.get(doc.id)
    return pairs


def stored_spans(store) -> dict[str, tuple]:
    return {r["id"]: (r["tlp_lo"], r["tlp_hi"]) for r in store._dicts("SELECT id, tlp_lo, tlp_hi FROM events")}


def recomputed_spans(store) -> dict[str, tuple]:
    """Each event's (least, most) restrictive source marking, from its sources' documents now."""
    ranks: dict[str, list[int]] = {}
    for r in store._dicts("SELECT s.event_id, d.tlp FROM event_sources s JOIN documents d ON d.id = s.doc_id"):
        ranks.setdefault(r["event_id"], []).append(RANK[r["tlp"]])
    ids = [r["id"] for r in store._dicts("SELECT id FROM events")]
    return {e: (min(ranks[e]), max(ranks[e])) if e in ranks else (None, None) for e in ids}


def assert_spans_right(store) -> dict[str, tuple]:
    got = stored_spans(store)
    assert got == recomputed_spans(store)
    return got


def fused_id(store) -> str:
    return next(e for e in store.events()["id"] if len(store.event(e)["sources"]) == 2)


def test_ingest_and_fusion_store_each_events_marking_span(store):
    store.load_pack(small_pack())
    store.ingest(marked(corpus()[:1]))
    (only,) = store.events()["id"]
    assert assert_spans_right(store)[only] == (RANK["GREEN"], RANK["GREEN"])
    store.ingest(marked(corpus()[1:]))  # rep-2 (RED) fuses into rep-1's event: the incremental path
    spans = assert_spans_right(store)
    assert spans[fused_id(store)] == (RANK["GREEN"], RANK["RED"])
    assert sorted(spans.values()) == [(1, 4), (2, 2), (2, 2)]


def test_merge_split_and_undo_keep_the_spans_right(store):
    store.load_pack(small_pack())
    store.ingest(marked(corpus()))
    ev = fused_id(store)
    split = store.split(ev, ["rep-2"], user="ana")
    spans = assert_spans_right(store)
    assert spans[ev] == (1, 1) and spans[split["new_event_id"]] == (4, 4)
    assert store.cleared("GREEN").events(limit=10)["id"].tolist() == [ev]
    store.undo(split["audit_id"], user="ana")
    assert assert_spans_right(store)[ev] == (1, 4)
    amber = next(e for e in store.events()["id"] if e != ev and store.event(e)["type"] == "ASSAULT")
    audit = store.merge("event", ev, amber, user="ana")
    spans = assert_spans_right(store)
    assert spans[ev] == (1, 4) and spans[amber] == (None, None)  # merged away: seen through the kept event
    assert store.events(EventFilter(status="merged"))["id"].tolist() == [amber]
    assert store.cleared("AMBER").events(EventFilter(status="merged")).empty
    store.undo(audit, user="ana")
    spans = assert_spans_right(store)
    assert spans[ev] == (1, 4) and spans[amber] == (2, 2)


def test_marking_changes_revisions_and_deletes_keep_the_spans_right(store):
    store.load_pack(small_pack())
    store.ingest(marked(corpus()))
    ev = fused_id(store)
    store.ingest(marked(corpus(), {**MARKS, "rep-2": "AMBER"}))  # unchanged texts, a new marking
    assert assert_spans_right(store)[ev] == (1, 2)
    assert store.mark_documents({"rep-1": "CLEAR", "rep-3": "RED"}) == 2
    spans = assert_spans_right(store)
    assert spans[ev] == (0, 2) and sorted(spans.values()) == [(0, 2), (4, 4), (4, 4)]
    # a revision of rep-2 that no longer reports the attack: its source leaves the fused event
    revised = make_pair("rep-2", "2024-01-30", "Tower 22 attack claimed", T2 + " Updated.")
    revised[0].tlp = "RED"
    store.ingest([revised])
    spans = assert_spans_right(store)
    assert spans[ev] == (0, 0)
    # a revision of rep-3 without events deletes the events only it reported
    store.ingest([make_pair("rep-3", "2024-02-04", "U.S. strikes in western Iraq", "Nothing left to report.")])
    assert list(assert_spans_right(store)) == [ev]


def test_bulk_loads_set_the_spans(store):
    docs = pd.DataFrame([{"id": f"b{i}", "sha256": f"h{i}", "revision": 1, "text": "x", "tlp": t,
                          "ingested_at": pd.Timestamp("2024-01-01"), "reliability": "C"}
                         for i, t in enumerate(["GREEN", "AMBER", "RED"])])
    ev = {c: None for c in EVENT_TABLE_COLUMNS}
    ev.update(id="e0", type="ASSAULT", status="draft", credibility=6, corroboration=2)
    srcs = pd.DataFrame([{"doc_id": d, "ordinal": 0, "event_id": "e0", "type": "ASSAULT", "evidence_start": 0,
                          "evidence_end": 1, "evidence_text": "x"} for d in ("b0", "b1")])
    store.insert_frame("documents", docs.iloc[:2])
    store.insert_frame("events", pd.DataFrame([ev]))
    assert assert_spans_right(store) == {"e0": (None, None)}  # no sources yet: nobody below RED sees it
    store.insert_frame("event_sources", srcs)
    assert assert_spans_right(store) == {"e0": (1, 2)}
    assert store.cleared("GREEN").count_events() == 1 and store.cleared("CLEAR").count_events() == 0
    store.insert_frame("event_sources", srcs.iloc[:1].assign(doc_id="b2"))  # a source whose document comes later
    assert assert_spans_right(store) == {"e0": (1, 2)}
    store.insert_frame("documents", docs.iloc[2:])  # a document loaded after its source
    assert assert_spans_right(store) == {"e0": (1, 4)}


def test_migration_fills_the_spans_of_an_existing_store(store_location):
    old = store_location.open(target_version=12)
    old.load_pack(small_pack())
    old.ingest(marked(corpus()))
    old.close()
    new = store_location.open()
    assert new.schema_version >= 13
    spans = assert_spans_right(new)
    assert sorted(spans.values()) == [(1, 4), (2, 2), (2, 2)]
    assert len(new.cleared("GREEN").events(limit=10)) == 1 and len(new.cleared("AMBER").events(limit=10)) == 3


# --------------------------------------------------------------------------- exports of mixed events


def mixed_store(store):
    """rep-1 (GREEN) and rep-2 (RED) report one attack; only the RED report names its target and
    counts seven dead, so the stored event has both, and a GREEN reader sees neither."""
    pairs = corpus()[:2]
    pairs[0][0].tlp, pairs[1][0].tlp = "GREEN", "RED"
    pairs[0][1].events[0].target_actor = None
    pairs[1][1].events[0].fatalities = 7
    store.load_pack(small_pack())
    store.ingest(pairs)
    (fused,) = store.events()["id"]
    full = store.event(fused)
    assert (full["target_actor_id"], full["fatalities"], full["corroboration"]) == ("us-forces", 7, 2)
    low = store.cleared("GREEN").event(fused)
    assert (low["target_actor_id"], low["fatalities"], low["corroboration"]) == (None, 3, 1)
    return fused


def text_export(store, fmt, f=None):
    return "".join(chunks(store, fmt, f))


def test_exports_below_red_select_mixed_events_by_their_visible_values(store, tmp_path):
    fused = mixed_store(store)
    green = store.cleared("GREEN")
    for f in (EventFilter(min_corroboration=2), EventFilter(actor="us-forces")):
        assert green.count_events(f) == 0 and store.count_events(f) == 1
        for fmt in ("acled", "stix", "geojson"):
            assert fused in text_export(store, fmt, f), (fmt, f)
            assert fused not in text_export(green, fmt, f), (fmt, f)
        assert export(green, "parquet", tmp_path / "g", f)["events"] == 0
        assert export(store, "parquet", tmp_path / "r", f)["events"] == 1
    # selected by what the reader sees, written as the reader sees it
    counts = export(green, "parquet", tmp_path / "all")
    assert counts["events"] == 1
    row = pq.read_table(tmp_path / "all" / "events").to_pylist()[0]
    assert (row["target_actor_id"], row["fatalities"], row["corroboration"]) == (None, 3, 1)
    assert (row["tlp_lo"], row["tlp_hi"]) == (RANK["GREEN"], RANK["GREEN"])  # not a hint of a RED source
    by_admin1 = json.loads(text_export(green, "geojson-admin1"))
    assert [ft["properties"].get("fatalities") for ft in by_admin1["features"] if ft["properties"].get("events")] \
        in ([3], [])


def test_graphml_below_red_links_only_the_actors_the_reader_sees(store):
    mixed_store(store)
    red = nx.read_graphml(io.StringIO(text_export(store, "graphml")), force_multigraph=True)
    green = nx.read_graphml(io.StringIO(text_export(store.cleared("GREEN"), "graphml")), force_multigraph=True)

    def co_events(g):
        return {tuple(sorted((u, v))) for u, v, d in g.edges(data=True) if d.get("type") == "co_event"}

    assert co_events(red) == {("kataib-hezbollah", "us-forces")}
    assert co_events(green) == set()
    assert "us-forces" not in green.nodes


# --------------------------------------------------------------------------- Parquet loads


def spark_output(out, pairs, column=None):
    """A 'marsad spark extract' output directory holding ``pairs`` in its reports dataset (the
    job's schema), with a ``tlp`` column when ``column`` gives one per document."""
    import pyarrow as pa

    rows = {"doc_id": [], "published": [], "path": [], "document": [], "report": [], "month": []}
    for doc, rep in pairs:
        rows["doc_id"].append(doc.id)
        rows["published"].append(doc.published)
        rows["path"].append(doc.path)
        rows["document"].append(json.dumps(doc.to_dict()))
        rows["report"].append(rep.to_json())
        rows["month"].append((doc.published or "unknown")[:7])
    if column is not None:
        rows["tlp"] = [column.get(doc.id) for doc, _ in pairs]
    pq.write_to_dataset(pa.table(rows), str(out / "reports"), partition_cols=["month"])
    return out


def test_parquet_ingest_carries_markings_from_records_a_column_and_the_option(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.store import open_store

    pairs = corpus()
    pairs[1][0].tlp = "RED"  # a record's own field, kept in the document JSON by the job
    out = spark_output(tmp_path / "out", pairs, column={"rep-3": "AMBER"})
    db = str(tmp_path / "kb.duckdb")
    r = CliRunner().invoke(app, ["ingest", "--parquet", str(out), "--tlp", "GREEN", "--db", db])
    assert r.exit_code == 0, r.output
    with open_store(db) as s:
        assert dict(s.documents()[["id", "tlp"]].values.tolist()) == {"rep-1": "GREEN", "rep-2": "RED", "rep-3": "AMBER"}
        spans = assert_spans_right(s)
        assert sorted(spans.values()) == [(1, 4), (2, 2), (2, 2)]
        assert len(s.cleared("GREEN").events()) == 1
    plain = spark_output(tmp_path / "plain", corpus())  # no column, no option: the store's default
    db2 = str(tmp_path / "plain.duckdb")
    assert CliRunner().invoke(app, ["ingest", "--parquet", str(plain), "--db", db2]).exit_code == 0
    with open_store(db2) as s:
        assert set(s.documents()["tlp"]) == {"CLEAR"}
    bad = spark_output(tmp_path / "bad", corpus()[:1], column={"rep-1": "PURPLE"})
    r = CliRunner().invoke(app, ["ingest", "--parquet", str(bad), "--db", str(tmp_path / "bad.duckdb")])
    assert r.exit_code == 1 and "E720" in r.output and "rep-1" in r.output

"""Blocking and incremental re-fusion: the database probes and the in-memory candidate index leave
out no stored event that scoring could fuse with a report (checked against every pair of a grid of
constructed events and reports), the probes are bounded ranges, and the counts of an event that
gains sources equal a full recomputation (both backends)."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date, timedelta

from marsad.model import ActorRef, Document, DocumentInfo, Event, Mention, PlaceRef, Report
from marsad.store import fuse as fz
from marsad.store import fusion
from marsad.store.columns import FUSION_BLOCKING, FUSION_PLACE_KEY
from marsad.store.filters import day_range
from marsad.store.fusion import blocking
from marsad.store.fusion.assign import (
    CandidateIndex,
    best_candidate,
    may_have_specific,
    names_no_known_actor,
)
from marsad.store.fusion.score import features
from marsad.store.migrations import MIGRATIONS
from marsad.text import name_key

AFF = fz.AffiliationIndex.build([
    {"source": "kataib-hezbollah", "type": "member_of", "target": "islamic-resistance-in-iraq",
     "start_date": "2023-10", "end_date": None},
], types=fusion.ACTOR_LINKS)

TYPES = ("ASSAULT", "COERCE", "PROTEST")
DATES = ("2024-01-28", "2024-01-31", "2024-02-01", "2024-01-24", "2024-01", "2024", "2023-12-31", None)
PLACES = (  # place_id, place_name, admin1, country, lat, lon
    ("ain-al-asad", "Ain al-Asad", "Al-Anbar", "IQ", 33.8, 42.44),
    ("ramadi", "Ramadi", "Anbar", "IQ", 33.42, 43.3),  # another spelling of the same governorate
    ("baghdad", "Baghdad", "Baghdad", "IQ", 33.31, 44.36),
    ("ain-al-asad", "Ain al-Asad", "Baghdad", "IQ", None, None),  # same place, governorate edited
    (None, "Al-Anbar", "Al-Anbar", "IQ", None, None),  # the governorate itself
    (None, None, None, "IQ", None, None),  # the country only
    (None, None, None, None, None, None),  # no place
    ("amman", "Amman", "Amman", "JO", 31.95, 35.93),
    (None, "Ain al-Asad", None, "IQ", None, None),  # a name only
    (None, "Ain al-Asad", "Baghdad", "IQ", None, None),  # a name in another governorate
)
SOURCES = ("kataib-hezbollah", "islamic-resistance-in-iraq", "us-forces", "unk-gunmen", None)
TARGETS = ("us-forces", None)
EVIDENCE = ("A drone struck the Ain al-Asad air base on Sunday.", "Protesters gathered outside the ministry.", None)
PLACE_COLS = ("place_id", "place_name", "admin1", "country", "lat", "lon")


def grid_row(i, t, d, place, src, tgt):
    row = {"type": t, "date": d, **dict(zip(PLACE_COLS, place, strict=True)), "source_actor_id": src,
           "target_actor_id": tgt, "mode": "drone" if i % 3 else None, "fatalities": (None, 1, 4)[i % 3],
           "evidence_text": EVIDENCE[i % 3]}
    return row


def grid_events() -> list[dict]:
    out = []
    combos = itertools.product(TYPES, DATES, PLACES, SOURCES, TARGETS)
    for i, (t, d, place, src, tgt) in enumerate(combos):
        out.append(dict(grid_row(i, t, d, place, src, tgt), id=f"ev-grid-{i:05d}", status="draft", corroboration=1))
    return out


def grid_reports(n: int = 160) -> list[dict]:
    """A seeded sample of ``n`` reports from the grid of report kinds."""
    combos = itertools.product(("ASSAULT", "COERCE"), ("2024-01-28", "2024-01", "2024-01-03", None), PLACES,
                               SOURCES, TARGETS)
    reports = [dict(grid_row(i + 1, t, d, place, src, tgt), doc_id=f"r{i}", ordinal=0)
               for i, (t, d, place, src, tgt) in enumerate(combos)]
    return random.Random(7).sample(reports, n)


def fusable(events, report) -> set[str]:
    """Brute force: every event that scoring does not veto for this report."""
    return {e["id"] for e in events if features(e, report, AFF) is not None}


def test_candidate_index_leaves_out_no_fusable_event():
    events, reports = grid_events(), grid_reports()
    index = CandidateIndex(events, AFF)
    found = 0
    for r in reports:
        want = fusable(events, r)
        got = {e["id"] for e in index.around(r)}
        assert want <= got, (r, sorted(want - got)[:5])
        assert best_candidate(index.around(r), r, AFF)[:2] == best_candidate(events, r, AFF)[:2]
        found += len(want)
    assert found > 300  # the grid has fusable pairs of every kind, not only vetoes


def test_probe_days_cover_every_period_that_can_overlap():
    lo, hi = date(2024, 1, 25), date(2024, 1, 31)
    assert blocking.day_ranges(lo, hi) == [(lo, hi), (date(2024, 1, 1), date(2024, 1, 1))]
    assert blocking.day_ranges(date(2024, 3, 4), date(2024, 3, 10))[1:] == [
        (date(2024, 1, 1), date(2024, 1, 1)), (date(2024, 3, 1), date(2024, 3, 1))]
    assert blocking.day_ranges(date(2024, 1, 1), date(2024, 1, 7)) == [(date(2024, 1, 1), date(2024, 1, 7))]
    # every period that overlaps the window starts in one of the ranges
    for value in ("2024-01-25", "2024-01-31", "2024-01", "2024", "2023-12", "2023"):
        start, end = day_range(value)
        overlaps = start <= hi and end >= lo
        starts_in = any(d1 <= start <= d2 for d1, d2 in blocking.day_ranges(lo, hi))
        assert overlaps == (starts_in and end >= lo), value


def test_probes_merge_overlapping_windows_and_fold_narrow_days():
    reports = [dict(type="ASSAULT", date=d, country="IQ", admin1=a, place_id=p, source_actor_id=None,
                    target_actor_id=None) for d, a, p in (("2024-01-10", "Anbar", "ramadi"),
                                                         ("2024-01-12", "Anbar", "ramadi"),
                                                         ("2024-01-11", None, None))]
    probes = blocking.plan(reports, AFF)
    ranges = sorted((k[1], k[2]) for k in probes.open[""] if k[0] == "ASSAULT" and k[4] == "anbar")
    assert ranges == [(date(2024, 1, 1), date(2024, 1, 1)), (date(2024, 1, 7), date(2024, 1, 15))]
    days = blocking.by_day(probes.open[""])
    # the report without a governorate covers the others on the days its window shares with them
    assert ("ASSAULT", date(2024, 1, 10), "IQ", None, None) in days
    assert ("ASSAULT", date(2024, 1, 10), "IQ", "anbar", "ramadi") not in days
    assert ("ASSAULT", date(2024, 1, 15), "IQ", "anbar", "ramadi") in days
    assert days[("ASSAULT", date(2024, 1, 10), "IQ", None, None)] == date(2024, 1, 7)


def _store_events(store, events):
    """Write grid events as the store writes them (every seventh without its admin1 key, as an
    import would leave it)."""
    cols = store._event_table_columns()
    rows = []
    for i, e in enumerate(events):
        lo, hi = day_range(e["date"])
        row = dict(e, date_precision=fz._precision(e["date"]), day_lo=lo, day_hi=hi, credibility=6,
                   fused_from=json.dumps({"type": "x"}),
                   admin1_key=None if i % 7 == 0 else blocking.admin1_key(e["admin1"]),
                   place_key=name_key(e["place_name"]) if e["place_name"] else None)
        rows.append(tuple(row.get(c) for c in cols))
    with store._tx():
        store._insert("events", cols, rows)


def test_database_probes_leave_out_no_fusable_event(store):
    events, reports = grid_events(), grid_reports()
    _store_events(store, events)
    with store._tx():
        batch = {e["id"] for e in store._fusion_candidates(reports, AFF, limit=None)}
        assert set().union(*(fusable(events, r) for r in reports)) <= batch
        for r in reports[:25]:  # one report at a time: its own probes suffice
            want = fusable(events, r)
            got = {e["id"] for e in store._fusion_candidates([r], AFF, limit=None)}
            assert want <= got, (r, sorted(want - got)[:5])
    # and it does leave events out: a report in Anbar naming Kataib Hezbollah gets no event of another
    # type group, country, governorate (unless its key is missing) or known attacker
    r = next(r for r in reports if r["admin1"] == "Al-Anbar" and r["source_actor_id"] == "kataib-hezbollah"
             and r["date"] == "2024-01-28")
    with store._tx():
        got = list(store._fusion_candidates([r], AFF))
    no_key = {e["id"] for i, e in enumerate(events) if i % 7 == 0}
    assert got and len(got) < len(events) / 4
    assert not [e for e in got if e["type"] == "PROTEST" or e["country"] == "JO" or e["source_actor_id"] == "us-forces"
                or (e["place_id"] == "baghdad" and e["id"] not in no_key)]


def test_database_leaves_out_events_with_nothing_specific_in_common(store):
    """A report naming no known actor gets from the database only the events that may share
    something specific with it (``may_have_specific``): the rest of its window stays in the table."""
    events, reports = grid_events(), grid_reports()
    _store_events(store, events)
    unnamed = [r for r in reports if r["date"] and names_no_known_actor(r)]
    left_out = 0
    with store._tx():
        for r in unnamed:
            got = store._fusion_candidates([r], AFF, limit=None)
            assert all(may_have_specific(e, r) for e in got), r
            assert fusable(events, r) <= {e["id"] for e in got}, r
            window = {e["id"] for e in CandidateIndex(events, AFF).around(r)}
            left_out += len(window - {e["id"] for e in got})
    assert len(unnamed) >= 15 and left_out > 100


def test_specific_probes_cover_each_way_of_a_report_naming_no_known_actor():
    r = dict(grid_row(3, "ASSAULT", "2024-01-28", PLACES[0], "unk-gunmen", None), doc_id="x")
    probes = blocking.plan([r], AFF)
    assert not probes.actor["source"] and not probes.actor["target"]
    values = {way: {k[6] for k in rows} for way, rows in probes.specific.items() if rows}
    assert values == {"place_id": {"ain-al-asad"}, "source_actor_id": {"unk-gunmen"}, "place_key": {"ain al asad"},
                      "evidence": {"y"}, "unkeyed": {"y"}}
    named = dict(r, source_actor_id="kataib-hezbollah")
    assert not any(blocking.plan([named], AFF).specific.values())


def test_database_ranks_candidates_like_the_prescore(store):
    """With a limit, each report gets the best of its candidates by ``fusion.prescore`` (computed in
    SQL on DuckDB, in Python on PostgreSQL), the same set on both backends."""
    events, reports = grid_events(), grid_reports()
    _store_events(store, events)
    crowded = 0
    with store._tx():
        for r in [r for r in reports if r["date"]][:30]:
            every = store._fusion_candidates([r], AFF, limit=None)
            want = {e["id"] for e in fusion.ranked(every, r, 5)}
            got = {e["id"] for e in fusion.ranked(store._fusion_candidates([r], AFF, limit=5), r, 5)}
            assert got == want, r
            crowded += len(every) > 5
        # a whole batch: each report still finds its own best among what the batch brought back
        batch = store._fusion_candidates(reports, AFF, limit=5)
        for r in [r for r in reports if r["date"]][:30]:
            mine = [e for e in CandidateIndex(batch, AFF).around(r)]
            every = store._fusion_candidates([r], AFF, limit=None)
            best = {e["id"] for e in fusion.ranked(every, r, 5) if features(e, r, AFF) is not None}
            assert best <= {e["id"] for e in mine}, r
    assert crowded > 10  # the limit did cut


def test_prescore_orders_by_agreement_then_days_then_sources():
    r = dict(grid_row(1, "ASSAULT", "2024-01-28", PLACES[0], "kataib-hezbollah", "us-forces"), doc_id="x")
    same_place = dict(r, id="a", date="2024-01-30", corroboration=1, evidence_text=None)
    near = dict(r, id="b", place_id="baghdad", source_actor_id=None, date="2024-01-28", corroboration=9,
                evidence_text=None)
    grown = dict(near, id="c", date="2024-01-29", corroboration=40)
    older = dict(near, id="d", date="2024-01-29", corroboration=3)
    assert [e["id"] for e in fusion.ranked([older, grown, near, same_place], r, 3)] == ["a", "b", "c"]
    assert fusion.ranked([older, grown, near, same_place], r, None)[0]["id"] == "d"  # no limit: all, as given


def test_migration_fills_admin1_keys(store_location):
    before = max(v for v, _ in MIGRATIONS if v < FUSION_BLOCKING)
    old = store_location.open(target_version=before)
    tikrit = PlaceRef(id="tikrit", name="Tikrit", admin1="Salah al-Din", country="IQ", lat=34.6, lon=43.68)
    old.ingest([report_pair("m1", "2024-01-28", "2024-01-28", 0.7, "Desk"),
                report_pair("m2", "2024-03-02", "2024-03-02", 0.7, "Desk", place=tikrit),
                report_pair("m3", "2024-05-02", "2024-05-02", 0.7, "Desk", place=PlaceRef(id=None, name="somewhere"))])
    assert old.schema_version == before
    old.close()
    new = store_location.open()
    assert new.schema_version >= FUSION_BLOCKING
    rows = new._dicts("SELECT admin1, admin1_key FROM events ORDER BY day_lo")
    assert rows == [{"admin1": "Al-Anbar", "admin1_key": "anbar"},
                    {"admin1": "Salah al-Din", "admin1_key": "salah al din"},
                    {"admin1": None, "admin1_key": None}]


# --------------------------------------------------------------------------- incremental counts

ASAD = PlaceRef(id="ain-al-asad", name="Ain al-Asad", admin1="Al-Anbar", country="IQ", lat=33.8, lon=42.44)


def report_pair(doc_id, published, date_, confidence, outlet, text=None, place=ASAD):
    text = text or f"Kataib Hezbollah drones hit the Ain al-Asad base, {outlet} reported."
    doc = Document(id=doc_id, text=text, published=published, title=doc_id, source=outlet)
    e = Event(type="ASSAULT", mode="drone", date=date_, date_precision="day", evidence=Mention(text, 0, len(text)),
              location=place, source_actor=ActorRef("kataib-hezbollah", "Kataib Hezbollah"),
              target_actor=ActorRef("us-forces", "U.S. forces"), confidence=confidence)
    rep = Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc_id, published=published),
                 events=[e], extractor="tests@1")
    return doc, rep


def test_grown_event_counts_equal_a_full_recomputation(store):
    store.grade_source("Radio B", "B", user="ana")
    batches = [
        [report_pair("g1", "2024-01-29", "2024-01-28", 0.7, "Wire A")],
        [report_pair("g2", "2024-01-30", "2024-01-28", 0.55, "Daily"), report_pair("g3", "2024-01-31", "2024-01-29", 0.7, "Daily")],
        [report_pair("g4", "2024-01-28", "2024-01-28", 0.9, "Radio B")],  # earlier first report, better grade
        [report_pair("g5", None, "2024-01-28", 0.35, "Wire A", text="Kataib Hezbollah drones hit the Ain al-Asad "
                     "base, Wire A reported.")],  # undated copy of the wire story
    ]
    for b in batches:  # after the first, each batch only adds sources: the incremental path
        store.ingest(b)
    cols = ("id, type, mode, date, place_id, source_actor_id, target_actor_id, fatalities, confidence, "
            "corroboration, first_reported, first_document, fused_from, evidence_text, independent_sources, admin1_key")
    incremental = store._dicts(f"SELECT {cols} FROM events ORDER BY id")
    assert len(incremental) == 1
    with store._tx():
        store._recompute_events([r["id"] for r in incremental])
    assert store._dicts(f"SELECT {cols} FROM events ORDER BY id") == incremental
    ev = incremental[0]
    assert ev["corroboration"] == 5 and ev["first_document"] == "g4" and ev["first_reported"] == "2024-01-28"
    assert json.loads(ev["fused_from"])["type"] == "g4"  # the B-graded outlet wins
    assert ev["independent_sources"] == 3  # Wire A (twice), Daily (twice), Radio B
    assert ev["admin1_key"] == "anbar"


def test_combined_confidence_depends_on_the_multiset_only():
    values = [0.7, 0.55, 0.7, 0.9, 0.35, None, 0.1]
    rows = [{"doc_id": f"d{i}", "confidence": c, "as_of": None} for i, c in enumerate(values)]
    want = fz.fuse_counts(rows)["confidence"]
    rng = random.Random(2)
    for _ in range(5):
        rng.shuffle(rows)
        assert fz.fuse_counts(rows)["confidence"] == want
    assert fz.combined_confidence({0.7: 2, 0.55: 1, 0.9: 1, 0.35: 1, None: 1, 0.1: 1}) == want
    assert abs(want - (1 - 0.3 * 0.3 * 0.45 * 0.1 * 0.65 * 0.9)) < 1e-4


def test_migration_fills_place_keys(store_location):
    old = store_location.open(target_version=FUSION_BLOCKING)
    old.ingest([report_pair("k1", "2024-01-28", "2024-01-28", 0.7, "Desk"),
                report_pair("k2", "2024-05-02", "2024-05-02", 0.7, "Desk", place=PlaceRef(id=None, name="The Old Souq")),
                report_pair("k3", "2024-06-02", "2024-06-02", 0.7, "Desk", place=PlaceRef(id=None, name=None, country="IQ"))])
    old.close()
    new = store_location.open()
    assert new.schema_version >= FUSION_PLACE_KEY
    rows = new._dicts("SELECT place_name, place_key FROM events ORDER BY day_lo")
    assert rows == [{"place_name": "Ain al-Asad", "place_key": "ain al asad"},
                    {"place_name": "The Old Souq", "place_key": "old souq"},
                    {"place_name": None, "place_key": None}]
    # and a report naming no known actor finds an event by its place name only through the key
    doc, rep = report_pair("k4", "2024-05-03", "2024-05-02", 0.7, "Desk", place=PlaceRef(id=None, name="the old souq"))
    rep.events[0].source_actor = rep.events[0].target_actor = None
    with new._tx():
        sources = fusion.source_rows([(doc, rep)], lambda ref: (None, None))
        got = {e["place_name"] for e in new._fusion_candidates(sources, AFF)}
    assert got == {"The Old Souq"}


def test_batchings_store_the_same_events(each_batching):
    """The same documents in batches of 1, 2, 3 and all at once: every events row (fused values,
    counts, independence, confidence, fused_from) is the same, whichever path (incremental or full)
    each batch took."""
    tikrit = PlaceRef(id="tikrit", name="Tikrit", admin1="Salah al-Din", country="IQ", lat=34.6, lon=43.68)
    docs = [report_pair("b1", "2024-01-29", "2024-01-28", 0.7, "Wire A"),
            report_pair("b2", "2024-03-02", "2024-03-02", 0.6, "Desk", place=tikrit),
            report_pair("b3", "2024-01-30", "2024-01-28", 0.55, "Daily"),
            report_pair("b4", "2024-01-31", "2024-01-29", 0.7, "Daily"),
            report_pair("b5", "2024-03-03", "2024-03-02", 0.8, "Radio B", place=tikrit),
            report_pair("b6", "2024-01-28", "2024-01-28", 0.9, "Radio B"),
            report_pair("b7", None, "2024-01-28", 0.35, "Wire A",
                        text="Kataib Hezbollah drones hit the Ain al-Asad base, Wire A reported.")]
    cols = list(("id", "type", "mode", "date", "place_id", "place_name", "admin1", "country", "source_actor_id",
                        "target_actor_id", "fatalities", "confidence", "corroboration", "first_reported",
                        "first_document", "fused_from", "evidence_text", "independent_sources", "admin1_key",
                        "place_key", "day_lo", "day_hi", "status"))
    select = f"SELECT {', '.join(cols)} FROM events ORDER BY id"

    def read(s):
        rows = s._dicts(select)
        with s._tx():  # and a full recomputation changes nothing
            s._recompute_events([r["id"] for r in rows])
        assert s._dicts(select) == rows
        return rows

    results = each_batching(docs, read, prepare=lambda s: s.grade_source("Radio B", "B", user="ana"))
    assert len(results[0]) == 2 and sorted(r["corroboration"] for r in results[0]) == [2, 5]
    for other in results[1:]:
        assert other == results[0]


def test_one_reports_probes_are_its_planned_probes():
    for r in [r for r in grid_reports() if r["date"]]:
        planned = blocking.plan([r], AFF)
        side, opens, actors = blocking.report_probes(r, AFF)
        assert {(*k, lo) for k, lo in blocking.by_day(planned.open[side]).items()} == set(opens), r
        assert not any(rows for s, rows in planned.open.items() if s != side)
        day_rows = {(t, d1 + timedelta(days=i), c, k, p, a)
                    for t, d1, d2, c, k, p, a, _ in actors for i in range((d2 - d1).days + 1)}
        merged = {(t, d1 + timedelta(days=i), c, k, p, a)
                  for rows in planned.actor.values() for (t, d1, d2, c, k, p, a) in rows
                  for i in range((d2 - d1).days + 1)}
        assert day_rows == merged, r

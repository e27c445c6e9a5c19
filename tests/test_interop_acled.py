"""ACLED CSV import and export on both backends, with the hand-made 50-row file
``tests/data/acled_sample.csv`` (invented rows in ACLED's layout; see tests/data/README.md)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import marsad
from marsad.errors import InteropError
from marsad.interop.acled import ACLED_COLUMNS, export_acled_text, import_acled
from marsad.knowledge.pack import KnowledgePack
from marsad.model import Document
from marsad.ontology import ACLED_TYPES

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "acled_sample.csv"
SAMPLES = Path(marsad.__file__).parent / "data" / "samples"


@pytest.fixture(scope="module")
def pack():
    return KnowledgePack.load()


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_sample_file_covers_every_acled_category():
    rows = _rows(SAMPLE.read_text(encoding="utf-8"))
    assert len(SAMPLE.read_text(encoding="utf-8").splitlines()) == 51  # header + 50 rows
    seen = {(r["event_type"], r["sub_event_type"]) for r in rows if r["sub_event_type"]}
    for et, subs in ACLED_TYPES.items():
        for sub in subs:
            assert (et, sub) in seen, (et, sub)


def test_import_counts_errors_and_reimport(store, pack):
    stats = import_acled(store, SAMPLE, pack=pack)
    assert stats.rows == 50 and stats.new == 44 and len(stats.errors) == 6
    errs = {(e.line, e.column) for e in stats.errors}
    assert errs == {(46, "event_id_cnty"), (47, None), (48, "event_date"), (49, "sub_event_type"),
                    (50, "latitude"), (51, "fatalities")}
    assert "line 48, column event_date (TSTQ0047)" in str(next(e for e in stats.errors if e.line == 48))
    assert store.count_events() == 44
    # unknown actors become draft actors, never dropped
    assert "Sons of the Two Rivers Brigade" in stats.unresolved_actors
    unk = store.actors(query="Two Rivers")
    assert len(unk) == 1 and unk.iloc[0]["status"] == "draft"
    ev = store.events(marsad.store.EventFilter(actor=unk.iloc[0]["id"]))
    assert len(ev) == 1 and ev.iloc[0]["date"] == "2024-05"  # time_precision 3 -> month
    # known names resolve to pack actors and places
    kh = store.events(marsad.store.EventFilter(actor="kataib-hezbollah"))
    assert set(kh["place_id"]) >= {"ain-al-asad", "jurf-al-sakhar"}
    # old date formats are read; missing coordinates are kept missing
    sinjar = store.events(marsad.store.EventFilter(start="2023-12-31", end="2023-12-31"))
    assert list(sinjar["source_actor_id"]) == ["turkish-armed-forces"]
    e29 = store.events(marsad.store.EventFilter(start="2024-05-03", end="2024-05-03")).iloc[0]
    assert e29["admin1"] == "Saladin"
    # notes are the evidence, with the ACLED id as the document
    full = store.event(kh[kh.place_id == "ain-al-asad"].iloc[0]["id"])
    assert [s["doc_id"] for s in full["sources"]] == ["acled:TSTQ0007"]
    assert "Ain al-Asad" in full["sources"][0]["evidence"]["text"]
    again = import_acled(store, SAMPLE, pack=pack)
    assert again.new == 0 and again.updated == 0 and again.unchanged == 44
    assert store.count_events() == 44


def test_edited_row_becomes_a_revision(store, pack, tmp_path):
    import_acled(store, SAMPLE, pack=pack)
    text = SAMPLE.read_text(encoding="utf-8").replace(
        'Rutba, killing four soldiers.",4,', 'Rutba, killing five soldiers.",5,')
    assert text != SAMPLE.read_text(encoding="utf-8")
    edited = tmp_path / "edited.csv"
    edited.write_text(text, encoding="utf-8")
    stats = import_acled(store, edited, pack=pack)
    assert stats.updated == 1 and stats.unchanged == 43 and stats.new == 0
    assert store.count_events() == 44
    doc = store.document("acled:TSTQ0037")
    assert doc["revision"] == 2 and "five soldiers" in doc["text"]
    ev = store.events(marsad.store.EventFilter(start="2024-07-01", end="2024-07-01")).iloc[0]
    assert ev["fatalities"] == 5
    rev = store._dicts("SELECT revision, fields FROM acled_rows WHERE event_id_cnty = 'TSTQ0037'")[0]
    assert rev["revision"] == 2 and json.loads(rev["fields"])["fatalities"] == "5"


def test_missing_columns_is_an_error(store, pack, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date\n1,2024-01-01\n", encoding="utf-8")
    with pytest.raises(InteropError, match="missing column"):
        import_acled(store, bad, pack=pack)


def test_column_order_and_extra_columns_are_tolerated(store, pack, tmp_path):
    rows = _rows(SAMPLE.read_text(encoding="utf-8"))[:3]
    cols = ["extra_col"] + list(reversed(ACLED_COLUMNS))
    buf = io.StringIO()
    w = csv.DictWriter(buf, cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({**{c: r[c] for c in ACLED_COLUMNS}, "extra_col": "x"})
    p = tmp_path / "shuffled.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    stats = import_acled(store, p, pack=pack)
    assert stats.new == 3 and not stats.errors


def test_acled_row_fuses_with_text_event(store, pack):
    from marsad.extract.pipeline import Pipeline

    d = json.loads((SAMPLES / "s01.json").read_text(encoding="utf-8"))
    doc = Document(id=d["id"], text=d["text"], published=d["published"], source=d.get("source"))
    store.load_pack(pack)
    store.ingest([(doc, Pipeline(pack)(doc))])
    qaim = store.events(marsad.store.EventFilter(place="qaim"))
    assert len(qaim) == 1
    row = {c: "" for c in ACLED_COLUMNS}
    row.update(event_id_cnty="TSTF0001", event_date="29 December 2019", year="2019", time_precision="1",
               event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
               actor1="Military Forces of the United States (2017-2021)", inter1="8", actor2="Kataib Hezbollah",
               inter2="3", country="Iraq", admin1="Al Anbar", location="Al-Qaim", latitude="34.3745",
               longitude="41.0879", fatalities="25", notes="US aircraft struck Kataib Hezbollah positions near Al-Qaim.")
    buf = io.StringIO()
    w = csv.DictWriter(buf, ACLED_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerow(row)
    buf.seek(0)
    stats = import_acled(store, buf, pack=pack)
    assert stats.events_fused == 1 and stats.events_new == 0
    ev = store.event(qaim.iloc[0]["id"])
    assert ev["corroboration"] == 2
    assert {s["doc_id"] for s in ev["sources"]} == {"s01", "acled:TSTF0001"}


def test_export_import_export_is_stable(store_location, pack, tmp_path):
    from marsad.extract.pipeline import Pipeline

    a = store_location.open()
    import_acled(a, SAMPLE, pack=pack)
    pipe = Pipeline(pack)
    docs = []
    for f in sorted(SAMPLES.glob("s*.json"))[:6]:
        d = json.loads(f.read_text(encoding="utf-8"))
        doc = Document(id=d["id"], text=d["text"], published=d["published"], source=d.get("source"))
        docs.append((doc, pipe(doc)))
    a.ingest(docs)
    first = export_acled_text(a)
    rows1 = _rows(first)
    assert len(rows1) > 44 and any(r["event_id_cnty"].startswith("ev-") for r in rows1)
    assert {r["event_id_cnty"] for r in rows1} >= {f"TSTQ{i:04d}" for i in range(1, 45)}
    p = tmp_path / "first.csv"
    p.write_text(first, encoding="utf-8")
    b = marsad.store.open_store(str(tmp_path / "b.duckdb"))
    try:
        stats = import_acled(b, p, pack=pack)
        assert not stats.errors and stats.new == len(rows1)
        second = export_acled_text(b)
    finally:
        b.close()

    def acled_part(text: str) -> list[list[str]]:
        return [r[: len(ACLED_COLUMNS)] for r in csv.reader(io.StringIO(text))]

    assert acled_part(second) == acled_part(first)
    # and byte for byte: the ACLED columns re-serialised the same way
    assert "\n".join(",".join(r) for r in acled_part(second)) == "\n".join(",".join(r) for r in acled_part(first))

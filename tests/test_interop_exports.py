"""STIX, GeoJSON, GraphML and Parquet exports on both backends, and the import/export CLI.

The store is filled once per backend: the hand-made ACLED file plus four bundled sample reports
run through the real extraction pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app
from marsad.errors import InteropError
from marsad.interop.acled import import_acled
from marsad.interop.exports import admin1_path, export
from marsad.knowledge.pack import KnowledgePack
from marsad.model import Document
from marsad.store import EventFilter

DATA = Path(__file__).parent / "data"
SAMPLES = Path(marsad.__file__).parent / "data" / "samples"


@pytest.fixture(scope="module")
def filled(module_store_location):
    from marsad.extract.pipeline import Pipeline

    pack = KnowledgePack.load()
    store = module_store_location.open()
    import_acled(store, DATA / "acled_sample.csv", pack=pack)
    pipe = Pipeline(pack)
    pairs = []
    for f in sorted(SAMPLES.glob("s*.json"))[:4]:
        d = json.loads(f.read_text(encoding="utf-8"))
        doc = Document(id=d["id"], text=d["text"], published=d["published"], source=d.get("source"))
        pairs.append((doc, pipe(doc)))
    store.ingest(pairs)
    return store


def test_stix_bundle_validates_and_is_stable(filled, tmp_path):
    import stix2

    from marsad.interop.stix import EVENT_TYPE, validate_bundle

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    counts = export(filled, "stix", a)
    export(filled, "stix", b)
    assert a.read_bytes() == b.read_bytes()  # deterministic ids and order
    bundle = stix2.parse(a.read_text(encoding="utf-8"), allow_custom=True)
    by_type: dict[str, list] = {}
    for o in bundle.objects:
        by_type.setdefault(o["type"], []).append(o)
    assert len(by_type[EVENT_TYPE]) == filled.count_events() == counts[EVENT_TYPE]
    assert {"threat-actor", "identity", "location", "report", "relationship", "extension-definition"} <= set(by_type)
    ids = {o["id"] for o in bundle.objects}
    for rep in by_type["report"]:  # unfiltered: every reference resolves inside the bundle
        assert set(rep["object_refs"]) <= ids
    # the strict validator is slow (about 20 ms an object): validate a filtered bundle
    anbar = tmp_path / "anbar.json"
    sub = export(filled, "stix", anbar, EventFilter(admin1="Anbar"))
    text = anbar.read_text(encoding="utf-8")
    result = validate_bundle(text)
    assert result.is_valid, [str(e) for e in result.errors][:5]
    objs = stix2.parse(text, allow_custom=True).objects
    assert sub[EVENT_TYPE] == filled.count_events(EventFilter(admin1="Anbar")) > 0
    kh = next(o for o in objs if o["type"] == "threat-actor" and o["name"] == "Kataib Hezbollah")
    ev = next(o for o in objs if o["type"] == EVENT_TYPE and kh["id"] in (o.get("source_ref"), o.get("target_ref"))
              and o.get("location_ref"))
    assert ev["location_ref"] in {o["id"] for o in objs} and ev["extensions"]


def test_stix_confidence_follows_credibility(filled, tmp_path):
    import stix2

    eid = filled.events(EventFilter(place="ain-al-asad")).iloc[0]["id"]
    filled.review("event", eid, "edit", field="credibility", value=2, user="t")
    out = tmp_path / "c.json"
    export(filled, "stix", out, EventFilter(place="ain-al-asad"))
    objs = stix2.parse(out.read_text(encoding="utf-8"), allow_custom=True).objects
    ev = [o for o in objs if o["type"] == "x-marsad-event"]
    assert len(ev) == 1 and ev[0]["confidence"] == 70


def test_geojson_events_and_admin1(filled, tmp_path):
    import jsonschema
    from geojson_pydantic import FeatureCollection

    out = tmp_path / "ev.geojson"
    counts = export(filled, "geojson", out, EventFilter(country="IQ"))
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, FeatureCollection.model_json_schema())
    FeatureCollection.model_validate(data)
    assert len(data["features"]) == filled.count_events(EventFilter(country="IQ")) == counts["features"]
    located = [f for f in data["features"] if f["geometry"]]
    basra = next(f for f in located if f["properties"]["id"] == filled.events(
        EventFilter(start="2024-02-24", end="2024-02-24")).iloc[0]["id"])
    assert basra["geometry"]["coordinates"] == [47.7804, 30.5085]  # lon, lat
    a1 = json.loads(admin1_path(out).read_text(encoding="utf-8"))
    jsonschema.validate(a1, FeatureCollection.model_json_schema())
    FeatureCollection.model_validate(a1)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in a1["features"])
    n = {f["properties"]["admin1"]: f["properties"]["n"] for f in a1["features"] if f["properties"]["country"] == "IQ"}
    assert n["Basra"] == filled.count_events(EventFilter(admin1="Basra", country="IQ"))
    assert n["Anbar"] == filled.count_events(EventFilter(admin1="Anbar", country="IQ")) > 0


def test_graphml_loads_with_same_counts(filled, tmp_path):
    import networkx as nx

    out = tmp_path / "net.graphml"
    counts = export(filled, "graphml", out, as_of="2024-12-31")
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.number_of_nodes() == counts["nodes"] and g.number_of_edges() == counts["edges"]
    # independent count of the co-event edges: distinct actor pairs of the events up to as_of
    ev = filled.events(EventFilter(end="2024-12-31"), limit=10_000)
    pairs = {tuple(sorted((s, t))) for s, t in zip(ev.source_actor_id, ev.target_actor_id, strict=True)
             if isinstance(s, str) and isinstance(t, str) and s != t}
    co = [(u, v) for u, v, d in g.edges(data=True) if d.get("type") == "co_event"]
    assert len(co) == len(pairs)
    assert g.nodes["kataib-hezbollah"]["name"] == "Kataib Hezbollah"


def test_parquet_every_table_readable(filled, tmp_path):
    import duckdb
    import pandas as pd

    out = tmp_path / "pq"
    counts = export(filled, "parquet", out)
    tables = {p.name for p in out.iterdir()}
    filled.events(limit=1)  # a page with a cursor: the store's signing key exists from here on
    secrets = {"users", "api_tokens", "sessions", "store_keys", "data_version", "data_changes",
               "source_tallies"}  # never exported (docs/interop.md; tallies are derived from event_sources)
    assert "store_keys" in set(filled._tables())
    assert tables == set(filled._tables()) - secrets and "events" in tables and "acled_rows" in tables
    con = duckdb.connect()
    for t in tables:
        files = sorted(p.name for p in (out / t).iterdir())
        assert files == ["part-00000.parquet"]
        n = con.execute(f"SELECT count(*) FROM read_parquet('{out / t}/*.parquet')").fetchone()[0]
        assert n == counts[t] == int(filled._scalar(f"SELECT count(*) FROM {t}"))
    ev = pd.read_parquet(out / "events")
    assert set(ev["id"]) == set(filled.events(limit=10_000)["id"])
    assert str(ev["day_lo"].dtype).startswith(("object", "datetime")) and ev["fatalities"].dtype.name in ("Int32", "int32", "float64")
    # filtered export keeps only matching events and their sources
    sub = export(filled, "parquet", tmp_path / "pq2", EventFilter(type="PROTEST"))
    assert sub["events"] == filled.count_events(EventFilter(type="PROTEST"))
    assert set(pd.read_parquet(tmp_path / "pq2" / "events")["type"]) == {"PROTEST"}


def test_export_errors(filled, tmp_path):
    with pytest.raises(InteropError, match="not one of"):
        export(filled, "kml", tmp_path / "x")
    with pytest.raises(InteropError, match="is a directory"):
        export(filled, "stix", tmp_path)


def test_cli_import_and_export(tmp_path):
    db = str(tmp_path / "k.duckdb")
    r = CliRunner().invoke(app, ["import", "acled", str(DATA / "acled_sample.csv"), "--db", db])
    assert r.exit_code == 0, r.output
    assert "44 new" in r.output and "6 rejected" in r.output
    assert "line 48, column event_date (TSTQ0047)" in r.output
    r = CliRunner().invoke(app, ["export", "acled", "-o", str(tmp_path / "x.csv"), "--db", db, "--type", "PROTEST"])
    assert r.exit_code == 0, r.output
    lines = (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 == 6  # the Protests and Riots rows less "Excessive force" (an ASSAULT)
    r = CliRunner().invoke(app, ["export", "geojson", "-o", str(tmp_path / "nope" / "x.geojson"), "--db", db])
    assert r.exit_code == 1 and "does not exist" in r.output


def test_api_downloads(filled, module_store_location, tmp_path):
    import io
    import zipfile

    import pandas as pd
    from fastapi.testclient import TestClient

    from marsad.config import Settings
    from marsad.server.app import create_app

    settings = Settings.load(env={}, db=module_store_location.url, user="tester")
    with TestClient(create_app(settings, filled)) as c:
        r = c.get("/api/export/acled", params={"type": "PROTEST"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert len(r.text.strip().splitlines()) - 1 == filled.count_events(EventFilter(type="PROTEST"))
        r = c.get("/api/export/geojson", params={"admin1": "Anbar"})
        assert r.status_code == 200 and len(r.json()["features"]) == filled.count_events(EventFilter(admin1="Anbar"))
        r = c.get("/api/export/geojson-admin1")
        assert r.status_code == 200 and r.json()["type"] == "FeatureCollection"
        r = c.get("/api/export/parquet")
        assert r.status_code == 200
        z = zipfile.ZipFile(io.BytesIO(r.content))
        assert "events/part-00000.parquet" in z.namelist()
        ev = pd.read_parquet(io.BytesIO(z.read("events/part-00000.parquet")))
        assert len(ev) == int(filled._scalar("SELECT count(*) FROM events"))
        r = c.get("/api/export/graphml", params={"as_of": "2024-01-01"})
        assert r.status_code == 200 and b"<graphml" in r.content
        # the text formats stream (no length known in advance) the bytes `marsad export` writes
        f = EventFilter(admin1="Anbar")
        for fmt in ("acled", "stix", "geojson", "graphml"):
            r = c.get(f"/api/export/{fmt}", params={"admin1": "Anbar", "as_of": "2024-06-01"})
            assert r.status_code == 200 and "content-length" not in r.headers, fmt
            assert r.headers["content-disposition"].startswith("attachment")
            out = Path(tmp_path) / f"api.{fmt}"
            export(filled, fmt, out, f, as_of="2024-06-01")
            assert r.content == out.read_bytes(), fmt
        assert c.get("/api/export/kml").status_code == 400
        assert c.get("/api/export/graphml", params={"as_of": "yesterday"}).status_code == 400

"""Governorates on the map joined to stored admin1 values by id (ISO 3166-2), never by display name:
the library join, and the API filter over a real store on each backend."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.geo import UnknownArea, adm1_features, admin1_areas, contains, resolve_admin1
from marsad.server.app import create_app
from test_api import BAGHDAD, QAIM, corpus, small_pack


def row(admin1, country, kind="town", lat=None, lon=None):
    return {"admin1": admin1, "country": country, "kind": kind, "lat": lat, "lon": lon}


def by_code(areas):
    return {a.code: a for a in areas}


def test_bundled_features_have_unique_codes_and_contain_their_capitals():
    feats = adm1_features()
    codes = [f["properties"]["iso_3166_2"] for f in feats]
    assert len(codes) == len(set(codes)) == 18 + 14 + 12
    geom = {f["properties"]["iso_3166_2"]: f["geometry"] for f in feats}
    assert contains(geom["IQ-BG"], 44.36, 33.31)  # Baghdad
    assert contains(geom["SY-DY"], 40.14, 35.33)  # Deir ez-Zor city
    assert not contains(geom["IQ-BG"], 41.09, 34.37)  # al-Qaim is in Anbar


def test_name_variants_join_the_same_governorate():
    areas = by_code(admin1_areas([
        row("Anbar", "IQ"), row("Al-Anbar", "IQ"), row("Deir ez-Zor", "SY"),
        row("Deir-ez-Zor", "SY"), row("Baghdad", "IQ"),
    ]))
    assert sorted(areas["IQ-AN"].admin1) == ["Al-Anbar", "Anbar"]
    assert sorted(areas["SY-DY"].admin1) == ["Deir ez-Zor", "Deir-ez-Zor"]
    assert areas["IQ-BG"].admin1 == ["Baghdad"]
    assert areas["IQ-SU"].admin1 == []


def test_a_name_no_feature_has_is_placed_by_location():
    # Halabja is a governorate of its own in the gazetteer, a district of Sulaymaniyah on the map
    areas = by_code(admin1_areas([
        row("Halabja", "IQ", kind="governorate", lat=35.18, lon=45.98),
        row("Kerbala Province", "IQ"),  # a suffix is not a different name
        row("Somewhere", "IQ", lat=36.19, lon=44.01),  # Erbil city, by its places
        row("Tehran", "IR", lat=35.7, lon=51.4),  # outside the map: left out
    ]))
    assert areas["IQ-SU"].admin1 == ["Halabja"]
    assert areas["IQ-KA"].admin1 == ["Kerbala Province"]
    assert areas["IQ-AR"].admin1 == ["Somewhere"]
    assert not any("Tehran" in a.admin1 for a in areas.values())


def test_resolve_codes_and_refuse_unknown_ones():
    areas = admin1_areas([row("Anbar", "IQ"), row("Al-Anbar", "IQ")])
    assert sorted(resolve_admin1(["IQ-AN", "Baghdad"], areas)) == ["Al-Anbar", "Anbar", "Baghdad"]
    assert resolve_admin1(["IQ-MU"], areas) == ["IQ-MU"]  # known, nothing stored: matches nothing
    with pytest.raises(UnknownArea, match="XX-ZZ"):
        resolve_admin1(["XX-ZZ"], areas)


@pytest.fixture(scope="module")
def client(module_store_location):
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    app = create_app(Settings.load(env={}, db=module_store_location.url), store)
    with TestClient(app) as c:
        yield c


def test_api_filters_events_by_governorate_code(client):
    assert QAIM["admin1"] == "Al-Anbar" and BAGHDAD["admin1"] == "Baghdad"
    areas = {a["code"]: a for a in client.get("/api/geo/admin1").json()["items"]}
    assert areas["IQ-AN"]["admin1"] == ["Al-Anbar"] and areas["IQ-AN"]["name"] == "Al-Anbar"
    by_name = client.get("/api/events", params={"admin1": "Al-Anbar"}).json()["items"]
    by_code_ = client.get("/api/events", params={"admin1": "IQ-AN"}).json()["items"]
    assert by_name and [e["id"] for e in by_code_] == [e["id"] for e in by_name]
    assert all(e["admin1"] == "Al-Anbar" for e in by_code_)
    stats = client.get("/api/stats", params={"admin1": "IQ-BG"}).json()
    assert stats["totals"]["events"] == len(
        [e for e in client.get("/api/events", params={"limit": 1000}).json()["items"] if e["admin1"] == "Baghdad"]
    )
    assert client.get("/api/events", params={"admin1": "IQ-MU"}).json()["items"] == []
    r = client.get("/api/events", params={"admin1": "XX-ZZ"})
    assert r.status_code == 400 and "XX-ZZ" in r.json()["error"]["message"]


def test_country_outlines_are_served(client):
    fc = client.get("/api/geo/countries").json()
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Iraq", "Iran", "Turkey", "Syria", "Jordan", "Saudi Arabia", "Kuwait"} <= names

"""Checks on the bundled gazetteer (knowledge/iraq/places.csv) and the map boundary files.

The CSV is read with the csv module on purpose, independently of the pack loader.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "src" / "marsad" / "knowledge" / "iraq" / "places.csv"
BOUNDARIES = ROOT / "src" / "marsad" / "data" / "boundaries"
DEV_CORPUS = Path("/work/shared/corpus/dev")

HEADER = ["id", "name", "kind", "admin1", "country", "lat", "lon", "aliases", "parent"]
KINDS = {
    "country", "region", "governorate", "district", "city", "town", "neighbourhood",
    "base", "airport", "site", "border_crossing", "oil_field",
}

# Conventional admin1 name used in places.csv -> `name` property in the boundary files.
IQ_ADMIN1 = {
    "Anbar": "Al-Anbar", "Babil": "Babil", "Baghdad": "Baghdad", "Basra": "Al-Basrah",
    "Dhi Qar": "Thi Qar", "Diyala": "Diyala", "Duhok": "Duhok", "Erbil": "Erbil",
    "Karbala": "Kerbala", "Kirkuk": "Kirkuk", "Maysan": "Maysan", "Muthanna": "Al-Muthanna",
    "Najaf": "Al-Najaf", "Nineveh": "Ninewa", "Qadisiyah": "Al-Qadissiya", "Saladin": "Salah Al-Din",
    "Sulaymaniyah": "Al-Sulaymaniyah", "Wasit": "Wassit",
    # Halabja governorate is not separate in the 2019 CSO data: it lies inside Al-Sulaymaniyah.
    "Halabja": "Al-Sulaymaniyah",
}
SY_ADMIN1 = {
    "Damascus": "Damascus", "Rif Dimashq": "Rural Damascus", "Aleppo": "Aleppo", "Homs": "Homs",
    "Hama": "Hama", "Latakia": "Lattakia", "Idlib": "Idleb", "Hasakah": "Al-Hasakeh",
    "Deir ez-Zor": "Deir-ez-Zor", "Tartus": "Tartous", "Raqqa": "Ar-Raqqa", "Daraa": "Dar'a",
    "As-Suwayda": "As-Sweida", "Quneitra": "Quneitra",
}
JO_ADMIN1 = {n: n for n in (
    "Amman", "Zarqa", "Mafraq", "Irbid", "Balqa", "Madaba", "Jerash", "Ajloun", "Karak",
    "Tafilah", "Ma'an", "Aqaba",
)}
ADMIN1 = {"IQ": IQ_ADMIN1, "SY": SY_ADMIN1, "JO": JO_ADMIN1}

# Generous boxes (lat_min, lat_max, lon_min, lon_max) around each country.
BBOX = {
    "IQ": (29.0, 37.5, 38.7, 48.8),
    "SY": (32.2, 37.4, 35.6, 42.5),
    "JO": (29.1, 33.5, 34.9, 39.4),
    "IR": (25.0, 40.0, 44.0, 63.5),
    "IL": (29.4, 33.4, 34.2, 35.9),
    "LB": (33.0, 34.7, 35.0, 36.7),
    "TR": (35.8, 42.2, 25.6, 44.9),
    "KW": (28.5, 30.2, 46.5, 48.5),
    "SA": (16.3, 32.3, 34.5, 55.7),
}

# Spellings deliberately shared by places in different countries (none at present).
ALLOWED_CROSS_COUNTRY_ALIASES: set[str] = set()


# --------------------------------------------------------------------------- helpers


def _rows() -> list[dict[str, str]]:
    with PLACES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _rows()


@pytest.fixture(scope="module")
def by_id(rows) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in rows}


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"]] + [a for a in row["aliases"].split("|") if a.strip()]


def _load(name: str) -> dict:
    return json.loads((BOUNDARIES / name).read_text(encoding="utf-8"))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _in_ring(x: float, y: float, ring: list) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_geometry(lon: float, lat: float, geometry: dict) -> bool:
    for poly in _polygons(geometry):
        if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
            return True
    return False


def _adm1_geometries(country: str) -> dict[str, dict]:
    fc = _load(f"{country}_adm1.geojson")
    return {ft["properties"]["name"]: ft["geometry"] for ft in fc["features"]}


# --------------------------------------------------------------------------- point in polygon helper


def test_point_in_polygon_helper():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]],
                                                 [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1], [0.5, 0.5]]]}
    assert point_in_geometry(1.5, 1.5, square)
    assert not point_in_geometry(0.75, 0.75, square)  # in the hole
    assert not point_in_geometry(3, 1, square)


# --------------------------------------------------------------------------- file shape


def test_header_is_exact():
    with PLACES.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == HEADER


def test_row_count_and_fields(rows):
    assert len(rows) >= 300
    for r in rows:
        assert None not in r, f"row {r.get('id')} has extra columns"
        assert all(v is not None for v in r.values()), f"row {r.get('id')} has missing columns"
        assert r["name"].strip() == r["name"] and r["name"], r["id"]
        assert r["kind"] in KINDS, (r["id"], r["kind"])
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), (r["id"], r["country"])
        for alias in r["aliases"].split("|") if r["aliases"] else []:
            assert alias and alias == alias.strip(), (r["id"], alias)


def test_ids_unique_and_slugs(rows):
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    assert not bad, f"ids that are not slugs: {bad}"


def test_no_duplicate_alias_within_a_row(rows):
    bad = []
    for r in rows:
        names = [n.casefold() for n in _names(r)]
        if len(names) != len(set(names)):
            bad.append(r["id"])
    assert not bad, f"rows repeating a spelling: {bad}"


# --------------------------------------------------------------------------- coordinates


def test_coordinates_are_numbers_in_range(rows):
    for r in rows:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["id"]


def test_coordinates_inside_country_boxes(rows):
    offenders = []
    for r in rows:
        box = BBOX.get(r["country"])
        if box is None or r["kind"] == "country":
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
            offenders.append((r["id"], r["country"], lat, lon))
    assert not offenders, f"outside their country's box: {offenders}"


def test_country_rows_inside_boxes(rows):
    for r in rows:
        if r["kind"] == "country" and r["country"] in BBOX:
            box = BBOX[r["country"]]
            assert box[0] <= float(r["lat"]) <= box[1] and box[2] <= float(r["lon"]) <= box[3], r["id"]


# --------------------------------------------------------------------------- admin structure


def test_country_rows(rows):
    countries = {r["country"]: r for r in rows if r["kind"] == "country"}
    for cc in ("IQ", "SY", "JO", "IR", "IL", "LB", "TR", "KW", "SA", "US"):
        assert cc in countries, f"no country row for {cc}"
    for r in countries.values():
        assert r["admin1"] == "", r["id"]
    # every country used anywhere has its own row
    used = {r["country"] for r in rows}
    assert used <= set(countries), f"countries without a row: {sorted(used - set(countries))}"


def test_every_iraqi_governorate_present(rows):
    govs = {r["admin1"]: r for r in rows if r["kind"] == "governorate" and r["country"] == "IQ"}
    assert set(govs) == set(IQ_ADMIN1), sorted(set(IQ_ADMIN1) ^ set(govs))
    for r in govs.values():
        assert r["id"].endswith("-governorate"), r["id"]
        assert r["parent"] == "iraq", r["id"]


def test_syrian_and_jordanian_governorates_present(rows):
    for cc, table in (("SY", SY_ADMIN1), ("JO", JO_ADMIN1)):
        govs = {r["admin1"] for r in rows if r["kind"] == "governorate" and r["country"] == cc}
        assert govs == set(table), (cc, sorted(set(table) ^ govs))


def test_governorate_ids_differ_from_city_ids(by_id):
    for city, gov in (("basra", "basra-governorate"), ("baghdad", "baghdad-governorate"),
                      ("erbil", "erbil-governorate"), ("damascus", "damascus-governorate")):
        assert by_id[city]["kind"] == "city"
        assert by_id[gov]["kind"] == "governorate"


def test_admin1_uses_conventional_names(rows):
    offenders = []
    for r in rows:
        table = ADMIN1.get(r["country"])
        if table is None or r["kind"] == "country" or (r["kind"] == "region" and not r["admin1"]):
            continue
        if r["admin1"] not in table:
            offenders.append((r["id"], r["admin1"]))
    assert not offenders, f"unknown admin1 names: {offenders}"


def test_boundary_names_match_admin1_table():
    for cc, table in ADMIN1.items():
        names = set(_adm1_geometries(cc))
        assert set(table.values()) == names, (cc, sorted(set(table.values()) ^ names))


def test_parents_exist(rows, by_id):
    missing = [(r["id"], r["parent"]) for r in rows if r["parent"] and r["parent"] not in by_id]
    assert not missing, f"unknown parents: {missing}"


def test_parent_is_consistent(rows, by_id):
    offenders = []
    for r in rows:
        if not r["parent"]:
            continue
        parent = by_id[r["parent"]]
        if parent["country"] != r["country"]:
            offenders.append((r["id"], "country", r["parent"]))
        if parent["kind"] == "governorate" and parent["admin1"] != r["admin1"]:
            offenders.append((r["id"], "admin1", r["parent"]))
    assert not offenders, offenders


def test_every_iraqi_district_present(rows):
    districts = [r for r in rows if r["kind"] == "district" and r["country"] == "IQ"]
    assert len(districts) == len(_load("IQ_adm2.geojson")["features"]) == 101


# --------------------------------------------------------------------------- aliases


def test_cross_country_alias_clashes(rows):
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        for n in _names(r):
            seen[n.casefold()].add((r["country"], r["id"]))
    clashes = {
        k: sorted(v) for k, v in seen.items()
        if len({c for c, _ in v}) > 1 and k not in ALLOWED_CROSS_COUNTRY_ALIASES
    }
    assert not clashes, "spellings shared by places in different countries:\n" + "\n".join(
        f"  {k!r}: {v}" for k, v in sorted(clashes.items())
    )


def test_spellings_unique_within_a_country(rows):
    """Any spelling (name or alias) points to one place per country, so a lookup never has to guess."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        for n in _names(r):
            seen[(r["country"], n.casefold())].add(r["id"])
    shared = {k: sorted(v) for k, v in seen.items() if len(v) > 1}
    assert not shared, "spellings shared by several places of one country:\n" + "\n".join(
        f"  {k}: {v}" for k, v in sorted(shared.items())
    )


def test_known_spellings_resolve(rows):
    index: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for n in _names(r):
            index[n.casefold()].add(r["id"])
    expected = {
        "Ain al-Asad": "ain-al-asad", "Al Asad Air Base": "ain-al-asad", "Ayn al-Asad": "ain-al-asad",
        "Camp Taji": "camp-taji", "Jurf al-Nasr": "jurf-al-sakhar", "Hilla": "hillah",
        "International Zone": "green-zone", "Tower 22": "tower-22", "Al-Tanf": "al-tanf-garrison",
        "Abu Kamal": "albu-kamal", "Al-Bukamal": "albu-kamal", "Erbil Air Base": "erbil-air-base",
        "Arbil": "erbil", "Sadr City": "sadr-city", "Rumalyn Landing Zone": "rmelan-landing-zone",
        "Harir Air Base": "harir-air-base", "Q-West": "q-west", "K-1 Air Base": "k1-air-base",
        "Khor Mor": "khor-mor-gas-field", "بغداد": "baghdad", "Baghdad Governorate": "baghdad-governorate",
    }
    wrong = {k: sorted(index.get(k.casefold(), ())) for k, v in expected.items()
             if index.get(k.casefold()) != {v}}
    assert not wrong, wrong


# --------------------------------------------------------------------------- boundaries


@pytest.mark.parametrize("name", ["IQ_adm1.geojson", "IQ_adm2.geojson", "SY_adm1.geojson", "JO_adm1.geojson"])
def test_boundary_file_is_feature_collection(name):
    path = BOUNDARIES / name
    assert path.stat().st_size < 3 * 1024 * 1024
    fc = _load(name)
    assert fc["type"] == "FeatureCollection"
    assert fc["features"]
    for ft in fc["features"]:
        assert ft["type"] == "Feature"
        assert ft["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert isinstance(ft["properties"]["name"], str) and ft["properties"]["name"]
        assert ft["properties"]["country"] == name[:2]
        for poly in _polygons(ft["geometry"]):
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1]


def test_all_geojson_files_in_folder_parse():
    files = sorted(BOUNDARIES.glob("*.geojson"))
    assert len(files) >= 4
    for path in files:
        assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection", path.name


def test_attribution_present():
    text = (BOUNDARIES / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("Central Statistics Office", "OCHA", "CC BY 3.0 IGO", "CC BY 2.5", "geoBoundaries",
                   "www.geoboundaries.org", "Runfola", "e0231866", "Wikimedia Commons"):
        assert needle in text, needle
    assert (BOUNDARIES / "README.md").exists()


def test_no_code_in_boundaries_folder():
    assert not list(BOUNDARIES.glob("*.py"))


# --------------------------------------------------------------------------- points inside polygons


@pytest.mark.parametrize("country", ["IQ", "SY", "JO"])
def test_settlements_and_bases_inside_their_admin1(rows, country):
    geoms = _adm1_geometries(country)
    table = ADMIN1[country]
    offenders = []
    for r in rows:
        if r["country"] != country or r["kind"] not in ("city", "town", "base", "neighbourhood", "airport"):
            continue
        geom = geoms[table[r["admin1"]]]
        lat, lon = float(r["lat"]), float(r["lon"])
        if not point_in_geometry(lon, lat, geom):
            actual = [n for n, g in geoms.items() if point_in_geometry(lon, lat, g)]
            offenders.append((r["id"], r["admin1"], lat, lon, actual))
    assert not offenders, "points outside their admin1 polygon:\n" + "\n".join(map(str, offenders))


def test_iraqi_districts_inside_their_district_polygon(rows):
    geoms = {ft["properties"]["name"]: ft["geometry"] for ft in _load("IQ_adm2.geojson")["features"]}
    gov = _adm1_geometries("IQ")
    offenders = []
    for r in rows:
        if r["country"] == "IQ" and r["kind"] == "district":
            lat, lon = float(r["lat"]), float(r["lon"])
            if not point_in_geometry(lon, lat, gov[IQ_ADMIN1[r["admin1"]]]):
                offenders.append(r["id"])
            elif not any(point_in_geometry(lon, lat, g) for g in geoms.values()):
                offenders.append(r["id"])
    assert not offenders, offenders


# --------------------------------------------------------------------------- development corpus


def _gold_locations():
    if not DEV_CORPUS.is_dir():
        return []
    out = []
    for path in sorted(DEV_CORPUS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for ev in doc.get("gold", {}).get("events", []):
            loc = ev.get("location") or {}
            if loc.get("name"):
                out.append((path.stem, loc))
    return out


def test_gold_locations_resolve(rows):
    locs = _gold_locations()
    if not locs:
        pytest.skip("development corpus not available")
    index: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        for n in _names(r):
            index[n.casefold()].append(r)
    problems = []
    for doc, loc in locs:
        hits = [r for r in index.get(loc["name"].casefold(), [])
                if r["country"] == loc["country"] and (not loc.get("admin1") or r["admin1"] == loc["admin1"])]
        if not hits:
            problems.append((doc, loc))
    assert not problems, problems

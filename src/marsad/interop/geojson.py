"""GeoJSON (RFC 7946): events as points, and event counts per admin1 on the bundled boundaries.

:func:`export_events_geojson` streams a FeatureCollection, one Feature per event; an event without
coordinates has ``"geometry": null`` (allowed by RFC 7946) so that counts stay complete.
:func:`export_admin1_geojson` writes the governorate polygons of ``src/marsad/data/boundaries/``
with ``n`` (matching events) and ``fatalities`` in each feature's properties.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from marsad.interop.stream import batches, event_where
from marsad.text import name_key

PROPERTIES = ("id", "type", "mode", "subtype", "date", "date_precision", "place_id", "place_name", "admin1",
              "country", "source_actor_id", "source_actor_name", "target_actor_id", "target_actor_name",
              "fatalities", "injuries", "certainty", "confidence", "status", "credibility", "corroboration",
              "first_reported")
BOUNDARY_FILES = ("IQ_adm1.geojson", "SY_adm1.geojson", "JO_adm1.geojson")


def _open(out: str | Path | TextIO) -> tuple[TextIO, bool]:
    if isinstance(out, str | Path):
        return open(out, "w", encoding="utf-8"), True  # noqa: SIM115
    return out, False


def _prop(v: Any) -> Any:
    if v is None or isinstance(v, str | int | float | bool):
        return v
    return str(v)


def feature(e: dict) -> dict:
    """One event as a GeoJSON Feature (``[lon, lat]`` order, per RFC 7946)."""
    geom = None
    if e.get("lat") is not None and e.get("lon") is not None:
        geom = {"type": "Point", "coordinates": [round(float(e["lon"]), 6), round(float(e["lat"]), 6)]}
    return {"type": "Feature", "id": e["id"], "geometry": geom,
            "properties": {k: _prop(e.get(k)) for k in PROPERTIES}}


def export_events_geojson(store: Any, out: str | Path | TextIO, f: Any = None,
                          progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Stream the events matching ``f`` as a FeatureCollection; returns ``{features, without_geometry}``."""
    fh, own = _open(out)
    where, params = event_where(store, f, "e")
    cols = ", ".join(f"e.{c}" for c in (*PROPERTIES, "lat", "lon"))
    n = nogeo = 0
    try:
        fh.write('{"type":"FeatureCollection","features":[')
        for rows in batches(store, f"SELECT {cols} FROM events e WHERE {where} ORDER BY e.id", params):
            for e in rows:
                ft = feature(e)
                nogeo += ft["geometry"] is None
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(ft, ensure_ascii=False, separators=(",", ":")))
                n += 1
            if progress:
                progress(len(rows))
        fh.write("\n]}\n")
    finally:
        if own:
            fh.close()
    return {"features": n, "without_geometry": nogeo}


def _boundaries() -> list[dict]:
    feats = []
    for name in BOUNDARY_FILES:
        f = resources.files("marsad") / "data" / "boundaries" / name
        if f.is_file():
            feats += json.loads(f.read_text(encoding="utf-8"))["features"]
    return feats


def _admin1_keys(store: Any) -> dict[tuple[str, str], str]:
    """(country, name key of a boundary or alias spelling) -> our admin1, from the gazetteer's
    governorate rows (each lists the boundary spelling among its aliases)."""
    keys: dict[tuple[str, str], str] = {}
    for r in store._dicts("SELECT name, admin1, country, aliases FROM places WHERE kind = 'governorate'"):
        admin1 = r["admin1"] or r["name"]
        names = [r["name"], admin1] + list(json.loads(r["aliases"] or "[]"))
        for n in names:
            k = name_key(str(n).replace(" Governorate", "").replace(" Province", ""))
            keys.setdefault((r["country"] or "", k), admin1)
    return keys


def admin1_counts(store: Any, f: Any = None) -> dict[tuple[str, str], tuple[int, int]]:
    """{(country, admin1): (events, fatalities)} for the events matching ``f``."""
    where, params = event_where(store, f, "e")
    rows = store._dicts(
        f"SELECT e.country AS country, e.admin1 AS admin1, count(*) AS n, sum(COALESCE(e.fatalities, 0)) AS fat "
        f"FROM events e WHERE {where} AND e.admin1 IS NOT NULL GROUP BY e.country, e.admin1", params)
    return {((r["country"] or ""), r["admin1"]): (int(r["n"]), int(r["fat"] or 0)) for r in rows}


def export_admin1_geojson(store: Any, out: str | Path | TextIO, f: Any = None) -> dict[str, int]:
    """Governorate polygons with event counts; returns ``{features, events}`` (events counted on
    a polygon; events whose admin1 matches no bundled polygon are reported as ``unmatched``)."""
    counts = admin1_counts(store, f)
    keys = _admin1_keys(store)
    feats, placed = [], set()
    for b in _boundaries():
        p = b.get("properties") or {}
        country = p.get("country") or ""
        ours = keys.get((country, name_key(p.get("name") or "")), p.get("name"))
        n, fat = counts.get((country, ours), (0, 0))
        if n:
            placed.add((country, ours))
        feats.append({"type": "Feature", "geometry": b["geometry"],
                      "properties": {"name": p.get("name"), "admin1": ours, "country": country,
                                     "iso_3166_2": p.get("iso_3166_2"), "n": n, "fatalities": fat}})
    fh, own = _open(out)
    try:
        json.dump({"type": "FeatureCollection", "features": feats}, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    finally:
        if own:
            fh.close()
    unmatched = sum(v[0] for k, v in counts.items() if k not in placed)
    return {"features": len(feats), "events": sum(f_["properties"]["n"] for f_ in feats), "unmatched": unmatched}

"""GeoJSON (RFC 7946): events as points, and event counts per admin1 on the bundled boundaries.

:func:`export_events_geojson` streams a FeatureCollection, one Feature per event, newest first, read
and written batch by batch; an event without coordinates has ``"geometry": null`` (allowed by
RFC 7946) so that counts stay complete.
:func:`export_admin1_geojson` writes the governorate polygons of ``src/marsad/data/boundaries/``
with ``n`` (matching events) and ``fatalities`` in each feature's properties.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from marsad.interop.stream import BATCH, Reader, event_where, events_seen, write_chunks
from marsad.text import name_key

PROPERTIES = ("id", "type", "mode", "subtype", "date", "date_precision", "place_id", "place_name", "admin1",
              "country", "source_actor_id", "source_actor_name", "target_actor_id", "target_actor_name",
              "fatalities", "injuries", "certainty", "confidence", "status", "credibility", "corroboration",
              "first_reported")
BOUNDARY_FILES = ("IQ_adm1.geojson", "SY_adm1.geojson", "JO_adm1.geojson")


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


def iter_events_geojson(store: Any, f: Any = None, *, size: int = BATCH, counts: dict[str, int] | None = None,
                        progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The events matching ``f`` as a FeatureCollection, newest first (then by id), in text
    chunks of one batch each; ``counts`` receives ``features`` and ``without_geometry``."""
    counts = {} if counts is None else counts
    counts.update(features=0, without_geometry=0)
    where, params = event_where(store, f, "e")
    events, ep = events_seen(store)
    cols = ", ".join(f"e.{c}" for c in (*PROPERTIES, "lat", "lon"))
    rel = f"SELECT {cols}, e.day_lo AS _w, e.id AS _k FROM {events} e WHERE {where}"
    with Reader(store, size) as rd:
        yield '{"type":"FeatureCollection","features":['
        for rows in rd.ordered(rel, [*ep, *params]):
            if store._clearance is not None:  # events with sources this clearance may not see, fused again
                store._as_cleared_rows(rows, stored=True)
            parts = []
            for e in rows:
                ft = feature(e)
                counts["without_geometry"] += ft["geometry"] is None
                parts.append(("\n" if counts["features"] == 0 else ",\n")
                             + json.dumps(ft, ensure_ascii=False, separators=(",", ":")))
                counts["features"] += 1
            if progress:
                progress(len(rows))
            yield "".join(parts)
        yield "\n]}\n"


def export_events_geojson(store: Any, out: str | Path | TextIO, f: Any = None, *, size: int = BATCH,
                          progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the events matching ``f`` as a FeatureCollection; returns ``{features, without_geometry}``."""
    counts: dict[str, int] = {}
    write_chunks(out, iter_events_geojson(store, f, size=size, counts=counts, progress=progress))
    return counts


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
    """{(country, admin1): (events, fatalities)} for the events matching ``f`` (one row per admin1)."""
    where, params = event_where(store, f, "e")
    events, ep = events_seen(store)
    with Reader(store) as rd:
        rows = rd.rows(
            f"SELECT e.country AS country, e.admin1 AS admin1, count(*) AS n, sum(COALESCE(e.fatalities, 0)) AS fat "
            f"FROM {events} e WHERE {where} AND e.admin1 IS NOT NULL GROUP BY e.country, e.admin1", [*ep, *params])
    return {((r["country"] or ""), r["admin1"]): (int(r["n"]), int(r["fat"] or 0)) for r in rows}


def iter_admin1_geojson(store: Any, f: Any = None, *, counts: dict[str, int] | None = None) -> Iterator[str]:
    """Governorate polygons with event counts, one Feature per chunk; ``counts`` receives
    ``features``, ``events`` (events counted on a polygon) and ``unmatched`` (events whose admin1
    matches no bundled polygon)."""
    counts = {} if counts is None else counts
    counts.update(features=0, events=0)
    per_admin1 = admin1_counts(store, f)
    keys = _admin1_keys(store)
    placed = set()
    yield '{"type":"FeatureCollection","features":['
    for b in _boundaries():
        p = b.get("properties") or {}
        country = p.get("country") or ""
        ours = keys.get((country, name_key(p.get("name") or "")), p.get("name"))
        n, fat = per_admin1.get((country, ours), (0, 0))
        if n:
            placed.add((country, ours))
        ft = {"type": "Feature", "geometry": b["geometry"],
              "properties": {"name": p.get("name"), "admin1": ours, "country": country,
                             "iso_3166_2": p.get("iso_3166_2"), "n": n, "fatalities": fat}}
        yield ("" if counts["features"] == 0 else ",") + json.dumps(ft, ensure_ascii=False, separators=(",", ":"))
        counts["features"] += 1
        counts["events"] += n
    yield "]}\n"
    counts["unmatched"] = sum(v[0] for k, v in per_admin1.items() if k not in placed)


def export_admin1_geojson(store: Any, out: str | Path | TextIO, f: Any = None) -> dict[str, int]:
    """Write the governorate polygons with event counts; returns ``{features, events, unmatched}``."""
    counts: dict[str, int] = {}
    write_chunks(out, iter_admin1_geojson(store, f, counts=counts))
    return counts

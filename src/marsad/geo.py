"""Governorates on the map: the bundled boundary files joined to the store's ``admin1`` values.

The boundary files spell governorates as their producers do ("Al-Anbar", "Deir-ez-Zor", "Thi
Qar"); the gazetteer, and so every stored event, uses conventional English names ("Anbar", "Deir
ez-Zor", "Dhi Qar"). The dashboard therefore never filters by a display name: each boundary feature
has an id, its ISO 3166-2 code (``IQ-AN``), and :func:`admin1_areas` says which stored ``admin1``
values belong to it. A name is matched first (comparison keys, "Governorate" dropped); a value whose
name matches no feature is placed by where its governorate (or, failing that, most of its places)
lies, so Halabja, which the 2019 boundaries keep inside Sulaymaniyah, lands there.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.errors import MarsadError
from marsad.text import name_key

BOUNDARY_COUNTRIES = ("IQ", "SY", "JO")
CODE_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_SUFFIXES = (" governorate", " province", " muhafazat")


class UnknownArea(MarsadError):
    """An ISO 3166-2 code that names no bundled governorate."""

    code = "E402"


@lru_cache(maxsize=16)
def boundary_file(name: str) -> bytes | None:
    """The raw bytes of a bundled file under ``marsad/data/boundaries`` (None when absent)."""
    f = resources.files("marsad") / "data" / "boundaries" / name
    return f.read_bytes() if f.is_file() else None


@lru_cache(maxsize=1)
def adm1_features() -> tuple[dict, ...]:
    """Every bundled governorate feature (Iraq, Syria, Jordan), parsed once."""
    out: list[dict] = []
    for c in BOUNDARY_COUNTRIES:
        raw = boundary_file(f"{c}_adm1.geojson")
        if raw is not None:
            out.extend(json.loads(raw)["features"])
    return tuple(out)


def _key(name: str) -> str:
    k = name_key(name or "")
    for s in _SUFFIXES:
        if k.endswith(s):
            k = k[: -len(s)]
    return k.strip()


def _rings(geom: Mapping[str, Any]) -> list[list[list[list[float]]]]:
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["coordinates"])
    return []


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geom: Mapping[str, Any], lon: float, lat: float) -> bool:
    """Whether the point lies in a GeoJSON Polygon/MultiPolygon (holes respected)."""
    for poly in _rings(geom):
        if poly and _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, h) for h in poly[1:]):
            return True
    return False


@dataclass
class Admin1Area:
    """One governorate of the base map: its id (ISO 3166-2), the boundary file's name, its country
    and the stored ``admin1`` values that fall in it."""

    code: str
    name: str
    country: str
    admin1: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "country": self.country, "admin1": self.admin1}


def _locate(features: Iterable[dict], country: str | None, lon: Any, lat: Any) -> str | None:
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return None
    if x != x or y != y:  # NaN
        return None
    for f in features:
        p = f["properties"]
        if (not country or p["country"] == country) and contains(f["geometry"], x, y):
            return p["iso_3166_2"]
    return None


def admin1_areas(places: Iterable[Mapping[str, Any]], features: Iterable[dict] | None = None) -> list[Admin1Area]:
    """Join stored ``admin1`` values to boundary features.

    ``places``: rows with ``admin1``, ``country``, ``kind``, ``lat``, ``lon`` (the store's places
    table). Returns one :class:`Admin1Area` per feature, in file order; a value that neither a name
    nor a location places is left out (the caller reports it)."""
    feats = list(adm1_features() if features is None else features)
    areas = {f["properties"]["iso_3166_2"]: Admin1Area(
        f["properties"]["iso_3166_2"], f["properties"]["name"], f["properties"]["country"]) for f in feats}
    by_key = {(a.country, _key(a.name)): a.code for a in areas.values()}
    rows = [r for r in places if r.get("admin1")]
    values = sorted({(str(r["admin1"]), r.get("country") or None) for r in rows}, key=lambda v: (v[0], v[1] or ""))
    for value, country in values:
        code = by_key.get((country, _key(value))) if country else None
        if code is None and not country:
            hits = [c for (cc, k), c in by_key.items() if k == _key(value)]
            code = hits[0] if len(hits) == 1 else None
        if code is None:
            own = [r for r in rows if r["admin1"] == value and (r.get("country") or None) == country]
            gov = [r for r in own if r.get("kind") == "governorate"]
            for r in gov:
                code = _locate(feats, country, r.get("lon"), r.get("lat"))
                if code:
                    break
            if code is None:
                votes = Counter(c for r in own[:200] if (c := _locate(feats, country, r.get("lon"), r.get("lat"))))
                code = votes.most_common(1)[0][0] if votes else None
        if code and value not in areas[code].admin1:
            areas[code].admin1.append(value)
    return list(areas.values())


def resolve_admin1(values: Iterable[str], areas: Iterable[Admin1Area]) -> list[str]:
    """Replace ISO 3166-2 codes among ``values`` by the stored ``admin1`` values they stand for
    (other values pass through). An unknown code raises :class:`UnknownArea`; a known one that no
    stored value falls in matches nothing."""
    index = {a.code: a for a in areas}
    out: list[str] = []
    for v in values:
        if CODE_RE.match(v):
            area = index.get(v)
            if area is None:
                raise UnknownArea(f"admin1={v!r} is not the code of a governorate on the map")
            out.extend(area.admin1 or [v])  # the code itself matches no stored name
        else:
            out.append(v)
    return out

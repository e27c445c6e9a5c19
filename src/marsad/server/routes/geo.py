"""/api/geo: the bundled administrative boundaries (GeoJSON) and their attribution."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from marsad.errors import NotFound
from marsad.server.access import VIEWER, requires
from marsad.server.areas import areas_for
from marsad.server.deps import BadParameter, GateDep, records

router = APIRouter(prefix="/api/geo", tags=["geo"], dependencies=[requires(VIEWER)])

COUNTRIES = ("IQ", "SY", "JO")
LEVELS = {
    "adm1": "adm1",
    "1": "adm1",
    "admin1": "adm1",
    "adm2": "adm2",
    "2": "adm2",
    "admin2": "adm2",
}


@lru_cache(maxsize=16)
def _read(name: str) -> bytes | None:
    f = resources.files("marsad") / "data" / "boundaries" / name
    return f.read_bytes() if f.is_file() else None


@router.get("/attribution", summary="Attribution text for the boundaries")
def attribution() -> dict:
    raw = _read("ATTRIBUTION.md")
    if raw is None:
        raise NotFound("the boundary attribution file is not bundled")
    return {"markdown": raw.decode("utf-8")}


@router.get("/admin1", summary="Governorates on the map and the stored admin1 values in each")
def admin1(gate: GateDep) -> dict:
    """One item per boundary feature: `code` (ISO 3166-2, the id to filter on: `admin1=IQ-AN`),
    `name` (the boundary file's spelling), `country` and `admin1` (the stored names it covers).
    `unplaced` lists stored admin1 values that no governorate on the map covers."""
    areas = areas_for(gate)
    placed = {v for a in areas for v in a.admin1}
    stored = gate(lambda s: {r.get("admin1") for r in records(s.places(limit=100_000))})
    return {
        "items": [a.to_dict() for a in areas],
        "unplaced": sorted(v for v in stored if v and v not in placed),
    }


@router.get("/countries", summary="Country outlines of the region (Natural Earth)")
def countries() -> Response:
    """Natural Earth 1:110m country polygons around Iraq, for land, sea and country borders."""
    raw = _read("NE_countries_region.geojson")
    if raw is None:
        raise NotFound("no country outlines bundled")
    return Response(
        raw, media_type="application/geo+json", headers={"Cache-Control": "max-age=3600"}
    )


@router.get("/{country}/{level}", summary="Administrative boundaries as GeoJSON")
def boundaries(country: str, level: str) -> Response:
    """`country`: IQ, SY or JO; `level`: adm1 (governorates) or adm2 (districts, Iraq only)."""
    c = country.upper()
    if c not in COUNTRIES:
        raise BadParameter(
            f"country={country!r} has no bundled boundaries; use one of {', '.join(COUNTRIES)}"
        )
    lv = LEVELS.get(level.lower())
    if lv is None:
        raise BadParameter(f"level={level!r} is not adm1 or adm2")
    raw = _read(f"{c}_{lv}.geojson")
    if raw is None:
        raise NotFound(f"no {lv} boundaries bundled for {c}")
    return Response(
        raw, media_type="application/geo+json", headers={"Cache-Control": "max-age=3600"}
    )

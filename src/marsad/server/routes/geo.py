"""/api/geo: the bundled administrative boundaries (GeoJSON) and their attribution."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from marsad.errors import NotFound
from marsad.server.deps import BadParameter

router = APIRouter(prefix="/api/geo", tags=["geo"])

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

"""One entry point for every export format, used by the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.errors import InteropError

FORMATS = ("acled", "stix", "geojson", "graphml", "parquet")
SUFFIX = {"acled": ".csv", "stix": ".json", "geojson": ".geojson", "graphml": ".graphml", "parquet": ""}
MEDIA = {"acled": "text/csv", "stix": "application/stix+json;version=2.1", "geojson": "application/geo+json",
         "graphml": "application/graphml+xml", "parquet": "application/zip"}


def admin1_path(out: str | Path) -> Path:
    """Where ``export geojson -o X.geojson`` writes the admin1 counts: ``X.admin1.geojson``."""
    p = Path(out)
    return p.with_name(p.stem + ".admin1" + (p.suffix or ".geojson"))


def export(store: Any, fmt: str, out: str | Path, f: Any = None, *, as_of: str | None = None,
           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write ``store`` (events matching ``f``) as ``fmt`` to ``out``; returns counts."""
    if fmt not in FORMATS:
        raise InteropError(f"format {fmt!r} is not one of: {', '.join(FORMATS)}")
    if as_of is not None:
        from marsad.store.filters import parse_date

        as_of = parse_date(as_of, "as_of")
    out = Path(out)
    if fmt != "parquet" and out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name for the {fmt} export")
    if fmt != "parquet" and not out.parent.exists():
        raise InteropError(f"{out.parent} does not exist")
    if fmt == "acled":
        from marsad.interop.acled import export_acled

        return export_acled(store, out, f, progress=progress)
    if fmt == "stix":
        from marsad.interop.stix import export_stix

        return export_stix(store, out, f, progress=progress)
    if fmt == "geojson":
        from marsad.interop.geojson import export_admin1_geojson, export_events_geojson

        counts = export_events_geojson(store, out, f, progress=progress)
        a1 = export_admin1_geojson(store, admin1_path(out), f)
        counts.update({"admin1_features": a1["features"], "admin1_events": a1["events"]})
        return counts
    if fmt == "graphml":
        from marsad.interop.graphml import export_graphml

        return export_graphml(store, out, f, as_of=as_of)
    from marsad.interop.parquet import export_parquet

    return export_parquet(store, out, f, progress=progress)

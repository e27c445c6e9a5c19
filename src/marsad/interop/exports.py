"""One entry point for every export format, used by the CLI and the API.

:func:`export` writes a file (a directory for Parquet); :func:`chunks` gives the same text formats
as a stream of text chunks (what the API sends). Both read the store in batches of ``size`` rows
(:mod:`marsad.interop.stream`), so memory does not grow with the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.errors import InteropError
from marsad.interop.stream import BATCH, write_chunks

FORMATS = ("acled", "stix", "geojson", "graphml", "parquet")
# text formats that stream as chunks; "geojson-admin1" is the admin1 counts on their own
TEXT_FORMATS = ("acled", "stix", "geojson", "geojson-admin1", "graphml")
SUFFIX = {"acled": ".csv", "stix": ".json", "geojson": ".geojson", "geojson-admin1": ".geojson",
          "graphml": ".graphml", "parquet": ""}
MEDIA = {"acled": "text/csv", "stix": "application/stix+json;version=2.1", "geojson": "application/geo+json",
         "geojson-admin1": "application/geo+json", "graphml": "application/graphml+xml",
         "parquet": "application/zip"}


def admin1_path(out: str | Path) -> Path:
    """Where ``export geojson -o X.geojson`` writes the admin1 counts: ``X.admin1.geojson``."""
    p = Path(out)
    return p.with_name(p.stem + ".admin1" + (p.suffix or ".geojson"))


def _as_of(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    from marsad.store.filters import parse_date

    return parse_date(as_of, "as_of")


def chunks(store: Any, fmt: str, f: Any = None, *, as_of: str | None = None, size: int = BATCH,
           counts: dict[str, int] | None = None, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The export ``fmt`` (one of :data:`TEXT_FORMATS`) as text chunks, one per batch read;
    ``counts`` is filled as the chunks are produced. Arguments are checked before the first chunk."""
    if fmt not in TEXT_FORMATS:
        raise InteropError(f"format {fmt!r} is not one of: {', '.join(TEXT_FORMATS)}")
    as_of = _as_of(as_of)
    counts = {} if counts is None else counts
    if fmt == "acled":
        from marsad.interop.acled import iter_acled_csv

        return iter_acled_csv(store, f, size=size, counts=counts, progress=progress)
    if fmt == "stix":
        from marsad.interop.stix import iter_stix

        return iter_stix(store, f, size=size, counts=counts, progress=progress)
    if fmt == "geojson":
        from marsad.interop.geojson import iter_events_geojson

        return iter_events_geojson(store, f, size=size, counts=counts, progress=progress)
    if fmt == "geojson-admin1":
        from marsad.interop.geojson import iter_admin1_geojson

        return iter_admin1_geojson(store, f, counts=counts)
    from marsad.interop.graphml import iter_graphml

    return iter_graphml(store, f, as_of, size=size, counts=counts, progress=progress)


def export(store: Any, fmt: str, out: str | Path, f: Any = None, *, as_of: str | None = None, size: int = BATCH,
           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write ``store`` (events matching ``f``) as ``fmt`` to ``out``, reading ``size`` rows at a
    time; returns counts. ``progress(n)`` is told the events (rows for Parquet) of each batch."""
    if fmt not in FORMATS:
        raise InteropError(f"format {fmt!r} is not one of: {', '.join(FORMATS)}")
    as_of = _as_of(as_of)
    out = Path(out)
    if fmt != "parquet" and out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name for the {fmt} export")
    if fmt != "parquet" and not out.parent.exists():
        raise InteropError(f"{out.parent} does not exist")
    if fmt == "parquet":
        from marsad.interop.parquet import export_parquet

        return export_parquet(store, out, f, size=size, progress=progress)
    counts: dict[str, int] = {}
    write_chunks(out, chunks(store, fmt, f, as_of=as_of, size=size, counts=counts, progress=progress))
    if fmt == "geojson":
        a1: dict[str, int] = {}
        write_chunks(admin1_path(out), chunks(store, "geojson-admin1", f, counts=a1))
        counts.update({"admin1_features": a1["features"], "admin1_events": a1["events"]})
    return counts

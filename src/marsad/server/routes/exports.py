"""/api/export/{format}: the same exports as ``marsad export``, as downloads.

The export is written to a temporary file (a zip of the table directories for Parquet) while the
store is held, then streamed to the client and deleted. Filters are the ones of /api/events.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from marsad.server.access import VIEWER, IdentityDep, record_export, requires
from marsad.server.deps import BadParameter, GateDep
from marsad.server.filters import EventParamsDep


def params_record(f) -> dict:
    """The filters of an export, as kept in its audit record."""
    from dataclasses import asdict

    return {k: v for k, v in asdict(f).items() if v not in (None, "", [], (), False)}


router = APIRouter(prefix="/api/export", tags=["export"], dependencies=[requires(VIEWER)])


@router.get("/{fmt}", summary="Download an export (acled, stix, geojson, graphml, parquet)")
def download(
    gate: GateDep,
    identity: IdentityDep,
    params: EventParamsDep,
    fmt: Annotated[str, PathParam(description="acled, stix, geojson, graphml or parquet")],
    as_of: Annotated[str | None, Query(description="network as of this date (graphml)")] = None,
) -> FileResponse:
    """The events matching the filters in another tool's format. `geojson` gives the event
    points (the admin1 counts are at `geojson-admin1`); `parquet` a zip of one directory per table."""
    from marsad.interop.exports import FORMATS, MEDIA, SUFFIX, export

    name = fmt.lower()
    if name not in (*FORMATS, "geojson-admin1"):
        raise BadParameter(f"format={fmt!r} is not one of: {', '.join((*FORMATS, 'geojson-admin1'))}")
    f = params.to_filter()
    record_export(gate, identity, name, {"filters": params_record(f), "as_of": as_of})
    tmp = Path(tempfile.mkdtemp(prefix="marsad-export-"))
    cleanup = BackgroundTask(shutil.rmtree, tmp, ignore_errors=True)
    try:
        if name == "geojson-admin1":
            from marsad.interop.geojson import export_admin1_geojson

            out = tmp / "marsad-admin1.geojson"
            gate(lambda s: export_admin1_geojson(s, out, f))
            return FileResponse(out, media_type=MEDIA["geojson"], filename=out.name, background=cleanup)
        out = tmp / f"marsad-{name}{SUFFIX[name]}"
        gate(lambda s: export(s, name, out, f, as_of=as_of))
        if name == "parquet":
            archive = tmp / "marsad-parquet.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
                for p in sorted(out.rglob("*.parquet")):
                    z.write(p, p.relative_to(out).as_posix())
            out = archive
        return FileResponse(out, media_type=MEDIA[name], filename=out.name, background=cleanup)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

"""/api/export/{format}: the same exports as ``marsad export``, as downloads.

The text formats (ACLED CSV, STIX, GeoJSON, admin1 GeoJSON, GraphML) stream: the export runs in a
thread of its own, as one store call, and hands each batch's text to the response through a
small queue, so the download starts at once, the server holds a few batches whatever the number
of events, and a client that goes away stops the export. An error before the first bytes gives
the usual error response; a later one cuts the download short. Parquet, a directory of files, is
written to a temporary directory, zipped, sent and deleted. Filters are the ones of /api/events.
"""

from __future__ import annotations

import itertools
import queue
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from marsad.server.access import VIEWER, IdentityDep, record_export, requires
from marsad.server.deps import BadParameter, GateDep
from marsad.server.filters import EventParamsDep


def params_record(f) -> dict:
    """The filters of an export, as kept in its audit record."""
    from dataclasses import asdict

    return {k: v for k, v in asdict(f).items() if v not in (None, "", [], (), False)}


router = APIRouter(prefix="/api/export", tags=["export"], dependencies=[requires(VIEWER)])
QUEUE_CHUNKS = 4  # batches waiting for the client at most
_DONE = object()


def _produce(gate: Any, make: Callable[[Any], Iterator[str]], q: queue.Queue, stop: threading.Event) -> None:
    """Run the export inside one store call, putting each chunk (then the end, or the error) on ``q``."""

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def run(store: Any) -> None:
        for chunk in make(store):
            if chunk and not put(chunk.encode("utf-8")):
                return  # the client went away

    try:
        gate(run)
        end: Any = _DONE
    except BaseException as exc:  # handed to the response, which raises it
        end = exc
    put(end)


def stream_export(gate: Any, make: Callable[[Any], Iterator[str]]) -> Iterator[bytes]:
    """The chunks of ``make(store)`` as bytes, produced in a thread of their own; see the module
    docstring. Closing the iterator stops the export."""
    q: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()
    threading.Thread(target=_produce, args=(gate, make, q, stop), name="marsad-export", daemon=True).start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


@router.get("/{fmt}", summary="Download an export (acled, stix, geojson, geojson-admin1, graphml, parquet)")
def download(
    gate: GateDep,
    identity: IdentityDep,
    params: EventParamsDep,
    fmt: Annotated[str, PathParam(description="acled, stix, geojson, geojson-admin1, graphml or parquet")],
    as_of: Annotated[str | None, Query(description="network as of this date (graphml)")] = None,
) -> Any:
    """The events matching the filters in another tool's format. `geojson` gives the event
    points (the admin1 counts are at `geojson-admin1`); `parquet` a zip of one directory per table."""
    from marsad.interop.exports import FORMATS, MEDIA, SUFFIX, TEXT_FORMATS, chunks

    name = fmt.lower()
    if name not in (*FORMATS, "geojson-admin1"):
        raise BadParameter(f"format={fmt!r} is not one of: {', '.join((*FORMATS, 'geojson-admin1'))}")
    f = params.to_filter()
    record_export(gate, identity, name, {"filters": params_record(f), "as_of": as_of})
    filename = f"marsad-{'admin1' if name == 'geojson-admin1' else name}{SUFFIX[name]}"
    if name in TEXT_FORMATS:
        body = stream_export(gate, lambda s: chunks(s, name, f, as_of=as_of))
        first = next(body, b"")  # an error before any byte is sent becomes the error response
        return StreamingResponse(itertools.chain([first], body), media_type=MEDIA[name],
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return _parquet_zip(gate, f)


def _parquet_zip(gate: Any, f: Any) -> FileResponse:
    from marsad.interop.exports import MEDIA, export

    tmp = Path(tempfile.mkdtemp(prefix="marsad-export-"))
    try:
        out = tmp / "marsad-parquet"
        gate(lambda s: export(s, "parquet", out, f))
        archive = tmp / "marsad-parquet.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
            for p in sorted(out.rglob("*.parquet")):
                z.write(p, p.relative_to(out).as_posix())
        return FileResponse(archive, media_type=MEDIA["parquet"], filename=archive.name,
                            background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

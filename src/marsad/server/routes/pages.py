"""The dashboard page (`/`) and an offline API reference (`/docs`) rendered from the OpenAPI schema."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from marsad.server.access import PUBLIC, requires

router = APIRouter(include_in_schema=False, dependencies=[requires(PUBLIC)])


@router.get("/")
def index() -> FileResponse:
    from marsad.server.app import ui_dir

    return FileResponse(ui_dir() / "index.html", media_type="text/html")


@router.get("/favicon.ico")
def favicon() -> Response:
    from marsad.server.app import ui_dir

    return FileResponse(ui_dir() / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """A self-contained page that fetches /openapi.json and lists every path, parameter and body."""
    from marsad.server.app import ui_dir

    return HTMLResponse((ui_dir() / "docs.html").read_text(encoding="utf-8"))

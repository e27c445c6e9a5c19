"""The FastAPI application: REST API under ``/api``, dashboard at ``/``, offline API docs at ``/docs``.

Nothing happens at import time; :func:`create_app` builds an app around a settings object and an
optional, already opened store (tests inject one; otherwise ``settings.db`` is opened on first use).
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.config import Settings
from marsad.errors import MarsadError, NotFound
from marsad.server.deps import StoreGate

log = logging.getLogger(__name__)

RELEASE_AFTER = 0.3  # seconds without a request after which a DuckDB file is closed

_HTTP_CODES = {
    400: "E400",
    401: "E401",
    403: "E403",
    404: "E404",
    405: "E405",
    409: "E409",
    413: "E413",
    415: "E415",
    421: "E421",
}


def error_body(code: str, message: str, **extra: Any) -> dict:
    err = {"code": code, "message": message}
    err.update(extra)
    return {"error": err}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        msg = e.get("msg", "invalid value")
        given = e.get("input")
        if isinstance(given, (str, int, float)) and not isinstance(given, bool):
            parts.append(f"{where}={given!r}: {msg}")
        else:
            parts.append(f"{where}: {msg}")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        return JSONResponse(error_body("E400", _validation_message(exc)), status_code=400)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return JSONResponse(error_body(exc.code, exc.message), status_code=404)

    @app.exception_handler(MarsadError)
    async def _marsad(request: Request, exc: MarsadError):
        # StoreError, ModelError, BadParameter, PackError: the request asked for something invalid;
        # a store that cannot be reached is 503 (the same statuses as before a route, guard.status_of)
        from marsad.server.guard import status_of

        status = status_of(exc)
        return JSONResponse(error_body(exc.code, exc.message), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, f"E{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return JSONResponse(
            error_body(code, message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse(
            error_body("E500", f"internal error: {type(exc).__name__}"), status_code=500
        )


def vendor_dir() -> Path:
    """The pinned browser libraries bundled with Marsad (see ``server/vendor/VENDOR.md``)."""
    return Path(str(resources.files("marsad.server") / "vendor"))


def ui_dir() -> Path:
    return Path(str(resources.files("marsad.server") / "ui"))


def create_app(settings: Settings | None = None, store: Any = None) -> FastAPI:
    """Build the API + dashboard application.

    ``settings`` defaults to ``Settings.load()``; ``store`` is any object with the Store methods
    (left open on shutdown when injected). Everything the API shows, the knowledge pack's actors
    and dated affiliations included, comes from the store (``Store.load_pack``).
    """
    settings = settings or Settings.load()
    from marsad.workbench import Workbench

    wb = Workbench(settings, store=store)
    # A DuckDB file the server opens itself is released after each burst of requests, so that
    # the command line can use it while the server runs (docs/store.md, "Sharing a database").
    gate = StoreGate(wb.open_store, store, release_after=RELEASE_AFTER if wb.holds_file else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        gate.close()

    app = FastAPI(
        title="Marsad API",
        version=__version__,
        description="Sourced knowledge base of events, actors, claims and relations in Iraq, Syria and Jordan.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.gate = gate
    from marsad.server.cache import ResponseCache

    app.state.response_cache = ResponseCache()  # answers of the expensive reads (server/cache.py)
    _install_error_handlers(app)

    from marsad.server.routes import ROUTERS

    for router in ROUTERS:
        app.include_router(router)

    app.mount("/vendor", StaticFiles(directory=vendor_dir()), name="vendor")
    app.mount("/ui", StaticFiles(directory=ui_dir()), name="ui")
    from marsad.server.guard import install

    install(app, settings)  # every route's role, sessions and tokens (--team), cross-site refusals
    from marsad.server import security

    security.install(app, settings)  # Host names, body size, JSON-only writes, CSP (docs/security.md)
    return app

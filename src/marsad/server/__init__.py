"""REST API and dashboard: ``create_app(settings, store=None)`` builds the FastAPI application."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(settings=None, store=None, **kwargs):
    """Build the application (see :func:`marsad.server.app.create_app`)."""
    from marsad.server.app import create_app as _create

    return _create(settings, store, **kwargs)

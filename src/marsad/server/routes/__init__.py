"""One router per resource; :data:`ROUTERS` lists them in the order the app includes them."""

from __future__ import annotations

from marsad.server.routes import (
    actors,
    admin,
    analysis,
    audit,
    auth,
    claims,
    documents,
    events,
    exports,
    fusion,
    geo,
    network,
    pages,
    places,
    politics,
    relations,
    review,
    search,
    stats,
)

ROUTERS = [
    documents.router,
    events.router,
    actors.router,
    places.router,
    claims.router,
    relations.router,
    network.router,
    search.router,
    stats.router,
    geo.router,
    review.router,
    audit.router,
    politics.router,
    exports.router,
    fusion.router,
    analysis.router,
    auth.router,
    admin.router,
    pages.router,
]

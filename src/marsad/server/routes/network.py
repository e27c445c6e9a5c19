"""/api/network: actors as nodes; affiliations, relations and co-participation as edges."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request

from marsad.server.deps import BadParameter, GateDep, csv_param, date_param
from marsad.server.filters import EventParamsDep
from marsad.server.network import EDGE_TYPES, build_network

router = APIRouter(prefix="/api/network", tags=["network"])
log = logging.getLogger(__name__)


def _pack(request: Request):
    """The knowledge pack for dated affiliations, loaded once; None when it cannot be loaded."""
    app = request.app
    if app.state.pack is None and not getattr(app.state, "pack_failed", False):
        try:
            from marsad.knowledge.pack import KnowledgePack

            app.state.pack = KnowledgePack.load(list(app.state.settings.packs))
        except Exception as exc:  # the network still works from the store alone
            log.warning("knowledge pack not loaded for the network view: %s", exc)
            app.state.pack_failed = True
    return app.state.pack


@router.get("", summary="Actor network")
def network(
    request: Request,
    gate: GateDep,
    params: EventParamsDep,
    as_of: Annotated[
        str | None, Query(description="keep affiliations active on this date; events up to it")
    ] = None,
    edge_types: Annotated[
        str | None, Query(description="comma-separated: " + ", ".join(EDGE_TYPES))
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="hops around `actor`")] = 1,
    min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=20_000)] = 5000,
    max_events: Annotated[
        int, Query(ge=0, le=200_000, description="events read for co-participation")
    ] = 20_000,
) -> dict:
    """Nodes carry precomputed `x`/`y`; `actor` (from the event filters) gives an ego network."""
    as_of = date_param(as_of, "as_of")
    types = csv_param(edge_types) or list(EDGE_TYPES)
    bad = [t for t in types if t not in EDGE_TYPES]
    if bad:
        raise BadParameter(f"edge_types={','.join(bad)} is not one of {', '.join(EDGE_TYPES)}")
    # the ego filter is applied to the graph, not to the events, so co-participants stay in view
    center = params.actor
    params.actor = None
    f = params.to_filter()
    pack = _pack(request)

    def run(s):
        rels = s.relations(limit=100_000)
        evs = s.events(f, limit=max_events) if ("co_event" in types and max_events) else None
        acts = s.actors(limit=20_000)
        return rels, evs, acts

    rels, evs, acts = gate(run)
    return build_network(
        rels,
        evs,
        acts,
        pack.affiliations if pack is not None else (),
        as_of=as_of,
        types=types,
        actor=center,
        depth=depth,
        min_weight=min_weight,
        max_nodes=max_nodes,
        pack_actors=(pack.actors if pack is not None else None),
    )

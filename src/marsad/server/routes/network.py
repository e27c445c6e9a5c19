"""/api/network: actors as nodes; affiliations, relations and co-participation as edges.

Pack links and document relations come from the store (``Store.affiliations``), so the network
shows the knowledge pack that was copied into the store (``Store.load_pack``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from marsad.errors import NotFound
from marsad.model import ACTOR_KINDS
from marsad.server.access import VIEWER, requires
from marsad.server.cache import EventReads, Kept, cached_json
from marsad.server.deps import BadParameter, GateDep, csv_param, date_param
from marsad.server.filters import EventParamsDep
from marsad.server.network import EDGE_TYPES, build_network

router = APIRouter(prefix="/api/network", tags=["network"], dependencies=[requires(VIEWER)])


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
    kinds: Annotated[
        str | None, Query(description="actor kinds to keep, comma-separated: " + ", ".join(ACTOR_KINDS))
    ] = None,
    expand: Annotated[
        str | None,
        Query(max_length=5000, description="actor ids whose neighbours are shown beyond `max_nodes`"),
    ] = None,
):
    """Nodes carry precomputed `x`/`y`; `actor` (from the event filters) gives an ego network."""
    as_of = date_param(as_of, "as_of")
    types = csv_param(edge_types) or list(EDGE_TYPES)
    bad = [t for t in types if t not in EDGE_TYPES]
    if bad:
        raise BadParameter(f"edge_types={','.join(bad)} is not one of {', '.join(EDGE_TYPES)}")
    kind_list = csv_param(kinds)
    bad = [k for k in kind_list or () if k not in ACTOR_KINDS]
    if bad:
        raise BadParameter(f"kinds={','.join(bad)} is not one of {', '.join(ACTOR_KINDS)}")
    # the ego filter is applied to the graph, not to the events, so co-participants stay in view
    center = params.actor
    params.actor = None
    f = params.to_filter()

    def run(s):
        affs = s.affiliations(as_of=as_of)
        # the co-participation of the events, counted by the database
        pairs, floor = (s.co_participation_window(f, limit=max_events, days=bool(as_of))
                        if ("co_event" in types and max_events) else ([], None))
        acts = s.actors(limit=20_000, count_events=False)  # names and kinds; the graph gives degrees
        if center and center not in set(acts["id"]):
            raise NotFound(f"no actor with id {center!r}; look names up with /api/actors?q=")
        net = build_network(
            affs,
            None,
            acts,
            pairs=pairs,
            as_of=as_of,
            types=types,
            actor=center,
            depth=depth,
            min_weight=min_weight,
            max_nodes=max_nodes,
            kinds=kind_list,
            expand=csv_param(expand) or (),
        )
        # kept across reviews, but for a rejection (or its undo) of an event it read
        return Kept(net, EventReads(status_filtered=bool(f.status),
                                    rejected_among=lambda st, ids: st.any_event_read(ids, f, floor)))

    return cached_json(request, gate, run)

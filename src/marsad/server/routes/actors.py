"""/api/actors: actor search and an actor's profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from marsad.model import ACTOR_KINDS
from marsad.server.access import VIEWER, requires
from marsad.server.deps import BadParameter, Cursor, GateDep, Limit, clean, page, records

router = APIRouter(prefix="/api/actors", tags=["actors"], dependencies=[requires(VIEWER)])


@router.get("", summary="List or search actors")
def list_actors(
    gate: GateDep,
    q: Annotated[str | None, Query(max_length=200, description="name or alias, fuzzy")] = None,
    kind: Annotated[str | None, Query(description="one of " + ", ".join(ACTOR_KINDS))] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict:
    if kind is not None and kind not in ACTOR_KINDS:
        raise BadParameter(f"kind={kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    df = gate(
        lambda s: s.actors(query=(q or None), kind=kind, limit=limit + 1, cursor=cursor or None)
    )
    return page(df, limit)


@router.get("/{actor_id}", summary="Actor profile")
def get_actor(gate: GateDep, actor_id: Annotated[str, Path(max_length=300)]) -> dict:
    """Aliases, sector, leaders over time, affiliations, events as source and target, claims.

    Events in the profile also carry `source_actor_name` / `target_actor_name`."""

    def run(s):
        prof = s.actor(actor_id)
        evs = [*prof.get("events_as_source", []), *prof.get("events_as_target", [])]
        wanted = {
            e.get(f"{side}_actor_id")
            for e in evs
            for side in ("source", "target")
            if e.get(f"{side}_actor_id") and not e.get(f"{side}_actor_name")
        }
        if wanted:
            names = {
                r["id"]: r["name"]
                for r in records(s.actors(limit=100_000))
                if r.get("id") in wanted
            }
            for e in evs:
                for side in ("source", "target"):
                    aid = e.get(f"{side}_actor_id")
                    if aid and not e.get(f"{side}_actor_name"):
                        e[f"{side}_actor_name"] = names.get(aid, aid)
        return prof

    return clean(gate(run))

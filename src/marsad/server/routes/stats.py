"""/api/stats: counts by period x type (or actor), by admin1, by type, and totals."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from marsad.server.deps import GateDep, clean
from marsad.server.filters import EventParamsDep

router = APIRouter(prefix="/api/stats", tags=["stats"])


@router.get("", summary="Event counts")
def stats(
    gate: GateDep,
    params: EventParamsDep,
    by: Annotated[Literal["week", "month", "year"], Query(description="period of the time series")] = "month",
) -> dict:
    """The same filters as ``/api/events``; ``by`` sets the period of the time series."""
    f = params.to_filter()
    return clean(gate(lambda s: s.stats(f, by=by)))

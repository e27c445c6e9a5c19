"""The event filter shared by /api/events, /api/stats, /api/network and /api/search.

Every filter is an optional query parameter; lists are comma-separated (``type=ASSAULT,THREATEN``).
Bad values raise :class:`~marsad.server.deps.BadParameter` (HTTP 400) before the store is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from marsad.geo import CODE_RE, UnknownArea, resolve_admin1
from marsad.server.deps import (
    BadParameter,
    country_param,
    csv_param,
    date_param,
    mode_param,
    one_or_many,
    type_param,
)

STATUSES = ("draft", "confirmed", "rejected", "edited", "merged")


@dataclass
class EventParams:
    start: str | None = None
    end: str | None = None
    type: list[str] | None = None
    mode: list[str] | None = None
    actor: str | None = None
    include_affiliates: bool = False
    admin1: list[str] | None = None
    country: list[str] | None = None
    status: list[str] | None = None
    min_corroboration: int | None = None
    place: str | None = None
    q: str | None = None

    def to_filter(self) -> Any:
        """The store's ``EventFilter`` for these parameters."""
        from marsad.store import EventFilter

        return EventFilter(
            start=self.start,
            end=self.end,
            type=one_or_many(self.type),
            mode=one_or_many(self.mode),
            actor=self.actor,
            include_affiliates=self.include_affiliates,
            admin1=one_or_many(self.admin1),
            country=one_or_many(self.country),
            status=one_or_many(self.status),
            min_corroboration=self.min_corroboration,
            place=self.place,
            text=self.q,
        )

    def is_empty(self) -> bool:
        return all(
            getattr(self, k) in (None, False)
            for k in (
                "start",
                "end",
                "type",
                "mode",
                "actor",
                "admin1",
                "country",
                "status",
                "min_corroboration",
                "place",
                "q",
            )
        )


def event_params(
    request: Request,
    start: Annotated[
        str | None, Query(description="first date (YYYY, YYYY-MM or YYYY-MM-DD)")
    ] = None,
    end: Annotated[str | None, Query(description="last date, inclusive")] = None,
    type: Annotated[str | None, Query(description="PLOVER type(s), comma-separated")] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode(s), comma-separated")] = None,
    actor: Annotated[str | None, Query(description="actor id, as source or target")] = None,
    include_affiliates: Annotated[
        bool, Query(description="also match actors affiliated with `actor`")
    ] = False,
    admin1: Annotated[
        str | None,
        Query(
            description="governorate(s), comma-separated: ISO 3166-2 codes as on the map "
            "(`IQ-AN`, see /api/geo/admin1) or stored names"
        ),
    ] = None,
    country: Annotated[
        str | None, Query(description="ISO 3166-1 alpha-2 code(s): IQ, SY, JO")
    ] = None,
    status: Annotated[
        str | None, Query(description="review status: " + ", ".join(STATUSES))
    ] = None,
    min_corroboration: Annotated[
        int | None, Query(ge=0, le=10_000, description="least number of sources")
    ] = None,
    place: Annotated[str | None, Query(description="place id")] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="text in evidence or actor names")
    ] = None,
) -> EventParams:
    s = date_param(start, "start")
    e = date_param(end, "end")
    if s and e and s[: len(e)] > e[: len(s)]:
        raise BadParameter(f"start={s} is after end={e}")
    types = type_param(type)
    statuses = csv_param(status)
    if statuses:
        statuses = [x.lower() for x in statuses]
        bad = [x for x in statuses if x not in STATUSES]
        if bad:
            raise BadParameter(f"status={','.join(bad)} is not one of {', '.join(STATUSES)}")
    return EventParams(
        start=s,
        end=e,
        type=types,
        mode=mode_param(mode, types),
        actor=(actor or None),
        include_affiliates=include_affiliates,
        admin1=_admin1(request, csv_param(admin1)),
        country=country_param(country),
        status=statuses,
        min_corroboration=min_corroboration,
        place=(place or None),
        q=(q.strip() or None) if q else None,
    )


def _admin1(request: Request, values: list[str] | None) -> list[str] | None:
    """Governorate codes (the map's ids) become the stored admin1 names they cover."""
    if not values or not any(CODE_RE.match(v) for v in values):
        return values
    from marsad.server.areas import areas_for
    from marsad.server.deps import gate_for

    try:
        return resolve_admin1(values, areas_for(gate_for(request)))
    except UnknownArea as e:
        raise BadParameter(str(e).split("] ", 1)[-1]) from None


EventParamsDep = Annotated[EventParams, Depends(event_params)]

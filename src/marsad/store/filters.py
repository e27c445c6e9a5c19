"""Query filters and their validation, and the date arithmetic they share with fusion.

:class:`EventFilter` accepts a single value or a list for the multi-valued fields (``type``,
``mode``, ``admin1``, ``country``, ``status``). :meth:`EventFilter.checked` returns a normalised copy
or raises :class:`~marsad.errors.StoreError` naming the bad field and the accepted values.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from marsad.errors import ModelError, StoreError
from marsad.model import check_date
from marsad.ontology import PLOVER_TYPES

STATUSES = ("draft", "confirmed", "rejected", "edited", "merged")
PERIODS = ("week", "month", "year")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")


def day_range(value: str | None) -> tuple[date | None, date | None]:
    """First and last day covered by ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (None -> None, None)."""
    if not value:
        return None, None
    y = int(value[:4])
    if len(value) == 4:
        return date(y, 1, 1), date(y, 12, 31)
    m = int(value[5:7])
    if len(value) == 7:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(y, m, int(value[8:10]))
    return d, d


def parse_date(value: Any, what: str) -> str | None:
    """Validate a filter date; the message names the parameter."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        check_date(str(value), what)
        day_range(str(value))
    except (ModelError, ValueError):
        raise StoreError(f"{what}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return str(value)


def as_list(value: Any) -> list[str] | None:
    """``None`` -> None; ``"a,b"`` or ``["a", "b"]`` -> ``["a", "b"]``."""
    if value is None:
        return None
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    else:
        items = [str(v).strip() for v in value]
    items = [v for v in items if v]
    return items or None


def check_choice(values: list[str] | None, allowed, what: str) -> list[str] | None:
    if values is None:
        return None
    for v in values:
        if v not in allowed:
            raise StoreError(f"{what}={v!r} is not one of: {', '.join(allowed)}")
    return values


def check_limit(limit: Any, maximum: int = 100_000) -> int:
    try:
        n = int(limit)
    except (TypeError, ValueError):
        raise StoreError(f"limit={limit!r} is not a whole number") from None
    if isinstance(limit, bool) or n < 1 or n > maximum:
        raise StoreError(f"limit={limit!r} must be between 1 and {maximum}")
    return n


def active_on(start: str | None, end: str | None, when: str | None) -> bool:
    """Whether a dated link (``start``/``end`` at any precision, open when None) is in force on
    ``when``; dates are compared at the coarser of the two precisions (``2024`` is in force on
    ``2024-06-01``). An unknown ``when`` matches."""
    if not when:
        return True
    if start and when[: len(start)] < start[: len(when)]:
        return False
    if end and when[: len(end)] > end[: len(when)]:
        return False
    return True


def shift(d: date | None, days: int) -> date | None:
    return None if d is None else d + timedelta(days=days)


@dataclass
class EventFilter:
    """Which events to return. Every field is optional; lists may also be comma-separated strings.

    ``actor`` matches the source or the target actor; with ``include_affiliates`` also any actor
    affiliated with it (either direction) on the event's date. ``text`` searches the evidence of
    the event's sources. ``status`` defaults to every status but ``merged``.
    """

    start: str | None = None
    end: str | None = None
    type: Any = None
    mode: Any = None
    actor: str | None = None
    include_affiliates: bool = False
    admin1: Any = None
    country: Any = None
    status: Any = None
    min_corroboration: int | None = None
    place: str | None = None
    text: str | None = None

    def checked(self) -> EventFilter:
        """A normalised copy (lists, upper-case types and countries); raises StoreError."""
        start = parse_date(self.start, "start")
        end = parse_date(self.end, "end")
        if start and end and day_range(start)[0] > day_range(end)[1]:
            raise StoreError(f"start={start} is after end={end}")
        types = as_list(self.type)
        if types:
            types = [t.upper() for t in types]
        check_choice(types, tuple(PLOVER_TYPES), "type")
        modes = as_list(self.mode)
        if modes:
            allowed = sorted({m for t in (types or PLOVER_TYPES) for m in PLOVER_TYPES[t]})
            check_choice(modes, allowed, "mode")
        countries = as_list(self.country)
        if countries:
            for c in countries:
                if not COUNTRY_RE.match(c):
                    raise StoreError(f"country={c!r} is not an ISO 3166-1 alpha-2 code such as IQ, SY, JO")
            countries = [c.upper() for c in countries]
        statuses = check_choice(as_list(self.status), STATUSES, "status")
        mc = self.min_corroboration
        if mc is not None:
            try:
                mc_int = int(mc)
            except (TypeError, ValueError):
                raise StoreError(f"min_corroboration={mc!r} is not a whole number") from None
            if isinstance(mc, bool) or not 0 <= mc_int <= 1_000_000 or str(mc_int) != str(mc).strip():
                raise StoreError(f"min_corroboration={mc!r} must be a whole number from 0 to 1,000,000")
            mc = mc_int
        inc = self.include_affiliates
        if isinstance(inc, str):
            low = inc.strip().lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise StoreError(f"include_affiliates={inc!r} is not true or false")
            inc = low in ("true", "1", "yes")
        elif inc is None:
            inc = False
        elif not isinstance(inc, bool):
            raise StoreError(f"include_affiliates={inc!r} is not true or false")
        for name in ("actor", "place", "text"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, str):
                raise StoreError(f"{name}={v!r} is not a string")
        return replace(
            self,
            start=start,
            end=end,
            type=types,
            mode=modes,
            admin1=as_list(self.admin1),
            country=countries,
            status=statuses,
            min_corroboration=mc,
            include_affiliates=inc,
            actor=(self.actor or "").strip() or None,
            place=(self.place or "").strip() or None,
            text=(self.text or "").strip() or None,
        )

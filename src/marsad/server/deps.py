"""Request dependencies and helpers shared by the routers.

The store is created once per application (or injected) and reached through :data:`StoreDep`.
FastAPI runs synchronous routes in a thread pool; the stores read on a connection (or cursor)
of each thread and serialise only their writes, so :class:`StoreGate` lets calls run side by
side and only guards opening and closing the store.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request

from marsad.config import Settings
from marsad.errors import MarsadError
from marsad.model import check_date
from marsad.ontology import PLOVER_TYPES
from marsad.store.filters import day_range

T = TypeVar("T")


class BadParameter(MarsadError):
    """A query or body parameter is invalid: HTTP 400."""

    code = "E401"


class StoreGate:
    """Owns the store; runs calls on it concurrently and counts them.

    With ``release_after`` (seconds), a store the gate opened itself is closed once no call has
    run for that long and opened again by the next call: a DuckDB file is then free for other
    processes between bursts of requests, and each burst sees what they wrote. The store is
    never closed while a call runs.
    """

    def __init__(self, opener: Callable[[], Any] | None = None, store: Any = None,
                 release_after: float | None = None):
        self._opener = opener
        self._store = store
        self._owned = store is None
        self._lock = threading.Lock()  # guards _store, _active and _timer; never held during a call
        self._active = 0
        self._release_after = release_after if self._owned else None
        self._last = 0.0
        self._timer: threading.Timer | None = None

    def _open(self) -> Any:
        if self._store is None:
            assert self._opener is not None
            self._store = self._opener()
        return self._store

    @property
    def store(self) -> Any:
        with self._lock:
            return self._open()

    def __call__(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(store)``; other calls may run at the same time."""
        with self._lock:
            store = self._open()
            self._active += 1
        try:
            return fn(store)
        finally:
            with self._lock:
                self._active -= 1
                self._last = time.monotonic()
                self._arm()

    def _arm(self, delay: float | None = None) -> None:
        if self._release_after is not None and self._timer is None and self._store is not None:
            self._timer = threading.Timer(delay or self._release_after, self._idle)
            self._timer.daemon = True
            self._timer.start()

    def _idle(self) -> None:
        with self._lock:
            self._timer = None
            left = self._release_after - (time.monotonic() - self._last)
            if self._active or left > 0.01:
                self._arm(max(left, 0.05))
            elif self._store is not None:
                self._store.close()
                self._store = None

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._owned and self._store is not None:
                self._store.close()
                self._store = None


class ClearedGate:
    """A :class:`StoreGate` as one identity reads it: every call gets the store's view for that
    identity's clearance (``store.cleared``), so a route cannot read what its caller may not see."""

    def __init__(self, gate: StoreGate, clearance: str):
        self._gate = gate
        self.clearance = clearance

    @property
    def store(self) -> Any:
        return self._gate.store.cleared(self.clearance)

    def __call__(self, fn: Callable[[Any], T]) -> T:
        return self._gate(lambda s: fn(s.cleared(self.clearance)))


def gate_for(request: Request) -> Any:
    """The store gate as the request's identity reads it: the gate itself for a clearance that
    sees everything (RED, and the local single-user server), else a :class:`ClearedGate`."""
    from marsad.markings import clearance_rank
    from marsad.server.access import current_identity

    gate = request.app.state.gate
    identity = current_identity(request)
    clearance = identity.clearance if identity is not None else None
    if clearance is None or clearance_rank(clearance) is None:
        return gate
    return ClearedGate(gate, clearance)


# async (they do no I/O): FastAPI runs a plain function dependency in a thread of the pool
async def get_gate(request: Request) -> Any:
    return gate_for(request)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


GateDep = Annotated[StoreGate, Depends(get_gate)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

# The paging parameters of every list endpoint.
Limit = Annotated[int, Query(ge=1, le=10_000, description="rows per page")]
Cursor = Annotated[
    str | None, Query(max_length=1000, description="`next_cursor` of the previous page")
]


# --------------------------------------------------------------------------- conversion


def _clean(v: Any) -> Any:
    """Make one value JSON-safe: NaN/NaT -> None, numpy scalars/arrays -> Python, dates -> ISO."""
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_clean(x) for x in v]
    # pandas / numpy types, without importing them eagerly
    mod = type(v).__module__
    if mod.startswith("pandas"):
        if type(v).__name__ == "DataFrame":
            return records(v)
        if type(v).__name__ == "Series":
            return {str(k): _clean(x) for k, x in v.items()}
        if type(v).__name__ in ("NaTType", "NAType"):
            return None
        if hasattr(v, "isoformat"):
            return v.isoformat()
    if mod == "numpy":
        if hasattr(v, "tolist"):
            return _clean(v.tolist())
    if hasattr(v, "to_dict") and callable(v.to_dict):
        try:
            return _clean(v.to_dict())
        except TypeError:
            pass
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return str(v)


def _clean_column(col: Any) -> list:
    """One DataFrame column as a list of JSON-safe values, the same :func:`_clean` gives for each
    value, with the common column types converted at once: whole numbers and booleans come out of
    ``tolist`` as plain Python already; in float columns NaN and infinities become None, in
    string columns missing values."""
    import numpy as np
    import pandas as pd

    values = col.tolist()
    numpy_dtype = isinstance(col.dtype, np.dtype)
    if numpy_dtype and col.dtype.kind in "iub":
        return values
    if numpy_dtype and col.dtype.kind == "f":
        missing = ~np.isfinite(col.to_numpy())
    elif isinstance(col.dtype, pd.StringDtype):
        missing = col.isna().to_numpy()
    else:
        return [v if type(v) is str else _clean(v) for v in values]
    for i in np.flatnonzero(missing).tolist():
        values[i] = None
    return values


def records(df: Any) -> list[dict]:
    """A DataFrame (or list of dicts) as a list of JSON-safe dicts, converted column by column
    (reading a frame row by row costs a Python call per value: most of /api/network's time)."""
    if df is None:
        return []
    if isinstance(df, list):
        return [_clean(r) for r in df]
    cols = [str(c) for c in df.columns]
    columns = [_clean_column(df.iloc[:, i]) for i in range(len(cols))]
    if not columns:
        return [{} for _ in range(len(df))]
    return [dict(zip(cols, row, strict=True)) for row in zip(*columns, strict=True)]


def clean(obj: Any) -> Any:
    return _clean(obj)


def page(df: Any, limit: int, id_column: str = "id", plain: bool = False) -> dict:
    """``{items, next_cursor}`` from a frame (or, with ``plain``, dicts of JSON-ready values such
    as ``Store.event_rows`` gives) fetched with ``limit + 1`` rows.

    The extra row only tells whether another page exists; the cursor is the id of the last row
    returned, which the store accepts as a keyset cursor (so the last page has no cursor, rather
    than a cursor to an empty page).
    """
    rows = list(df) if plain else records(df)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].get(id_column) if rows else None
    return {"items": rows, "next_cursor": str(last) if more and last is not None else None}


# --------------------------------------------------------------------------- parameter checks


def date_param(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        checked = check_date(value, name)
        day_range(checked)  # a day that the calendar has (no 2024-02-30, no month 13)
        return checked
    except (MarsadError, ValueError):
        raise BadParameter(
            f"{name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


def csv_param(value: str | None) -> list[str] | None:
    if value is None or value.strip() == "":
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def type_param(value: str | None) -> list[str] | None:
    types = csv_param(value)
    if types is None:
        return None
    types = [t.upper() for t in types]
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise BadParameter(
            f"type={','.join(bad)} is not a PLOVER event type; use one of {', '.join(PLOVER_TYPES)}"
        )
    return types


def mode_param(value: str | None, types: list[str] | None) -> list[str] | None:
    modes = csv_param(value)
    if modes is None:
        return None
    allowed = {m for t in (types or PLOVER_TYPES) for m in PLOVER_TYPES[t]}
    bad = [m for m in modes if m not in allowed]
    if bad:
        raise BadParameter(
            f"mode={','.join(bad)} is not a mode of {'/'.join(types or ['any type'])}"
        )
    return modes


def country_param(value: str | None) -> list[str] | None:
    cs = csv_param(value)
    if cs is None:
        return None
    out = []
    for c in cs:
        if len(c) != 2 or not c.isalpha():
            raise BadParameter(
                f"country={c!r} is not an ISO 3166-1 alpha-2 code such as IQ, SY or JO"
            )
        out.append(c.upper())
    return out


def one_or_many(values: list[str] | None) -> Any:
    """Filters take a single value or a list; hand the store a plain value when there is one."""
    if values is None:
        return None
    return values[0] if len(values) == 1 else values


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)

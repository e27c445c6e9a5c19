"""The governorates of the base map joined to the store's ``admin1`` values (see :mod:`marsad.geo`).

The join is recomputed only when the store's places change (a cheap count query decides), so
filtering by a governorate code costs one small query per request.
"""

from __future__ import annotations

import threading
from typing import Any

from marsad.geo import Admin1Area, admin1_areas
from marsad.server.deps import records

_lock = threading.Lock()


def _place_rows(store: Any) -> list[dict]:
    return records(store.places(limit=100_000))


def areas_for(gate: Any) -> list[Admin1Area]:
    """The :class:`~marsad.geo.Admin1Area` list for the store behind ``gate``, cached on the gate
    and rebuilt when the number of places or of their ``admin1`` values changes."""
    rows = gate(_place_rows)
    sig = (len(rows), len({(r.get("admin1"), r.get("country")) for r in rows}))
    with _lock:
        cached = getattr(gate, "_marsad_areas", None)
        if cached and cached[0] == sig:
            return cached[1]
        areas = admin1_areas(rows)
        gate._marsad_areas = (sig, areas)
        return areas

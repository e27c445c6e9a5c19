"""Blocking: which stored events may be a report's event, as exact-match probes that a database
answers from indexes (PostgreSQL) or with one hash join per part (DuckDB). Pure: reports in,
probe rows out; the store runs the probes (``FusionIngest._fusion_candidates``).

Every stored event's ``day_lo`` is the first day of the period its date names (a day, a month or a
year; ``day_hi`` the last). An event overlaps a report's window ``[lo, hi]`` (its date widened by
``MAX_DAY_GAP`` days) only if its ``day_lo`` is a day of the window, or the first day of the
month or year that contains ``lo``; so the probes are ranges of ``day_lo`` (or single days, for
an equality join) plus ``day_hi >= lo``, never an open-ended range. On top of that, each probe
carries what scoring would veto on:

* the country (an event of another country never fuses; an event without one may);
* the report's ``admin1`` key and place id: an event of another governorate never fuses unless it
  has the same place id, or neither has a place id (then their names may still agree); an event
  without ``admin1_key`` (written before the column existed, or imported) is always a candidate;
* the actor on one side (``actor_block``): a report naming a known actor looks at the events of
  that actor or an actor linked to it (``actor`` probes, which an index on ``(actor, day_lo)``
  serves) and at the events with no known actor on that side
  (``open`` probes of that side); a report naming no known actor has ``open`` probes of side
  ``""`` (no actor condition);
* for a report naming no known actor, also the ``specific`` probes: one part per way an event can
  have something specific in common with it (``SPECIFIC``: the same place id, source or target
  actor id, place name key, evidence text on both sides, or a place name without a key), so that a
  database can leave out, through an index per way, the events that scoring would veto for having
  nothing specific in common (``fusion.assign.may_have_specific``) instead of fetching every event
  of the window. PostgreSQL runs these instead of the ``open`` probes of side ``""``.

Nothing that scoring could fuse is left out (a test checks the probes against brute force).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from marsad.store import fuse as fz
from marsad.store.fusion.assign import actor_block, block_window, period_starts
from marsad.store.fusion.score import type_group
from marsad.text import name_key

SIDES = ("", "source", "target")

# The ways a report naming no known actor may have something specific in common with an event
# (``fusion.assign.may_have_specific``), each probed on its own: the same place id, source actor id,
# target actor id or place name key (``events.place_key``), evidence text on both sides, or an
# event whose place name has no stored key (imported, or written before the column).
SPECIFIC = ("place_id", "source_actor_id", "target_actor_id", "place_key", "evidence", "unkeyed")


@dataclass
class Probes:
    """``open[side]``: ``{(type, first day, last day, country, admin1 key, place id): lo}``;
    ``actor[side]``: ``{(type, first day, last day, country, admin1 key, place id, actor id): lo}``: the events wanted
    have their ``day_lo`` in ``[first day, last day]`` and ``day_hi >= lo`` (``lo``: the earliest
    window start of the reports behind the probe). ``specific[way]``: the probes of the reports
    naming no known actor, by way of having something specific in common (``SPECIFIC``), keyed like
    ``actor`` with the reports' value in place of the actor id (``"y"`` for the ways without one).
    ``undated``: the types of undated reports."""

    open: dict[str, dict[tuple, date]] = field(default_factory=lambda: {s: {} for s in SIDES})
    actor: dict[str, dict[tuple, date]] = field(default_factory=lambda: {s: {} for s in SIDES[1:]})
    specific: dict[str, dict[tuple, date]] = field(default_factory=lambda: {w: {} for w in SPECIFIC})
    undated: set[str] = field(default_factory=set)

    def size(self) -> int:
        return (sum(map(len, self.open.values())) + sum(map(len, self.actor.values()))
                + sum(map(len, self.specific.values())) + len(self.undated))


def admin1_key(value: str | None) -> str | None:
    """The blocking key of an ``admin1`` value (None when there is none): ``events.admin1_key``."""
    return name_key(value) if value else None


def specific_values(r: dict) -> dict[str, str | None]:
    """What a report naming no known actor can share with an event, by way (``SPECIFIC``; None:
    not that way). The place name key is ``""`` for a report without a place name, as
    ``may_have_specific`` compares it."""
    return {"place_id": r.get("place_id") or None, "source_actor_id": r.get("source_actor_id") or None,
            "target_actor_id": r.get("target_actor_id") or None,
            "place_key": name_key(r["place_name"]) if r.get("place_name") else "",
            "evidence": "y" if r.get("evidence_text") else None, "unkeyed": "y"}


def day_ranges(lo: date, hi: date) -> list[tuple[date, date]]:
    """The ``day_lo`` ranges of the events that may overlap ``[lo, hi]``: the window itself, and
    the first day of the month and of the year of ``lo`` when they come before it."""
    return [(lo, hi)] + [(s, s) for s in period_starts(lo)]


def plan(reports: list[dict], aff: fz.AffiliationIndex | None) -> Probes:
    """The probes that find every stored event that ``reports`` could fuse with (overlapping
    ranges of one type, country, governorate and place, or actor, merged)."""
    open_: dict[str, dict[tuple, list]] = {s: {} for s in SIDES}
    actor: dict[str, dict[tuple, list]] = {s: {} for s in SIDES[1:]}
    specific: dict[str, dict[tuple, list]] = {w: {} for w in SPECIFIC}
    out = Probes()
    for r in reports:
        types = sorted(type_group(r["type"]))
        w = block_window(r)
        if w is None:
            out.undated.update(types)
            continue
        country, key, place, block, side = _report_keys(r, aff)
        spans = [(d1, d2, w[0]) for d1, d2 in day_ranges(*w)]
        values = specific_values(r) if block is None else {}
        for t in types:
            open_[side].setdefault((t, country, key, place), []).extend(spans)
            for a in (block[1] if block else ()):
                if a != "*":
                    actor[side].setdefault((t, country, key, place, a), []).extend(spans)
            for way, v in values.items():
                if v is not None:
                    specific[way].setdefault((t, country, key, place, v), []).extend(spans)
    for side, groups in open_.items():
        out.open[side] = _merged(groups)
    for side, groups in actor.items():
        out.actor[side] = _merged(groups)
    for way, groups in specific.items():
        out.specific[way] = _merged(groups)
    return out


def _report_keys(r: dict, aff: fz.AffiliationIndex | None) -> tuple:
    """What a report's probes match on: (country, admin1 key, place id when the key is known,
    actor block, side of the block)."""
    country = (r.get("country") or "").upper() or None
    key = admin1_key(r.get("admin1"))
    place = r.get("place_id") or None if key is not None else None
    block = actor_block(r, aff)
    return country, key, place, block, block[0] if block else ""


def report_probes(r: dict, aff: fz.AffiliationIndex | None) -> tuple[str, list[tuple], list[tuple]]:
    """The probes of one dated report, unmerged (what :func:`plan` and :func:`by_day` give for it
    alone): ``(side, open rows (type, day, country, admin1 key, place id, lo), actor rows (type,
    first day, last day, country, admin1 key, place id, actor id, lo))``."""
    w = block_window(r)
    country, key, place, block, side = _report_keys(r, aff)
    ranges = day_ranges(*w)
    days = [d1 + timedelta(days=i) for d1, d2 in ranges for i in range((d2 - d1).days + 1)]
    types = sorted(type_group(r["type"]))
    open_rows = [(t, d, country, key, place, w[0]) for t in types for d in days]
    actors = [a for a in (block[1] if block else ()) if a != "*"]
    actor_rows = [(t, d1, d2, country, key, place, a, w[0]) for t in types for a in actors for d1, d2 in ranges]
    return side, open_rows, actor_rows


def _merged(groups: dict[tuple, list]) -> dict[tuple, date]:
    """``{(t, *rest): [(d1, d2, lo), ...]}`` -> ``{(t, d1, d2, *rest): lo}`` with overlapping or
    adjacent ranges merged (the merged probe keeps the earliest ``lo``)."""
    out: dict[tuple, date] = {}
    for (t, *rest), spans in groups.items():
        cur: list | None = None
        for d1, d2, lo in sorted(spans):
            if cur is not None and d1 <= cur[1] + timedelta(days=1):
                cur[1], cur[2] = max(cur[1], d2), min(cur[2], lo)
                continue
            if cur is not None:
                out[(t, cur[0], cur[1], *rest)] = cur[2]
            cur = [d1, d2, lo]
        if cur is not None:
            out[(t, cur[0], cur[1], *rest)] = cur[2]
    return out


def by_day(probes: dict[tuple, date]) -> dict[tuple, date]:
    """Open probes with one row per ``day_lo`` value (``(type, day, country, admin1 key, place
    id)``), for an equality join (DuckDB hashes it); a probe without country or governorate
    takes in the narrower ones of its type and day."""
    days: dict[tuple, date] = {}
    for (t, d1, d2, c, k, p), lo in probes.items():
        for i in range((d2 - d1).days + 1):
            key = (t, d1 + timedelta(days=i), c, k, p)
            days[key] = min(lo, days.get(key, lo))
    return _without_subsumed(days)


def _without_subsumed(probes: dict[tuple, date]) -> dict[tuple, date]:
    """Fold each probe into a wider one of the same type and day when there is one: a probe
    without country or governorate covers every other; one without governorate covers those of
    its country. The wider probe takes the earliest window start."""
    out: dict[tuple, date] = {}
    for key, lo in probes.items():
        t, d, c, k, _p = key
        if (t, d, None, None, None) in probes:
            wider = (t, d, None, None, None)
        elif k is not None and (t, d, c, None, None) in probes:
            wider = (t, d, c, None, None)
        else:
            wider = key
        out[wider] = min(lo, out.get(wider, lo))
    return out


def columns(probes: dict[tuple, date], width: int) -> list[list]:
    """Probe rows as ``width + 1`` parallel lists (the key's fields, then ``lo``), for unnest."""
    cols = [list(c) for c in zip(*probes, strict=True)] if probes else [[] for _ in range(width)]
    return cols + [list(probes.values())]

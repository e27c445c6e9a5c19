"""Attach reported events to fused events: the part of ingest that decides *which* event a report
is about. Pure: plain rows in, plain rows out; the store (or a batch job) fetches the candidates
(blocking by date window, country and type group) and writes the result.

Candidates are indexed by (type, day) so that each report looks only at the events of its type
group within ``MAX_DAY_GAP`` days of its date (coarse-dated events are kept in a short list per
type). Of those, each report scores at most ``CANDIDATE_LIMIT`` (:func:`ranked`): the ones with the
best cheap pre-score (:func:`prescore`: same place id, same actors, evidence to compare, then the
distance in days, then the number of sources). So the work per report is bounded even where events
are dense around its date; the store's DuckDB retrieval ranks the same way in SQL and returns only
those.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from marsad.store import fuse as fz
from marsad.store.fusion.score import MAX_DAY_GAP, THRESHOLD, day_range, match, type_group


@dataclass
class Assignment:
    """What :func:`assign` decided: ``sources`` carry ``event_id``, ``match_score`` and
    ``match_features``; ``new_events`` are the rows of events it created."""

    sources: list[dict]
    new_events: dict[str, dict] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    fused: int = 0


def block_window(report: dict) -> tuple[date, date] | None:
    """The day range whose events may be the report's event (None: undated)."""
    if not report.get("date"):
        return None
    lo, hi = day_range(report["date"])
    return lo - timedelta(days=MAX_DAY_GAP), hi + timedelta(days=MAX_DAY_GAP)


def period_starts(lo: date) -> list[date]:
    """The first day of the month and of the year of ``lo``, when they come before it: a month- or
    year-dated event (``day_lo`` the first day of its period) overlapping a window that starts at
    ``lo`` either starts inside the window or on one of these days."""
    return sorted({s for s in (lo.replace(day=1), lo.replace(month=1, day=1)) if s < lo})


# Candidates scored per report at most (the best by :func:`prescore`). Each is a fused event of the
# report's type group within three days of its date, in its country, governorate and with no other
# known actor; more than this many means dozens of such events a day around one report, far denser
# than the reporting the workbench was built for (the fusion gold never has more than a handful).
CANDIDATE_LIMIT = 50


def _same(event: dict, report: dict, col: str) -> int:
    v = report.get(col)
    return 1 if v and event.get(col) == v else 0


def prescore(event: dict, report: dict) -> tuple:
    """Sort key of a candidate for ``report``, best first: the number of cheap agreements (same
    place id, same source actor, same target actor, the event has evidence text to compare),
    then the distance in days between the first days of their dates, then more sources, then id.
    ``FusionIngest`` computes the same key in SQL (keep the two in step)."""
    agree = (_same(event, report, "place_id") + _same(event, report, "source_actor_id")
             + _same(event, report, "target_actor_id") + (1 if event.get("evidence_text") else 0))
    d, r = event.get("date"), report.get("date")
    days = abs((day_range(d)[0] - day_range(r)[0]).days) if d and r else 0
    return (-agree, days, -max(int(event.get("corroboration") or 1), 1), event["id"])


def may_have_specific(event: dict, report: dict) -> bool:
    """False when scoring is sure to veto the pair for having nothing specific in common, for a
    report that names no known actor: no same actor id, no same place id, no place name of the same
    key (``name_key``), no evidence sentences on both sides. The store's retrieval applies the same
    test in SQL (``events.place_key``)."""
    if report.get("evidence_text") and event.get("evidence_text"):
        return True
    for col in ("place_id", "source_actor_id", "target_actor_id"):
        if report.get(col) and event.get(col) == report[col]:
            return True
    return bool(event.get("place_name")) and fz._k(event["place_name"]) == fz._k(report.get("place_name"))


def names_no_known_actor(report: dict) -> bool:
    return fz.is_unknown(report.get("source_actor_id")) and fz.is_unknown(report.get("target_actor_id"))


def ranked(candidates: Iterable[dict], report: dict, limit: int | None = CANDIDATE_LIMIT) -> list[dict]:
    """The distinct candidates, at most ``limit`` of them: the best by :func:`prescore`; for a
    report naming no known actor, only those that :func:`may_have_specific` (the rest are vetoes)."""
    uniq: dict[str, dict] = {}
    keep = (lambda e: may_have_specific(e, report)) if names_no_known_actor(report) else (lambda e: True)
    for ev in candidates:
        if keep(ev):
            uniq.setdefault(ev["id"], ev)
    if limit is None or len(uniq) <= limit:
        return list(uniq.values())
    return heapq.nsmallest(limit, uniq.values(), key=lambda e: prescore(e, report))


def _actor_key(actor_id: str | None) -> str:
    return "*" if fz.is_unknown(actor_id) else actor_id


def side_keys(report: dict, side: str, aff: fz.AffiliationIndex | None) -> list[str] | None:
    """The actor keys an event must carry on ``side`` to possibly match ``report``: the report's
    known actor there, every actor linked to it on the report's dates, and ``*`` (no or an
    unresolved actor). None when the report names no known actor on that side. Lossless: two
    different known actors on one side are a veto in scoring unless linked on those dates."""
    a = report.get(f"{side}_actor_id")
    if fz.is_unknown(a):
        return None
    if aff is None:
        return ["*", a]
    lo, hi = day_range(report["date"]) if report.get("date") else (None, None)
    return ["*", a, *sorted(b for b in aff.neighbours(a) if b != a and aff.linked(a, b, lo, hi))]


def actor_block(report: dict, aff: fz.AffiliationIndex | None) -> tuple[str, list[str]] | None:
    """The side (``source`` or ``target``) and actor keys (:func:`side_keys`) that block
    ``report``: its known source actor, else its known target; None when it names neither."""
    for side in ("source", "target"):
        keys = side_keys(report, side, aff)
        if keys is not None:
            return side, keys
    return None


def _country(row: dict) -> str | None:
    return fz.place_info_of(row)[4] or None


class CandidateIndex:
    """Dated events by (type, first day of their period, country), undated ones by type. Within a
    day, events are also keyed by source and by target actor, by governorate and by place id, so
    that a report looks only at the events that no cheap veto rules out."""

    def __init__(self, rows: Iterable[dict] = (), aff: fz.AffiliationIndex | None = None):
        self.aff = aff
        self.by_day: dict[tuple[str, int, str | None], dict[str, dict]] = {}
        self.countries: dict[tuple[str, int], set[str | None]] = {}
        self.undated: dict[str, list[dict]] = {}
        self.rows: dict[str, dict] = {}
        for r in rows:
            self.add(r)

    def add(self, row: dict) -> None:
        self.rows[row["id"]] = row
        d = row.get("date")
        if not d:
            self.undated.setdefault(row["type"], []).append(row)
        else:
            t, n, c = row["type"], day_range(d)[0].toordinal(), _country(row)
            day = self.by_day.get((t, n, c))
            if day is None:
                day = self.by_day[(t, n, c)] = {"s": {}, "t": {}, "k": {}, "p": {}}
                self.countries.setdefault((t, n), set()).add(c)
            day["s"].setdefault(_actor_key(row.get("source_actor_id")), []).append(row)
            day["t"].setdefault(_actor_key(row.get("target_actor_id")), []).append(row)
            day["k"].setdefault(fz.place_info_of(row)[3], []).append(row)
            day["p"].setdefault(row.get("place_id") or None, []).append(row)

    def around(self, report: dict) -> Iterable[dict]:
        """The events that may be the report's (a row can come twice): of its country or none (of
        another, only with the same place id); if it names a known actor, only those with that
        actor, one linked to it, or none on that side (and likewise on the other side when it
        names one there too); if it names none but a governorate, only those of that governorate
        or none, with the same place id, or (without a place id) without one. The others are
        vetoes in scoring."""
        w = block_window(report)
        block = actor_block(report, self.aff)
        side, keys = (block[0][0], block[1]) if block else ("s", None)
        other = None
        if block is not None and block[0] == "source":
            other = side_keys(report, "target", self.aff)
        other = set(other) if other is not None else None
        admin1 = fz.place_info_of(report)[3] if keys is None else None
        place = report.get("place_id") or None
        country = _country(report)
        for t in sorted(type_group(report["type"])):
            if w is None:
                yield from self.undated.get(t, ())
                continue
            lo = w[0].toordinal()
            days = [*range(lo, w[1].toordinal() + 1), *(s.toordinal() for s in period_starts(w[0]))]
            for day in days:
                for c in self.countries.get((t, day), ()):
                    rows = self._bucket(self.by_day[(t, day, c)], c, country, keys, side, other, admin1, place)
                    if day >= lo:
                        yield from rows
                    else:  # a month or a year that starts before the window: does it reach it?
                        yield from (r for r in rows if day_range(r["date"])[1] >= w[0])

    @staticmethod
    def _bucket(bucket: dict, c, country, keys, side, other, admin1, place) -> Iterable[dict]:
        if country is not None and c is not None and c != country:
            yield from bucket["p"].get(place, ()) if place else ()
        elif keys is not None:
            for k in keys:
                for r in bucket[side].get(k, ()):
                    if other is None or _actor_key(r.get("target_actor_id")) in other:
                        yield r
        elif admin1 is not None:
            yield from bucket["k"].get(None, ())
            yield from bucket["k"].get(admin1, ())
            yield from bucket["p"].get(place, ())
        else:
            for rows in bucket["s"].values():
                yield from rows


def best_candidate(candidates: Iterable[dict], report: dict, aff: fz.AffiliationIndex | None,
                   threshold: float = THRESHOLD, weights: dict | None = None) -> tuple[dict | None, float, dict | None]:
    """The highest-scoring usable candidate at or above ``threshold`` (ties: more sources, then id)."""
    best, best_key, best_score, best_feats = None, None, None, None
    seen: set[str] = set()
    for ev in candidates:
        if ev["id"] in seen or ev.get("status") == "merged":
            continue
        seen.add(ev["id"])
        if report["doc_id"] in ev.get("_docs", ()):
            continue  # two events of one document are two events
        score, feats = match(ev, report, aff, weights)
        if score < threshold:
            continue
        key = (-score, -(ev.get("corroboration") or 1), ev["id"])
        if best_key is None or key < best_key:
            best, best_key, best_score, best_feats = ev, key, score, feats
    return best, (best_score if best is not None else 0.0), best_feats


def _new_row(s: dict, eid: str, columns: Iterable[str]) -> dict:
    row = {c: s.get(c) for c in columns}
    row.update(id=eid, status="draft", corroboration=1, merged_into=None, evidence_text=s.get("evidence_text"),
               _docs={s["doc_id"]})
    return row


def assign(sources: list[dict], candidates: Iterable[dict], aff: fz.AffiliationIndex | None, *,
           columns: Iterable[str], lookup: Callable[[list[str]], list[dict]] | None = None,
           threshold: float = THRESHOLD, weights: dict | None = None,
           limit: int | None = CANDIDATE_LIMIT) -> Assignment:
    """Give every source row an ``event_id``: the best-scoring candidate (stored events, or events
    created earlier in this call; of those around it, the ``limit`` best by :func:`prescore`) or a new event with a deterministic id (``fuse.event_id``, salted
    when that id is taken by an event the report does not match). ``lookup(ids)`` returns stored
    event rows by id (for those deterministic ids); ``columns`` are the event columns of new rows.
    Each source gets ``match_score`` (None for the source that created its event) and
    ``match_features`` (JSON of the feature values)."""
    columns = tuple(columns)
    index = CandidateIndex(candidates, aff)
    known: dict[str, dict] = dict(index.rows)
    fetch = lookup or (lambda ids: [])
    base = sorted({fz.event_id(s) for s in sources} - set(known))
    for r in fetch(base) if base else ():
        known[r["id"]] = r
    out = Assignment(sources)
    for s in sources:
        ev, score, feats = best_candidate(ranked(index.around(s), s, limit), s, aff, threshold, weights)
        if ev is not None:
            _attach(out, s, ev, score, feats)
            continue
        eid, hit = _free_id(s, known, fetch, aff, threshold, weights)
        if hit is not None:
            score, feats = match(hit, s, aff, weights)
            _attach(out, s, hit, score, feats)
            continue
        row = _new_row(s, eid, columns)
        known[eid] = row
        index.add(row)
        out.new_events[eid] = row
        s.update(event_id=eid, match_score=None, match_features=None)
        out.touched.add(eid)
    return out


def _attach(out: Assignment, s: dict, ev: dict, score: float, feats: dict | None) -> None:
    s.update(event_id=ev["id"], match_score=score,
             match_features=json.dumps(feats, sort_keys=True) if feats is not None else None)
    ev.setdefault("_docs", set()).add(s["doc_id"])
    out.touched.add(ev["id"])
    out.fused += 1


def _free_id(s: dict, known: dict, fetch, aff, threshold, weights) -> tuple[str, dict | None]:
    """The report's deterministic event id, salted past ids taken by events it does not match;
    returns ``(id, existing row to join or None)``. A merged event's id leads to the kept event."""
    salt = 0
    while True:
        eid = fz.event_id(s, salt)
        hit = known.get(eid)
        if hit is None and salt:
            rows = fetch([eid])
            hit = rows[0] if rows else None
            if hit:
                known[eid] = hit
        if hit is None:
            return eid, None
        if hit.get("status") == "merged" and hit.get("merged_into"):
            target = known.get(hit["merged_into"]) or next(iter(fetch([hit["merged_into"]])), None)
            if target is not None:
                known[target["id"]] = target
                return target["id"], target
        elif match(hit, s, aff, weights)[0] >= threshold and s["doc_id"] not in hit.get("_docs", ()):
            return eid, hit
        salt += 1

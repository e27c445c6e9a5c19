"""Who holds what: office holders at a date, timelines, and institutional control by camp.

Tenures come from the knowledge pack's dated roles (each with how it began and ended, whether
the holder was acting, a source and a confidence) and, given a store, from the events an analyst
confirmed that elect, appoint, or remove someone (:mod:`marsad.analysis.office_events`, merged
by :mod:`marsad.analysis.office_merge`: each tenure says where it comes from, lists the events
behind it and the conflicts between pack and events). A tenure's ``start`` and ``end`` are
inclusive; on a hand-over day the incoming holder is the holder, as in
:meth:`~marsad.knowledge.KnowledgePack.office_holder`.

:func:`institutional_control` follows each holder's affiliations valid on the date — membership,
leadership, being part of, and being backed (nominated) by — to the first *camp* reached (the
Coordination Framework, the Sadrist movement, the KDP, the PUK, Taqaddum ... by default), and
returns the chain of links as the evidence.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import pandas as pd

from marsad.analysis.office_events import OfficeChange, office_changes
from marsad.analysis.office_merge import active, merge_changes
from marsad.analysis.power import GameError

DEFAULT_CAMPS = (
    "coordination-framework",
    "sadrist-movement",
    "kurdistan-democratic-party",
    "patriotic-union-of-kurdistan",
    "taqaddum",
    "azm-alliance",
    "siyada-alliance",
    "tasmim-alliance",
)

COLUMNS = [
    "office", "title", "holder", "name", "start", "end", "acting", "how", "end_how",
    "source", "confidence", "note", "origin", "start_event", "end_event", "events", "conflicts",
]  # fmt: skip
CHANGE_COLUMNS = [
    "date", "change", "how", "office", "holder", "name", "acting", "outcome", "note", "event_id",
    "type", "subtype", "status", "office_basis", "titled", "doc_id", "span_start", "span_end",
    "sentence", "sources",
]  # fmt: skip


def _check_date(date: str | None) -> None:
    import datetime as dt
    import re

    if date is None:
        return
    ok = re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date) is not None
    if ok:
        try:
            dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date)
        except ValueError:
            ok = False
    if not ok:
        raise GameError(f"bad date {date!r}: use YYYY, YYYY-MM or YYYY-MM-DD")


def _offices(pack, offices: Sequence[str] | None, country: str | None = "IQ") -> list[dict]:
    if offices:
        out = []
        for o in offices:
            if o in pack.offices:
                out.append(pack.offices[o])
                continue
            hits = pack.offices_by_title(o, country) or [
                x for x in pack.offices.values() if o.lower() in x["title"].lower()
            ]
            if not hits:
                raise GameError(f"unknown office {o!r}; see `marsad analyze offices` for the list")
            out.extend(h for h in hits if h not in out)
        return out
    return [o for o in pack.offices.values() if country is None or o.get("country") == country]


def _pack_tenures(pack, wanted: dict[str, dict]) -> list[dict]:
    rows = []
    for a in pack.actors.values():
        for r in a.roles:
            o = wanted.get(r.office)
            if o is None:
                continue
            rows.append(
                {
                    "office": r.office, "title": o["title"], "holder": a.id, "name": a.name,
                    "start": r.start, "end": r.end, "acting": bool(r.acting), "how": r.how,
                    "end_how": r.end_how, "source": r.source, "confidence": r.confidence,
                    "note": r.note, "origin": "pack", "start_event": None, "end_event": None,
                    "events": [], "conflicts": [],
                }
            )  # fmt: skip
    return rows


def merged_tenures(
    pack, store=None, country: str | None = "IQ"
) -> tuple[list[dict], list[OfficeChange]]:
    """Every tenure of ``country``'s offices (all offices when ``None``) from the pack, merged
    with the office changes of ``store``'s reviewed events; and those changes, each with its
    outcome. Without a store: the pack's tenures and no changes."""
    wanted = {o["id"]: o for o in _offices(pack, None, country)}
    rows = _pack_tenures(pack, wanted)
    if store is None:
        return rows, []
    changes = [c for c in office_changes(pack, store) if c.office is None or c.office in wanted]
    merge_changes(rows, changes, wanted)
    return rows, changes


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    return df.astype(object).where(df.notna(), None)


def office_timeline(
    pack, offices: Sequence[str] | None = None, country: str | None = "IQ", store=None
) -> pd.DataFrame:
    """Every dated tenure of the offices (all of ``country``'s by default), by office and start;
    with ``store``, merged with the office changes its reviewed events state."""
    wanted = {o["id"]: i for i, o in enumerate(_offices(pack, offices, country))}
    rows, _ = merged_tenures(pack, store, country)
    rows = [r for r in rows if r["office"] in wanted]
    rows.sort(key=lambda r: (wanted[r["office"]], r["start"] or ""))
    return _frame(rows, COLUMNS)


def office_changes_frame(
    pack, store, offices: Sequence[str] | None = None, country: str | None = "IQ"
) -> pd.DataFrame:
    """The office changes read from ``store``'s reviewed events, each with its outcome
    (applied, corroborates, conflicts, unmatched, unplaced, unresolved) and provenance; those
    of other offices than ``offices`` left out (unresolved ones are always kept)."""
    wanted = {o["id"] for o in _offices(pack, offices, country)}
    _, changes = merged_tenures(pack, store, country)
    rows = [c.to_dict() for c in changes if c.office is None or c.office in wanted]
    return _frame(rows, CHANGE_COLUMNS)


def holders_at(
    pack,
    date: str | None,
    offices: Sequence[str] | None = None,
    country: str | None = "IQ",
    store=None,
) -> pd.DataFrame:
    """One row per office: who held it on ``date`` (``None``: now), vacant offices included
    with an empty holder. When several tenures cover the date (the pack and an event disagree)
    the most recent start is the holder and the others are added to the row's ``conflicts``."""
    _check_date(date)
    tl = office_timeline(pack, offices, country, store)
    rows = []
    for oid, o in ((o["id"], o) for o in _offices(pack, offices, country)):
        covering = [
            r
            for r in tl[tl["office"] == oid].to_dict("records")
            if (r["end"] is None if date is None else active(r, date))
        ]
        if not covering:
            rows.append({c: None for c in COLUMNS} | {"office": oid, "title": o["title"],
                                                      "events": [], "conflicts": []})  # fmt: skip
            continue
        best = max(covering, key=lambda r: r["start"] or "")
        best = dict(best, conflicts=list(best["conflicts"] or []))
        for other in covering:
            if other is not best and other["holder"] != best["holder"]:
                best["conflicts"].append(_also_held(other, date))
        rows.append(best)
    return _frame(rows, COLUMNS)


def _also_held(other: dict, date: str | None) -> dict:
    return {
        "event_id": other["start_event"],
        "field": "holder",
        "timeline": other["holder"],
        "event": None,
        "doc_id": None,
        "span_start": None,
        "span_end": None,
        "sentence": None,
        "note": f"{other['name']} also holds it on {date or 'today'} by the "
        f"{'pack' if other['origin'] != 'event' else 'event ' + str(other['start_event'])} "
        f"({other['start'] or '?'} – {other['end'] or 'open'})",
    }


def camp_of(
    pack, actor_id: str, date: str | None, camps: Sequence[str] = DEFAULT_CAMPS, depth: int = 4
) -> tuple[str | None, list[dict]]:
    """The first camp reached from ``actor_id`` through affiliations valid on ``date``, and the
    links followed (each ``{source, type, target, start, end, note}``). Followed: the actor's own
    ``member_of``, ``part_of`` and ``leads`` links, and ``backs`` links pointing at it."""
    if actor_id in camps:
        return actor_id, []
    seen = {actor_id}
    queue: deque[tuple[str, list[dict]]] = deque([(actor_id, [])])
    found: list[tuple[int, int, str, list[dict]]] = []
    while queue:
        node, path = queue.popleft()
        if len(path) >= depth:
            continue
        for a in pack.affiliations_of(node, date):
            if a.source == node and a.type in ("member_of", "part_of", "leads"):
                nxt = a.target
            elif a.target == node and a.type == "backs":
                nxt = a.source
            else:
                continue
            if nxt in seen:
                continue
            seen.add(nxt)
            step = path + [
                {"source": a.source, "type": a.type, "target": a.target, "start": a.start,
                 "end": a.end, "note": a.note}
            ]  # fmt: skip
            if nxt in camps:
                found.append((len(step), camps.index(nxt), nxt, step))
            queue.append((nxt, step))
    if not found:
        return None, []
    _, _, camp, path = min(found, key=lambda f: (f[0], f[1]))
    return camp, path


def institutional_control(
    pack,
    date: str | None,
    offices: Sequence[str] | None = None,
    camps: Sequence[str] = DEFAULT_CAMPS,
    store=None,
) -> pd.DataFrame:
    """Holders at ``date`` (from the pack, and ``store``'s reviewed events when given) with the
    camp each belongs to on that date and the evidence chain."""
    df = holders_at(pack, date, offices, store=store)
    camp_ids, names, chains = [], [], []
    for holder in df["holder"]:
        if holder is None or pd.isna(holder):
            camp, path = None, []
        else:
            camp, path = camp_of(pack, holder, date, tuple(camps))
        camp_ids.append(camp)
        names.append(pack.actor(camp).name if camp else None)
        chains.append(" ; ".join(f"{p['source']} {p['type']} {p['target']}" for p in path))
    df["camp"] = camp_ids
    df["camp_name"] = names
    df["evidence"] = chains
    return df.astype(object).where(df.notna(), None)


def control_summary(control: pd.DataFrame) -> pd.DataFrame:
    """Offices per camp from :func:`institutional_control`: camp, count, offices (titles)."""
    rows = []
    for camp, g in control.groupby(control["camp_name"].fillna("(no camp found)"), sort=False):
        held = g[g["holder"].notna()]
        if held.empty:
            continue
        rows.append({"camp": camp, "offices": len(held), "titles": ", ".join(held["title"])})
    return pd.DataFrame(rows, columns=["camp", "offices", "titles"]).sort_values(
        "offices", ascending=False, ignore_index=True
    )

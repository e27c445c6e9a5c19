"""Who holds what: office holders at a date, timelines, and institutional control by camp.

Everything comes from the knowledge pack's dated roles (each with how it began and ended, whether
the holder was acting, a source and a confidence) and dated affiliations. A role's ``start`` and
``end`` are inclusive; on a hand-over day the incoming holder is the holder, as in
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

from marsad.analysis.power import GameError
from marsad.model import Affiliation

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
    "source", "confidence", "note",
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


def office_timeline(
    pack, offices: Sequence[str] | None = None, country: str | None = "IQ"
) -> pd.DataFrame:
    """Every dated tenure of the offices (all of ``country``'s by default), by office and start."""
    wanted = {o["id"]: o for o in _offices(pack, offices, country)}
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
                    "note": r.note,
                }
            )  # fmt: skip
    df = pd.DataFrame(rows, columns=COLUMNS)
    order = {oid: i for i, oid in enumerate(wanted)}
    df["_o"] = df["office"].map(order)
    df["_s"] = df["start"].fillna("")
    df = df.sort_values(["_o", "_s"], ignore_index=True).drop(columns=["_o", "_s"])
    return df.astype(object).where(df.notna(), None)


def holders_at(
    pack, date: str | None, offices: Sequence[str] | None = None, country: str | None = "IQ"
) -> pd.DataFrame:
    """One row per office: who held it on ``date`` (``None``: now), vacant offices included
    with an empty holder."""
    _check_date(date)
    tl = office_timeline(pack, offices, country)
    rows = []
    for oid, o in ((o["id"], o) for o in _offices(pack, offices, country)):
        best = None
        for r in tl[tl["office"] == oid].to_dict("records"):
            span = Affiliation("", "", "", r["start"], r["end"])
            if (r["end"] is None if date is None else span.active_on(date)) and (
                best is None or (r["start"] or "") > (best["start"] or "")
            ):
                best = r
        rows.append(best or {c: None for c in COLUMNS} | {"office": oid, "title": o["title"]})
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype(object).where(df.notna(), None)


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
) -> pd.DataFrame:
    """Holders at ``date`` with the camp each belongs to on that date and the evidence chain."""
    df = holders_at(pack, date, offices)
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

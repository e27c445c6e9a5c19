"""GraphML of the actor network as of a date, built like the dashboard's network
(:mod:`marsad.server.network`): pack affiliations in force on ``as_of``, relations stated in documents
published up to it, and ``co_event`` edges between the two sides of the matching events (counted in
SQL, so the event table is never loaded). One directed multigraph: an edge per (source, target,
type), keyed by type, with ``weight``, ``origin`` and the link's dates.

The file is written as it is read: the nodes (the actors at either end of an edge, a bounded set),
then the edges in (source, target, type) order, the ``co_event`` ones read in windows of actor
pairs (:meth:`marsad.interop.stream.Reader.ordered`), so memory does not grow with the number of
events. ``networkx.read_graphml(path, force_multigraph=True)`` reads it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from marsad.interop.stream import BATCH, Reader, event_where, events_seen, write_chunks

NODE_KEYS = (("name", "string"), ("kind", "string"), ("sector", "string"), ("acled_inter", "long"),
             ("country", "string"), ("origin", "string"), ("status", "string"))
EDGE_KEYS = (("type", "string"), ("weight", "long"), ("origin", "string"), ("start", "string"),
             ("end", "string"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _co_event_where(store: Any, f: Any, as_of: str | None) -> tuple[str, list]:
    """Events that tie two different actors (not rejected, matching ``f``, up to ``as_of``), as a
    condition on the relation that :func:`marsad.interop.stream.events_seen` names: the actors
    of a mixed event are those its visible sources give."""
    where, params = event_where(store, f, "e")
    if as_of:
        from marsad.store.filters import day_range

        where += " AND (e.day_lo IS NULL OR e.day_lo <= ?)"
        params.append(day_range(as_of)[1])
    where += (" AND e.source_actor_id IS NOT NULL AND e.target_actor_id IS NOT NULL "
              "AND e.source_actor_id <> e.target_actor_id AND e.status <> 'rejected'")
    return where, params


def _co_event_edges(rd: Reader, events: tuple[str, list], where: str, params: list,
                    progress: Callable[[int], None] | None) -> Iterator[dict]:
    """``co_event`` edges, one per unordered pair (lower id as source), weight = events, in
    pair order, read window by window."""
    pair = "least(e.source_actor_id, e.target_actor_id)"
    other = "greatest(e.source_actor_id, e.target_actor_id)"
    rel_sql, ep = events
    rel = f"SELECT {pair} AS _w, {other} AS _k, count(*) AS n FROM {rel_sql} e WHERE {where} GROUP BY {pair}, {other}"
    hist = (f"SELECT {pair} AS _w, count(*) AS n FROM {rel_sql} e WHERE {where} GROUP BY {pair}", [*ep, *params])
    for rows in rd.ordered(rel, [*ep, *params], descending=False, hist=hist):
        if progress:
            progress(sum(int(r["n"]) for r in rows))
        for r in rows:
            yield {"source": r["_w"], "target": r["_k"], "type": "co_event", "weight": int(r["n"]), "origin": "event"}


def _nodes(rd: Reader, edges: list[dict], names: dict[str, str], events: tuple[str, list], where: str,
           params: list) -> list[tuple[str, dict]]:
    """(id, attributes) of every actor at an end of an edge, by id."""
    ev_names: dict[str, str] = {}
    rel, ep = events
    for r in rd.rows("SELECT id, max(name) AS name FROM ("
                     f"SELECT e.source_actor_id AS id, e.source_actor_name AS name FROM {rel} e WHERE {where} "
                     f"UNION ALL SELECT e.target_actor_id, e.target_actor_name FROM {rel} e WHERE {where}"
                     ") q GROUP BY id", [*ep, *params, *ep, *params]):
        ev_names[r["id"]] = r["name"]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges} | set(ev_names))
    info: dict[str, dict] = {}
    for r in rd.rows_in("SELECT id, name, kind, sector, acled_inter, country, origin, status "
                        "FROM actors WHERE id IN {in_}", ids):
        info[r["id"]] = r
    out = []
    for nid in ids:
        a = info.get(nid, {})
        attrs = {"name": a.get("name") or names.get(nid) or ev_names.get(nid) or nid, "kind": a.get("kind"),
                 "sector": a.get("sector"), "acled_inter": a.get("acled_inter"), "country": a.get("country"),
                 "origin": a.get("origin"), "status": a.get("status")}
        out.append((nid, attrs))
    return out


def _text(v: Any) -> str:
    return escape(_NOT_XML.sub("", str(v)))


def _attr(v: Any) -> str:
    return quoteattr(_NOT_XML.sub("", str(v)))


def _data(keys: tuple[tuple[str, str], ...], prefix: str, attrs: dict) -> str:
    return "".join(f'\n  <data key="{prefix}{i}">{_text(attrs[k])}</data>'
                   for i, (k, _) in enumerate(keys) if attrs.get(k) is not None)


def _header(as_of: str | None) -> str:
    keys = ['<key id="g0" for="graph" attr.name="as_of" attr.type="string"/>']
    keys += [f'<key id="n{i}" for="node" attr.name="{k}" attr.type="{t}"/>' for i, (k, t) in enumerate(NODE_KEYS)]
    keys += [f'<key id="e{i}" for="edge" attr.name="{k}" attr.type="{t}"/>' for i, (k, t) in enumerate(EDGE_KEYS)]
    return ("<?xml version='1.0' encoding='utf-8'?>\n"
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            + "\n".join(keys)
            + f'\n<graph edgedefault="directed">\n<data key="g0">{_text(as_of or "")}</data>\n')


def iter_graphml(store: Any, f: Any = None, as_of: str | None = None, *, size: int = BATCH,
                 counts: dict[str, int] | None = None, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The network as GraphML text chunks; ``counts`` receives ``nodes`` and ``edges``."""
    from marsad.server.deps import records
    from marsad.server.network import EDGE_TYPES, collect_edges

    counts = {} if counts is None else counts
    counts.update(nodes=0, edges=0)
    # pack links and document relations: the knowledge pack's and the documents', not the events'
    links, names = collect_edges(records(store.affiliations(as_of=as_of)), [], as_of=as_of,
                                 types=set(EDGE_TYPES) - {"co_event"})
    links.sort(key=lambda e: (e["source"], e["target"], e["type"]))
    where, params = _co_event_where(store, f, as_of)
    events = events_seen(store)
    with Reader(store, size) as rd:
        yield _header(as_of)
        nodes = _nodes(rd, links, names, events, where, params)
        for i in range(0, len(nodes), rd.size):
            yield "".join(f"<node id={_attr(nid)}>{_data(NODE_KEYS, 'n', attrs)}\n</node>\n"
                          for nid, attrs in nodes[i : i + rd.size])
        counts["nodes"] = len(nodes)
        del nodes
        edges = heapq.merge(links, _co_event_edges(rd, events, where, params, progress),
                            key=lambda e: (e["source"], e["target"], e["type"]))
        chunk: list[str] = []
        for e in edges:
            chunk.append(f"<edge source={_attr(e['source'])} target={_attr(e['target'])} id={_attr(e['type'])}>"
                         f"{_data(EDGE_KEYS, 'e', e)}\n</edge>\n")
            counts["edges"] += 1
            if len(chunk) >= rd.size:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + "</graph></graphml>\n"


def export_graphml(store: Any, out: str | Path | TextIO, f: Any = None, as_of: str | None = None, *,
                   size: int = BATCH, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the network to ``out``; returns ``{nodes, edges}``."""
    counts: dict[str, int] = {}
    write_chunks(out, iter_graphml(store, f, as_of, size=size, counts=counts, progress=progress))
    return counts

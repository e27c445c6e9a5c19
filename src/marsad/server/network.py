"""The actor network behind /api/network: affiliations, extracted relations and co-participation.

Nodes are actors; edges come from three places, each tagged with ``origin``:

* ``pack``: the knowledge pack's dated affiliations (backs, member_of, leads, allied_with, ...),
  kept when active on ``as_of``;
* ``report``: relations extracted from documents (``store.relations``);
* ``event``: two actors on the two sides of the same event (``co_event``, weighted by count).

Coordinates are computed here, so the browser never runs a force layout: a spring layout for
small graphs, a deterministic spiral ordered by component and degree for large ones.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from marsad.server.deps import records

EDGE_TYPES = ("backs", "allied_with", "member_of", "part_of", "leads", "opposes", "co_event")
SPRING_MAX = 300


def _col(row: dict, *names: str) -> Any:
    for n in names:
        v = row.get(n)
        if v is not None:
            return v
    return None


def _actor_end(row: dict, side: str) -> str | None:
    """The actor id at one end of a relation or event row, whatever the frame calls it."""
    v = _col(row, f"{side}_actor_id", f"{side}_id", f"{side}_actor", side)
    if isinstance(v, dict):
        v = v.get("id")
    return str(v) if v not in (None, "") else None


def _actor_name(row: dict, side: str) -> str | None:
    v = _col(row, f"{side}_actor_name", f"{side}_name")
    if v is None:
        obj = row.get(f"{side}_actor") or row.get(side)
        if isinstance(obj, dict):
            v = obj.get("name")
    return v


def _active(start: str | None, end: str | None, date: str | None) -> bool:
    if date is None:
        return True
    if start and date[: len(start)] < start[: len(date)]:
        return False
    if end and date[: len(end)] > end[: len(date)]:
        return False
    return True


def collect_edges(
    relations: Iterable[dict],
    events: Iterable[dict],
    affiliations: Iterable[Any],
    *,
    as_of: str | None,
    types: set[str],
) -> tuple[list[dict], dict[str, str]]:
    """Merge the three edge sources into ``[{source, target, type, weight, origin, start, end}]``
    and a map of the actor names seen on the way."""
    names: dict[str, str] = {}
    merged: dict[tuple[str, str, str], dict] = {}

    def add(src, tgt, typ, origin, start=None, end=None, weight=1):
        if not src or not tgt or src == tgt or typ not in types:
            return
        if typ in ("allied_with", "opposes", "co_event") and src > tgt:
            src, tgt = tgt, src  # symmetric: one edge per pair
        key = (src, tgt, typ)
        e = merged.get(key)
        if e is None:
            merged[key] = {
                "source": src,
                "target": tgt,
                "type": typ,
                "weight": weight,
                "origin": origin,
                "start": start,
                "end": end,
            }
        else:
            e["weight"] += weight
            if origin not in e["origin"].split("+"):
                e["origin"] += "+" + origin

    for a in affiliations:
        if _active(a.start, a.end, as_of):
            add(a.source, a.target, a.type, "pack", a.start, a.end)
    for r in relations:
        if str(r.get("status") or "") == "rejected":
            continue
        s, t = _actor_end(r, "source"), _actor_end(r, "target")
        for side, aid in (("source", s), ("target", t)):
            n = _actor_name(r, side)
            if aid and n:
                names.setdefault(aid, n)
        add(s, t, str(r.get("type")), "report")
    if "co_event" in types:
        for ev in events:
            if str(ev.get("status") or "") == "rejected":
                continue
            d = ev.get("date")
            if as_of and d and str(d)[: len(as_of)] > as_of[: len(str(d))]:
                continue
            s, t = _actor_end(ev, "source"), _actor_end(ev, "target")
            for side, aid in (("source", s), ("target", t)):
                n = _actor_name(ev, side)
                if aid and n:
                    names.setdefault(aid, n)
            add(s, t, "co_event", "event")
    return list(merged.values()), names


def ego(edges: list[dict], center: str, depth: int) -> list[dict]:
    """Edges within ``depth`` hops of ``center``."""
    adj: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        adj[e["source"]].add(e["target"])
        adj[e["target"]].add(e["source"])
    keep = {center}
    frontier = {center}
    for _ in range(max(depth, 1)):
        frontier = {n for f in frontier for n in adj[f]} - keep
        keep |= frontier
    return [e for e in edges if e["source"] in keep and e["target"] in keep]


def layout(node_ids: list[str], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Deterministic coordinates in roughly [-1000, 1000]."""
    n = len(node_ids)
    if n == 0:
        return {}
    if n <= SPRING_MAX:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(node_ids)
        inside = set(node_ids)
        g.add_weighted_edges_from(
            (e["source"], e["target"], 1.0)
            for e in edges
            if e["source"] in inside and e["target"] in inside
        )
        pos = nx.spring_layout(g, seed=7, iterations=100, k=3.0 / math.sqrt(max(n, 1)))
        return {k: (float(v[0]) * 1000, float(v[1]) * 1000) for k, v in pos.items()}
    # Large graphs: components largest first, then degree, laid along a golden-angle spiral so
    # hubs sit in the middle and each component occupies a contiguous band.
    deg = Counter()
    parent = {x: x for x in node_ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = [e for e in edges if e["source"] in parent and e["target"] in parent]
    for e in edges:
        deg[e["source"]] += 1
        deg[e["target"]] += 1
        a, b = find(e["source"]), find(e["target"])
        if a != b:
            parent[a] = b
    comp_size = Counter(find(x) for x in node_ids)
    order = sorted(node_ids, key=lambda x: (-comp_size[find(x)], find(x), -deg[x], x))
    golden = math.pi * (3 - math.sqrt(5))
    scale = 1000 / math.sqrt(n)
    return {
        nid: (
            scale * math.sqrt(i + 0.5) * math.cos(i * golden),
            scale * math.sqrt(i + 0.5) * math.sin(i * golden),
        )
        for i, nid in enumerate(order)
    }


def build_network(
    relations_df: Any,
    events_df: Any,
    actors_df: Any,
    affiliations: Iterable[Any] = (),
    *,
    as_of: str | None = None,
    types: Iterable[str] = EDGE_TYPES,
    actor: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    max_nodes: int = 5000,
    pack_actors: dict | None = None,
) -> dict:
    """``{nodes, edges, as_of, truncated}`` ready for the dashboard's graph view."""
    edges, names = collect_edges(
        records(relations_df), records(events_df), affiliations, as_of=as_of, types=set(types)
    )
    edges = [e for e in edges if e["weight"] >= min_weight]
    if actor:
        edges = ego(edges, actor, depth)
    deg = Counter()
    for e in edges:
        deg[e["source"]] += e["weight"]
        deg[e["target"]] += e["weight"]
    ids = sorted(deg, key=lambda x: (-deg[x], x))
    if actor and actor not in deg:
        ids = [actor]
    truncated = len(ids) > max_nodes
    if truncated:
        ids = ids[:max_nodes]
        keep = set(ids)
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    info = {str(r.get("id")): r for r in records(actors_df)}
    pos = layout(ids, edges)
    nodes = []
    for nid in ids:
        a = info.get(nid) or {}
        pa = (pack_actors or {}).get(nid)
        nodes.append(
            {
                "id": nid,
                "name": a.get("name") or (pa.name if pa else None) or names.get(nid) or nid,
                "kind": a.get("kind") or (pa.kind if pa else None),
                "sector": a.get("sector") or (pa.sector if pa else None),
                "degree": deg.get(nid, 0),
                "x": round(pos[nid][0], 2),
                "y": round(pos[nid][1], 2),
            }
        )
    return {"nodes": nodes, "edges": edges, "as_of": as_of, "truncated": truncated}

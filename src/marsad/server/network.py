"""The actor network behind /api/network: affiliations, extracted relations and co-participation.

Nodes are actors; edges come from three places, each tagged with ``origin``:

* ``pack``: the knowledge pack's dated affiliations (backs, member_of, leads, allied_with, ...),
  kept when active on ``as_of``;
* ``report``: relations extracted from documents;
* ``event``: two actors on the two sides of the same event (``co_event``, weighted by count).

The first two come from one ``store.affiliations(as_of=...)`` frame (its ``origin`` column says
``pack`` or ``document``); the pack is the one copied into the store, never loaded here.

Coordinates are computed here, so the browser never runs a force layout: a spring layout for
small graphs, a deterministic spiral ordered by component and degree for large ones.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.server.deps import _clean_column, records
from marsad.store.filters import active_on

EDGE_TYPES = ("backs", "allied_with", "member_of", "part_of", "leads", "opposes", "co_event")
SPRING_MAX = 300


def _end(actor_id: Any, other: Any = None) -> str | None:
    """The actor id at one end of an edge: the ``*_actor_id`` value, else the plain one."""
    v = actor_id or other
    return str(v) if v not in (None, "") else None


def _actor_end(row: dict, side: str) -> str | None:
    """The actor id at one end of an affiliation or event row."""
    return _end(row.get(f"{side}_actor_id"), row.get(side))


def _actor_name(row: dict, side: str) -> str | None:
    return row.get(f"{side}_actor_name") or row.get(f"{side}_name")


# What collect_edges reads of an event (the events table's columns of them)
EVENT_EDGE_COLUMNS = ("status", "date", "source_actor_id", "target_actor_id", "source_actor_name",
                      "target_actor_name")


def _event_ends(events: Any, days: bool = True) -> Iterator[tuple]:
    """``(status, date, source, target, source name, target name)`` of each event (the date None
    unless ``days``), from dicts or, column by column, from a frame: making 20,000 dicts out of a
    frame took longer than the rest of /api/network, and a Python call per event most of what
    was left."""
    if events is None:
        return iter(())
    if not hasattr(events, "columns"):
        return ((ev.get("status"), ev.get("date") if days else None, _actor_end(ev, "source"),
                 _actor_end(ev, "target"), _actor_name(ev, "source"), _actor_name(ev, "target"))
                for ev in events)
    n = len(events)

    def col(name: str) -> list:
        return _clean_column(events[name]) if name in events.columns else [None] * n

    def ends(ids: list, plain: list) -> list:
        if not any(plain):  # no plain column (the events table's case): _end without a call per value
            return [(v if type(v) is str else str(v)) if v else None for v in ids]
        return list(map(_end, ids, plain))

    def names(full: list, plain: list) -> list:
        return full if not any(plain) else [a or b for a, b in zip(full, plain, strict=True)]

    src = ends(col("source_actor_id"), col("source"))
    tgt = ends(col("target_actor_id"), col("target"))
    src_name = names(col("source_actor_name"), col("source_name"))
    tgt_name = names(col("target_actor_name"), col("target_name"))
    day = col("date") if days else [None] * n
    return zip(col("status"), day, src, tgt, src_name, tgt_name, strict=True)


def _alike(events: Any, days: bool) -> Counter:
    """Events (dicts or a frame) counted by what the graph reads of them, in the order each kind
    first appears (``Store.co_participation`` gives the same counts from the database)."""
    return Counter(_event_ends(events, days=days))


def collect_edges(
    affiliations: Iterable[dict],
    events: Iterable[dict] | Any,
    *,
    as_of: str | None,
    types: set[str],
    pairs: Iterable[tuple] | None = None,
) -> tuple[list[dict], dict[str, str]]:
    """Merge the store's affiliations (pack links and document relations) and co-participation
    in events (dicts or a frame of events, or ``pairs`` from ``Store.co_participation``) into
    ``[{source, target, type, weight, origin, start, end}]``, with a map of the actor names seen
    on the way."""
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
        if str(a.get("status") or "") == "rejected":
            continue
        pack = a.get("origin") == "pack"
        if pack and not active_on(a.get("start_date"), a.get("end_date"), as_of):
            continue
        s, t = _actor_end(a, "source"), _actor_end(a, "target")
        for side, aid in (("source", s), ("target", t)):
            n = _actor_name(a, side)
            if aid and n:
                names.setdefault(aid, n)
        start, end = (a.get("start_date"), a.get("end_date")) if pack else (None, None)
        add(s, t, str(a.get("type")), "pack" if pack else "report", start, end)
    if "co_event" in types:
        # events alike in everything read here counted at once (in C or by the database), in the
        # order they first appear, so names are met in the same order as event by event; the day
        # matters only against as_of
        if pairs is None:
            counted = ((*kind, n) for kind, n in _alike(events, days=bool(as_of)).items())
        else:
            counted = pairs  # already counted by the database
        co = _co_event_weights(counted, as_of, names)
        for (s, t), count in co.items():
            merged[(s, t, "co_event")] = {"source": s, "target": t, "type": "co_event", "weight": count,
                                          "origin": "event", "start": None, "end": None}
    return list(merged.values()), names


def _co_event_weights(counted: Iterable[tuple], as_of: str | None, names: dict[str, str]) -> dict:
    """Pair of actor ids (the smaller first) -> events counted for it, in order of first
    appearance, from ``(status, day, source, target, source name, target name, count)`` rows
    (``Store.co_participation``'s): rejected events and events after ``as_of`` left out, each
    actor's first name kept in ``names``. One tight loop: /api/network spends its Python time
    here."""
    co: dict[tuple[str, str], int] = {}
    for status, day, s, t, s_name, t_name, count in counted:
        if status == "rejected" or (as_of and day and not active_on(None, as_of, day)):
            continue
        if s.__class__ is not str:
            s = _end(s)
        if t.__class__ is not str:
            t = _end(t)
        count = int(count)
        if s and s_name and s not in names:
            names[s] = s_name
        if t and t_name and t not in names:
            names[t] = t_name
        if not s or not t or s == t:
            continue
        key = (s, t) if s < t else (t, s)
        co[key] = co.get(key, 0) + count
    return co


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
    affiliations_df: Any,
    events_df: Any,
    actors_df: Any,
    *,
    as_of: str | None = None,
    types: Iterable[str] = EDGE_TYPES,
    actor: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    max_nodes: int = 5000,
    kinds: Iterable[str] | None = None,
    expand: Iterable[str] = (),
    pairs: Iterable[tuple] | None = None,
) -> dict:
    """``{nodes, edges, as_of, truncated}`` ready for the dashboard's graph view, from
    ``store.affiliations(as_of=...)``, ``store.events(...)`` and ``store.actors()`` frames (or
    lists of dicts). ``kinds`` keeps actors of those kinds only; ``max_nodes`` keeps the best
    connected actors, plus every neighbour of the actors in ``expand`` (the analyst's "show its
    links"). ``pairs`` (``Store.co_participation`` rows) stand for the events' co-participation
    when given."""
    edges, names = collect_edges(
        records(affiliations_df), records(events_df) if isinstance(events_df, list) else events_df,
        as_of=as_of, types=set(types), pairs=pairs,
    )
    edges = [e for e in edges if e["weight"] >= min_weight]
    info = {str(r.get("id")): r for r in records(actors_df)}
    if kinds:
        wanted = set(kinds)
        edges = [
            e for e in edges
            if (info.get(e["source"]) or {}).get("kind") in wanted
            and (info.get(e["target"]) or {}).get("kind") in wanted
        ]
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
        keep = set(ids[:max_nodes])
        grow = set(expand) & set(deg)
        keep |= grow | {
            e[o] for e in edges for side, o in (("source", "target"), ("target", "source"))
            if e[side] in grow
        }
        ids = [x for x in ids if x in keep]
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    pos = layout(ids, edges)
    nodes = []
    for nid in ids:
        a = info.get(nid) or {}
        nodes.append(
            {
                "id": nid,
                "name": a.get("name") or names.get(nid) or nid,
                "kind": a.get("kind"),
                "sector": a.get("sector"),
                "degree": deg.get(nid, 0),
                "x": round(pos[nid][0], 2),
                "y": round(pos[nid][1], 2),
            }
        )
    return {"nodes": nodes, "edges": edges, "as_of": as_of, "truncated": truncated}

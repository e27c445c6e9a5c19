"""GraphML of the actor network as of a date, built like the dashboard's network
(:mod:`marsad.server.network`): pack affiliations in force on ``as_of``, relations stated in documents
published up to it, and ``co_event`` edges between the two sides of the matching events (counted in
SQL, so the event table is never loaded). One directed multigraph: an edge per (source, target,
type), keyed by type, with ``weight``, ``origin`` and the link's dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.interop.stream import event_where


def _co_events(store: Any, f: Any, as_of: str | None) -> list[dict]:
    where, params = event_where(store, f, "e")
    if as_of:
        from marsad.store.filters import day_range

        where += " AND (e.day_lo IS NULL OR e.day_lo <= ?)"
        params.append(day_range(as_of)[1])
    rows = store._dicts(
        "SELECT e.source_actor_id, max(e.source_actor_name) AS source_actor_name, e.target_actor_id, "
        "max(e.target_actor_name) AS target_actor_name, count(*) AS n FROM events e "
        f"WHERE {where} AND e.source_actor_id IS NOT NULL AND e.target_actor_id IS NOT NULL "
        "AND e.status <> 'rejected' GROUP BY e.source_actor_id, e.target_actor_id", params)
    return rows


def build_graph(store: Any, f: Any = None, as_of: str | None = None) -> Any:
    """The actor network as a ``networkx.MultiDiGraph``."""
    import networkx as nx

    from marsad.server.deps import records
    from marsad.server.network import EDGE_TYPES, collect_edges

    types = set(EDGE_TYPES)
    edges, names = collect_edges(records(store.affiliations(as_of=as_of)), [], as_of=as_of,
                                 types=types - {"co_event"})
    co: dict[tuple[str, str], int] = {}
    for r in _co_events(store, f, as_of):
        s, t = r["source_actor_id"], r["target_actor_id"]
        if s == t:
            continue
        names.setdefault(s, r["source_actor_name"] or s)
        names.setdefault(t, r["target_actor_name"] or t)
        key = (min(s, t), max(s, t))
        co[key] = co.get(key, 0) + int(r["n"])
    edges += [{"source": s, "target": t, "type": "co_event", "weight": n, "origin": "event"}
              for (s, t), n in sorted(co.items())]
    g = nx.MultiDiGraph(as_of=as_of or "")
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    info: dict[str, dict] = {}
    for sql_in, params in store._in_chunks(ids):
        for r in store._dicts(f"SELECT id, name, kind, sector, acled_inter, country, origin, status "
                              f"FROM actors WHERE id IN {sql_in}", params):
            info[r["id"]] = r
    for nid in ids:
        a = info.get(nid, {})
        attrs = {"name": a.get("name") or names.get(nid) or nid, "kind": a.get("kind"), "sector": a.get("sector"),
                 "acled_inter": a.get("acled_inter"), "country": a.get("country"), "origin": a.get("origin"),
                 "status": a.get("status")}
        g.add_node(nid, **{k: v for k, v in attrs.items() if v is not None})
    for e in sorted(edges, key=lambda e: (e["source"], e["target"], e["type"])):
        attrs = {k: e.get(k) for k in ("type", "weight", "origin", "start", "end")}
        g.add_edge(e["source"], e["target"], key=e["type"], **{k: v for k, v in attrs.items() if v is not None})
    return g


def export_graphml(store: Any, out: str | Path, f: Any = None, as_of: str | None = None) -> dict[str, int]:
    """Write the network to ``out``; returns ``{nodes, edges}``."""
    import networkx as nx

    g = build_graph(store, f, as_of)
    nx.write_graphml(g, str(out))
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}

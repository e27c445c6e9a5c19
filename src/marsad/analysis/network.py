"""The actor network as of a date: who is linked to whom, through what, and who sits between.

Edges come from two kinds of evidence, each kept on the edge as a list of items:

* **affiliations** valid on the date — the pack's dated links and the relations documents state
  (``store.affiliations(as_of=...)``, or the pack alone with :func:`network_from_pack`);
* **co-participation** — two actors named as the two sides of one event within a window of days
  before the date (``store.events``), each with the event's first document.

An edge's ``weight`` is its number of evidence items. :func:`centrality` ranks actors (degree,
betweenness, eigenvector) and assigns communities; :func:`paths` answers "how is A connected to
B" with the evidence of every edge; :func:`brokers` finds actors whose links span communities;
:func:`write_graphml` exports the graph for Gephi and similar tools.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from marsad.errors import MarsadError


class NetworkError(MarsadError):
    """A network question that cannot be answered (unknown actor, bad date or window)."""

    code = "E530"


EXACT_BETWEENNESS_LIMIT = 1500  # above this many nodes betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 300


def _add(g: nx.Graph, a: str, b: str, names: dict[str, str], item: dict[str, Any]) -> None:
    if not a or not b or a == b:
        return
    for n in (a, b):
        if n not in g:
            g.add_node(n, name=names.get(n) or n)
    if g.has_edge(a, b):
        g[a][b]["evidence"].append(item)
        g[a][b]["weight"] += 1
    else:
        g.add_edge(a, b, evidence=[item], weight=1)


def build_network(
    affiliations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    names: dict[str, str] | None = None,
) -> nx.Graph:
    """An undirected graph from affiliation rows (``source``, ``type``, ``target`` and optional
    ``origin``, ``doc_id``, ``evidence``, ``start_date``, ``end_date``, ``note``, names) and event
    rows (``id``, ``type``, ``date``, ``source_actor_id``, ``target_actor_id``,
    ``first_document``)."""
    g = nx.Graph()
    names = dict(names or {})
    if affiliations is not None and len(affiliations):
        for r in affiliations.to_dict("records"):
            for end in ("source", "target"):
                if r.get(f"{end}_name") and isinstance(r.get(f"{end}_name"), str):
                    names.setdefault(r[end], r[f"{end}_name"])
            item = {
                "kind": "affiliation",
                "type": r.get("type"),
                "from": r["source"],
                "to": r["target"],
            }
            for k in (
                "id",
                "origin",
                "doc_id",
                "evidence",
                "start_date",
                "end_date",
                "as_of",
                "note",
            ):
                v = r.get(k)
                if v is not None and not (isinstance(v, float) and pd.isna(v)):
                    item[k] = v
            _add(g, r["source"], r["target"], names, item)
    if events is not None and len(events):
        for r in events.to_dict("records"):
            a, b = r.get("source_actor_id"), r.get("target_actor_id")
            if not isinstance(a, str) or not isinstance(b, str):
                continue
            for k in ("source", "target"):
                if isinstance(r.get(f"{k}_actor_name"), str):
                    names.setdefault(r[f"{k}_actor_id"], r[f"{k}_actor_name"])
            item = {
                "kind": "event", "type": r.get("type"), "id": r.get("id"), "date": r.get("date"),
                "doc_id": r.get("first_document"), "from": a, "to": b,
            }  # fmt: skip
            _add(g, a, b, names, item)
    for n in g.nodes:
        g.nodes[n]["name"] = names.get(n) or n
    return g


def network_from_pack(pack, as_of: str | None = None) -> nx.Graph:
    """The pack's affiliations valid on ``as_of`` (all, when ``None``)."""
    rows = [
        {"id": f"pack:{i}", "source": a.source, "type": a.type, "target": a.target,
         "start_date": a.start, "end_date": a.end, "note": a.note, "origin": "pack"}
        for i, a in enumerate(pack.affiliations)
        if a.active_on(as_of)
    ]  # fmt: skip
    names = {aid: a.name for aid, a in pack.actors.items()}
    return build_network(pd.DataFrame(rows), None, names)


def _window(as_of: str | None, window_days: int) -> tuple[str | None, str | None]:
    if window_days < 0:
        raise NetworkError(f"the window must not be negative (got {window_days} days)")
    if as_of is None:
        return None, None
    try:
        end = dt.date.fromisoformat((as_of + "-12-31")[:10] if len(as_of) == 4 else as_of)
    except ValueError:
        if len(as_of) == 7:  # a month: its last day
            y, m = (int(x) for x in as_of.split("-"))
            end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            raise NetworkError(f"bad date {as_of!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return (end - dt.timedelta(days=window_days)).isoformat(), end.isoformat()


def network_from_store(store, as_of: str | None = None, window_days: int = 365) -> nx.Graph:
    """Affiliations valid on ``as_of`` plus co-participation in events of the ``window_days``
    before it (all events when ``as_of`` is ``None``)."""
    from marsad.store.filters import EventFilter

    start, end = _window(as_of, window_days)
    aff = store.affiliations(as_of=as_of)
    frames, cursor = [], None
    while True:
        page = store.events(EventFilter(start=start, end=end), limit=10_000, cursor=cursor)
        frames.append(page)
        cursor = page.attrs.get("cursor")
        if not cursor or len(page) < 10_000:
            break
    events = pd.concat(frames, ignore_index=True) if frames else None
    return build_network(aff, events)


def resolve(g: nx.Graph, actor: str) -> str:
    """The node for ``actor``: an id, or a name or id compared without case."""
    if actor in g:
        return actor
    k = actor.strip().lower()
    hits = [
        n for n, d in g.nodes(data=True) if str(d.get("name", "")).lower() == k or n.lower() == k
    ]
    if len(hits) == 1:
        return hits[0]
    hits = [n for n, d in g.nodes(data=True) if k in str(d.get("name", "")).lower() or k in n]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise NetworkError(f"{actor!r} matches several actors: {', '.join(sorted(hits)[:6])}")
    raise NetworkError(f"{actor!r} is not in the network on that date")


def communities(g: nx.Graph, seed: int = 1) -> dict[str, int]:
    """Node -> community number (Louvain on edge weights, largest community 0)."""
    if g.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(g.nodes))}
    parts = nx.community.louvain_communities(g, weight="weight", seed=seed)
    parts = sorted(parts, key=lambda c: (-len(c), min(c)))
    return {n: i for i, c in enumerate(parts) for n in c}


def centrality(g: nx.Graph, seed: int = 1) -> pd.DataFrame:
    """One row per actor: id, name, degree (links), weighted degree, degree centrality,
    betweenness (exact up to EXACT_BETWEENNESS_LIMIT nodes, else estimated from a sample of
    BETWEENNESS_SAMPLE sources), eigenvector centrality and community; by betweenness."""
    cols = ["id", "name", "degree", "strength", "degree_centrality", "betweenness",
            "eigenvector", "community"]  # fmt: skip
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    k = BETWEENNESS_SAMPLE if g.number_of_nodes() > EXACT_BETWEENNESS_LIMIT else None
    btw = nx.betweenness_centrality(g, k=k, seed=seed)
    try:
        eig = nx.eigenvector_centrality(g, max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        eig = {n: float("nan") for n in g}
    dc = nx.degree_centrality(g)
    comm = communities(g, seed)
    rows = [
        {"id": n, "name": g.nodes[n].get("name", n), "degree": g.degree(n),
         "strength": g.degree(n, weight="weight"), "degree_centrality": dc[n],
         "betweenness": btw[n], "eigenvector": eig[n], "community": comm[n]}
        for n in g.nodes
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True], ignore_index=True
    )


@dataclass(slots=True)
class Path_:
    nodes: list[str]
    names: list[str]
    edges: list[dict[str, Any]]  # {from, to, weight, evidence: [...]}

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "names": self.names, "edges": self.edges}


def paths(g: nx.Graph, a: str, b: str, limit: int = 5) -> list[Path_]:
    """Shortest paths from ``a`` to ``b`` (at most ``limit``), each edge with its evidence."""
    src, dst = resolve(g, a), resolve(g, b)
    try:
        found = []
        for p in nx.all_shortest_paths(g, src, dst):
            found.append(p)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    out = []
    for p in found:
        edges = [
            {"from": u, "to": v, "weight": g[u][v]["weight"], "evidence": list(g[u][v]["evidence"])}
            for u, v in zip(p, p[1:], strict=False)
        ]
        out.append(Path_(p, [g.nodes[n].get("name", n) for n in p], edges))
    return out


def around(g: nx.Graph, actor: str, radius: int = 1) -> nx.Graph:
    """The sub-network within ``radius`` links of ``actor``."""
    return nx.ego_graph(g, resolve(g, actor), radius=radius)


def brokers(
    g: nx.Graph,
    groups: dict[str, Any] | None = None,
    top: int = 10,
    betweenness: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Actors linked to two or more groups besides their own (communities by default, or a
    given ``node -> camp`` map), ranked by betweenness (computed unless given): the ones who sit
    between camps."""
    groups = groups if groups is not None else communities(g)
    btw = betweenness
    if btw is None:
        k = BETWEENNESS_SAMPLE if g.number_of_nodes() > EXACT_BETWEENNESS_LIMIT else None
        btw = nx.betweenness_centrality(g, k=k, seed=1)
    rows = []
    for n in g.nodes:
        own = groups.get(n)
        reached = {groups.get(m) for m in g.neighbors(n)} - {own, None}
        if len(reached) + (own is not None) >= 2 and reached:
            rows.append(
                {"id": n, "name": g.nodes[n].get("name", n), "group": own,
                 "groups_reached": len(reached), "betweenness": btw[n]}
            )  # fmt: skip
    df = pd.DataFrame(rows, columns=["id", "name", "group", "groups_reached", "betweenness"])
    return df.sort_values(
        ["betweenness", "groups_reached", "id"], ascending=[False, False, True], ignore_index=True
    ).head(top)


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    """Write ``g`` as GraphML; each edge's evidence becomes a JSON string attribute."""
    h = nx.Graph()
    for n, d in g.nodes(data=True):
        h.add_node(n, name=str(d.get("name", n)))
    for u, v, d in g.edges(data=True):
        h.add_edge(u, v, weight=int(d.get("weight", 1)),
                   evidence=json.dumps(d.get("evidence", []), ensure_ascii=False, default=str))  # fmt: skip
    p = Path(path)
    nx.write_graphml(h, p)
    return p


def edge_count_by_kind(g: nx.Graph) -> dict[str, int]:
    """How many evidence items of each kind the graph's edges carry."""
    out: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        for item in d.get("evidence", []):
            out[item["kind"]] = out.get(item["kind"], 0) + 1
    return out


def analyze_network(
    pack,
    store=None,
    as_of: str | None = None,
    around_actor: str | None = None,
    radius: int = 1,
    path: list[str] | None = None,
    window_days: int = 365,
    top: int = 15,
    graphml: str | Path | None = None,
) -> dict[str, Any]:
    """The network on ``as_of`` (from ``store`` when given, else the pack), optionally cut to the
    neighbourhood of ``around_actor``; rankings, brokers and the paths between ``path``'s two
    actors, as plain data. Writes GraphML to ``graphml`` when given."""
    if path and len(path) != 2:
        raise NetworkError("--path takes exactly two actors")
    if as_of is not None:
        _window(as_of, 0)
    g = (
        network_from_store(store, as_of, window_days)
        if store is not None
        else network_from_pack(pack, as_of)
    )
    if around_actor:
        g = around(g, around_actor, radius)
    cen = centrality(g)
    found = paths(g, path[0], path[1]) if path else []
    if graphml:
        write_graphml(g, graphml)
    return {
        "as_of": as_of,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "evidence": edge_count_by_kind(g),
        "centrality": cen.head(top).to_dict("records"),
        "brokers": brokers(
            g,
            dict(zip(cen["id"], cen["community"], strict=True)),
            top,
            dict(zip(cen["id"], cen["betweenness"], strict=True)),
        ).to_dict("records"),
        "paths": [p.to_dict() for p in found],
    }

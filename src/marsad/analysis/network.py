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
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from marsad.errors import MarsadError


class NetworkError(MarsadError):
    """A network question that cannot be answered (unknown actor, bad date or window)."""

    code = "E530"


EXACT_BETWEENNESS_LIMIT = 10_000  # above this many nodes betweenness is estimated by default
BETWEENNESS_SAMPLE = 1000  # sources sampled for the estimate
BETWEENNESS_MODES = ("auto", "exact", "sampled")
ERROR_CONFIDENCE = 0.95  # the estimate's error bound holds per actor with this probability


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


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, column by column (much faster than ``to_dict("records")`` on Arrow-backed
    string columns)."""
    cols = {c: df[c].tolist() for c in df.columns}
    return [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]


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
        for r in _records(affiliations):
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
        for r in _records(events):
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


def _to_igraph(g: nx.Graph) -> tuple[Any, list[str]]:
    """The same graph in igraph (vertex i is ``nodes[i]``; edge weights kept)."""
    import igraph as ig

    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()])
    h.es["weight"] = [d.get("weight", 1) for _, _, d in g.edges(data=True)]
    return h, nodes


def communities(g: nx.Graph, seed: int = 1) -> dict[str, int]:
    """Node -> community number (Louvain on edge weights, igraph's multilevel implementation,
    seeded; largest community 0)."""
    import igraph as ig

    if g.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(g.nodes))}
    h, nodes = _to_igraph(g)
    ig.set_random_number_generator(random.Random(seed))
    try:
        membership = h.community_multilevel(weights="weight").membership
    finally:
        ig.set_random_number_generator(random)
    groups: dict[int, list[str]] = {}
    for n, c in zip(nodes, membership, strict=True):
        groups.setdefault(c, []).append(n)
    parts = sorted(groups.values(), key=lambda c: (-len(c), min(c)))
    return {n: i for i, c in enumerate(parts) for n in c}


def betweenness_error_bound(k: int, confidence: float = ERROR_CONFIDENCE) -> float:
    """Hoeffding bound on the error of the sampled estimate of one actor's (normalised)
    betweenness from ``k`` sampled sources: each source contributes a value in [0, 1] whose mean
    over all sources is the exact betweenness, so the mean of k - 1 of them (an actor that is
    itself sampled has k - 1 other sources) is within this bound with probability ``confidence``."""
    if k < 2:
        return 1.0
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * (k - 1)))


def betweenness(
    g: nx.Graph, mode: str = "auto", sample: int = BETWEENNESS_SAMPLE, seed: int = 1
) -> tuple[dict[str, float], dict[str, Any]]:
    """Normalised betweenness of every actor (unweighted shortest paths, endpoints excluded),
    computed by igraph, and how: ``{"method": "exact"}`` or ``{"method": "sampled", "sources":
    k, "error_bound": e, "confidence": 0.95}``.

    The values are networkx's: exact, the same as ``nx.betweenness_centrality(g)``; sampled,
    the same estimator with the same sources as ``nx.betweenness_centrality(g, k, seed=seed)``
    (each sampled source's dependencies scaled as networkx 3.6 does). ``mode`` "auto" is exact
    up to EXACT_BETWEENNESS_LIMIT actors."""
    if mode not in BETWEENNESS_MODES:
        raise NetworkError(f"betweenness={mode!r} is not one of {', '.join(BETWEENNESS_MODES)}")
    n = g.number_of_nodes()
    sampled = mode == "sampled" or (mode == "auto" and n > EXACT_BETWEENNESS_LIMIT)
    k = min(sample, n) if sampled else n
    if n <= 2:
        return dict.fromkeys(g, 0.0), {"method": "exact"}
    h, nodes = _to_igraph(g)
    if k >= n:  # every source: exact
        raw = h.betweenness(directed=False)  # unordered pairs: half networkx's ordered sums
        scale = 2 / ((n - 1) * (n - 2))
        return {v: b * scale for v, b in zip(nodes, raw, strict=True)}, {"method": "exact"}
    if k < 2:
        raise NetworkError("a sampled betweenness needs at least 2 sources")
    chosen = random.Random(seed).sample(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    raw = h.betweenness(directed=False, sources=[index[v] for v in chosen])
    picked = set(chosen)
    out = {
        v: 2 * b / (((k - 1) if v in picked else k) * (n - 2))
        for v, b in zip(nodes, raw, strict=True)
    }
    info = {
        "method": "sampled", "sources": k, "error_bound": round(betweenness_error_bound(k), 4),
        "confidence": ERROR_CONFIDENCE,
    }  # fmt: skip
    return out, info


def eigenvector(g: nx.Graph, max_iter: int = 1000, tol: float = 1e-8) -> dict[str, float]:
    """Eigenvector centrality as ``nx.eigenvector_centrality(g, max_iter, tol)`` computes it —
    the same power iteration on A + I from the all-ones vector, the same normalisation and
    stopping rule — on a sparse matrix (NaN for every actor when it does not converge)."""
    import numpy as np
    from scipy import sparse

    n = g.number_of_nodes()
    if n == 0:
        return {}
    nodes = list(g.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rows = [index[u] for u, v in g.edges()] + [index[v] for u, v in g.edges()]
    cols = [index[v] for u, v in g.edges()] + [index[u] for u, v in g.edges()]
    a = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + a @ last
        norm = float(np.sqrt(np.dot(x, x))) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return dict(zip(nodes, x.tolist(), strict=True))
    return dict.fromkeys(nodes, float("nan"))


def centrality(g: nx.Graph, seed: int = 1, mode: str = "auto") -> pd.DataFrame:
    """One row per actor: id, name, degree (links), weighted degree, degree centrality,
    betweenness (see :func:`betweenness`; how it was computed is in ``df.attrs["betweenness"]``),
    eigenvector centrality and community; by betweenness."""
    cols = ["id", "name", "degree", "strength", "degree_centrality", "betweenness",
            "eigenvector", "community"]  # fmt: skip
    if g.number_of_nodes() == 0:
        df = pd.DataFrame(columns=cols)
        df.attrs["betweenness"] = {"method": "exact"}
        return df
    btw, how = betweenness(g, mode, seed=seed)
    eig = eigenvector(g)
    dc = nx.degree_centrality(g)
    comm = communities(g, seed)
    rows = [
        {"id": n, "name": g.nodes[n].get("name", n), "degree": g.degree(n),
         "strength": g.degree(n, weight="weight"), "degree_centrality": dc[n],
         "betweenness": btw[n], "eigenvector": eig[n], "community": comm[n]}
        for n in g.nodes
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    df = df.sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True], ignore_index=True
    )
    df.attrs["betweenness"] = how
    return df


@dataclass(slots=True)
class Path_:
    nodes: list[str]
    names: list[str]
    edges: list[dict[str, Any]]  # {from, to, weight, evidence: [...]}

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "names": self.names, "edges": self.edges}


def shortest_paths(g: nx.Graph, src: str, dst: str, limit: int) -> list[list[str]]:
    """The first ``limit`` shortest paths from ``src`` to ``dst``, in the order
    ``nx.all_shortest_paths`` gives them, without a search of the whole graph: the distance
    comes from a bidirectional search, and the breadth-first predecessors only up to it (the
    same lists, in the same order, as networkx's full search has for those levels)."""
    try:
        d = len(nx.bidirectional_shortest_path(g, src, dst)) - 1
    except nx.NetworkXNoPath:
        return []
    if d == 0:
        return [[src]]
    pred = nx.predecessor(g, src, cutoff=d)
    found: list[list[str]] = []
    stack = [(dst, (dst,))]  # back from dst, the first predecessor's paths first
    while stack and len(found) < limit:
        node, tail = stack.pop()
        if node == src:
            found.append(list(tail))
            continue
        stack.extend((p, (p, *tail)) for p in reversed(pred[node]))
    return found


def paths(g: nx.Graph, a: str, b: str, limit: int = 5) -> list[Path_]:
    """Shortest paths from ``a`` to ``b`` (at most ``limit``), each edge with its evidence."""
    src, dst = resolve(g, a), resolve(g, b)
    found = shortest_paths(g, src, dst, limit)
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


_betweenness = betweenness  # brokers() takes precomputed values under that name


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
    btw = betweenness if betweenness is not None else _betweenness(g)[0]
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
    betweenness_mode: str = "auto",
) -> dict[str, Any]:
    """The network on ``as_of`` (from ``store`` when given, else the pack), optionally cut to the
    neighbourhood of ``around_actor``; rankings, brokers and the paths between ``path``'s two
    actors, as plain data; ``betweenness`` says whether betweenness is exact or estimated (and
    the estimate's error bound). Writes GraphML to ``graphml`` when given."""
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
    cen = centrality(g, mode=betweenness_mode)
    found = paths(g, path[0], path[1]) if path else []
    if graphml:
        write_graphml(g, graphml)
    return {
        "as_of": as_of,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "evidence": edge_count_by_kind(g),
        "betweenness": cen.attrs["betweenness"],
        "centrality": cen.head(top).to_dict("records"),
        "brokers": brokers(
            g,
            dict(zip(cen["id"], cen["community"], strict=True)),
            top,
            dict(zip(cen["id"], cen["betweenness"], strict=True)),
        ).to_dict("records"),
        "paths": [p.to_dict() for p in found],
    }

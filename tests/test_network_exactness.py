"""The fast network analytics (igraph, sparse power iteration) against exact references on small
graphs: networkx's exact betweenness and eigenvector centrality, a brute-force enumeration of
shortest paths for the sampled estimator, and planted communities."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import pytest

from marsad.analysis.network import (
    NetworkError,
    betweenness,
    betweenness_error_bound,
    centrality,
    communities,
    eigenvector,
    shortest_paths,
)


def _graphs():
    """Small graphs of several shapes, with string ids like the store's."""
    out = []
    for seed, (n, m) in enumerate([(12, 20), (30, 60), (40, 45), (25, 150)]):
        g = nx.gnm_random_graph(n, m, seed=seed)
        out.append(nx.relabel_nodes(g, {i: f"a{i:02d}" for i in g}))
    g = nx.relabel_nodes(nx.karate_club_graph(), lambda i: f"k{i}")
    for u, v in g.edges:
        g[u][v].pop("weight", None)
    out.append(g)
    two = nx.disjoint_union(nx.path_graph(5), nx.cycle_graph(7))  # two components
    out.append(nx.relabel_nodes(two, lambda i: f"c{i}"))
    star = nx.star_graph(6)
    star.add_node(99)  # an isolated actor
    out.append(nx.relabel_nodes(star, lambda i: f"s{i}"))
    return out


@pytest.mark.parametrize(
    "g", _graphs(), ids=lambda g: f"n{g.number_of_nodes()}m{g.number_of_edges()}"
)
def test_exact_betweenness_equals_networkx(g):
    ours, how = betweenness(g, "exact")
    ref = nx.betweenness_centrality(g)
    assert how == {"method": "exact"}
    assert ours.keys() == ref.keys()
    for v in g:
        assert ours[v] == pytest.approx(ref[v], abs=1e-12)


def _dependencies(g, s):
    """delta_s(v) by brute force: for every target t, the share of s-t shortest paths through v."""
    dep = Counter()
    for t in g:
        if t == s or not nx.has_path(g, s, t):
            continue
        found = list(nx.all_shortest_paths(g, s, t))
        for p in found:
            for v in p[1:-1]:
                dep[v] += 1 / len(found)
    return dep


@pytest.mark.parametrize("g", _graphs()[:5], ids=lambda g: f"n{g.number_of_nodes()}")
def test_sampled_betweenness_is_the_documented_estimator(g):
    k, seed = 6, 3
    ours, how = betweenness(g, "sampled", sample=k, seed=seed)
    assert how["method"] == "sampled" and how["sources"] == k
    n = g.number_of_nodes()
    chosen = random.Random(seed).sample(list(g.nodes), k)
    sums = Counter()
    for s in chosen:
        sums.update(_dependencies(g, s))
    for v in g:  # an actor that is itself a source has k - 1 others
        expected = sums[v] / ((k - 1 if v in chosen else k) * (n - 2))
        assert ours[v] == pytest.approx(expected, abs=1e-12)


def test_sampled_betweenness_stays_within_its_bound():
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=2), str)
    exact, _ = betweenness(g, "exact")
    for k in (50, 200):
        est, how = betweenness(g, "sampled", sample=k, seed=11)
        worst = max(abs(est[v] - exact[v]) for v in g)
        assert how["error_bound"] == round(betweenness_error_bound(k), 4)
        assert worst <= how["error_bound"]
    assert betweenness(g, "sampled", sample=400)[1] == {"method": "exact"}  # every source
    with pytest.raises(NetworkError):
        betweenness(g, "fast")


@pytest.mark.parametrize(
    "g", _graphs(), ids=lambda g: f"n{g.number_of_nodes()}m{g.number_of_edges()}"
)
def test_eigenvector_equals_networkx(g):
    ours = eigenvector(g)
    try:
        ref = nx.eigenvector_centrality(g, max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        assert all(v != v for v in ours.values())  # NaN where networkx does not converge
        return
    for v in g:
        assert ours[v] == pytest.approx(ref[v], abs=1e-9)


def test_communities_recover_planted_groups_like_networkx():
    sizes = [30, 25, 20, 15]
    g = nx.random_partition_graph(sizes, 0.5, 0.01, seed=4)
    g = nx.relabel_nodes(g, lambda i: f"n{i:03d}")
    planted = {frozenset(f"n{i:03d}" for i in block) for block in g.graph["partition"]}
    ours = communities(g, seed=1)
    found = {frozenset(v for v in g if ours[v] == c) for c in set(ours.values())}
    reference = {frozenset(c) for c in nx.community.louvain_communities(g, seed=1)}
    assert found == planted == reference
    assert [len(c) for c in sorted(found, key=len, reverse=True)] == sizes
    assert ours == communities(g, seed=1)  # seeded: the same answer twice


def test_two_triangles_and_a_bridge():
    g = nx.Graph(
        [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("a", "x")]
    )
    for u, v in g.edges:
        g[u][v]["weight"] = 1
    c = communities(g)
    assert c["a"] == c["b"] == c["c"] != c["x"] == c["y"] == c["z"]
    df = centrality(g).set_index("id")
    assert df.loc["a", "betweenness"] == pytest.approx(9 / 15)  # 3 x 3 pairs across, of 15
    assert df.attrs["betweenness"] == {"method": "exact"}


@pytest.mark.parametrize(
    "g", _graphs(), ids=lambda g: f"n{g.number_of_nodes()}m{g.number_of_edges()}"
)
def test_shortest_paths_match_networkx_in_order(g):
    nodes = sorted(g)
    rng = random.Random(7)
    for _ in range(15):
        a, b = rng.choice(nodes), rng.choice(nodes)
        try:
            ref = list(nx.all_shortest_paths(g, a, b))
        except nx.NetworkXNoPath:
            ref = []
        for limit in (1, 3, 1000):
            assert shortest_paths(g, a, b, limit) == ref[:limit]


def test_shortest_paths_on_a_long_chain():
    g = nx.relabel_nodes(nx.path_graph(3000), str)  # deeper than Python's recursion limit
    (p,) = shortest_paths(g, "0", "2999", 5)
    assert len(p) == 3000 and p[0] == "0" and p[-1] == "2999"

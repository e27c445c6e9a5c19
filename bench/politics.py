"""Political-system analytics: coalition enumeration and power indices for the 2021 and 2025
chambers, and network analytics on a synthetic actor network.

1. For the pack's 2021 Council of Representatives (twelve lists plus 78 seats held singly: 90
   players) and the 2025 chamber (46 lists, the five Christian quota seats counted singly: 50
   players), by list: exact Banzhaf and Shapley-Shubik indices at the 165-seat majority, the
   exact count of minimal winning coalitions, and the listing of the first N of them.
2. A random network of ``--actors`` nodes and ``--edges`` edges (default 5,000 / 50,000; fixed
   seed; twelve planted camps, 85% of links inside a camp), built through ``build_network`` from
   affiliation rows as the store would return them: build, centralities (``--betweenness``:
   auto, exact or sampled), communities, brokers and 100 shortest paths. Wall and CPU time per
   step; peak Python memory (tracemalloc: Python objects only, igraph's C memory is not in it)
   and the process's peak resident memory (``ru_maxrss``, everything). How many actors the
   communities put with their planted camp. With ``--compare-sampled`` also the sampled estimate
   (1,000 sources) against the exact betweenness: the largest error and its bound.

Usage: python bench/politics.py [--actors 5000] [--edges 50000] [--list 1000] [--network-only]
                                [--betweenness auto|exact|sampled] [--compare-sampled] [--json OUT]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tracemalloc

import pandas as pd

CPU: dict[
    str, float
] = {}  # step -> CPU seconds of this process (the wall time on a busy machine lies)


def _timed(fn, *a, **k):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*a, **k)
    CPU[getattr(fn, "__name__", "step")] = round(time.process_time() - c0, 3)
    return out, time.perf_counter() - t0


def chamber(election: str, listing: int) -> dict:
    from marsad.analysis.power import (
        count_minimal_winning,
        minimal_winning_coalitions,
        power_indices,
    )
    from marsad.analysis.seats import _list_frame, find_election, players_of
    from marsad.knowledge import KnowledgePack

    pack = KnowledgePack.load()
    players = players_of(_list_frame(find_election(pack, election)), blocs_vote_together=False)
    ws = [p[2] for p in players]
    pw, t_pw = _timed(power_indices, ws, 165)
    n_mwc, t_count = _timed(count_minimal_winning, ws, 165)
    listed, t_list = _timed(minimal_winning_coalitions, ws, 165, listing)
    top = sorted(zip(players, pw.shapley, pw.banzhaf, strict=True), key=lambda t: -t[1])[:8]
    return {
        "election": election,
        "players": len(ws),
        "power_indices_s": round(t_pw, 4),
        "minimal_winning_coalitions": n_mwc,
        "count_s": round(t_count, 4),
        "listed": len(listed),
        "listing_s": round(t_list, 4),
        "top": [
            {"player": p[0], "seats": p[2], "shapley": round(s, 4), "banzhaf": round(b, 4)}
            for p, s, b in top
        ],
    }


def _planted_agreement(communities: dict[str, int], camp: dict[str, int]) -> float:
    """Share of actors whose community's most common planted camp is their own."""
    from collections import Counter

    by_comm: dict[int, Counter] = {}
    for a, c in communities.items():
        by_comm.setdefault(c, Counter())[camp[a]] += 1
    return sum(cnt.most_common(1)[0][1] for cnt in by_comm.values()) / len(communities)


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def network(
    actors: int, edges: int, mode: str = "auto", compare: bool = False, seed: int = 5
) -> dict:
    from marsad.analysis.network import betweenness, brokers, build_network, centrality, paths

    rng = random.Random(seed)
    ids = [f"a{i:05d}" for i in range(actors)]
    # a few dense camps with sparse links between them, like coalitions and their members
    camp = {a: rng.randrange(12) for a in ids}
    by_camp: dict[int, list[str]] = {}
    for a in ids:
        by_camp.setdefault(camp[a], []).append(a)
    seen, rows = set(), []
    while len(rows) < edges:
        a = rng.choice(ids)
        b = rng.choice(by_camp[camp[a]]) if rng.random() < 0.85 else rng.choice(ids)
        if a == b or (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        rows.append({"id": f"r{len(rows)}", "source": a, "type": "allied_with", "target": b,
                     "origin": "document", "doc_id": f"d{len(rows) % 997}"})  # fmt: skip
    aff = pd.DataFrame(rows)
    rss_before = _rss_mb()
    tracemalloc.start()
    g, t_build = _timed(build_network, aff)
    cen, t_cen = _timed(centrality, g, mode=mode)
    btw = dict(zip(cen["id"], cen["betweenness"], strict=True))
    br, t_br = _timed(brokers, g, camp, 10, btw)
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(100)]
    _, t_paths = _timed(lambda: [paths(g, a, b, limit=1) for a, b in pairs])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = {
        "actors": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "betweenness": cen.attrs.get("betweenness"),
        "build_s": round(t_build, 2),
        "centrality_and_communities_s": round(t_cen, 2),
        "brokers_s": round(t_br, 2),
        "paths_100_s": round(t_paths, 2),
        "peak_python_mb": round(peak / 2**20, 1),
        "rss_before_network_mb": round(rss_before, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "communities": int(cen["community"].nunique()),
        "planted_agreement": round(
            _planted_agreement(dict(zip(cen["id"], cen["community"], strict=True)), camp), 4
        ),
        "cpu_s": dict(CPU),
    }
    if compare:
        exact = btw if out["betweenness"]["method"] == "exact" else betweenness(g, "exact")[0]
        (est, how), t_est = _timed(betweenness, g, "sampled")
        worst = max(abs(est[v] - exact[v]) for v in g)
        out["sampled"] = how | {
            "seconds": round(t_est, 2),
            "max_abs_error": worst,
            "max_relative_error_top10": max(
                abs(est[v] - exact[v]) / exact[v] for v in sorted(exact, key=exact.get)[-10:]
            ),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=50000)
    ap.add_argument("--list", type=int, default=1000, help="minimal winning coalitions to list")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--network-only", action="store_true", help="skip the chambers")
    ap.add_argument("--betweenness", default="auto", choices=("auto", "exact", "sampled"))
    ap.add_argument(
        "--compare-sampled", action="store_true", help="also the sampled estimate vs exact"
    )
    args = ap.parse_args()
    elections = () if args.network_only else ("iraq-parliament-2021", "iraq-parliament-2025")
    out = {"chambers": [chamber(e, args.list) for e in elections]}
    for c in out["chambers"]:
        print(
            f"{c['election']}: {c['players']} players; power indices {c['power_indices_s']} s; "
            f"{c['minimal_winning_coalitions']:,} minimal winning coalitions counted in {c['count_s']} s; "
            f"first {c['listed']} listed in {c['listing_s']} s"
        )
        for t in c["top"]:
            print(
                f"    {t['player'][:50]:50} {t['seats']:>3}  SS {t['shapley']:.4f}  Bz {t['banzhaf']:.4f}"
            )
    out["network"] = network(args.actors, args.edges, args.betweenness, args.compare_sampled)
    n = out["network"]
    print(
        f"network {n['actors']:,} actors / {n['edges']:,} edges: build {n['build_s']} s, "
        f"centralities + communities {n['centrality_and_communities_s']} s "
        f"(betweenness {n['betweenness']['method']}), brokers {n['brokers_s']} s, "
        f"100 shortest paths {n['paths_100_s']} s, peak Python memory {n['peak_python_mb']} MB, "
        f"peak RSS {n['peak_rss_mb']} MB ({n['rss_before_network_mb']} MB before the network)"
    )
    print(
        f"{n['communities']} communities; {n['planted_agreement']:.1%} of actors placed with "
        "their planted camp"
    )
    print("CPU seconds per step:", ", ".join(f"{k} {v}" for k, v in n["cpu_s"].items()))
    if "sampled" in n:
        e = n["sampled"]
        print(
            f"sampled betweenness ({e['sources']} sources, {e['seconds']} s): largest error "
            f"{e['max_abs_error']:.2e} (bound {e['error_bound']} at {e['confidence']}); "
            f"largest relative error among the top 10: {e['max_relative_error_top10']:.1%}"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()

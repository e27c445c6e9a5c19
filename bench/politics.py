"""Political-system analytics: coalition enumeration and power indices for the 2021 and 2025
chambers, and network analytics on a synthetic actor network.

1. For the pack's 2021 Council of Representatives (twelve lists plus 78 seats held singly: 90
   players) and the 2025 chamber (46 lists, the five Christian quota seats counted singly: 50
   players), by list: exact Banzhaf and Shapley-Shubik indices at the 165-seat majority, the
   exact count of minimal winning coalitions, and the listing of the first N of them.
2. A random network of ``--actors`` nodes and ``--edges`` edges (default 5,000 / 50,000; fixed
   seed), built through ``build_network`` from affiliation rows as the store would return them:
   build, centralities (betweenness sampled above 1,500 nodes), communities, brokers and 100
   shortest paths. Wall and CPU time per step and peak Python memory (tracemalloc).

Usage: python bench/politics.py [--actors 5000] [--edges 50000] [--list 1000] [--json OUT]
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


def network(actors: int, edges: int, seed: int = 5) -> dict:
    from marsad.analysis.network import brokers, build_network, centrality, paths

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
    tracemalloc.start()
    g, t_build = _timed(build_network, aff)
    cen, t_cen = _timed(centrality, g)
    btw = dict(zip(cen["id"], cen["betweenness"], strict=True))
    br, t_br = _timed(brokers, g, camp, 10, btw)
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(100)]
    _, t_paths = _timed(lambda: [paths(g, a, b, limit=1) for a, b in pairs])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "actors": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "build_s": round(t_build, 2),
        "centrality_and_communities_s": round(t_cen, 2),
        "brokers_s": round(t_br, 2),
        "paths_100_s": round(t_paths, 2),
        "peak_python_mb": round(peak / 2**20, 1),
        "communities": int(cen["community"].nunique()),
        "cpu_s": dict(CPU),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=50000)
    ap.add_argument("--list", type=int, default=1000, help="minimal winning coalitions to list")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    out = {
        "chambers": [
            chamber(e, args.list) for e in ("iraq-parliament-2021", "iraq-parliament-2025")
        ]
    }
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
    out["network"] = network(args.actors, args.edges)
    n = out["network"]
    print(
        f"network {n['actors']:,} actors / {n['edges']:,} edges: build {n['build_s']} s, "
        f"centralities + communities {n['centrality_and_communities_s']} s, brokers {n['brokers_s']} s, "
        f"100 shortest paths {n['paths_100_s']} s, peak Python memory {n['peak_python_mb']} MB"
    )
    print("CPU seconds per step:", ", ".join(f"{k} {v}" for k, v in n["cpu_s"].items()))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()

"""Time to first render of the dashboard's network view at N actors (default 5,000) in headless Chromium.

The API runs in-process (uvicorn in a thread) over a synthetic graph source: N actors, ~2N
relations and co-participation edges from synthetic events. The browser opens ``#/network`` and
the bench reads two figures:

* ``total``: navigation start to ECharts' first ``finished`` event (fetch, server-side graph build
  and layout, JSON transfer, drawing);
* ``draw``: from handing the data to ECharts to its first ``finished`` event.

Usage: python bench/network_render.py [--nodes 5000] [--runs 3]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time

import pandas as pd

KINDS = [
    "armed_group",
    "state",
    "state_force",
    "party",
    "person",
    "institution",
    "organization",
    "coalition",
]
REL_TYPES = ["backs", "member_of", "leads", "allied_with", "opposes", "part_of"]


class SyntheticGraphStore:
    """Just the Store methods the network view calls, over synthetic frames."""

    def __init__(self, n: int, seed: int = 1):
        rnd = random.Random(seed)
        ids = [f"actor-{i:05d}" for i in range(n)]
        self._actors = pd.DataFrame(
            {
                "id": ids,
                "name": [f"Actor {i}" for i in range(n)],
                "kind": [rnd.choice(KINDS) for _ in range(n)],
                "sector": None,
            }
        )
        # preferential attachment so the degree distribution looks like a real actor network
        rels, targets = [], ids[:5]
        for i, a in enumerate(ids[5:], start=5):
            for _ in range(1 + (i % 2)):
                b = rnd.choice(targets)
                rels.append(
                    {
                        "id": f"r{len(rels)}",
                        "source": a,
                        "type": rnd.choice(REL_TYPES),
                        "target": b,
                        "origin": "document",
                        "status": "draft",
                    }
                )
                targets.append(b)
            targets.append(a)
        self._rels = pd.DataFrame(rels)
        evs = []
        for j in range(n * 2):
            a, b = rnd.choice(targets), rnd.choice(targets)
            evs.append(
                {
                    "id": f"e{j}",
                    "date": f"2024-{1 + j % 12:02d}-01",
                    "source_actor_id": a,
                    "target_actor_id": b,
                    "status": "draft",
                }
            )
        self._events = pd.DataFrame(evs)

    def close(self):
        pass

    def affiliations(self, actor=None, as_of=None, type=None):
        return self._rels

    def events(self, f=None, limit=100, cursor=None):
        return self._events.head(limit)

    def actors(self, query=None, kind=None, limit=100, cursor=None):
        return self._actors.head(limit)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from marsad.config import Settings
    from marsad.server.app import create_app

    t = time.perf_counter()
    store = SyntheticGraphStore(args.nodes)
    print(
        f"synthetic graph: {args.nodes} actors, {len(store._rels)} relations, {len(store._events)} events "
        f"({time.perf_counter() - t:.1f}s to generate)"
    )

    app = create_app(Settings.load(env={}), store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"

    import httpx

    t = time.perf_counter()
    net = httpx.get(base + "/api/network", params={"max_nodes": args.nodes}, timeout=120).json()
    api_s = time.perf_counter() - t
    print(
        f"/api/network: {len(net['nodes'])} nodes, {len(net['edges'])} edges in {api_s * 1000:.0f} ms (server build + layout + JSON)"
    )

    totals, draws = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=args.chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        for run in range(args.runs):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            errors = []
            page.on(
                "console",
                lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None,
            )
            page.goto(
                f"{base}/#/network?edge_types=backs,member_of,part_of,leads,allied_with,opposes,co_event"
            )
            page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=120_000)
            total = page.evaluate("window.__marsadNetworkRendered")
            draw = int(page.get_attribute("[data-testid=network]", "data-render-ms"))
            nodes = page.get_attribute("[data-testid=network]", "data-nodes")
            edges = page.get_attribute("[data-testid=network]", "data-edges")
            # responsiveness: from a wheel zoom step to the end of the repaint it causes
            box = page.query_selector("[data-testid=network] canvas").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            t0 = page.evaluate("performance.now()")
            page.mouse.wheel(0, -300)
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            zoom_ms = page.evaluate("performance.now()") - t0
            if run == 0:
                page.screenshot(path="bench/out/network_render.png")
            print(
                f"run {run + 1}: {nodes} nodes / {edges} edges: first render {total:.0f} ms after navigation "
                f"(draw {draw} ms); zoom repaint {zoom_ms:.0f} ms; console errors: {len(errors)}"
            )
            totals.append(total)
            draws.append(draw)
            ctx.close()
        browser.close()
    server.should_exit = True
    th.join(timeout=10)
    print(
        f"median over {args.runs} runs: first render {statistics.median(totals):.0f} ms, draw {statistics.median(draws):.0f} ms"
    )


if __name__ == "__main__":
    import os

    os.makedirs("bench/out", exist_ok=True)
    main()

"""What accounts cost per request: the same read (/api/events) and write (a review that finds no
such event, so nothing changes) on a server without accounts, and on a team server with an API
token and with a dashboard session (cookie + CSRF header); plus one login (argon2id).

Ingests the first sample reports into a DuckDB file in a temporary directory, adds a user and a
token, serves the app with uvicorn in a thread (one server per mode, on loopback) and times the
requests over HTTP with httpx, one at a time, interleaving the modes round by round so that the
machine's load affects them alike.

Usage: python bench/auth_overhead.py [--requests 300] [--samples 4]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

SECRET = "bench-secret-" + "b" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(settings) -> str:
    import uvicorn

    from marsad.server.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def build(folder: Path, samples: int) -> tuple[str, str]:
    from importlib import resources

    from marsad.auth import accounts
    from marsad.config import Settings
    from marsad.workbench import Workbench

    db = str(folder / "bench.duckdb")
    paths = sorted(Path(str(resources.files("marsad") / "data" / "samples")).glob("*.json"))[:samples]
    with Workbench(Settings(db=db)) as wb:
        wb.ingest([str(p) for p in paths])
        store = wb.store
        accounts.add_user(store, "bench", "analyst", "bench-password", actor="bench")
        token = accounts.create_token(store, "bench", "1d", actor="bench")["token"]
    return db, token


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    import httpx

    from marsad.config import Settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--samples", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, token = build(Path(tmp), args.samples)
        local = serve(Settings(db=db))
        team = serve(Settings(db=db, team=True, secret_key=SECRET))
        t = time.perf_counter()
        session = httpx.Client(base_url=team)
        r = session.post("/api/auth/login", json={"name": "bench", "password": "bench-password"})
        login_ms = (time.perf_counter() - t) * 1000
        r.raise_for_status()
        session.cookies.set("__Host-marsad-session", r.cookies["__Host-marsad-session"], domain="127.0.0.1")
        csrf = r.json()["csrf_token"]
        modes = {
            "local (no accounts)": (httpx.Client(base_url=local), {}),
            "team, bearer token": (httpx.Client(base_url=team), {"Authorization": f"Bearer {token}"}),
            "team, session + CSRF": (session, {"X-CSRF-Token": csrf}),
        }
        calls = {"read  GET /api/events?limit=20": ("GET", "/api/events?limit=20", 200),
                 "write POST /api/review/...": ("POST", "/api/review/event/none/confirm", 404)}
        times = {(m, c): [] for m in modes for c in calls}
        for _ in range(args.requests):
            for c, (method, url, status) in calls.items():
                for m, (client, headers) in modes.items():
                    t = time.perf_counter()
                    r = client.request(method, url, headers=headers, json={} if method == "POST" else None)
                    times[(m, c)].append((time.perf_counter() - t) * 1000)
                    assert r.status_code == status, (m, c, r.status_code, r.text)
        print(f"{args.requests} requests per cell, one client, loopback; login (argon2id verify + session): "
              f"{login_ms:.0f} ms")
        print(f"{'mode':24} {'call':34} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
        for (m, c), xs in times.items():
            print(f"{m:24} {c:34} {statistics.median(xs):8.2f} {pct(xs, 99):8.2f} {1000 / statistics.mean(xs):8.0f}")


if __name__ == "__main__":
    main()

"""Throughput, p50/p99 and errors of the team server under N concurrent clients reading and
reviewing, over E synthetic events (default 100,000), on DuckDB or PostgreSQL.

Fills a store with the synthetic events of ``api_latency.py`` (same generator, same bulk path),
adds an admin and one analyst account per client with an API token each (``marsad.auth.accounts``,
what ``marsad users add`` and ``marsad tokens create`` call), then starts ``marsad serve --team`` as
a separate process on loopback. Each client is a thread with its own httpx connection and token
that, until the time is up, picks one of: a first page of /api/events (with or without filters), the
next page after a cursor it holds, /api/stats, /api/network, one event's detail, or a review (confirm
or reject an event, then undo it: about 10% of the calls are writes). The whole run repeats for
each client count of ``--clients`` on the same server.

Per endpoint group: requests/s, p50 and p99 (ms, of answered requests), errors (any status other
than 2xx and the expected 404/409, and exceptions such as timeouts or resets).

``--restart-pg`` (with ``--pg``): one more run at the largest client count during which
PostgreSQL is restarted once (``pg_ctlcluster 15 main restart``, or the cluster ``--pg-cluster`` names;
it interrupts every other user of that cluster too); reports the errors during the outage and whether requests succeed again afterwards
without restarting the server.

Usage: python bench/load.py [--events 100000] [--clients 1,2,4,16] [--duration 60]
       [--db PATH | --pg URL [--schema NAME]] [--reuse] [--out results.json] [--restart-pg] [--workers N]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from api_latency import _free_port, bulk_load, open_bench_store, pct, synthetic_events

EXPECTED = (404, 409)  # a review racing another client's, an undo of an undone action
GROUPS = ("events:first", "events:cursor", "stats", "network", "detail", "review")
LIST_FILTERS = [
    {"limit": 50},
    {"limit": 50, "type": "ASSAULT"},
    {"limit": 50, "country": "IQ", "start": "2023-10-01", "end": "2024-02-29"},
    {"limit": 50, "actor": "actor-0", "type": "ASSAULT,THREATEN"},
    {"limit": 50, "admin1": "Al-Anbar", "min_corroboration": 2, "status": "confirmed"},
    {"limit": 50, "q": "Actor 1"},
]
STATS_QUERIES = [
    {"by": "month"},
    {"by": "week", "type": "ASSAULT"},
    {"by": "month", "country": "SY", "start": "2022"},
    {"by": "month", "actor": "actor-1"},
]
NETWORK_QUERIES = [{}, {"type": "ASSAULT", "start": "2023"}, {"country": "IQ", "start": "2024"}]
# share of the calls each kind of step takes (a review step is two requests: the decision, its undo)
STEPS = [("events:first", 0.28), ("events:cursor", 0.22), ("stats", 0.15), ("network", 0.10),
         ("detail", 0.15), ("review", 0.10)]
ENV_SECRET = "MARSAD_SECRET_KEY"


# ------------------------------------------------------------------ store and accounts

def pg_url_in_schema(url: str, schema: str) -> str:
    """The URL with libpq's ``options=-csearch_path=SCHEMA``, so that a server started from the
    URL alone (``marsad serve --db URL``) uses the tables the benchmark filled."""
    head, _, query = url.partition("?")  # (urlunsplit would turn postgresql:///db into postgresql:/db)
    params = [(k, v) for k, v in parse_qsl(query) if k != "options"]
    params.append(("options", f"-csearch_path={schema}"))
    return f"{head}?{urlencode(params)}"


def fill_store(args) -> tuple[str, int]:
    """Create (or with ``--reuse`` keep) the store; returns the URL/path to serve and its event count."""
    t = time.perf_counter()
    store, where = open_bench_store(args)
    print(f"store opened (and migrated) in {time.perf_counter() - t:.1f}s: {where}")
    held = store.count_events()
    if args.reuse and held:
        print(f"reusing {held:,} events")
    else:
        t = time.perf_counter()
        bulk_load(store, synthetic_events(args.events, undated=0.01))
        held = store.count_events()
        print(f"{held:,} synthetic events generated and bulk-loaded in {time.perf_counter() - t:.1f}s")
    store.close()
    return args.pg or args.db, held


def make_accounts(db: str, n_clients: int, clearance: str = "RED") -> list[str]:
    """An admin (a team server refuses to start without one) and one analyst per client, each
    with a fresh one-day API token; accounts kept from an earlier run are reused."""
    from marsad.auth import accounts
    from marsad.errors import MarsadError
    from marsad.store import open_store

    store = open_store(db)
    try:
        tokens = []
        for name, role in [("load-admin", "admin")] + [(f"load-{i}", "analyst") for i in range(n_clients)]:
            try:
                store.user(name)
            except MarsadError:
                accounts.add_user(store, name, role, secrets.token_urlsafe(16), actor="bench", clearance=clearance)
            # synthetic events have no source documents: only RED sees them (see docs/team-server.md)
            accounts.set_clearance(store, name, clearance, actor="bench")
            if role == "analyst":
                tokens.append(accounts.create_token(store, name, "1d", actor="bench")["token"])
        return tokens
    finally:
        store.close()


# ------------------------------------------------------------------ the server process

def marsad_command() -> str:
    """The ``marsad`` script of the interpreter running this benchmark."""
    here = Path(sys.executable).parent / "marsad"
    return str(here) if here.exists() else (shutil.which("marsad") or "marsad")


def start_server(db: str, token: str, secret: str, log: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """``marsad serve --team [--workers N]`` on a free loopback port, its output in ``log``; returns
    once it answers an API call."""
    import httpx

    port = _free_port()
    env = {**os.environ, ENV_SECRET: secret}
    proc = subprocess.Popen([marsad_command(), "serve", "--team", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port), *(["--workers", str(workers)] if workers > 1 else [])], env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"marsad serve exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            r = httpx.get(base + "/api/events", params={"limit": 1},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
            if r.status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("marsad serve did not answer within 300 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ------------------------------------------------------------------ the clients

def process_cpu(pid: int, children: bool = True) -> float:
    """CPU seconds (user + system, every thread) of process ``pid`` and its children's processes
    (``--workers``) so far, from /proc: what a request cost the server whatever else runs."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in [pid, *(child_pids(pid) if children else [])]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def child_pids(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Call:
    group: str
    start: float  # seconds since the run began
    ms: float
    status: int | str  # HTTP status, or the name of the exception


@dataclass
class Client:
    """One simulated analyst: its own connection, token, random stream and cursor."""

    base: str
    token: str
    n_events: int
    seed: int
    t0: float
    calls: list[Call] = field(default_factory=list)
    samples: dict = field(default_factory=dict)  # the first answer of each error kind, shortened
    cursor: tuple[dict, str] | None = None
    server_pid: int | None = None  # with one client: each call's CPU time of the server, from /proc
    db_pids: Any = None  # with server_pid on PostgreSQL: () -> the pids of the database's backends
    cpu: dict = field(default_factory=dict)  # group -> [requests, CPU seconds]

    def __post_init__(self):
        import httpx

        self.rng = random.Random(self.seed)
        self.http = httpx.Client(base_url=self.base, timeout=60,
                                 headers={"Authorization": f"Bearer {self.token}"})

    def request(self, group: str, method: str, url: str, parse: bool = False, **kw):
        """One call; its JSON answer when ``parse`` (only the answers the client reads are
        decoded: decoding a megabyte of network in the clients' process took CPU from the
        server on the same cores)."""
        if self.server_pid and self.db_pids and len(self.calls) % 20 == 0:
            self.backends = self.db_pids()
        backends = getattr(self, "backends", [])
        cpu0 = process_cpu(self.server_pid) if self.server_pid else 0.0
        db0 = sum(process_cpu(b, children=False) for b in backends)
        start = time.perf_counter()
        try:
            r = self.http.request(method, url, **kw)
            status, body = r.status_code, (r.json() if parse and r.status_code == 200 else None)
            text = r.text if is_error(status) else ""
        except Exception as exc:  # a reset, a timeout, a body that is not JSON: all count as errors
            status, body, text = type(exc).__name__, None, str(exc)
        if is_error(status):
            self.samples.setdefault(str(status), f"{method} {url}: {text[:200]}")
        end = time.perf_counter()
        if self.server_pid:
            seen = self.cpu.setdefault(group, [0, 0.0, 0.0])
            seen[0] += 1
            seen[1] += process_cpu(self.server_pid) - cpu0
            seen[2] += sum(process_cpu(b, children=False) for b in backends) - db0
        self.calls.append(Call(group, start - self.t0, (end - start) * 1000, status))
        return body

    def random_event(self) -> str:
        return f"ev{self.rng.randrange(self.n_events):08d}"

    def first_page(self) -> None:
        params = self.rng.choice(LIST_FILTERS)
        page = self.request("events:first", "GET", "/api/events", parse=True, params=params)
        nxt = (page or {}).get("next_cursor")
        self.cursor = (params, nxt) if nxt else None

    def next_page(self) -> None:
        if not self.cursor:
            return self.first_page()
        params, cur = self.cursor
        page = self.request("events:cursor", "GET", "/api/events", parse=True,
                            params={**params, "cursor": cur})
        nxt = (page or {}).get("next_cursor")
        self.cursor = (params, nxt) if nxt and self.rng.random() < 0.8 else None

    def review(self) -> None:
        action = self.rng.choice(["confirm", "reject"])
        done = self.request("review", "POST", f"/api/review/event/{self.random_event()}/{action}",
                            parse=True, json={})
        if done and done.get("audit_id"):
            self.request("review", "POST", f"/api/review/undo/{done['audit_id']}", json={})

    def step(self) -> None:
        kind = self.rng.choices([s for s, _ in STEPS], weights=[w for _, w in STEPS])[0]
        if kind == "events:first":
            self.first_page()
        elif kind == "events:cursor":
            self.next_page()
        elif kind == "stats":
            self.request("stats", "GET", "/api/stats", params=self.rng.choice(STATS_QUERIES))
        elif kind == "network":
            self.request("network", "GET", "/api/network", params=self.rng.choice(NETWORK_QUERIES))
        elif kind == "detail":
            self.request("detail", "GET", f"/api/events/{self.random_event()}")
        else:
            self.review()

    def run_until(self, stop: threading.Event) -> None:
        with self.http:
            while not stop.is_set():
                self.step()


def run_clients(base: str, tokens: list[str], n: int, duration: float, n_events: int, seed: int,
                during=None) -> tuple[list[Call], float]:
    """``n`` clients for ``duration`` seconds; ``during(t0)`` (if given) runs in a thread of its own
    meanwhile. Returns every call and the measured wall time."""
    stop = threading.Event()
    t0 = time.perf_counter()
    clients = [Client(base, tokens[i], n_events, seed * 1000 + i, t0) for i in range(n)]
    threads = [threading.Thread(target=c.run_until, args=(stop,), daemon=True) for c in clients]
    if during:
        threads.append(threading.Thread(target=during, args=(t0,), daemon=True))
    for th in threads:
        th.start()
    time.sleep(duration)
    stop.set()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    samples = {k: v for cl in clients for k, v in cl.samples.items()}
    for kind, text in sorted(samples.items()):
        print(f"  first {kind}: {text}")
    return [c for cl in clients for c in cl.calls], wall


def backend_pids(url: str):
    """A function giving the pids of the PostgreSQL backends connected to ``url``'s database
    (the server's pool), but the one asking."""
    import psycopg

    def pids() -> list[int]:
        with psycopg.connect(url, autocommit=True) as con:
            return [r[0] for r in con.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'").fetchall()]

    return pids


def cpu_per_request(base: str, token: str, n_events: int, requests: int, pid: int, seed: int,
                    db_pids=None) -> dict:
    """One client making ``requests`` calls of the usual mix one after the other; per endpoint
    group, the server's CPU time per call (from /proc, so other jobs on the machine do not count),
    on PostgreSQL also its backends' (``db_pids``), and the wall time."""
    client = Client(base, token, n_events, seed, time.perf_counter(), server_pid=pid, db_pids=db_pids)
    with client.http:
        while len(client.calls) < requests:
            client.step()
    out = {}
    for group, (n, cpu, db) in sorted(client.cpu.items(), key=lambda kv: GROUPS.index(kv[0])):
        ms = [c.ms for c in client.calls if c.group == group]
        out[group] = {"requests": n, "cpu_ms": round(cpu * 1000 / n, 2), "db_cpu_ms": round(db * 1000 / n, 2),
                      "p50_ms": round(statistics.median(ms), 1)}
    n = sum(v[0] for v in client.cpu.values())
    out["all"] = {"requests": n, "cpu_ms": round(sum(v[1] for v in client.cpu.values()) * 1000 / n, 2),
                  "db_cpu_ms": round(sum(v[2] for v in client.cpu.values()) * 1000 / n, 2),
                  "p50_ms": round(statistics.median(c.ms for c in client.calls), 1)}
    print(f"\nserver CPU per request, one client, {n} calls of the mix (db: PostgreSQL's backends)")
    print(f"{'group':<15} {'requests':>9} {'CPU ms':>8} {'db ms':>8} {'p50 ms':>8}")
    for group, v in out.items():
        print(f"{group:<15} {v['requests']:>9} {v['cpu_ms']:>8.2f} {v['db_cpu_ms']:>8.2f} {v['p50_ms']:>8.1f}")
    return out


# ------------------------------------------------------------------ figures

def is_error(status: int | str) -> bool:
    return not (isinstance(status, int) and (200 <= status < 300 or status in EXPECTED))


def summarise(calls: list[Call], wall: float) -> dict:
    """Per endpoint group and overall: requests, requests/s, p50/p99 ms of answered requests
    (2xx and expected statuses), expected statuses, errors and a few error samples."""
    out = {}
    for group in (*GROUPS, "all"):
        mine = [c for c in calls if group in ("all", c.group)]
        answered = [c.ms for c in mine if not is_error(c.status)]
        errors = [c.status for c in mine if is_error(c.status)]
        out[group] = {
            "requests": len(mine),
            "rps": round(len(mine) / wall, 2) if wall else 0.0,
            "p50_ms": round(statistics.median(answered), 1) if answered else None,
            "p99_ms": round(pct(answered, 99), 1) if answered else None,
            "expected_4xx": sum(1 for c in mine if c.status in EXPECTED),
            "errors": len(errors),
            "error_kinds": sorted({str(s) for s in errors}),
        }
    return out


def print_table(n: int, summary: dict) -> None:
    print(f"\n{n} client(s)")
    print(f"{'group':<15} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'404/409':>8} {'errors':>7}")
    for group, s in summary.items():
        p50 = "-" if s["p50_ms"] is None else f"{s['p50_ms']:.1f}"
        p99 = "-" if s["p99_ms"] is None else f"{s['p99_ms']:.1f}"
        kinds = f"  {','.join(s['error_kinds'])}" if s["errors"] else ""
        print(f"{group:<15} {s['requests']:>9} {s['rps']:>8.1f} {p50:>8} {p99:>8} "
              f"{s['expected_4xx']:>8} {s['errors']:>7}{kinds}")


def print_sweep(runs: list[dict]) -> None:
    if not runs:
        return
    print("\nthroughput vs clients (all groups)")
    base = runs[0]["summary"]["all"]["rps"] or 1.0
    for run in runs:
        s = run["summary"]["all"]
        print(f"{run['clients']:>3} client(s): {s['rps']:8.1f} req/s ({s['rps'] / base:4.2f}x), "
              f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, errors {s['errors']}")


# ------------------------------------------------------------------ PostgreSQL restart

def restart_postgres(at: float, marks: dict, cluster: str = "15/main"):
    """A ``during`` hook: ``at`` seconds into the run, restart the PostgreSQL cluster
    (``VERSION/NAME``, as ``pg_lsclusters`` lists it) once."""

    def hook(t0: float) -> None:
        time.sleep(at)
        marks["restart_start"] = time.perf_counter() - t0
        done = subprocess.run(["pg_ctlcluster", *cluster.split("/", 1), "restart"], capture_output=True, text=True)
        marks["restart_end"] = time.perf_counter() - t0
        marks["restart_rc"] = done.returncode
        marks["restart_stderr"] = done.stderr.strip()[-500:]

    return hook


def recovery_report(calls: list[Call], marks: dict, server_alive: bool) -> dict:
    """Errors before, during and after the outage; recovery = the first successful request that
    started after the restart command returned, with no process restart of the server."""
    start, end = marks.get("restart_start"), marks.get("restart_end")
    if start is None or end is None:
        return {"restarted": False}
    ok = sorted((c for c in calls if not is_error(c.status) and c.start >= end), key=lambda c: c.start)
    recovered_at = ok[0].start if ok else None
    after = [c for c in calls if recovered_at is not None and c.start >= recovered_at]
    return {
        "restarted": marks.get("restart_rc") == 0,
        "restart_stderr": marks.get("restart_stderr", ""),
        "restart_window_s": [round(start, 2), round(end, 2)],
        "errors_before": sum(1 for c in calls if c.start < start and is_error(c.status)),
        "errors_until_recovery": sum(1 for c in calls if c.start >= start and is_error(c.status)
                                     and (recovered_at is None or c.start < recovered_at)),
        "first_success_after_restart_s": None if recovered_at is None else round(recovered_at, 2),
        "requests_after_recovery": len(after),
        "succeeded_after_recovery": sum(1 for c in after if not is_error(c.status)),
        "errors_after_recovery": sum(1 for c in after if is_error(c.status)),
        "server_process_alive": server_alive,
    }


# ------------------------------------------------------------------ main

def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", default="1,2,4,16", help="comma-separated client counts to run")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per client count")
    ap.add_argument("--db", help="DuckDB file to create (default: a temporary file)")
    ap.add_argument("--pg", metavar="URL", help="PostgreSQL database to use instead of DuckDB")
    ap.add_argument("--schema", default="marsad_load", help="PostgreSQL schema (dropped first unless --reuse)")
    ap.add_argument("--reuse", action="store_true", help="keep a store that already holds events")
    ap.add_argument("--out", help="write the figures to this JSON file")
    ap.add_argument("--restart-pg", action="store_true",
                    help="(with --pg) one more run with a PostgreSQL restart in its middle")
    ap.add_argument("--pg-cluster", default="15/main", metavar="VERSION/NAME",
                    help="the cluster --restart-pg restarts (the one --pg names)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers; PostgreSQL)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cpu", type=int, default=0, metavar="N",
                    help="first, N calls of one client with the server's CPU time per call, by group")
    ap.add_argument("--clearance", default="RED",
                    help="the clients' clearance (synthetic events have no source documents, so below RED they see none)")
    args = ap.parse_args()
    args.clients = [int(x) for x in args.clients.split(",") if x.strip()]
    if args.restart_pg and not args.pg:
        ap.error("--restart-pg needs --pg")
    if args.pg:
        args.pg = pg_url_in_schema(args.pg, args.schema)
    return args


def main() -> None:
    args = parse_args()
    tmp = tempfile.TemporaryDirectory()
    if not args.pg and not args.db:
        args.db = str(Path(tmp.name) / "load.duckdb")
    db, n_events = fill_store(args)
    tokens = make_accounts(db, max(args.clients, default=1), args.clearance)
    log = Path(tmp.name) / "server.log"
    proc, base = start_server(db, tokens[0], os.environ.get(ENV_SECRET) or secrets.token_urlsafe(32), log,
                              args.workers)
    backend = "postgres" if args.pg else "duckdb"
    print(f"team server (pid {proc.pid}, {args.workers} process(es)) at {base} on {backend}, {n_events:,} events, "
          f"{args.duration:g} s per client count")
    results = {"backend": backend, "events": n_events, "duration_s": args.duration, "workers": args.workers,
               "load_before": os.getloadavg(), "runs": []}
    try:
        if args.cpu:
            results["cpu"] = cpu_per_request(base, tokens[0], n_events, args.cpu, proc.pid, args.seed,
                                             backend_pids(args.pg) if args.pg else None)
        for n in args.clients:
            calls, wall = run_clients(base, tokens, n, args.duration, n_events, args.seed)
            summary = summarise(calls, wall)
            print_table(n, summary)
            load = [round(x, 2) for x in os.getloadavg()]  # the machine's, clients and server included
            print(f"load average after the run: {load}")
            results["runs"].append({"clients": n, "wall_s": round(wall, 2), "load": load, "summary": summary})
        print_sweep(results["runs"])
        if args.restart_pg:
            n, marks = max(args.clients), {}
            print(f"\nrestarting PostgreSQL {args.duration / 3:.0f} s into a {args.duration:g} s run "
                  f"of {n} client(s)")
            calls, wall = run_clients(base, tokens, n, args.duration, n_events, args.seed + 1,
                                      during=restart_postgres(args.duration / 3, marks, args.pg_cluster))
            print_table(n, summarise(calls, wall))
            report = recovery_report(calls, marks, proc.poll() is None)
            for k, v in report.items():
                print(f"  {k}: {v}")
            results["restart_pg"] = {"clients": n, "summary": summarise(calls, wall), **report}
    finally:
        stop_server(proc)
        lines = log.read_text().splitlines()
        print(f"\nserver log: {len(lines)} line(s)" + "".join(f"\n  {x}" for x in lines[-5:]))
        tmp.cleanup()
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))
        print(f"\nfigures written to {args.out}")


if __name__ == "__main__":
    main()

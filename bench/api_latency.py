"""p50/p99 latency of /api/events, /api/stats and /api/network over N synthetic events (default
1,000,000), on DuckDB or PostgreSQL.

Creates a store (a DuckDB file in a temporary directory, or with ``--pg URL`` the schema ``--schema``
of that PostgreSQL database, dropped and created again), bulk-inserts synthetic events straight into
its ``events`` table (Arrow on DuckDB, ``COPY`` on PostgreSQL, followed by ``VACUUM ANALYZE``) plus
the actors they name, then serves the app with uvicorn in a thread and times requests over HTTP
with httpx, one at a time. ``--undated`` leaves that share of the events without a date.

Usage: python bench/api_latency.py [--events 1000000] [--requests 50] [--db PATH | --pg URL]
       [--reuse] [--only PREFIX,...] [--cached]
``--reuse`` keeps a store that already holds events (same data for a before/after pair of runs).
The server's answer cache is emptied before each timed request (``--cached`` keeps it), so the
figures are those of computing each answer.
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

import numpy as np
import pyarrow as pa

TYPES = [
    "ASSAULT",
    "COERCE",
    "ACCUSE",
    "THREATEN",
    "PROTEST",
    "CONSULT",
    "MOBILIZE",
    "REJECT",
    "SANCTION",
    "AGREE",
]
TYPE_P = [0.34, 0.12, 0.12, 0.09, 0.08, 0.08, 0.06, 0.05, 0.03, 0.03]
MODES = {
    "ASSAULT": ["drone", "aerial", "heavy-weapons", "explosives", "firearms"],
    "PROTEST": ["demo", "riot"],
    "COERCE": ["arrest", "seize"],
    "THREATEN": ["violence"],
}
ADMIN1 = [
    ("IQ", "Baghdad", 33.31, 44.36),
    ("IQ", "Al-Anbar", 33.4, 42.0),
    ("IQ", "Ninewa", 36.3, 42.9),
    ("IQ", "Erbil", 36.2, 44.0),
    ("IQ", "Kirkuk", 35.47, 44.4),
    ("IQ", "Salah Al-Din", 34.5, 43.7),
    ("IQ", "Diyala", 33.9, 45.0),
    ("IQ", "Al-Basrah", 30.5, 47.8),
    ("IQ", "Babil", 32.5, 44.4),
    ("SY", "Deir-ez-Zor", 35.3, 40.1),
    ("SY", "Al-Hasakeh", 36.5, 40.7),
    ("SY", "Damascus", 33.5, 36.3),
    ("SY", "Homs", 34.7, 37.9),
    ("JO", "Mafraq", 32.3, 37.5),
    ("JO", "Amman", 31.95, 35.93),
]
N_ACTORS = 800


def synthetic_events(n: int, seed: int = 42, undated: float = 0.0) -> pa.Table:
    rng = np.random.default_rng(seed)
    ids = np.char.add("ev", np.char.zfill(np.arange(n).astype(str), 8))
    types = rng.choice(TYPES, size=n, p=TYPE_P)
    modes = np.array([None] * n, dtype=object)
    for t, ms in MODES.items():
        sel = types == t
        modes[sel] = rng.choice(ms, size=int(sel.sum()))
    base = np.datetime64("2019-01-01")
    days = base + rng.integers(0, 6 * 365, size=n).astype("timedelta64[D]")
    date_s = np.datetime_as_string(days, unit="D")
    a1 = rng.integers(0, len(ADMIN1), size=n)
    country = np.array([ADMIN1[i][0] for i in range(len(ADMIN1))])[a1]
    admin1 = np.array([ADMIN1[i][1] for i in range(len(ADMIN1))])[a1]
    lat = np.array([ADMIN1[i][2] for i in range(len(ADMIN1))])[a1] + rng.normal(0, 0.3, n)
    lon = np.array([ADMIN1[i][3] for i in range(len(ADMIN1))])[a1] + rng.normal(0, 0.3, n)
    # a few actors are very active (Zipf-like), like militias and state forces in real data
    w = 1.0 / np.arange(1, N_ACTORS + 1) ** 1.1
    w /= w.sum()
    src = rng.choice(N_ACTORS, size=n, p=w)
    tgt = rng.choice(N_ACTORS, size=n, p=w)
    src_id = np.char.add("actor-", src.astype(str))
    tgt_id = np.char.add("actor-", tgt.astype(str))
    fatal = np.where(types == "ASSAULT", rng.poisson(1.2, size=n), 0)
    # drawn from a generator of its own so that the other columns do not depend on --undated
    no_date = np.random.default_rng(seed + 1).random(n) < undated
    status = rng.choice(["draft", "confirmed", "rejected"], size=n, p=[0.8, 0.17, 0.03])
    corr = 1 + rng.poisson(0.5, size=n)
    cols = {
        "id": ids,
        "type": types,
        "mode": modes,
        "subtype": None,
        "date": date_s,
        "date_precision": "day",
        "day_lo": days,
        "day_hi": days,
        "place_id": np.char.add("place-", a1.astype(str)),
        "place_name": admin1,
        "admin1": admin1,
        "country": country,
        "lat": lat,
        "lon": lon,
        "source_actor_id": src_id,
        "source_actor_name": np.char.add("Actor ", src.astype(str)),
        "target_actor_id": tgt_id,
        "target_actor_name": np.char.add("Actor ", tgt.astype(str)),
        "fatalities": fatal.astype("int32"),
        "injuries": None,
        "certainty": "asserted",
        "confidence": rng.uniform(0.4, 0.95, size=n),
        "status": status,
        "credibility": 6,
        "corroboration": corr.astype("int32"),
        "first_reported": date_s,
        "first_document": np.char.add("doc", (np.arange(n) // 3).astype(str)),
    }
    arrays = {}
    for k, v in cols.items():
        if v is None or isinstance(v, (str, int)):
            arrays[k] = pa.array([v] * n) if v is not None else pa.nulls(n, pa.string())
        elif k in ("day_lo", "day_hi"):
            arrays[k] = pa.array(v.astype("datetime64[D]"), type=pa.date32(), mask=no_date)
        elif k in ("date", "first_reported"):
            arrays[k] = pa.array(v, mask=no_date)
        else:
            arrays[k] = pa.array(v.tolist() if v.dtype == object else v)
    return pa.table(arrays)


def _copy_arrow(store, name: str, table: pa.Table, chunk: int = 250_000) -> None:
    """PostgreSQL: ``COPY`` an Arrow table as CSV, in chunks (an empty unquoted field is NULL)."""
    import io

    import pyarrow.csv as pacsv

    cols = ", ".join(table.column_names)
    opts = pacsv.WriteOptions(include_header=False)
    # inside bulk_load's transaction, store.connection() is that transaction's connection
    with store.connection() as con, con.cursor() as cur, cur.copy(f"COPY {name} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
        for i in range(0, table.num_rows, chunk):
            buf = io.BytesIO()
            pacsv.write_csv(table.slice(i, chunk), buf, opts)
            copy.write(buf.getvalue())


def bulk_load(store, table: pa.Table) -> None:
    """Insert the synthetic events (and the actors they name) through the store's bulk path: Arrow
    on DuckDB, ``COPY`` then ``VACUUM ANALYZE`` (what autovacuum does to a settled table) on
    PostgreSQL."""
    actors = pa.table(
        {
            "id": [f"actor-{i}" for i in range(N_ACTORS)],
            "name": [f"Actor {i}" for i in range(N_ACTORS)],
            "kind": ["armed_group" if i % 3 else "state_force" for i in range(N_ACTORS)],
        }
    )
    insert = _copy_arrow if store.dialect == "postgres" else (lambda s, n, t: s._insert_arrow(n, t))
    with store._tx():
        insert(store, "events", table)
        insert(store, "actors", actors)
    if store.dialect == "postgres":
        store._exec("VACUUM ANALYZE events")
        store._exec("VACUUM ANALYZE actors")
    else:
        store._exec("CHECKPOINT")


QUERIES = [
    ("/api/events", {"limit": 100}),
    ("/api/events", {"limit": 100, "type": "ASSAULT"}),
    ("/api/events", {"limit": 100, "country": "IQ", "start": "2023-10-01", "end": "2024-02-29"}),
    ("/api/events", {"limit": 100, "actor": "actor-0", "type": "ASSAULT,THREATEN"}),
    (
        "/api/events",
        {"limit": 100, "admin1": "Al-Anbar", "min_corroboration": 2, "status": "confirmed"},
    ),
    ("/api/events", {"limit": 1000, "start": "2024-01"}),
    ("/api/events", {"limit": 100, "place": "place-3"}),
    ("/api/events", {"limit": 100, "q": "airport"}),
    ("/api/stats", {"by": "month"}),
    ("/api/stats", {"by": "week", "type": "ASSAULT"}),
    ("/api/stats", {"by": "month", "country": "SY", "start": "2022"}),
    ("/api/stats", {"by": "month", "actor": "actor-1"}),
    ("/api/stats", {"by": "month", "group": "actor"}),
    ("/api/network", {}),
    ("/api/network", {"type": "ASSAULT", "start": "2023"}),
]

# Next pages: the cursor of the first page of these queries, and a page from the middle of the
# table (the id of any event works as a cursor: the page after it).
NEXT_PAGES = [
    {"limit": 100},
    {"limit": 100, "type": "ASSAULT"},
    {"limit": 100, "admin1": "Al-Anbar", "min_corroboration": 2, "status": "confirmed"},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def open_bench_store(args):
    """The store to fill (or, with ``--reuse``, to keep when it already holds events)."""
    from marsad.store import open_store

    if args.pg:
        if not args.reuse:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as con:
                con.execute(f"DROP SCHEMA IF EXISTS {args.schema} CASCADE")
        return open_store(args.pg, schema=args.schema), f"{args.pg} schema {args.schema}"
    db = Path(args.db)
    if db.exists() and not args.reuse:
        db.unlink()
    return open_store(str(db)), str(db)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=50, help="timed requests per query")
    ap.add_argument("--db", help="DuckDB file to create (default: a temporary file)")
    ap.add_argument("--pg", metavar="URL", help="PostgreSQL database to use instead of DuckDB")
    ap.add_argument("--schema", default="marsad_bench", help="PostgreSQL schema (dropped first)")
    ap.add_argument("--reuse", action="store_true", help="keep a store that already holds events")
    ap.add_argument("--undated", type=float, default=0.01, help="share of events without a date")
    ap.add_argument("--only", help="comma-separated path prefixes to time (e.g. /api/events)")
    ap.add_argument("--cached", action="store_true",
                    help="keep the answer cache between requests (by default it is emptied before each)")
    args = ap.parse_args()

    import httpx
    import uvicorn

    from marsad.config import Settings
    from marsad.server.app import create_app

    tmp = tempfile.TemporaryDirectory()
    if not args.pg and not args.db:
        args.db = str(Path(tmp.name) / "bench.duckdb")
    t = time.perf_counter()
    store, where = open_bench_store(args)
    print(f"store opened (and migrated) in {time.perf_counter() - t:.1f}s: {where}")
    held = store.count_events()
    if args.reuse and held:
        print(f"reusing {held:,} events")
    else:
        t = time.perf_counter()
        table = synthetic_events(args.events, undated=args.undated)
        t_gen = time.perf_counter() - t
        t = time.perf_counter()
        bulk_load(store, table)
        del table
        print(f"{args.events:,} synthetic events: generated in {t_gen:.1f}s, "
              f"bulk-loaded in {time.perf_counter() - t:.1f}s")

    app = create_app(Settings.load(env={}, db=args.pg or args.db), store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    only = [p.strip() for p in (args.only or "").split(",") if p.strip()]
    overall: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=300) as client:
        queries = list(QUERIES)
        for params in NEXT_PAGES:
            page = client.get("/api/events", params=params).json()
            if page.get("next_cursor"):
                queries.append(("/api/events", {**params, "cursor": page["next_cursor"]}))
        mid = f"ev{(store.count_events() // 2):08d}"
        queries.append(("/api/events", {"limit": 100, "cursor": mid}))
        queries.append(("/api/events", {"limit": 100, "type": "ASSAULT", "cursor": mid}))
        if only:
            queries = [(p, q) for p, q in queries if any(p.startswith(o) for o in only)]
        print(f"{'query':<95} {'p50 ms':>8} {'p99 ms':>8} {'rows':>6}")
        for path, params in queries:
            r = client.get(path, params=params)  # warm-up
            r.raise_for_status()
            body = r.json()
            rows = len(body.get("items") or body.get("nodes") or []) if "stats" not in path else "-"
            times = []
            for _ in range(args.requests):
                if not args.cached:  # time the computation, not the server's answer cache
                    app.state.response_cache.clear()
                t0 = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
            overall.setdefault(path, []).extend(times)
            label = path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
            print(
                f"{label[:95]:<95} {statistics.median(times):8.1f} {pct(times, 99):8.1f} {rows!s:>6}"
            )
    for path, times in overall.items():
        print(
            f"ALL {path}: p50 {statistics.median(times):.1f} ms, p99 {pct(times, 99):.1f} ms over {len(times)} requests"
        )
    server.should_exit = True
    th.join(timeout=10)
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()

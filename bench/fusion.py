"""Fusion benchmark: quality on the fusion gold, ingest rate over a long run, and ingest into a
large store against an empty one, on DuckDB and PostgreSQL.

1. Quality: pairwise precision / recall of the previous rule matcher (``rules``) and of fusion v2
   (``scored``) on the fusion gold (``marsad.store.fusion.gold``): the samples' gold events, the
   events the pipeline extracts from the samples, and the constructed pairs.
2. Long ingest: ``--docs`` documents recombined from the samples' paragraphs (as in
   ``ingest_and_query.py``) are extracted once, then stored in batches of 200 into a fresh store;
   the rate of every 1,000 documents is reported (a flat series means no growing cost).
3. Large store: ``--events`` synthetic fused events (``ingest_and_query.synthetic_events``, dated
   2019-2024 like the samples) are bulk-loaded, then ``--small`` documents are ingested; the same
   documents go into an empty store for comparison. With ``--older N``, also into a store of the
   same ``--events`` plus ``N`` events in earlier six-year periods, each period as dense as
   2019-2024: a larger store with the same events around the reports' dates.

    python bench/fusion.py                                   # 10,000 docs, 500,000 events
    python bench/fusion.py --skip quality,long --events 1000000 --older 4000000 --backends duckdb
    python bench/fusion.py --docs 2000 --events 100000 --backends duckdb
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ingest_and_query import (  # noqa: E402
    OUT,
    SAMPLES,
    Target,
    build_corpus,
    extract_all,
    load_pack,
    synthetic_events,
)

from marsad.store import fusion  # noqa: E402
from marsad.store.fusion import gold  # noqa: E402
from marsad.text import name_key  # noqa: E402


def quality(pack) -> dict:
    from marsad.extract.pipeline import Pipeline
    from marsad.ingest.readers import read_paths

    pipe = Pipeline(pack=pack)
    pairs = [(d, pipe(d)) for d in read_paths([str(SAMPLES)]) if hasattr(d, "text")]
    resolve = gold._resolver(pack)
    rows = fusion.source_rows([(d, r) for d, r in pairs],
                              lambda ref: (None, None) if ref is None else
                              (ref.id or resolve(ref.name), ref.name))
    links = [{"source": r.source.id or resolve(r.source.name), "type": r.type,
              "target": r.target.id or resolve(r.target.name), "start_date": None, "end_date": None}
             for _, rep in pairs for r in rep.relations]
    out = {m: gold.evaluate(m, pack, extracted=rows, extracted_links=links) for m in ("rules", "scored")}
    out["threshold_sweep"] = {
        str(t): {k: (v["precision"], v["recall"]) for k, v in
                 gold.evaluate("scored", pack, extracted=rows, extracted_links=links, threshold=t).items()}
        for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)}
    return out


def stored_events(store, n: int, start: int, years_back: int = 0):
    """Synthetic events as the store writes them: with ``admin1_key`` and ``place_key`` where the schema has them (the
    check reads the table, so that this script also measures code from before that column);
    ``years_back`` moves them that many years (of 365 days) before 2019-2024."""
    df = synthetic_events(n, start, seed=start)
    if years_back:
        shift = timedelta(days=365 * years_back)
        for col in ("day_lo", "day_hi"):
            df[col] = df[col].map(lambda d: d - shift)
        df["date"] = df["first_reported"] = df["day_lo"].map(date.isoformat)
    columns = store._frame("SELECT * FROM events LIMIT 0").columns
    if "admin1_key" in columns:
        df["admin1_key"] = df["admin1"].map(lambda v: name_key(v) if v else None)
    if "place_key" in columns:
        df["place_key"] = df["place_name"].map(lambda v: name_key(v) if v else None)
    return df


def extracted(corpus: Path, n: int, pack, cache: Path | None):
    """The ``n`` generated documents and their reports; with ``cache``, read from (or written to)
    that pickle, so that runs of two versions of the code ingest the very same reports."""
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            pairs = pickle.load(f)
        if len(pairs) >= n:
            print(f"read {len(pairs)} extracted documents from {cache}", file=sys.stderr)
            return pairs[:n]
    build_corpus(corpus, n)
    pairs, secs = extract_all(corpus, pack)
    print(f"extracted {len(pairs)} documents in {secs:.1f}s", file=sys.stderr)
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(pairs, f)
    return pairs


class ServerCpu:
    """CPU seconds (user + system, from /proc) of the PostgreSQL server processes serving the
    target's database, when the server runs on this machine. ``sample()`` after each batch keeps
    each process's last reading, so a connection that closes keeps what it used; ``total`` is
    the sum over every process seen. Unavailable (``ok`` False) for DuckDB, whose worker threads
    count in the process's own CPU time, or when /proc cannot be read."""

    def __init__(self, target: Target):
        self.target, self.seen, self.ok = target, {}, target.backend != "duckdb"
        self.sample()

    def sample(self, *_) -> None:
        if not self.ok:
            return
        import psycopg

        with psycopg.connect(self.target.url, autocommit=True) as con:
            pids = [r[0] for r in con.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                              "AND pid <> pg_backend_pid()")]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                self.ok = False
                return
            self.seen[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    @property
    def total(self) -> float | None:
        return sum(self.seen.values()) if self.ok else None


def _ratios(values: list[float]) -> dict:
    return {"max_over_min": round(max(values) / min(values), 2), "last_over_first": round(values[-1] / values[0], 2)}


def stored_digest(store) -> dict:
    """Counts and a SHA-256 of the stored events (every column but ``updated_at``), their sources and
    source tallies, in id order: two versions of the code that fuse alike give the same digests
    (compare on one backend: each prints dates and numbers its own way)."""
    import hashlib

    out = {}
    for table, order in (("events", "id"), ("event_sources", "doc_id, ordinal"),
                         ("source_tallies", "event_id, outlet, evidence_text, confidence")):
        if table not in store._tables():
            continue
        df = store._frame(f"SELECT * FROM {table} ORDER BY {order}")
        df = df.drop(columns=[c for c in ("updated_at", "created_at") if c in df.columns])
        df = df[sorted(df.columns)]
        out[table] = {"rows": len(df), "sha256": hashlib.sha256(df.to_csv(index=False).encode()).hexdigest()[:16]}
    return out


def _later(value: str | None, years: int) -> str | None:
    """An ISO date, month or year ``years`` later ("2020-02-29" stays valid: ``years`` is a multiple
    of 4 below 80)."""
    if not value or not value[:4].isdigit():
        return value
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def spread(pairs, step: int, years: int):
    """The documents with each block of ``step`` moved ``years`` further in time than the block
    before (publication dates and event dates): the recombined reports then arrive as a stream
    of news over time, as dense per day in every block, instead of ever more reports of the same
    weeks. Separates a cost that grows with the store from one that grows with the events around
    a report's dates."""
    if years % 4 or years <= 0:
        raise SystemExit("--spread-years must be a positive multiple of 4 (leap days stay valid)")
    out = []
    for i, (doc, rep) in enumerate(pairs):
        k = (i // step) * years
        if k == 0:
            out.append((doc, rep))
            continue
        doc, rep = copy.deepcopy(doc), copy.deepcopy(rep)
        doc.published = _later(doc.published, k)
        rep.document.published = _later(rep.document.published, k)
        for e in rep.events:
            e.date = _later(e.date, k)
        out.append((doc, rep))
    return out


def hold_outside_gc() -> None:
    """Move every object alive now (the benchmark's extracted corpus, held whole so that
    extraction stays out of the measurement) out of the garbage collector's reach. ``marsad
    ingest`` streams documents and holds one batch; here, without this, each full collection
    walks the 10,000 held reports (0.6-0.8 s), lands in some blocks of 1,000 and not in others,
    and measures the benchmark rather than the store. ``--live-gc`` keeps the old behaviour."""
    gc.collect()
    gc.freeze()


def long_ingest(target: Target, pairs, pack, step: int = 1000, batch: int = 200) -> dict:
    store = target.open()
    try:
        if pack is not None:
            store.load_pack(pack)
        rates, cpu, server, t0 = [], [], [], time.perf_counter()
        server_cpu = ServerCpu(target)
        for i in range(0, len(pairs), step):
            t, c, sc = time.perf_counter(), time.process_time(), server_cpu.total
            store.ingest(pairs[i:i + step], batch_size=batch, progress=server_cpu.sample)
            rates.append(round(len(pairs[i:i + step]) / (time.perf_counter() - t), 1))
            cpu.append(round(time.process_time() - c, 2))
            after = server_cpu.total
            server.append(round(after - sc, 2) if after is not None and sc is not None else None)
        secs = time.perf_counter() - t0
        out = {"docs": len(pairs), "seconds": round(secs, 1), "docs_per_s": round(len(pairs) / secs, 1),
               "rate_per_1000": rates, "cpu_seconds_per_1000": cpu, "events": store.count_events(),
               "flat_within": round(1 - min(rates) / max(rates), 3) if rates else None,
               "load_average": os.getloadavg()[0]}
        out["stored"] = stored_digest(store)
        if rates:
            out["rate_ratios"], out["cpu_ratios"] = _ratios(rates), _ratios(cpu)
        if server and None not in server:  # the server's share, and client + server per 1,000
            out["server_cpu_seconds_per_1000"] = server
            out["total_cpu_seconds_per_1000"] = total = [round(a + b, 2) for a, b in zip(cpu, server, strict=True)]
            out["total_cpu_ratios"] = _ratios(total)
        return out
    finally:
        store.close()
        target.drop()


class DatabaseCopy:
    """PostgreSQL: a database copied from ``saved`` (``CREATE DATABASE ... TEMPLATE``, a file
    copy), opened without a schema and dropped after; the loaded large store of earlier runs."""

    backend = "postgres"

    def __init__(self, base_url: str, saved: str, name: str):
        self.base_url, self.saved, self.schema = base_url, saved, None
        self.db = f"{saved}_{name}_{os.getpid()}"
        self.url = _with_database(base_url, self.db)

    def exists(self) -> bool:
        return bool(_admin(self.base_url, "SELECT 1 FROM pg_database WHERE datname = %s", (self.saved,)))

    def copy(self) -> None:
        _admin(self.base_url, f'CREATE DATABASE "{self.db}" TEMPLATE "{self.saved}" STRATEGY FILE_COPY')

    def open(self):
        from marsad.store import open_store

        return open_store(self.url)

    def drop(self) -> None:
        _admin(self.base_url, f'DROP DATABASE IF EXISTS "{self.db}"')


def _with_database(url: str, db: str) -> str:
    head, sep, query = url.partition("?")
    return head.rsplit("/", 1)[0] + "/" + db + sep + query


def _admin(url: str, sql: str, params=()) -> list:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        cur = con.execute(sql, params or None)
        return cur.fetchall() if cur.description else []


def load_large(store, pack, n_events: int, older: int = 0, chunk: int = 500_000) -> None:
    """Bulk-load the synthetic events (and the pack) into ``store``."""
    if pack is not None:
        store.load_pack(pack)
    for start in range(0, n_events, chunk):
        store.insert_frame("events", stored_events(store, min(chunk, n_events - start), start))
    per_period = max(n_events, chunk)
    start = 0
    while start < older:
        n = min(chunk, older - start, per_period - start % per_period)
        store.insert_frame("events", stored_events(store, n, n_events + start, 6 * (1 + start // per_period)))
        start += n


def into_store(target, pairs, pack, n_events: int, older: int = 0, chunk: int = 500_000,
               saved: Path | None = None) -> dict:
    """Ingest ``pairs`` into a store holding ``n_events`` synthetic events dated 2019-2024 (the
    reports' years) and ``older`` more in earlier six-year periods, each as dense as 2019-2024.
    With ``saved`` (DuckDB): a copy of that file is the loaded store; when it does not exist, the
    store is loaded as usual and saved there before the ingest, for the next run. A
    :class:`DatabaseCopy` target (PostgreSQL) does the same with a database as the saved store."""
    t = time.perf_counter()
    if isinstance(target, DatabaseCopy):
        if not target.exists():
            _admin(target.base_url, f'CREATE DATABASE "{target.saved}"')
            from marsad.store import open_store

            first = open_store(_with_database(target.base_url, target.saved))
            try:
                load_large(first, pack, n_events, older, chunk)
                first._exec("VACUUM ANALYZE events")
            finally:
                first.close()
        target.copy()
        store = target.open()  # applies the migrations the saved database lacks
    elif saved is not None and saved.exists() and target.backend == "duckdb":
        shutil.copyfile(saved, target.url)
        store = target.open()  # applies the migrations the saved file lacks
    else:
        store = target.open()
        load_large(store, pack, n_events, older, chunk)
        if saved is not None and target.backend == "duckdb":
            store._exec("CHECKPOINT")
            store.close()
            shutil.copyfile(target.url, saved)
            store = target.open()
    try:
        load = time.perf_counter() - t
        if store.dialect == "postgres":
            store._exec("ANALYZE events")
        else:
            store._exec("CHECKPOINT")  # write the bulk load out now, not at the first ingest commit
        t, c = time.perf_counter(), time.process_time()
        stats = store.ingest(pairs, batch_size=200)
        secs = time.perf_counter() - t
        return {"cpu_seconds": round(time.process_time() - c, 2), "events_before": n_events + older,
                "events_2019_2024": n_events, "load_seconds": round(load, 1), "docs": len(pairs),
                "seconds": round(secs, 2), "docs_per_s": round(len(pairs) / secs, 1),
                "events_fused": stats.events_fused}
    finally:
        store.close()
        target.drop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000, help="documents for the long ingest (default 10,000)")
    ap.add_argument("--small", type=int, default=200, help="documents into the large store (default 200)")
    ap.add_argument("--events", type=int, default=500_000, help="synthetic events in the large store")
    ap.add_argument("--backends", default="duckdb,postgres")
    ap.add_argument("--pg", default=os.environ.get("MARSAD_TEST_PG", "postgresql:///marsad_test"))
    ap.add_argument("--skip", default="", help="comma-separated: quality, long, large")
    ap.add_argument("--older", type=int, default=0,
                    help="also measure a store of --events in 2019-2024 plus this many events in earlier years, "
                         "as dense per day (a larger store, the same events around the reports' dates)")
    ap.add_argument("--pairs", type=Path, help="pickle of the extracted documents, reused when present")
    ap.add_argument("--spread-years", type=int, default=0,
                    help="long ingest: move each block of 1,000 documents this many years after the one before "
                         "(a multiple of 4), so events stay as dense per day as the store grows")
    ap.add_argument("--large-db", type=Path,
                    help="DuckDB: reuse this file as the loaded large store (copied for each run; written when missing)")
    ap.add_argument("--pg-large-db",
                    help="PostgreSQL: a database name holding the loaded large store, copied (CREATE DATABASE "
                         "... TEMPLATE) for each run; loaded into a database of that name when missing")
    ap.add_argument("--live-gc", action="store_true",
                    help="leave the held corpus to the garbage collector (by default it is frozen: see hold_outside_gc)")
    ap.add_argument("--out", type=Path, default=OUT / "fusion.json", help="the JSON results file")
    args = ap.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    pack = load_pack()
    out: dict = {"args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                 "code": str(Path(fusion.__file__).parents[3]), "results": {}}
    if "quality" not in skip:
        out["quality"] = quality(pack)
        print(json.dumps(out["quality"], indent=1), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="marsad-fusion-") as tmp:
        work = Path(tmp)
        pairs = extracted(work / "corpus.jsonl", max(args.docs, args.small), pack, args.pairs)
        for b in backends:
            res = out["results"].setdefault(b, {})
            if "long" not in skip:
                docs = spread(pairs[:args.docs], 1000, args.spread_years) if args.spread_years else pairs[:args.docs]
                if not args.live_gc:
                    hold_outside_gc()
                res["long"] = long_ingest(Target(b, work, args.pg, "long"), docs, pack)
                print(f"{b}: long {res['long']}", file=sys.stderr)
            if "large" not in skip:
                small = pairs[:args.small]
                res["empty"] = into_store(Target(b, work, args.pg, "empty"), small, pack, 0)
                large = (DatabaseCopy(args.pg, args.pg_large_db, "run") if b == "postgres" and args.pg_large_db
                         else Target(b, work, args.pg, "large"))
                res["large"] = into_store(large, small, pack, args.events, saved=args.large_db)
                res["large_vs_empty"] = round(res["large"]["docs_per_s"] / res["empty"]["docs_per_s"], 2)
                if args.older:
                    res["older"] = into_store(Target(b, work, args.pg, "older"), small, pack, args.events, args.older)
                    res["older_vs_large"] = round(res["older"]["docs_per_s"] / res["large"]["docs_per_s"], 2)
                    res["older_vs_empty"] = round(res["older"]["docs_per_s"] / res["empty"]["docs_per_s"], 2)
                    print(f"{b}: older {res['older']}", file=sys.stderr)
                print(f"{b}: empty {res['empty']}\n{b}: large {res['large']}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(json.dumps(out["results"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Store benchmark: ingest throughput and query latency on DuckDB and PostgreSQL.

1. Ingest of pre-extracted reports: ``--docs`` documents recombined (seeded) from the paragraphs of
   the bundled samples are extracted once, then stored into a fresh store per backend (documents/s).
2. End-to-end ingest: ``Workbench.ingest`` (read JSONL -> extract -> store) of the same corpus into a
   fresh store per backend (documents/s); ``--e2e-docs`` limits it.
3. Query latency over ``--events`` synthetic fused events (numpy/pandas, bulk-loaded through Arrow
   into DuckDB and COPY into PostgreSQL): a month x type count, the full ``stats()`` call, an actor
   timeline and the first page of an actor's events. Median of ``--repeat`` runs after one warm-up.

Prints a table and writes ``bench/out/ingest_and_query.json``. Figures only; nothing is asserted.

    python bench/ingest_and_query.py                       # 10,000 documents, 5 million events
    python bench/ingest_and_query.py --docs 1000 --events 200000
    python bench/ingest_and_query.py --backends duckdb --pg postgresql:///marsad_test
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

import marsad
from marsad.config import Settings
from marsad.store import EventFilter, open_store

SAMPLES = Path(marsad.__file__).parent / "data" / "samples"
OUT = Path(__file__).parent / "out"


def build_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paras = []
    for f in sorted(SAMPLES.glob("s*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        paras += [(d["published"], p.strip()) for p in d["text"].split("\n\n") if len(p.strip()) > 40]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            picks = rng.sample(paras, 3)
            out.write(json.dumps({"id": f"b{i:06d}", "published": picks[0][0], "title": f"Bench {i}",
                                  "source": "bench desk", "text": "\n\n".join(p for _, p in picks)}) + "\n")


class Target:
    """A fresh store location on one backend; PostgreSQL gets a schema of its own, dropped after."""

    def __init__(self, backend: str, workdir: Path, pg: str | None, name: str):
        self.backend = backend
        self.schema = None
        if backend == "duckdb":
            self.url = str(workdir / f"{name}.duckdb")
        else:
            self.url = pg
            self.schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"

    def open(self):
        return open_store(self.url, schema=self.schema) if self.schema else open_store(self.url)

    def settings(self) -> Settings:
        return Settings.load(env={}, db=self.url)

    def drop(self) -> None:
        if self.schema:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as con:
                con.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def load_pack():
    try:
        from marsad.knowledge.pack import KnowledgePack
    except ImportError:
        return None
    return KnowledgePack.load()


def extract_all(corpus: Path, pack):
    from marsad.extract.pipeline import Pipeline
    from marsad.ingest.readers import read_paths

    pipe = Pipeline(pack=pack)
    t0 = time.perf_counter()
    pairs = [(d, pipe(d)) for d in read_paths([str(corpus)]) if hasattr(d, "text")]
    return pairs, time.perf_counter() - t0


def bench_ingest(target: Target, pairs, pack, batch: int) -> dict:
    store = target.open()
    try:
        if pack is not None:
            store.load_pack(pack)
        t0 = time.perf_counter()
        stats = store.ingest(pairs, batch_size=batch)
        secs = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = store.ingest(pairs, batch_size=batch)
        rerun = time.perf_counter() - t1
        return {"docs": len(pairs), "seconds": round(secs, 2), "docs_per_s": round(len(pairs) / secs, 1),
                "events": store.count_events(), "events_new": stats.events_new, "events_fused": stats.events_fused,
                "rerun_seconds": round(rerun, 2), "rerun_unchanged": again.unchanged}
    finally:
        store.close()
        target.drop()


def bench_e2e(target: Target, corpus: Path, pack, batch: int) -> dict:
    from marsad.workbench import Workbench

    store = target.open()
    try:
        wb = Workbench.from_settings(target.settings(), store=store, pack=pack)
        t0 = time.perf_counter()
        stats = wb.ingest([str(corpus)], batch_size=batch)
        secs = time.perf_counter() - t0
        return {"docs": stats.documents, "seconds": round(secs, 2), "docs_per_s": round(stats.documents / secs, 1),
                "failures": stats.failures}
    finally:
        store.close()
        target.drop()


TYPES = ["ASSAULT"] * 6 + ["PROTEST"] * 3 + ["ACCUSE", "THREATEN", "COERCE", "CONSULT", "SUPPORT", "AGREE",
                                             "MOBILIZE", "SANCTION", "REQUEST", "REJECT", "AID", "RETREAT",
                                             "COOPERATE", "CONCEDE"]
ADMIN1 = ["Baghdad", "Al-Anbar", "Nineveh", "Kirkuk", "Salah al-Din", "Diyala", "Basra", "Erbil", "Dohuk",
          "Sulaymaniyah", "Babil", "Karbala", "Najaf", "Wasit", "Maysan", "Dhi Qar", "Muthanna", "Qadisiyah"]


def synthetic_events(n: int, start: int, seed: int, n_actors: int = 2000, n_places: int = 800) -> pd.DataFrame:
    """``n`` fused events over 2019-2024 with a skewed actor distribution (a few very active)."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("ev-syn-", np.char.zfill((np.arange(start, start + n)).astype(str), 10))
    days = np.datetime64("2019-01-01") + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")
    # skewed activity: actor-0 is the busiest (about 2% of all events), most actors are rare
    actor = lambda: np.char.add("actor-", (n_actors * rng.random(n) ** 2).astype(int).astype(str))  # noqa: E731
    place = rng.integers(0, n_places, n)
    admin1 = np.array(ADMIN1)[place % len(ADMIN1)]
    types = np.array(TYPES)[rng.integers(0, len(TYPES), n)]
    date_str = np.datetime_as_string(days, unit="D")
    df = pd.DataFrame({
        "id": ids, "type": types, "date": date_str, "date_precision": "day", "day_lo": days, "day_hi": days,
        "place_id": np.char.add("place-", place.astype(str)), "place_name": np.char.add("Place ", place.astype(str)),
        "admin1": admin1, "country": "IQ", "source_actor_id": actor(), "target_actor_id": actor(),
        "fatalities": rng.poisson(0.7, n).astype("int32"), "certainty": "asserted",
        "confidence": rng.random(n).round(3), "status": "draft", "credibility": 6,
        "corroboration": (1 + rng.poisson(0.5, n)).astype("int32"), "first_reported": date_str,
    })
    df["day_lo"] = df["day_lo"].dt.date
    df["day_hi"] = df["day_hi"].dt.date
    return df


def timed(fn, repeat: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return round(statistics.median(runs) * 1000, 1)


def bench_queries(target: Target, n_events: int, repeat: int, chunk: int = 1_000_000) -> dict:
    store = target.open()
    try:
        t0 = time.perf_counter()
        for start in range(0, n_events, chunk):
            df = synthetic_events(min(chunk, n_events - start), start, seed=start)
            store.insert_frame("events", df)
            del df
            gc.collect()
        if store.dialect == "postgres":
            store._exec("ANALYZE events")
        load = time.perf_counter() - t0
        actor = "actor-0"  # the busiest actor
        month_type = ("SELECT date_trunc('month', day_lo) AS m, type, count(*) FROM events "
                      "WHERE status <> 'merged' GROUP BY 1, 2")
        out = {
            "events": store.count_events(),
            "load_seconds": round(load, 1),
            "load_rows_per_s": round(n_events / load),
            "month_x_type_ms": timed(lambda: store._query(month_type), repeat),
            "stats_month_ms": timed(lambda: store.stats(EventFilter(), by="month"), repeat),
            "actor_timeline_ms": timed(lambda: store.timeline(actor, by="month"), repeat),
            "actor_events_page_ms": timed(lambda: store.events(EventFilter(actor=actor), limit=100), repeat),
            "actor_events": store.count_events(EventFilter(actor=actor)),
        }
        return out
    finally:
        store.close()
        target.drop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000, help="documents to ingest (default 10,000)")
    ap.add_argument("--e2e-docs", type=int, default=None, help="documents for the end-to-end run (default --docs)")
    ap.add_argument("--events", type=int, default=5_000_000, help="synthetic events for queries (default 5M)")
    ap.add_argument("--backends", default="duckdb,postgres", help="comma-separated: duckdb, postgres")
    ap.add_argument("--pg", default=os.environ.get("MARSAD_TEST_PG", "postgresql:///marsad_test"),
                    help="PostgreSQL URL (a throw-away schema is created and dropped)")
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip", default="", help="comma-separated phases to skip: ingest, e2e, queries")
    args = ap.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    results: dict = {"args": vars(args), "results": {}}
    pack = load_pack()
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        build_corpus(corpus, args.docs)
        if "ingest" not in skip:
            pairs, secs = extract_all(corpus, pack)
            results["extraction"] = {"docs": len(pairs), "seconds": round(secs, 2),
                                     "docs_per_s": round(len(pairs) / secs, 1)}
            print(f"extracted {len(pairs)} documents in {secs:.1f}s", file=sys.stderr)
            for b in backends:
                r = bench_ingest(Target(b, work, args.pg, "ingest"), pairs, pack, args.batch_size)
                results["results"].setdefault(b, {})["ingest"] = r
                print(f"{b}: ingest {r}", file=sys.stderr)
            del pairs
        if "e2e" not in skip:
            e2e_corpus = corpus
            if args.e2e_docs and args.e2e_docs < args.docs:
                e2e_corpus = work / "e2e.jsonl"
                build_corpus(e2e_corpus, args.e2e_docs)
            for b in backends:
                r = bench_e2e(Target(b, work, args.pg, "e2e"), e2e_corpus, pack, args.batch_size)
                results["results"].setdefault(b, {})["e2e"] = r
                print(f"{b}: end-to-end {r}", file=sys.stderr)
        if "queries" not in skip:
            for b in backends:
                r = bench_queries(Target(b, work, args.pg, "queries"), args.events, args.repeat)
                results["results"].setdefault(b, {})["queries"] = r
                print(f"{b}: queries {r}", file=sys.stderr)
    print_table(results)
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest_and_query.json").write_text(json.dumps(results, indent=2))
    return 0


def print_table(results: dict) -> None:
    rows = []
    if "extraction" in results:
        e = results["extraction"]
        rows.append(("extraction only (pipeline)", "-", f"{e['docs_per_s']} docs/s", f"{e['docs']} docs, {e['seconds']} s"))
    for b, r in results["results"].items():
        if "ingest" in r:
            i = r["ingest"]
            rows.append(("ingest pre-extracted reports", b, f"{i['docs_per_s']} docs/s",
                         f"{i['docs']} docs -> {i['events']} events in {i['seconds']} s; rerun {i['rerun_seconds']} s"))
        if "e2e" in r:
            i = r["e2e"]
            rows.append(("ingest end-to-end", b, f"{i['docs_per_s']} docs/s", f"{i['docs']} docs in {i['seconds']} s"))
        if "queries" in r:
            q = r["queries"]
            rows.append(("bulk load events", b, f"{q['load_rows_per_s']} rows/s", f"{q['events']} events in {q['load_seconds']} s"))
            rows.append(("month x type count", b, f"{q['month_x_type_ms']} ms", "one GROUP BY"))
            rows.append(("stats(by=month)", b, f"{q['stats_month_ms']} ms", "series + by type/admin1/country + totals"))
            rows.append(("actor timeline (month)", b, f"{q['actor_timeline_ms']} ms", f"{q['actor_events']} events of actor-0"))
            rows.append(("actor events, first page", b, f"{q['actor_events_page_ms']} ms", "limit 100"))
    widths = [max(len(str(r[i])) for r in rows + [("measure", "backend", "result", "detail")]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format("measure", "backend", "result", "detail"))
    print(line.format(*("-" * w for w in widths)))
    for r in rows:
        print(line.format(*r))


if __name__ == "__main__":
    sys.exit(main())

"""Interop benchmark: ACLED import of generated rows, and export of synthetic events to every format.

    python bench/interop.py [--rows 100000] [--events 100000,1000000] [--formats ...] [--batch-size N]

1. Generates ``--rows`` ACLED rows from the 44 valid rows of ``tests/data/acled_sample.csv``
   (fresh ids, dates spread over 2015-2024 and sorted newest first as ACLED's exports are), jittered
   coordinates and fatalities) and imports them into a new DuckDB file (``marsad import acled``
   path: resolution, fusion, revisions table); then exports that store back to ACLED CSV (the
   path of events that carry ACLED rows).
2. For each size in ``--events``, bulk-loads that many synthetic fused events (as
   ``bench/ingest_and_query.py`` does) into a DuckDB file and exports them to each format with no
   filter, STIX included (every event). The peak memory of each format at each size, and the
   ratio of the largest to the smallest, show whether memory grows with the number of events.
3. Validates a sample of the largest STIX bundle (``--validate N`` objects, every k-th line, plus
   the extension definition) with ``stix2-validator`` in strict mode, less the documented
   exceptions (``marsad.interop.stix.validate_bundle``).
4. With ``--pg URL``, empties the events of that PostgreSQL store, loads each size of
   ``--pg-events`` into it and exports them to each format (the peak is the client's; the
   server's memory is not counted).

Each step runs in a fresh interpreter so that its peak resident memory (``ru_maxrss``) is its own.
Results go to stdout and ``bench/out/interop.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "tests" / "data" / "acled_sample.csv"


def generate_acled(path: Path, n: int, seed: int = 11) -> None:
    from marsad.interop.acled import ACLED_COLUMNS

    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))[:44]
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(ACLED_COLUMNS)
        # newest first, as ACLED's own exports come
        days = sorted((rng.randrange(3650) for _ in range(n)), reverse=True)
        for i, day in enumerate(days):
            r = dict(rng.choice(rows))
            d = start + timedelta(days=day)
            r.update(event_id_cnty=f"BENCH{i:07d}", event_date=d.isoformat(), year=str(d.year),
                     fatalities=str(rng.choice((0, 0, 0, 1, 2, 5))))
            if r["latitude"]:
                r["latitude"] = f"{float(r['latitude']) + rng.uniform(-0.05, 0.05):.4f}"
                r["longitude"] = f"{float(r['longitude']) + rng.uniform(-0.05, 0.05):.4f}"
            w.writerow([r[c] for c in ACLED_COLUMNS])


def load_events(db: str, n: int, chunk: int = 250_000) -> None:
    import numpy as np

    sys.path.insert(0, str(HERE))
    from ingest_and_query import synthetic_events

    from marsad.store import open_store

    store = open_store(db)
    try:
        for start in range(0, n, chunk):
            df = synthetic_events(min(chunk, n - start), start, seed=start + 1)
            rng = np.random.default_rng(start)
            df["lat"] = rng.uniform(29.5, 37.0, len(df)).round(4)
            df["lon"] = rng.uniform(39.0, 48.0, len(df)).round(4)
            store.insert_frame("events", df)
    finally:
        store.close()


def load_pg(url: str, n: int) -> None:
    """Empty the events of the PostgreSQL store at ``url`` and load ``n`` synthetic ones."""
    from marsad.store import open_store

    store = open_store(url)
    try:
        with store._tx():
            store._exec("DELETE FROM events")
    finally:
        store.close()
    load_events(url, n)


def step(args: list[str], batch: int = 10_000) -> dict:
    """Run one measured step in a fresh interpreter; returns its JSON line."""
    out = subprocess.run([sys.executable, __file__, "--batch-size", str(batch), "--step", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _size(p: Path) -> int:
    return sum(x.stat().st_size for x in p.rglob("*") if x.is_file()) if p.is_dir() else p.stat().st_size


def run_step(kind: str, db: str, target: str, extra: str | None, batch: int) -> None:
    from marsad.store import EventFilter, open_store

    t0 = time.perf_counter()
    if kind == "validate":
        result = validate_sample(Path(target), int(extra or 1000))
    else:
        store = open_store(db)
        try:
            if kind == "import":
                from marsad.interop.acled import import_acled

                st = import_acled(store, target, batch_size=5000)
                result = {"rows": st.rows, "new": st.new, "errors": len(st.errors), "events_new": st.events_new,
                          "events_fused": st.events_fused}
            else:
                from marsad.interop.exports import export

                f = EventFilter(start="2019-01-01", end=extra) if extra else None
                result = export(store, kind, target, f, size=batch)
                if store.dialect == "duckdb":  # blocks of the database file kept in DuckDB's buffer pool
                    result["duckdb_cache_mb"] = store._con.execute(
                        "SELECT coalesce(sum(memory_usage_bytes), 0) // 1048576 FROM duckdb_memory() "
                        "WHERE tag = 'BASE_TABLE'").fetchone()[0]
        finally:
            store.close()
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": kind, "seconds": round(secs, 2), "peak_rss_mb": round(peak_mb),
                      "bytes": _size(Path(target)), "result": result}, default=str))


def validate_sample(bundle: Path, n: int) -> dict:
    """Validate about ``n`` objects of ``bundle`` (the exporter writes one object a line after the
    bundle's opening line): the first two (Marsad's identity and the extension definition), then
    every k-th object."""
    from marsad.interop.stix import validate_bundle

    with bundle.open(encoding="utf-8") as fh:
        head = fh.readline()
        total = sum(1 for line in fh if line.startswith("{"))
    every = max(total // n, 1)
    objects: list[dict] = []
    with bundle.open(encoding="utf-8") as fh:
        fh.readline()
        for i, line in enumerate(x for x in fh if x.startswith("{")):
            if i < 2 or i % every == 0:
                objects.append(json.loads(line.rstrip().rstrip(",")))
    types: dict[str, int] = {}
    for o in objects:
        types[o["type"]] = types.get(o["type"], 0) + 1
    sample = {"type": "bundle", "id": json.loads(head + "]}")["id"], "objects": objects}
    t = time.perf_counter()
    result = validate_bundle(json.dumps(sample))
    return {"objects_in_bundle": total, "sampled": len(objects), "types": types, "valid": result.is_valid,
            "validator_seconds": round(time.perf_counter() - t, 1),
            "errors": [str(e) for e in result.errors][:5], "warnings": [str(w) for w in result.warnings][:5]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--events", default="100000,1000000", help="comma-separated sizes; 0 for none")
    ap.add_argument("--stix-months", type=int, default=0, help="STIX of the first N months of 2019 only (0: all)")
    ap.add_argument("--formats", default="acled,geojson,graphml,parquet,stix")
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--validate", type=int, default=1000, help="STIX objects to validate (0: none)")
    ap.add_argument("--workdir", default=None,
                    help="keep files here; stores already there are reused (their loading is not measured again)")
    ap.add_argument("--pg", default=None, help="also export from this PostgreSQL database (emptied first)")
    ap.add_argument("--pg-events", default="100000", help="comma-separated sizes exported from --pg")
    ap.add_argument("--step", nargs=4, metavar=("KIND", "DB", "TARGET", "EXTRA"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step:
        kind, db, target, extra = a.step
        run_step(kind, db, target, None if extra == "-" else extra, a.batch_size)
        return 0
    work = Path(a.workdir or tempfile.mkdtemp(prefix="marsad-bench-interop-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in a.events.split(",") if int(x)]
    results: dict = {"rows": a.rows, "events": sizes, "batch_size": a.batch_size, "steps": []}

    def record(r: dict, **extra) -> None:
        r.update(extra)
        results["steps"].append(r)
        print(json.dumps(r), flush=True)

    if a.rows:
        csv_path = work / "acled.csv"
        if not csv_path.exists():
            t = time.perf_counter()
            generate_acled(csv_path, a.rows)
            print(f"generated {a.rows:,} ACLED rows in {time.perf_counter() - t:.1f} s", flush=True)
        db = work / "acled.duckdb"
        if not db.exists():  # a store left in --workdir by an earlier run is reused
            record(step(["import", str(db), str(csv_path), "-"]), rows=a.rows)
        record(step(["acled", str(db), str(work / "imported.acled.csv"), "-"], a.batch_size), store="acled import")
    stix_out = None
    for n in sizes:
        db = work / f"events-{n}.duckdb"
        if not db.exists():
            t = time.perf_counter()
            load_events(str(db), n)
            print(f"loaded {n:,} synthetic events in {time.perf_counter() - t:.1f} s", flush=True)
        for fmt in a.formats.split(","):
            target = work / (f"pq-{n}" if fmt == "parquet" else f"events-{n}.{fmt}")
            extra = f"2019-{a.stix_months:02d}" if fmt == "stix" and 0 < a.stix_months < 12 else "-"
            record(step([fmt, str(db), str(target), extra], a.batch_size), events=n)
            if fmt == "stix":
                stix_out = target
    if a.pg:
        for n in [int(x) for x in a.pg_events.split(",") if int(x)]:
            t = time.perf_counter()
            load_pg(a.pg, n)
            print(f"loaded {n:,} synthetic events into PostgreSQL in {time.perf_counter() - t:.1f} s", flush=True)
            for fmt in a.formats.split(","):
                target = work / (f"pq-pg-{n}" if fmt == "parquet" else f"events-pg-{n}.{fmt}")
                record(step([fmt, a.pg, str(target), "-"], a.batch_size), events=n, backend="postgresql")
    if stix_out is not None and a.validate:
        record(step(["validate", "-", str(stix_out), str(a.validate)]))
    _summary(results)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "interop.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if os.environ.get("MARSAD_BENCH_KEEP") is None and a.workdir is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


def _summary(results: dict) -> None:
    """Peak memory of each format at each size, and the ratio largest / smallest."""
    by: dict[str, dict[int, dict]] = {}
    for r in results["steps"]:
        if "events" in r:
            name = r["step"] + (" (postgresql)" if r.get("backend") == "postgresql" else "")
            by.setdefault(name, {})[r["events"]] = r
    for fmt, runs in by.items():
        sizes = sorted(runs)
        cells = ", ".join(f"{n:,}: {runs[n]['seconds']} s, {runs[n]['peak_rss_mb']} MB" for n in sizes)
        ratio = runs[sizes[-1]]["peak_rss_mb"] / max(runs[sizes[0]]["peak_rss_mb"], 1)
        results.setdefault("summary", {})[fmt] = {"ratio_peak": round(ratio, 2)}
        print(f"{fmt}: {cells}; peak ratio {ratio:.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""Interop benchmark: ACLED import of generated rows, and export of synthetic events to every format.

    python bench/interop.py [--rows 100000] [--events 1000000] [--stix-months 7] [--formats ...]

1. Generates ``--rows`` ACLED rows from the 44 valid rows of ``tests/data/acled_sample.csv``
   (fresh ids, dates spread over 2015-2024 and sorted newest first as ACLED's exports are, jittered
   coordinates and fatalities) and imports them
   into a new DuckDB file (``marsad import acled`` path: resolution, fusion, revisions table).
2. Bulk-loads ``--events`` synthetic fused events (as ``bench/ingest_and_query.py`` does) into
   another DuckDB file and exports them to each format with no filter. STIX objects are built one by
   one by the ``stix2`` library, which is slow, so STIX is measured on the events of the first
   ``--stix-months`` months only (about 10% of them with the default) and the count is printed.

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


def step(args: list[str]) -> dict:
    """Run one measured step in a fresh interpreter; returns its JSON line."""
    out = subprocess.run([sys.executable, __file__, "--step", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_step(kind: str, db: str, target: str, extra: str | None) -> None:
    from marsad.store import EventFilter, open_store

    t0 = time.perf_counter()
    store = open_store(db)
    try:
        if kind == "import":
            from marsad.interop.acled import import_acled

            st = import_acled(store, target, batch_size=5000)
            result = {"rows": st.rows, "new": st.new, "errors": len(st.errors), "events_new": st.events_new,
                      "events_fused": st.events_fused}
        else:
            from marsad.interop.exports import export

            f = None
            if extra:
                f = EventFilter(start="2019-01-01", end=extra)
            result = export(store, kind, target, f)
    finally:
        store.close()
    secs = time.perf_counter() - t0
    p = Path(target)
    size = sum(x.stat().st_size for x in p.rglob("*") if x.is_file()) if p.is_dir() else p.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": kind, "seconds": round(secs, 2), "peak_rss_mb": round(peak_mb), "bytes": size,
                      "result": result}, default=str))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--stix-months", type=int, default=7)
    ap.add_argument("--formats", default="acled,geojson,graphml,parquet,stix")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--step", nargs=4, metavar=("KIND", "DB", "TARGET", "EXTRA"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step:
        kind, db, target, extra = a.step
        run_step(kind, db, target, None if extra == "-" else extra)
        return 0
    work = Path(a.workdir or tempfile.mkdtemp(prefix="marsad-bench-interop-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"rows": a.rows, "events": a.events, "steps": []}
    if a.rows:
        csv_path = work / "acled.csv"
        t = time.perf_counter()
        generate_acled(csv_path, a.rows)
        print(f"generated {a.rows:,} ACLED rows in {time.perf_counter() - t:.1f} s", flush=True)
        r = step(["import", str(work / "acled.duckdb"), str(csv_path), "-"])
        results["steps"].append(r)
        print(json.dumps(r), flush=True)
    if a.events:
        db = str(work / "events.duckdb")
        t = time.perf_counter()
        load_events(db, a.events)
        print(f"loaded {a.events:,} synthetic events in {time.perf_counter() - t:.1f} s", flush=True)
        for fmt in a.formats.split(","):
            target = work / ("pq" if fmt == "parquet" else f"events.{fmt}")
            extra = "-"
            if fmt == "stix":
                extra = f"2019-{a.stix_months:02d}" if a.stix_months < 12 else "-"
            r = step([fmt, db, str(target), extra])
            results["steps"].append(r)
            print(json.dumps(r), flush=True)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "interop.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if os.environ.get("MARSAD_BENCH_KEEP") is None and a.workdir is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

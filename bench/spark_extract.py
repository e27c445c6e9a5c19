#!/usr/bin/env python
"""The Spark extraction job against the single-process pipeline.

Writes a corpus of N documents made from the bundled samples (``marsad.spark.corpus``), then times:

  single   one process: read the JSONL with ``marsad.ingest.readers``, run one ``Pipeline`` over
           every document (extraction only: no output written);
  local[1] ``marsad.spark.job.run_extract`` with one core: read, extract, write reports, the six
           store tables and failures as Parquet;
  local[2] the same with two cores.

Reports documents/s for each, the speedup from local[1] to local[2], and the per-document time
Spark adds over the single process ((local[1] seconds - single seconds) / N). Spark session
start-up is timed separately and not counted in the job times.

    python bench/spark_extract.py                       # 20,000 documents
    python bench/spark_extract.py --docs 2000 --json spark.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path


def single(path: Path) -> dict:
    from marsad.extract.pipeline import Pipeline
    from marsad.ingest.readers import ReadFailure, read_paths

    pipe = Pipeline()
    t0 = time.perf_counter()
    n = events = 0
    for doc in read_paths([path]):
        if isinstance(doc, ReadFailure):
            continue
        events += len(pipe(doc).events)
        n += 1
    return {"documents": n, "events": events, "seconds": round(time.perf_counter() - t0, 2)}


def spark(path: Path, out: Path, cores: int, partitions: int | None) -> dict:
    from marsad.spark.job import run_extract, session

    t0 = time.perf_counter()
    s = session(f"local[{cores}]", f"marsad-bench-{cores}")
    startup = time.perf_counter() - t0
    try:
        stats = run_extract(str(path), str(out), spark=s, partitions=partitions or cores * 4)
    finally:
        s.stop()
    return {"documents": stats["documents"], "seconds": stats["seconds"], "startup_seconds": round(startup, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--modes", default="single,local1,local2", help="comma-separated: single, local1, local2")
    ap.add_argument("--partitions", type=int, default=None, help="extraction partitions (default 4 per core)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()

    from marsad.spark.corpus import write_jsonl

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    res: dict = {"docs": args.docs, "cpus": os.cpu_count(), "python": platform.python_version(),
                 "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "docs.jsonl", args.docs)
        print(f"corpus: {args.docs} documents from the bundled samples ({corpus.stat().st_size / 1e6:.1f} MB)")
        for mode in modes:
            if mode == "single":
                r = single(corpus)
            elif mode in ("local1", "local2"):
                r = spark(corpus, Path(tmp) / f"out-{mode}", int(mode[-1]), args.partitions)
            else:
                sys.exit(f"unknown mode {mode!r}")
            r["docs_per_s"] = round(r["documents"] / r["seconds"], 1)
            res[mode] = r
            print(f"{mode:>7}: {r['documents']} documents in {r['seconds']:.1f} s = {r['docs_per_s']:.1f} docs/s"
                  + (f" (session start-up {r['startup_seconds']:.1f} s, not counted)" if "startup_seconds" in r else ""))
    if "local1" in res and "local2" in res:
        res["speedup_1_to_2"] = round(res["local1"]["seconds"] / res["local2"]["seconds"], 2)
        print(f"speedup local[1] -> local[2]: {res['speedup_1_to_2']:.2f}x")
    if "local1" in res and "single" in res:
        res["spark_overhead_ms_per_doc"] = round(
            1000 * (res["local1"]["seconds"] - res["single"]["seconds"]) / args.docs, 2)
        print(f"Spark overhead over one process, one core: {res['spark_overhead_ms_per_doc']:.2f} ms/document")
    res["load_average_after"] = os.getloadavg()
    print(f"load average before/after: {res['load_average_before']} / {res['load_average_after']}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

"""What the first-hour changes cost: streaming memory of ``Workbench.reports`` and the price of a
DuckDB file opened per burst of requests instead of held.

1. Peak traced memory (tracemalloc) while ``Workbench.reports`` extracts a JSON Lines corpus of N
   and of 4N documents (recombined sample paragraphs, fixed seed): streamed, the peak should not
   grow with the corpus.
2. Median time to open the demo database, answer ``events(limit=50)`` and close it (what a burst of
   dashboard requests pays once), against the same query on a store held open.

    python bench/first_hour.py [--docs 50] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import marsad
from marsad.config import Settings
from marsad.store import open_store
from marsad.workbench import Workbench

SAMPLES = Path(marsad.__file__).parent / "data" / "samples"


def corpus(path: Path, n: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    samples = [json.loads(p.read_text("utf-8")) for p in sorted(SAMPLES.glob("*.json"))]
    paras = [p for s in samples for p in s["text"].split("\n\n") if p.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = "\n\n".join(rng.sample(paras, 4))
            fh.write(json.dumps({"id": f"b{i}", "text": text, "published": samples[i % len(samples)]["published"]}) + "\n")


def peak_memory(wb: Workbench, path: Path) -> tuple[float, int]:
    tracemalloc.start()
    n = sum(1 for _ in wb.reports([str(path)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wb = Workbench(Settings.load(env={}, db=str(tmp / "kb.duckdb")))
        wb.pipeline  # noqa: B018 - build once, outside the measurement
        for n in (args.docs, 4 * args.docs):
            path = tmp / f"c{n}.jsonl"
            corpus(path, n)
            mb, got = peak_memory(wb, path)
            print(f"reports over {got} documents ({path.stat().st_size / 1e6:.1f} MB): peak traced memory {mb:.1f} MB")
        db = tmp / "demo.duckdb"
        demo = Workbench(Settings.load(env={}, db=str(db)))
        demo.ingest([str(p) for p in sorted(SAMPLES.glob("*.json"))])
        demo.close()
        reopen, held = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            with open_store(str(db)) as s:
                s.events(limit=50)
            reopen.append(time.perf_counter() - t)
        with open_store(str(db)) as s:
            for _ in range(args.repeat):
                t = time.perf_counter()
                s.events(limit=50)
                held.append(time.perf_counter() - t)
        print(f"events(limit=50) on the demo database: open+query+close {statistics.median(reopen) * 1000:.0f} ms, "
              f"held open {statistics.median(held) * 1000:.0f} ms (medians of {args.repeat})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Cost per word against document length.

Builds documents of increasing length by concatenating paragraphs of the bundled sample reports
(fixed seed) and times ``Pipeline()`` on each; prints words, seconds and microseconds per word,
and the ratio of the longest document's cost per word to the shortest's. Linear extraction keeps
that ratio near 1 (the target is <= 1.5 between 2,000 and 100,000 words).

    python bench/extract_length.py                       # 2k, 10k, 30k, 100k words
    python bench/extract_length.py --words 2000 100000 --single-line
    python bench/extract_length.py --profile 100000      # cProfile of one length, top functions

``--single-line`` joins paragraphs with spaces instead of blank lines (one enormous line).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from importlib import resources
from pathlib import Path


def paragraphs() -> list[str]:
    root = Path(str(resources.files("marsad") / "data" / "samples"))
    out = []
    for p in sorted(root.glob("s*.json")):
        text = json.loads(p.read_text("utf-8"))["text"]
        out += [x.strip() for x in text.split("\n\n") if len(x.split()) > 8]
    return out


def build(words: int, seed: int, single_line: bool) -> str:
    rng = random.Random(seed)
    paras, picked, n = paragraphs(), [], 0
    while n < words:
        p = rng.choice(paras)
        picked.append(p)
        n += len(p.split())
    return (" " if single_line else "\n\n").join(picked)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, nargs="+", default=[2000, 10000, 30000, 100000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--single-line", action="store_true")
    ap.add_argument("--profile", type=int, metavar="WORDS", help="profile one length instead")
    args = ap.parse_args()

    from marsad.extract.pipeline import Pipeline

    pipe = Pipeline()
    pipe({"text": build(500, 1, False), "published": "2024-01-01"})  # warm caches
    if args.profile:
        import cProfile
        import pstats

        text = build(args.profile, args.seed, args.single_line)
        prof = cProfile.Profile()
        prof.runcall(pipe, {"text": text, "published": "2024-01-01"})
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        return
    rows = []
    for w in args.words:
        text = build(w, args.seed, args.single_line)
        n = len(text.split())
        t0 = time.perf_counter()
        rep = pipe({"text": text, "published": "2024-01-01"})
        dt = time.perf_counter() - t0
        rows.append((n, dt, 1e6 * dt / n, len(rep.events)))
        print(f"{n:>8} words  {dt:8.2f} s  {1e6 * dt / n:8.1f} us/word  {len(rep.events):>6} events", flush=True)
    ratio = rows[-1][2] / rows[0][2]
    print(f"cost per word, longest / shortest: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()

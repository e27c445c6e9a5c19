"""A synthetic corpus of any size made from the bundled sample reports, for the Spark tests and
benchmarks: document ``i`` is sample ``i mod 14`` under a new id, published 0, 12 or 24 months
after the sample's own date (by ``i // 14 mod 3``; day capped at 28), so the corpus spans some 30
publication months, as a few years of archive would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _shift_month(date: str, months: int) -> str:
    y, m, d = int(date[:4]), int(date[5:7]), min(int(date[8:10]), 28)
    m0 = (y * 12 + m - 1) + months
    return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}-{d:02d}"


def sample_documents(n: int) -> Iterator[dict]:
    """``n`` document objects (``id``, ``title``, ``published``, ``source``, ``text``)."""
    samples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("s*.json"))]
    for i in range(n):
        s = samples[i % len(samples)]
        yield {"id": f"{s['id']}-{i:06d}", "title": s.get("title"), "source": s.get("source"),
               "published": _shift_month(s["published"], 12 * (i // len(samples) % 3)), "text": s["text"]}


def write_jsonl(path: str | Path, n: int) -> Path:
    """Write ``n`` sample documents to ``path`` as JSON Lines, in (published, id) order."""
    docs = sorted(sample_documents(n), key=lambda d: (d["published"], d["id"]))
    path = Path(path)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path

"""What reading as a clearance costs: event pages, counts and stats for no clearance (the local
server, RED) against GREEN, on a synthetic store of N events with one source each, a share of
them marked AMBER, and some events fused from a GREEN and an AMBER source (mixed). The rows are
bulk-loaded (``insert_frame``), which sets the events' stored marking spans as fusion would.

    python bench/markings.py [--events 50000] [--mixed 200] [--db :memory: | postgresql:///x]

Prints the median of five runs of each read, in milliseconds, and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

import pandas as pd

from marsad.store import open_store
from marsad.store.columns import EVENT_TABLE_COLUMNS


def build(store, n: int, mixed: int) -> None:
    day0 = date(2023, 1, 1)
    docs, events, sources = [], [], []
    for i in range(n):
        d = day0 + timedelta(days=i % 700)
        tlp = "AMBER" if i % 3 == 0 else "GREEN"
        docs.append({"id": f"d{i}", "sha256": f"h{i}", "revision": 1, "text": "x", "tlp": tlp,
                     "ingested_at": pd.Timestamp("2024-01-01"), "reliability": "C"})
        ev = {c: None for c in EVENT_TABLE_COLUMNS}
        ev.update(id=f"e{i}", type="ASSAULT", date=d.isoformat(), day_lo=d, day_hi=d, admin1=f"G{i % 18}",
                  country="IQ", status="draft", credibility=6, corroboration=1, fatalities=i % 5,
                  source_actor_id=f"a{i % 50}", target_actor_id=f"a{(i + 7) % 50}")
        events.append(ev)
        sources.append({"doc_id": f"d{i}", "ordinal": 0, "event_id": f"e{i}", "type": "ASSAULT",
                        "date": d.isoformat(), "evidence_start": 0, "evidence_end": 1, "evidence_text": "x",
                        "as_of": d.isoformat(), "admin1": f"G{i % 18}", "country": "IQ", "fatalities": i % 5})
    for j in range(mixed):  # a second, AMBER source on GREEN events
        i = 3 * j + 1
        docs.append({"id": f"m{j}", "sha256": f"m{j}", "revision": 1, "text": "x", "tlp": "AMBER",
                     "ingested_at": pd.Timestamp("2024-01-01"), "reliability": "A"})
        sources.append({**sources[i], "doc_id": f"m{j}", "fatalities": 9})
        events[i]["corroboration"] = 2
    store.insert_frame("documents", pd.DataFrame(docs))
    store.insert_frame("events", pd.DataFrame(events))
    store.insert_frame("event_sources", pd.DataFrame(sources))


def timed(fn) -> float:
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--mixed", type=int, default=200)
    ap.add_argument("--db", default=":memory:")
    a = ap.parse_args()
    with open_store(a.db) as store:
        build(store, a.events, a.mixed)
        green = store.cleared("GREEN")
        print(f"{a.events} events, {a.mixed} mixed, {store.dialect}")
        print(f"{'read':<16}{'all (ms)':>10}{'GREEN (ms)':>12}{'ratio':>8}")
        for name, call in (("events page", lambda s: s.events(limit=100)), ("count", lambda s: s.count_events()),
                           ("stats", lambda s: s.stats()), ("counts by actor", lambda s: s.counts(by="actor"))):
            full, low = timed(lambda c=call: c(store)), timed(lambda c=call: c(green))
            print(f"{name:<16}{full:>10.1f}{low:>12.1f}{low / full:>8.1f}")


if __name__ == "__main__":
    main()

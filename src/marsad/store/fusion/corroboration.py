"""Corroboration that means something: how many *independent* sources report an event, which one
reported it first, and how long after it each of the others did.

Two sources are not independent when they come from the same outlet (one outlet's updates) or when
their evidence sentences are near-duplicates (``NEAR_DUPLICATE`` token-sort similarity: reprinted
wire copy). Sources form clusters under those two links; the number of clusters is the number of
independent sources. Work is linear in the sources for exact repeats (grouped by normalised text
first) and compares each distinct sentence only with one representative per cluster.
"""

from __future__ import annotations

from datetime import date

from rapidfuzz import fuzz

from marsad.text import name_key

NEAR_DUPLICATE = 0.9


def _norm(text: str | None) -> str:
    return " ".join(name_key(text or "").split())


def independent_clusters(sources: list[dict]) -> list[list[str]]:
    """Document ids grouped into clusters of non-independent sources (each list sorted; the
    clusters ordered by their first document). A source row needs ``doc_id``, ``evidence_text`` and
    optionally ``outlet`` (the document's ``source``)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_outlet: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for s in sorted(sources, key=lambda s: s["doc_id"]):
        d = s["doc_id"]
        parent.setdefault(d, d)
        outlet = (s.get("outlet") or "").strip().lower()
        if outlet:
            union(d, by_outlet.setdefault(outlet, d))
        t = _norm(s.get("evidence_text"))
        if t:
            union(d, by_text.setdefault(t, d))
    reps: list[tuple[str, str]] = []  # (text, doc) one per distinct text, compared pairwise once
    for t, d in by_text.items():
        for rt, rd in reps:
            if find(rd) == find(d):
                continue
            if fuzz.token_sort_ratio(t, rt) >= NEAR_DUPLICATE * 100:
                union(d, rd)
        reps.append((t, d))
    groups: dict[str, list[str]] = {}
    for d in parent:
        groups.setdefault(find(d), []).append(d)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def independent_count(sources: list[dict]) -> int:
    return len(independent_clusters(sources))


def report_lags(sources: list[dict]) -> list[dict]:
    """Each document with its publication date (``as_of``) and its lag in days after the first
    report, earliest first; undated documents come last with ``lag_days`` None."""
    firsts: dict[str, str | None] = {}
    for s in sources:
        a = s.get("as_of")
        cur = firsts.get(s["doc_id"], "")
        if s["doc_id"] not in firsts or (a and (cur is None or a < cur)):
            firsts[s["doc_id"]] = a
    dated = sorted((a, d) for d, a in firsts.items() if a)
    first = date.fromisoformat(_day(dated[0][0])) if dated else None
    out = [{"doc_id": d, "as_of": a, "lag_days": (date.fromisoformat(_day(a)) - first).days, "first": i == 0}
           for i, (a, d) in enumerate(dated)]
    out += [{"doc_id": d, "as_of": None, "lag_days": None, "first": False}
            for d in sorted(d for d, a in firsts.items() if not a)]
    return out


def _day(d: str) -> str:
    return (d[:10] + "-01-01"[len(d[:10]) - 4:]) if len(d) < 10 else d[:10]

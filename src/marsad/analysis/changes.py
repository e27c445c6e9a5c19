"""Early warning: areas, target sites and actors whose recent count rose (or fell) by more than a
set share against their own baseline, with a significance test so that 1 -> 2 is not a surge;
actors and target sites first seen recently; a weekly digest in Markdown.

Test: given ``n = recent + baseline`` events of one group, under "no change" the recent count is
Binomial(n, R / (R + B)) where R and B are the window lengths (a conditional Poisson test that needs
no rate estimate). A group is flagged when its rate changed by at least ``threshold`` (default
25%) and the one-sided p-value is below ``alpha`` (default 0.05)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from marsad.analysis.data import attack_events, group_column
from marsad.errors import StoreError
from marsad.store.filters import EventFilter, day_range

DIMENSIONS = ("admin1", "place", "actor")


@dataclass
class Changes:
    as_of: str
    recent_days: int
    baseline_days: int
    flags: pd.DataFrame       # dimension, key, recent, baseline, expected, change, pvalue, direction, event_ids
    emerging: pd.DataFrame    # dimension (actor/place), key, first_seen, recent, event_ids
    threshold: float = 0.25
    alpha: float = 0.05

    def to_dict(self) -> dict:
        import json

        return {"as_of": self.as_of, "recent_days": self.recent_days, "baseline_days": self.baseline_days,
                "flags": json.loads(self.flags.to_json(orient="records")),
                "emerging": json.loads(self.emerging.to_json(orient="records"))}


def change_test(recent: int, baseline: int, recent_days: float, baseline_days: float) -> tuple[float, float, float]:
    """(expected recent count, relative change, one-sided p-value in the direction of the change)."""
    expected = baseline * recent_days / baseline_days
    n, p0 = recent + baseline, recent_days / (recent_days + baseline_days)
    if n == 0:
        return 0.0, 0.0, 1.0
    change = (recent / expected - 1.0) if expected > 0 else float("inf")
    if recent >= expected:
        p = float(stats.binom.sf(recent - 1, n, p0))
    else:
        p = float(stats.binom.cdf(recent, n, p0))
    return expected, change, p


def changes_of(ev: pd.DataFrame, *, as_of: str | None = None, recent_days: int = 28, baseline_days: int = 84,
               threshold: float = 0.25, alpha: float = 0.05, dimensions=DIMENSIONS) -> Changes:
    """Flags for every group of every dimension in ``ev`` as of ``as_of`` (default: the last event)."""
    if recent_days < 1 or baseline_days < 1:
        raise StoreError("recent_days and baseline_days must be at least 1")
    if ev.empty:
        raise StoreError("no events match: nothing to compare")
    end = pd.Timestamp(day_range(as_of)[1]) if as_of else ev["day"].max()
    r0 = end - pd.Timedelta(days=recent_days - 1)
    b0 = r0 - pd.Timedelta(days=baseline_days)
    ev = ev[ev["day"] <= end]
    recent_mask = ev["day"] >= r0
    base_mask = (ev["day"] >= b0) & ~recent_mask
    flags, emerging = [], []
    for dim in dimensions:
        col = group_column(dim)
        keys = ev[col].fillna("(unknown)").astype(str)
        for key in sorted(set(keys[recent_mask | base_mask])):
            mine = keys == key
            r, b = int((mine & recent_mask).sum()), int((mine & base_mask).sum())
            expected, change, p = change_test(r, b, recent_days, baseline_days)
            if abs(change) >= threshold and p < alpha:
                ids = list(ev.loc[mine & recent_mask, "id"])
                flags.append({"dimension": dim, "key": key, "recent": r, "baseline": b,
                              "expected": round(expected, 2), "change": round(change, 3) if np.isfinite(change) else None,
                              "pvalue": round(p, 5), "direction": "rise" if r > expected else "fall", "event_ids": ids})
            if dim in ("actor", "place") and key != "(unknown)":
                first = ev.loc[mine, "day"].min()
                if first >= r0:
                    emerging.append({"dimension": dim, "key": key, "first_seen": first.strftime("%Y-%m-%d"),
                                     "recent": r, "event_ids": list(ev.loc[mine & recent_mask, "id"])})
    fcols = ["dimension", "key", "recent", "baseline", "expected", "change", "pvalue", "direction", "event_ids"]
    ecols = ["dimension", "key", "first_seen", "recent", "event_ids"]
    return Changes(end.strftime("%Y-%m-%d"), recent_days, baseline_days, pd.DataFrame(flags, columns=fcols),
                   pd.DataFrame(emerging, columns=ecols), threshold, alpha)


def changes(store, f: EventFilter | None = None, **kw) -> Changes:
    """Early-warning flags over the attacks in ``store`` (see :func:`attack_events`)."""
    return changes_of(attack_events(store, f), **kw)


def _evidence(store, event_id: str) -> str:
    ev = store.event(event_id)
    src = (ev.get("sources") or [{}])[0]
    text = (src.get("evidence") or {}).get("text") or ""
    url = src.get("url")
    link = f" ([source]({url}))" if url else ""
    return f"- {ev.get('date')} · {ev.get('place_name') or ''} · `{event_id}`: {text}{link}"


def digest(store, ch: Changes, max_events: int = 5) -> str:
    """A Markdown digest of the flags, each with up to ``max_events`` events and their evidence."""
    lines = [f"# Early-warning digest, as of {ch.as_of}", "",
             f"Last {ch.recent_days} days against the {ch.baseline_days} days before; a change is flagged at "
             f"{ch.threshold:.0%} or more with a one-sided binomial p-value under {ch.alpha}.", ""]
    for title, rows in (("Rises", ch.flags[ch.flags["direction"] == "rise"]),
                        ("Falls", ch.flags[ch.flags["direction"] == "fall"])):
        lines += [f"## {title}", ""]
        if rows.empty:
            lines += ["None.", ""]
        for _, r in rows.iterrows():
            lines.append(f"### {r['dimension']}: {r['key']} — {r['recent']} vs {r['expected']} expected "
                         f"(p = {r['pvalue']})")
            lines += [_evidence(store, i) for i in r["event_ids"][:max_events]] + [""]
    lines += ["## First seen recently", ""]
    if ch.emerging.empty:
        lines += ["None.", ""]
    for _, r in ch.emerging.iterrows():
        lines.append(f"### {r['dimension']}: {r['key']} (first seen {r['first_seen']}, {r['recent']} events)")
        lines += [_evidence(store, i) for i in r["event_ids"][:max_events]] + [""]
    return "\n".join(lines)

"""Tempo of violence: counts per day, week or month (overall and by type, mode, actor, target,
admin1, country or place), rolling rates, inter-event times, and the counted rows set against
published running totals (count claims) with the gap per as-of date.

``tempo(store, ...)`` reads the events; ``tempo_of(events, published)`` does the arithmetic on
frames (what the tests and other analyses call)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from marsad.analysis.data import (
    attack_events,
    check_period,
    group_column,
    period_index,
    period_start,
    published_totals,
    totals_subject,
)
from marsad.errors import StoreError
from marsad.store.filters import EventFilter, day_range


@dataclass
class Tempo:
    """Counts per period. ``series``: period, group, n (long form; group ``all`` when ungrouped).
    ``totals``: period, n, rolling (mean over ``window`` periods), per_day. ``gaps``: inter-event
    time summary in days. ``published``: as_of, published, counted, gap, share, doc_id, evidence.
    ``event_ids``: the events counted, oldest first."""

    by: str
    group: str | None
    window: int
    series: pd.DataFrame
    totals: pd.DataFrame
    gaps: dict
    published: pd.DataFrame
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        def rows(df: pd.DataFrame) -> list[dict]:
            out = df.copy()
            for c in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[c]):
                    out[c] = out[c].dt.strftime("%Y-%m-%d")
            return json.loads(out.to_json(orient="records"))

        return {"by": self.by, "group": self.group, "window": self.window, "series": rows(self.series),
                "totals": rows(self.totals), "gaps": self.gaps, "published": rows(self.published),
                "events": len(self.event_ids)}

    def table(self) -> pd.DataFrame:
        """One row per period, one column per group plus total and rolling mean (for printing)."""
        wide = self.series.pivot_table(index="period", columns="group", values="n", aggfunc="sum", fill_value=0)
        wide.columns = [str(c) for c in wide.columns]
        t = self.totals.set_index("period")
        if self.group:
            wide["total"] = t["n"]
        wide["rolling"] = t["rolling"].round(2)
        wide = wide.reset_index()
        wide["period"] = wide["period"].dt.strftime("%Y-%m-%d")
        return wide


def inter_event_gaps(days: pd.Series) -> dict:
    """Summary of the days between consecutive events (same-day events give 0)."""
    d = np.diff(np.sort(days.to_numpy(dtype="datetime64[D]")).astype("int64"))
    if len(d) == 0:
        return {"n": 0}
    mean = float(d.mean())
    return {"n": int(len(d)), "mean_days": round(mean, 3), "median_days": float(np.median(d)),
            "max_days": int(d.max()), "share_same_day": round(float((d == 0).mean()), 3),
            "cv": round(float(d.std() / mean), 3) if mean > 0 else None}


def compare_published(ev: pd.DataFrame, published: pd.DataFrame, slack_days: int = 3) -> pd.DataFrame:
    """Counted rows up to each as-of date next to the published cumulative total that counts from
    (about) the first event; ``gap`` = published - counted, ``share`` = counted / published."""
    cols = ["as_of", "published", "counted", "gap", "share", "doc_id", "evidence"]
    if published.empty or ev.empty:
        return pd.DataFrame(columns=cols)
    first = ev["day"].min()
    starts = pd.to_datetime(published["period_start"], errors="coerce")
    pub = published[(starts - first).abs() <= pd.Timedelta(days=slack_days)]
    days = np.sort(ev["day"].to_numpy())
    counted = np.searchsorted(days, pub["as_of"].to_numpy(), side="right")
    out = pd.DataFrame({"as_of": pub["as_of"].to_numpy(), "published": pub["value"].to_numpy(),
                        "counted": counted, "doc_id": pub["doc_id"].to_numpy(),
                        "evidence": pub["evidence"].to_numpy()})
    out["gap"] = out["published"] - out["counted"]
    out["share"] = (out["counted"] / out["published"]).round(3)
    return out[cols]


def tempo_of(ev: pd.DataFrame, published: pd.DataFrame | None = None, *, by: str = "week",
             group: str | None = None, window: int = 4, start: str | None = None,
             end: str | None = None) -> Tempo:
    """Tempo of the events in ``ev`` (a frame from :func:`marsad.analysis.data.attack_events`)."""
    check_period(by)
    if window < 1:
        raise StoreError(f"window={window} must be at least 1")
    col = group_column(group) if group else None
    if ev.empty:
        raise StoreError("no events match: nothing to count (import some first, e.g. marsad import attacks-csv)")
    lo = pd.Timestamp(day_range(start)[0]) if start else ev["day"].min()
    hi = pd.Timestamp(day_range(end)[1]) if end else ev["day"].max()
    ev = ev[(ev["day"] >= lo) & (ev["day"] <= hi)]
    idx = period_index(lo, hi, by)
    per = period_start(ev["day"], by)
    keys = ev[col].fillna("(unknown)").astype(str) if col else pd.Series("all", index=ev.index)
    counts = pd.DataFrame({"period": per, "group": keys}).value_counts().rename("n").reset_index()
    groups = sorted(counts["group"].unique()) if len(counts) else ["all"]
    full = pd.MultiIndex.from_product([idx, groups], names=["period", "group"])
    series = counts.set_index(["period", "group"])["n"].reindex(full, fill_value=0).reset_index()
    tot = series.groupby("period")["n"].sum().reindex(idx, fill_value=0)
    length = pd.Series([_period_days(p, by, lo, hi) for p in idx], index=idx)
    totals = pd.DataFrame({"period": idx, "n": tot.to_numpy(),
                           "rolling": tot.rolling(window, min_periods=1).mean().to_numpy(),
                           "per_day": (tot / length).round(3).to_numpy()})
    pub = compare_published(ev, published if published is not None else pd.DataFrame())
    return Tempo(by=by, group=group, window=window, series=series, totals=totals,
                 gaps=inter_event_gaps(ev["day"]), published=pub, event_ids=list(ev["id"]))


def _period_days(p: pd.Timestamp, by: str, lo: pd.Timestamp, hi: pd.Timestamp) -> int:
    """Days of period ``p`` inside [lo, hi] (the first and last period may be partial)."""
    end = p + {"day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7), "month": pd.offsets.MonthBegin(1)}[by]
    a, b = max(p, lo.normalize()), min(end - pd.Timedelta(days=1), hi.normalize())
    return max(1, (b - a).days + 1)


def tempo(store, f: EventFilter | None = None, *, by: str = "week", group: str | None = None,
          window: int = 4, target: str | None = "us-forces", certainty: tuple[str, ...] | None = ("asserted",),
          ) -> Tempo:
    """Tempo of the attacks in ``store`` (see :func:`marsad.analysis.data.attack_events` for the
    selection) with the published totals stored as claims."""
    ev = attack_events(store, f, target=target, certainty=certainty)
    pub = published_totals(store, subject=totals_subject(f.country if f else None))
    return tempo_of(ev, pub, by=by, group=group, window=window,
                    start=f.start if f else None, end=f.end if f else None)


def plot_tempo(t: Tempo, path: str, title: str = "Attacks per period") -> str:
    """Counts per period (stacked by group) above counted vs published cumulative totals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    wide = t.series.pivot_table(index="period", columns="group", values="n", aggfunc="sum", fill_value=0)
    width = {"day": 0.8, "week": 5.5, "month": 25}[t.by]
    bottom = np.zeros(len(wide))
    for g in wide.columns:
        ax.bar(wide.index, wide[g], width=width, bottom=bottom, label=str(g), align="edge")
        bottom += wide[g].to_numpy()
    ax.plot(t.totals["period"], t.totals["rolling"], color="black", lw=1.5, label=f"{t.window}-{t.by} mean")
    ax.set_ylabel(f"events per {t.by}")
    ax.set_title(title)
    ax.legend(fontsize=7, ncol=3)
    cum = t.totals.set_index("period")["n"].cumsum()
    ax2.step(cum.index, cum.to_numpy(), where="post", label="counted rows (cumulative)")
    if not t.published.empty:
        ax2.scatter(t.published["as_of"], t.published["published"], color="crimson", s=18, zorder=3,
                    label="published running total")
    ax2.set_ylabel("cumulative")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

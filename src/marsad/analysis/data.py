"""Event selections the violence analyses share: attacks on a target, interventions by an actor,
and published running totals (count claims), each as a pandas DataFrame read from a store."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from marsad.errors import StoreError
from marsad.store.filters import EventFilter

PERIODS = ("day", "week", "month")
GROUPS = ("type", "mode", "subtype", "actor", "admin1", "country", "target", "place")
_GROUP_COL = {"actor": "source_actor_name", "target": "target_actor_name", "place": "place_label"}
# Running totals from U.S. officials (Pentagon briefings, officials quoted by wires), matched
# against the counting body (the part of a count claim's subject in parentheses).
OFFICIAL = r"\b(?:DoD|US)\b|U\.S\.|tally cited"
# The subject words of the count claims for one country (see marsad.interop.attacks_csv).
COUNTRY_SUBJECT = {"IQ": "in Iraq (", "SY": "in Syria (", "JO": "in Jordan ("}


def totals_subject(country) -> str:
    """Which published totals fit a country filter: that country's, else the all-country ones."""
    c = country if isinstance(country, str) else (country[0] if country and len(country) == 1 else None)
    return COUNTRY_SUBJECT.get((c or "").upper(), "Iraq, Syria and Jordan")


def all_events(store, f: EventFilter | None = None, page: int = 20_000) -> pd.DataFrame:
    """Every event matching ``f`` (all pages), oldest first, with a ``day`` (Timestamp) column."""
    frames, cursor = [], None
    while True:
        df = store.events(f, limit=page, cursor=cursor)
        frames.append(df)
        cursor = df.attrs.get("cursor")
        if not cursor:
            break
    ev = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if ev.empty:
        return ev.assign(day=pd.Series(dtype="datetime64[ns]"))
    ev = ev[ev["date"].notna()].copy()
    ev["day"] = pd.to_datetime(ev["date"].str[:10].where(ev["date"].str.len() >= 10, ev["date"].str[:7] + "-01"))
    ev["place_label"] = place_labels(ev)
    return ev.sort_values(["day", "id"]).reset_index(drop=True)


def place_labels(ev: pd.DataFrame) -> pd.Series:
    """One name per place: events carry the place as each report spells it ("Sulaimani",
    "Sulaymaniyah"); a place with an id is labelled by its most frequent spelling (ties: the
    first in sort order), so grouping by place counts one place once."""
    names = ev["place_name"]
    if "place_id" not in ev or names.isna().all():
        return names
    known = ev[ev["place_id"].notna() & names.notna()]
    if known.empty:
        return names
    counts = known.groupby(["place_id", "place_name"]).size().reset_index(name="n")
    counts = counts.sort_values(["place_id", "n", "place_name"], ascending=[True, False, True])
    label = counts.drop_duplicates("place_id").set_index("place_id")["place_name"]
    return ev["place_id"].map(label).fillna(names)


def attack_events(store, f: EventFilter | None = None, *, target: str | None = "us-forces",
                  exclude_source: str | None = "us-forces", certainty: tuple[str, ...] | None = ("asserted",),
                  ) -> pd.DataFrame:
    """Events on ``target`` (None: any), not by ``exclude_source``, whose certainty is in
    ``certainty`` (None: any). The default keeps attacks on U.S. forces stated as fact, leaving out
    the U.S. strikes and reports marked unconfirmed."""
    ev = all_events(store, f)
    if ev.empty:
        return ev
    if target:
        ev = ev[ev["target_actor_id"] == target]
    if exclude_source:
        ev = ev[ev["source_actor_id"].fillna("") != exclude_source]
    if certainty:
        ev = ev[ev["certainty"].isin(certainty)]
    return ev.reset_index(drop=True)


def intervention_events(store, f: EventFilter | None = None, *, actor: str = "us-forces",
                        text: str | None = None) -> pd.DataFrame:
    """Events by ``actor`` (by default U.S. forces: the strike waves), optionally only those whose
    evidence contains ``text``."""
    f = f or EventFilter()
    if text:
        f = EventFilter(**{**f.__dict__, "text": text})
    ev = all_events(store, f)
    if ev.empty:
        return ev
    return ev[ev["source_actor_id"] == actor].reset_index(drop=True)


def published_totals(store, pattern: str = OFFICIAL, subject: str = "Iraq, Syria and Jordan") -> pd.DataFrame:
    """Cumulative published counts stored as claims (unit ``attacks``): as_of, value, period_start,
    subject, doc_id, evidence. Only claims whose subject contains ``subject``, whose counting body
    (the subject's text after the first " (") matches the regular expression ``pattern``, and that
    count from a start date are kept."""
    frames, cursor = [], None
    while True:
        df = store.claims({"unit": "attacks"}, limit=5000, cursor=cursor)
        frames.append(df)
        cursor = df.attrs.get("cursor")
        if not cursor:
            break
    cl = pd.concat(frames, ignore_index=True)
    if cl.empty:
        return pd.DataFrame(columns=["as_of", "value", "period_start", "subject", "doc_id", "evidence"])
    keep = cl["subject"].fillna("").str.contains(subject, regex=False)
    body = cl["subject"].fillna("").str.split(" (", n=1, regex=False).str[1].fillna("")
    keep &= body.str.contains(pattern, flags=re.IGNORECASE, regex=True)
    keep &= cl["period_start"].notna() & cl["period_end"].notna()
    cl = cl[keep]
    out = pd.DataFrame({
        "as_of": pd.to_datetime(cl["period_end"]), "value": cl["value"].astype(float),
        "period_start": cl["period_start"], "subject": cl["subject"], "doc_id": cl["doc_id"],
        "evidence": cl["evidence_text"],
    })
    return out.sort_values(["as_of", "value"]).reset_index(drop=True)


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise StoreError(f"by={by!r} is not one of: {', '.join(PERIODS)}")
    return by


def period_start(days: pd.Series, by: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday)."""
    check_period(by)
    if by == "day":
        return days.dt.normalize()
    if by == "week":
        return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.normalize()
    return days.dt.to_period("M").dt.start_time


def period_index(start: pd.Timestamp, end: pd.Timestamp, by: str) -> pd.DatetimeIndex:
    freq = {"day": "D", "week": "W-MON", "month": "MS"}[check_period(by)]
    first = period_start(pd.Series([start]), by).iloc[0]
    return pd.date_range(first, end, freq=freq)


def event_times(ev: pd.DataFrame, origin: pd.Timestamp | None = None, seed: int = 0) -> tuple[np.ndarray, pd.Timestamp]:
    """Event times in days since ``origin`` (default: the first event's day). The data give days
    only, so each event gets a uniform random time inside its day (seeded, hence reproducible):
    evenly spaced or midday times would fake regular gaps and bias the time-rescaling test."""
    if ev.empty:
        return np.zeros(0), origin or pd.Timestamp("1970-01-01")
    origin = origin if origin is not None else ev["day"].min()
    d = ((ev["day"] - origin).dt.days).to_numpy(dtype=float)
    return d + np.random.default_rng(seed).uniform(0.0, 1.0, len(d)), origin


def group_column(group: str) -> str:
    if group not in GROUPS:
        raise StoreError(f"group={group!r} is not one of: {', '.join(GROUPS)}")
    return _GROUP_COL.get(group, group)

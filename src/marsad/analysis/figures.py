"""Conflicting figures: every source's value for one quantity, side by side, never averaged.

A *quantity* is a subject over a period in a unit ("attacks on U.S. forces since October 2023",
"seats of Sadiqoun in the 2025 parliament"). Claims are grouped by the store's claim group when
fusion made one (it matches subjects such as "U.S. forces" / "American forces"), and otherwise by
their normalised subject, unit and period together — two claims with the same unit but different
subjects or periods are different quantities and stay apart.

Sources of figures: claims extracted from documents (:func:`store_claims`) and the knowledge
pack's election tables, where a list's seats in the official table and any other reported counts
are each a figure with its source (:func:`pack_seat_figures`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from marsad.errors import MarsadError

FIGURE_COLUMNS = [
    "quantity", "subject", "unit", "period_start", "period_end", "value", "as_of", "source",
    "doc_id", "evidence", "reliability", "origin",
]  # fmt: skip

_SYNONYMS = [
    (r"\bamerican\b", "u.s."),
    (r"\bus\b", "u.s."),
    (r"\bunited states\b", "u.s."),
    (r"\btroops\b", "forces"),
    (r"\bsoldiers\b", "forces"),
    (r"^(the|a|an)\s+", ""),
]


class FiguresError(MarsadError):
    code = "E540"


def subject_key(subject: str | None) -> str:
    """A subject compared loosely: lower case, one spelling for the U.S., plain spaces."""
    s = " ".join(str(subject or "").lower().replace("’", "'").split())
    for pat, rep in _SYNONYMS:
        s = re.sub(pat, rep, s)
    return s.strip(" .,;")


def _clean(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def store_claims(store, subject: str | None = None, limit: int = 100_000) -> pd.DataFrame:
    """The store's claims as figures (rejected ones left out)."""
    spec = {"text": subject} if subject else None
    df = store.claims(spec, limit=limit)
    rows = []
    for r in df.to_dict("records"):
        if r.get("status") == "rejected":
            continue
        key = r.get("group_id") or "|".join(
            [subject_key(r.get("subject")), str(r.get("unit") or "").lower(),
             str(_clean(r.get("period_start")) or ""), str(_clean(r.get("period_end")) or "")]
        )  # fmt: skip
        rows.append(
            {"quantity": key, "subject": r.get("subject"), "unit": r.get("unit"),
             "period_start": _clean(r.get("period_start")), "period_end": _clean(r.get("period_end")),
             "value": r["value"], "as_of": r.get("as_of"), "source": r.get("doc_id"),
             "doc_id": r.get("doc_id"), "evidence": r.get("evidence_text"),
             "reliability": _clean(r.get("reliability")), "origin": "document"}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def pack_seat_figures(
    pack, election: str | None = None, subject: str | None = None
) -> pd.DataFrame:
    """Seats of each list in the pack's elections that record other counts: the official table's
    figure and every other reported figure, each with its source."""
    rows = []
    for e in pack.elections.get("elections", []):
        if election and e["id"] != election:
            continue
        for r in e.get("results") or []:
            others = r.get("other_figures") or []
            if not others:
                continue
            subj = f"seats of {r['list']} in {e['name']}"
            if subject and subject_key(subject) not in subject_key(subj):
                continue
            base = {"quantity": f"{e['id']}|{r['list']}", "subject": subj, "unit": "seats",
                    "period_start": e.get("date"), "period_end": e.get("date"), "doc_id": None,
                    "evidence": None, "reliability": None, "origin": "pack"}  # fmt: skip
            rows.append(base | {"value": r["seats"], "as_of": e.get("date"),
                                "source": r.get("source") or e.get("source")})  # fmt: skip
            for o in others:
                rows.append(base | {"value": o["seats"], "as_of": o.get("date"),
                                    "source": o["source"], "evidence": o.get("note")})  # fmt: skip
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def compare(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per quantity: subject, unit, period, how many figures and sources, the lowest and
    highest value, ``disagree``, ``spread`` (highest / lowest) and ``figures`` (each source's
    value with its date and evidence); disagreeing quantities first."""
    cols = ["quantity", "subject", "unit", "period_start", "period_end", "figures_count",
            "sources", "min_value", "max_value", "disagree", "spread", "figures"]  # fmt: skip
    out = []
    for key, g in figures.groupby("quantity", sort=False):
        vals = [float(v) for v in g["value"]]
        lo, hi = min(vals), max(vals)
        first = g.iloc[0]
        out.append(
            {"quantity": key, "subject": first["subject"], "unit": first["unit"],
             "period_start": first["period_start"], "period_end": first["period_end"],
             "figures_count": len(g), "sources": g["source"].nunique(), "min_value": lo,
             "max_value": hi, "disagree": len(set(vals)) > 1,
             "spread": (hi / lo) if lo else None,
             "figures": [{k: _clean(v) for k, v in f.items() if k != "quantity"}
                         for f in g.sort_values("as_of", na_position="last").to_dict("records")]}
        )  # fmt: skip
    df = pd.DataFrame(out, columns=cols)
    if df.empty:
        return df
    return df.sort_values(
        ["disagree", "figures_count", "quantity"], ascending=[False, False, True], ignore_index=True
    )


def compare_claims(
    store=None, pack=None, subject: str | None = None, election: str | None = None
) -> pd.DataFrame:
    """Figures from the store (when given) and the pack (when given), compared per quantity."""
    if store is None and pack is None:
        raise FiguresError("nothing to compare: give a store, a pack or both")
    parts = []
    if store is not None:
        parts.append(store_claims(store, subject))
    if pack is not None:
        parts.append(pack_seat_figures(pack, election, subject))
    parts = [p for p in parts if len(p)]
    figures = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FIGURE_COLUMNS)
    return compare(figures)

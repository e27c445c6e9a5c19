"""Quantitative claims and the groups of claims about the same quantity."""

from __future__ import annotations

from typing import Any

import pandas as pd

from marsad.errors import StoreError
from marsad.store.columns import FAR_PAST, GROUP_COLUMNS
from marsad.store.filters import as_list, check_choice, check_limit, day_range, parse_date
from marsad.store.queries.common import LIKE, clean, contains


class ClaimQueries:
    """Reads of ``claims`` and ``claim_groups``."""

    def claims(self, f: Any = None, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Claims, newest first. ``f`` may be an EventFilter or a dict with ``start``, ``end``
        (over the claim's period, else its publication date), ``unit``, ``text``, ``status``,
        ``actor`` (claims in documents that mention it), ``group``, ``doc_id``. Each row has the source's ``as_of`` date and reliability."""
        limit = check_limit(limit)
        spec = dict(f) if isinstance(f, dict) else ({} if f is None else {
            "start": getattr(f, "start", None), "end": getattr(f, "end", None),
            "status": getattr(f, "status", None), "text": getattr(f, "text", None),
            "actor": getattr(f, "actor", None)})
        unknown = set(spec) - {"start", "end", "unit", "text", "status", "group", "doc_id", "q", "actor"}
        if unknown:
            raise StoreError(f"unknown claim filter(s): {', '.join(sorted(unknown))}")
        start, end = parse_date(spec.get("start"), "start"), parse_date(spec.get("end"), "end")
        if start and end and day_range(start)[0] > day_range(end)[1]:
            raise StoreError(f"start={start} is after end={end}")
        conds, params = [], []
        statuses = check_choice(as_list(spec.get("status")), ("draft", "confirmed", "rejected", "edited"), "status")
        self._where_in("c.status", statuses, conds, params)
        if start:
            conds.append("c.day_hi >= ?")
            params.append(day_range(start)[0])
        if end:
            conds.append("c.day_lo <= ?")
            params.append(day_range(end)[1])
        if spec.get("unit"):
            conds.append("lower(c.unit) = ?")
            params.append(str(spec["unit"]).lower())
        text = spec.get("text") or spec.get("q")
        if text:
            conds.append(f"(lower(c.subject) {LIKE} OR lower(c.evidence_text) {LIKE})")
            params += [contains(str(text).lower())] * 2
        if spec.get("actor"):
            conds.append("c.doc_id IN (SELECT doc_id FROM mentions WHERE kind = 'actor' AND ref_id = ?)")
            params.append(spec["actor"])
        for key, col in (("group", "c.group_id"), ("doc_id", "c.doc_id")):
            if spec.get(key):
                conds.append(f"{col} = ?")
                params.append(spec[key])
        if self._clearance is not None:
            conds.append(self._tlp_ok("d.tlp"))
        key = f"COALESCE(c.day_lo, DATE '{FAR_PAST.isoformat()}')"
        where = " AND ".join(conds) or "TRUE"
        where += self._keyset(key, cursor, "claims c", params, id_col="c.id")
        sql = (
            "SELECT c.id, c.doc_id, c.value, c.unit, c.approximate, c.qualifier, c.value_text, c.subject, "
            "c.period_start, c.period_end, c.as_of, c.group_id, c.status, c.credibility, d.reliability, "
            f"{'d.tlp, ' if self._marked() else ''}"
            f"c.evidence_start, c.evidence_end, c.evidence_text, {key} AS _k FROM claims c "
            f"JOIN documents d ON d.id = c.doc_id WHERE {where}"
        )
        return self._paged(sql, params, key, limit, id_col="c.id", listing="claims")

    def claim_groups(self, min_claims: int = 1) -> pd.DataFrame:
        """Claims about the same quantity: id, unit, subject, period_start, period_end, claims,
        documents, min_value, max_value, disagree (bool) and ``values`` (each source's value with its
        as-of date and reliability), largest groups first."""
        groups = self._dicts(f"SELECT {', '.join(GROUP_COLUMNS)} FROM claim_groups")
        members: dict[str, list[dict]] = {}
        for r in self._dicts(
            "SELECT c.id, c.group_id, c.doc_id, c.value, c.as_of, c.status, d.reliability FROM claims c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.group_id IS NOT NULL AND c.status <> 'rejected' "
            f"AND {self._tlp_ok('d.tlp')} ORDER BY c.as_of, c.id"):
            members.setdefault(r["group_id"], []).append({k: clean(v) for k, v in r.items() if k != "group_id"})
        out = []
        for g in groups:
            ms = members.get(g["id"], [])
            if len(ms) < min_claims or (not ms and self._clearance is not None):
                continue
            vals = [m["value"] for m in ms]
            out.append({
                "id": g["id"], "unit": g["unit"], "subject": g["subject"], "period_start": g["period_start"],
                "period_end": g["period_end"], "claims": len(ms), "documents": len({m["doc_id"] for m in ms}),
                "min_value": min(vals), "max_value": max(vals), "disagree": len(set(vals)) > 1, "values": ms,
            })
        out.sort(key=lambda g: (-g["claims"], g["unit"], g["id"]))
        return pd.DataFrame(out, columns=["id", "unit", "subject", "period_start", "period_end", "claims",
                                          "documents", "min_value", "max_value", "disagree", "values"])

"""Links between actors: relations extracted from documents and the pack's dated affiliations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from marsad.model import RELATION_TYPES
from marsad.store.columns import RELATION_COLUMNS
from marsad.store.filters import as_list, check_choice, check_limit, day_range, parse_date


class RelationQueries:
    """Reads of ``relations`` and ``affiliations``."""

    def relations(self, actor: str | None = None, type: str | None = None, limit: int = 100) -> pd.DataFrame:
        """Relations between actors reported by documents: id, doc_id, source_id, source_name,
        type, target_id, target_name, evidence, confidence, as_of, status, credibility."""
        limit = check_limit(limit)
        conds, params = ["TRUE"], []
        types = check_choice(as_list(type), RELATION_TYPES, "type")
        self._where_in("type", types, conds, params)
        if actor:
            conds.append("(source_id = ? OR target_id = ?)")
            params += [actor, actor]
        if self._clearance is not None:
            conds.append(self._doc_ok("relations.doc_id"))
        return self._frame(
            f"SELECT {', '.join(RELATION_COLUMNS)} FROM relations WHERE {' AND '.join(conds)} "
            f"ORDER BY as_of DESC, id LIMIT {limit}", params)

    def affiliations(self, actor: str | None = None, as_of: str | None = None, type: Any = None) -> pd.DataFrame:
        """Links between actors from both provenances, one row each: the knowledge pack's dated
        affiliations (``origin`` ``pack``) and the relations extracted from documents (``origin``
        ``document``, with ``doc_id``, the evidence span and text, ``confidence`` and review
        ``status``; rejected relations are left out).

        Columns: id, source, source_name, type, target, target_name, start_date, end_date, as_of
        (the document's publication date), note, origin, doc_id, span_start, span_end, evidence,
        confidence, status. ``actor`` matches either end; ``type`` one type or several;
        ``as_of`` keeps pack links in force on that date and relations stated in documents
        published up to it (or undated)."""
        as_of = parse_date(as_of, "as_of")
        types = as_list(type)
        pack_conds, doc_conds = ["af.origin = 'pack'"], [
            "r.status <> 'rejected'", "r.source_id IS NOT NULL", "r.target_id IS NOT NULL"]
        pack_params: list = []
        doc_params: list = []
        if actor:
            pack_conds.append("(af.source = ? OR af.target = ?)")
            pack_params += [actor, actor]
            doc_conds.append("(r.source_id = ? OR r.target_id = ?)")
            doc_params += [actor, actor]
        if self._clearance is not None:
            doc_conds.append(self._doc_ok("r.doc_id"))
            pack_conds.append(f"(af.doc_id IS NULL OR {self._doc_ok('af.doc_id')})")
        self._where_in("af.type", types, pack_conds, pack_params)
        self._where_in("r.type", types, doc_conds, doc_params)
        if as_of:
            lo, hi = day_range(as_of)
            pack_conds.append("(af.start_day IS NULL OR af.start_day <= ?) AND (af.end_day IS NULL OR af.end_day >= ?)")
            pack_params += [hi, lo]
            doc_conds.append("(r.as_of IS NULL OR r.as_of <= ?)")
            doc_params.append(hi.isoformat())
        sql = (
            "SELECT * FROM ("
            "SELECT af.id, af.source, s.name AS source_name, af.type, af.target, t.name AS target_name, "
            "af.start_date, af.end_date, CAST(NULL AS TEXT) AS as_of, af.note, 'pack' AS origin, "
            "CAST(NULL AS TEXT) AS doc_id, CAST(NULL AS INTEGER) AS span_start, CAST(NULL AS INTEGER) AS span_end, "
            "CAST(NULL AS TEXT) AS evidence, CAST(NULL AS DOUBLE PRECISION) AS confidence, "
            "CAST(NULL AS TEXT) AS status FROM affiliations af "
            "LEFT JOIN actors s ON s.id = af.source LEFT JOIN actors t ON t.id = af.target "
            f"WHERE {' AND '.join(pack_conds)} "
            "UNION ALL "
            "SELECT r.id, r.source_id, COALESCE(s.name, r.source_name), r.type, r.target_id, "
            "COALESCE(t.name, r.target_name), CAST(NULL AS TEXT), CAST(NULL AS TEXT), r.as_of, CAST(NULL AS TEXT), "
            "'document', r.doc_id, r.evidence_start, r.evidence_end, r.evidence_text, r.confidence, r.status "
            "FROM relations r LEFT JOIN actors s ON s.id = r.source_id LEFT JOIN actors t ON t.id = r.target_id "
            f"WHERE {' AND '.join(doc_conds)}"
            ") x ORDER BY COALESCE(x.start_date, x.as_of, ''), x.type, x.origin DESC, x.id"
        )
        return self._frame(sql, pack_params + doc_params)

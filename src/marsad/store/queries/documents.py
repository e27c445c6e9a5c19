"""Stored documents, their spans, the ones that failed, and the outlets they come from."""

from __future__ import annotations

import pandas as pd

from marsad.errors import NotFound
from marsad.store.columns import FAR_PAST
from marsad.store.filters import check_limit
from marsad.store.queries.common import clean


class DocumentQueries:
    """Reads of ``documents``, ``failures`` and outlets."""

    def documents(self, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Stored documents, newest publication first: id, title, published, source, url,
        reliability, revision, sha256, extractor, ingested_at, tlp (the TLP marking)."""
        limit = check_limit(limit)
        key = f"COALESCE(published_day, DATE '{FAR_PAST.isoformat()}')"
        params: list = []
        where = self._tlp_ok("tlp") + self._keyset(key, cursor, "documents", params)
        marking = ", tlp" if self._marked() else ""
        sql = (f"SELECT id, title, published, source, url, reliability, revision, sha256, extractor, "
               f"ingested_at{marking}, {key} AS _k FROM documents WHERE {where}")
        return self._paged(sql, params, key, limit, listing="documents")

    def document(self, doc_id: str) -> dict:
        """A document with its text and ``spans``: every actor/place mention, event evidence, claim
        and relation in it (kind, start, end, text, id of the fact, label), sorted by start."""
        marking = ", tlp" if self._marked() else ""
        rows = self._dicts(
            "SELECT id, sha256, revision, title, published, source, url, language, path, reliability, text, "
            f"ingested_at, extractor{marking} FROM documents WHERE id = ? AND {self._tlp_ok('tlp')}", (doc_id,))
        if not rows:
            raise NotFound(f"no document {doc_id!r}")
        doc = {k: clean(v) for k, v in rows[0].items()}
        spans = []
        for r in self._dicts("SELECT id, kind, ref_id, name, text, span_start, span_end, status FROM mentions WHERE doc_id = ?", (doc_id,)):
            spans.append({"kind": r["kind"], "start": r["span_start"], "end": r["span_end"], "text": r["text"],
                          "id": r["id"], "ref_id": r["ref_id"], "label": r["name"], "status": r["status"]})
        for r in self._dicts(
            "SELECT s.event_id, s.type, s.mode, s.date, s.evidence_start, s.evidence_end, s.evidence_text, e.status "
            "FROM event_sources s LEFT JOIN events e ON e.id = s.event_id WHERE s.doc_id = ?", (doc_id,)):
            spans.append({"kind": "event", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["event_id"], "ref_id": r["event_id"],
                          "label": " ".join(x for x in (r["type"], r["mode"], r["date"]) if x), "status": r["status"]})
        for r in self._dicts("SELECT id, value, unit, evidence_start, evidence_end, evidence_text, status FROM claims WHERE doc_id = ?", (doc_id,)):
            v = int(r["value"]) if float(r["value"]).is_integer() else r["value"]
            spans.append({"kind": "claim", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["id"], "ref_id": r["id"],
                          "label": f"{v} {r['unit'] or ''}".strip(), "status": r["status"]})
        for r in self._dicts("SELECT id, source_id, type, target_id, evidence_start, evidence_end, evidence_text, status FROM relations WHERE doc_id = ?", (doc_id,)):
            spans.append({"kind": "relation", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["id"], "ref_id": r["id"],
                          "label": f"{r['source_id']} {r['type']} {r['target_id']}", "status": r["status"]})
        spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
        doc["spans"] = spans
        return doc

    def failed(self) -> pd.DataFrame:
        """Documents that could not be read or extracted: path, reason, at (latest first)."""
        return self._frame("SELECT path, reason, failed_at AS \"at\" FROM failures ORDER BY failed_at DESC, path")

    def sources(self) -> pd.DataFrame:
        """Outlets: source, documents, reliability (the outlet's grade, or None when ungraded)."""
        df = self._frame(
            "SELECT d.source, count(*) AS documents, g.reliability FROM documents d "
            f"LEFT JOIN source_grades g ON g.source = d.source WHERE d.source IS NOT NULL AND {self._tlp_ok('d.tlp')} "
            "GROUP BY d.source, g.reliability ORDER BY count(*) DESC, d.source")
        return df

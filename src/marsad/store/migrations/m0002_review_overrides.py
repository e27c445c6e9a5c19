"""Analyst decisions that survive re-ingestion (``overrides``) and undo bookkeeping on audit rows."""

SQL = """
-- Analyst decisions that must survive re-ingestion: a rejected event stays rejected and an edited
-- attribute keeps its edited value when the same fact id is produced again.
CREATE TABLE overrides (
    kind TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    status TEXT,
    fields TEXT,
    PRIMARY KEY (kind, fact_id)
);

ALTER TABLE audit ADD COLUMN undone_by TEXT;
"""

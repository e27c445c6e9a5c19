"""Source tallies: per fused event, its sources counted by (outlet, evidence sentence, confidence),
filled here from the stored sources. An event that gains sources at ingest updates its
confidence and its independent sources from these few rows plus the new sources
(``store/fusion/refresh.py``) instead of reading every source it has. PostgreSQL gets an index on
the event id (DuckDB reads the table by a semi-join)."""

SQL = """
CREATE TABLE source_tallies (
    event_id TEXT NOT NULL,
    outlet TEXT,
    evidence_text TEXT,
    confidence DOUBLE PRECISION,
    n INTEGER NOT NULL
);

INSERT INTO source_tallies (event_id, outlet, evidence_text, confidence, n)
SELECT s.event_id, d.source, s.evidence_text, s.confidence, count(*) FROM event_sources s
JOIN documents d ON d.id = s.doc_id GROUP BY s.event_id, d.source, s.evidence_text, s.confidence
"""

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS source_tallies_event ON source_tallies (event_id)",
]


def up(store) -> None:
    if store.dialect == "postgres":
        for stmt in POSTGRES:
            store._exec(stmt)

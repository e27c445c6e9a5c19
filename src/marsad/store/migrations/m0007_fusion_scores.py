"""Fusion v2: each source records the score and features that attached it to its event; events
keep a representative evidence sentence (for scoring later reports) and their number of independent
sources; PostgreSQL gets an index for candidate retrieval by type, country and date window."""

SQL = """
ALTER TABLE event_sources ADD COLUMN match_score DOUBLE PRECISION;
ALTER TABLE event_sources ADD COLUMN match_features TEXT;
ALTER TABLE events ADD COLUMN evidence_text TEXT;
ALTER TABLE events ADD COLUMN independent_sources INTEGER
"""

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS events_type_country_day ON events (type, country, day_lo)",
]


def up(store) -> None:
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

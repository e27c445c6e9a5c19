"""Secondary indexes for the query paths (PostgreSQL only: DuckDB's zone maps serve these scans,
and its ART indexes would slow bulk loads)."""

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS events_type_day ON events (type, day_lo)",
    "CREATE INDEX IF NOT EXISTS events_day ON events (day_lo)",
    "CREATE INDEX IF NOT EXISTS events_source_actor ON events (source_actor_id, day_lo)",
    "CREATE INDEX IF NOT EXISTS events_target_actor ON events (target_actor_id, day_lo)",
    "CREATE INDEX IF NOT EXISTS event_sources_event ON event_sources (event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id)",
    "CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc_id)",
    "CREATE INDEX IF NOT EXISTS relations_doc ON relations (doc_id)",
    "CREATE INDEX IF NOT EXISTS audit_fact ON audit (fact_id)",
]


def up(store) -> None:
    if store.dialect != "postgres":
        return
    for sql in STATEMENTS:
        store._exec(sql)

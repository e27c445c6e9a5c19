"""What a write transaction changed, for the writes that can say so narrowly: one row per data
version (``data_version``, migration 14) whose transaction declared its change (a review that
only sets an event's status; a token or session noting its use). A version without a row may
have changed anything. The server's answer cache (``marsad.server.cache``) keeps an answer across
the versions whose changes it did not read, instead of dropping every answer at every write.
Rows older than a few thousand versions are deleted as new ones come."""

SQL = """
CREATE TABLE data_changes (
    version BIGINT PRIMARY KEY,
    scope TEXT NOT NULL,
    fact_id TEXT,
    detail TEXT
)
"""

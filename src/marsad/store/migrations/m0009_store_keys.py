"""Secrets the store keeps for itself, one row per use (``cursor``: the key that signs pagination
cursors, created when the first cursor is made, so that every process on the database agrees)."""

SQL = """
CREATE TABLE store_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
"""

"""Admiralty reliability grades per outlet (``documents.source``): documents ingested later from a
graded outlet start with its grade instead of ``F``."""

SQL = """
CREATE TABLE source_grades (
    source TEXT PRIMARY KEY,
    reliability TEXT NOT NULL,
    graded_at TIMESTAMP NOT NULL
);
"""

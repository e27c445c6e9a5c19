"""ACLED rows as imported (``marsad import acled``): ACLED's own coding of each row, kept verbatim so
that an ACLED export gives back exactly the columns that were imported. Each row is also stored as
a document (id ``acled:<event_id_cnty>``) whose event takes part in fusion like any other."""

SQL = """
CREATE TABLE acled_rows (
    event_id_cnty TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    row_sha256 TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    event_day DATE,
    fields TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX acled_rows_doc ON acled_rows (doc_id);
"""

"""TLP 2.0 markings: ``documents.tlp`` (CLEAR, GREEN, AMBER, AMBER+STRICT or RED; existing
documents are CLEAR) and ``users.clearance`` (existing accounts get GREEN, the default for new
ones). Derived facts carry no marking of their own: what a clearance may see is computed from the
markings of their source documents when they are read (``marsad.store.queries.visibility``), so
no write path (ingest, fusion, merge, split, undo, bulk loads) can leave a stale marking behind.

PostgreSQL also checks the values in the database; DuckDB cannot add a CHECK to an existing
table, and there every write goes through :func:`marsad.markings.check_marking`."""

from marsad.markings import LEVELS

_VALUES = ", ".join(f"'{v}'" for v in LEVELS)

SQL = """
ALTER TABLE documents ADD COLUMN tlp TEXT NOT NULL DEFAULT 'CLEAR';
ALTER TABLE users ADD COLUMN clearance TEXT NOT NULL DEFAULT 'GREEN'
"""

POSTGRES = [
    f"ALTER TABLE documents ADD CONSTRAINT documents_tlp_check CHECK (tlp IN ({_VALUES}))",
    f"ALTER TABLE users ADD CONSTRAINT users_clearance_check CHECK (clearance IN ({_VALUES}))",
    "CREATE INDEX IF NOT EXISTS documents_tlp ON documents (tlp, id)",
]


def up(store) -> None:
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

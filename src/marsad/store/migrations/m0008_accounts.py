"""Accounts for the team server: users with a role and an argon2 password hash, API tokens (only
a hash of each is stored, with its expiry, last use and revocation), dashboard sessions (keyed by a
keyed hash of the cookie's value) and, on every audit record, how the actor was authenticated."""

SQL = """
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    note TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    remote TEXT
);

ALTER TABLE audit ADD COLUMN via TEXT
"""

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens (user_name)",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name)",
    "CREATE INDEX IF NOT EXISTS audit_user ON audit (user_name, seq)",
    "CREATE INDEX IF NOT EXISTS audit_action ON audit (action, seq)",
]


def up(store) -> None:
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

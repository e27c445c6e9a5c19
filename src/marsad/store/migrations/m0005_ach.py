"""Analysis of competing hypotheses: matrices, their hypotheses, evidence items (linked to stored
events, claims and relations), consistency ratings, and a snapshot of every version."""

SQL = """
CREATE TABLE ach_matrices (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    question TEXT,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE ach_hypotheses (
    id TEXT PRIMARY KEY,
    matrix_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    label TEXT NOT NULL,
    description TEXT
);

CREATE TABLE ach_evidence (
    id TEXT PRIMARY KEY,
    matrix_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    fact_id TEXT,
    label TEXT NOT NULL,
    doc_id TEXT,
    evidence_text TEXT,
    reliability TEXT,
    credibility INTEGER,
    weight DOUBLE PRECISION
);

CREATE TABLE ach_ratings (
    matrix_id TEXT NOT NULL,
    evidence_id TEXT NOT NULL,
    hypothesis_id TEXT NOT NULL,
    rating TEXT NOT NULL,
    PRIMARY KEY (evidence_id, hypothesis_id)
);

CREATE TABLE ach_versions (
    matrix_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    PRIMARY KEY (matrix_id, version)
);

CREATE INDEX ach_hypotheses_matrix ON ach_hypotheses (matrix_id);
CREATE INDEX ach_evidence_matrix ON ach_evidence (matrix_id);
CREATE INDEX ach_ratings_matrix ON ach_ratings (matrix_id)
"""

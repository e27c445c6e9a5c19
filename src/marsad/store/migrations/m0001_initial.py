"""The initial schema: documents, mentions, actors, affiliations, places, events, event sources,
claims, claim groups, relations, audit and failures."""

SQL = """
-- The knowledge base: documents, what was found in them, and the fused facts.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    title TEXT,
    published TEXT,
    published_day DATE,
    source TEXT,
    url TEXT,
    language TEXT,
    path TEXT,
    reliability TEXT NOT NULL DEFAULT 'F',
    text TEXT NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    extractor TEXT
);

CREATE TABLE mentions (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref_id TEXT,
    name TEXT,
    text TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    reason TEXT,
    status TEXT NOT NULL DEFAULT 'draft'
);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT,
    sector TEXT,
    acled_inter INTEGER,
    country TEXT,
    aliases TEXT,
    description TEXT,
    roles TEXT,
    titles TEXT,
    origin TEXT NOT NULL DEFAULT 'document',
    status TEXT NOT NULL DEFAULT 'draft',
    merged_into TEXT
);

CREATE TABLE affiliations (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    start_day DATE,
    end_day DATE,
    note TEXT,
    origin TEXT NOT NULL,
    doc_id TEXT,
    span_start INTEGER,
    span_end INTEGER,
    evidence TEXT
);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT,
    country TEXT,
    admin1 TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    aliases TEXT,
    parent TEXT,
    origin TEXT NOT NULL DEFAULT 'document',
    status TEXT NOT NULL DEFAULT 'draft'
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT,
    subtype TEXT,
    date TEXT,
    date_precision TEXT,
    day_lo DATE,
    day_hi DATE,
    place_id TEXT,
    place_name TEXT,
    admin1 TEXT,
    country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    source_actor_id TEXT,
    source_actor_name TEXT,
    target_actor_id TEXT,
    target_actor_name TEXT,
    fatalities INTEGER,
    injuries INTEGER,
    certainty TEXT,
    confidence DOUBLE PRECISION,
    status TEXT NOT NULL DEFAULT 'draft',
    credibility INTEGER NOT NULL DEFAULT 6,
    corroboration INTEGER NOT NULL DEFAULT 1,
    first_reported TEXT,
    first_document TEXT,
    fused_from TEXT,
    merged_into TEXT,
    updated_at TIMESTAMP
);

CREATE TABLE event_sources (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    subtype TEXT,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    place_id TEXT,
    place_name TEXT,
    admin1 TEXT,
    country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    source_actor_id TEXT,
    source_actor_name TEXT,
    target_actor_id TEXT,
    target_actor_name TEXT,
    fatalities INTEGER,
    injuries INTEGER,
    certainty TEXT,
    confidence DOUBLE PRECISION,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT,
    as_of TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE claim_groups (
    id TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    subject TEXT,
    keywords TEXT,
    period_start TEXT,
    period_end TEXT
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT,
    approximate BOOLEAN,
    subject TEXT,
    period_start TEXT,
    period_end TEXT,
    qualifier TEXT,
    value_text TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT,
    as_of TEXT,
    day_lo DATE,
    day_hi DATE,
    group_id TEXT,
    status TEXT NOT NULL DEFAULT 'draft',
    credibility INTEGER NOT NULL DEFAULT 6
);

CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    source_id TEXT,
    source_name TEXT,
    type TEXT NOT NULL,
    target_id TEXT,
    target_name TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT,
    confidence DOUBLE PRECISION,
    as_of TEXT,
    status TEXT NOT NULL DEFAULT 'draft',
    credibility INTEGER NOT NULL DEFAULT 6
);

CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    user_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    note TEXT
);

CREATE TABLE failures (
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (path, reason)
);
"""

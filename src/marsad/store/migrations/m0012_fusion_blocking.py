"""Fusion blocking: ``events.admin1_key`` (the comparison key of ``admin1``, ``marsad.text.name_key``)
so that candidate retrieval can leave out events of another governorate in the database, filled
here for the stored events; PostgreSQL gets partial indexes on the events whose source or target
actor is unknown or unresolved (the candidates of a report that names a known actor on that side,
besides the events of that actor and its linked actors, which the actor indexes serve)."""

from marsad.text import name_key

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS events_fusion_open_source ON events (type, day_lo) "
    "WHERE source_actor_id IS NULL OR starts_with(source_actor_id, 'unk-')",
    "CREATE INDEX IF NOT EXISTS events_fusion_open_target ON events (type, day_lo) "
    "WHERE target_actor_id IS NULL OR starts_with(target_actor_id, 'unk-')",
]

CHUNK = 500  # (admin1, key) pairs per UPDATE


def keys_of(values) -> list[tuple[str, str]]:
    """(admin1, its key) for every distinct non-empty admin1 that has a key."""
    return [(v, k) for v in values if v for k in [name_key(v)] if k]


def backfill_sql(n: int) -> str:
    """One UPDATE that sets the key of the events of ``n`` governorates (the same text on DuckDB
    and PostgreSQL: the keys come from Python, the join happens in the database)."""
    rows = ", ".join(["(CAST(? AS TEXT), CAST(? AS TEXT))"] * n)
    return (f"UPDATE events SET admin1_key = k.admin1_key FROM (VALUES {rows}) AS k(admin1, admin1_key) "
            "WHERE events.admin1 = k.admin1")


def up(store) -> None:
    store._exec("ALTER TABLE events ADD COLUMN admin1_key TEXT")
    values = [r["admin1"] for r in store._dicts("SELECT DISTINCT admin1 FROM events WHERE admin1 IS NOT NULL")]
    pairs = keys_of(values)
    for i in range(0, len(pairs), CHUNK):
        chunk = pairs[i:i + CHUNK]
        store._exec(backfill_sql(len(chunk)), [x for pair in chunk for x in pair])
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

"""Fusion place key: ``events.place_key`` (the comparison key of ``place_name``,
``marsad.text.name_key``), filled here for the stored events, so that candidate retrieval can leave
out, in the database, the events that scoring would veto for a report naming no known actor: with
nothing specific in common (no same actor, no same place id or place name, no evidence to compare).
An event without the key (imported, or written by older code) is always a candidate."""

from marsad.store.migrations.m0012_fusion_blocking import CHUNK, keys_of


def backfill_sql(n: int) -> str:
    """One UPDATE that sets the key of the events of ``n`` place names (keys from Python, the join
    in the database; the same text on DuckDB and PostgreSQL)."""
    rows = ", ".join(["(CAST(? AS TEXT), CAST(? AS TEXT))"] * n)
    return (f"UPDATE events SET place_key = k.place_key FROM (VALUES {rows}) AS k(place_name, place_key) "
            "WHERE events.place_name = k.place_name")


def up(store) -> None:
    store._exec("ALTER TABLE events ADD COLUMN place_key TEXT")
    values = [r["place_name"] for r in store._dicts("SELECT DISTINCT place_name FROM events WHERE place_name <> ''")]
    pairs = keys_of(values)
    for i in range(0, len(pairs), CHUNK):
        chunk = pairs[i:i + CHUNK]
        store._exec(backfill_sql(len(chunk)), [x for pair in chunk for x in pair])

"""Fusion probes by something specific (PostgreSQL only): a report naming no known actor can only
fuse with an event that shares something specific with it (``fusion.assign.may_have_specific``),
and candidate retrieval probes each way through an index of its own (``fusion.blocking.SPECIFIC``)
instead of reading every event of its type around its date:

* ``events_fusion_place``: the same place id, by type and ``day_lo``;
* ``events_fusion_place_key``: the same place name key (``events.place_key``, migration 15);
* ``events_fusion_evidence``: the events with evidence text to compare (partial);
* ``events_fusion_unkeyed``: the events whose place name has no key (partial; imported rows).

The same source or target actor id is served by the actor indexes of migration 3. DuckDB needs
none of these: its retrieval filters the scan of ``events`` on the batch's values."""

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS events_fusion_place ON events (place_id, type, day_lo)",
    "CREATE INDEX IF NOT EXISTS events_fusion_place_key ON events (place_key, type, day_lo)",
    "CREATE INDEX IF NOT EXISTS events_fusion_evidence ON events (type, day_lo) WHERE evidence_text <> ''",
    "CREATE INDEX IF NOT EXISTS events_fusion_unkeyed ON events (type, day_lo) "
    "WHERE place_key IS NULL AND place_name <> ''",
]


def up(store) -> None:
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

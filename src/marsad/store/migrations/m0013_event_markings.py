"""Stored markings of events: ``events.tlp_lo`` and ``events.tlp_hi``, the rank
(``marsad.markings.RANK``: CLEAR 0 ... RED 4) of the least and of the most restrictive marking
among the event's source documents (both NULL for an event without sources: a merged one), filled
here for the stored events. A read at clearance C then tells the events it serves as stored
(``tlp_hi <= C``), those it may not see (``tlp_lo > C``) and the mixed ones, fused again from their
visible sources, by comparing two columns instead of joining every event to its sources'
documents (``marsad.store.queries.visibility``). Every write that changes an event's sources or a
document's marking keeps them right (``Visibility._mark_events``). PostgreSQL gets a partial index
on the events whose sources mix markings, the only ones a clearance has to fuse again."""

from marsad.markings import LEVELS


def rank_sql(col: str) -> str:
    """SQL for the rank of the marking in ``col``."""
    return "CASE " + col + " " + " ".join(f"WHEN '{m}' THEN {i}" for i, m in enumerate(LEVELS)) + " END"


FILL = (
    "UPDATE events SET tlp_lo = m.lo, tlp_hi = m.hi FROM ("
    f"SELECT s.event_id, min({rank_sql('d.tlp')}) AS lo, max({rank_sql('d.tlp')}) AS hi "
    "FROM event_sources s JOIN documents d ON d.id = s.doc_id GROUP BY s.event_id) AS m "
    "WHERE events.id = m.event_id"
)

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS events_mixed_markings ON events (tlp_lo, tlp_hi) WHERE tlp_lo < tlp_hi",
    "ANALYZE events",
]


def up(store) -> None:
    store._exec("ALTER TABLE events ADD COLUMN tlp_lo INTEGER")
    store._exec("ALTER TABLE events ADD COLUMN tlp_hi INTEGER")
    store._exec(FILL)
    if store.dialect == "postgres":
        for sql in POSTGRES:
            store._exec(sql)

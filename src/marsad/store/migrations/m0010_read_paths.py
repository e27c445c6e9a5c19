"""Read paths that hold at millions of events (PostgreSQL only; DuckDB needs no schema for them).

* ``events_order``: the event list's order, ``COALESCE(day_lo, DATE '0001-01-01') DESC, id``, as
  an expression index, so that a page (first or next) is an index range scan instead of a sort of
  every matching row.
* ``events_day_hi``: the latest ``day_hi`` under a filter without a scan (``stats()`` totals).
* statistics on ``lower(admin1)``, which the province filter compares.
* ``event_tallies``: events counted by the month of ``day_lo`` and of ``day_hi``, type, admin1,
  country and status, with their sums of corroboration and fatalities. Statement-level triggers
  keep it equal to a recount of ``events`` inside every writing transaction (inserts, deletes and
  updates alike, whatever wrote them: ingest, fusion, review, merge, undo, bulk loads), so
  ``stats()`` reads a few thousand rows instead of every event when its filter allows (see
  ``EventQueries._tallied``).
"""

from datetime import date

FAR_PAST = date(1, 1, 1).isoformat()

KEY = "month_lo, month_hi, type, admin1, country, status"

# One month bucket per (month of day_lo, month of day_hi, type, admin1, country, status) of the
# rows in ``src``, which carries ``n``: +1 for rows added, -1 for rows removed.
_TALLY = (
    "SELECT date_trunc('month', day_lo)::date AS month_lo, date_trunc('month', day_hi)::date AS month_hi, "
    "type, admin1, country, status, sum(n) AS events, sum(n * corroboration) AS corroboration, "
    "sum(n * COALESCE(fatalities, 0)) AS fatalities FROM {src} GROUP BY 1, 2, 3, 4, 5, 6"
)

ROWS = "day_lo, day_hi, type, admin1, country, status, corroboration, fatalities"

# Applied in key order so that concurrent writers lock tally rows in the same order.
_APPLY = (
    f"INSERT INTO event_tallies AS t ({KEY}, events, corroboration, fatalities) "
    f"SELECT * FROM ({_TALLY}) d WHERE events <> 0 OR corroboration <> 0 OR fatalities <> 0 "
    f"ORDER BY {KEY} "
    f"ON CONFLICT ({KEY}) DO UPDATE SET events = t.events + EXCLUDED.events, "
    f"corroboration = t.corroboration + EXCLUDED.corroboration, fatalities = t.fatalities + EXCLUDED.fatalities"
)

ADDED = f"(SELECT {ROWS}, 1 AS n FROM new_rows) x"
REMOVED = f"(SELECT {ROWS}, -1 AS n FROM old_rows) x"
CHANGED = f"(SELECT {ROWS}, 1 AS n FROM new_rows UNION ALL SELECT {ROWS}, -1 AS n FROM old_rows) x"

STATEMENTS = [
    f"CREATE INDEX IF NOT EXISTS events_order ON events ((COALESCE(day_lo, DATE '{FAR_PAST}')) DESC, id)",
    "CREATE INDEX IF NOT EXISTS events_day_hi ON events (day_hi)",
    # the filter compares lower(admin1): without statistics on it the planner takes a province
    # for 0.5% of the events and sorts every match instead of walking events_order
    "CREATE STATISTICS IF NOT EXISTS events_admin1_lower ON (lower(admin1)) FROM events",
    "CREATE TABLE event_tallies (month_lo DATE, month_hi DATE, type TEXT NOT NULL, admin1 TEXT, country TEXT, "
    "status TEXT NOT NULL, events BIGINT NOT NULL, corroboration BIGINT NOT NULL, fatalities BIGINT NOT NULL)",
    f"CREATE UNIQUE INDEX event_tallies_key ON event_tallies ({KEY}) NULLS NOT DISTINCT",
    # plpgsql plans each branch when it first runs, so a branch may name a transition table that
    # only the other triggers declare
    f"""CREATE FUNCTION event_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_APPLY.format(src=ADDED)};
    ELSIF TG_OP = 'DELETE' THEN
        {_APPLY.format(src=REMOVED)};
    ELSE
        {_APPLY.format(src=CHANGED)};
    END IF;
    RETURN NULL;
END
$body$""",
    "CREATE TRIGGER event_tallies_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_apply()",
    "CREATE TRIGGER event_tallies_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_apply()",
    "CREATE TRIGGER event_tallies_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_apply()",
    f"INSERT INTO event_tallies ({KEY}, events, corroboration, fatalities) "
    f"{_TALLY.format(src=f'(SELECT {ROWS}, 1 AS n FROM events) x')}",
    "ANALYZE events",
    "ANALYZE event_tallies",
]


def up(store) -> None:
    if store.dialect != "postgres":
        return
    for sql in STATEMENTS:
        store._exec(sql)

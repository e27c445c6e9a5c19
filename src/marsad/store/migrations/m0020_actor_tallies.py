"""Counts by actor for millions of events (PostgreSQL only; DuckDB counts one actor's events in one
columnar pass and needs no schema for them).

* ``event_actor_tallies``: ``event_tallies`` (migration 10) once per actor of an event: events
  counted by actor (the source, and the target when it is another actor), the month of ``day_lo``
  and of ``day_hi``, type, admin1, country and status, with their sums of corroboration and
  fatalities. ``stats()`` with an actor filter reads that actor's rows instead of every event of
  the actor (a bitmap scan of both actor indexes and a heap fetch per event took 2.5 s for an
  actor with a tenth of 5M events).
* ``event_actor_month_tallies``: the same by actor, months and status only, for the events of
  every actor by month (``counts(f, ("period", "actor"))``, the dashboard's busiest actors): a few
  rows per actor and month where the wide tallies hold one per place and type too.

Statement-level triggers keep both equal to a recount of ``events`` inside every writing
transaction (see ``EventQueries._tallied`` and ``_actor_counts_tallied``).
"""

ROWS = "day_lo, day_hi, type, admin1, country, status, corroboration, fatalities"
_COLS = f"source_actor_id, target_actor_id, {ROWS}"

# each row counted for its source actor and, when it is another one, for its target actor
_SIDES = (
    "(SELECT source_actor_id AS actor_id, {rows}, n FROM {src} WHERE source_actor_id IS NOT NULL "
    "UNION ALL SELECT target_actor_id AS actor_id, {rows}, n FROM {src} WHERE target_actor_id IS NOT NULL "
    "AND target_actor_id IS DISTINCT FROM source_actor_id) s"
)
_MONTHS = "date_trunc('month', day_lo)::date AS month_lo, date_trunc('month', day_hi)::date AS month_hi"

# table -> (key columns, the key expressions over the sides, the value columns and expressions)
TABLES = {
    "event_actor_tallies": (
        "actor_id, month_lo, month_hi, type, admin1, country, status",
        f"actor_id, {_MONTHS}, type, admin1, country, status",
        ("events", "corroboration", "fatalities"),
        "sum(n) AS events, sum(n * corroboration) AS corroboration, sum(n * COALESCE(fatalities, 0)) AS fatalities",
    ),
    "event_actor_month_tallies": (
        "actor_id, month_lo, month_hi, status",
        f"actor_id, {_MONTHS}, status",
        ("events",),
        "sum(n) AS events",
    ),
}


def _tally(table: str, src: str) -> str:
    key, exprs, _values, sums = TABLES[table]
    groups = ", ".join(str(i + 1) for i in range(len(key.split(", "))))
    return f"SELECT {exprs}, {sums} FROM {_SIDES.format(rows=ROWS, src=src)} GROUP BY {groups}"


def _apply(table: str, src: str) -> str:
    """Add the signed counts of ``src`` to the table, in key order (so that concurrent writers
    lock tally rows in the same order)."""
    key, _exprs, values, _sums = TABLES[table]
    nonzero = " OR ".join(f"{v} <> 0" for v in values)
    sets = ", ".join(f"{v} = t.{v} + EXCLUDED.{v}" for v in values)
    return (f"INSERT INTO {table} AS t ({key}, {', '.join(values)}) SELECT * FROM ({_tally(table, src)}) d "
            f"WHERE {nonzero} ORDER BY {key} ON CONFLICT ({key}) DO UPDATE SET {sets}")


ADDED = f"(SELECT {_COLS}, 1 AS n FROM new_rows) x"
REMOVED = f"(SELECT {_COLS}, -1 AS n FROM old_rows) x"
CHANGED = f"(SELECT {_COLS}, 1 AS n FROM new_rows UNION ALL SELECT {_COLS}, -1 AS n FROM old_rows) x"


def _statements(table: str) -> list[str]:
    key, _exprs, values, _sums = TABLES[table]
    types = {"actor_id": "TEXT NOT NULL", "month_lo": "DATE", "month_hi": "DATE", "type": "TEXT NOT NULL",
             "admin1": "TEXT", "country": "TEXT", "status": "TEXT NOT NULL"}
    cols = ", ".join(f"{c} {types[c]}" for c in key.split(", ")) + ", " + ", ".join(f"{v} BIGINT NOT NULL" for v in values)
    fn = f"{table}_apply"
    return [
        f"CREATE TABLE {table} ({cols})",
        f"CREATE UNIQUE INDEX {table}_key ON {table} ({key}) NULLS NOT DISTINCT",
        f"""CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(table, ADDED)};
    ELSIF TG_OP = 'DELETE' THEN
        {_apply(table, REMOVED)};
    ELSE
        {_apply(table, CHANGED)};
    END IF;
    RETURN NULL;
END
$body$""",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER {table}_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}()",
        f"INSERT INTO {table} ({key}, {', '.join(values)}) "
        + _tally(table, f"(SELECT {_COLS}, 1 AS n FROM events) x"),
        f"ANALYZE {table}",
    ]


STATEMENTS = [sql for table in TABLES for sql in _statements(table)]


def up(store) -> None:
    if store.dialect != "postgres":
        return
    for sql in STATEMENTS:
        store._exec(sql)

"""The PostgreSQL backend (psycopg 3): a team server shared by several analysts.

Bulk inserts use ``COPY``; writers take a transaction-scoped advisory lock so that concurrent
ingests and reviews from several processes fuse and audit one after the other.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from marsad.errors import StoreError
from marsad.store.base import Store

log = logging.getLogger(__name__)

WRITE_LOCK = 0x6D617273  # "mars": the advisory lock every writer takes
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _pg_sql(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (no literal ``?`` appears in our SQL)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(Store):
    """Store in a PostgreSQL database; ``schema`` selects (and creates) a schema to live in."""

    dialect = "postgres"

    def __init__(self, url: str, *, schema: str | None = None):
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                f"{url!r} is a PostgreSQL URL, but PostgreSQL support is not installed; "
                "install it with: pip install 'marsad[postgres]'"
            ) from None

        super().__init__(url)
        try:
            self._con = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {url!r}: {str(exc).strip()}") from None
        self.schema = schema
        if schema:
            if not _SCHEMA_RE.match(schema):
                raise StoreError(f"schema={schema!r} is not a plain lower-case SQL name")
            self._con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            self._con.execute(f"SET search_path TO {schema}")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        cur = self._con.execute(_pg_sql(sql), list(params))
        cols = [d.name for d in cur.description] if cur.description else []
        return cols, cur.fetchall() if cur.description else []

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(_pg_sql(sql), list(params) if params else None)

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(columns)
        with self._con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)

    def insert_frame(self, table: str, df) -> None:
        """Bulk-load a DataFrame through ``COPY ... FORMAT csv`` (NULL as an unquoted empty field)."""
        import csv
        import io

        cols = ", ".join(df.columns)
        with self._tx(), self._con.cursor() as cur:
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                step = 200_000
                for i in range(0, len(df), step):
                    buf = io.StringIO()
                    df.iloc[i : i + step].to_csv(buf, index=False, header=False, quoting=csv.QUOTE_MINIMAL)
                    copy.write(buf.getvalue())

    def _begin(self) -> None:
        self._con.execute("BEGIN")

    def _commit(self) -> None:
        self._con.execute("COMMIT")

    def _rollback(self) -> None:
        self._con.execute("ROLLBACK")

    def _write_lock(self) -> None:
        self._con.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _tables(self) -> set[str]:
        cur = self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in cur.fetchall()}

    def _close(self) -> None:
        self._con.close()

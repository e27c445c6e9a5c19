"""The PostgreSQL backend (psycopg 3): a team server shared by several analysts.

Connections come from a small pool (:class:`ConnectionPool`) that checks each one before
handing it out and opens a new one in place of a dead one, so after a PostgreSQL restart the next
request gets a fresh connection instead of an error, with no restart of Marsad; while the server
is down, requests fail at once with E503. Reads outside a transaction run on any pooled
connection, several at once; a transaction holds one connection from ``BEGIN`` to ``COMMIT`` on
the thread that opened it. A read that loses its connection half-way is tried again on another
(up to three times); a write is not (it reports E503 and the caller decides).

Bulk inserts use ``COPY``; writers take a transaction-scoped advisory lock so that concurrent
ingests and reviews from several processes fuse and audit one after the other.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from marsad.errors import StoreError, StoreUnavailable
from marsad.store.base import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

WRITE_LOCK = 0x6D617273  # "mars": the advisory lock every writer takes
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

POOL_MAX = 8  # connections per process; more concurrent readers wait for one
POOL_WAIT = 10.0  # seconds a request waits for a free connection before E503
CONNECT_TIMEOUT = 5  # seconds for one connection attempt
READ_ATTEMPTS = 3


def _pg_sql(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (no literal ``?`` appears in our SQL)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ConnectionPool:
    """At most ``size`` connections open at once; idle ones are kept for reuse and checked (an
    empty query) before each use, and a dead one is closed and replaced by a new connection.
    Nothing runs in the background: a connection is opened by the request that needs it, so when
    the server is back the very next request uses it, and while it is down that request fails
    at once instead of waiting."""

    def __init__(self, connect: Callable[[], Any], size: int, wait: float, unreachable: Callable[[Exception], Exception]):
        self._connect = connect
        self._unreachable = unreachable
        self._wait = wait
        self._size = size
        self._slots = threading.BoundedSemaphore(size)
        # reads take at most size - 1 connections, so that a write (a review) never waits for a
        # connection behind long reads (the network, stats): only behind another write
        self._read_slots = threading.BoundedSemaphore(max(1, size - 1))
        self._lock = threading.Lock()
        self._idle: list[Any] = []
        self._closed = False

    def get(self) -> Any:
        if not self._slots.acquire(timeout=self._wait):
            raise StoreUnavailable(f"all {self._size} PostgreSQL connections stayed busy for {self._wait:g}s")
        try:
            while True:
                with self._lock:
                    con = self._idle.pop() if self._idle else None
                if con is None:
                    try:
                        return self._connect()
                    except Exception as exc:
                        raise self._unreachable(exc) from None
                if self._alive(con):
                    return con
                _close_quietly(con)
        except BaseException:
            self._slots.release()
            raise

    def put(self, con: Any) -> None:
        try:
            if self._closed or con.closed or con.broken or con.info.transaction_status != 0:  # 0: idle
                _close_quietly(con)
            else:
                with self._lock:
                    self._idle.append(con)
        finally:
            self._slots.release()

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A connection for reads outside a transaction (at most ``size - 1`` of them at once)."""
        if not self._read_slots.acquire(timeout=self._wait):
            raise StoreUnavailable(f"all {self._size} PostgreSQL connections stayed busy for {self._wait:g}s")
        try:
            con = self.get()
            try:
                yield con
            finally:
                self.put(con)
        finally:
            self._read_slots.release()

    @staticmethod
    def _alive(con: Any) -> bool:
        if con.closed or con.broken:
            return False
        try:
            con.execute("")
            return True
        except Exception:  # any failure of the probe means a connection not worth keeping
            return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for con in idle:
            _close_quietly(con)


def _close_quietly(con: Any) -> None:
    try:
        con.close()
    except Exception:  # closing a dead connection may fail; it is gone either way
        log.debug("closing a PostgreSQL connection failed", exc_info=True)


class PostgresStore(Store):
    """Store in a PostgreSQL database; ``schema`` selects (and creates) a schema to live in."""

    dialect = "postgres"

    def __init__(self, url: str, *, schema: str | None = None, pool_size: int = POOL_MAX):
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                f"{url!r} is a PostgreSQL URL, but PostgreSQL support is not installed; "
                "install it with: pip install 'marsad[postgres]'"
            ) from None

        super().__init__(url)
        if schema and not _SCHEMA_RE.match(schema):
            raise StoreError(f"schema={schema!r} is not a plain lower-case SQL name")
        self.schema = schema
        self._psycopg = psycopg
        self._local = threading.local()  # .con: the connection of this thread's transaction
        # one direct connection first: a wrong URL or a server that is down fails here, at once,
        # with PostgreSQL's own words (the pool would retry in the background instead)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as con:
                if schema:
                    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {url!r}: {str(exc).strip()}") from None
        self._pool = ConnectionPool(self._connect, max(1, pool_size), POOL_WAIT, self._unreachable)

    def _connect(self) -> Any:
        con = self._psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        if self.schema:
            con.execute(f"SET search_path TO {self.schema}")
        return con

    def _unreachable(self, exc: Exception) -> Exception:
        return StoreUnavailable(f"PostgreSQL at {self.url!r} is not reachable: {_first_line(exc)}; "
                                "try again when it is back")

    # ------------------------------------------------------------------ connections

    def _tx_con(self) -> Any:
        return getattr(self._local, "con", None)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """psycopg's errors as the store's: a lost server is E503, a value that does not fit its
        column is E400; anything else is a bug and stays as it is."""
        psycopg = self._psycopg
        try:
            yield
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"PostgreSQL connection lost: {_first_line(exc)}") from None
        except psycopg.DataError as exc:
            raise StoreError(f"a value does not fit its column: {_first_line(exc)}") from None

    def _run(self, fn: Callable[[Any], T], *, retry: bool) -> T:
        """``fn(connection)`` on this thread's transaction, or on a pooled connection; with
        ``retry``, again on another connection when one turns out to be dead."""
        con = self._tx_con()
        if con is not None:
            with self._errors():
                return fn(con)
        attempts = READ_ATTEMPTS if retry else 1
        for attempt in range(1, attempts + 1):
            try:
                with self._pool.connection() as con, self._errors():
                    return fn(con)
            except StoreUnavailable:
                if attempt == attempts or self._closed:
                    raise
                log.warning("PostgreSQL connection lost during a read; trying another connection")
        raise AssertionError("unreachable")

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A connection for a long read (a server-side cursor that streams an export)."""
        con = self._tx_con()
        if con is not None:
            yield con
            return
        with self._pool.connection() as con, self._errors():
            yield con

    # ------------------------------------------------------------------ primitives

    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        def run(con: Any) -> tuple[list[str], list[tuple]]:
            cur = con.execute(_pg_sql(sql), list(params))
            cols = [d.name for d in cur.description] if cur.description else []
            return cols, cur.fetchall() if cur.description else []

        return self._run(run, retry=True)

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(lambda con: con.execute(_pg_sql(sql), list(params) if params else None), retry=False)

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(columns)

        def run(con: Any) -> None:
            with con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)

        self._run(run, retry=False)

    def _upsert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """``COPY`` into a session's staging table, then ``INSERT ... ON CONFLICT DO UPDATE``: a
        stored row is updated in place (a HOT update when no indexed column changed, so its
        indexes gain no entries), instead of a dead row and new index entries per write."""
        if not rows:
            return
        cols = ", ".join(columns)
        stage = f"marsad_stage_{table}_{len(columns)}"  # a migration that adds columns gets a new one
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns[1:])

        def run(con: Any) -> None:
            con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA")
            with con.cursor() as cur, cur.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} "
                        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {sets}")
            con.execute(f"DELETE FROM {stage}")

        self._run(run, retry=False)

    def insert_frame(self, table: str, df) -> None:
        """Bulk-load a DataFrame through ``COPY ... FORMAT csv`` (NULL as an unquoted empty field)."""
        import csv
        import io

        cols = ", ".join(df.columns)

        def run(con: Any) -> None:
            with con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                step = 200_000
                for i in range(0, len(df), step):
                    buf = io.StringIO()
                    df.iloc[i : i + step].to_csv(buf, index=False, header=False, quoting=csv.QUOTE_MINIMAL)
                    copy.write(buf.getvalue())

        with self._tx():
            self._run(run, retry=False)
            self._after_frame(table, df)

    def _begin(self) -> None:
        """Take a connection for this thread's transaction; a dead one is replaced before
        ``BEGIN`` has done anything, so that much is safe to retry."""
        for attempt in (1, 2):
            con = self._pool.get()
            try:
                with self._errors():
                    con.execute("BEGIN")
            except StoreUnavailable:
                self._pool.put(con)
                if attempt == 2:
                    raise
                continue
            self._local.con = con
            return

    def _end(self, statement: str) -> None:
        con = self._tx_con()
        self._local.con = None
        try:
            with self._errors():
                con.execute(statement)
        finally:
            self._pool.put(con)  # a broken connection is closed, not kept

    def _commit(self) -> None:
        self._end("COMMIT")

    def _rollback(self) -> None:
        self._end("ROLLBACK")

    def _write_lock(self) -> None:
        self._exec("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))

    def _tables(self) -> set[str]:
        _, rows = self._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in rows}

    def _close(self) -> None:
        self._pool.close()

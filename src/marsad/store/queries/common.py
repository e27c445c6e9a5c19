"""What every part of the Store shares: database values to plain Python, ``LIKE`` patterns,
and :class:`SqlHelpers`, the query helpers over the backend primitives (``_query``, ``_tx``)
that the resource mixins call, signed pagination cursors (:mod:`marsad.store.cursors`) among them.

Reads do not take the store's lock: each backend reads on a connection of the calling thread
(inside that thread's transaction when it has one), so threads read side by side; writes go
through ``_tx``, one at a time."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from marsad.errors import StoreError
from marsad.store import cursors

# ``LIKE ? ESCAPE '\'``: with :func:`contains`, a filter's own %, _ and \ match only themselves
LIKE = "LIKE ? ESCAPE '\\'"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def contains(text: Any) -> str:
    """The ``LIKE`` pattern (for :data:`LIKE`) matching strings that contain ``text`` as typed."""
    s = str(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{s}%"


def cursor_id(cursor: Any) -> str:
    """A cursor that is not a signed one, taken as the id of the last row seen (which works as a
    cursor too): a string no id can be (too long, NUL inside) is refused here."""
    if not isinstance(cursor, str) or len(cursor) > cursors.MAX_TEXT or "\x00" in cursor:
        raise bad_cursor(cursor)
    return cursor


def bad_cursor(cursor: Any) -> StoreError:
    shown = cursor if len(str(cursor)) <= 80 else str(cursor)[:77] + "..."
    return StoreError(f"cursor={shown!r} is not a cursor returned by this store (pass the "
                      "next_cursor of the previous page, or the id of the last row seen)")


def to_json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False, default=str)


def from_json(v: Any, default: Any = None) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return default
    try:
        return json.loads(v)
    except (TypeError, ValueError):
        return default


def clean(v: Any) -> Any:
    """Database scalars to plain Python (dates to ISO strings, NaN to None)."""
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, str | bytes):  # numpy scalar
        return v.item()
    return v


def _is_plain(v: Any) -> bool:
    """Whether :func:`clean` leaves ``v`` as it is."""
    t = type(v)
    return v is None or t is str or t is int or t is bool or (t is float and v == v)


def plain_rows(cols: list[str], rows: list[tuple], drop: Sequence[str] = ()) -> list[dict]:
    """Query results as dicts of plain Python values (see :func:`clean`), less ``drop``: what
    :func:`to_frame` holds, without a DataFrame (whole numbers stay whole where a frame would
    turn a column with missing values into floats)."""
    keep = [i for i, c in enumerate(cols) if c not in drop]
    names = [cols[i] for i in keep]
    return [dict(zip(names, (v if _is_plain(v) else clean(v) for v in (r[i] for i in keep)), strict=True))
            for r in rows]


def to_frame(cols: list[str], rows: list[tuple], drop: Sequence[str] = ()) -> pd.DataFrame:
    """Query results as a DataFrame of plain Python values (see :func:`clean`), less ``drop``.
    Columns whose values are all plain already (most often all None) are not mapped again."""
    df = pd.DataFrame.from_records(rows, columns=cols)
    df = df.drop(columns=[c for c in drop if c in df.columns])
    for c in df.columns:
        if df[c].dtype == object and not all(map(_is_plain, df[c].tolist())):
            df[c] = df[c].map(clean)
    return df


class SqlHelpers:
    """Rows, scalars and DataFrames from SQL; ``IN`` lists; keyset pagination."""

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        cols, rows = self._query(sql, params)
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        _, rows = self._query(sql, params)
        return rows[0][0] if rows else None

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        cols, rows = self._query(sql, params)
        return to_frame(cols, rows)

    # ------------------------------------------------------------------ signed cursors

    def _cursor_secret(self) -> bytes:
        """The database's cursor key, made (once, by whichever process comes first) when missing.
        A database too old to keep one gets a key for this process alone."""
        secret = getattr(self, "_cursor_key", None)
        if secret is None:
            if "store_keys" not in self._table_cache():
                secret = bytes.fromhex(cursors.new_secret())
            else:
                secret = bytes.fromhex(self._stored_secret(cursors.KEY_NAME))
            self._cursor_key = secret
        return secret

    def _stored_secret(self, name: str) -> str:
        found = self._scalar("SELECT secret FROM store_keys WHERE name = ?", (name,))
        if found is None:
            with self._tx():
                self._exec("INSERT INTO store_keys (name, secret, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (name) DO NOTHING", (name, cursors.new_secret(), now()))
            found = self._scalar("SELECT secret FROM store_keys WHERE name = ?", (name,))
        return str(found)

    def _make_cursor(self, listing: str, values: Sequence[Any]) -> str:
        return cursors.make(self._cursor_secret(), listing, values)

    def _read_cursor(self, listing: str, cursor: str, shape: Callable[[list], bool]) -> list | None:
        """The key of a cursor this database signed for ``listing``; None for any other string."""
        return cursors.read(self._cursor_secret(), listing, cursor, shape)

    @staticmethod
    def _in(values: Iterable[Any]) -> tuple[str, list]:
        vals = list(values)
        if not vals:
            return "(NULL)", []
        return "(" + ",".join("?" * len(vals)) + ")", vals

    def _where_in(self, col: str, values: Iterable[Any] | None, conds: list[str], params: list) -> None:
        """Add ``col IN (...)`` to ``conds`` and its values to ``params``; nothing for no values."""
        vals = list(values or ())
        if vals:
            sql_in, p = self._in(vals)
            conds.append(f"{col} IN {sql_in}")
            params += p

    def _in_chunks(self, values: Iterable[Any], size: int = 500) -> Iterator[tuple[str, list]]:
        vals = list(dict.fromkeys(values))
        for i in range(0, len(vals), size):
            yield self._in(vals[i : i + size])

    def _table_cache(self) -> set[str]:
        if getattr(self, "_tables_seen", None) is None or self.schema_version != getattr(self, "_tables_at", None):
            self._tables_seen = self._tables()
            self._tables_at = self.schema_version
        return self._tables_seen

    def _keyset(self, key_sql: str, cursor: str | None, table: str, params: list, id_col: str = "id") -> str:
        """SQL condition continuing after ``cursor`` for ``ORDER BY key DESC, id ASC``. The cursor is
        our opaque string or the id of the last row seen."""
        return self._keyset_after(key_sql, self._cursor_after(key_sql, cursor, table, id_col), params, id_col)

    @staticmethod
    def _keyset_after(key_sql: str, after: tuple[Any, Any] | None, params: list, id_col: str = "id") -> str:
        """:meth:`_keyset` from the key and id of the last row seen (None: from the start)."""
        if after is None:
            return ""
        k, last_id = after
        params += [k, k, last_id]
        # the key's bound on its own, so that an index on (key DESC, id) gives a range scan
        return f" AND {key_sql} <= ? AND ({key_sql} < ? OR {id_col} > ?)"

    def _cursor_after(self, key_sql: str, cursor: str | None, table: str, id_col: str = "id") -> tuple[Any, Any] | None:
        """The sort key and id of the last row seen, from ``cursor`` (our opaque string or the id of
        that row); None for no cursor."""
        if not cursor:
            return None
        key = self._read_cursor(table.split()[0], cursor, cursors.day_and_id)
        if key is not None:
            return date.fromisoformat(key[0]), key[1]
        rows = self._dicts(f"SELECT {key_sql} AS k, {id_col} AS id FROM {table} WHERE {id_col} = ?",
                           (cursor_id(cursor),))
        if not rows:
            raise bad_cursor(cursor)
        return rows[0]["k"], rows[0]["id"]

    def _paged(self, sql: str, params: list, key_sql: str, limit: int, id_col: str = "id",
               listing: str = "") -> pd.DataFrame:
        """Run ``sql`` (which selects ``id`` and the sort key as ``_k``) as one page ordered by
        ``key DESC, id ASC``; ``df.attrs['cursor']`` continues after a full page."""
        cols, rows, cursor = self._page_query(sql, params, key_sql, limit, id_col, listing)
        df = to_frame(cols, rows, drop=["_k"])
        df.attrs["cursor"] = cursor
        return df

    def _page_query(self, sql: str, params: list, key_sql: str, limit: int, id_col: str = "id",
                    listing: str = "") -> tuple[list[str], list[tuple], str | None]:
        """:meth:`_paged` as the query's columns and rows (``_k`` among them) and the cursor."""
        sql += f" ORDER BY {key_sql} DESC, {id_col} ASC LIMIT {int(limit)}"
        cols, rows = self._query(sql, params)
        cursor = None
        if len(rows) == limit and rows:
            last = dict(zip(cols, rows[-1], strict=True))
            cursor = self._make_cursor(listing, [last["_k"], last["id"]])
        return cols, rows, cursor

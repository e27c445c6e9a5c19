"""What every part of the Store shares: database values to plain Python, opaque pagination
cursors, and :class:`SqlHelpers`, the query helpers over the backend primitives (``_query`` and the
store's lock) that the resource mixins call."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from marsad.errors import StoreError


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, date | datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> list | None:
    """The sort key inside an opaque cursor, or None when ``cursor`` is not one of ours."""
    try:
        pad = "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(cursor + pad).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, list) else None


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
        with self._lock:
            cols, rows = self._query(sql, params)
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            _, rows = self._query(sql, params)
        return rows[0][0] if rows else None

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._lock:
            cols, rows = self._query(sql, params)
        return to_frame(cols, rows)

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
        if not cursor:
            return ""
        key = decode_cursor(cursor)
        if key is None or len(key) != 2:
            rows = self._dicts(f"SELECT {key_sql} AS k, {id_col} AS id FROM {table} WHERE {id_col} = ?", (cursor,))
            if not rows:
                raise StoreError(f"cursor={cursor!r} is not a cursor returned by this store")
            k, last_id = rows[0]["k"], rows[0]["id"]
        else:
            k, last_id = key
            try:
                k = date.fromisoformat(k) if isinstance(k, str) else k
            except ValueError:
                raise StoreError(f"cursor={cursor!r} is not a cursor returned by this store") from None
        params += [k, k, last_id]
        # the key's bound on its own, so that an index on (key DESC, id) gives a range scan
        return f" AND {key_sql} <= ? AND ({key_sql} < ? OR {id_col} > ?)"

    def _paged(self, sql: str, params: list, key_sql: str, limit: int, id_col: str = "id") -> pd.DataFrame:
        """Run ``sql`` (which selects ``id`` and the sort key as ``_k``) as one page ordered by
        ``key DESC, id ASC``; ``df.attrs['cursor']`` continues after a full page."""
        sql += f" ORDER BY {key_sql} DESC, {id_col} ASC LIMIT {int(limit)}"
        with self._lock:
            cols, rows = self._query(sql, params)
        cursor = None
        if len(rows) == limit and rows:
            last = dict(zip(cols, rows[-1], strict=True))
            cursor = encode_cursor([last["_k"], last["id"]])
        df = to_frame(cols, rows, drop=["_k"])
        df.attrs["cursor"] = cursor
        return df

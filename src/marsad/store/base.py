"""The Store: one SQL layer shared by the DuckDB and PostgreSQL backends.

A backend implements six primitives (:meth:`Store._query`, :meth:`Store._exec`,
:meth:`Store._insert`, :meth:`Store._begin` / ``_commit`` / ``_rollback``, :meth:`Store._tables`);
everything else (schema migrations, ingest with fusion, queries, review and audit) lives here and is
written in the SQL both engines accept, with ``?`` placeholders.

Writes happen inside one transaction per ingest batch or review action, behind a lock (one writer
per store object; PostgreSQL adds a transaction-scoped advisory lock so that two processes do not fuse
the same event twice).
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from marsad.errors import ModelError, NotFound, SchemaTooNew, StoreError
from marsad.model import ACTOR_KINDS, RELATION_TYPES, Document, Report, check_date
from marsad.ontology import PLOVER_TYPES
from marsad.store import fuse as fz
from marsad.store import migrations
from marsad.store.filters import (
    PERIODS,
    EventFilter,
    active_on,
    as_list,
    check_choice,
    check_limit,
    day_range,
    parse_date,
)
from marsad.store.fusion.ingest import FusionIngest
from marsad.store.fusion.refresh import FusionRefresh
from marsad.store.fusion.review import FusionReview
from marsad.store.profile import claims_about, group_links
from marsad.store.rows import report_rows

log = logging.getLogger(__name__)

EVENT_COLUMNS = (
    "id", "type", "mode", "subtype", "date", "date_precision", "place_id", "place_name", "admin1",
    "country", "lat", "lon", "source_actor_id", "source_actor_name", "target_actor_id",
    "target_actor_name", "fatalities", "injuries", "certainty", "confidence", "status", "credibility",
    "corroboration", "first_reported", "first_document", "merged_into",
)
EVENT_TABLE_COLUMNS = EVENT_COLUMNS + ("day_lo", "day_hi", "fused_from", "updated_at")
SOURCE_COLUMNS = (
    "doc_id", "ordinal", "event_id", "type", "mode", "subtype", "date", "date_precision", "date_text",
    "place_id", "place_name", "admin1", "country", "lat", "lon", "source_actor_id",
    "source_actor_name", "target_actor_id", "target_actor_name", "fatalities", "injuries",
    "certainty", "confidence", "evidence_start", "evidence_end", "evidence_text", "as_of",
)
# Columns added by migration 5 (fusion v2); older schemas are written without them.
SOURCE_V2_COLUMNS = ("match_score", "match_features")
EVENT_V2_COLUMNS = ("evidence_text", "independent_sources")
FUSION_V2 = 7  # the migration that adds fusion scores (m0007_fusion_scores)
DOC_COLUMNS = (
    "id", "sha256", "revision", "title", "published", "published_day", "source", "url", "language",
    "path", "reliability", "text", "ingested_at", "extractor",
)
MENTION_COLUMNS = ("id", "doc_id", "kind", "ref_id", "name", "text", "span_start", "span_end", "reason", "status")
ACTOR_COLUMNS = (
    "id", "name", "kind", "sector", "acled_inter", "country", "aliases", "description", "roles",
    "titles", "origin", "status", "merged_into",
)
PLACE_COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "aliases", "parent", "origin", "status")
AFFILIATION_COLUMNS = (
    "id", "source", "type", "target", "start_date", "end_date", "start_day", "end_day", "note",
    "origin", "doc_id", "span_start", "span_end", "evidence",
)
CLAIM_COLUMNS = (
    "id", "doc_id", "value", "unit", "approximate", "subject", "period_start", "period_end",
    "qualifier", "value_text", "evidence_start", "evidence_end", "evidence_text", "as_of", "day_lo",
    "day_hi", "group_id", "status", "credibility",
)
GROUP_COLUMNS = ("id", "unit", "subject", "keywords", "period_start", "period_end")
RELATION_COLUMNS = (
    "id", "doc_id", "source_id", "source_name", "type", "target_id", "target_name",
    "evidence_start", "evidence_end", "evidence_text", "confidence", "as_of", "status", "credibility",
)
FAR_PAST = date(1, 1, 1)

REVIEW_ACTIONS = ("confirm", "reject", "edit")
GRADES = tuple("ABCDEF")


@dataclass(frozen=True)
class _Kind:
    table: str
    editable: dict[str, Callable[[Any], Any]]
    has_status: bool = True
    refuse: bool = True  # whether re-ingestion must honour its overrides


def _int_or_none(v: Any) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError("not a number")
    n = int(v)
    if n < 0 or float(v) != n:
        raise ValueError("not a whole number >= 0")
    return n


def _credibility(v: Any) -> int:
    n = int(v)
    if isinstance(v, bool) or not 1 <= n <= 6 or float(v) != n:
        raise ValueError("credibility is 1 (confirmed) to 6 (cannot be judged)")
    return n


def _grade(v: Any) -> str:
    g = str(v).strip().upper()
    if g not in GRADES:
        raise ValueError("reliability is an Admiralty grade A (reliable) to F (cannot be judged)")
    return g


def _type(v: Any) -> str:
    t = str(v).upper()
    if t not in PLOVER_TYPES:
        raise ValueError(f"type is one of {', '.join(PLOVER_TYPES)}")
    return t


def _date(v: Any) -> str | None:
    if v in (None, ""):
        return None
    check_date(str(v))
    return str(v)


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _float(v: Any) -> float | None:
    return None if v in (None, "") else float(v)


def _country(v: Any) -> str | None:
    if v in (None, ""):
        return None
    s = str(v).strip()
    if len(s) != 2 or not s.isalpha():
        raise ValueError("country is an ISO 3166-1 alpha-2 code")
    return s.upper()


def _one_of(what: str, allowed: Sequence[str]) -> Callable[[Any], str]:
    """A validator accepting exactly one of ``allowed`` (its message names ``what``)."""

    def check(v: Any) -> str:
        s = str(v)
        if s not in allowed:
            raise ValueError(f"{what} is one of {', '.join(allowed)}")
        return s

    return check


_certainty = _one_of("certainty", ("asserted", "reported", "denied", "hypothetical"))
_relation_type = _one_of("type", RELATION_TYPES)
_actor_kind = _one_of("kind", ACTOR_KINDS)


def _aliases(v: Any) -> str:
    items = as_list(v) or []
    return json.dumps(items, ensure_ascii=False)


KINDS: dict[str, _Kind] = {
    "event": _Kind("events", {
        "type": _type, "mode": _text, "subtype": _text, "date": _date, "place_id": _text,
        "place_name": _text, "admin1": _text, "country": _country, "lat": _float, "lon": _float,
        "source_actor_id": _text, "source_actor_name": _text, "target_actor_id": _text,
        "target_actor_name": _text, "fatalities": _int_or_none, "injuries": _int_or_none,
        "certainty": _certainty, "credibility": _credibility,
    }),
    "claim": _Kind("claims", {
        "value": float, "unit": _text, "subject": _text, "period_start": _date, "period_end": _date,
        "credibility": _credibility,
    }),
    "relation": _Kind("relations", {
        "type": _relation_type, "source_id": _text, "target_id": _text, "credibility": _credibility,
    }),
    "actor": _Kind("actors", {
        "name": str, "kind": _actor_kind, "sector": _text, "acled_inter": _int_or_none,
        "country": _country, "description": _text, "aliases": _aliases,
    }, refuse=False),
    "place": _Kind("places", {
        "name": str, "admin1": _text, "country": _country, "lat": _float, "lon": _float,
    }, refuse=False),
    "mention": _Kind("mentions", {"ref_id": _text, "name": _text}),
    "document": _Kind("documents", {
        "reliability": _grade, "title": _text, "source": _text, "url": _text,
    }, has_status=False, refuse=False),
}


@dataclass
class IngestStats:
    """What one :meth:`Store.ingest` call did."""

    documents: int = 0  # (document, report) pairs seen
    new: int = 0  # documents stored for the first time
    revised: int = 0  # documents whose text changed: new revision, old facts replaced
    unchanged: int = 0  # same id and content hash: nothing written
    events_new: int = 0  # fused events created
    events_fused: int = 0  # reported events attached to an existing fused event
    claims: int = 0
    relations: int = 0
    failures: int = 0  # filled by Workbench.ingest
    batches: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# What makes a stored document the same as a read one: its text, and each metadata field the read
# document gives (a field it leaves out keeps the stored value).
_DOC_KEY = ("sha256", "published", "title", "source", "url")


def _same_document(doc: Document, stored: dict | None) -> bool:
    if not stored or stored["sha256"] != doc.sha256:
        return False
    return all(getattr(doc, k) is None or getattr(doc, k) == stored[k] for k in _DOC_KEY[1:])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, date | datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> list | None:
    """The sort key inside an opaque cursor, or None when ``cursor`` is not one of ours."""
    try:
        pad = "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(cursor + pad).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, list) else None


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False, default=str)


def _unjson(v: Any, default: Any = None) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return default
    try:
        return json.loads(v)
    except (TypeError, ValueError):
        return default


def _clean(v: Any) -> Any:
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


def _period_label(p: Any, by: str) -> str | None:
    """A ``date_trunc`` result as the label of its period: ``2024-01-22`` (week, its Monday),
    ``2024-01`` (month) or ``2024`` (year)."""
    if p is None:
        return None
    if isinstance(p, date | datetime):
        p = (p.date() if isinstance(p, datetime) else p).isoformat()
    return str(p)[: {"week": 10, "month": 7, "year": 4}[by]]


def _check_period(by: str, name: str = "by") -> None:
    if by not in PERIODS:
        raise StoreError(f"{name}={by!r} is not one of: {', '.join(PERIODS)}")


# What Store.counts can group by: key -> column of the events table (None: computed).
COUNT_KEYS: dict[str, str | None] = {
    "period": None, "actor": None, "type": "type", "mode": "mode", "admin1": "admin1",
    "country": "country", "place": "place_id", "status": "status",
}


def _to_frame(cols: list[str], rows: list[tuple], drop: Sequence[str] = ()) -> pd.DataFrame:
    """Query results as a DataFrame of plain Python values (see :func:`_clean`), less ``drop``."""
    df = pd.DataFrame.from_records(rows, columns=cols)
    df = df.drop(columns=[c for c in drop if c in df.columns])
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(_clean)
    return df


class Store(FusionIngest, FusionReview, FusionRefresh, ABC):
    """A sourced knowledge base over one database. Use :func:`marsad.store.open_store`."""

    dialect = "sql"

    EVENT_COLUMNS = EVENT_COLUMNS

    def __init__(self, url: str):
        self.url = url
        self.schema_version = 0
        self._lock = threading.RLock()
        self._depth = 0
        self._closed = False

    # ------------------------------------------------------------------ backend primitives

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Run a query; return column names and rows."""

    @abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run a statement."""

    @abstractmethod
    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Bulk-insert rows (tuples in ``columns`` order)."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _tables(self) -> set[str]:
        """Names of the tables in the store's schema."""

    @abstractmethod
    def _close(self) -> None: ...

    def _write_lock(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Serialise writers across processes (a no-op where the engine already does)."""

    def insert_frame(self, table: str, df: pd.DataFrame) -> None:
        """Bulk-load a DataFrame whose columns are a subset of ``table``'s (used by benchmarks and
        importers). Runs in its own transaction."""
        with self._tx():
            self._insert(table, list(df.columns), list(df.itertuples(index=False, name=None)))

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin()
            self._depth = 1
            try:
                self._write_lock()
                yield
            except BaseException:
                self._depth = 0
                try:
                    self._rollback()
                except Exception:  # the connection may already be gone
                    log.exception("rollback failed")
                raise
            else:
                self._depth = 0
                self._commit()

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
        return _to_frame(cols, rows)

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

    # ------------------------------------------------------------------ schema

    def _migrate(self, migrate: bool = True, target: int | None = None) -> None:
        """Bring the schema to ``target`` (default: the latest); refuse a newer database."""
        with self._lock:
            if "schema_migrations" not in self._tables():
                with self._tx():
                    self._exec(
                        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL)"
                    )
            current = self._scalar("SELECT max(version) FROM schema_migrations") or 0
            if current > migrations.LATEST:
                raise SchemaTooNew(
                    f"the database {self.url} has schema version {current}, newer than this Marsad "
                    f"understands (up to {migrations.LATEST}); upgrade Marsad to open it"
                )
            goal = migrations.LATEST if target is None else target
            pending = [(v, n) for v, n in migrations.MIGRATIONS if current < v <= goal]
            if pending and not migrate:
                raise StoreError(
                    f"the database {self.url} has schema version {current}; version {goal} is needed "
                    "(open it with migrate=True to upgrade)"
                )
            for version, name in pending:
                module = migrations.load(version, name)
                log.info("migrating %s to schema %d (%s)", self.url, version, name)
                with self._tx():
                    if hasattr(module, "SQL"):
                        for stmt in migrations.statements(module.SQL):
                            self._exec(stmt)
                    if hasattr(module, "up"):
                        module.up(self)
                    self._exec(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        (version, name, _now()),
                    )
                current = version
            self.schema_version = current

    def migrations(self) -> pd.DataFrame:
        """The applied migrations: version, name, applied_at."""
        return self._frame("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")

    # ------------------------------------------------------------------ knowledge pack

    def load_pack(self, pack: Any) -> dict[str, int]:
        """Upsert a knowledge pack's actors, places and affiliations (origin ``pack``); review state
        (status, merges) of existing rows is kept."""
        actors = list(pack.actors.values())
        places = list(pack.places.values())
        with self._tx():
            keep: dict[str, tuple] = {}
            for sql_in, params in self._in_chunks([a.id for a in actors]):
                for r in self._dicts(f"SELECT id, status, merged_into FROM actors WHERE id IN {sql_in}", params):
                    keep[r["id"]] = (r["status"], r["merged_into"])
                self._exec(f"DELETE FROM actors WHERE id IN {sql_in}", params)
            rows = []
            for a in actors:
                status, merged = keep.get(a.id, ("draft", None))
                rows.append((
                    a.id, a.name, a.kind, a.sector, a.acled_inter, a.country,
                    json.dumps(list(a.aliases), ensure_ascii=False), a.description,
                    json.dumps([r.to_dict() for r in a.roles], ensure_ascii=False),
                    json.dumps(list(a.titles), ensure_ascii=False), "pack", status, merged,
                ))
            self._insert("actors", ACTOR_COLUMNS, rows)
            pstate: dict[str, str] = {}
            for sql_in, params in self._in_chunks([p.id for p in places]):
                for r in self._dicts(f"SELECT id, status FROM places WHERE id IN {sql_in}", params):
                    pstate[r["id"]] = r["status"]
                self._exec(f"DELETE FROM places WHERE id IN {sql_in}", params)
            self._insert("places", PLACE_COLUMNS, [
                (p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon,
                 json.dumps(list(p.aliases), ensure_ascii=False), p.parent, "pack", pstate.get(p.id, "draft"))
                for p in places
            ])
            self._exec("DELETE FROM affiliations WHERE origin = 'pack'")
            arows = []
            for i, af in enumerate(pack.affiliations):
                arows.append((
                    "af-pack-" + fz.short_hash(af.source, af.type, af.target, af.start, af.end, i),
                    af.source, af.type, af.target, af.start, af.end,
                    day_range(af.start)[0] if af.start else None,
                    day_range(af.end)[1] if af.end else None,
                    af.note, "pack", None, None, None, None,
                ))
            self._insert("affiliations", AFFILIATION_COLUMNS, arows)
        return {"actors": len(actors), "places": len(places), "affiliations": len(arows)}

    # ------------------------------------------------------------------ ingest

    def known_documents(self, ids: Iterable[str]) -> dict[str, str]:
        """``{doc id: sha256}`` for the ids already stored (to skip unchanged documents early)."""
        out: dict[str, str] = {}
        for sql_in, params in self._in_chunks(ids):
            for r in self._dicts(f"SELECT id, sha256 FROM documents WHERE id IN {sql_in}", params):
                out[r["id"]] = r["sha256"]
        return out

    def changed_documents(self, docs: Iterable[Document]) -> list[Document]:
        """The documents that are new, or whose text or given metadata differ from the stored
        revision (those :meth:`ingest` would write); in order."""
        docs = list(docs)
        stored: dict[str, dict] = {}
        for sql_in, params in self._in_chunks({d.id for d in docs}):
            for r in self._dicts(f"SELECT id, {', '.join(_DOC_KEY)} FROM documents WHERE id IN {sql_in}",
                                 params):
                stored[r["id"]] = r
        return [d for d in docs if not _same_document(d, stored.get(d.id))]

    def record_failure(self, path: str, reason: str) -> None:
        """Remember a document that could not be read or extracted (listed by :meth:`failed`)."""
        reason = " ".join(str(reason).split())[:1000]
        with self._tx():
            self._exec("DELETE FROM failures WHERE path = ? AND reason = ?", (str(path), reason))
            self._insert("failures", ("path", "reason", "failed_at"), [(str(path), reason, _now())])

    def clear_failure(self, path: str) -> None:
        with self._tx():
            self._exec("DELETE FROM failures WHERE path = ?", (str(path),))

    def ingest(
        self,
        items: Iterable[tuple[Document, Report]],
        *,
        batch_size: int = 200,
        progress: Callable[[int], None] | None = None,
    ) -> IngestStats:
        """Store (document, report) pairs, ``batch_size`` per transaction, fusing their events with
        the events already stored. Idempotent: an unchanged document (same id and content hash)
        writes nothing; a changed one becomes a new revision whose facts replace the old ones.
        ``progress(n)`` is called after each committed batch with the number of pairs in it."""
        if batch_size < 1:
            raise StoreError(f"batch_size={batch_size} must be at least 1")
        stats = IngestStats()
        t0 = time.perf_counter()
        batch: list[tuple[Document, Report]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                self._ingest_batch(batch, stats)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            self._ingest_batch(batch, stats)
            if progress:
                progress(len(batch))
        stats.seconds = round(time.perf_counter() - t0, 3)
        return stats

    def _ingest_batch(self, batch: list[tuple[Document, Report]], stats: IngestStats) -> None:
        stats.documents += len(batch)
        stats.batches += 1
        last: dict[str, tuple[Document, Report]] = {}
        for doc, rep in batch:
            if rep.document.id != doc.id:
                raise StoreError(f"report for {rep.document.id!r} paired with document {doc.id!r}")
            last[doc.id] = (doc, rep)
        with self._tx():
            prev: dict[str, dict] = {}
            for sql_in, params in self._in_chunks(last):
                for r in self._dicts(
                    f"SELECT id, revision, reliability, {', '.join(_DOC_KEY)} FROM documents "
                    f"WHERE id IN {sql_in}", params
                ):
                    prev[r["id"]] = r
            work: list[tuple[Document, Report, int, str]] = []
            replaced: list[str] = []
            grades = self._source_grades()
            for doc_id, (doc, rep) in last.items():
                p = prev.get(doc_id)
                if _same_document(doc, p):
                    stats.unchanged += 1
                    continue
                if p:
                    replaced.append(doc_id)
                    stats.revised += 1
                    work.append((doc, rep, int(p["revision"]) + 1, p["reliability"] or "F"))
                else:
                    stats.new += 1
                    work.append((doc, rep, 1, grades.get(doc.source or rep.document.source or "", "F")))
            stats.unchanged += len(batch) - len(last)
            if not work:
                return
            touched = self._remove_documents(replaced) if replaced else set()
            self._write_documents(work, stats)
            fused, created = self._fuse_sources(work, stats)
            grown = fused - created - touched
            touched |= created | self._refresh_events(grown, {doc.id for doc, *_ in work})
            self._recompute_events(touched)

    def _remove_documents(self, doc_ids: list[str]) -> set[str]:
        """Delete the facts of these documents' old revisions; return the events they fed."""
        touched: set[str] = set()
        for sql_in, params in self._in_chunks(doc_ids):
            touched |= {r["event_id"] for r in self._dicts(
                f"SELECT DISTINCT event_id FROM event_sources WHERE doc_id IN {sql_in}", params)}
            for table in ("event_sources", "mentions", "claims", "relations"):
                self._exec(f"DELETE FROM {table} WHERE doc_id IN {sql_in}", params)
            self._exec(f"DELETE FROM affiliations WHERE origin = 'document' AND doc_id IN {sql_in}", params)
            self._exec(f"DELETE FROM documents WHERE id IN {sql_in}", params)
        self._exec(
            "DELETE FROM claim_groups WHERE id NOT IN "
            "(SELECT group_id FROM claims WHERE group_id IS NOT NULL)"
        )
        return touched

    def _actor_redirects(self) -> dict[str, str]:
        return {r["id"]: r["merged_into"] for r in self._dicts(
            "SELECT id, merged_into FROM actors WHERE merged_into IS NOT NULL")}

    def _write_documents(self, work, stats: IngestStats) -> None:
        rows = report_rows(work, now=_now(), redirect=self._actor_redirects())
        docs, mentions, claims, relations = rows.documents, rows.mentions, rows.claims, rows.relations
        actors, places, affs = rows.actors, rows.places, rows.affiliations
        self._insert("documents", DOC_COLUMNS, docs)
        mrows = {k: list(v) for k, v in mentions.items()}
        self._apply_overrides("mention", mrows, MENTION_COLUMNS)
        self._insert("mentions", MENTION_COLUMNS, [tuple(v) for v in mrows.values()])
        existing = set()
        for sql_in, params in self._in_chunks(actors):
            existing |= {r["id"] for r in self._dicts(f"SELECT id FROM actors WHERE id IN {sql_in}", params)}
        self._insert("actors", ACTOR_COLUMNS, [
            (a_id, name or a_id, kind, None, None, None, "[]", None, "[]", "[]", "document", "draft", None)
            for a_id, name, kind in actors.values() if a_id not in existing
        ])
        existing = set()
        for sql_in, params in self._in_chunks(places):
            existing |= {r["id"] for r in self._dicts(f"SELECT id FROM places WHERE id IN {sql_in}", params)}
        self._insert("places", PLACE_COLUMNS, [row for pid, row in places.items() if pid not in existing])
        self._group_claims(claims)
        self._apply_overrides("claim", claims, CLAIM_COLUMNS)
        self._apply_overrides("relation", relations, RELATION_COLUMNS)
        self._insert("claims", CLAIM_COLUMNS, [tuple(r) for r in claims.values()])
        self._insert("relations", RELATION_COLUMNS, [tuple(r) for r in relations.values()])
        self._insert("affiliations", AFFILIATION_COLUMNS, list(affs.values()))
        stats.claims += len(claims)
        stats.relations += len(relations)

    def _overrides(self, kind: str, ids: Iterable[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        if "overrides" not in self._table_cache():
            return out
        for sql_in, params in self._in_chunks(ids):
            for r in self._dicts(
                f"SELECT fact_id, status, fields FROM overrides WHERE kind = ? AND fact_id IN {sql_in}",
                [kind, *params],
            ):
                out[r["fact_id"]] = {"status": r["status"], "fields": _unjson(r["fields"], {})}
        return out

    def _table_cache(self) -> set[str]:
        if getattr(self, "_tables_seen", None) is None or self.schema_version != getattr(self, "_tables_at", None):
            self._tables_seen = self._tables()
            self._tables_at = self.schema_version
        return self._tables_seen

    def _apply_overrides(self, kind: str, rows: dict[str, list], columns: Sequence[str]) -> None:
        """Re-apply analysts' sticky decisions (status, edited fields) to re-created facts."""
        ov = self._overrides(kind, rows)
        pos = {c: i for i, c in enumerate(columns)}
        for fid, o in ov.items():
            row = rows[fid]
            if o["status"]:
                row[pos["status"]] = o["status"]
            for k, v in (o["fields"] or {}).items():
                if k in pos:
                    row[pos[k]] = v

    def _group_claims(self, claims: dict[str, list]) -> None:
        """Give each new claim a claim group (same unit, overlapping subject and period)."""
        units = sorted({(r[3] or "").lower() for r in claims.values() if r[3]})
        if not units:
            return
        groups: list[dict] = []
        for sql_in, params in self._in_chunks(units):
            groups += self._dicts(
                f"SELECT {', '.join(GROUP_COLUMNS)} FROM claim_groups WHERE lower(unit) IN {sql_in} ORDER BY id", params
            )
        touched: dict[str, dict] = {}
        for cid, r in claims.items():
            if not r[3]:
                continue
            claim = {"unit": r[3], "subject": r[5], "period_start": r[6], "period_end": r[7]}
            if not fz.groupable(claim):
                continue
            match = next((g for g in groups if fz.claim_matches_group(g, claim)), None)
            if match is None:
                match = {"id": "cg-" + fz.short_hash(r[3].lower(), cid), "unit": r[3], "subject": r[5],
                         "keywords": " ".join(sorted(fz.keywords(r[5], r[3]))), "period_start": r[6],
                         "period_end": r[7]}
                groups.append(match)
            else:
                fz.widen_group(match, claim)
            touched[match["id"]] = match
            r[16] = match["id"]
        for sql_in, params in self._in_chunks(touched):
            self._exec(f"DELETE FROM claim_groups WHERE id IN {sql_in}", params)
        self._insert("claim_groups", GROUP_COLUMNS, [tuple(g[c] for c in GROUP_COLUMNS) for g in touched.values()])

    def _fusion_v2(self) -> bool:
        return (self.schema_version or 0) >= FUSION_V2

    def _source_columns(self) -> tuple[str, ...]:
        return SOURCE_COLUMNS + (SOURCE_V2_COLUMNS if self._fusion_v2() else ())

    def _event_table_columns(self) -> tuple[str, ...]:
        return EVENT_TABLE_COLUMNS + (EVENT_V2_COLUMNS if self._fusion_v2() else ())

    def _event_read_columns(self) -> tuple[str, ...]:
        return EVENT_COLUMNS + (("evidence_text",) if self._fusion_v2() else ())

    # ------------------------------------------------------------------ pagination

    def _keyset(self, key_sql: str, cursor: str | None, table: str, params: list, id_col: str = "id") -> str:
        """SQL condition continuing after ``cursor`` for ``ORDER BY key DESC, id ASC``. The cursor is
        our opaque string or the id of the last row seen."""
        if not cursor:
            return ""
        key = _decode_cursor(cursor)
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
        return f" AND ({key_sql} < ? OR ({key_sql} = ? AND {id_col} > ?))"

    def _paged(self, sql: str, params: list, key_sql: str, limit: int, id_col: str = "id") -> pd.DataFrame:
        """Run ``sql`` (which selects ``id`` and the sort key as ``_k``) as one page ordered by
        ``key DESC, id ASC``; ``df.attrs['cursor']`` continues after a full page."""
        sql += f" ORDER BY {key_sql} DESC, {id_col} ASC LIMIT {int(limit)}"
        with self._lock:
            cols, rows = self._query(sql, params)
        cursor = None
        if len(rows) == limit and rows:
            last = dict(zip(cols, rows[-1], strict=True))
            cursor = _encode_cursor([last["_k"], last["id"]])
        df = _to_frame(cols, rows, drop=["_k"])
        df.attrs["cursor"] = cursor
        return df

    # ------------------------------------------------------------------ events

    def _event_where(self, f: EventFilter | None, alias: str = "") -> tuple[str, list]:
        f = (f or EventFilter()).checked()
        a = alias + "." if alias else ""
        conds: list[str] = []
        params: list = []
        if f.status:
            self._where_in(f"{a}status", f.status, conds, params)
        else:
            conds.append(f"{a}status <> 'merged'")
        if f.start:
            conds.append(f"{a}day_hi >= ?")
            params.append(day_range(f.start)[0])
        if f.end:
            conds.append(f"{a}day_lo <= ?")
            params.append(day_range(f.end)[1])
        for col, vals in (("type", f.type), ("mode", f.mode), ("country", f.country)):
            self._where_in(f"{a}{col}", vals, conds, params)
        self._where_in(f"lower({a}admin1)", [v.lower() for v in f.admin1 or ()], conds, params)
        if f.min_corroboration:
            conds.append(f"{a}corroboration >= ?")
            params.append(f.min_corroboration)
        if f.place:
            conds.append(f"{a}place_id = ?")
            params.append(f.place)
        if f.text:
            conds.append(
                f"EXISTS (SELECT 1 FROM event_sources xs WHERE xs.event_id = {a}id AND lower(xs.evidence_text) LIKE ?)"
            )
            params.append("%" + f.text.lower() + "%")
        if f.actor:
            cond = f"({a}source_actor_id = ? OR {a}target_actor_id = ?"
            params += [f.actor, f.actor]
            if f.include_affiliates:
                cond += (
                    f" OR EXISTS (SELECT 1 FROM affiliations af WHERE af.origin = 'pack' AND "
                    f"((af.source = ? AND af.target IN ({a}source_actor_id, {a}target_actor_id)) OR "
                    f"(af.target = ? AND af.source IN ({a}source_actor_id, {a}target_actor_id))) AND "
                    f"(af.start_day IS NULL OR {a}day_hi IS NULL OR {a}day_hi >= af.start_day) AND "
                    f"(af.end_day IS NULL OR {a}day_lo IS NULL OR {a}day_lo <= af.end_day))"
                )
                params += [f.actor, f.actor]
            conds.append(cond + ")")
        return " AND ".join(conds) or "TRUE", params

    def events(self, f: EventFilter | None = None, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Fused events matching ``f``, newest first (then by id). ``df.attrs['cursor']`` continues
        after the last row when the page is full; the id of the last row works as a cursor too."""
        limit = check_limit(limit)
        where, params = self._event_where(f)
        key = f"COALESCE(day_lo, DATE '{FAR_PAST.isoformat()}')"
        where += self._keyset(key, cursor, "events", params)
        sql = f"SELECT {', '.join(EVENT_COLUMNS)}, {key} AS _k FROM events WHERE {where}"
        return self._paged(sql, params, key, limit)

    def count_events(self, f: EventFilter | None = None) -> int:
        where, params = self._event_where(f)
        return int(self._scalar(f"SELECT count(*) FROM events WHERE {where}", params) or 0)

    def event(self, event_id: str) -> dict:
        """One fused event with ``sources`` (each document, its evidence span and the attributes it
        reported), ``conflicts`` (attributes on which sources disagree, each source's value) and
        ``fused_from`` (which document each fused attribute was taken from)."""
        extra = ", independent_sources" if self._fusion_v2() else ""
        rows = self._dicts(f"SELECT {', '.join(EVENT_COLUMNS)}, fused_from{extra} FROM events WHERE id = ?",
                           (event_id,))
        if not rows:
            raise NotFound(f"no event {event_id!r}")
        ev = {k: _clean(v) for k, v in rows[0].items()}
        ev["fused_from"] = _unjson(ev.get("fused_from"), {})
        srcs = self._dicts(
            "SELECT s.*, d.reliability, d.title, d.published, d.source AS outlet, d.url FROM event_sources s "
            "JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? ORDER BY s.doc_id, s.ordinal",
            (event_id,),
        )
        ev["conflicts"] = fz.conflicts_of(srcs)
        out = []
        for s in srcs:
            s = {k: _clean(v) for k, v in s.items()}
            s["evidence"] = {"start": s.pop("evidence_start"), "end": s.pop("evidence_end"), "text": s.pop("evidence_text")}
            s.pop("event_id", None)
            out.append(s)
        ev["sources"] = out
        overrides = self._overrides("event", [event_id]).get(event_id)
        ev["edited"] = sorted((overrides or {}).get("fields") or {})
        return ev

    def stats(self, f: EventFilter | None = None, by: str = "month") -> dict:
        """Counts of matching events: ``series`` by period x type, ``by_type``, ``by_admin1``,
        ``by_country`` and ``totals`` (events, sources, fatalities). ``by`` is week, month or year."""
        _check_period(by)
        where, params = self._event_where(f)
        # Separate GROUP BYs: measured faster on DuckDB than one GROUPING SETS scan, and no slower
        # on PostgreSQL (bench/ingest_and_query.py).
        series = []
        for r in self._dicts(
            f"SELECT date_trunc('{by}', day_lo) AS period, type, count(*) AS n FROM events "
            f"WHERE {where} AND day_lo IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", params,
        ):
            series.append({"period": _period_label(r["period"], by), "type": r["type"], "count": int(r["n"])})

        def counts(col: str) -> dict:
            return {
                (r["k"] if r["k"] is not None else "unknown"): int(r["n"])
                for r in self._dicts(
                    f"SELECT {col} AS k, count(*) AS n FROM events WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1",
                    params,
                )
            }

        tot = self._dicts(
            f"SELECT count(*) AS events, CAST(sum(corroboration) AS BIGINT) AS sources, "
            f"CAST(sum(fatalities) AS BIGINT) AS fatalities, "
            f"min(day_lo) AS first, max(day_hi) AS last FROM events WHERE {where}", params,
        )[0]
        return {
            "by": by,
            "series": series,
            "by_type": counts("type"),
            "by_admin1": counts("admin1"),
            "by_country": counts("country"),
            "totals": {k: _clean(v) if v is not None else (0 if k in ("events", "sources", "fatalities") else None)
                       for k, v in tot.items()},
        }

    def timeline(self, actor: str, by: str = "month", include_affiliates: bool = False) -> pd.DataFrame:
        """Events per period in which ``actor`` is source or target: period, as_source, as_target."""
        _check_period(by)
        where, params = self._event_where(EventFilter(actor=actor, include_affiliates=include_affiliates))
        df = self._frame(
            f"SELECT date_trunc('{by}', day_lo) AS period, "
            f"CAST(sum(CASE WHEN source_actor_id = ? THEN 1 ELSE 0 END) AS BIGINT) AS as_source, "
            f"CAST(sum(CASE WHEN target_actor_id = ? THEN 1 ELSE 0 END) AS BIGINT) AS as_target, count(*) AS events "
            f"FROM events WHERE {where} AND day_lo IS NOT NULL GROUP BY 1 ORDER BY 1",
            [actor, actor, *params],
        )
        return df

    def counts(self, f: EventFilter | None = None, by: str | Sequence[str] = ("period", "actor"),
               period: str = "month", top: int | None = None) -> pd.DataFrame:
        """Matching events counted by ``by`` in one query: a DataFrame with one column per key and
        ``n``, ordered by period, then most events first.

        Keys: ``period`` (labelled like :meth:`stats`; undated events are left out), ``actor``
        (each side of an event: an event between two actors counts for both, events without
        actors are left out; adds ``actor_name``), ``type``, ``mode``, ``admin1``, ``country``,
        ``place``, ``status``. ``top`` keeps the ``top`` combinations of the keys other than
        ``period`` with the most events (``counts(f, ("period", "actor"), top=12)``: the series of
        the 12 busiest actors)."""
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in COUNT_KEYS]
        if not keys or bad or len(set(keys)) != len(keys):
            raise StoreError(f"by={','.join(map(str, keys))!r} is not a list of distinct keys from: "
                             f"{', '.join(COUNT_KEYS)}")
        _check_period(period, "period")
        if top is not None:
            top = check_limit(top)
        where, params = self._event_where(f, alias="e")
        side = "CASE WHEN side.k = 1 THEN e.source_actor_id ELSE e.target_actor_id END"
        cols, conds, src = [], [where], "events e"
        for k in keys:
            expr = {"period": f"date_trunc('{period}', e.day_lo)", "actor": side}.get(k) or f"e.{COUNT_KEYS[k]}"
            cols.append(f"{expr} AS {k}")
        if "period" in keys:
            conds.append("e.day_lo IS NOT NULL")
        if "actor" in keys:
            src += " CROSS JOIN (VALUES (1), (2)) AS side(k)"
            conds.append(f"{side} IS NOT NULL")
            conds.append("(side.k = 1 OR e.source_actor_id IS NULL OR e.target_actor_id <> e.source_actor_id)")
        rows = f"SELECT {', '.join(cols)} FROM {src} WHERE {' AND '.join(conds)}"
        rest = [k for k in keys if k != "period"]
        grouped = ", ".join(f"x.{k}" for k in keys)
        sql = f"WITH x AS ({rows})"
        join = ""
        if top and rest:
            rk = ", ".join(rest)
            sql += f", t AS (SELECT {rk} FROM x GROUP BY {rk} ORDER BY count(*) DESC, {rk} LIMIT {top})"
            join = " JOIN t ON " + " AND ".join(f"x.{k} IS NOT DISTINCT FROM t.{k}" for k in rest)
        sql += f" SELECT c.*{', a.name AS actor_name' if 'actor' in keys else ''} FROM "
        sql += f"(SELECT {grouped}, count(*) AS n FROM x{join} GROUP BY {grouped}) c"
        if "actor" in keys:
            sql += " LEFT JOIN actors a ON a.id = c.actor"
        order = (["c.period"] if "period" in keys else []) + ["c.n DESC"] + [f"c.{k}" for k in rest]
        df = self._frame(sql + " ORDER BY " + ", ".join(order), params)
        df = df.reindex(columns=[*keys, "n", *(["actor_name"] if "actor" in keys else [])])
        if "period" in keys:
            df["period"] = [_period_label(p, period) for p in df["period"]]
        if "actor" in keys:
            df["actor_name"] = [n if n is not None else a for a, n in zip(df["actor"], df["actor_name"], strict=True)]
        df["n"] = df["n"].astype("int64")
        return df

    # ------------------------------------------------------------------ documents

    def documents(self, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Stored documents, newest publication first: id, title, published, source, url,
        reliability, revision, sha256, extractor, ingested_at."""
        limit = check_limit(limit)
        key = f"COALESCE(published_day, DATE '{FAR_PAST.isoformat()}')"
        params: list = []
        where = "TRUE" + self._keyset(key, cursor, "documents", params)
        sql = (f"SELECT id, title, published, source, url, reliability, revision, sha256, extractor, "
               f"ingested_at, {key} AS _k FROM documents WHERE {where}")
        return self._paged(sql, params, key, limit)

    def document(self, doc_id: str) -> dict:
        """A document with its text and ``spans``: every actor/place mention, event evidence, claim
        and relation in it (kind, start, end, text, id of the fact, label), sorted by start."""
        rows = self._dicts(
            "SELECT id, sha256, revision, title, published, source, url, language, path, reliability, text, "
            "ingested_at, extractor FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise NotFound(f"no document {doc_id!r}")
        doc = {k: _clean(v) for k, v in rows[0].items()}
        spans = []
        for r in self._dicts("SELECT id, kind, ref_id, name, text, span_start, span_end, status FROM mentions WHERE doc_id = ?", (doc_id,)):
            spans.append({"kind": r["kind"], "start": r["span_start"], "end": r["span_end"], "text": r["text"],
                          "id": r["id"], "ref_id": r["ref_id"], "label": r["name"], "status": r["status"]})
        for r in self._dicts(
            "SELECT s.event_id, s.type, s.mode, s.date, s.evidence_start, s.evidence_end, s.evidence_text, e.status "
            "FROM event_sources s LEFT JOIN events e ON e.id = s.event_id WHERE s.doc_id = ?", (doc_id,)):
            spans.append({"kind": "event", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["event_id"], "ref_id": r["event_id"],
                          "label": " ".join(x for x in (r["type"], r["mode"], r["date"]) if x), "status": r["status"]})
        for r in self._dicts("SELECT id, value, unit, evidence_start, evidence_end, evidence_text, status FROM claims WHERE doc_id = ?", (doc_id,)):
            v = int(r["value"]) if float(r["value"]).is_integer() else r["value"]
            spans.append({"kind": "claim", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["id"], "ref_id": r["id"],
                          "label": f"{v} {r['unit'] or ''}".strip(), "status": r["status"]})
        for r in self._dicts("SELECT id, source_id, type, target_id, evidence_start, evidence_end, evidence_text, status FROM relations WHERE doc_id = ?", (doc_id,)):
            spans.append({"kind": "relation", "start": r["evidence_start"], "end": r["evidence_end"],
                          "text": r["evidence_text"], "id": r["id"], "ref_id": r["id"],
                          "label": f"{r['source_id']} {r['type']} {r['target_id']}", "status": r["status"]})
        spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
        doc["spans"] = spans
        return doc

    def failed(self) -> pd.DataFrame:
        """Documents that could not be read or extracted: path, reason, at (latest first)."""
        return self._frame("SELECT path, reason, failed_at AS \"at\" FROM failures ORDER BY failed_at DESC, path")

    # ------------------------------------------------------------------ actors and places

    def actors(self, query: str | None = None, kind: str | None = None, limit: int = 100,
               cursor: str | None = None) -> pd.DataFrame:
        """Actors (pack and unknown ``unk-...``): best name match first when ``query`` is given,
        then most events, then name: id, name, kind, sector, acled_inter, country, aliases, origin, status, events."""
        limit = check_limit(limit)
        if kind is not None:
            check_choice([kind], ACTOR_KINDS, "kind")
        conds, params = ["merged_into IS NULL"], []
        if kind:
            conds.append("kind = ?")
            params.append(kind)
        q = (query or "").strip()
        if q:
            conds.append("(lower(name) LIKE ? OR lower(aliases) LIKE ? OR lower(id) LIKE ?)")
            params += ["%" + q.lower() + "%"] * 3
        rows = self._dicts(
            "SELECT id, name, kind, sector, acled_inter, country, aliases, description, origin, status "
            f"FROM actors WHERE {' AND '.join(conds)}", params)
        from marsad.text import name_key

        qk = name_key(q) if q else ""

        def rank(r: dict) -> tuple:
            nk = name_key(r["name"] or "")
            if not qk:
                return (0, nk, r["id"])
            aliases = [name_key(a) for a in _unjson(r["aliases"], [])]
            if nk == qk or qk in aliases or r["id"] == q:
                score = 0
            elif nk.startswith(qk):
                score = 1
            elif qk in nk:
                score = 2
            else:
                score = 3
            return (score, nk, r["id"])

        counts: dict[str, int] = {}
        for sql_in, p in self._in_chunks([r["id"] for r in rows], size=2000):
            for r in self._dicts(
                f"SELECT a, count(*) AS n FROM (SELECT source_actor_id AS a FROM events WHERE status <> 'merged' "
                f"AND source_actor_id IN {sql_in} UNION ALL SELECT target_actor_id AS a FROM events "
                f"WHERE status <> 'merged' AND target_actor_id IN {sql_in}) x GROUP BY a", p + p):
                counts[r["a"]] = int(r["n"])
        rows.sort(key=lambda r: (rank(r)[0], -counts.get(r["id"], 0), *rank(r)[1:]))
        if cursor:
            key = _decode_cursor(cursor)
            last = key[1] if key and len(key) == 2 else cursor
            ids = [r["id"] for r in rows]
            if last not in ids:
                raise StoreError(f"cursor={cursor!r} is not a cursor returned by this store")
            rows = rows[ids.index(last) + 1 :]
        page = rows[:limit]
        for r in page:
            r["aliases"] = _unjson(r["aliases"], [])
            r["events"] = counts.get(r["id"], 0)
        df = pd.DataFrame(page, columns=["id", "name", "kind", "sector", "acled_inter", "country", "aliases",
                                         "description", "origin", "status", "events"])
        df.attrs["cursor"] = _encode_cursor([None, page[-1]["id"]]) if len(page) == limit and len(rows) > limit else None
        return df

    def actor(self, actor_id: str) -> dict:
        """Profile of an actor: names, kind, sector, acled_inter, description, ``affiliations``
        (:meth:`affiliations` rows in both directions: pack links and extracted relations),
        ``leaders`` over time (one row per leader and period listing every provenance, see
        :meth:`_leaders`), ``events_as_source`` / ``events_as_target``, and ``claims`` that name it."""
        rows = self._dicts(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors WHERE id = ?", (actor_id,))
        if not rows:
            raise NotFound(f"no actor {actor_id!r}")
        a = {k: _clean(v) for k, v in rows[0].items()}
        for k in ("aliases", "roles", "titles"):
            a[k] = _unjson(a.get(k), [])
        affs = []
        for r in self.affiliations(actor=actor_id).to_dict("records"):
            r = {k: _clean(v) for k, v in r.items()}
            affs.append({
                "id": r["id"], "source": r["source"], "source_name": r["source_name"], "type": r["type"],
                "target": r["target"], "target_name": r["target_name"], "start": r["start_date"],
                "end": r["end_date"], "as_of": r["as_of"], "note": r["note"], "origin": r["origin"],
                "doc_id": r["doc_id"], "status": r["status"],
                "evidence": None if r["span_start"] is None else
                {"start": int(r["span_start"]), "end": int(r["span_end"]), "text": r["evidence"]},
                "direction": "outgoing" if r["source"] == actor_id else "incoming",
            })
        a["affiliations"] = affs
        a["leaders"] = self._leaders(actor_id, [x for x in affs if x["type"] == "leads" and x["target"] == actor_id])
        cols = "id, type, mode, date, place_id, place_name, admin1, country, source_actor_id, target_actor_id, fatalities, status, corroboration"
        order = f"ORDER BY COALESCE(day_lo, DATE '{FAR_PAST.isoformat()}') DESC, id"
        a["events_as_source"] = [{k: _clean(v) for k, v in r.items()} for r in self._dicts(
            f"SELECT {cols} FROM events WHERE source_actor_id = ? AND status <> 'merged' {order} LIMIT 500", (actor_id,))]
        a["events_as_target"] = [{k: _clean(v) for k, v in r.items()} for r in self._dicts(
            f"SELECT {cols} FROM events WHERE target_actor_id = ? AND status <> 'merged' {order} LIMIT 500", (actor_id,))]
        a["links"] = group_links(affs)
        a["claims"] = self._claims_about(actor_id, [a["name"], *a["aliases"]])
        return a

    def _claims_about(self, actor_id: str, names: list[str]) -> list[dict]:
        """Claims naming the actor in subject or evidence, or in the sentence of a mention of it."""
        mentions: dict[str, list[tuple[int, int]]] = {}
        for r in self._dicts("SELECT doc_id, span_start, span_end FROM mentions WHERE kind = 'actor' AND ref_id = ?",
                             (actor_id,)):
            if r["span_start"] is not None:
                mentions.setdefault(r["doc_id"], []).append((int(r["span_start"]), int(r["span_end"])))
        conds, params = [], []
        for n in sorted({n.lower() for n in names if n and len(n) > 2}):
            conds.append("lower(subject) LIKE ? OR lower(evidence_text) LIKE ?")
            params += ["%" + n + "%"] * 2
        self._where_in("doc_id", list(mentions), conds, params)
        if not conds:
            return []
        rows = self._dicts(
            "SELECT id, doc_id, value, unit, subject, period_start, period_end, as_of, group_id, status, "
            f"evidence_text, evidence_start, evidence_end FROM claims WHERE {' OR '.join(conds)} ORDER BY as_of, id LIMIT 2000",
            params)
        texts: dict[str, str] = {}
        for sql_in, p in self._in_chunks(sorted({r["doc_id"] for r in rows if r["doc_id"] in mentions}), size=500):
            texts.update({r["id"]: r["text"] or "" for r in self._dicts(f"SELECT id, text FROM documents WHERE id IN {sql_in}", p)})
        return [{k: _clean(v) for k, v in r.items()} for r in claims_about(rows, names, mentions, texts)][:500]

    def _leaders(self, actor_id: str, links: list[dict]) -> list[dict]:
        """Leaders of ``actor_id`` over time, one row per leader and period with every provenance
        that names it: pack ``leads`` links and pack roles (``origin`` ``pack``), and ``leads``
        relations extracted from documents (``document``, with doc id and evidence span). A
        document's relation joins the pack row of the same leader in force on its publication
        date, or else the latest pack row that ended before it (listed in ``after_end``: the
        document speaks of the past, it does not open a new period after a death or a successor);
        otherwise one row per leader gathers that leader's document relations."""
        rows: list[dict] = []

        def add(leader: str, name: str | None, start: str | None, end: str | None, office: str | None,
                prov: dict, as_of: str | None = None) -> None:
            if prov["origin"] == "pack":
                row = next((r for r in rows if (r["id"], r["start"], r["end"]) == (leader, start, end)), None)
            else:
                candidates = [r for r in rows if r["id"] == leader]
                row = next((r for r in candidates if "pack" in r["origins"] and active_on(r["start"], r["end"], as_of)),
                           None)
                ended = [r for r in candidates if "pack" in r["origins"] and r["end"] and as_of
                         and as_of[: len(r["end"])] > r["end"][: len(as_of)]]
                if row is None and ended:  # the pack ended it (a death, a successor): history, not a new period
                    row = max(ended, key=lambda r: r["end"])
                    prov = {**prov, "after_end": True}
                row = row or next((r for r in candidates if r["origins"] == ["document"]), None)
            if row is None:
                row = {"id": leader, "name": name, "start": start, "end": end, "office": office,
                       "origins": [], "provenance": []}
                rows.append(row)
            row["name"] = row["name"] or name
            row["office"] = row["office"] or office
            if prov["origin"] not in row["origins"]:
                row["origins"].append(prov["origin"])
            if prov not in row["provenance"]:
                row["provenance"].append(prov)

        for x in links:
            if x["origin"] == "pack":
                add(x["source"], x["source_name"], x["start"], x["end"], None,
                    {"origin": "pack", "affiliation_id": x["id"]})
        for r in self._dicts("SELECT id, name, roles FROM actors WHERE roles LIKE ? ORDER BY id", ("%" + actor_id + "%",)):
            for role in _unjson(r["roles"], []):
                if role.get("organization") == actor_id:
                    add(r["id"], r["name"], role.get("start"), role.get("end"), role.get("office"),
                        {"origin": "pack", "office": role.get("office")})
        for x in sorted((x for x in links if x["origin"] == "document"), key=lambda x: (x["as_of"] or "", x["id"])):
            add(x["source"], x["source_name"], x["as_of"], None, None,
                {"origin": "document", "relation_id": x["id"], "doc_id": x["doc_id"], "as_of": x["as_of"],
                 "evidence": x["evidence"]}, as_of=x["as_of"])
        out = []
        for r in sorted(rows, key=lambda r: (r["start"] or "", r["id"] or "")):
            origins = sorted(r.pop("origins"), key=lambda o: o != "pack")
            docs = [p["doc_id"] for p in r["provenance"] if p["origin"] == "document"]
            late = [p["doc_id"] for p in r["provenance"] if p.get("after_end")]
            out.append({**r, "origin": "+".join(origins), "doc_id": docs[0] if docs else None, "doc_ids": docs,
                        "after_end": late})
        return out

    def places(self, query: str | None = None, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Places (pack gazetteer and places seen in reports): id, name, kind, country, admin1,
        lat, lon, origin, status, events (how many fused events are located there); most events
        first, then by name and id. ``df.attrs['cursor']`` continues after a full page; the id of
        the last row works as a cursor too."""
        limit = check_limit(limit)
        conds, params = ["TRUE"], []
        q = (query or "").strip().lower()
        if q:
            conds.append("(lower(p.name) LIKE ? OR lower(p.aliases) LIKE ? OR lower(p.id) LIKE ?)")
            params += ["%" + q + "%"] * 3
        inner = (
            "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.origin, p.status, "
            "COALESCE(n.events, 0) AS events FROM places p LEFT JOIN "
            "(SELECT place_id, count(*) AS events FROM events WHERE status <> 'merged' GROUP BY place_id) n "
            f"ON n.place_id = p.id WHERE {' AND '.join(conds)}"
        )
        sql = f"SELECT * FROM ({inner}) x"
        if cursor:
            key = _decode_cursor(cursor)
            if key is None or len(key) != 3 or not isinstance(key[0], int) or not all(isinstance(k, str) for k in key[1:]):
                rows = self._dicts(f"{sql} WHERE x.id = ?", [*params, cursor])
                if not rows:
                    raise StoreError(f"cursor={cursor!r} is not a cursor returned by this store")
                key = [int(rows[0]["events"]), rows[0]["name"], rows[0]["id"]]
            sql += " WHERE x.events < ? OR (x.events = ? AND (x.name > ? OR (x.name = ? AND x.id > ?)))"
            params += [key[0], key[0], key[1], key[1], key[2]]
        df = self._frame(f"{sql} ORDER BY x.events DESC, x.name, x.id LIMIT {limit}", params)
        last = df.iloc[-1] if len(df) == limit else None
        df.attrs["cursor"] = None if last is None else _encode_cursor([int(last["events"]), last["name"], last["id"]])
        return df

    # ------------------------------------------------------------------ claims and relations

    def claims(self, f: Any = None, limit: int = 100, cursor: str | None = None) -> pd.DataFrame:
        """Claims, newest first. ``f`` may be an EventFilter or a dict with ``start``, ``end``
        (over the claim's period, else its publication date), ``unit``, ``text``, ``status``,
        ``actor`` (claims in documents that mention it), ``group``, ``doc_id``. Each row has the source's ``as_of`` date and reliability."""
        limit = check_limit(limit)
        spec = dict(f) if isinstance(f, dict) else ({} if f is None else {
            "start": getattr(f, "start", None), "end": getattr(f, "end", None),
            "status": getattr(f, "status", None), "text": getattr(f, "text", None),
            "actor": getattr(f, "actor", None)})
        unknown = set(spec) - {"start", "end", "unit", "text", "status", "group", "doc_id", "q", "actor"}
        if unknown:
            raise StoreError(f"unknown claim filter(s): {', '.join(sorted(unknown))}")
        start, end = parse_date(spec.get("start"), "start"), parse_date(spec.get("end"), "end")
        if start and end and day_range(start)[0] > day_range(end)[1]:
            raise StoreError(f"start={start} is after end={end}")
        conds, params = [], []
        statuses = check_choice(as_list(spec.get("status")), ("draft", "confirmed", "rejected", "edited"), "status")
        self._where_in("c.status", statuses, conds, params)
        if start:
            conds.append("c.day_hi >= ?")
            params.append(day_range(start)[0])
        if end:
            conds.append("c.day_lo <= ?")
            params.append(day_range(end)[1])
        if spec.get("unit"):
            conds.append("lower(c.unit) = ?")
            params.append(str(spec["unit"]).lower())
        text = spec.get("text") or spec.get("q")
        if text:
            conds.append("(lower(c.subject) LIKE ? OR lower(c.evidence_text) LIKE ?)")
            params += ["%" + str(text).lower() + "%"] * 2
        if spec.get("actor"):
            conds.append("c.doc_id IN (SELECT doc_id FROM mentions WHERE kind = 'actor' AND ref_id = ?)")
            params.append(spec["actor"])
        for key, col in (("group", "c.group_id"), ("doc_id", "c.doc_id")):
            if spec.get(key):
                conds.append(f"{col} = ?")
                params.append(spec[key])
        key = f"COALESCE(c.day_lo, DATE '{FAR_PAST.isoformat()}')"
        where = " AND ".join(conds) or "TRUE"
        where += self._keyset(key, cursor, "claims c", params, id_col="c.id")
        sql = (
            "SELECT c.id, c.doc_id, c.value, c.unit, c.approximate, c.qualifier, c.value_text, c.subject, "
            "c.period_start, c.period_end, c.as_of, c.group_id, c.status, c.credibility, d.reliability, "
            f"c.evidence_start, c.evidence_end, c.evidence_text, {key} AS _k FROM claims c "
            f"JOIN documents d ON d.id = c.doc_id WHERE {where}"
        )
        return self._paged(sql, params, key, limit, id_col="c.id")

    def claim_groups(self, min_claims: int = 1) -> pd.DataFrame:
        """Claims about the same quantity: id, unit, subject, period_start, period_end, claims,
        documents, min_value, max_value, disagree (bool) and ``values`` (each source's value with its
        as-of date and reliability), largest groups first."""
        groups = self._dicts(f"SELECT {', '.join(GROUP_COLUMNS)} FROM claim_groups")
        members: dict[str, list[dict]] = {}
        for r in self._dicts(
            "SELECT c.id, c.group_id, c.doc_id, c.value, c.as_of, c.status, d.reliability FROM claims c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.group_id IS NOT NULL AND c.status <> 'rejected' "
            "ORDER BY c.as_of, c.id"):
            members.setdefault(r["group_id"], []).append({k: _clean(v) for k, v in r.items() if k != "group_id"})
        out = []
        for g in groups:
            ms = members.get(g["id"], [])
            if len(ms) < min_claims:
                continue
            vals = [m["value"] for m in ms]
            out.append({
                "id": g["id"], "unit": g["unit"], "subject": g["subject"], "period_start": g["period_start"],
                "period_end": g["period_end"], "claims": len(ms), "documents": len({m["doc_id"] for m in ms}),
                "min_value": min(vals), "max_value": max(vals), "disagree": len(set(vals)) > 1, "values": ms,
            })
        out.sort(key=lambda g: (-g["claims"], g["unit"], g["id"]))
        return pd.DataFrame(out, columns=["id", "unit", "subject", "period_start", "period_end", "claims",
                                          "documents", "min_value", "max_value", "disagree", "values"])

    def relations(self, actor: str | None = None, type: str | None = None, limit: int = 100) -> pd.DataFrame:
        """Relations between actors reported by documents: id, doc_id, source_id, source_name,
        type, target_id, target_name, evidence, confidence, as_of, status, credibility."""
        limit = check_limit(limit)
        conds, params = ["TRUE"], []
        types = check_choice(as_list(type), RELATION_TYPES, "type")
        self._where_in("type", types, conds, params)
        if actor:
            conds.append("(source_id = ? OR target_id = ?)")
            params += [actor, actor]
        return self._frame(
            f"SELECT {', '.join(RELATION_COLUMNS)} FROM relations WHERE {' AND '.join(conds)} "
            f"ORDER BY as_of DESC, id LIMIT {limit}", params)

    def affiliations(self, actor: str | None = None, as_of: str | None = None, type: Any = None) -> pd.DataFrame:
        """Links between actors from both provenances, one row each: the knowledge pack's dated
        affiliations (``origin`` ``pack``) and the relations extracted from documents (``origin``
        ``document``, with ``doc_id``, the evidence span and text, ``confidence`` and review
        ``status``; rejected relations are left out).

        Columns: id, source, source_name, type, target, target_name, start_date, end_date, as_of
        (the document's publication date), note, origin, doc_id, span_start, span_end, evidence,
        confidence, status. ``actor`` matches either end; ``type`` one type or several;
        ``as_of`` keeps pack links in force on that date and relations stated in documents
        published up to it (or undated)."""
        as_of = parse_date(as_of, "as_of")
        types = as_list(type)
        pack_conds, doc_conds = ["af.origin = 'pack'"], [
            "r.status <> 'rejected'", "r.source_id IS NOT NULL", "r.target_id IS NOT NULL"]
        pack_params: list = []
        doc_params: list = []
        if actor:
            pack_conds.append("(af.source = ? OR af.target = ?)")
            pack_params += [actor, actor]
            doc_conds.append("(r.source_id = ? OR r.target_id = ?)")
            doc_params += [actor, actor]
        self._where_in("af.type", types, pack_conds, pack_params)
        self._where_in("r.type", types, doc_conds, doc_params)
        if as_of:
            lo, hi = day_range(as_of)
            pack_conds.append("(af.start_day IS NULL OR af.start_day <= ?) AND (af.end_day IS NULL OR af.end_day >= ?)")
            pack_params += [hi, lo]
            doc_conds.append("(r.as_of IS NULL OR r.as_of <= ?)")
            doc_params.append(hi.isoformat())
        sql = (
            "SELECT * FROM ("
            "SELECT af.id, af.source, s.name AS source_name, af.type, af.target, t.name AS target_name, "
            "af.start_date, af.end_date, CAST(NULL AS TEXT) AS as_of, af.note, 'pack' AS origin, "
            "CAST(NULL AS TEXT) AS doc_id, CAST(NULL AS INTEGER) AS span_start, CAST(NULL AS INTEGER) AS span_end, "
            "CAST(NULL AS TEXT) AS evidence, CAST(NULL AS DOUBLE PRECISION) AS confidence, "
            "CAST(NULL AS TEXT) AS status FROM affiliations af "
            "LEFT JOIN actors s ON s.id = af.source LEFT JOIN actors t ON t.id = af.target "
            f"WHERE {' AND '.join(pack_conds)} "
            "UNION ALL "
            "SELECT r.id, r.source_id, COALESCE(s.name, r.source_name), r.type, r.target_id, "
            "COALESCE(t.name, r.target_name), CAST(NULL AS TEXT), CAST(NULL AS TEXT), r.as_of, CAST(NULL AS TEXT), "
            "'document', r.doc_id, r.evidence_start, r.evidence_end, r.evidence_text, r.confidence, r.status "
            "FROM relations r LEFT JOIN actors s ON s.id = r.source_id LEFT JOIN actors t ON t.id = r.target_id "
            f"WHERE {' AND '.join(doc_conds)}"
            ") x ORDER BY COALESCE(x.start_date, x.as_of, ''), x.type, x.origin DESC, x.id"
        )
        return self._frame(sql, pack_params + doc_params)

    # ------------------------------------------------------------------ review and audit

    def _fact(self, kind: str, fact_id: str) -> dict:
        k = KINDS[kind]
        rows = self._dicts(f"SELECT * FROM {k.table} WHERE id = ?", (fact_id,))
        if not rows:
            raise NotFound(f"no {kind} {fact_id!r}")
        return rows[0]

    def _audit(self, user: str, action: str, kind: str, fact_id: str, before: Any, after: Any, note: str | None) -> str:
        seq = int(self._scalar("SELECT COALESCE(max(seq), 0) FROM audit") or 0) + 1
        audit_id = f"au-{seq:06d}-{uuid.uuid4().hex[:6]}"
        self._insert("audit", ("id", "seq", "user_name", "created_at", "action", "kind", "fact_id", "before_json",
                               "after_json", "note"),
                     [(audit_id, seq, user, _now(), action, kind, fact_id, _json(before), _json(after), note)])
        return audit_id

    def _override_state(self, kind: str, fact_id: str) -> dict | None:
        rows = self._dicts("SELECT status, fields FROM overrides WHERE kind = ? AND fact_id = ?", (kind, fact_id))
        return {"status": rows[0]["status"], "fields": _unjson(rows[0]["fields"], {})} if rows else None

    def _set_override(self, kind: str, fact_id: str, state: dict | None) -> None:
        self._exec("DELETE FROM overrides WHERE kind = ? AND fact_id = ?", (kind, fact_id))
        if state and (state.get("status") or state.get("fields")):
            self._insert("overrides", ("kind", "fact_id", "status", "fields"),
                         [(kind, fact_id, state.get("status"), _json(state.get("fields") or {}))])

    def _update(self, kind: str, fact_id: str, changes: dict) -> None:
        k = KINDS[kind]
        cols = dict(changes)
        if kind == "event" and "date" in cols:
            cols["date_precision"] = fz._precision(cols["date"])
            cols["day_lo"], cols["day_hi"] = day_range(cols["date"])
        if kind == "claim" and ("period_start" in cols or "period_end" in cols):
            row = self._fact("claim", fact_id)
            ps = cols.get("period_start", row["period_start"]) or row["as_of"]
            pe = cols.get("period_end", row["period_end"]) or row["as_of"]
            cols["day_lo"] = day_range(ps)[0] if ps else None
            cols["day_hi"] = day_range(pe)[1] if pe else None
        sets = ", ".join(f"{c} = ?" for c in cols)
        self._exec(f"UPDATE {k.table} SET {sets} WHERE id = ?", [*cols.values(), fact_id])

    def review(self, kind: str, fact_id: str, action: str, *, user: str, field: str | None = None,
               value: Any = None, note: str | None = None) -> dict:
        """Confirm, reject or edit one fact (``kind``: event, claim, relation, actor, place, mention,
        document). ``edit`` sets ``field`` to ``value`` (e.g. an event's fatalities or credibility
        1-6, a document's reliability A-F). Decisions on events, claims and relations stick across
        re-ingestion. Returns ``{audit_id, kind, fact_id, action, before, after}``."""
        if kind not in KINDS:
            raise StoreError(f"kind={kind!r} cannot be reviewed; use one of {', '.join(KINDS)}")
        if action not in REVIEW_ACTIONS:
            raise StoreError(f"action={action!r} is not one of: {', '.join(REVIEW_ACTIONS)}")
        if not user:
            raise StoreError("a review needs a user")
        spec = KINDS[kind]
        with self._tx():
            row = self._fact(kind, fact_id)
            if action in ("confirm", "reject"):
                if not spec.has_status:
                    raise StoreError(f"a {kind} is not confirmed or rejected; edit its fields instead")
                changes = {"status": "confirmed" if action == "confirm" else "rejected"}
            else:
                if not field:
                    raise StoreError("edit needs a field and a value")
                if field not in spec.editable:
                    raise StoreError(f"field={field!r} of a {kind} cannot be edited; editable: {', '.join(spec.editable)}")
                try:
                    new = spec.editable[field](value)
                except (TypeError, ValueError, ModelError) as exc:
                    msg = getattr(exc, "message", None) or str(exc)
                    raise StoreError(f"value={value!r} is not valid for {field}: {msg}") from None
                changes = {field: new}
                if spec.has_status and row.get("status") == "draft":
                    changes["status"] = "edited"
            before = {c: _clean(row.get(c)) for c in changes}
            override_before = self._override_state(kind, fact_id) if spec.refuse else None
            self._update(kind, fact_id, changes)
            if spec.refuse:
                state = {"status": (override_before or {}).get("status"), "fields": dict((override_before or {}).get("fields") or {})}
                for c, v in changes.items():
                    if c == "status":
                        state["status"] = v
                    else:
                        state["fields"][c] = v
                self._set_override(kind, fact_id, state)
            audit_id = self._audit(user, action, kind, fact_id,
                                   {**before, "_override": override_before} if spec.refuse else before,
                                   changes, note)
            if kind == "document" and field == "reliability":
                self._recompute_events(r["event_id"] for r in self._dicts(
                    "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ?", (fact_id,)))
        return {"audit_id": audit_id, "kind": kind, "fact_id": fact_id, "action": action,
                "before": before, "after": {c: _clean(v) for c, v in changes.items()}}

    def _source_grades(self) -> dict[str, str]:
        if "source_grades" not in self._table_cache():
            return {}
        return {r["source"]: r["reliability"] for r in self._dicts("SELECT source, reliability FROM source_grades")}

    def grade_source(self, source: str, reliability: str, *, user: str, note: str | None = None) -> dict:
        """Give an outlet (``documents.source``) an Admiralty grade A-F: its stored documents and
        those ingested later take it, and their events' fused values are recomputed. Audited
        (kind ``source``) and reversible with :meth:`undo`."""
        try:
            grade = _grade(reliability)
        except ValueError as exc:
            raise StoreError(f"reliability={reliability!r}: {exc}") from None
        if not source or not user:
            raise StoreError("grade_source needs a source and a user")
        with self._tx():
            prev = self._source_grades().get(source)
            docs = [[r["id"], r["reliability"]] for r in self._dicts(
                "SELECT id, reliability FROM documents WHERE source = ? ORDER BY id", (source,))]
            self._set_source_grade(source, grade)
            self._exec("UPDATE documents SET reliability = ? WHERE source = ?", (grade, source))
            self._recompute_events(r["event_id"] for r in self._dicts(
                "SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
                "WHERE d.source = ?", (source,)))
            audit_id = self._audit(user, "edit", "source", source, {"reliability": prev, "documents": docs},
                                   {"reliability": grade}, note)
        return {"audit_id": audit_id, "kind": "source", "fact_id": source, "action": "edit",
                "before": {"reliability": prev}, "after": {"reliability": grade}, "documents": len(docs)}

    def _set_source_grade(self, source: str, grade: str | None) -> None:
        self._exec("DELETE FROM source_grades WHERE source = ?", (source,))
        if grade:
            self._insert("source_grades", ("source", "reliability", "graded_at"), [(source, grade, _now())])

    def sources(self) -> pd.DataFrame:
        """Outlets: source, documents, reliability (the outlet's grade, or None when ungraded)."""
        df = self._frame(
            "SELECT d.source, count(*) AS documents, g.reliability FROM documents d "
            "LEFT JOIN source_grades g ON g.source = d.source WHERE d.source IS NOT NULL "
            "GROUP BY d.source, g.reliability ORDER BY count(*) DESC, d.source")
        return df

    _ACTOR_REFS = (
        ("events", "source_actor_id", ("id",)),
        ("events", "target_actor_id", ("id",)),
        ("event_sources", "source_actor_id", ("doc_id", "ordinal")),
        ("event_sources", "target_actor_id", ("doc_id", "ordinal")),
        ("relations", "source_id", ("id",)),
        ("relations", "target_id", ("id",)),
        ("mentions", "ref_id", ("id",)),
        ("affiliations", "source", ("id",)),
        ("affiliations", "target", ("id",)),
    )

    def merge(self, kind: str, keep_id: str, merge_id: str, *, user: str) -> str:
        """Merge ``merge_id`` into ``keep_id`` (kind ``event`` or ``actor``); reversible with
        :meth:`undo`. Events: the sources move to the kept event, the merged one is hidden with
        status ``merged``. Actors: every reference is rewritten and later reports naming the merged
        actor are attributed to the kept one. Returns the audit id."""
        if kind not in ("event", "actor"):
            raise StoreError(f"kind={kind!r} cannot be merged; merge events or actors")
        if keep_id == merge_id:
            raise StoreError("keep_id and merge_id are the same fact")
        with self._tx():
            keep = self._fact(kind, keep_id)
            gone = self._fact(kind, merge_id)
            for r in (keep, gone):
                if r.get("merged_into"):
                    raise StoreError(f"{kind} {r['id']!r} is already merged into {r['merged_into']!r}")
            if kind == "event":
                moved = [[r["doc_id"], r["ordinal"]] for r in self._dicts(
                    "SELECT doc_id, ordinal FROM event_sources WHERE event_id = ? ORDER BY doc_id, ordinal", (merge_id,))]
                self._exec("UPDATE event_sources SET event_id = ? WHERE event_id = ?", (keep_id, merge_id))
                self._exec("UPDATE events SET status = 'merged', merged_into = ? WHERE id = ?", (keep_id, merge_id))
                before = {"status": gone["status"], "merged_into": None, "sources": moved}
                self._recompute_events([keep_id])
            else:
                changed: dict[str, list] = {}
                for table, col, pk in self._ACTOR_REFS:
                    keys = [list(r.values()) for r in self._dicts(
                        f"SELECT {', '.join(pk)} FROM {table} WHERE {col} = ?", (merge_id,))]
                    if keys:
                        changed[f"{table}.{col}"] = keys
                        self._exec(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (keep_id, merge_id))
                self._exec("UPDATE actors SET status = 'merged', merged_into = ? WHERE id = ?", (keep_id, merge_id))
                before = {"status": gone["status"], "merged_into": None, "changed": changed}
            return self._audit(user, "merge", kind, merge_id, before,
                               {"status": "merged", "merged_into": keep_id, "keep_id": keep_id}, None)

    def undo(self, audit_id: str, *, user: str) -> dict:
        """Reverse an audited review or merge; writes its own audit record (action ``undo``).
        Returns ``{audit_id, undone, kind, fact_id, restored}``."""
        with self._tx():
            rows = self._dicts("SELECT * FROM audit WHERE id = ?", (audit_id,))
            if not rows:
                raise NotFound(f"no audit record {audit_id!r}")
            a = rows[0]
            if a.get("undone_by"):
                raise StoreError(f"audit record {audit_id} was already undone by {a['undone_by']}")
            if a["action"] == "undo":
                raise StoreError("an undo cannot be undone; review the fact again instead")
            kind, fact_id = a["kind"], a["fact_id"]
            before = _unjson(a["before_json"], {}) or {}
            after = _unjson(a["after_json"], {}) or {}
            spec = KINDS.get(kind)
            if kind == "source":
                self._set_source_grade(fact_id, before.get("reliability"))
                # documents ingested after the grading took it from the outlet: give them the old one
                self._exec("UPDATE documents SET reliability = ? WHERE source = ? AND reliability = ?",
                           (before.get("reliability") or "F", fact_id, after.get("reliability")))
                for doc_id, grade in before.get("documents", []):
                    self._exec("UPDATE documents SET reliability = ? WHERE id = ?", (grade, doc_id))
                self._recompute_events(r["event_id"] for r in self._dicts(
                    "SELECT DISTINCT s.event_id FROM event_sources s JOIN documents d ON d.id = s.doc_id "
                    "WHERE d.source = ?", (fact_id,)))
                restored = {"reliability": before.get("reliability")}
            elif a["action"] == "split":
                restored = self._undo_split(fact_id, before, after)
            elif a["action"] == "merge":
                keep_id = after.get("keep_id")
                if kind == "event":
                    for doc_id, ordinal in before.get("sources", []):
                        self._exec("UPDATE event_sources SET event_id = ? WHERE doc_id = ? AND ordinal = ? AND event_id = ?",
                                   (fact_id, doc_id, ordinal, keep_id))
                    self._exec("UPDATE events SET status = ?, merged_into = NULL WHERE id = ?",
                               (before.get("status") or "draft", fact_id))
                    self._recompute_events([keep_id, fact_id])
                else:
                    for ref, keys in (before.get("changed") or {}).items():
                        table, col = ref.split(".")
                        pk = next(p for t, c, p in self._ACTOR_REFS if t == table and c == col)
                        for key in keys:
                            cond = " AND ".join(f"{p} = ?" for p in pk)
                            self._exec(f"UPDATE {table} SET {col} = ? WHERE {cond} AND {col} = ?",
                                       (fact_id, *key, keep_id))
                    self._exec("UPDATE actors SET status = ?, merged_into = NULL WHERE id = ?",
                               (before.get("status") or "draft", fact_id))
                restored = {"status": before.get("status"), "merged_into": None}
            else:
                self._fact(kind, fact_id)
                restored = {k: v for k, v in before.items() if k != "_override"}
                if restored:
                    self._update(kind, fact_id, restored)
                if spec.refuse:
                    # revert only what this action changed; later decisions keep their overrides
                    prev = before.get("_override") or {}
                    state = self._override_state(kind, fact_id) or {"status": None, "fields": {}}
                    fields = dict(state.get("fields") or {})
                    for key in restored:
                        if key == "status":
                            state["status"] = prev.get("status")
                        elif key in (prev.get("fields") or {}):
                            fields[key] = prev["fields"][key]
                        else:
                            fields.pop(key, None)
                    state["fields"] = fields
                    self._set_override(kind, fact_id, state)
                if kind == "document" and "reliability" in restored:
                    self._recompute_events(r["event_id"] for r in self._dicts(
                        "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ?", (fact_id,)))
            new_id = self._audit(user, "undo", kind, fact_id, after, restored, f"undo {audit_id}")
            self._exec("UPDATE audit SET undone_by = ? WHERE id = ?", (new_id, audit_id))
        return {"audit_id": new_id, "undone": audit_id, "kind": kind, "fact_id": fact_id, "restored": restored}

    def audit(self, fact_id: str | None = None, limit: int = 100) -> pd.DataFrame:
        """Audit records, latest first: id, user, at, action, kind, fact_id, before, after, note,
        undone_by. ``fact_id`` limits them to one fact (a merge is filed under the merged id and
        also found by the kept id)."""
        limit = check_limit(limit)
        conds, params = "TRUE", []
        if fact_id:
            conds = "(fact_id = ? OR after_json LIKE ?)"
            params = [fact_id, f'%"keep_id": "{fact_id}"%']
        df = self._frame(
            "SELECT id, user_name AS \"user\", created_at AS \"at\", action, kind, fact_id, before_json, after_json, note, undone_by "
            f"FROM audit WHERE {conds} ORDER BY seq DESC LIMIT {limit}", params)
        df["before"] = [
            {k: v for k, v in (_unjson(x, {}) or {}).items() if k != "_override"} for x in df.pop("before_json")
        ] if len(df) else []
        df["after"] = [_unjson(x, {}) for x in df.pop("after_json")] if len(df) else []
        return df[["id", "user", "at", "action", "kind", "fact_id", "before", "after", "note", "undone_by"]] if len(df) else \
            pd.DataFrame(columns=["id", "user", "at", "action", "kind", "fact_id", "before", "after", "note", "undone_by"])

"""Writing to the store: the knowledge pack, documents with their extracted facts (fused with the
stored events by :mod:`marsad.store.fusion`), failures, and the analysts' sticky decisions that
re-ingestion re-applies."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from marsad.errors import StoreError
from marsad.markings import DEFAULT_MARKING, check_marking
from marsad.model import Document, Report
from marsad.store import fuse as fz
from marsad.store.columns import (
    ACTOR_COLUMNS,
    AFFILIATION_COLUMNS,
    CLAIM_COLUMNS,
    DOC_COLUMNS,
    MENTION_COLUMNS,
    PLACE_COLUMNS,
    RELATION_COLUMNS,
)
from marsad.store.filters import day_range
from marsad.store.queries.common import from_json, now
from marsad.store.rows import report_rows


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


class IngestQueries:
    """Pack loading, document ingest and failures."""

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
            self._insert("failures", ("path", "reason", "failed_at"), [(str(path), reason, now())])

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
            marked = self._marked()
            for sql_in, params in self._in_chunks(last):
                for r in self._dicts(
                    f"SELECT id, revision, reliability, {', '.join(_DOC_KEY)}{', tlp' if marked else ''} "
                    f"FROM documents WHERE id IN {sql_in}", params
                ):
                    prev[r["id"]] = r
            if marked:
                self._set_markings(last, prev)
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
            if marked:
                self._set_markings({doc.id: (doc, None) for doc, *_ in work}, prev, written=True)
            fused, created = self._fuse_sources(work, stats)
            grown = fused - created - touched
            touched |= created | self._refresh_events(grown, {doc.id for doc, *_ in work})
            self._recompute_events(touched)

    def _set_markings(self, docs: dict[str, tuple], prev: dict[str, dict], written: bool = False) -> None:
        """Give each document the marking it was read with, else the one it had (a new revision
        keeps its document's marking; a new document is CLEAR). Before the rows are written
        (``written`` False) only the markings of unchanged documents are updated."""
        wanted: dict[str, list[str]] = {}
        for doc_id, (doc, _) in docs.items():
            p = prev.get(doc_id)
            given = check_marking(doc.tlp) if doc.tlp is not None else None
            if written:
                marking = given or (p["tlp"] if p else DEFAULT_MARKING)
                if marking != DEFAULT_MARKING:
                    wanted.setdefault(marking, []).append(doc_id)
            elif p and given and given != p["tlp"] and _same_document(doc, p):
                wanted.setdefault(given, []).append(doc_id)
        self._write_markings(wanted)

    def _write_markings(self, wanted: dict[str, list[str]]) -> None:
        """Set these documents' markings, and the stored markings of the events they are sources of."""
        for marking, ids in wanted.items():
            for sql_in, params in self._in_chunks(ids):
                self._exec(f"UPDATE documents SET tlp = ? WHERE id IN {sql_in}", [marking, *params])
        self._mark_events_of_documents([i for ids in wanted.values() for i in ids])

    def mark_documents(self, markings: dict[str, str]) -> int:
        """Set the TLP marking of stored documents (``{doc_id: marking}``; unknown ids are
        ignored); returns how many changed."""
        wanted: dict[str, list[str]] = {}
        for doc_id, marking in markings.items():
            wanted.setdefault(check_marking(marking), []).append(doc_id)
        with self._tx():
            stored: dict[str, str] = {}
            for sql_in, params in self._in_chunks(markings):
                stored.update((r["id"], r["tlp"]) for r in self._dicts(
                    f"SELECT id, tlp FROM documents WHERE id IN {sql_in}", params))
            wanted = {m: [i for i in ids if i in stored and stored[i] != m] for m, ids in wanted.items()}
            self._write_markings(wanted)
        return sum(len(ids) for ids in wanted.values())

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

    def _write_documents(self, work, stats: IngestStats) -> None:
        rows = report_rows(work, now=now(), redirect=self._actor_redirects())
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
        if not self._dicts("SELECT 1 AS x FROM overrides WHERE kind = ? LIMIT 1", [kind]):
            return out  # none of this kind (the usual case): no lookup of every id
        for sql_in, params in self._in_chunks(ids):
            for r in self._dicts(
                f"SELECT fact_id, status, fields FROM overrides WHERE kind = ? AND fact_id IN {sql_in}",
                [kind, *params],
            ):
                out[r["fact_id"]] = {"status": r["status"], "fields": from_json(r["fields"], {})}
        return out

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

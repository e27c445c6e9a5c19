"""The facade the CLI, the API and batch jobs call: settings + knowledge pack + store + pipeline.

This is the one place where documents are read, extracted and stored: ``Workbench.reports`` (read
-> extract, streamed; ``marsad extract``) and ``Workbench.ingest`` (read -> extract -> store, one
batch in memory at a time; ``marsad ingest``, ``marsad demo``). A document that cannot be read,
has an id already seen in the run, or fails extraction or storing becomes one
:class:`~marsad.ingest.readers.ReadFailure` naming its file (and line); the rest of the run goes on.

Nothing is loaded until first used: ``Workbench()`` is cheap (settings from ``Settings.load()``),
the store opens on first access, the knowledge pack loads on first access, and the extraction
pipeline is built the first time documents need extracting.

A DuckDB file allows one process at a time. The workbench therefore holds a DuckDB file only while
it works on it (:meth:`session`): between batches of an ingest, and between requests of the
server, other processes (``marsad events`` while ``marsad serve`` runs) can open it; opening waits
up to ``settings.lock_wait`` seconds for the file to be free.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from marsad.config import Settings
from marsad.ingest.readers import ReadFailure as Failure  # one failure record for every stage
from marsad.model import Document, Report
from marsad.store.base import IngestStats, Store

log = logging.getLogger(__name__)

__all__ = ["Workbench", "Failure"]


def _is_duckdb_file(url: str) -> bool:
    return not url.startswith(("postgresql://", "postgres://")) and url != ":memory:"


class Workbench:
    """Holds the heavy parts; each may be injected (tests) or built lazily from ``settings``."""

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None, pack: Any = None,
                 pipeline: Any = None):
        self.settings = settings if settings is not None else Settings.load()
        self._store = store
        self._own_store = store is None
        self._pack = pack
        self._pack_loaded = pack is not None
        self._pipeline = pipeline
        self._pack_in_store = False

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **parts: Any) -> Workbench:
        return cls(settings, **parts)

    # ------------------------------------------------------------------ lazy parts

    @property
    def holds_file(self) -> bool:
        """True when the store is a DuckDB file this workbench opens itself (one process at a
        time): it is then opened per unit of work and closed after it."""
        return self._own_store and _is_duckdb_file(str(self.settings.db))

    def open_store(self, *, create: bool = True) -> Store:
        """A newly opened store at ``settings.db`` (the caller closes it). ``create=False``
        refuses to create a DuckDB file that does not exist (StoreError) - for commands that only
        read. Waits up to ``settings.lock_wait`` seconds for a DuckDB file another process holds."""
        from marsad.store import open_store

        return open_store(self.settings.db, create=create, wait=self.settings.lock_wait)

    @property
    def store(self) -> Store:
        """The store, opened once and held until :meth:`close`."""
        if self._store is None:
            self._store = self.open_store()
        return self._store

    @contextmanager
    def session(self, *, create: bool = True) -> Iterator[Store]:
        """The store for one unit of work. A DuckDB file is opened for it and closed after it,
        so that other processes can use the file in between; other stores stay open."""
        if self._store is not None or not self.holds_file:
            yield self.store
            return
        store = self.open_store(create=create)
        try:
            yield store
        finally:
            store.close()

    @property
    def pack(self) -> Any:
        """The knowledge pack (built-in plus ``settings.packs`` overlays), or None when the pack
        module is not part of this installation."""
        if not self._pack_loaded:
            self._pack_loaded = True
            try:
                from marsad.knowledge.pack import KnowledgePack
            except ImportError:
                log.warning("marsad.knowledge.pack is not available; working without a knowledge pack")
                return None
            self._pack = KnowledgePack.load(overlays=tuple(self.settings.packs))
        return self._pack

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from marsad.extract.pipeline import Pipeline

            self._pipeline = Pipeline(pack=self.pack, parser=self.settings.parser, triggers=self.settings.triggers)
        return self._pipeline

    def close(self) -> None:
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ read -> extract

    def documents(self, paths: Iterable[str], *, published: str | None = None, tlp: str | None = None
                  ) -> Iterator[Document | Failure]:
        """Read ``paths`` (files or directories), one document at a time. A document whose id was
        already read in this run is a failure naming both places (the first one wins). ``tlp``
        marks every document (see :func:`marsad.ingest.readers.read_path`)."""
        from marsad.ingest.readers import read_paths

        seen: dict[str, str] = {}
        for item in read_paths(list(paths), published=published,
                               max_bytes=self.settings.max_document_bytes, tlp=tlp):
            if isinstance(item, Failure):
                yield item
                continue
            first = seen.get(item.id)
            if first is not None:
                yield Failure(item.path or item.id,
                              f"document {item.id}: duplicate id, already read from {first}; not used")
                continue
            seen[item.id] = item.path or "(input)"
            yield item

    def extract_one(self, doc: Document) -> Report | Failure:
        """The report of one document, or a failure naming it when extraction raises."""
        try:
            return self.pipeline(doc)
        except Exception as exc:  # one bad document must not stop the run (RecursionError too)
            msg = " ".join(str(exc).split()) or type(exc).__name__
            log.debug("extraction failed for %s", doc.path or doc.id, exc_info=True)
            return Failure(doc.path or doc.id,
                           f"document {doc.id}: extraction failed: {type(exc).__name__}: {msg}")

    def reports(self, paths: Iterable[str], *, published: str | None = None
                ) -> Iterator[Report | Failure]:
        """Read and extract ``paths``, streamed: one report (or failure) per document, in order."""
        for item in self.documents(paths, published=published):
            yield item if isinstance(item, Failure) else self.extract_one(item)

    # ------------------------------------------------------------------ ingest

    def sync_pack(self, store: Store | None = None) -> None:
        """Copy the pack's actors, places and affiliations into the store (once per workbench)."""
        if not self._pack_in_store and self.pack is not None:
            if store is None:
                with self.session() as s:
                    s.load_pack(self.pack)
            else:
                store.load_pack(self.pack)
        self._pack_in_store = True

    def ingest(self, paths: Iterable[str], progress: Callable[[int], None] | None = None, *,
               published: str | None = None, batch_size: int | None = None,
               on_failure: Callable[[Failure], None] | None = None, tlp: str | None = None) -> IngestStats:
        """Read ``paths`` (files or directories), extract each new or changed document and store
        it, ``batch_size`` documents per transaction; only one batch is in memory at a time.
        A document is changed when its text or a metadata field it gives (published, title,
        source, url) differs from the stored one. Every failure (unreadable file or record,
        duplicate id, extraction or storing error) is recorded in the store's failures
        (``marsad ingest --failed``), passed to ``on_failure`` and counted; the rest is stored.
        ``progress(n)`` is called with the number of documents handled since the last call.
        ``tlp`` is the TLP marking of every document read (a sidecar or a record's own ``tlp``
        may raise it; docs/team-server.md); an unchanged document read with one takes it."""
        t0 = time.perf_counter()
        if tlp is not None:
            from marsad.markings import check_marking

            tlp = check_marking(tlp, "--tlp")
        size = batch_size or self.settings.batch_size
        if size < 1:
            from marsad.errors import StoreError

            raise StoreError(f"batch size {size} must be at least 1")
        paths = [str(p) for p in paths]
        if paths and not any(os.path.exists(p) for p in paths):  # a typo: no store is created
            from marsad.errors import ReadError

            raise ReadError(f"no such file or directory: {', '.join(paths)}")
        self.sync_pack()
        total = IngestStats()
        chunk: list[Document] = []
        failures: list[Failure] = []
        unread = [0]  # failures that are not documents of the chunk (for progress)

        def flush() -> None:
            self._ingest_chunk(chunk, failures, total)
            with self.session() as store:
                for f in failures:
                    store.record_failure(f.path, f.reason)
            for f in failures:
                total.failures += 1
                if on_failure:
                    on_failure(f)
            if progress:
                progress(len(chunk) + unread[0])
            chunk.clear()
            failures.clear()
            unread[0] = 0

        for item in self.documents(paths, published=published, tlp=tlp):
            if isinstance(item, Failure):
                failures.append(item)
                unread[0] += 1
            else:
                chunk.append(item)
            if len(chunk) >= size or len(failures) >= size:
                flush()
        if chunk or failures:
            flush()
        total.seconds = round(time.perf_counter() - t0, 3)
        return total

    def _ingest_chunk(self, chunk: list[Document], failures: list[Failure], total: IngestStats) -> None:
        if not chunk:
            return
        with self.session() as store:
            todo = store.changed_documents(chunk)
        skipped = len(chunk) - len(todo)
        changed = {doc.id for doc in todo}
        marked = {d.id: d.tlp for d in chunk if d.tlp is not None and d.id not in changed}
        if marked:  # an unchanged document read with a marking takes it
            with self.session() as store:
                store.mark_documents(marked)
        total.documents += skipped
        total.unchanged += skipped
        pairs: list[tuple[Document, Report]] = []
        for doc in todo:
            got = self.extract_one(doc)
            if isinstance(got, Failure):
                failures.append(got)
            else:
                pairs.append((doc, got))
        if pairs:
            with self.session() as store:
                self._store_pairs(store, pairs, failures, total)

    @staticmethod
    def _store_pairs(store: Store, pairs, failures: list[Failure], total: IngestStats) -> None:
        """Store a batch in one transaction; when that fails, each document on its own, so one
        document the database refuses costs only itself."""
        try:
            parts = [store.ingest(pairs, batch_size=len(pairs))]
        except Exception as exc:
            log.debug("batch of %d failed (%s); storing one by one", len(pairs), exc)
            parts = []
            for doc, rep in pairs:
                try:
                    parts.append(store.ingest([(doc, rep)], batch_size=1))
                except Exception as one:
                    msg = " ".join(str(one).split()) or type(one).__name__
                    failures.append(Failure(doc.path or doc.id,
                                            f"document {doc.id}: not stored: {type(one).__name__}: {msg}"))
        for part in parts:
            for k, v in part.to_dict().items():
                if k not in ("seconds", "failures"):
                    setattr(total, k, getattr(total, k) + v)

    def ingest_reports(self, pairs: Iterable[tuple[Document, Report]], progress=None) -> IngestStats:
        """Store already extracted (document, report) pairs."""
        with self.session() as store:
            self.sync_pack(store)
            return store.ingest(pairs, batch_size=self.settings.batch_size, progress=progress)


"""The facade the CLI, the API and batch jobs call: settings + knowledge pack + store + pipeline.

Nothing is loaded until first used: ``Workbench.from_settings(settings)`` is cheap, the store opens
on first access, the knowledge pack loads on first access (when the pack module is installed), and
the extraction pipeline is built the first time documents need extracting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from marsad.config import Settings
from marsad.model import Document, Report
from marsad.store.base import IngestStats, Store

log = logging.getLogger(__name__)


class Workbench:
    """Holds the heavy parts; each may be injected (tests) or built lazily from ``settings``."""

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None, pack: Any = None,
                 pipeline: Any = None):
        self.settings = settings or Settings()
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
    def store(self) -> Store:
        if self._store is None:
            from marsad.store import open_store

            self._store = open_store(self.settings.db)
        return self._store

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

            self._pipeline = Pipeline(pack=self.pack)
        return self._pipeline

    def close(self) -> None:
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest

    def sync_pack(self) -> None:
        """Copy the pack's actors, places and affiliations into the store (once per workbench)."""
        if not self._pack_in_store and self.pack is not None:
            self.store.load_pack(self.pack)
        self._pack_in_store = True

    def ingest(self, paths: Iterable[str], progress: Callable[[int], None] | None = None, *,
               published: str | None = None, batch_size: int | None = None) -> IngestStats:
        """Read ``paths`` (files or directories), extract each new or changed document and store
        it, ``batch_size`` documents per transaction. Unreadable files and documents whose
        extraction fails are recorded in the store's failures (``marsad ingest --failed``).
        ``progress(n)`` is called with the number of documents handled since the last call."""
        import time

        from marsad.ingest.readers import ReadFailure, read_paths

        t0 = time.perf_counter()
        size = batch_size or self.settings.batch_size
        self.sync_pack()
        store = self.store
        total = IngestStats()

        def chunks() -> Iterator[list[Document]]:
            chunk: list[Document] = []
            for item in read_paths(list(paths), published=published):
                if isinstance(item, ReadFailure):
                    store.record_failure(item.path, item.reason)
                    total.failures += 1
                    if progress:
                        progress(1)
                    continue
                chunk.append(item)
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        for chunk in chunks():
            known = store.known_documents(d.id for d in chunk)
            todo = [d for d in chunk if known.get(d.id) != d.sha256]
            skipped = len(chunk) - len(todo)
            total.documents += skipped
            total.unchanged += skipped
            pairs: list[tuple[Document, Report]] = []
            for doc in todo:
                try:
                    pairs.append((doc, self.pipeline(doc)))
                except Exception as exc:  # one bad document must not stop the run
                    log.warning("extraction failed for %s: %s", doc.path or doc.id, exc)
                    store.record_failure(doc.path or doc.id, f"document {doc.id}: extraction failed: {type(exc).__name__}: {exc}")
                    total.failures += 1
            if pairs:
                part = store.ingest(pairs, batch_size=len(pairs))
                for k, v in part.to_dict().items():
                    if k not in ("seconds", "failures"):
                        setattr(total, k, getattr(total, k) + v)
            if progress:
                progress(len(chunk))
        total.seconds = round(time.perf_counter() - t0, 3)
        return total

    def ingest_reports(self, pairs: Iterable[tuple[Document, Report]], progress=None) -> IngestStats:
        """Store already extracted (document, report) pairs."""
        self.sync_pack()
        return self.store.ingest(pairs, batch_size=self.settings.batch_size, progress=progress)

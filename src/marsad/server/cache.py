"""Answers of expensive reads kept as JSON bytes, keyed by what they depend on.

``/api/stats``, ``/api/network`` and the pages of ``/api/events`` are read far more often than the
store changes (a dashboard asks the same questions on every visit; a team asks them together).
:func:`cached_json` answers such a route from memory when the very same question was answered
before and nothing was written since:

* the key is the route's path, its query parameters, and the clearance the caller reads at
  (what a RED reader was shown is never served to a GREEN one: the same question at two
  clearances is two entries);
* every entry carries the store's data version (``Store.data_version``, raised by every write
  transaction of any process, the command line included), read before the answer was computed;
  an entry of an older version is served only when every write since then declared a change
  that the answer did not read (``Store.data_changes``: a review that only set the status of an
  event the answer did not show or count by status, a token noting its use; see
  :class:`EventReads`); a write that declared nothing drops it, so nothing stale is shown after
  a write;
* one computation per key at a time: callers asking what is being computed wait for it rather
  than compute it again (16 clients asking for the network together cost one network);
* at most ``MAX_ENTRIES`` entries and ``MAX_BYTES`` of answers, least recently used first out.

The answer is encoded once (:func:`encode`), to the JSON the route would give, and sent
as it is: a hit costs a version read and a dictionary lookup. The cache lives in one server
process; several processes (``marsad serve --workers``) each keep their own, and the data
version keeps them all right.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request
from fastapi.encoders import jsonable_encoder
from starlette.responses import Response

MAX_ENTRIES = 512
MAX_BYTES = 64 * 1024 * 1024
EVERYTHING = "*"  # the clearance part of the key for readers who see everything
KNOWN_CHANGES = 20_000  # declared changes remembered per process (each version's, once read)

Change = tuple[str, str | None, str | None]  # scope, fact id, detail (Store.data_changes)


@dataclass(frozen=True)
class EventReads:
    """What an answer over events read that a review may change: whether it filtered on status,
    the events whose status it shows (a page), and for answers that leave rejected events out
    (the network), a test of whether any of some events was among those it read
    (``rejected_among(store, ids)``). A change of an event's status leaves the answer as it was
    unless one of those applies; any other change (or an undeclared write) does not."""

    status_filtered: bool = False
    shown: frozenset[str] = frozenset()
    rejected_among: Callable[[Any, list[str]], bool] | None = None

    def hold(self, store: Any, changes: Iterable[Change]) -> bool:
        """Whether the answer is unchanged by ``changes`` (the declared change of each version)."""
        rejected = []
        for scope, fact_id, detail in changes:
            if scope == "access":
                continue
            if scope != "event-status" or self.status_filtered or fact_id in self.shown:
                return False
            if self.rejected_among is not None and "rejected" in str(detail).split(">"):
                rejected.append(str(fact_id))
        return not rejected or not self.rejected_among(store, rejected)


@dataclass(frozen=True)
class Kept:
    """What a route's ``compute`` returns to have its answer kept across the changes it did not
    read: the content and what it read."""

    content: Any
    reads: EventReads


def encode(content: Any) -> bytes:
    """``content`` as compact UTF-8 JSON, the JSON FastAPI's response would hold, made by orjson
    (values it cannot take as they are through FastAPI's own encoder). FastAPI first walks the
    whole answer in Python (``jsonable_encoder``), then ``json.dumps`` it: for the network view's
    answer (about a megabyte) that took 7 times longer than ``json.dumps`` alone, and orjson is
    faster still; all of it holds the interpreter's lock, so every other request waited too."""
    return orjson.dumps(content, default=jsonable_encoder,
                        option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)


class ResponseCache:
    """JSON answers by key and data version; thread-safe. See the module docstring."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[int, bytes, EventReads | None]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}
        self._changes: dict[int, Change | None] = {}  # version -> its declared change (None: undeclared)
        self.hits = 0
        self.misses = 0
        self.kept = 0  # hits on an answer of an older version that the writes since left as it was

    def _get(self, key: tuple, version: int, store: Any = None) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] == version:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
        old, body, reads = entry
        if reads is None or store is None or old > version:
            return None
        changes = self._changes_between(store, old, version)
        if changes is None or not reads.hold(store, changes):
            return None
        with self._lock:
            if self._entries.get(key) is entry:  # still valid at the newer version: say so
                self._entries[key] = (version, body, reads)
                self._entries.move_to_end(key)
            self.hits += 1
            self.kept += 1
        return body

    def _changes_between(self, store: Any, old: int, version: int) -> list[Change] | None:
        """The declared changes of the versions after ``old`` up to ``version``; None when one of
        them declared nothing (or the store keeps no changes). Each version's change is read from
        the database once per process: committed versions do not change."""
        with self._lock:
            missing = [v for v in range(old + 1, version + 1) if v not in self._changes]
        if len(missing) > 4096:
            return None
        if missing:
            found = store.data_changes(missing[0] - 1, missing[-1]) if hasattr(store, "data_changes") else None
            if found is None:
                return None
            with self._lock:
                if len(self._changes) > KNOWN_CHANGES:
                    self._changes.clear()
                for v in missing:
                    self._changes[v] = found.get(v)
        with self._lock:
            changes = [self._changes.get(v, None) for v in range(old + 1, version + 1)]
        return None if any(c is None for c in changes) else changes

    def _put(self, key: tuple, version: int, body: bytes, reads: EventReads | None = None) -> None:
        if len(body) > self.max_bytes // 4:  # one huge answer would push out everything else
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            if old is not None and old[0] > version:  # a newer answer got there first: keep it
                self._entries[key] = old
                self._bytes += len(old[1])
                return
            self._entries[key] = (version, body, reads)
            self._bytes += len(body)
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, (_, dropped, _) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def answer(self, key: tuple, version: int | None, compute: Callable[[], Any], store: Any = None) -> bytes:
        """The JSON bytes of ``compute()`` for ``key`` at ``version``, from memory when they are
        there (or, with ``store``, when the entry of an older version still holds: see
        :class:`EventReads`); ``version`` None (a store without a data version) computes every
        time. ``compute`` returns the content, or a :class:`Kept`."""
        if version is None:
            return encode(_content(compute()))
        body = self._get(key, version, store)
        if body is not None:
            return body
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # one computation per key; the others wait and then find its answer
            body = self._get(key, version, store)
            if body is not None:
                return body
            with self._lock:
                self.misses += 1
            out = compute()
            body = encode(_content(out))
            self._put(key, version, body, out.reads if isinstance(out, Kept) else None)
        with self._lock:
            if not gate.locked():
                self._computing.pop(key, None)
        return body

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def _content(out: Any) -> Any:
    return out.content if isinstance(out, Kept) else out


def cache_key(request: Request, clearance: str | None) -> tuple:
    """Path, query parameters (in a fixed order) and the clearance the answer was read at."""
    query = tuple(sorted(request.query_params.multi_items()))
    return request.url.path, query, clearance or EVERYTHING


def cached_json(request: Request, gate: Any, compute: Callable[[Any], Any]) -> Response:
    """Answer a read route with ``compute(store)`` as JSON, from the app's :class:`ResponseCache`
    when the same question was answered at the same clearance and data version."""
    cache: ResponseCache = request.app.state.response_cache
    key = cache_key(request, getattr(gate, "clearance", None))

    def run(store: Any) -> bytes:
        version = store.data_version() if hasattr(store, "data_version") else None  # before the data
        return cache.answer(key, version, lambda: compute(store), store)

    return Response(content=gate(run), media_type="application/json")

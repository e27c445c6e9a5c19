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
  an entry of another version is never served, so nothing stale is shown after a write;
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
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Request
from fastapi.encoders import jsonable_encoder
from starlette.responses import Response

MAX_ENTRIES = 512
MAX_BYTES = 64 * 1024 * 1024
EVERYTHING = "*"  # the clearance part of the key for readers who see everything


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
        self._entries: OrderedDict[tuple, tuple[int, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def _get(self, key: tuple, version: int) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def _put(self, key: tuple, version: int, body: bytes) -> None:
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
            self._entries[key] = (version, body)
            self._bytes += len(body)
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def answer(self, key: tuple, version: int | None, compute: Callable[[], Any]) -> bytes:
        """The JSON bytes of ``compute()`` for ``key`` at ``version``, from memory when they are
        there; ``version`` None (a store without a data version) computes every time."""
        if version is None:
            return encode(compute())
        body = self._get(key, version)
        if body is not None:
            return body
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # one computation per key; the others wait and then find its answer
            body = self._get(key, version)
            if body is not None:
                return body
            with self._lock:
                self.misses += 1
            body = encode(compute())
            self._put(key, version, body)
        with self._lock:
            if not gate.locked():
                self._computing.pop(key, None)
        return body

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


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
        return cache.answer(key, version, lambda: compute(store))

    return Response(content=gate(run), media_type="application/json")

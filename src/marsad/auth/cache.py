"""A short memory of checked credentials, so that a burst of requests (a dashboard page fires a
dozen) costs one lookup of its session or token rather than one each.

Only successful checks are kept, for ``ttl`` seconds (``Settings.auth_cache_seconds``, default 2;
0 keeps nothing), keyed by a hash of the credential. The server forgets everything after each
change made through its own admin routes and after a logout, so those take effect at once; a
change made elsewhere (``marsad tokens revoke``, ``marsad users disable`` in another process)
takes effect within ``ttl`` seconds.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from marsad.auth.roles import Identity


class CredentialCache:
    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000):
        self.ttl, self._clock, self._max = float(ttl), clock, max_entries
        self._seen: dict[str, tuple[Identity, float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(credential: str) -> str:
        return hashlib.sha256(credential.encode("utf-8")).hexdigest()

    def get(self, credential: str) -> Identity | None:
        if self.ttl <= 0:
            return None
        key = self._key(credential)
        with self._lock:
            hit = self._seen.get(key)
            if hit is None:
                return None
            if hit[1] <= self._clock():
                del self._seen[key]
                return None
            return hit[0]

    def put(self, credential: str, identity: Identity) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._seen) >= self._max:
                self._seen.clear()
            self._seen[self._key(credential)] = (identity, self._clock() + self.ttl)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()

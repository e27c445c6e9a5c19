"""Login rate limiting: failed logins are counted per user name and per client address over a
sliding window; past the limit, logins from there (or for that name) are refused without checking
the password until the oldest failure leaves the window. In memory, per server process."""

from __future__ import annotations

import threading
import time
from collections import deque

from marsad.errors import TooManyAttempts


class LoginLimiter:
    def __init__(self, per_name: int = 5, per_address: int = 20, window: float = 900.0,
                 clock=time.monotonic):
        self.per_name, self.per_address, self.window = per_name, per_address, window
        self._clock = clock
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, t: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= t - self.window:
            q.popleft()
        return q

    def check(self, name: str, address: str | None) -> None:
        """Raise TooManyAttempts when ``name`` or ``address`` has used up its failures."""
        t = self._clock()
        with self._lock:
            for key, limit in ((f"name:{name.lower()}", self.per_name), (f"addr:{address}", self.per_address)):
                q = self._recent(key, t)
                if len(q) >= limit:
                    wait = max(1, int(q[0] + self.window - t) + 1)
                    raise TooManyAttempts(f"too many failed logins; try again in {wait} seconds", retry_after=wait)

    def failed(self, name: str, address: str | None) -> bool:
        """Count a failure; True when it used up the last attempt (the next is refused)."""
        t = self._clock()
        with self._lock:
            qn = self._recent(f"name:{name.lower()}", t)
            qa = self._recent(f"addr:{address}", t)
            qn.append(t)
            qa.append(t)
            if len(self._fails) > 100_000:  # forget idle keys so memory stays bounded
                for k in [k for k, q in self._fails.items() if not q or q[-1] <= t - self.window]:
                    del self._fails[k]
            return len(qn) >= self.per_name or len(qa) >= self.per_address

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(f"name:{name.lower()}", None)

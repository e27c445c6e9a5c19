"""Login rate limiting: failed logins are counted per user name and per client address over a
sliding window; past the limit, logins from there (or for that name) are refused without checking
the password until the oldest failure leaves the window. :class:`LoginLimiter` counts in memory,
for one server process; :class:`SharedLoginLimiter` counts the failures that the audit trail
holds, so that several worker processes (``marsad serve --workers``) share one count."""

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


class SharedLoginLimiter:
    """:class:`LoginLimiter`'s limits counted from the ``login-failed`` records of the audit
    trail (every failed login is recorded there, by whichever process answered it), through
    ``gate`` (the server's store gate). A successful login starts its name's count again, as in
    memory. Two processes answering failures for one name at the very same moment may each let
    one more try through; the limits hold otherwise."""

    def __init__(self, gate, per_name: int = 5, per_address: int = 20, window: float = 900.0):
        self.per_name, self.per_address, self.window = per_name, per_address, window
        self._gate = gate

    def _failures(self, name: str, address: str | None):
        from datetime import timedelta

        from marsad.store.queries.common import now

        t = now()
        by_name, by_address = self._gate(
            lambda s: s.login_failures(name, address, t - timedelta(seconds=self.window)))
        return t, by_name, by_address

    def check(self, name: str, address: str | None) -> None:
        t, by_name, by_address = self._failures(name, address)
        for times, limit in ((by_name, self.per_name), (by_address, self.per_address)):
            if len(times) >= limit:
                wait = max(1, int(self.window - (t - min(times)).total_seconds()) + 1)
                raise TooManyAttempts(f"too many failed logins; try again in {wait} seconds", retry_after=wait)

    def failed(self, name: str, address: str | None) -> bool:
        """Whether the failure about to be recorded uses up the last attempt."""
        _, by_name, by_address = self._failures(name, address)
        return len(by_name) + 1 >= self.per_name or len(by_address) + 1 >= self.per_address

    def succeeded(self, name: str) -> None:
        """Nothing to forget: the ``login`` record starts the name's count again."""

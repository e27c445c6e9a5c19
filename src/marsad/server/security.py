"""HTTP hardening in front of every route: Host names, body size, browser headers.

One ASGI middleware (:class:`Hardening`) does three things for each HTTP request, before any route
(cross-site writes and non-JSON bodies are refused next, by :mod:`marsad.server.guard`):

1. **Host check.** The ``Host`` header must be one of the server's names: the loopback names
   (``localhost``, ``*.localhost``, ``127.0.0.1``, ``::1``), the address it was told to listen on
   (unless that is a wildcard such as ``0.0.0.0``) and the names configured with
   ``--allowed-host`` / ``MARSAD_ALLOWED_HOSTS``. A page on another site whose name an attacker
   points at this machine (DNS rebinding) therefore cannot read or change anything (421, E421).
2. **Body size.** A body larger than ``Settings.max_request_bytes`` is refused before a route
   reads it (413, E413), whether or not it announces its length.
3. **Browser headers** on every response: a Content-Security-Policy that allows scripts only from
   this server's own files (no inline script, no ``eval``), ``X-Content-Type-Options: nosniff``,
   ``Referrer-Policy: no-referrer`` and ``frame-ancestors 'none'`` (with ``X-Frame-Options`` for
   older browsers), so a stored string that slipped past escaping still could not run.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# The name HTTP test clients (Starlette's TestClient) put in the Host header; it is a single
# label that no public DNS name can be, so allowing it opens nothing to other sites.
TEST_CLIENT_NAME = "testserver"
WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # the views set widths and colours in style="..." attributes and the map and chart
    # libraries position their elements the same way; styles cannot run code
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


# --------------------------------------------------------------------------- host names


def _bare(name: str) -> str:
    """``Name.Example.:8000`` -> ``name.example``; ``[::1]:8000`` -> ``::1``."""
    name = name.strip().lower()
    if name.startswith("["):
        end = name.find("]")
        return name[1:end] if end > 0 else name
    if name.count(":") == 1:
        name = name.split(":", 1)[0]
    return name.rstrip(".")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, as given to ``--host``) only listens on this machine."""
    name = _bare(host)
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostNames:
    """The names this server answers to: exact names, ``*.example.org`` suffixes, loopback."""

    def __init__(self, configured: Iterable[str] = (), bind: str | None = None):
        exact, suffixes = set(LOOPBACK_NAMES) | {TEST_CLIENT_NAME}, {".localhost"}
        if bind and _bare(bind) not in WILDCARD_BINDS:
            exact.add(_bare(bind))
        for raw in configured:
            name = _bare(raw)
            if not name:
                continue
            if name == "*" or "*" in name[2:] or ("*" in name and not name.startswith("*.")):
                from marsad.errors import ServeError

                raise ServeError(f"allowed host {raw!r}: name a host, or '*.example.org' for its "
                                 "subdomains ('*' alone would let any site in)")
            if name.startswith("*."):
                suffixes.add(name[1:])
            else:
                exact.add(name)
        self.exact = frozenset(exact)
        self.suffixes = tuple(sorted(suffixes))
        self.configured = tuple(n for n in (_bare(r) for r in configured) if n)

    def allows(self, host_header: str | None) -> bool:
        if not host_header:
            return False
        name = _bare(host_header)
        if name in self.exact or any(name.endswith(s) for s in self.suffixes):
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False


def bind_warning(host: str, allowed_hosts: Iterable[str]) -> str | None:
    """A warning for listening beyond this machine with no configured names, else None
    (raises ServeError for a malformed name)."""
    HostNames(allowed_hosts, bind=host)
    if is_loopback(host) or tuple(allowed_hosts):
        return None
    where = "every interface" if _bare(host) in WILDCARD_BINDS else host
    return (f"listening on {where} ({host}) but no --allowed-host is configured: browsers on other "
            f"machines that reach this server by a name will be refused (only loopback names"
            f"{'' if _bare(host) in WILDCARD_BINDS else ' and ' + host} are accepted). Add "
            "--allowed-host NAME (or MARSAD_ALLOWED_HOSTS) for each name analysts use.")


# --------------------------------------------------------------------------- middleware


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _header(scope: dict, name: bytes) -> str | None:
    for k, v in scope.get("headers") or ():
        if k == name:
            return v.decode("latin-1")
    return None


class Hardening:
    """ASGI middleware: see the module docstring. ``max_body`` in bytes."""

    def __init__(self, app: Any, hosts: HostNames, max_body: int):
        self.app = app
        self.hosts = hosts
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        try:
            self._check_request(scope)
            receive = await self._bounded_body(scope, receive)
        except _Refused as r:
            await self._refuse(send, r)
            return
        await self.app(scope, receive, send)

    def _check_request(self, scope: dict) -> None:
        host = _header(scope, b"host")
        if not self.hosts.allows(host):
            raise _Refused(421, "E421", f"Host {host!r} is not a name of this server; add it with "
                                        "--allowed-host NAME (or MARSAD_ALLOWED_HOSTS)")
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.strip().isdigit():
                raise _Refused(400, "E400", f"Content-Length {length!r} is not a number")
            if int(length) > self.max_body:
                raise _Refused(413, "E413", self._too_large())

    def _too_large(self) -> str:
        return (f"the request body is larger than {self.max_body:,} bytes "
                "(raise MARSAD_MAX_REQUEST_BYTES to allow more)")

    async def _bounded_body(self, scope: dict, receive: Any) -> Any:
        """Read a body (at most ``max_body`` bytes) before the route runs, then replay it."""
        if _header(scope, b"content-length") is None and _header(scope, b"transfer-encoding") is None:
            return receive
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                # the client went away: hand the route the disconnect as it came
                return _replay([], message, receive)
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                raise _Refused(413, "E413", self._too_large())
            chunks.append(body)
            more = message.get("more_body", False)
        return _replay(chunks, None, receive)

    @staticmethod
    def _with_headers(send: Any) -> Any:
        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers") or ()}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*(message.get("headers") or ()), *extra]}
            await send(message)

        return send_with_headers

    @staticmethod
    async def _refuse(send: Any, r: _Refused) -> None:
        body = json.dumps({"error": {"code": r.code, "message": r.message}}).encode()
        await send({"type": "http.response.start", "status": r.status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _replay(chunks: list[bytes], first: dict | None, receive: Any) -> Any:
    """A ``receive`` that gives the buffered body (or ``first``) once, then defers to ``receive``."""
    pending = [first] if first is not None else [
        {"type": "http.request", "body": b"".join(chunks), "more_body": False}]

    async def replay() -> dict:
        if pending:
            return pending.pop()
        return await receive()

    return replay


def install(app: Any, settings: Any) -> None:
    """Put :class:`Hardening` in front of ``app`` with the names and limit from ``settings``."""
    hosts = HostNames(settings.allowed_hosts, bind=settings.host)
    app.add_middleware(Hardening, hosts=hosts, max_body=settings.max_request_bytes)

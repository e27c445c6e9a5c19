"""Exception hierarchy. Every error carries a short code so messages can be looked up in docs."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class for errors Marsad reports to users (CLI exit 1, HTTP 4xx)."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class PackError(MarsadError):
    """A knowledge pack failed validation; ``problems`` lists each ``file:line: message``."""

    code = "E100"

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class ReadError(MarsadError):
    """A document could not be read (missing, binary, empty, oversized, malformed)."""

    code = "E200"


class ModelError(MarsadError):
    """A record does not fit the data model (bad type, bad date, bad span)."""

    code = "E300"


class ParserUnavailable(MarsadError):
    """The optional dependency parse was asked for (``--parser``, ``Pipeline(parser=True)``) but
    spaCy or its small English model is not installed: ``pip install 'marsad[parser]'``."""

    code = "E800"


class TriggerModelError(MarsadError):
    """A trigger-model file that cannot be used (missing, not JSON, wrong format, bad weights)."""

    code = "E810"


class StoreError(MarsadError):
    """The store refused an operation (unknown id, schema too new, bad filter)."""

    code = "E400"


class NotFound(StoreError):
    code = "E404"


class SchemaTooNew(StoreError):
    code = "E409"


class StoreBusy(StoreError):
    """Another process holds the DuckDB file for longer than ``Settings.lock_wait``."""

    code = "E503"


class StoreUnavailable(StoreError):
    """The database server cannot be reached right now (restarting, down): try again later."""

    code = "E503"


class ServeError(MarsadError):
    """The server cannot start (the port is taken, the address cannot be bound)."""

    code = "E600"


class InteropError(MarsadError):
    """A file in another tool's format cannot be read or written (missing columns, bad target)."""

    code = "E650"


class AuthError(MarsadError):
    """No valid credentials: a missing, expired or revoked session or token, or a wrong
    password (HTTP 401)."""

    code = "E700"


class TooManyAttempts(AuthError):
    """Too many failed logins for a name or from an address; try again later (HTTP 429)."""

    code = "E701"

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(MarsadError):
    """The identity is known but its role does not allow the action (HTTP 403)."""

    code = "E703"


class CrossSiteRefused(Forbidden):
    """A state-changing request that may come from another site: a form-encoded body, a foreign
    ``Origin``, or a session without its CSRF header (HTTP 403)."""

    code = "E704"


class NotJsonBody(MarsadError):
    """A write whose body is not declared JSON (HTTP 415): an HTML form or a "simple" cross-site
    request cannot send ``Content-Type: application/json``, so every write route takes only that."""

    code = "E415"


class AccountError(MarsadError):
    """An account or token operation is invalid (unknown or duplicate user, bad role, weak
    password, bad expiry, no admin for ``serve --team``)."""

    code = "E710"


class MarkingError(MarsadError):
    """A TLP marking or clearance is not one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED."""

    code = "E720"

"""Settings: defaults < settings file < environment (``MARSAD_*``) < explicit arguments.

Nothing is read at import time; build a :class:`Settings` with :meth:`Settings.load`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_DB = "marsad.duckdb"


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = DEFAULT_DB  # DuckDB file path or postgresql:// URL
    packs: tuple[str, ...] = field(default_factory=tuple)  # overlay directories, later ones win
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)  # names besides loopback the server answers to
    max_request_bytes: int = 1_000_000  # largest request body the server reads
    user: str = "analyst"  # recorded in audit records
    batch_size: int = 200
    max_document_bytes: int = 20_000_000  # per document: each JSONL line, each other file
    lock_wait: float = 15.0  # seconds to wait for a DuckDB file another process holds
    team: bool = False  # accounts, roles and sessions (`marsad serve --team`; docs/team-server.md)
    secret_key: str = field(default="", repr=False)  # signs sessions and CSRF tokens (team mode)
    session_ttl: str = "12h"  # how long a dashboard login lasts
    auth_cache_seconds: float = 2.0  # how long a checked session or token is trusted before checking again
    tls_cert: str = ""  # certificate and key files: serve HTTPS (team servers reached by others)
    tls_key: str = ""
    workers: int = 1  # server processes (`marsad serve --workers N`, PostgreSQL only)
    parser: bool = False  # dependency parse in extraction (`--parser`; extra `parser`; docs/extraction.md)
    triggers: str = "bundled"  # trigger model in extraction: bundled, none or a model file (`--triggers`)

    @classmethod
    def load(cls, file: str | Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Merge defaults, an optional TOML file, ``MARSAD_*`` variables and explicit overrides."""
        values: dict[str, Any] = {}
        if file:
            import tomllib

            with open(file, "rb") as fh:
                values.update(tomllib.load(fh).get("marsad", {}))
        env = os.environ if env is None else env
        for f in fields(cls):
            key = f"MARSAD_{f.name.upper()}"
            if key in env:
                values[f.name] = env[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values.get("packs"), str):
            values["packs"] = tuple(p for p in values["packs"].split(os.pathsep) if p)
        elif "packs" in values:
            values["packs"] = tuple(values["packs"])
        if isinstance(values.get("allowed_hosts"), str):
            values["allowed_hosts"] = tuple(h.strip() for h in values["allowed_hosts"].split(",") if h.strip())
        elif "allowed_hosts" in values:
            values["allowed_hosts"] = tuple(values["allowed_hosts"])
        for k in ("port", "batch_size", "workers"):
            if k in values:
                values[k] = int(values[k])
        for k in ("team", "parser"):
            if isinstance(values.get(k), str):
                values[k] = values[k].strip().lower() in ("1", "true", "yes", "on")
        for k in ("lock_wait", "auth_cache_seconds"):
            if k in values:
                values[k] = float(values[k])
        for k in ("max_document_bytes", "max_request_bytes"):
            if k in values:
                from marsad.ingest.readers import parse_size

                values[k] = parse_size(values[k])
        return replace(cls(), **values)

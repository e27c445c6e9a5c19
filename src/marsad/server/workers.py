"""Several server processes on one port (``marsad serve --workers N``, PostgreSQL only).

One Python process runs Python code on one core at a time, so one server process is bound by
one core however many clients ask. uvicorn can start N processes that share the listening
socket; each builds its own app with :func:`app_from_environment` from the settings the command
line resolved (handed over in :data:`SETTINGS_ENV`, as JSON, in the environment the processes
inherit) and opens its own connections to the database. What each process keeps for itself
stays right across processes:

* sessions, tokens, accounts and the cursor key live in the database;
* the secret key is the same in every process (the same settings);
* failed logins are counted from the audit trail (:class:`marsad.auth.limits.SharedLoginLimiter`);
* checked credentials are not remembered (``auth_cache_seconds`` is 0), so a logout, a disabled
  user or a revoked token answered by one process applies at once in the others;
* cached answers (:mod:`marsad.server.cache`) carry the store's data version, which every write
  of any process raises.

A DuckDB file has one writing process (it locks the file), so a DuckDB server stays one process.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace

from marsad.config import Settings
from marsad.errors import ServeError

SETTINGS_ENV = "MARSAD_SERVE_SETTINGS"
MAX_WORKERS = 64


def worker_settings(settings: Settings) -> Settings:
    """The settings each worker process runs with; refuses what several processes cannot serve."""
    if not 1 <= settings.workers <= MAX_WORKERS:
        raise ServeError(f"--workers {settings.workers}: give a number from 1 to {MAX_WORKERS}")
    if not settings.db.startswith(("postgresql://", "postgres://")):
        raise ServeError(
            f"--workers {settings.workers} needs a PostgreSQL database: a DuckDB file ({settings.db}) has one "
            "writing process, so its server runs as one process (leave out --workers)")
    return replace(settings, auth_cache_seconds=0.0)


def hand_over(settings: Settings) -> None:
    """Put the settings where the worker processes will find them."""
    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))


def app_from_environment():
    """The app of one worker process (uvicorn's factory, ``marsad.server.workers:app_from_environment``)."""
    from marsad.server.app import create_app

    values = json.loads(os.environ[SETTINGS_ENV])
    return create_app(Settings.load(env={}, **values))

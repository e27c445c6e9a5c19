"""Numbered, named schema migrations, applied in order and recorded in ``schema_migrations``.

Each module holds either ``SQL`` (statements separated by ``;`` that run on every backend) or an
``up(store)`` function (for steps that differ by dialect). Add a migration by adding a module and
appending it to :data:`MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

from importlib import import_module

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, "initial"),
    (2, "review_overrides"),
    (3, "indexes"),
    (4, "source_grades"),
    (5, "ach"),
    (6, "acled_rows"),
    (7, "fusion_scores"),
    (8, "accounts"),
    (9, "store_keys"),
    (10, "read_paths"),
    (11, "markings"),
    (12, "fusion_blocking"),
    (13, "event_markings"),
    (14, "data_version"),
    (15, "fusion_place_key"),
    (16, "data_changes"),
    (17, "source_tallies"),
    (18, "more_read_paths"),
    (19, "fusion_specific_indexes"),
    (20, "actor_tallies"),
    (21, "covering_event_order"),
)

LATEST = MIGRATIONS[-1][0]


def load(version: int, name: str):
    """The migration module for ``version``."""
    return import_module(f"marsad.store.migrations.m{version:04d}_{name}")


def statements(sql: str) -> list[str]:
    """Split a migration's SQL on ``;`` (no semicolons inside literals in our migrations)."""
    out = []
    for part in sql.split(";"):
        lines = [ln for ln in part.splitlines() if not ln.strip().startswith("--")]
        stmt = "\n".join(lines).strip()
        if stmt:
            out.append(stmt)
    return out

"""Shared CLI helpers: error mapping and output formats."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from marsad.errors import MarsadError

err_console = Console(stderr=True)
out_console = Console()


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn library errors into a one-line message on stderr and exit status 1."""
    try:
        yield
    except MarsadError as exc:
        err_console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        for p in getattr(exc, "problems", []) or []:
            err_console.print(f"  {p}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_table(rows: list[dict], columns: list[str], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*[("" if r.get(c) is None else str(r[c])) for c in columns])
    out_console.print(table)

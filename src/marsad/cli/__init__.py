"""The ``marsad`` command line: a thin Typer layer over the library.

Each command group lives in its own module and registers itself via ``register(app)``.
"""

from __future__ import annotations

import typer

from marsad import __version__

app = typer.Typer(
    name="marsad",
    help="Marsad: turn reports on armed groups and politics into a sourced knowledge base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Marsad command line."""


def _register() -> None:
    from marsad.cli import (
        accounts_cmd,
        extract_cmd,
        groups,
        pack_cmd,
        serve_cmd,
        spark_cmd,
        store_cmd,
    )
    from marsad.cli.common import humane_help

    humane_help()
    for module in (pack_cmd, extract_cmd, store_cmd, serve_cmd, accounts_cmd, groups, spark_cmd):
        module.register(app)


_register()


def main() -> None:  # console-script entry point
    app()

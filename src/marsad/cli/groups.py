"""Command groups shared by several modules: ``marsad analyze``, ``marsad import`` and
``marsad export``. Each feature module adds its commands to a group here
(``@analyze_app.command("tempo")``) and is listed in ``GROUP_MODULES``; a group is shown only
once it has commands."""

from __future__ import annotations

import importlib

import typer

analyze_app = typer.Typer(help="Analyses of the knowledge base.", no_args_is_help=True)
import_app = typer.Typer(help="Bring data from other tools into a store.", no_args_is_help=True)
export_app = typer.Typer(help="Write the knowledge base in other tools' formats.", no_args_is_help=True)

# Modules (under marsad.cli) whose import adds commands to the groups above.
GROUP_MODULES: tuple[str, ...] = ("analyze_politics", "analyze_ach", "interop_cmd", "import_attacks", "analyze_violence")


def register(app: typer.Typer) -> None:
    for name in GROUP_MODULES:
        importlib.import_module(f"marsad.cli.{name}")
    for group, name in ((analyze_app, "analyze"), (import_app, "import"), (export_app, "export")):
        if group.registered_commands or group.registered_groups:
            app.add_typer(group, name=name)

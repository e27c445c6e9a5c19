"""``marsad import attacks-csv``: a compiled list of attacks, strikes and published counts."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.cli.common import cli_errors, err_console, out_console
from marsad.cli.groups import import_app

DB_HELP = "DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb)."


@import_app.command("attacks-csv")
def attacks_csv(
    path: Path = typer.Argument(None, help="Directory with attacks.csv (and strikes/counts/events.csv); "
                                           "default: the bundled 2023-24 list."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Import attacks and strikes as events and running counts as claims, each with its source row."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from marsad.config import Settings
    from marsad.interop.attacks_csv import import_attacks_csv
    from marsad.store import open_store

    with cli_errors():
        settings = Settings.load(None, db=db)
        with open_store(settings.db) as store, Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} rows"),
            TimeElapsedColumn(), console=err_console,
        ) as bar:
            task = bar.add_task("importing", total=None)
            st = import_attacks_csv(store, path, progress=lambda n: bar.advance(task, n))
        out_console.print(
            f"{st.documents} source rows: {st.new_documents} new or changed, {st.unchanged} unchanged; "
            f"{st.events} events ({st.events_written} written), {st.claims} count claims",
            highlight=False,
        )

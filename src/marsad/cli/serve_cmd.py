"""CLI commands: ``marsad serve`` (API + dashboard) and ``marsad demo`` (sample corpus, then serve)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from marsad.cli.common import cli_errors, err_console, out_console

DEMO_DB = "marsad-demo.duckdb"


def sample_paths() -> list[Path]:
    """The bundled sample reports (``marsad/data/samples/*.json``), sorted by name."""
    root = Path(str(resources.files("marsad") / "data" / "samples"))
    return sorted(root.glob("*.json")) if root.is_dir() else []


def run_server(settings, store=None) -> None:
    """Serve the API and dashboard with uvicorn until interrupted."""
    import uvicorn

    from marsad.server.app import create_app

    app = create_app(settings, store)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


def fresh_db(path: Path) -> None:
    """Remove a DuckDB file and its write-ahead log so the demo starts from nothing."""
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()


def build_demo(db: Path, settings) -> dict:
    """Ingest the bundled samples into a fresh DuckDB file at ``db``; returns ingest figures."""
    from marsad.workbench import Workbench

    paths = sample_paths()
    if not paths:
        from marsad.errors import ReadError

        raise ReadError("no sample reports bundled under marsad/data/samples")
    fresh_db(db)
    wb = Workbench.from_settings(settings)
    try:
        stats = wb.ingest([str(p) for p in paths])
    finally:
        wb.close()
    figures = (
        stats if isinstance(stats, dict) else getattr(stats, "__dict__", {"result": str(stats)})
    )
    return {"files": len(paths), **{k: v for k, v in figures.items() if not k.startswith("_")}}


def register(app: typer.Typer) -> None:
    """Attach ``serve`` and ``demo`` to the root app."""

    @app.command()
    def serve(
        db: str = typer.Option(
            None,
            "--db",
            help="DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb).",
        ),
        host: str = typer.Option(
            None, "--host", help="Interface to listen on (default 127.0.0.1)."
        ),
        port: int = typer.Option(None, "--port", help="Port to listen on (default 8000)."),
        pack: list[str] = typer.Option(
            None,
            "--pack",
            help="Knowledge-pack overlay directory (repeatable); copied into the store before serving.",
        ),
        config: Path = typer.Option(
            None, "--config", exists=True, dir_okay=False, help="Settings TOML file."
        ),
    ) -> None:
        """Serve the REST API (/api, docs at /docs) and the dashboard (/)."""
        from marsad.config import Settings

        with cli_errors():
            settings = Settings.load(
                config, db=db, host=host, port=port, packs=tuple(pack) if pack else None
            )
            from marsad.store import open_store

            store = open_store(settings.db)  # fail here, not on the first request, for a bad --db
            if pack:  # the API reads the pack from the store: copy the overlays in first
                from marsad.knowledge.pack import KnowledgePack

                try:
                    store.load_pack(KnowledgePack.load(overlays=tuple(settings.packs)))
                except BaseException:
                    store.close()
                    raise
            out_console.print(
                f"Marsad at http://{settings.host}:{settings.port}/  (API docs: /docs; Ctrl+C stops)"
            )
            try:
                run_server(settings, store)
            finally:
                store.close()

    @app.command()
    def demo(
        db: Path = typer.Option(
            Path(DEMO_DB), "--db", help="DuckDB file to create (replaced on each run)."
        ),
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        no_serve: bool = typer.Option(
            False, "--no-serve", help="Stop after ingesting the samples."
        ),
    ) -> None:
        """Build a fresh database from the bundled sample reports and open the dashboard on it."""
        from marsad.config import Settings

        with cli_errors():
            settings = Settings.load(db=str(db), host=host, port=port)
            err_console.print(f"Ingesting the sample reports into {db} ...")
            figures = build_demo(db, settings)
            keys = ("documents", "events_new", "events_fused", "claims", "relations", "failures")
            shown = ", ".join(f"{figures[k]} {k.replace('_', ' ')}" for k in keys if k in figures)
            out_console.print(f"Demo database ready: {db} ({shown})")
            url = f"http://{host}:{port}/"
            out_console.print(f"Dashboard: {url}")
            if no_serve:
                return
            run_server(settings)

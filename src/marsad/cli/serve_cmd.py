"""CLI commands: ``marsad serve`` (API + dashboard) and ``marsad demo`` (sample corpus, then serve)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from marsad.cli.common import cli_errors, err_console, out_console, print_failure


def sample_paths() -> list[Path]:
    """The bundled sample reports (``marsad/data/samples/*.json``), sorted by name."""
    root = Path(str(resources.files("marsad") / "data" / "samples"))
    return sorted(root.glob("*.json")) if root.is_dir() else []


def check_port(host: str, port: int) -> None:
    """Raise ServeError when ``host:port`` cannot be listened on (taken, or not an address here)."""
    import socket

    from marsad.errors import ServeError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            hint = "; stop the other server or choose another --port" if exc.errno in (48, 98) else ""
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None


def run_server(settings, store=None) -> None:
    """Serve the API and dashboard with uvicorn until interrupted."""
    import uvicorn

    from marsad.server.app import create_app

    tls = {"ssl_certfile": settings.tls_cert, "ssl_keyfile": settings.tls_key} if settings.tls_cert else {}
    if settings.workers > 1:  # N processes, each with its own app and connections (server/workers.py)
        from marsad.server.workers import hand_over

        hand_over(settings)
        uvicorn.run("marsad.server.workers:app_from_environment", factory=True, workers=settings.workers,
                    host=settings.host, port=settings.port, log_level="warning", **tls)
        return
    app = create_app(settings, store)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", **tls)


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is on this machine only (127.0.0.0/8, ::1)."""
    import ipaddress
    import socket

    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)


def check_exposure(settings, store) -> None:
    """Refuse to serve where others could reach a server without accounts, and a team server
    without a strong secret or an admin account (docs/team-server.md)."""
    from marsad.errors import ServeError

    if settings.team:
        from marsad.auth.accounts import check_team_ready

        check_team_ready(store, settings.secret_key)
        if bool(settings.tls_cert) != bool(settings.tls_key):
            raise ServeError("--tls-cert and --tls-key go together")
        if not settings.tls_cert and not is_loopback(settings.host):
            err_console.print(
                f"[bold red]warning:[/bold red] serving plain HTTP on {settings.host}: the session cookie is "
                "Secure, so browsers will only log in over HTTPS. Put a TLS proxy in front, or pass "
                "--tls-cert and --tls-key.", highlight=False)
    elif not is_loopback(settings.host):
        raise ServeError(
            f"--host {settings.host} can be reached from other machines, and without accounts anyone there "
            "could read and change the knowledge base; serve on 127.0.0.1, or start a team server with "
            "--team (accounts, roles, sessions; see docs/team-server.md)")


def serve_workbench(wb, *, sync_pack: bool) -> None:
    """Check the database, who may reach it and the port, say where the dashboard is, then serve
    until Ctrl+C."""
    settings = wb.settings
    if settings.workers > 1:
        from marsad.server.workers import worker_settings

        settings = worker_settings(settings)
    with wb.session(create=False) as store:  # a missing or unreadable --db fails here
        if sync_pack:  # the API reads the pack from the store: copy the overlays in first
            wb.sync_pack(store)
        check_exposure(settings, store)
    check_port(settings.host, settings.port)
    warn_about_bind(settings)
    scheme = "https" if settings.tls_cert else "http"
    mode = "team server: log in with an account" if settings.team else "API docs: /docs"
    if settings.workers > 1:
        mode += f"; {settings.workers} worker processes"
    out_console.print(f"Marsad at {scheme}://{settings.host}:{settings.port}/  ({mode}; Ctrl+C stops)",
                      highlight=False)
    run_server(settings, None if wb.holds_file or settings.workers > 1 else wb.store)


def warn_about_bind(settings) -> None:
    """Say so, loudly, when the server listens beyond this machine without named hosts."""
    from marsad.server.security import bind_warning

    warning = bind_warning(settings.host, settings.allowed_hosts)
    if warning:
        err_console.print(f"[bold yellow]Warning:[/] {warning}", highlight=False)


def build_demo(wb) -> dict:
    """Ingest the bundled samples into the workbench's store (unchanged ones are skipped, so
    running it again is quick and keeps analysts' review decisions); returns ingest figures."""
    paths = sample_paths()
    if not paths:
        from marsad.errors import ReadError

        raise ReadError("no sample reports bundled under marsad/data/samples")
    stats = wb.ingest([str(p) for p in paths], on_failure=print_failure)
    return {"files": len(paths), **stats.to_dict()}


DB_HELP = "DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb)."
ALLOWED_HOST_HELP = ("A name (or address) browsers use to reach this server, besides the loopback "
                     "names (repeatable; '*.example.org' for subdomains). Requests naming another "
                     "Host are refused.")


def register(app: typer.Typer) -> None:
    """Attach ``serve`` and ``demo`` to the root app."""

    @app.command()
    def serve(
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
        host: str = typer.Option(None, "--host", metavar="ADDRESS", help="Interface to listen on (default 127.0.0.1)."),
        port: int = typer.Option(None, "--port", metavar="PORT", help="Port to listen on (default 8000)."),
        allowed_host: list[str] = typer.Option(None, "--allowed-host", metavar="NAME", help=ALLOWED_HOST_HELP),
        pack: list[str] = typer.Option(
            None, "--pack", metavar="DIR",
            help="Knowledge-pack overlay directory (repeatable); copied into the store before serving.",
        ),
        config: Path = typer.Option(None, "--config", exists=True, dir_okay=False, help="Settings TOML file."),
        team: bool = typer.Option(
            None, "--team",
            help="Accounts, roles and sessions (needs an admin account and MARSAD_SECRET_KEY); see docs/team-server.md.",
        ),
        tls_cert: Path = typer.Option(None, "--tls-cert", exists=True, dir_okay=False, help="Serve HTTPS with this certificate."),
        tls_key: Path = typer.Option(None, "--tls-key", exists=True, dir_okay=False, help="... and this private key."),
        workers: int = typer.Option(
            None, "--workers", metavar="N", min=1,
            help="Server processes (PostgreSQL only; default 1): more requests answered at once on more cores.",
        ),
    ) -> None:
        """Serve the REST API (/api, docs at /docs) and the dashboard (/).

        A DuckDB file is held only while a request is answered: other commands (ingest, review, events) can use it while the server runs, and the dashboard shows their changes on its next request.

        Without --team there are no accounts, so only 127.0.0.1 (this machine) may be served; with --team every request needs a login or an API token.
        """
        from marsad.config import Settings
        from marsad.workbench import Workbench

        with cli_errors():
            settings = Settings.load(config, db=db, host=host, port=port, packs=tuple(pack) if pack else None,
                                     team=team or None, tls_cert=str(tls_cert) if tls_cert else None,
                                     tls_key=str(tls_key) if tls_key else None, workers=workers,
                                     allowed_hosts=tuple(allowed_host) if allowed_host else None)
            with Workbench(settings) as wb:
                serve_workbench(wb, sync_pack=bool(pack))

    @app.command()
    def demo(
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
        host: str = typer.Option(None, "--host", metavar="ADDRESS", help="Interface to listen on (default 127.0.0.1)."),
        port: int = typer.Option(None, "--port", metavar="PORT", help="Port to listen on (default 8000)."),
        allowed_host: list[str] = typer.Option(None, "--allowed-host", metavar="NAME", help=ALLOWED_HOST_HELP),
        no_serve: bool = typer.Option(False, "--no-serve", help="Stop after ingesting the samples."),
    ) -> None:
        """Ingest the bundled sample reports into the database (the same default database every command uses) and open the dashboard on it.

        Samples already stored are skipped, so running it again is quick and keeps review decisions.
        """
        from marsad.config import Settings
        from marsad.workbench import Workbench

        with cli_errors():
            settings = Settings.load(db=db, host=host, port=port,
                                     allowed_hosts=tuple(allowed_host) if allowed_host else None)
            err_console.print(f"Ingesting the sample reports into {settings.db} ...", highlight=False)
            with Workbench(settings) as wb:
                figures = build_demo(wb)
                keys = ("documents", "new", "unchanged", "events_new", "events_fused", "claims", "relations",
                        "failures")
                shown = ", ".join(f"{figures[k]} {k.replace('_', ' ')}" for k in keys if k in figures)
                if figures["new"] == 0 and figures["revised"] == 0 and not figures["failures"]:
                    shown = f"the {figures['unchanged']} sample documents were already there"
                out_console.print(f"Demo database ready: {settings.db} ({shown})", highlight=False)
                if figures["failures"]:
                    raise typer.Exit(1)
                if no_serve:
                    return
                serve_workbench(wb, sync_pack=False)

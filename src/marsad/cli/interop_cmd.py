"""``marsad import acled`` and ``marsad export acled|stix|geojson|graphml|parquet``.

Exports take the same filters as ``marsad events`` and stream (``--batch-size`` rows read at a
time), with a progress bar on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from marsad.cli.common import cli_errors, emit_json, err_console, record_cli_export
from marsad.cli.groups import export_app, import_app
from marsad.cli.store_cmd import DB_HELP, _open, _settings
from marsad.interop.stream import BATCH


@import_app.command("acled")
def import_acled_cmd(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="ACLED CSV export."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    pack: list[str] = typer.Option(None, "--pack", help="Knowledge-pack overlay directory (repeatable)."),
    batch_size: int = typer.Option(2000, "--batch-size", min=1, help="Rows per transaction."),
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Import an ACLED CSV: one document per row, fused with the stored events; re-import is idempotent."""
    from marsad.interop.acled import import_acled
    from marsad.interop.stream import progress_bar
    from marsad.knowledge.pack import KnowledgePack

    with cli_errors():
        settings = _settings(db, packs=pack)
        kp = KnowledgePack.load(overlays=tuple(settings.packs))
        total = max(sum(1 for _ in path.open("rb")) - 1, 0)
        from marsad.workbench import Workbench

        # an import writes: like `marsad ingest`, it creates the database when there is none
        with Workbench(settings).open_store(create=True) as store, \
                progress_bar("importing ACLED rows", total) as advance:
            stats = import_acled(store, path, pack=kp, batch_size=batch_size, progress=advance)
    if as_json:
        emit_json(stats.to_dict())
        return
    for e in stats.errors:
        err_console.print(f"{path}: {e}", markup=False, highlight=False, soft_wrap=True)
    typer.echo(f"{stats.rows} rows: {stats.new} new, {stats.updated} updated, {stats.unchanged} unchanged, "
               f"{len(stats.errors)} rejected; events: {stats.events_new} new, {stats.events_fused} fused; "
               f"{stats.actors_created} new draft actors")


def _filter(opts: dict):
    from marsad.store import EventFilter

    return EventFilter(start=opts["start"], end=opts["end"], type=opts["type"], mode=opts["mode"],
                       actor=opts["actor"], include_affiliates=opts["affiliates"], admin1=opts["admin1"],
                       country=opts["country"], status=opts["status"],
                       min_corroboration=opts["min_corroboration"], place=opts["place"], text=opts["text"])


def _filters_record(f: Any) -> dict:
    """The filters of an export as its audit record keeps them (as the API's export records)."""
    from dataclasses import asdict

    return {k: v for k, v in asdict(f).items() if v not in (None, "", [], (), False)}


def _export(fmt: str, out: Path, db: str | None, opts: dict) -> None:
    from marsad.interop.exports import export
    from marsad.interop.stream import progress_bar

    with cli_errors():
        f = _filter(opts)
        clearance = opts.get("clearance")
        if clearance is not None:
            from marsad.markings import check_marking

            clearance = check_marking(clearance, "--clearance")
        with _open(db) as whole:
            record_cli_export(whole, opts.get("user"), fmt, {
                "filters": _filters_record(f), "as_of": opts.get("as_of"), "clearance": clearance, "output": str(out)})
            store = whole.cleared(clearance)
            # the bar counts events read (table rows for parquet); its total is known for the
            # formats that read each matching event once
            total = store.count_events(f) if fmt in ("geojson", "stix") else None
            with progress_bar(f"exporting {fmt}", total) as advance:
                counts = export(store, fmt, out, f, as_of=opts.get("as_of"), size=opts["batch_size"],
                                progress=advance)
    typer.echo(f"{out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


def _make(fmt: str, doc: str, extra_as_of: bool = False):
    """Register ``marsad export FMT`` with the shared filter options (same signature as acled)."""

    def cmd(
        out: Path = typer.Option(..., "-o", "--output", help="File to write (a directory for parquet)."),
        start: str = typer.Option(None, "--start", help="First date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        end: str = typer.Option(None, "--end", help="Last date, inclusive."),
        type: str = typer.Option(None, "--type", help="PLOVER type(s), comma-separated."),
        mode: str = typer.Option(None, "--mode", help="PLOVER mode(s), comma-separated."),
        actor: str = typer.Option(None, "--actor", help="Actor id, as source or target."),
        affiliates: bool = typer.Option(False, "--affiliates", help="Also match actors affiliated with --actor."),
        admin1: str = typer.Option(None, "--admin1", help="Governorate(s), comma-separated."),
        country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code(s)."),
        status: str = typer.Option(None, "--status", help="draft, confirmed, rejected, edited, merged."),
        min_corroboration: int = typer.Option(None, "--min-corroboration", help="Least number of source documents."),
        place: str = typer.Option(None, "--place", help="Place id."),
        text: str = typer.Option(None, "--text", help="Words in the evidence."),
        as_of: str = typer.Option(None, "--as-of", help="Network as of this date (graphml)."),
        batch_size: int = typer.Option(BATCH, "--batch-size", min=1,
                                       help="Rows read from the store at a time (memory use follows it)."),
        clearance: str = typer.Option(None, "--clearance", metavar="MARKING",
                                      help="Write only what a reader of this TLP clearance may see (CLEAR, GREEN, "
                                           "AMBER, AMBER+STRICT, RED; default: everything)."),
        user: str = typer.Option(None, "--user", metavar="NAME",
                                 help="Who exports, for the audit trail (default: the operating system's user)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        _export(fmt, out, db, locals())

    cmd.__doc__ = doc
    export_app.command(fmt)(cmd)


_make("acled", "ACLED-compatible CSV: ACLED's columns, then Marsad's (marsad_*).")
_make("stix", "STIX 2.1 bundle (JSON).")
_make("geojson", "GeoJSON of events (points); with -o X.geojson also writes X.admin1.geojson (counts per governorate).")
_make("graphml", "GraphML of the actor network (--as-of DATE).")
_make("parquet", "Parquet of every table, one directory per table under -o DIR.")

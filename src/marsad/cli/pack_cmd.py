"""CLI commands: pack (validate the knowledge pack, search its actors and places)."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.cli.common import cli_errors, emit_json, emit_table, err_console, out_console

pack_app = typer.Typer(
    help="Inspect and validate the knowledge pack (actors, places, offices, elections).",
    no_args_is_help=True,
)

PACK_OPTION = typer.Option(
    None,
    "--pack",
    help="Overlay directory on top of the built-in pack (repeatable; default: MARSAD_PACKS).",
)


def _load(packs: list[Path] | None):
    """The pack with ``--pack`` overlays, or with the ``MARSAD_PACKS`` setting's when none given."""
    from marsad.config import Settings
    from marsad.knowledge import KnowledgePack

    overlays = list(packs) if packs else list(Settings.load().packs)
    return KnowledgePack.load(overlays=overlays)


@pack_app.command("validate")
def validate_cmd(
    directory: Path | None = typer.Argument(
        None,
        help="Overlay directory to check on top of the built-in pack; omit to check the built-in pack.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check pack files against the schema and each other; list every problem as file:line."""
    from marsad.knowledge import KnowledgePack, validate

    with cli_errors():
        overlays = [directory] if directory else []
        problems = validate(overlays)
        if problems:
            if json_out:
                emit_json({"ok": False, "problems": [p.to_dict() for p in problems]})
            else:
                for p in problems:
                    err_console.print(str(p), markup=False, highlight=False)
                err_console.print(f"[red]{len(problems)} problem(s)[/red]")
            raise typer.Exit(1)
        summary = KnowledgePack.load(overlays=overlays).summary()
        if json_out:
            emit_json({"ok": True, "summary": summary})
            return
        where = str(directory) + " on the built-in pack" if directory else "built-in pack"
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in summary.items())
        out_console.print(f"[green]ok[/green] {where}: {counts}", highlight=False)


def _search(query, search, everything, keep, limit: int) -> list:
    """Fuzzy hits for ``query`` (or everything, by name), filtered by ``keep``, at most ``limit``."""
    if query:
        hits = search(query, limit=max(limit * 5, 50))
    else:
        hits = [(e, None) for e in sorted(everything, key=lambda e: e.name.lower())]
    return [(e, s) for e, s in hits if keep(e)][:limit]


def _show(hits: list, query, json_out: bool, row, cols: list[str], what: str) -> None:
    """Print hits as JSON (entity fields + score) or as a table of ``row(entity)`` columns."""
    if json_out:
        emit_json([{**e.to_dict(), "score": None if s is None else round(s, 1)} for e, s in hits])
        return
    rows = [{**row(e), "score": None if s is None else f"{s:.0f}"} for e, s in hits]
    emit_table(rows, cols + (["score"] if query else []), title=f"{len(rows)} {what}(s)")


@pack_app.command("actors")
def actors_cmd(
    query: str | None = typer.Argument(
        None, help="Name or alias to look for (fuzzy); omit to list all."
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="Only this kind (armed_group, person, state...)."
    ),
    limit: int = typer.Option(20, "--limit", min=1, help="Most rows to show."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
    packs: list[Path] | None = PACK_OPTION,
) -> None:
    """Search pack actors by name or alias."""
    with cli_errors():
        pack = _load(packs)
        hits = _search(query, pack.search_actors, pack.actors.values(),
                       lambda a: not kind or a.kind == kind, limit)
        _show(hits, query, json_out, lambda a: {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "sector": a.sector,
            "country": a.country,
            "aliases": ", ".join(a.aliases[:3]) + (" ..." if len(a.aliases) > 3 else ""),
        }, ["id", "name", "kind", "sector", "country", "aliases"], "actor")


@pack_app.command("places")
def places_cmd(
    query: str | None = typer.Argument(
        None, help="Name or alias to look for (fuzzy); omit to list all."
    ),
    country: str | None = typer.Option(None, "--country", help="Only this ISO-2 country code."),
    limit: int = typer.Option(20, "--limit", min=1, help="Most rows to show."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
    packs: list[Path] | None = PACK_OPTION,
) -> None:
    """Search pack places by name or alias."""
    with cli_errors():
        pack = _load(packs)
        hits = _search(query, pack.search_places, pack.places.values(),
                       lambda p: not country or p.country == country.upper(), limit)
        _show(hits, query, json_out, lambda p: {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "admin1": p.admin1,
            "country": p.country,
            "lat": f"{p.lat:.4f}" if p.lat is not None else None,
            "lon": f"{p.lon:.4f}" if p.lon is not None else None,
        }, ["id", "name", "kind", "admin1", "country", "lat", "lon"], "place")


def register(app: typer.Typer) -> None:
    """Attach the ``pack`` command group to the root app."""
    app.add_typer(pack_app, name="pack")

"""CLI commands over the store: ``ingest``, ``events``, ``actors``, ``claims``, ``review ...``.

Each command parses its options, calls one library method and prints the result; library errors
become a one-line message and exit status 1 (:func:`marsad.cli.common.cli_errors`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from marsad.cli.common import cli_errors, emit_json, emit_table, err_console, out_console

FORMATS = ("table", "csv", "json")

DB_HELP = "DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb)."


def _settings(db: str | None, config: Path | None = None, packs: list[str] | None = None):
    from marsad.config import Settings

    return Settings.load(config, db=db, packs=tuple(packs) if packs else None)


def _open(db: str | None, config: Path | None = None):
    from marsad.store import open_store

    return open_store(_settings(db, config).db)


def _emit_frame(df, fmt: str, columns: list[str] | None = None, title: str | None = None) -> None:
    if fmt not in FORMATS:
        from marsad.errors import StoreError

        raise StoreError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")
    if columns:
        df = df[[c for c in columns if c in df.columns]]
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
        return
    rows = json.loads(df.to_json(orient="records", date_format="iso"))
    if fmt == "json":
        emit_json({"items": rows, "next_cursor": df.attrs.get("cursor")})
        return
    emit_table(rows, list(df.columns), title=title)
    if df.attrs.get("cursor"):
        err_console.print(f"more: --cursor {df.attrs['cursor']}", highlight=False)


def _value(text: str) -> Any:
    """A CLI value: JSON when it parses (17, null, true), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def register(app: typer.Typer) -> None:
    """Attach ``ingest``, ``events``, ``actors``, ``claims`` and the ``review`` group."""

    @app.command()
    def ingest(
        inputs: list[str] = typer.Argument(None, help="Files or directories (JSON, JSONL, TXT, HTML, PDF)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        pack: list[str] = typer.Option(None, "--pack", help="Knowledge-pack overlay directory (repeatable)."),
        published: str = typer.Option(None, "--published", help="Publication date for files without one (YYYY-MM-DD)."),
        batch_size: int = typer.Option(None, "--batch-size", min=1, help="Documents per transaction (default 200)."),
        failed: bool = typer.Option(False, "--failed", help="List the documents that failed to read or extract, then exit."),
        fmt: str = typer.Option("table", "--format", help="Output of --failed: table, csv or json."),
        config: Path = typer.Option(None, "--config", exists=True, dir_okay=False, help="Settings TOML file."),
    ) -> None:
        """Read, extract and store documents; unchanged documents are skipped, changed ones revised."""
        with cli_errors():
            settings = _settings(db, config, pack)
            if failed:
                from marsad.store import open_store

                with open_store(settings.db) as store:
                    _emit_frame(store.failed(), fmt, title="failures")
                return
            if not inputs:
                raise typer.BadParameter("give at least one file or directory", param_hint="INPUT")
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            from marsad.workbench import Workbench

            with Workbench.from_settings(settings) as wb, Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                console=err_console, transient=False,
            ) as bar:
                task = bar.add_task("ingesting", total=None)
                stats = wb.ingest(inputs, progress=lambda n: bar.advance(task, n), published=published,
                                  batch_size=batch_size)
            d = stats.to_dict()
            out_console.print(
                f"{d['documents']} documents: {d['new']} new, {d['revised']} revised, {d['unchanged']} unchanged; "
                f"{d['events_new']} new events, {d['events_fused']} reports fused into existing events; "
                f"{d['failures']} failures in {d['seconds']:.1f}s",
                highlight=False,
            )
            if d["failures"]:
                err_console.print("see: marsad ingest --failed", highlight=False)

    @app.command()
    def events(
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
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """List fused events, newest first."""
        from marsad.store import EventFilter

        with cli_errors():
            f = EventFilter(start=start, end=end, type=type, mode=mode, actor=actor, include_affiliates=affiliates,
                            admin1=admin1, country=country, status=status, min_corroboration=min_corroboration,
                            place=place, text=text)
            with _open(db) as store:
                df = store.events(f, limit=limit, cursor=cursor)
                cols = None if fmt != "table" else [
                    "id", "date", "type", "mode", "place_name", "admin1", "country", "source_actor_id",
                    "target_actor_id", "fatalities", "corroboration", "status"]
                _emit_frame(df, fmt, cols, title="events")

    @app.command()
    def event(event_id: str = typer.Argument(..., help="Event id."),
              db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Show one fused event with its sources and conflicts (JSON)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.event(event_id))

    @app.command()
    def actors(
        query: str = typer.Argument(None, help="Name or alias to search for."),
        kind: str = typer.Option(None, "--kind", help="armed_group, state, state_force, party, person, ..."),
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json."),
        profile: str = typer.Option(None, "--profile", help="Show one actor's profile (JSON) instead."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """List or search actors; --profile ID shows affiliations, leaders, events and claims."""
        with cli_errors(), _open(db) as store:
            if profile:
                emit_json(store.actor(profile))
                return
            df = store.actors(query, kind=kind, limit=limit, cursor=cursor)
            cols = None if fmt != "table" else ["id", "name", "kind", "sector", "country", "origin", "events", "status"]
            _emit_frame(df, fmt, cols, title="actors")

    @app.command()
    def claims(
        start: str = typer.Option(None, "--start", help="First date (claim period, else publication)."),
        end: str = typer.Option(None, "--end", help="Last date, inclusive."),
        unit: str = typer.Option(None, "--unit", help="Unit, e.g. attacks."),
        text: str = typer.Option(None, "--text", help="Words in the subject or evidence."),
        status: str = typer.Option(None, "--status", help="draft, confirmed, rejected, edited."),
        groups: bool = typer.Option(False, "--groups", help="Show claim groups (disagreement between sources)."),
        limit: int = typer.Option(50, "--limit", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """List claims (quantities stated by documents), or --groups of claims about one quantity."""
        with cli_errors(), _open(db) as store:
            if groups:
                df = store.claim_groups()
                if fmt == "table":
                    df = df.assign(values=[", ".join(f"{v['value']:g} ({v['doc_id']}, {v['as_of']})" for v in vs)
                                           for vs in df["values"]])
                _emit_frame(df.head(limit), fmt, title="claim groups")
                return
            spec = {k: v for k, v in dict(start=start, end=end, unit=unit, text=text, status=status).items() if v}
            df = store.claims(spec, limit=limit, cursor=cursor)
            cols = None if fmt != "table" else ["id", "doc_id", "as_of", "value", "unit", "subject", "period_start",
                                                 "period_end", "group_id", "status"]
            _emit_frame(df, fmt, cols, title="claims")

    review_app = typer.Typer(help="Confirm, reject, edit or merge facts; undo; show the audit log.",
                             no_args_is_help=True)
    app.add_typer(review_app, name="review")

    def _user(user: str | None) -> str:
        return user or _settings(None).user

    @review_app.command("confirm")
    def confirm(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention."),
                fact_id: str = typer.Argument(...), note: str = typer.Option(None, "--note"),
                user: str = typer.Option(None, "--user", help="Who acts (default: settings user)."),
                db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Mark a fact confirmed."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "confirm", user=_user(user), note=note))

    @review_app.command("reject")
    def reject(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention."),
               fact_id: str = typer.Argument(...), note: str = typer.Option(None, "--note"),
               user: str = typer.Option(None, "--user"), db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Mark a fact rejected (it stays rejected when its document is ingested again)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "reject", user=_user(user), note=note))

    @review_app.command("edit")
    def edit(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention, document."),
             fact_id: str = typer.Argument(...), field: str = typer.Argument(..., help="Attribute, e.g. fatalities."),
             value: str = typer.Argument(..., help="New value (JSON literal or text; null clears)."),
             note: str = typer.Option(None, "--note"), user: str = typer.Option(None, "--user"),
             db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Change one attribute of a fact (e.g. an event's fatalities, a document's reliability)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "edit", user=_user(user), field=field, value=_value(value), note=note))

    @review_app.command("merge")
    def merge(kind: str = typer.Argument(..., help="event or actor."), keep_id: str = typer.Argument(...),
              merge_id: str = typer.Argument(...), user: str = typer.Option(None, "--user"),
              db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Merge MERGE_ID into KEEP_ID (reversible with undo)."""
        with cli_errors(), _open(db) as store:
            emit_json({"audit_id": store.merge(kind, keep_id, merge_id, user=_user(user))})

    @review_app.command("split")
    def split(event_id: str = typer.Argument(..., help="Fused event id."),
              doc_ids: list[str] = typer.Argument(..., help="Documents whose sources move to a new event."),
              note: str = typer.Option(None, "--note"), user: str = typer.Option(None, "--user"),
              db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Split the sources of DOC_IDS off EVENT_ID into a new event (reversible with undo)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.split(event_id, doc_ids, user=_user(user), note=note))

    @review_app.command("grade")
    def grade(source: str = typer.Argument(..., help="Outlet name, as in the documents' source."),
              reliability: str = typer.Argument(..., help="Admiralty grade A (reliable) to F (cannot be judged)."),
              note: str = typer.Option(None, "--note"), user: str = typer.Option(None, "--user"),
              db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Grade an outlet's reliability; its documents, now and later, take the grade."""
        with cli_errors(), _open(db) as store:
            emit_json(store.grade_source(source, reliability, user=_user(user), note=note))

    @review_app.command("undo")
    def undo(audit_id: str = typer.Argument(..., help="Audit id (from review log)."),
             user: str = typer.Option(None, "--user"), db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Reverse a review or merge."""
        with cli_errors(), _open(db) as store:
            emit_json(store.undo(audit_id, user=_user(user)))

    @review_app.command("log")
    def log(fact_id: str = typer.Argument(None, help="Only this fact."),
            limit: int = typer.Option(50, "--limit"), fmt: str = typer.Option("table", "--format"),
            db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Show audit records, latest first."""
        with cli_errors(), _open(db) as store:
            df = store.audit(fact_id, limit=limit)
            if fmt == "table" and len(df):
                df = df.assign(before=df["before"].map(json.dumps), after=df["after"].map(json.dumps))
            _emit_frame(df, fmt, title="audit")

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

from marsad.cli.common import (
    PARSER_HELP,
    TRIGGERS_HELP,
    cli_errors,
    emit_json,
    emit_table,
    err_console,
    out_console,
    print_failure,
)

FORMATS = ("table", "csv", "json")

DB_HELP = "DuckDB file or postgresql:// URL (default: settings, ./marsad.duckdb)."


def _settings(db: str | None, config: Path | None = None, packs: list[str] | None = None, parser: bool = False,
              triggers: str | None = None):
    from marsad.config import Settings

    return Settings.load(config, db=db, packs=tuple(packs) if packs else None, parser=parser or None, triggers=triggers)


def _open(db: str | None, config: Path | None = None):
    """The store for a command that reads (or reviews): never created when it does not exist."""
    from marsad.workbench import Workbench

    return Workbench(_settings(db, config)).open_store(create=False)


# Columns that count things: shown as integers (a frame with gaps holds them as floats).
COUNT_COLUMNS = {"fatalities", "injuries", "corroboration", "events", "n", "revision", "documents",
                 "as_source", "as_target", "claims", "relations", "sources", "mentions"}


def _integer_counts(df):
    for c in df.columns:
        if c in COUNT_COLUMNS and df[c].dtype.kind == "f":
            col = df[c].dropna()
            if (col == col.round()).all():
                df = df.assign(**{c: df[c].astype("Int64")})
    return df


def _emit_frame(df, fmt: str, columns: list[str] | None = None, title: str | None = None) -> None:
    if fmt not in FORMATS:
        from marsad.errors import StoreError

        raise StoreError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")
    if columns:
        df = df[[c for c in columns if c in df.columns]]
    df = _integer_counts(df)
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
    """Attach ``ingest``, ``events``, ``event``, ``actors``, ``claims`` and the ``review`` group."""
    _register_ingest(app)
    _register_queries(app)
    _register_review(app)


def _register_ingest(app: typer.Typer) -> None:
    """``marsad ingest``."""

    @app.command()
    def ingest(
        inputs: list[str] = typer.Argument(None, metavar="INPUT...", help="Files or directories (JSON, JSONL, TXT, HTML, PDF)."),
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
        pack: list[str] = typer.Option(None, "--pack", metavar="DIR", help="Knowledge-pack overlay directory (repeatable)."),
        published: str = typer.Option(None, "--published", metavar="DATE", help="Publication date for files without one (YYYY-MM-DD)."),
        batch_size: int = typer.Option(None, "--batch-size", metavar="N", help="Documents per transaction (default 200)."),
        max_size: str = typer.Option(None, "--max-document-size", metavar="SIZE",
                                     help="Largest document (a JSONL line, another file), e.g. 50MB (default 20MB)."),
        failed: bool = typer.Option(False, "--failed", help="List the documents that failed to read or extract, then exit."),
        fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help="Output format of --failed."),
        config: Path = typer.Option(None, "--config", exists=True, dir_okay=False, help="Settings TOML file."),
        parquet: Path = typer.Option(None, "--parquet", help="Load a 'marsad spark extract' output directory instead."),
        tlp: str = typer.Option(None, "--tlp", metavar="MARKING",
                                help="TLP 2.0 marking of the documents: CLEAR, GREEN, AMBER, AMBER+STRICT or RED "
                                     "(a FILE.tlp sidecar, a record's tlp field or, with --parquet, a tlp "
                                     "column may raise it; default CLEAR)."),
        parser: bool = typer.Option(False, "--parser", help=PARSER_HELP),
        triggers: str = typer.Option(None, "--triggers", metavar="bundled|none|FILE", help=TRIGGERS_HELP),
    ) -> None:
        """Read, extract and store documents; unchanged documents are skipped, changed ones revised.

        Each input that cannot be read, extracted or stored gets one line on stderr naming its file (and line); the rest is stored, and the exit status is 1.
        """
        with cli_errors():
            settings = _settings(db, config, pack, parser, triggers)
            if tlp is not None:
                from marsad.markings import check_marking

                tlp = check_marking(tlp, "--tlp")
            if max_size is not None:
                from dataclasses import replace

                from marsad.ingest.readers import parse_size

                settings = replace(settings, max_document_bytes=parse_size(max_size))
            if failed:
                with _open(db, config) as store:
                    _emit_frame(store.failed(), fmt, title="failures")
                return
            if not inputs and not parquet:
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
                if parquet:
                    from marsad.spark.load import ingest_parquet

                    stats = ingest_parquet(wb, parquet, progress=lambda n: bar.advance(task, n), tlp=tlp)
                else:
                    stats = wb.ingest(inputs, progress=lambda n: bar.advance(task, n), published=published,
                                      batch_size=batch_size, on_failure=print_failure, tlp=tlp)
            d = stats.to_dict()
            out_console.print(
                f"{d['documents']} documents: {d['new']} new, {d['revised']} revised, {d['unchanged']} unchanged; "
                f"{d['events_new']} new events, {d['events_fused']} reports fused into existing events; "
                f"{d['failures']} failures in {d['seconds']:.1f}s",
                highlight=False,
            )
        if d["failures"]:
            err_console.print(f"{d['failures']} input(s) failed; list them again with: marsad ingest --failed",
                              highlight=False)
            raise typer.Exit(1)


def _register_queries(app: typer.Typer) -> None:
    """``marsad events``, ``event``, ``actors`` and ``claims``: list and show stored facts."""

    @app.command()
    def events(
        start: str = typer.Option(None, "--start", metavar="DATE", help="First date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        end: str = typer.Option(None, "--end", metavar="DATE", help="Last date, inclusive."),
        type: str = typer.Option(None, "--type", metavar="TYPE", help="PLOVER type(s), comma-separated."),
        mode: str = typer.Option(None, "--mode", metavar="MODE", help="PLOVER mode(s), comma-separated."),
        actor: str = typer.Option(None, "--actor", metavar="ACTOR_ID", help="Actor id, as source or target."),
        affiliates: bool = typer.Option(False, "--affiliates", help="Also match actors affiliated with --actor."),
        admin1: str = typer.Option(None, "--admin1", metavar="GOVERNORATE", help="Governorate(s), comma-separated."),
        country: str = typer.Option(None, "--country", metavar="CC", help="ISO 3166-1 alpha-2 code(s)."),
        status: str = typer.Option(None, "--status", metavar="STATUS", help="draft, confirmed, rejected, edited, merged."),
        min_corroboration: int = typer.Option(None, "--min-corroboration", metavar="N", help="Least number of source documents."),
        place: str = typer.Option(None, "--place", metavar="PLACE_ID", help="Place id."),
        text: str = typer.Option(None, "--text", metavar="WORDS", help="Words in the evidence."),
        limit: int = typer.Option(50, "--limit", metavar="N", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", metavar="CURSOR", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help="Output format."),
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
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
              db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Show one fused event with its sources and conflicts (JSON)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.event(event_id))

    @app.command()
    def actors(
        query: str = typer.Argument(None, help="Name or alias to search for."),
        kind: str = typer.Option(None, "--kind", metavar="KIND", help="armed_group, state, state_force, party, person, ..."),
        limit: int = typer.Option(50, "--limit", metavar="N", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", metavar="CURSOR", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help="Output format."),
        profile: str = typer.Option(None, "--profile", metavar="ACTOR_ID", help="Show one actor's profile (JSON) instead."),
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
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
        start: str = typer.Option(None, "--start", metavar="DATE", help="First date (claim period, else publication)."),
        end: str = typer.Option(None, "--end", metavar="DATE", help="Last date, inclusive."),
        unit: str = typer.Option(None, "--unit", metavar="UNIT", help="Unit, e.g. attacks."),
        text: str = typer.Option(None, "--text", metavar="WORDS", help="Words in the subject or evidence."),
        status: str = typer.Option(None, "--status", metavar="STATUS", help="draft, confirmed, rejected, edited."),
        groups: bool = typer.Option(False, "--groups", help="Show claim groups (disagreement between sources)."),
        limit: int = typer.Option(50, "--limit", metavar="N", help="Rows to show."),
        cursor: str = typer.Option(None, "--cursor", metavar="CURSOR", help="Continue after a previous page."),
        fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help="Output format."),
        db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
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


def _register_review(app: typer.Typer) -> None:
    """``marsad review ...``: confirm, reject, edit, merge, split, grade, undo, log."""
    review_app = typer.Typer(help="Confirm, reject, edit or merge facts; undo; show the audit log.",
                             no_args_is_help=True)
    app.add_typer(review_app, name="review")

    def _user(user: str | None) -> str:
        return user or _settings(None).user

    @review_app.command("confirm")
    def confirm(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention."),
                fact_id: str = typer.Argument(...), note: str = typer.Option(None, "--note", metavar="TEXT", help="Why (kept in the audit log)."),
                user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."),
                db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Mark a fact confirmed."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "confirm", user=_user(user), note=note))

    @review_app.command("reject")
    def reject(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention."),
               fact_id: str = typer.Argument(...), note: str = typer.Option(None, "--note", metavar="TEXT", help="Why (kept in the audit log)."),
               user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."), db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Mark a fact rejected (it stays rejected when its document is ingested again)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "reject", user=_user(user), note=note))

    @review_app.command("edit")
    def edit(kind: str = typer.Argument(..., help="event, claim, relation, actor, place, mention, document."),
             fact_id: str = typer.Argument(...), field: str = typer.Argument(..., help="Attribute, e.g. fatalities."),
             value: str = typer.Argument(..., help="New value (JSON literal or text; null clears)."),
             note: str = typer.Option(None, "--note", metavar="TEXT", help="Why (kept in the audit log)."), user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."),
             db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Change one attribute of a fact (e.g. an event's fatalities, a document's reliability)."""
        with cli_errors(), _open(db) as store:
            emit_json(store.review(kind, fact_id, "edit", user=_user(user), field=field, value=_value(value), note=note))

    @review_app.command("merge")
    def merge(kind: str = typer.Argument(..., help="event or actor."), keep_id: str = typer.Argument(...),
              merge_id: str = typer.Argument(...), user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."),
              db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
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
              note: str = typer.Option(None, "--note", metavar="TEXT", help="Why (kept in the audit log)."), user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."),
              db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Grade an outlet's reliability; its documents, now and later, take the grade."""
        with cli_errors(), _open(db) as store:
            emit_json(store.grade_source(source, reliability, user=_user(user), note=note))

    @review_app.command("undo")
    def undo(audit_id: str = typer.Argument(..., help="Audit id (from review log)."),
             user: str = typer.Option(None, "--user", metavar="NAME", help="Who acts (default: settings user)."), db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Reverse a review or merge."""
        with cli_errors(), _open(db) as store:
            emit_json(store.undo(audit_id, user=_user(user)))

    @review_app.command("log")
    def log(fact_id: str = typer.Argument(None, help="Only this fact."),
            limit: int = typer.Option(50, "--limit", metavar="N"), fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help="Output format."),
            db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
        """Show audit records, latest first."""
        with cli_errors(), _open(db) as store:
            df = store.audit(fact_id, limit=limit)
            if fmt == "table" and len(df):
                df = df.assign(before=df["before"].map(json.dumps), after=df["after"].map(json.dumps))
            _emit_frame(df, fmt, title="audit")

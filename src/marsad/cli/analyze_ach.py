"""``marsad analyze ach ...``: analysis of competing hypotheses stored in the knowledge base."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import typer

from marsad.cli.common import cli_errors, emit_json, emit_table, out_console, record_cli_export
from marsad.cli.groups import analyze_app

ach_app = typer.Typer(
    help="Analysis of competing hypotheses: matrices, evidence, ratings.", no_args_is_help=True
)
analyze_app.add_typer(ach_app, name="ach")

DB = typer.Option(None, "--db", help="DuckDB file or postgresql:// URL (default: settings).")
USER = typer.Option(None, "--user", help="Who makes the change (default: settings user).")


@contextmanager
def _store(db: str | None):
    from marsad.config import Settings
    from marsad.store import open_store

    with cli_errors(), open_store(Settings.load(None, db=db).db) as store:
        yield store


def _user(user: str | None) -> str:
    from marsad.config import Settings

    return user or Settings.load(None).user


@ach_app.command("new")
def new_cmd(
    title: str, question: str = typer.Option(None, "--question"), db: str = DB, user: str = USER
) -> None:
    """Create a matrix; prints its id."""
    from marsad.analysis.ach import create_matrix

    with _store(db) as s:
        out_console.print(create_matrix(s, title, question, user=_user(user)))


@ach_app.command("hypothesis")
def hypothesis_cmd(
    matrix: str,
    label: str,
    description: str = typer.Option(None, "--description"),
    db: str = DB,
    user: str = USER,
) -> None:
    """Add a hypothesis; prints its id."""
    from marsad.analysis.ach import add_hypothesis

    with _store(db) as s:
        out_console.print(add_hypothesis(s, matrix, label, description, user=_user(user)))


@ach_app.command("evidence")
def evidence_cmd(
    matrix: str,
    kind: str = typer.Argument(..., help="event, claim, relation or note"),
    fact_id: str = typer.Argument(None, help="The stored fact's id (not for a note)."),
    label: str = typer.Option(None, "--label", help="Short text (required for a note)."),
    weight: float = typer.Option(
        None, "--weight", help="Override the reliability x credibility weight."
    ),
    db: str = DB,
    user: str = USER,
) -> None:
    """Link an evidence item (a stored event, claim or relation, or a note); prints its id."""
    from marsad.analysis.ach import link_evidence

    with _store(db) as s:
        out_console.print(link_evidence(s, matrix, kind, fact_id, label, weight, user=_user(user)))


@ach_app.command("rate")
def rate_cmd(
    matrix: str,
    evidence: str,
    hypothesis: str,
    rating: str = typer.Argument(..., help="CC, C, N, I or II"),
    note: str = typer.Option(None, "--note"),
    db: str = DB,
    user: str = USER,
) -> None:
    """Rate one evidence item against one hypothesis; prints the new version."""
    from marsad.analysis.ach import rate

    with _store(db) as s:
        out_console.print(
            rate(s, matrix, evidence, hypothesis, rating, user=_user(user), note=note)
        )


@ach_app.command("list")
def list_cmd(db: str = DB) -> None:
    """The stored matrices."""
    from marsad.analysis.ach import list_matrices

    with _store(db) as s:
        emit_table(
            list_matrices(s),
            ["id", "title", "version", "created_by", "updated_at"],
            title="ACH matrices",
        )


@ach_app.command("show")
def show_cmd(
    matrix: str,
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
    user: str = typer.Option(None, "--user", help="Who exports (json, csv), for the audit trail "
                                                  "(default: the operating system's user)."),
    db: str = DB,
) -> None:
    """The matrix with scores: hypotheses by inconsistency, evidence by diagnosticity. As JSON or
    CSV it is an export, recorded in the audit trail like the API's."""
    from marsad.analysis.ach import AchError, load_matrix, to_csv

    with _store(db) as s:
        if fmt not in ("table", "json", "csv"):
            raise AchError(f"--format {fmt!r} is not one of table, json, csv")
        m = load_matrix(s, matrix)
        if fmt != "table":
            record_cli_export(s, user, f"ach-{fmt}", {"matrix_id": matrix})
    if fmt == "json":
        emit_json(m.to_dict())
        return
    if fmt == "csv":
        sys.stdout.write(to_csv(m))
        return
    out_console.print(f"[bold]{m.title}[/bold] (version {m.version})", highlight=False)
    hyps = sorted(m.hypotheses, key=lambda h: h["rank"])
    emit_table(hyps, ["rank", "id", "label", "inconsistency", "consistency"], title="Hypotheses")
    rows = [
        {**e, **{h["label"][:18]: e["ratings"].get(h["id"], "") for h in m.hypotheses}}
        for e in m.evidence
    ]
    emit_table(
        rows,
        ["id", "label", "weight", "diagnosticity"] + [h["label"][:18] for h in m.hypotheses],
        title="Evidence",
    )


@ach_app.command("history")
def history_cmd(matrix: str, db: str = DB) -> None:
    """Every version of a matrix: who changed what, when."""
    from marsad.analysis.ach import history

    with _store(db) as s:
        emit_table(
            history(s, matrix),
            ["version", "created_at", "user_name", "action"],
            title=f"History of {matrix}",
        )

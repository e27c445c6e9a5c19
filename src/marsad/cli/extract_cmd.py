"""CLI commands: extract (documents -> reports as JSON Lines) and eval (score against gold)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from marsad.cli.common import cli_errors, emit_json, err_console, out_console

PROGRESS_MIN = 6  # show a progress bar from this many documents on


def _pipeline(packs: list[Path] | None):
    from marsad.extract.pipeline import Pipeline
    from marsad.knowledge.pack import KnowledgePack

    pack = KnowledgePack.load(overlays=list(packs or []))
    return Pipeline(pack)


def extract_cmd(
    inputs: list[Path] = typer.Argument(..., help="Files or directories (.json, .jsonl, .txt, .html, .pdf)."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for documents without one."),
    pack: list[Path] | None = typer.Option(None, "--pack", help="Knowledge pack overlay directory (repeatable)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write reports here (JSON Lines); default stdout."),
) -> None:
    """Extract actors, places, events, claims and relations: one report per document per line.

    A document that cannot be read or extracted gets a one-line error on stderr; the others are
    still written, and the exit status is 1.
    """
    from rich.markup import escape

    from marsad.ingest.readers import ReadFailure, read_paths

    with cli_errors():
        pipeline = _pipeline(pack)
        items = list(read_paths(inputs, published=published))
    failed = 0
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        progress = None
        task = None
        if len(items) >= PROGRESS_MIN:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=err_console, transient=True)
            progress.start()
            task = progress.add_task("extract", total=len(items))
        for item in items:
            if isinstance(item, ReadFailure):
                failed += 1
                err_console.print(f"[red]error:[/red] {escape(f'{item.path}: {item.reason}')}", highlight=False)
            else:
                try:
                    report = pipeline(item)
                except Exception as exc:  # one bad document must not stop the run
                    failed += 1
                    msg = " ".join(str(exc).split()) or type(exc).__name__
                    err_console.print(f"[red]error:[/red] {escape(f'{item.path or item.id}: {msg}')}", highlight=False)
                else:
                    out.write(report.to_json() + "\n")
            if progress is not None:
                progress.advance(task)
        if progress is not None:
            progress.stop()
    finally:
        if output:
            out.close()
        else:
            out.flush()
    if failed:
        err_console.print(f"{failed} document(s) failed", highlight=False)
        raise typer.Exit(1)


def eval_cmd(
    gold_dir: Path = typer.Argument(..., help="Directory of gold-annotated documents (*.json with a 'gold' block)."),
    pack: list[Path] | None = typer.Option(None, "--pack", help="Knowledge pack overlay directory (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extraction against gold: P/R/F1 for actors, events, claims and relations, and the
    accuracy of event attributes on matched events."""
    from marsad.errors import ReadError
    from marsad.extract.evaluate import ATTRIBUTES, CATEGORIES, evaluate

    with cli_errors():
        if not gold_dir.exists():
            raise ReadError(f"{gold_dir}: no such file or directory")
        scores = evaluate(gold_dir, _pipeline(pack))
        if scores["documents"] == 0:
            raise ReadError(f"{gold_dir}: no gold-annotated documents found")
    if json_out:
        emit_json(scores)
        return
    from rich.table import Table

    t = Table(title=f"Extraction scores on {scores['documents']} document(s)")
    for col in ("category", "precision", "recall", "F1", "correct", "predicted", "gold"):
        t.add_column(col, justify="left" if col == "category" else "right")
    for c in CATEGORIES:
        s = scores[c]
        t.add_row(c, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]),
                  str(s["predicted"]), str(s["gold"]))
    out_console.print(t)
    a = Table(title="Event attributes (on matched events)")
    for col in ("attribute", "accuracy", "right", "counted"):
        a.add_column(col, justify="left" if col == "attribute" else "right")
    for name in ATTRIBUTES:
        v = scores["attributes"][name]
        acc = "-" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        a.add_row(name, acc, str(v["right"]), str(v["counted"]))
    out_console.print(a)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("extract")(extract_cmd)
    app.command("eval")(eval_cmd)

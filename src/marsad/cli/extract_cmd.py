"""CLI commands: extract (documents -> reports as JSON Lines) and eval (score against gold)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from marsad.cli.common import (
    PARSER_HELP,
    TRIGGERS_HELP,
    cli_errors,
    emit_json,
    err_console,
    out_console,
    print_failure,
)


def _pipeline(packs: list[Path] | None, parser: bool = False, triggers: str | None = None):
    from marsad.extract.pipeline import Pipeline
    from marsad.knowledge.pack import KnowledgePack

    pack = KnowledgePack.load(overlays=list(packs or []))
    return Pipeline(pack, parser=parser, triggers=triggers or "bundled")


def extract_cmd(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...",
                                        help="Files or directories (.json, .jsonl, .txt, .md, .html, .pdf)."),
    published: str | None = typer.Option(None, "--published", metavar="DATE",
                                         help="Publication date (YYYY-MM-DD) for documents without one."),
    pack: list[Path] | None = typer.Option(None, "--pack", metavar="DIR", help="Knowledge pack overlay directory (repeatable)."),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE",
                                       help="Write reports here (JSON Lines); default stdout."),
    max_size: str | None = typer.Option(None, "--max-document-size", metavar="SIZE",
                                        help="Largest document (a JSONL line, another file), e.g. 50MB (default 20MB)."),
    parser: bool = typer.Option(False, "--parser", help=PARSER_HELP),
    triggers: str | None = typer.Option(None, "--triggers", metavar="bundled|none|FILE", help=TRIGGERS_HELP),
) -> None:
    """Extract actors, places, events, claims and relations: one report per document per line.

    Documents are read and extracted one at a time. Each input that cannot be read or extracted gets one line on stderr naming its file (and line); the others are still written, and the exit status is 1.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from marsad.config import Settings
    from marsad.workbench import Failure, Workbench

    with cli_errors():
        settings = Settings.load(packs=tuple(str(p) for p in pack) if pack else None, parser=parser or None,
                                 triggers=triggers)
        if max_size is not None:
            from dataclasses import replace

            from marsad.ingest.readers import parse_size

            settings = replace(settings, max_document_bytes=parse_size(max_size))
        wb = Workbench(settings)
        wb.pipeline  # noqa: B018 - load the pack now: a bad overlay is an error before any output
        reports = wb.reports([str(p) for p in inputs], published=published)
        failed = 0
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            with Progress(SpinnerColumn(), TextColumn("extracting"), TextColumn("{task.completed} documents"),
                          TimeElapsedColumn(), console=err_console, transient=True) as bar:
                task = bar.add_task("extract", total=None)
                for item in reports:
                    if isinstance(item, Failure):
                        failed += 1
                        print_failure(item)
                    else:
                        out.write(item.to_json() + "\n")
                    bar.advance(task)
        finally:
            if output:
                out.close()
            else:
                out.flush()
    if failed:
        err_console.print(f"{failed} input(s) failed", highlight=False)
        raise typer.Exit(1)


def eval_cmd(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Directory of gold-annotated documents (*.json with a 'gold' block)."),
    pack: list[Path] | None = typer.Option(None, "--pack", metavar="DIR", help="Knowledge pack overlay directory (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    rules: bool = typer.Option(False, "--rules", help="Also show how often each event rule fired and was right."),
    misses: bool = typer.Option(False, "--misses", help="Also list the missed gold events, each with why it found no match "
                                "(another date, another country, the type only, no prediction of the type), "
                                "and count the unmatched predictions by type."),
    parser: bool = typer.Option(False, "--parser", help=PARSER_HELP),
    triggers: str | None = typer.Option(None, "--triggers", metavar="bundled|none|FILE", help=TRIGGERS_HELP),
) -> None:
    """Score extraction against gold: P/R/F1 for actors, events, claims and relations, and the
    accuracy of event attributes on matched events."""
    from marsad.errors import ReadError
    from marsad.extract.evaluate import ATTRIBUTES, CATEGORIES, evaluate

    with cli_errors():
        if not gold_dir.exists():
            raise ReadError(f"{gold_dir}: no such file or directory")
        scores = evaluate(gold_dir, _pipeline(pack, parser, triggers), rules=rules, misses=misses)
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
    if rules:
        r = Table(title="Event rules: triggers kept, filters that dropped a candidate")
        for col in ("rule", "kind", "fired", "right", "documents"):
            r.add_column(col, justify="left" if col in ("rule", "kind") else "right", overflow="fold")
        for name, v in scores["rules"].items():
            r.add_row(name, v["kind"], str(v["fired"]), str(v["right"]), str(v["documents"]))
        out_console.print(r)
    if misses:
        _print_misses(scores["misses"])


def _print_misses(m: dict) -> None:
    """The missed gold events by class, each listed, and the unmatched predictions by type."""
    from rich.table import Table

    out_console.print(_counts_table("Missed gold events: why no prediction matched", "class", "events", m["classes"]))
    t = Table(title="Missed gold events")
    for col in ("document", "type", "date", "country", "class", "evidence"):
        t.add_column(col, overflow="fold")
    for e in m["events"]:
        t.add_row(e["document"], e["type"], e["date"] or "-", e["country"] or "-", e["class"], e["evidence"][:120])
    out_console.print(t)
    out_console.print(_counts_table("Unmatched predictions by type", "type", "predictions", m["unmatched_predictions"]))


def _counts_table(title: str, label: str, column: str, counts: dict):
    """A two-column table of names and their counts."""
    from rich.table import Table

    t = Table(title=title)
    t.add_column(label)
    t.add_column(column, justify="right")
    for name, n in counts.items():
        t.add_row(name, str(n))
    return t


def train_triggers_cmd(
    gold_dirs: list[Path] = typer.Argument(..., metavar="GOLD_DIR...", help="Directories of gold-annotated documents."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="Where to write the model (JSON)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.01, max=1.0,
                                    help="Probability a type needs before the model proposes a trigger for it."),
    l2: float = typer.Option(1.0, "--l2", min=0.0001, help="L2 regularisation strength."),
) -> None:
    """Train the statistical trigger model on gold-annotated documents (use it with --triggers FILE)."""
    import json

    from marsad.errors import ReadError
    from marsad.extract.evaluate import load_gold
    from marsad.extract.trigger_model import train

    with cli_errors():
        docs = []
        for d in gold_dirs:
            if not d.exists():
                raise ReadError(f"{d}: no such file or directory")
            found = load_gold(d)
            if not found:
                raise ReadError(f"{d}: no gold-annotated documents found")
            docs += found
        with err_console.status(f"training on {len(docs)} documents"):
            model = train(docs, threshold=threshold, l2=l2, sources=[d.name for d in gold_dirs])
        output.write_text(json.dumps(model, separators=(",", ":")) + "\n", "utf-8")
    out_console.print(f"{len(model['types'])} event types from {model['sentences']} sentences -> {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("extract")(extract_cmd)
    app.command("eval")(eval_cmd)
    app.command("train-triggers")(train_triggers_cmd)

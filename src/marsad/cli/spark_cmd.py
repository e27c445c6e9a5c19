"""``marsad spark extract``: the extraction pipeline as a Spark job writing Parquet."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.cli.common import cli_errors, err_console, out_console

spark_app = typer.Typer(help="Run extraction on Apache Spark (needs the 'spark' extra and Java 17+).",
                        no_args_is_help=True)


@spark_app.command("extract")
def spark_extract(
    input_path: str = typer.Argument(..., metavar="INPUT",
                                     help="JSONL file(s), a directory of documents, or a Parquet table of documents."),
    output: str = typer.Option(..., "-o", "--output", help="Output directory (Parquet datasets, by month)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[N], spark://host:7077, yarn."),
    pack: list[Path] | None = typer.Option(None, "--pack", help="Knowledge pack overlay directory (repeatable)."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for documents without one."),
    input_format: str = typer.Option("auto", "--input-format", help="auto, jsonl, files or parquet."),
    partitions: int | None = typer.Option(None, "--partitions", min=1, help="Extraction partitions (default 4 per core)."),
    files_per_month: int = typer.Option(1, "--files-per-month", min=1, help="Parquet files per month and table (raise for big months)."),
    compression: str = typer.Option("zstd", "--compression", help="Parquet codec: zstd, snappy, gzip, lz4 or none."),
) -> None:
    """Extract every document on Spark; write reports, the store's tables and failures as Parquet.

    Load the result into a store with: marsad ingest --parquet OUT_DIR
    """
    with cli_errors():
        from marsad.spark import run_extract

        err_console.print(f"running on {master} ...", highlight=False)
        stats = run_extract(input_path, output, master=master, packs=tuple(pack or ()), published=published,
                            input_format=input_format, partitions=partitions,
                            files_per_month=files_per_month, compression=compression)
    out_console.print(f"{stats['documents']} documents extracted, {stats['failures']} failures "
                      f"in {stats['seconds']:.1f}s -> {stats['output']}", highlight=False)
    if stats["failures"]:
        err_console.print(f"failures: {stats['output']}/failures", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(spark_app, name="spark")

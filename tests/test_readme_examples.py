"""Every example in the README's "What you can do" runs as written against the demo database.

The module builds the demo database once (``marsad demo --no-serve`` in a fresh folder, as the
quickstart does), then runs each command line of the section in that folder. ``EVENT_ID`` is the
only placeholder: it is replaced by an id that ``marsad events`` printed. ``marsad serve`` is run up
to the point where it would start listening (on a free port: another server may hold 8000).
"""

from __future__ import annotations

import os
import re
import shlex
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = Path(marsad.__file__).parent / "data" / "samples"
runner = CliRunner()


def section_blocks(lang: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What you can do", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{lang}\n(.*?)```", section, re.S)


def examples() -> list[str]:
    lines = []
    for block in section_blocks("bash"):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line:
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A folder laid out like the project (its samples at src/marsad/data/samples) holding the
    demo database; the tests run inside it."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "src" / "marsad" / "data").mkdir(parents=True)
    (folder / "src" / "marsad" / "data" / "samples").symlink_to(SAMPLES, target_is_directory=True)
    old = os.getcwd()
    os.chdir(folder)
    try:
        r = runner.invoke(app, ["demo", "--no-serve"])
        assert r.exit_code == 0, r.output
        assert (folder / "marsad.duckdb").exists()
        yield folder
    finally:
        os.chdir(old)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_section_has_the_documented_commands():
    cmds = [shlex.split(x)[1] for x in examples()]
    assert cmds[0] == "pack" and {"extract", "ingest", "events", "review", "serve"} <= set(cmds)
    assert all(x.startswith("marsad ") for x in examples())


def test_examples_run_as_written_in_order(project, monkeypatch):
    # one test for the whole block: later lines use what earlier ones made (an export that is
    # imported again, an import that is analysed), as a reader running them in turn would
    for line in examples():
        run_example(project, line, monkeypatch)


def run_example(project, line, monkeypatch):
    os.chdir(project)
    args = shlex.split(line)[1:]
    if "EVENT_ID" in args:
        r = runner.invoke(app, ["events", "--format", "csv", "--limit", "1"])
        assert r.exit_code == 0, r.output
        event_id = r.stdout.splitlines()[1].split(",")[0]
        args = [event_id if a == "EVENT_ID" else a for a in args]
    if args[0] == "serve":
        import marsad.cli.serve_cmd as serve_cmd

        seen = {}
        monkeypatch.setattr(serve_cmd, "run_server", lambda settings, store=None: seen.update(db=settings.db))
        args = [*args, "--port", str(free_port())]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, f"{line}\n{r.output}"
    if args[0] == "events":
        assert r.stdout.strip(), "no events: the example does not see the demo data"
        if "csv" in args:
            import csv
            import io

            rows = list(csv.DictReader(io.StringIO(r.stdout)))
            assert rows and "id" in rows[0]
            counts = [row[c] for row in rows for c in ("fatalities", "injuries", "corroboration") if row[c]]
            assert counts and all(v.isdigit() for v in counts)  # counts are integers
    if args[0] == "serve":
        assert seen["db"] == "marsad.duckdb" and "http://127.0.0.1:" in r.stdout
    if args[0] == "tokens" and args[1] == "create":
        assert re.fullmatch(r"msd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}\n", r.stdout)  # the token, once, alone
    if args[0] == "audit":
        assert "token-create" in r.stdout and "user-add" in r.stdout and "confirm" in r.stdout
    if args[0] == "extract":
        assert len((project / "out.jsonl").read_text().splitlines()) == 15  # 14 reports and README.md


def test_python_example_runs(project):
    os.chdir(project)
    (code,) = section_blocks("python")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    assert len(scope["events"]) > 0
    scope["store"].close()

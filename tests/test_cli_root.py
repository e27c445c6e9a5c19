from typer.testing import CliRunner

from marsad import __version__
from marsad.cli import app


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_command_has_help_text():
    import typer.main

    group = typer.main.get_command(app)
    missing = []

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            if not (sub.help or "").strip() and not (getattr(sub, "short_help", "") or "").strip():
                missing.append(" ".join(path + [name]))
            walk(sub, path + [name])

    walk(group, [])
    assert missing == []


def test_python_dash_m_runs_the_same_command_line():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "marsad", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout

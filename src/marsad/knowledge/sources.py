"""Reading pack files from one directory, either fast (no positions) or with line numbers.

A pack directory may hold any of ``actors.yaml``, ``places.csv``, ``institutions.yaml`` and
``elections.yaml``. :func:`read_dir` returns one :class:`PackFile` per file present. In fast mode
YAML goes through libyaml's ``CSafeLoader``; in line mode the YAML node tree is composed first
and every container and scalar is remembered with its 1-based line, keyed by its path inside the
document (``(3, "roles", 0, "start")``), so later checks can point at ``file:line``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marsad.knowledge.problems import Problem

FILES = ("actors.yaml", "places.csv", "institutions.yaml", "elections.yaml")

try:  # libyaml is normally present; fall back to the pure-Python loader if not
    _FastLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _FastLoader = yaml.SafeLoader

# Column order of places.csv; ``aliases`` holds several names separated by "|" (or ";").
PLACE_COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "aliases", "parent")


@dataclass
class PackFile:
    """One file's parsed content. ``lines`` maps a path inside ``data`` to its line (line mode only)."""

    path: str
    data: Any
    lines: dict[tuple, int] | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).name

    def line(self, *path: Any) -> int | None:
        """Line of the deepest known node along ``path`` (falls back to enclosing nodes)."""
        if self.lines is None:
            return None
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)


def read_dir(directory: str | Path, *, with_lines: bool = False) -> list[PackFile]:
    """Read every known pack file in ``directory``; malformed files come back with problems."""
    d = Path(directory)
    out = []
    for name in FILES:
        p = d / name
        if p.is_file():
            out.append(read_file(p, with_lines=with_lines))
    return out


def read_file(path: str | Path, *, with_lines: bool = False) -> PackFile:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        pf = PackFile(str(p), None, {} if with_lines else None)
        pf.problems.append(Problem(str(p), None, f"cannot read file: {exc}"))
        return pf
    if p.suffix == ".csv":
        return _read_csv(str(p), text, with_lines)
    return _read_yaml(str(p), text, with_lines)


# --------------------------------------------------------------------------- YAML


def _read_yaml(path: str, text: str, with_lines: bool) -> PackFile:
    try:
        if not with_lines:
            try:
                return PackFile(path, yaml.load(text, Loader=_FastLoader))
            except ValueError:  # an impossible date such as 2022-13-01: parse value by value
                return _read_yaml(path, text, True)
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        pf = PackFile(path, None, {} if with_lines else None)
        pf.problems.append(Problem(path, line, f"malformed YAML: {reason}"))
        return pf
    lines: dict[tuple, int] = {}
    if node is None:
        return PackFile(path, None, lines)
    constructor = yaml.SafeLoader("")  # only its scalar resolution is used
    data = _build(node, (), lines, constructor)
    return PackFile(path, data, lines)


def _build(node: yaml.Node, path: tuple, lines: dict[tuple, int], ctor: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            key = ctor.construct_object(k_node, deep=True)
            if isinstance(key, (list, dict)):
                key = str(key)
            out[key] = _build(v_node, path + (key,), lines, ctor)
            # point at the key ("results:") rather than where its block value begins
            lines[path + (key,)] = k_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), lines, ctor) for i, v in enumerate(node.value)]
    try:
        return ctor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):  # e.g. 2022-13-01 looks like a date but is not one
        return node.value


# --------------------------------------------------------------------------- CSV


def _read_csv(path: str, text: str, with_lines: bool) -> PackFile:
    """Rows of places.csv as dicts with ``lat``/``lon`` as floats (or the raw text if not numbers)
    and ``aliases`` as a list. Lines starting with ``#`` are comments."""
    lines: dict[tuple, int] | None = {} if with_lines else None
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    for fields in reader:
        lineno = reader.line_num
        if not fields or all(not f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower() for h in fields]
            missing = [c for c in ("id", "name", "country", "lat", "lon") if c not in header]
            if missing:
                problems.append(
                    Problem(path, lineno, f"header lacks column(s): {', '.join(missing)}")
                )
            continue
        if len(fields) != len(header):
            problems.append(
                Problem(path, lineno, f"row has {len(fields)} fields, header has {len(header)}")
            )
        row = {h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)}
        rows.append(_place_row(row))
        if lines is not None:
            lines[(len(rows) - 1,)] = lineno
    pf = PackFile(path, rows, lines)
    pf.problems.extend(problems)
    return pf


def _place_row(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
    for k in ("lat", "lon", "latitude", "longitude"):
        v = out.get(k)
        if v is not None:
            try:
                out[k] = float(v)
            except ValueError:
                pass  # left as text; validation reports it
    if out.get("lat") is None and out.get("latitude") is not None:
        out["lat"] = out.pop("latitude")
    if out.get("lon") is None and out.get("longitude") is not None:
        out["lon"] = out.pop("longitude")
    raw = out.get("aliases") or ""
    sep = "|" if "|" in raw else ";"
    out["aliases"] = [a.strip() for a in raw.split(sep) if a.strip()]
    return out

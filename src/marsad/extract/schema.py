"""Validation of report dicts against the public report format (``schemas/report.schema.json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["report_schema", "validate_report"]


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The report JSON Schema (draft 2020-12) bundled with the package."""
    return json.loads(resources.files("marsad").joinpath("schemas/report.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker

    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _where(path) -> str:
    out = "$"
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _spans(d: dict):
    for i, a in enumerate(d.get("actors") or []):
        for j, m in enumerate(a.get("mentions") or []):
            yield f"$.actors[{i}].mentions[{j}]", m
    for i, p in enumerate(d.get("places") or []):
        for j, m in enumerate(p.get("mentions") or []):
            yield f"$.places[{i}].mentions[{j}]", m
    for i, e in enumerate(d.get("events") or []):
        yield f"$.events[{i}].evidence", e.get("evidence")
        for j, m in enumerate(e.get("mentions") or []):
            yield f"$.events[{i}].mentions[{j}]", m
    for i, c in enumerate(d.get("claims") or []):
        yield f"$.claims[{i}].evidence", c.get("evidence")
    for i, r in enumerate(d.get("relations") or []):
        yield f"$.relations[{i}].evidence", r.get("evidence")


def validate_report(d: Any, text: str | None = None) -> list[str]:
    """Error messages for a report dict (empty when it is valid).

    Beyond the schema: every span's length must equal ``end - start``, an event's
    ``date_precision`` must agree with its ``date``, and, when the document ``text`` is given,
    every span must reproduce it (``text[start:end] == span.text``) and ``sha256`` must match.
    """
    errors = [f"{_where(e.absolute_path)}: {e.message}"
              for e in sorted(_validator().iter_errors(d), key=lambda e: list(map(str, e.absolute_path)))]
    if errors or not isinstance(d, dict):
        return errors
    for where, m in _spans(d):
        if not isinstance(m, dict):
            continue
        s, e, t = m.get("start"), m.get("end"), m.get("text")
        if e < s:
            errors.append(f"{where}: end {e} is before start {s}")
        elif len(t) != e - s:
            errors.append(f"{where}: text has {len(t)} characters but the span covers {e - s}")
        elif text is not None and text[s:e] != t:
            errors.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {t!r}")
    for i, ev in enumerate(d.get("events") or []):
        date, prec = ev.get("date"), ev.get("date_precision")
        want = {10: "day", 7: "month", 4: "year"}.get(len(date)) if date else None
        if date and prec != want:
            errors.append(f"$.events[{i}].date_precision: {prec!r} does not fit date {date!r} ({want})")
        if not date and prec is not None:
            errors.append(f"$.events[{i}].date_precision: set without a date")
    if text is not None:
        from marsad.model import sha256

        if d["document"].get("sha256") != sha256(text):
            errors.append("$.document.sha256: does not match the document text")
    return errors

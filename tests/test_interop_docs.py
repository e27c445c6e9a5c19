"""docs/interop.md lists the Parquet schema of every table; other jobs (Spark) write to it, so the
documented table must match what ``marsad export parquet`` writes."""

from __future__ import annotations

import re
from pathlib import Path

from marsad.interop.parquet import table_schema, tables
from marsad.store import open_store

DOC = Path(__file__).resolve().parents[1] / "docs" / "interop.md"


def _documented() -> dict[str, list[tuple[str, str]]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- parquet-schemas:start -->", 1)[1].split("<!-- parquet-schemas:end -->", 1)[0]
    out = {}
    for line in block.splitlines():
        m = re.match(r"^\| `(\w+)` \| (.+) \|$", line)
        if m:
            out[m.group(1)] = re.findall(r"`(\w+)` ([\w\[\]()]+)", m.group(2))
    return out


def test_documented_parquet_schemas_match_the_store():
    store = open_store(":memory:")
    try:
        actual = {t: [(f.name, str(f.type).replace("timestamp[us]", "timestamp(us)")) for f in table_schema(store, t)]
                  for t in tables(store)}
    finally:
        store.close()
    assert _documented() == actual, (
        "docs/interop.md's Parquet schemas are out of date: paste the output of "
        "`python -m marsad.interop.parquet` between its parquet-schemas markers")

"""Merging pack layers and checking them: schema, ids, references, dates, coordinates, aliases.

A *layer* is the list of files read from one directory. Layers are merged in order: an entry
whose id already exists replaces the earlier one, so a user overlay can correct the built-in
pack. Two entries with one id inside the same layer are a problem. Every check reports a
:class:`~marsad.knowledge.problems.Problem` pointing at the file (and, when the files were read
with line numbers, the line) of the entry at fault.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from marsad.knowledge.problems import Problem
from marsad.knowledge.sources import PackFile
from marsad.model import ACTOR_KINDS, DATE_RE, RELATION_TYPES
from marsad.ontology import ACLED_INTER, SECTORS
from marsad.text import name_key

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_DATE_KEYS = {"start", "end", "date"}

SCHEMAS = {
    "actors.yaml": "actors.schema.json",
    "places.csv": "places.schema.json",
    "institutions.yaml": "institutions.schema.json",
    "elections.yaml": "elections.schema.json",
}


@dataclass
class Entry:
    """One record of a pack file (an actor, a place, an office...) with where it came from."""

    data: dict
    file: PackFile
    path: tuple

    @property
    def id(self) -> str:
        return str(self.data.get("id"))

    def line(self, *sub: Any) -> int | None:
        return self.file.line(*self.path, *sub)

    def where(self) -> str:
        ln = self.line()
        return self.file.name if ln is None else f"{self.file.name}:{ln}"

    def problem(self, message: str, *sub: Any) -> Problem:
        return Problem(self.file.path, self.line(*sub), message)


@dataclass
class Merged:
    """The merged content of all layers, each entry keyed by id (later layers win)."""

    actors: dict[str, Entry] = field(default_factory=dict)
    places: dict[str, Entry] = field(default_factory=dict)
    offices: dict[str, Entry] = field(default_factory=dict)
    bodies: dict[str, Entry] = field(default_factory=dict)
    elections: dict[str, Entry] = field(default_factory=dict)
    institutions_extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- normalisation


def normalize(obj: Any, key: Any = None) -> Any:
    """Turn YAML dates back into ISO text and bare years under date keys into strings, in place
    where possible, so dates compare as text and JSON Schema sees strings."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            obj[k] = normalize(v, k)
        return obj
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            obj[i] = normalize(v, key)
        return obj
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()[:10]
    if key in _DATE_KEYS and isinstance(obj, int) and not isinstance(obj, bool):
        return str(obj)
    return obj


def date_ok(v: Any) -> bool:
    return v is None or (isinstance(v, str) and bool(DATE_RE.match(v)))


def _cut(a: str, b: str) -> tuple[str, str]:
    n = min(len(a), len(b))
    return a[:n], b[:n]


def end_before_start(start: Any, end: Any) -> bool:
    if not (isinstance(start, str) and isinstance(end, str)):
        return False
    s, e = _cut(start, end)
    return e < s


# --------------------------------------------------------------------------- schema


@cache
def schema_validator(file_name: str):
    """A jsonschema validator for one pack file kind (schemas ship in ``knowledge/schema``)."""
    import jsonschema

    text = (
        resources.files("marsad.knowledge")
        .joinpath("schema", SCHEMAS[file_name])
        .read_text("utf-8")
    )
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_problems(pf: PackFile) -> list[Problem]:
    if pf.name not in SCHEMAS or pf.data is None:
        return []
    out = []
    for err in schema_validator(pf.name).iter_errors(pf.data):
        path = tuple(err.absolute_path)
        # enum/range problems on known fields get a clearer message from the semantic checks
        if (
            err.validator in ("enum", "minimum", "maximum", "pattern")
            and path
            and path[-1]
            in (
                "kind",
                "sector",
                "type",
                "acled_inter",
                "lat",
                "lon",
                "start",
                "end",
                "date",
                "id",
                "country",
                "target",
                "office",
            )
        ):
            continue
        where = ".".join(str(p) for p in path) or "document"
        out.append(Problem(pf.path, pf.line(*path), f"{where}: {err.message}"))
    return out


# --------------------------------------------------------------------------- merging


def _entries(pf: PackFile, key: str | None) -> tuple[list[Entry], list[Problem]]:
    """Entries of a list in ``pf`` (the top level when ``key`` is None, else ``data[key]``)."""
    data = pf.data
    base: tuple = ()
    if key is not None:
        if data is None:
            return [], []
        if not isinstance(data, dict):
            return [], [Problem(pf.path, pf.line(), "expected a mapping at the top level")]
        data = data.get(key)
        base = (key,)
        if data is None:
            return [], []
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(pf.path, pf.line(*base), "expected a list of entries")]
    out, probs = [], []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            probs.append(Problem(pf.path, pf.line(*base, i), f"entry {i + 1} is not a mapping"))
            continue
        if not isinstance(item.get("id"), str) or not item.get("id"):
            probs.append(Problem(pf.path, pf.line(*base, i), f"entry {i + 1} has no id"))
            continue
        out.append(Entry(item, pf, base + (i,)))
    return out, probs


def merge(layers: list[list[PackFile]], *, schema: bool = False) -> tuple[Merged, list[Problem]]:
    """Merge layers (each a list of files from one directory) and collect file-level problems."""
    merged = Merged()
    problems: list[Problem] = []
    for files in layers:
        for pf in files:
            pf.data = normalize(pf.data)
            problems.extend(pf.problems)
            if schema:
                problems.extend(schema_problems(pf))
        seen: dict[tuple[str, str], Entry] = {}
        for pf in files:
            if pf.name == "actors.yaml":
                targets = [("actor", None, merged.actors)]
            elif pf.name == "places.csv":
                targets = [("place", None, merged.places)]
            elif pf.name == "institutions.yaml":
                targets = [("office", "offices", merged.offices), ("body", "bodies", merged.bodies)]
                if isinstance(pf.data, dict):
                    for k, v in pf.data.items():
                        if k not in ("offices", "bodies"):
                            merged.institutions_extra[k] = v
            elif pf.name == "elections.yaml":
                targets = [("election", "elections", merged.elections)]
            else:  # pragma: no cover - read_dir only returns known files
                continue
            for what, key, table in targets:
                entries, probs = _entries(pf, key)
                problems.extend(probs)
                for e in entries:
                    first = seen.get((what, e.id))
                    if first is not None:
                        problems.append(
                            e.problem(
                                f"duplicate {what} id '{e.id}' (first defined at {first.where()})",
                                "id",
                            )
                        )
                        continue
                    seen[(what, e.id)] = e
                    table[e.id] = e
    return merged, problems


# --------------------------------------------------------------------------- semantic checks


def check(merged: Merged) -> list[Problem]:
    """Every cross-entry and value check over the merged pack."""
    probs: list[Problem] = []
    probs += _check_actors(merged)
    probs += _check_aliases(merged)
    probs += _check_places(merged)
    probs += _check_institutions(merged)
    probs += _check_elections(merged)
    return probs


def _check_dates(e: Entry, item: dict, sub: tuple, what: str) -> list[Problem]:
    out = []
    for k in ("start", "end"):
        v = item.get(k)
        if not date_ok(v):
            out.append(
                e.problem(f"{what}: bad {k} date {v!r} (want YYYY, YYYY-MM or YYYY-MM-DD)", *sub, k)
            )
    if (
        date_ok(item.get("start"))
        and date_ok(item.get("end"))
        and end_before_start(item.get("start"), item.get("end"))
    ):
        out.append(
            e.problem(f"{what}: end {item['end']} is before start {item['start']}", *sub, "end")
        )
    return out


def _str_list(e: Entry, field_name: str) -> tuple[list[str], list[Problem]]:
    v = e.data.get(field_name)
    if v is None:
        return [], []
    if not isinstance(v, list):
        return [], [e.problem(f"actor '{e.id}': {field_name} must be a list", field_name)]
    good, probs = [], []
    for i, a in enumerate(v):
        if isinstance(a, str) and a.strip():
            good.append(a)
        else:
            probs.append(
                e.problem(
                    f"actor '{e.id}': {field_name}[{i}] must be a non-empty string", field_name, i
                )
            )
    return good, probs


def _check_actors(m: Merged) -> list[Problem]:
    probs: list[Problem] = []
    for aid, e in m.actors.items():
        d = e.data
        if not SLUG_RE.match(aid):
            probs.append(e.problem(f"actor id '{aid}' is not a lowercase slug", "id"))
        if not isinstance(d.get("name"), str) or not d["name"].strip():
            probs.append(e.problem(f"actor '{aid}' has no name", "name"))
        if d.get("kind") not in ACTOR_KINDS:
            probs.append(
                e.problem(
                    f"actor '{aid}': unknown kind {d.get('kind')!r} (one of {', '.join(ACTOR_KINDS)})",
                    "kind",
                )
            )
        if d.get("sector") is not None and d.get("sector") not in SECTORS:
            probs.append(e.problem(f"actor '{aid}': unknown sector {d.get('sector')!r}", "sector"))
        inter = d.get("acled_inter")
        if inter is not None and (isinstance(inter, bool) or inter not in ACLED_INTER):
            probs.append(
                e.problem(f"actor '{aid}': acled_inter {inter!r} is not 1..8", "acled_inter")
            )
        c = d.get("country")
        if c is not None and not (isinstance(c, str) and COUNTRY_RE.match(c)):
            probs.append(e.problem(f"actor '{aid}': country {c!r} is not an ISO-2 code", "country"))
        for fld in ("aliases", "shared_aliases", "titles", "demonyms"):
            probs += _str_list(e, fld)[1]
        roles = d.get("roles") or []
        if not isinstance(roles, list):
            probs.append(e.problem(f"actor '{aid}': roles must be a list", "roles"))
            roles = []
        for i, r in enumerate(roles):
            if not isinstance(r, dict):
                probs.append(e.problem(f"actor '{aid}': role {i + 1} is not a mapping", "roles", i))
                continue
            if r.get("office") not in m.offices:
                probs.append(
                    e.problem(
                        f"actor '{aid}': unknown office {r.get('office')!r}", "roles", i, "office"
                    )
                )
            probs += _check_dates(e, r, ("roles", i), f"actor '{aid}' role {r.get('office')}")
        affs = d.get("affiliations") or []
        if not isinstance(affs, list):
            probs.append(e.problem(f"actor '{aid}': affiliations must be a list", "affiliations"))
            affs = []
        for i, a in enumerate(affs):
            if not isinstance(a, dict):
                probs.append(
                    e.problem(
                        f"actor '{aid}': affiliation {i + 1} is not a mapping", "affiliations", i
                    )
                )
                continue
            if a.get("type") not in RELATION_TYPES:
                probs.append(
                    e.problem(
                        f"actor '{aid}': unknown affiliation type {a.get('type')!r} (one of {', '.join(RELATION_TYPES)})",
                        "affiliations",
                        i,
                        "type",
                    )
                )
            t = a.get("target")
            if t not in m.actors:
                probs.append(
                    e.problem(
                        f"actor '{aid}': unknown affiliation target {t!r}",
                        "affiliations",
                        i,
                        "target",
                    )
                )
            elif t == aid:
                probs.append(
                    e.problem(
                        f"actor '{aid}': affiliation points at itself", "affiliations", i, "target"
                    )
                )
            probs += _check_dates(
                e, a, ("affiliations", i), f"actor '{aid}' affiliation {a.get('type')} {t}"
            )
    return probs


def _check_aliases(m: Merged) -> list[Problem]:
    """Two actors may not share a name key unless both list it under ``shared_aliases``."""
    owners: dict[str, list[tuple[str, str, Entry, tuple]]] = {}
    shared: dict[str, set[str]] = {}
    for aid, e in m.actors.items():
        sh, _ = _str_list(e, "shared_aliases")
        shared[aid] = {name_key(s) for s in sh}
        surfaces: list[tuple[str, tuple]] = []
        if isinstance(e.data.get("name"), str):
            surfaces.append((e.data["name"], ("name",)))
        al, _ = _str_list(e, "aliases")
        surfaces += [
            (a, ("aliases", i)) for i, a in enumerate(e.data.get("aliases") or []) if a in al
        ]
        surfaces += [
            (a, ("shared_aliases", i))
            for i, a in enumerate(e.data.get("shared_aliases") or [])
            if a in sh
        ]
        seen_here: set[str] = set()
        for s, sub in surfaces:
            k = name_key(s)
            if not k or k in seen_here:
                continue
            seen_here.add(k)
            owners.setdefault(k, []).append((aid, s, e, sub))
    probs = _check_demonyms(m)
    for k, items in owners.items():
        if len({i[0] for i in items}) < 2:
            continue
        if all(k in shared[i[0]] for i in items):
            continue
        first_id, first_s, first_e, _ = items[0]
        for aid, s, e, sub in items[1:]:
            probs.append(
                e.problem(
                    f"alias clash: '{s}' of actor '{aid}' and '{first_s}' of actor '{first_id}' "
                    f"({first_e.where()}) normalise to '{k}'; drop one or list it under shared_aliases in both",
                    *sub,
                )
            )
    return probs


def _check_demonyms(m: Merged) -> list[Problem]:
    """An adjective ("Iraqi", "Iranian") may point at one actor only."""
    first: dict[str, tuple[str, str, Entry]] = {}
    probs = []
    for aid, e in m.actors.items():
        dem, _ = _str_list(e, "demonyms")
        for i, word in enumerate(dem):
            k = name_key(word)
            if k in first and first[k][0] != aid:
                fid, fword, fe = first[k]
                probs.append(
                    e.problem(
                        f"demonym clash: '{word}' of actor '{aid}' and '{fword}' of actor '{fid}' ({fe.where()})",
                        "demonyms",
                        i,
                    )
                )
            first.setdefault(k, (aid, word, e))
    return probs


def _check_places(m: Merged) -> list[Problem]:
    probs = []
    for pid, e in m.places.items():
        d = e.data
        if not SLUG_RE.match(pid):
            probs.append(e.problem(f"place id '{pid}' is not a lowercase slug"))
        if not d.get("name"):
            probs.append(e.problem(f"place '{pid}' has no name"))
        c = d.get("country")
        if not (isinstance(c, str) and COUNTRY_RE.match(c)):
            probs.append(e.problem(f"place '{pid}': country {c!r} is not an ISO-2 code"))
        for k, lim in (("lat", 90.0), ("lon", 180.0)):
            v = d.get(k)
            if v is None:
                probs.append(e.problem(f"place '{pid}': missing {k}"))
            elif not isinstance(v, (int, float)) or isinstance(v, bool):
                probs.append(e.problem(f"place '{pid}': {k} {v!r} is not a number"))
            elif not -lim <= v <= lim:
                probs.append(e.problem(f"place '{pid}': {k} {v} out of range (-{lim:g}..{lim:g})"))
        p = d.get("parent")
        if p is not None and p not in m.places:
            probs.append(e.problem(f"place '{pid}': unknown parent {p!r}"))
    return probs


def _check_institutions(m: Merged) -> list[Problem]:
    probs = []
    for oid, e in m.offices.items():
        d = e.data
        if not SLUG_RE.match(oid):
            probs.append(e.problem(f"office id '{oid}' is not a lowercase slug", "id"))
        c = d.get("country")
        if c is not None and not (isinstance(c, str) and COUNTRY_RE.match(c)):
            probs.append(
                e.problem(f"office '{oid}': country {c!r} is not an ISO-2 code", "country")
            )
        org = d.get("organization")
        if org is not None and org not in m.actors:
            probs.append(
                e.problem(f"office '{oid}': unknown organization actor {org!r}", "organization")
            )
    for bid, e in m.bodies.items():
        d = e.data
        seats = d.get("seats")
        for k in ("majority", "quorum"):
            v = d.get(k)
            if isinstance(v, int) and isinstance(seats, int) and v > seats:
                probs.append(e.problem(f"body '{bid}': {k} {v} exceeds seats {seats}", k))
        a = d.get("actor")
        if a is not None and a not in m.actors:
            probs.append(e.problem(f"body '{bid}': unknown actor {a!r}", "actor"))
    return probs


def _check_elections(m: Merged) -> list[Problem]:
    probs = []
    for eid, e in m.elections.items():
        d = e.data
        if not date_ok(d.get("date")):
            probs.append(e.problem(f"election '{eid}': bad date {d.get('date')!r}", "date"))
        b = d.get("body")
        if b is not None and b not in m.bodies:
            probs.append(e.problem(f"election '{eid}': unknown body {b!r}", "body"))
        results = d.get("results") or []
        if not isinstance(results, list):
            continue
        total = 0
        for i, r in enumerate(results):
            if not isinstance(r, dict):
                continue
            a = r.get("actor")
            if a is not None and a not in m.actors:
                probs.append(
                    e.problem(
                        f"election '{eid}': unknown actor {a!r} for list {r.get('list')!r}",
                        "results",
                        i,
                        "actor",
                    )
                )
            if isinstance(r.get("seats"), int):
                total += r["seats"]
        seats = d.get("seats")
        if isinstance(seats, int) and total > seats:
            probs.append(
                e.problem(
                    f"election '{eid}': results add up to {total} seats, more than {seats}",
                    "results",
                )
            )
    return probs

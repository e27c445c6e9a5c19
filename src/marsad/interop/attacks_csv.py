"""Import a compiled attacks list (``attacks.csv``, ``strikes.csv``, ``counts.csv``, ``events.csv``)
into a store, with provenance.

The layout is the one of the bundled ``marsad/data/attacks-2023-24/`` dataset (its README gives the
coding rules). Every CSV row becomes a **document** whose text is a short statement composed from
the row's fields (the row's source URL is the document's URL), so every fact stays clickable to a
sentence:

* ``attacks.csv`` rows become ``ASSAULT`` events by the claimant (or an unknown perpetrator) on
  U.S. forces; ``strikes.csv`` rows become ``ASSAULT`` events (mode ``aerial``) by U.S. forces;
* ``counts.csv`` rows become **claims** (unit ``attacks``) for the total and each country figure;
* ``events.csv`` rows become documents only (searchable context for the tempo).

Rows are written as events directly, not through cross-document fusion: the list's unit of count
is already one attack per site, day and reported wave, and fusion would merge two waves on the
same base and day. Ids are deterministic (dataset, file, date, site, ordinal), so a re-import
writes nothing new and an edited row replaces its old version.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from marsad.errors import NotFound, ReadError
from marsad.model import (
    Claim,
    Document,
    DocumentInfo,
    Mention,
    Period,
    Report,
    ReportActor,
    ReportPlace,
)
from marsad.store import fuse as fz
from marsad.store.columns import EVENT_TABLE_COLUMNS, SOURCE_COLUMNS
from marsad.store.filters import day_range
from marsad.text import name_key

ATTACK_COLUMNS = ("date", "date_precision", "target_site", "country", "admin1", "weapon", "claimed_by",
                  "fatalities", "injuries", "source_url", "note")
COUNT_COLUMNS = ("as_of_date", "count_total", "count_iraq", "count_syria", "count_jordan", "period_start",
                 "counting_body", "source_url", "note")
CONTEXT_COLUMNS = ("date", "event", "source_url", "note")
MODES = {"drone": "drone", "rocket": "heavy-weapons", "missile": "heavy-weapons", "mortar": "heavy-weapons"}
TARGET = ("us-forces", "U.S. forces")
EXTRACTOR = "marsad.interop.attacks_csv@1"
COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}


def bundled_path() -> Path:
    """The dataset shipped with Marsad: 2023-24 attacks on U.S. forces (see its README)."""
    return Path(str(resources.files("marsad") / "data" / "attacks-2023-24"))


@dataclass
class ImportStats:
    documents: int = 0
    new_documents: int = 0
    unchanged: int = 0
    events: int = 0
    events_written: int = 0
    claims: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def _read(path: Path, columns: tuple[str, ...], required: bool = True) -> list[tuple[int, dict]]:
    if not path.exists():
        if required:
            raise ReadError(f"{path}: file not found")
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ReadError(f"{path}:1: missing column(s) {', '.join(missing)}")
        rows = [(i + 2, {k: (v or "").strip() for k, v in r.items() if k}) for i, r in enumerate(reader)]
    for line, r in rows:
        d = r.get("date") or r.get("as_of_date")
        try:
            day_range(d)
            datetime.strptime(d, "%Y-%m-%d")
        except (TypeError, ValueError):
            raise ReadError(f"{path}:{line}: bad date {d!r} (want YYYY-MM-DD)") from None
    return rows


def _int(v: str, where: str) -> int | None:
    if v == "":
        return None
    try:
        return int(float(v))
    except ValueError:
        raise ReadError(f"{where}: {v!r} is not a number") from None


def _outlet(url: str) -> str | None:
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else (host or None)


class _Resolver:
    """Exact (normalised) alias look-ups in the knowledge pack, for places and claimants."""

    def __init__(self, pack=None):
        from marsad.knowledge.pack import KnowledgePack

        self.pack = pack or KnowledgePack.load()
        self.places = {name_key(s): pid for s, pid in self.pack.place_aliases()}
        self.actors = {name_key(s): aid for s, aid in self.pack.actor_aliases()}

    def place(self, site: str):
        for cand in (site, site.split("(")[0], site.split("(")[-1].rstrip(")"), site.split("/")[0]):
            pid = self.places.get(name_key(cand.strip()))
            if pid:
                return self.pack.place(pid)
        return None

    def actor(self, claimed: str) -> tuple[str | None, str | None]:
        if not claimed:
            return None, None
        name = claimed.split(";")[-1].split("(")[0].replace("later ", "").strip()
        name = name.split(" and ")[0].strip()
        aid = self.actors.get(name_key(name))
        return (aid, self.pack.actor(aid).name) if aid else (fz.unknown_actor_id(name), name)


def _attack_text(kind: str, r: dict, place_name: str) -> tuple[str, str]:
    """(document text, evidence sentence) in the project's own words, composed from the row."""
    where = ", ".join(x for x in (r["admin1"], COUNTRY_NAMES.get(r["country"], r["country"])) if x)
    weapon = r["weapon"] if r["weapon"] not in ("", "unknown") else ""
    when = r["date"][:7] if r.get("date_precision") == "month" else r["date"]
    if kind == "strike":
        first = f"On {when} U.S. forces carried out a {weapon + ' ' if weapon else ''}strike on {place_name} ({where})."
    else:
        by = f" claimed by {r['claimed_by']}" if r["claimed_by"] else ""
        what = f"a {weapon} attack" if weapon else "an attack (weapon not reported)"
        first = f"On {when} {what}{by} targeted U.S. or Coalition forces at {place_name} ({where})."
    rest = []
    if r["fatalities"]:
        rest.append(f"Reported deaths: {r['fatalities']}.")
    if r["injuries"]:
        rest.append(f"Reported injuries: {r['injuries']}.")
    if r["note"]:
        rest.append(f"Compiler's note: {r['note']}")
    rest.append(f"Source: {r['source_url']}")
    return " ".join([first, *rest]), first


def _event_rows(kind: str, dataset: str, rows: list[tuple[int, dict]], res: _Resolver, path: Path):
    """Yield (document, report, event row, source row) for attack or strike rows."""
    seen: dict[tuple, int] = {}
    for line, r in rows:
        key = (r["date"], name_key(r["target_site"]))
        seen[key] = seen.get(key, 0) + 1
        doc_id = f"{dataset}:{kind}:{r['date']}:{fz.slug(r['target_site'])}:{seen[key]}"
        place = res.place(r["target_site"]) if r["target_site"] else None
        place_name = r["target_site"] or "an unnamed site"
        text, first = _attack_text(kind, r, place_name)
        doc = Document(id=doc_id, text=text, published=r["date"], title=first[:120],
                       source=_outlet(r["source_url"]), url=r["source_url"] or None,
                       path=f"{path.name}:{line}")
        rep = Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, published=r["date"],
                                           source=doc.source, url=doc.url), extractor=EXTRACTOR)
        where = f"{path.name}:{line}"
        if kind == "strike":
            src, tgt = TARGET, res.actor(r["claimed_by"] if r["claimed_by"] != "United States" else "")
            mode = "aerial"
        else:
            src, tgt = res.actor(r["claimed_by"]), TARGET
            mode = MODES.get(r["weapon"])
        date_ = r["date"][:7] if r.get("date_precision") == "month" else r["date"]
        lo, hi = day_range(date_)
        ev = {
            "id": "ev-" + fz.short_hash(EXTRACTOR, doc_id), "type": "ASSAULT", "mode": mode,
            "subtype": "us-strike" if kind == "strike" else (r["weapon"] or None),
            "date": date_, "date_precision": "month" if len(date_) == 7 else "day",
            "place_id": place.id if place else None, "place_name": place.name if place else (r["target_site"] or None),
            "admin1": r["admin1"] or None, "country": r["country"] or None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "source_actor_id": src[0], "source_actor_name": src[1], "target_actor_id": tgt[0],
            "target_actor_name": tgt[1], "fatalities": _int(r["fatalities"], where),
            "injuries": _int(r["injuries"], where),
            "certainty": "reported" if r["note"].upper().startswith("UNCONFIRMED") else "asserted",
            "confidence": 0.9, "status": "draft", "credibility": 6, "corroboration": 1,
            "first_reported": r["date"], "first_document": doc_id, "merged_into": None,
            "day_lo": lo, "day_hi": hi, "fused_from": json.dumps({"*": doc_id}), "updated_at": None,
        }
        rep.actors = [ReportActor(id=a, name=n) for a, n in (src, tgt) if a]
        if place is not None:
            rep.places = [ReportPlace(id=place.id, name=place.name, admin1=place.admin1, country=place.country,
                                      lat=place.lat, lon=place.lon)]
        srow = {c: ev.get(c) for c in SOURCE_COLUMNS if c in ev}
        srow.update(doc_id=doc_id, ordinal=0, event_id=ev["id"], date_text=date_, evidence_start=0,
                    evidence_end=len(first), evidence_text=first, as_of=r["date"])
        yield doc, rep, ev, srow


def _count_docs(dataset: str, rows: list[tuple[int, dict]], path: Path):
    for line, r in rows:
        where = f"{path.name}:{line}"
        body = r["counting_body"] or "unnamed tally"
        start = r["period_start"] or None
        span = f"since {start}" if start else "in an unstated period"
        parts, claims = [], []
        for col, label in (("count_total", "in Iraq, Syria and Jordan"), ("count_iraq", "in Iraq"),
                           ("count_syria", "in Syria"), ("count_jordan", "in Jordan")):
            v = _int(r[col], where)
            if v is None:
                continue
            sentence = f"{body} counted {v} attacks on U.S. and Coalition forces {label} {span}, as of {r['as_of_date']}."
            offset = sum(len(p) + 1 for p in parts)
            parts.append(sentence)
            ev = Mention(text=sentence, start=offset, end=offset + len(sentence))
            claims.append(Claim(value=float(v), unit="attacks", evidence=ev,
                                subject=f"attacks on U.S. and Coalition forces {label} ({body})",
                                period=Period(start=start, end=r["as_of_date"]), value_text=str(v)))
        if r["note"]:
            parts.append(f"Compiler's note: {r['note']}")
        parts.append(f"Source: {r['source_url']}")
        text = " ".join(parts)
        doc_id = f"{dataset}:count:{r['as_of_date']}:{fz.short_hash(body, r['count_total'], start, n=8)}"
        doc = Document(id=doc_id, text=text, published=r["as_of_date"], title=f"{body}: running count",
                       source=_outlet(r["source_url"]), url=r["source_url"] or None, path=f"{path.name}:{line}")
        yield doc, Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, published=doc.published,
                                                source=doc.source, url=doc.url), claims=claims, extractor=EXTRACTOR)


def _context_docs(dataset: str, rows: list[tuple[int, dict]], path: Path):
    for line, r in rows:
        text = f"On {r['date']}: {r['event']}." + (f" Compiler's note: {r['note']}" if r["note"] else "")
        text += f" Source: {r['source_url']}"
        doc_id = f"{dataset}:context:{r['date']}:{fz.short_hash(r['event'], n=8)}"
        doc = Document(id=doc_id, text=text, published=r["date"], title=r["event"][:120],
                       source=_outlet(r["source_url"]), url=r["source_url"] or None, path=f"{path.name}:{line}")
        yield doc, Report(document=DocumentInfo(id=doc_id, sha256=doc.sha256, published=doc.published,
                                                source=doc.source, url=doc.url), extractor=EXTRACTOR)


def import_attacks_csv(store, path: str | Path | None = None, *, pack=None,
                       progress: Callable[[int], None] | None = None) -> ImportStats:
    """Import the dataset directory ``path`` (default: the bundled 2023-24 list) into ``store``.
    Idempotent: a second run writes nothing; an edited row replaces its previous version."""
    root = Path(path) if path is not None else bundled_path()
    if root.is_file():
        root = root.parent
    if not root.is_dir():
        raise ReadError(f"{root}: not a directory holding attacks.csv")
    dataset = fz.slug(root.name)
    res = _Resolver(pack)
    attacks = _read(root / "attacks.csv", ATTACK_COLUMNS)
    strikes = _read(root / "strikes.csv", ATTACK_COLUMNS, required=False)
    counts = _read(root / "counts.csv", COUNT_COLUMNS, required=False)
    context = _read(root / "events.csv", CONTEXT_COLUMNS, required=False)
    items, events, sources = [], [], []
    for kind, rows, file in (("attack", attacks, root / "attacks.csv"), ("strike", strikes, root / "strikes.csv")):
        for doc, rep, ev, src in _event_rows(kind, dataset, rows, res, file):
            items.append((doc, rep))
            events.append(ev)
            sources.append(src)
    items += list(_count_docs(dataset, counts, root / "counts.csv"))
    items += list(_context_docs(dataset, context, root / "events.csv"))
    stats = ImportStats(documents=len(items), events=len(events),
                        claims=sum(len(rep.claims) for _, rep in items))
    ing = store.ingest(items, progress=progress)
    stats.new_documents, stats.unchanged = ing.new + ing.revised, ing.unchanged
    missing = [i for i, ev in enumerate(events) if not _has_event(store, ev["id"])]
    if missing:
        now = datetime.now(UTC).replace(tzinfo=None)
        for i in missing:
            events[i]["updated_at"] = now
        store.insert_frame("events", pd.DataFrame([{c: events[i][c] for c in EVENT_TABLE_COLUMNS} for i in missing], dtype=object))
        store.insert_frame("event_sources", pd.DataFrame([{c: sources[i][c] for c in SOURCE_COLUMNS} for i in missing], dtype=object))
    stats.events_written = len(missing)
    return stats


def _has_event(store, event_id: str) -> bool:
    try:
        store.event(event_id)
    except NotFound:
        return False
    return True


def context_events(path: str | Path | None = None) -> pd.DataFrame:
    """The dataset's political/military context events (``events.csv``): date, event, source_url."""
    root = Path(path) if path is not None else bundled_path()
    rows = _read(root / "events.csv", CONTEXT_COLUMNS, required=False)
    return pd.DataFrame([r for _, r in rows], columns=list(CONTEXT_COLUMNS))


def published_counts(path: str | Path | None = None) -> pd.DataFrame:
    """The dataset's published running totals (``counts.csv``) with a ``series`` column:
    ``official`` (U.S. government cumulative counts since 17 Oct 2023), ``sohr`` (Syria-only
    tallies) or ``other`` (claims-based trackers, period counts)."""
    root = Path(path) if path is not None else bundled_path()
    rows = [r for _, r in _read(root / "counts.csv", COUNT_COLUMNS)]
    df = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    for c in ("count_total", "count_iraq", "count_syria", "count_jordan"):
        df[c] = pd.to_numeric(df[c], errors="coerce")

    def series(r) -> str:
        body = r["counting_body"]
        if body.startswith("SOHR"):
            return "sohr"
        if r["period_start"] == "2023-10-17" and "Washington Institute" not in body:
            return "official"
        return "other"

    df["series"] = df.apply(series, axis=1)
    return df.sort_values(["as_of_date", "count_total"]).reset_index(drop=True)

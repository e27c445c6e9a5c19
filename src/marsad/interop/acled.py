"""ACLED CSV in and out.

**Import** (:func:`import_acled`): each row becomes a document ``acled:<event_id_cnty>`` (its text
is ACLED's ``notes``, the evidence of its one event) and goes through the store's ordinary ingest,
so ACLED rows fuse with events read from text. The row's ACLED columns are kept verbatim in the
``acled_rows`` table; re-importing an unchanged row writes nothing, an edited row becomes a new
revision of its document. Bad rows are reported (line and column) and skipped; the run goes on.

**Export** (:func:`export_acled`): one CSV row per ACLED row behind an event (its stored columns,
unchanged) and one computed row per other event ACLED can code; Marsad's own columns
(:data:`EXTRA_COLUMNS`) follow ACLED's. Export -> import -> export gives the same bytes on ACLED's
columns. See ``docs/interop.md`` for the mapping.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from marsad.errors import InteropError
from marsad.interop.resolve import COUNTRIES, COUNTRY_BY_CODE, Resolver, country_code
from marsad.interop.stream import BATCH, Reader, event_where, events_seen, write_chunks
from marsad.model import ActorRef, Document, DocumentInfo, Event, Mention, Report
from marsad.ontology import ACLED_MAPPING, ACLED_TYPES, PLOVER_TYPES, from_acled, to_acled

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "marsad_event_id", "marsad_type", "marsad_mode", "marsad_date", "marsad_place_id",
    "marsad_source_actor_id", "marsad_target_actor_id", "marsad_fatalities", "marsad_corroboration",
    "marsad_status", "marsad_credibility", "marsad_confidence",
)
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "country")
DOC_PREFIX = "acled:"
EXTRACTOR = "marsad.interop.acled@1"
CONFIDENCE = 0.9  # an ACLED row is a curated, sourced coding: high, but not certainty
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
_SUB_TO_TYPE = {sub: t for t, subs in ACLED_TYPES.items() for sub in subs}
# How many of a PLOVER type's modes map to each ACLED category: an ACLED "Air/drone strike" may be
# a drone or an aircraft, so it is imported without a mode (and fuses with either).
_AMBIGUOUS: dict[tuple[str, str], int] = {}
for _t, _table in ACLED_MAPPING.items():
    for _cat in _table.values():
        if _cat is not None and from_acled(_cat.event_type, _cat.sub_event_type)[0] == _t:
            _k = (_cat.event_type, _cat.sub_event_type)
            _AMBIGUOUS[_k] = _AMBIGUOUS.get(_k, 0) + 1
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
    "Riots": "Demonstrations", "Strategic developments": "Strategic developments",
}
_DISORDER_SUB = {"Mob violence": "Political violence",
                 "Excessive force against protesters": "Political violence; Demonstrations"}


@dataclass
class RowError:
    """One rejected row: ``line`` in the file, the offending ``column`` (None for the whole row)."""

    line: int
    column: str | None
    message: str
    event_id: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        who = f" ({self.event_id})" if self.event_id else ""
        return f"{where}{who}: {self.message}"


@dataclass
class AcledImportStats:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events_new: int = 0
    events_fused: int = 0
    actors_created: int = 0
    unresolved_actors: set[str] = field(default_factory=set)
    errors: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "errors": len(self.errors), "events_new": self.events_new, "events_fused": self.events_fused,
                "actors_created": self.actors_created, "unresolved_actors": sorted(self.unresolved_actors),
                "error_list": [str(e) for e in self.errors]}


class _Bad(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass(slots=True)
class AcledDocument(Document):
    """A document made from one ACLED row; its hash covers the whole row, not only the notes."""

    row_sha256: str = ""

    @property
    def sha256(self) -> str:  # type: ignore[override]
        return self.row_sha256


@dataclass
class _Built:
    line: int
    event_id_cnty: str
    fields: dict[str, str]
    sha: str
    day: date
    doc: AcledDocument
    report: Report


# --------------------------------------------------------------------------- reading


def parse_date(value: str) -> date:
    """ACLED's ``event_date`` in either format it has used (``2024-01-28``, ``28 January 2024``)."""
    v = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise _Bad("event_date", f"{value!r} is not a date (YYYY-MM-DD or '28 January 2024')")


def read_rows(source: str | Path | TextIO) -> Iterator[tuple[int, dict[str, str]] | RowError]:
    """``(line, row)`` per data row (keys lower-cased, values stripped), or a :class:`RowError`
    for a row with the wrong number of fields. Raises InteropError when required columns are missing."""
    fh = open(source, newline="", encoding="utf-8-sig") if isinstance(source, str | Path) else source  # noqa: SIM115
    try:
        reader = csv.reader(fh)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise InteropError(f"{source}: the file is empty (no header row)") from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InteropError(f"{source}: not an ACLED file: missing column(s) {', '.join(missing)}")
        line = reader.line_num
        for rec in reader:
            start, line = line + 1, reader.line_num
            if not rec or all(not v.strip() for v in rec):
                continue
            if len(rec) != len(header):
                yield RowError(start, None, f"row has {len(rec)} fields, the header has {len(header)}")
                continue
            yield start, {h: v.strip() for h, v in zip(header, rec, strict=True)}
    except csv.Error as exc:
        raise InteropError(f"{source}: CSV error near line {reader.line_num}: {exc}") from None
    finally:
        if fh is not source:
            fh.close()


def _int(row: dict[str, str], col: str, lo: int, hi: int) -> int | None:
    v = row.get(col, "")
    if v == "":
        return None
    try:
        n = int(v)
    except ValueError:
        try:
            x = float(v)
        except ValueError:
            x = 0.5
        if not x.is_integer():
            raise _Bad(col, f"{v!r} is not a whole number") from None
        n = int(x)
    if not lo <= n <= hi:
        raise _Bad(col, f"{n} is not between {lo} and {hi}")
    return n


def _coord(row: dict[str, str], col: str, limit: float) -> float | None:
    v = row.get(col, "")
    if v == "":
        return None
    try:
        x = float(v)
    except ValueError:
        raise _Bad(col, f"{v!r} is not a number") from None
    if not -limit <= x <= limit:
        raise _Bad(col, f"{x} is outside -{limit:g}..{limit:g}")
    return x


def normalise(row: dict[str, str]) -> tuple[dict[str, str], date]:
    """Validate a row; return its ACLED columns (``event_date`` as ISO) and the event day."""
    if not row.get("event_id_cnty"):
        raise _Bad("event_id_cnty", "is empty")
    day = parse_date(row.get("event_date", ""))
    if row.get("year") and row["year"] != str(day.year):
        raise _Bad("year", f"{row['year']} does not match event_date {day.isoformat()}")
    et, sub = row.get("event_type", ""), row.get("sub_event_type", "")
    if et not in ACLED_TYPES:
        raise _Bad("event_type", f"{et!r} is not one of ACLED's event types: {', '.join(ACLED_TYPES)}")
    if sub not in ACLED_TYPES[et]:
        raise _Bad("sub_event_type", f"{sub!r} is not a sub-event type of {et!r}")
    if not row.get("country"):
        raise _Bad("country", "is empty")
    _int(row, "time_precision", 1, 3)
    _int(row, "geo_precision", 1, 3)
    _int(row, "fatalities", 0, 1_000_000)
    for c in ("inter1", "inter2"):
        _int(row, c, 0, 8)
    _coord(row, "latitude", 90)
    _coord(row, "longitude", 180)
    fields = {c: row.get(c, "") for c in ACLED_COLUMNS}
    fields["event_date"] = day.isoformat()
    return fields, day


def row_hash(fields: dict[str, str], row: dict[str, str]) -> str:
    extra = {c: row.get(c, "") for c in ("marsad_type", "marsad_mode", "marsad_place_id",
                                         "marsad_source_actor_id", "marsad_target_actor_id")}
    blob = json.dumps([EXTRACTOR, [fields[c] for c in ACLED_COLUMNS], extra], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- row -> report


def _type_mode(fields: dict[str, str], row: dict[str, str]) -> tuple[str, str | None]:
    t, m = row.get("marsad_type") or "", row.get("marsad_mode") or None
    if t in PLOVER_TYPES:
        return t, (m if m in PLOVER_TYPES[t] else None)
    ptype, mode = from_acled(fields["event_type"], fields["sub_event_type"])
    return ptype, (None if _AMBIGUOUS.get((fields["event_type"], fields["sub_event_type"]), 0) > 1 else mode)


def _text(fields: dict[str, str]) -> str:
    if fields["notes"]:
        return fields["notes"]
    where = fields["location"] or fields["admin1"] or fields["country"]
    who = " and ".join(a for a in (fields["actor1"], fields["actor2"]) if a)
    return f"{fields['sub_event_type']} in {where} on {fields['event_date']}" + (f" ({who})." if who else ".")


def build(line: int, row: dict[str, str], resolver: Resolver) -> _Built:
    """Turn one ACLED row into a (document, report) pair; raises _Bad naming the column."""
    fields, day = normalise(row)
    eid = fields["event_id_cnty"]
    sha = row_hash(fields, row)
    code = country_code(fields["country"])
    lat, lon = _coord(fields, "latitude", 90), _coord(fields, "longitude", 180)
    if lat is None or lon is None:
        lat = lon = None
    place = resolver.place(fields, code, lat, lon).ref
    pid = row.get("marsad_place_id")
    if pid and resolver.pack is not None and pid in resolver.pack.places and place is not None:
        p = resolver.pack.places[pid]
        place.id, place.name, place.admin1 = p.id, p.name, p.admin1 or place.admin1
    refs = []
    for name, col in ((fields["actor1"], "marsad_source_actor_id"), (fields["actor2"], "marsad_target_actor_id")):
        ref, given = resolver.actor(name), row.get(col)
        if ref is not None and given and resolver.actors is not None and given in resolver.actors.actors:
            ref = ActorRef(id=given, name=ref.name)
        refs.append(ref)
    src, tgt = refs
    tp = _int(fields, "time_precision", 1, 3) or 1
    ptype, mode = _type_mode(fields, row)
    text = _text(fields)
    d = day.isoformat()[:7] if tp == 3 else day.isoformat()
    ev = Event(
        type=ptype, mode=mode, subtype=fields["sub_event_type"], date=d,
        date_precision="month" if tp == 3 else "day", date_text=f"{fields['event_date']} (ACLED time_precision {tp})",
        location=place, source_actor=src, target_actor=tgt, fatalities=_int(fields, "fatalities", 0, 1_000_000),
        certainty="asserted", confidence=CONFIDENCE, evidence=Mention(text, 0, len(text)),
    )
    doc_id = DOC_PREFIX + eid
    doc = AcledDocument(id=doc_id, text=text, published=day.isoformat(), title=f"ACLED {eid}", source="ACLED",
                        row_sha256=sha)
    info = DocumentInfo(id=doc_id, sha256=sha, title=doc.title, published=doc.published, source="ACLED")
    rep = Report(document=info, events=[ev], extractor=EXTRACTOR)
    return _Built(line, eid, fields, sha, day, doc, rep)


# --------------------------------------------------------------------------- import


def import_acled(store: Any, source: str | Path | TextIO, *, pack: Any = None, batch_size: int = 2000,
                 progress: Callable[[int], None] | None = None) -> AcledImportStats:
    """Import an ACLED CSV into ``store`` (see the module docstring). ``pack`` defaults to the
    built-in knowledge pack; ``progress(n)`` is called with the rows handled since the last call."""
    if pack is None:
        from marsad.knowledge.pack import KnowledgePack

        pack = KnowledgePack.load()
    store.load_pack(pack)
    resolver = Resolver(pack)
    stats = AcledImportStats()
    before = int(store._scalar("SELECT count(*) FROM actors WHERE origin = 'document'") or 0)
    seen: dict[str, int] = {}
    chunk: list[_Built] = []
    for item in read_rows(source):
        stats.rows += 1
        if isinstance(item, RowError):
            stats.errors.append(item)
            continue
        line, row = item
        eid = row.get("event_id_cnty", "")
        if eid and eid in seen:
            stats.errors.append(RowError(line, "event_id_cnty", f"duplicate of the row at line {seen[eid]}", eid))
            continue
        try:
            built = build(line, row, resolver)
        except _Bad as bad:
            stats.errors.append(RowError(line, bad.column, bad.message, eid or None))
            continue
        seen[eid] = line
        for col in ("actor1", "actor2"):
            ref = resolver.actor(built.fields[col])
            if ref is not None and ref.id is None:
                stats.unresolved_actors.add(ref.name)
        chunk.append(built)
        if len(chunk) >= batch_size:
            _flush(store, chunk, stats)
            if progress:
                progress(len(chunk))
            chunk = []
    if chunk:
        _flush(store, chunk, stats)
        if progress:
            progress(len(chunk))
    after = int(store._scalar("SELECT count(*) FROM actors WHERE origin = 'document'") or 0)
    stats.actors_created = after - before
    return stats


def _flush(store: Any, chunk: list[_Built], stats: AcledImportStats) -> None:
    known: dict[str, dict] = {}
    for sql_in, params in store._in_chunks([b.event_id_cnty for b in chunk]):
        for r in store._dicts(f"SELECT event_id_cnty, row_sha256, revision FROM acled_rows "
                              f"WHERE event_id_cnty IN {sql_in}", params):
            known[r["event_id_cnty"]] = r
    changed = [b for b in chunk if known.get(b.event_id_cnty, {}).get("row_sha256") != b.sha]
    stats.unchanged += len(chunk) - len(changed)
    if not changed:
        return
    ist = store.ingest([(b.doc, b.report) for b in changed], batch_size=len(changed))
    stats.events_new += ist.events_new
    stats.events_fused += ist.events_fused
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for b in changed:
        prev = known.get(b.event_id_cnty)
        stats.updated += prev is not None
        stats.new += prev is None
        rows.append((b.event_id_cnty, b.doc.id, b.sha, int(prev["revision"]) + 1 if prev else 1, b.day,
                     json.dumps(b.fields, ensure_ascii=False, sort_keys=True), now))
    with store._tx():
        for sql_in, params in store._in_chunks([b.event_id_cnty for b in changed]):
            store._exec(f"DELETE FROM acled_rows WHERE event_id_cnty IN {sql_in}", params)
        store._insert("acled_rows", ("event_id_cnty", "doc_id", "row_sha256", "revision", "event_day",
                                     "fields", "imported_at"), rows)


# --------------------------------------------------------------------------- export

# One row per ACLED row behind an event, and one per other dated event; ordered (by the exporter's
# windows) on the row's date, newest first, then its ACLED id (our event id for computed rows).
# Each branch carries its own date as the window column ``_w``, so a window's date range filters
# acled_rows and events directly, and every join is built on a window's rows or on a small table
# (actors, places): no query holds a whole large table. What the documents and event sources add
# (outlet, notes, whether an event has ACLED rows) is looked up for each batch (:func:`_enrich`).
_EVENT_COLUMNS = ("e.id, e.type, e.mode, e.subtype, e.date, e.date_precision, e.day_lo, e.place_id, e.place_name, "
                  "e.admin1, e.country, e.lat, e.lon, e.source_actor_id, e.source_actor_name, e.target_actor_id, "
                  "e.target_actor_name, e.fatalities, e.corroboration, e.status, e.credibility, e.confidence, "
                  "e.first_document")
_EXPORT_SQL = """
SELECT k.*, a1.acled_inter AS inter1, a2.acled_inter AS inter2, pl.kind AS place_kind
FROM (
    SELECT r.event_day AS _w, r.event_id_cnty AS _k, r.fields AS acled_fields, {cols}
    FROM acled_rows r JOIN event_sources s ON s.doc_id = r.doc_id JOIN {events} e ON e.id = s.event_id
    WHERE {where} AND {visible_r}
    UNION ALL
    SELECT e.day_lo AS _w, e.id AS _k, NULL AS acled_fields, {cols}
    FROM {events} e WHERE {where} AND e.day_lo IS NOT NULL
) k
LEFT JOIN actors a1 ON a1.id = k.source_actor_id
LEFT JOIN actors a2 ON a2.id = k.target_actor_id
LEFT JOIN places pl ON pl.id = k.place_id
"""
# at least the rows of each date (ACLED rows of any event, matching events): no joins
_EXPORT_HIST = """
SELECT _w, count(*) AS n FROM (
    SELECT event_day AS _w FROM acled_rows
    UNION ALL
    SELECT e.day_lo AS _w FROM {events} e WHERE {where} AND e.day_lo IS NOT NULL
) q GROUP BY _w
"""


def _enrich(rd: Any, rows: list[dict]) -> list[dict]:
    """Drop the computed rows of events that have ACLED rows (those are exported as theirs), and
    give the other computed rows ``doc_source`` (the first document's outlet) and ``notes`` (its
    evidence). Lookups by the batch's keys: what they read is bounded by the batch."""
    computed = {r["id"]: r for r in rows if r["acled_fields"] is None}
    sources = rd.rows_in("SELECT event_id, doc_id, evidence_text FROM event_sources WHERE event_id IN {in_} "
                         f"AND {rd.store._doc_ok('doc_id')}", list(computed))
    acled_docs = {r["doc_id"]: r["event_id"] for r in sources if r["doc_id"].startswith(DOC_PREFIX)}
    with_rows = {acled_docs[r["doc_id"]] for r in rd.rows_in(
        "SELECT doc_id FROM acled_rows WHERE doc_id IN {in_}", list(acled_docs))}
    notes: dict[str, str] = {}
    for r in sources:
        e = computed[r["event_id"]]
        text = r["evidence_text"]
        if r["doc_id"] == e["first_document"] and text is not None and text < notes.get(e["id"], "\uffff"):
            notes[e["id"]] = text
    firsts = [e["first_document"] for e in computed.values() if e["first_document"] and e["id"] not in with_rows]
    outlet = {r["id"]: r["source"] for r in rd.rows_in(
        f"SELECT id, source FROM documents WHERE id IN {{in_}} AND {rd.store._tlp_ok('tlp')}", firsts)}
    for e in computed.values():
        e["doc_source"] = outlet.get(e["first_document"])
        e["notes"] = notes.get(e["id"])
    return [r for r in rows if r["acled_fields"] is not None or r["id"] not in with_rows]


def _s(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
    return str(v)


def computed_row(e: dict) -> dict[str, str] | None:
    """ACLED columns for an event that did not come from ACLED (None when ACLED codes no such event)."""
    sub = e.get("subtype")
    if sub in _SUB_TO_TYPE:
        et = _SUB_TO_TYPE[sub]
    else:
        cat = to_acled(e["type"], e.get("mode")) if e["type"] in PLOVER_TYPES else None
        if cat is None:
            return None
        et, sub = cat.event_type, cat.sub_event_type
    day = e["day_lo"]
    if day is None:
        return None
    day = day.isoformat() if hasattr(day, "isoformat") else str(day)[:10]
    i1, i2 = e.get("inter1"), e.get("inter2")
    if i1 and i2:
        interaction = "".join(sorted((str(i1), str(i2))))
    else:
        interaction = f"{i1 or i2}0" if (i1 or i2) else ""
    cname = COUNTRY_BY_CODE.get((e.get("country") or "").upper(), e.get("country") or "")
    iso, region = (str(COUNTRIES[cname][1]), COUNTRIES[cname][2]) if cname in COUNTRIES else ("", "")
    admin_level = (e.get("place_kind") or "") in ("governorate", "province", "admin1", "region")
    geo = "" if e.get("lat") is None else ("1" if e.get("place_id") and not admin_level else "3")
    return {
        "event_id_cnty": e["id"], "event_date": day, "year": day[:4],
        "time_precision": "1" if e.get("date_precision") == "day" else "3",
        "disorder_type": _DISORDER_SUB.get(sub, _DISORDER[et]), "event_type": et, "sub_event_type": sub,
        "actor1": _s(e.get("source_actor_name")), "assoc_actor_1": "", "inter1": _s(i1),
        "actor2": _s(e.get("target_actor_name")), "assoc_actor_2": "", "inter2": _s(i2),
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if et == "Violence against civilians" or i2 == 7 else "",
        "iso": iso, "region": region, "country": cname, "admin1": _s(e.get("admin1")), "admin2": "", "admin3": "",
        "location": _s(e.get("place_name")), "latitude": _s(e.get("lat")), "longitude": _s(e.get("lon")),
        "geo_precision": geo, "source": _s(e.get("doc_source")), "source_scale": "",
        "notes": " ".join(_s(e.get("notes")).split()), "fatalities": _s(e.get("fatalities") or 0), "tags": "",
        "timestamp": "",
    }


def _extras(e: dict) -> list[str]:
    return [_s(e["id"]), _s(e["type"]), _s(e.get("mode")), _s(e.get("date")), _s(e.get("place_id")),
            _s(e.get("source_actor_id")), _s(e.get("target_actor_id")), _s(e.get("fatalities")),
            _s(e.get("corroboration")), _s(e.get("status")), _s(e.get("credibility")),
            _s(round(float(e["confidence"]), 4) if e.get("confidence") is not None else None)]


def iter_acled(rd: Reader, f: Any = None, progress: Callable[[int], None] | None = None) -> Iterator[list[list[str] | None]]:
    """Export rows (ACLED columns then :data:`EXTRA_COLUMNS`), one list per batch read through
    ``rd``; None for an event ACLED cannot code."""
    where, params = event_where(rd.store, f, "e")
    # a store read for a clearance (store.cleared) leaves out the ACLED rows, notes and outlets of
    # documents it may not see, and selects and writes a mixed event as fused again from the
    # sources it may see
    events, ep = events_seen(rd.store)
    hist = (_EXPORT_HIST.format(where=where, events=events), [*ep, *params])
    sql = _EXPORT_SQL.format(where=where, cols=_EVENT_COLUMNS, visible_r=rd.store._doc_ok("r.doc_id"), events=events)
    for rows in rd.ordered(sql, [*ep, *params, *ep, *params], key=("_k", "id"), hist=hist):
        out: list[list[str] | None] = []
        if rd.store._clearance is not None:
            rd.store._as_cleared_rows(rows, stored=True)
        for e in _enrich(rd, rows):
            fields = json.loads(e["acled_fields"]) if e["acled_fields"] is not None else computed_row(e)
            out.append(None if fields is None else [fields.get(c, "") for c in ACLED_COLUMNS] + _extras(e))
        if progress:
            progress(len(rows))
        yield out


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def iter_acled_csv(store: Any, f: Any = None, *, size: int = BATCH, counts: dict[str, int] | None = None,
                   progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The ACLED-compatible CSV in text chunks (the header, then one chunk per batch);
    ``counts`` receives ``rows`` and ``skipped`` (events ACLED does not code)."""
    counts = {} if counts is None else counts
    counts.update(rows=0, skipped=0)
    with Reader(store, size) as rd:
        yield _csv([ACLED_COLUMNS + EXTRA_COLUMNS])
        for batch in iter_acled(rd, f, progress):
            rows = [r for r in batch if r is not None]
            counts["rows"] += len(rows)
            counts["skipped"] += len(batch) - len(rows)
            yield _csv(rows)


def export_acled(store: Any, out: str | Path | TextIO, f: Any = None, *, size: int = BATCH,
                 progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write an ACLED-compatible CSV of the events matching ``f``; returns ``{rows, skipped}``."""
    counts: dict[str, int] = {}
    write_chunks(out, iter_acled_csv(store, f, size=size, counts=counts, progress=progress))
    return counts


def export_acled_text(store: Any, f: Any = None) -> str:
    buf = io.StringIO()
    export_acled(store, buf, f)
    return buf.getvalue()

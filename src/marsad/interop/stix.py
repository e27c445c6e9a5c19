"""STIX 2.1 bundle export, built with the ``stix2`` library and streamed object by object.

Mapping (see ``docs/interop.md``):

* actors -> ``threat-actor`` (armed groups), ``intrusion-set`` (named front/facade groups that
  claim attacks for a parent), ``identity`` (states, forces, parties, institutions, persons);
* places of the exported events -> ``location``; documents -> ``report`` whose ``object_refs`` are the events, actors,
  relations and claims found in it; relations and pack affiliations -> ``relationship``;
  claims -> ``note``;
* events -> ``x-marsad-event``, a new SDO defined by the bundle's ``extension-definition``
  (STIX 2.1 section 7.3), carrying time, place, actors and our PLOVER type;
* credibility (1-6) -> ``confidence`` on STIX's Admiralty credibility scale.

Ids are UUIDv5 over our ids in a fixed namespace and objects come in a fixed order, so a
re-export of the same store is byte-for-byte the same. The bundle is written object by object as
the store is read batch by batch (:mod:`marsad.interop.stream`): memory does not grow with the
number of events.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from marsad.interop.stream import BATCH, Reader, event_where, events_seen, write_chunks

NAMESPACE = uuid.UUID("6f1c2f5e-2d0b-5c1e-9a51-6d6172736164")
EPOCH = "2020-01-01T00:00:00.000Z"  # created/modified of objects that carry no time of their own
EVENT_TYPE = "x-marsad-event"
# Admiralty credibility -> STIX confidence (STIX 2.1 Appendix A, "Admiralty Credibility");
# 6 ("truth cannot be judged") means no confidence property.
CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
EVENT_PROPERTIES = (
    "event_type", "mode", "subtype", "date", "date_precision", "location_ref", "place_name", "admin1",
    "country", "latitude", "longitude", "source_ref", "target_ref", "source_name", "target_name",
    "fatalities", "injuries", "certainty", "status", "corroboration", "marsad_id",
)
# Checks of stix2-validator's strict mode that an export cannot pass by design: 103 (ids SHOULD be
# UUIDv4; ours are UUIDv5 so that re-exports are stable) and 202 (relationship types outside STIX's
# suggested list: ours are Marsad's relation vocabulary: backs, member-of, leads, ...).
_VALIDATOR_EXCEPTIONS = ("103", "202")


def sid(stix_type: str, our_id: str) -> str:
    """Deterministic STIX id: ``<type>--<uuid5(NAMESPACE, "<type>:<our id>")>``."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, f'{stix_type}:{our_id}')}"


def _ts(v: Any) -> str:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"
    if isinstance(v, date):
        return v.isoformat() + "T00:00:00.000Z"
    if isinstance(v, str) and len(v) >= 4:
        d = (v + "-01-01")[:10] if len(v) < 10 else v[:10]
        return d + "T00:00:00.000Z"
    return EPOCH


def _event_class():
    import stix2
    from stix2.properties import FloatProperty, IntegerProperty, ReferenceProperty, StringProperty

    ref = lambda: ReferenceProperty(invalid_types=[], spec_version="2.1")  # noqa: E731
    props = [("name", StringProperty(required=True)), ("event_type", StringProperty(required=True)),
             ("mode", StringProperty()), ("subtype", StringProperty()), ("date", StringProperty()),
             ("date_precision", StringProperty()), ("location_ref", ref()), ("place_name", StringProperty()),
             ("admin1", StringProperty()), ("country", StringProperty()), ("latitude", FloatProperty()),
             ("longitude", FloatProperty()), ("source_ref", ref()), ("target_ref", ref()),
             ("source_name", StringProperty()), ("target_name", StringProperty()),
             ("fatalities", IntegerProperty()), ("injuries", IntegerProperty()), ("certainty", StringProperty()),
             ("status", StringProperty()), ("corroboration", IntegerProperty()), ("marsad_id", StringProperty())]

    @stix2.CustomObject(EVENT_TYPE, props, extension_name=sid("extension-definition", EVENT_TYPE))
    class MarsadEvent:
        pass

    return MarsadEvent


_EVENT_CLS = None


def _event_cls():
    global _EVENT_CLS
    if _EVENT_CLS is None:
        _EVENT_CLS = _event_class()
    return _EVENT_CLS


def _fixed_objects() -> list[Any]:
    import stix2

    me = stix2.Identity(id=sid("identity", "marsad"), name="Marsad", identity_class="system",
                        created=EPOCH, modified=EPOCH)
    ext = stix2.ExtensionDefinition(
        id=sid("extension-definition", EVENT_TYPE), created_by_ref=me.id, created=EPOCH, modified=EPOCH,
        name="Marsad event", version="1.0.0", extension_types=["new-sdo"],
        description="A real-world event (attack, arrest, protest, agreement, ...) as Marsad stores it: "
                    "PLOVER type and mode, date at its precision, place, source and target actors.",
        schema="Properties: " + ", ".join(EVENT_PROPERTIES) + ". event_type is a PLOVER type; date is "
               "YYYY, YYYY-MM or YYYY-MM-DD; *_ref point to location and threat-actor/identity/intrusion-set "
               "objects of the same bundle. Described in Marsad's docs/interop.md.")
    return [me, ext]


def actor_type(kind: str | None, sector: str | None) -> str:
    """STIX type for one of our actors."""
    if kind == "armed_group" and sector == "FRONT":
        return "intrusion-set"
    if kind == "armed_group" or sector in ("REB", "TER"):
        return "threat-actor"
    return "identity"


def _actor(r: dict, fronts: set[str]) -> Any:
    import stix2

    t = "intrusion-set" if r["id"] in fronts else actor_type(r.get("kind"), r.get("sector"))
    aliases = [a for a in json.loads(r.get("aliases") or "[]") if a and a != r["name"]]
    common = {"id": sid(t, r["id"]), "name": r["name"] or r["id"], "created": EPOCH, "modified": EPOCH,
              "description": r.get("description") or None}
    common = {k: v for k, v in common.items() if v is not None}
    if t == "threat-actor":
        types = ["terrorist"] if r.get("sector") == "TER" else ["unknown"]
        return stix2.ThreatActor(threat_actor_types=types, aliases=aliases or None, **common)
    if t == "intrusion-set":
        return stix2.IntrusionSet(aliases=aliases or None, **common)
    cls = "individual" if r.get("kind") == "person" else ("class" if str(r["id"]).startswith("unk-") else "organization")
    return stix2.Identity(identity_class=cls, **common)


def _location(r: dict) -> Any:
    import stix2

    kw = {"id": sid("location", r["id"]), "name": r["name"], "created": EPOCH, "modified": EPOCH}
    if r.get("lat") is not None and r.get("lon") is not None:
        kw.update(latitude=float(r["lat"]), longitude=float(r["lon"]))
    if r.get("country"):
        kw["country"] = r["country"]
    if r.get("admin1"):
        kw["administrative_area"] = r["admin1"]
    if "country" not in kw and "latitude" not in kw:
        kw["region"] = "western-asia"
    return stix2.Location(**kw)


def _event(e: dict) -> Any:
    cls = _event_cls()
    kw: dict[str, Any] = {
        "id": sid(EVENT_TYPE, e["id"]), "created": _ts(e.get("updated_at")), "modified": _ts(e.get("updated_at")),
        "name": " ".join(str(x) for x in (e["type"], e.get("mode") or "", e.get("date") or "",
                                            e.get("place_name") or e.get("admin1") or "") if x),
        "event_type": e["type"], "mode": e.get("mode"), "subtype": e.get("subtype"), "date": e.get("date"),
        "date_precision": e.get("date_precision"), "place_name": e.get("place_name"), "admin1": e.get("admin1"),
        "country": e.get("country"), "latitude": e.get("lat"), "longitude": e.get("lon"),
        "location_ref": sid("location", e["place_id"]) if e.get("place_id") else None,
        "source_ref": e.get("_source_ref"), "target_ref": e.get("_target_ref"),
        "source_name": e.get("source_actor_name"), "target_name": e.get("target_actor_name"),
        "fatalities": e.get("fatalities"), "injuries": e.get("injuries"), "certainty": e.get("certainty"),
        "status": e.get("status"), "corroboration": e.get("corroboration"), "marsad_id": e["id"],
        "confidence": CONFIDENCE.get(int(e.get("credibility") or 6)),
    }
    return cls(**{k: v for k, v in kw.items() if v is not None}, allow_custom=True)


def _relationship(our_id: str, src: str, typ: str, tgt: str, **kw: Any) -> Any:
    import stix2

    kw = {k: v for k, v in kw.items() if v is not None}
    if "start_time" in kw and "stop_time" in kw and kw["stop_time"] <= kw["start_time"]:
        kw.pop("stop_time")
    return stix2.Relationship(id=sid("relationship", our_id), source_ref=src, target_ref=tgt,
                              relationship_type=typ.replace("_", "-").lower(), **kw)


def _slices(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _count(counts: dict[str, int], key: str, n: int = 1) -> None:
    counts[key] = counts.get(key, 0) + n


def _objects(rd: Reader, f: Any, counts: dict[str, int],
             progress: Callable[[int], None] | None = None) -> Iterator[Iterable[Any]]:
    """Every STIX object of the export, in a fixed order (actors and places by id; events,
    documents, relations and claims newest first; pack affiliations by id), one list per batch
    read from the store (each built as it is consumed, so a batch is never held as objects).
    ``progress`` is told the events of each batch."""
    yield _fixed_objects()
    store = rd.store
    fronts = {r["source"] for r in rd.rows(
        "SELECT DISTINCT source FROM affiliations WHERE type IN ('front_for', 'facade_of')")}
    where, params = event_where(store, f, "e")
    # a store read for a clearance (store.cleared) selects mixed events by the values it may see
    events, ep = events_seen(store)
    params = [*ep, *params]  # each condition below follows a read of the events relation
    # With a filter, the bundle holds the matching events and what they reference: their
    # documents, the actors named by those events and documents, and the documents' facts.
    # A store read for a clearance (store.cleared) holds only the documents it may see.
    docs_in, docs_params = "", []
    if f is not None:
        docs_in = (f"IN (SELECT s.doc_id FROM event_sources s JOIN {events} e ON e.id = s.event_id WHERE {where} "
                   f"AND {store._doc_ok('s.doc_id')})")
        docs_params = params
    elif store._clearance is not None:
        docs_in = f"IN (SELECT vd2.id FROM documents vd2 WHERE {store._tlp_ok('vd2.tlp')})"
    actor_where, actor_params = store._actor_ok("a"), []
    if f is not None:
        actor_where = (f"(a.id IN (SELECT e.source_actor_id FROM {events} e WHERE {where}) OR "
                       f"a.id IN (SELECT e.target_actor_id FROM {events} e WHERE {where}) OR "
                       f"a.id IN (SELECT m.ref_id FROM mentions m WHERE m.kind = 'actor' AND m.doc_id {docs_in}))")
        actor_params = params * 3
    # actors and places are the knowledge pack's and the drafts': a bounded set, read whole
    actor_ref: dict[str, str] = {}
    actors = rd.rows("SELECT a.id, a.name, a.kind, a.sector, a.aliases, a.description FROM actors a "
                     f"WHERE a.merged_into IS NULL AND {actor_where} ORDER BY a.id", actor_params)
    for rows in _slices(actors, rd.size):
        objs = [_actor(r, fronts) for r in rows]
        for r, obj in zip(rows, objs, strict=True):
            actor_ref[r["id"]] = obj.id
            _count(counts, obj.type)
        yield objs
    del actors
    places = rd.rows("SELECT p.id, p.name, p.country, p.admin1, p.lat, p.lon FROM places p WHERE p.id IN "
                     f"(SELECT e.place_id FROM {events} e WHERE {where}) ORDER BY p.id", params)
    for rows in _slices(places, rd.size):
        _count(counts, "location", len(rows))
        yield (_location(r) for r in rows)
    del places
    for rows in rd.ordered(f"SELECT e.*, e.day_lo AS _w, e.id AS _k FROM {events} e WHERE {where}", params):
        if store._clearance is not None:  # events with sources this clearance may not see, fused again
            store._as_cleared_rows(rows, stored=True)
        for e in rows:
            e["_source_ref"] = actor_ref.get(e.get("source_actor_id") or "")
            e["_target_ref"] = actor_ref.get(e.get("target_actor_id") or "")
        _count(counts, EVENT_TYPE, len(rows))
        if progress:
            progress(len(rows))
        yield (_event(e) for e in rows)
    doc_where, doc_params = ("TRUE", []) if not docs_in else (f"d.id {docs_in}", docs_params)
    for rows in rd.ordered("SELECT d.id, d.title, d.published, d.source, d.url, d.ingested_at, d.reliability, "
                           f"d.published_day AS _w, d.id AS _k FROM documents d WHERE {doc_where}", doc_params):
        yield _reports(rd, rows, actor_ref, counts)
    in_docs = "" if not docs_in else f" AND x.doc_id {docs_in}"
    # relations and claims by their document's date (``as_of``), newest first, then id
    for rows in rd.ordered("SELECT x.id, x.doc_id, x.source_id, x.type, x.target_id, x.evidence_text, x.as_of, "
                           "x.credibility, x.as_of AS _w, x.id AS _k FROM relations x "
                           f"WHERE x.status <> 'rejected'{in_docs}", docs_params):
        yield _relations(rows, actor_ref, counts)
    links = rd.rows("SELECT id, source, type, target, start_date, end_date, note FROM affiliations "
                    "WHERE origin = 'pack' ORDER BY id")
    for rows in _slices(links, rd.size):
        yield _pack_links(rows, actor_ref, counts)
    del links
    for rows in rd.ordered("SELECT x.id, x.doc_id, x.value, x.unit, x.subject, x.value_text, x.evidence_text, "
                           "x.as_of, x.credibility, x.as_of AS _w, x.id AS _k FROM claims x "
                           f"WHERE x.status <> 'rejected'{in_docs}", docs_params):
        _count(counts, "note", len(rows))
        yield (_note(r) for r in rows)


def _reports(rd: Reader, rows: list[dict], actor_ref: dict[str, str], counts: dict[str, int]) -> Iterator[Any]:
    import stix2

    refs = _document_refs(rd, [r["id"] for r in rows], actor_ref)
    for r in rows:
        obj_refs = refs.get(r["id"])
        if not obj_refs:
            _count(counts, "report_skipped")
            continue
        ext = [{"source_name": r["source"] or "document", "external_id": r["id"],
                **({"url": r["url"]} if r.get("url") else {})}]
        _count(counts, "report")
        yield stix2.Report(id=sid("report", r["id"]), name=r["title"] or r["id"], report_types=["threat-report"],
                           published=_ts(r["published"] or r["ingested_at"]), created=_ts(r["ingested_at"]),
                           modified=_ts(r["ingested_at"]), object_refs=obj_refs, external_references=ext,
                           allow_custom=True)


def _relations(rows: list[dict], actor_ref: dict[str, str], counts: dict[str, int]) -> Iterator[Any]:
    for r in rows:
        s, t = actor_ref.get(r["source_id"]), actor_ref.get(r["target_id"])
        if s and t:
            _count(counts, "relationship")
            yield _relationship(r["id"], s, r["type"], t, description=r["evidence_text"],
                                created=_ts(r["as_of"]), modified=_ts(r["as_of"]),
                                confidence=CONFIDENCE.get(int(r["credibility"] or 6)),
                                external_references=[{"source_name": "marsad", "external_id": r["doc_id"]}])


def _pack_links(rows: list[dict], actor_ref: dict[str, str], counts: dict[str, int]) -> Iterator[Any]:
    for r in rows:
        s, t = actor_ref.get(r["source"]), actor_ref.get(r["target"])
        if s and t:
            _count(counts, "relationship")
            yield _relationship(r["id"], s, r["type"], t, description=r["note"], created=EPOCH, modified=EPOCH,
                                start_time=_ts(r["start_date"]) if r["start_date"] else None,
                                stop_time=_ts(r["end_date"]) if r["end_date"] else None)


def _note(r: dict) -> Any:
    import stix2

    abstract = " ".join(str(x) for x in (r["value_text"] or r["value"], r["unit"], r["subject"]) if x)
    return stix2.Note(id=sid("note", r["id"]), abstract=abstract[:500], content=r["evidence_text"] or abstract,
                      object_refs=[sid("report", r["doc_id"])], created=_ts(r["as_of"]),
                      modified=_ts(r["as_of"]), confidence=CONFIDENCE.get(int(r["credibility"] or 6)))


def _document_refs(rd: Reader, doc_ids: list[str], actor_ref: dict[str, str]) -> dict[str, list[str]]:
    """Per document of the batch, the STIX ids of its events, actors, relations and claims."""
    refs: dict[str, set[str]] = {d: set() for d in doc_ids}
    for sql, make in (
        ("SELECT DISTINCT doc_id, event_id AS x FROM event_sources WHERE doc_id IN {in_}",
         lambda x: sid(EVENT_TYPE, x)),
        ("SELECT DISTINCT doc_id, ref_id AS x FROM mentions WHERE kind = 'actor' AND doc_id IN {in_}",
         lambda x: actor_ref.get(x)),
        ("SELECT doc_id, id AS x FROM relations WHERE status <> 'rejected' AND doc_id IN {in_}",
         lambda x: sid("relationship", x)),
        ("SELECT doc_id, id AS x FROM claims WHERE status <> 'rejected' AND doc_id IN {in_}",
         lambda x: sid("note", x)),
    ):
        for r in rd.rows_in(sql, doc_ids):
            ref = make(r["x"]) if r["x"] else None
            if ref:
                refs[r["doc_id"]].add(ref)
    return {d: sorted(v) for d, v in refs.items()}


def iter_stix(store: Any, f: Any = None, *, size: int = BATCH, counts: dict[str, int] | None = None,
              progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """A STIX 2.1 bundle of the store (events matching ``f``) in text chunks, one per batch;
    ``counts`` receives the number of objects of each STIX type."""
    counts = {} if counts is None else counts
    bundle_id = f"bundle--{uuid.uuid5(NAMESPACE, 'bundle:' + repr(f))}"
    with Reader(store, size) as rd:
        yield '{"type": "bundle", "id": "' + bundle_id + '", "objects": ['
        first = True
        for objs in _objects(rd, f, counts, progress):
            text = ",\n".join(_dumps(o) for o in objs)
            if text:
                yield ("\n" if first else ",\n") + text
                first = False
        yield "\n]}\n"


def export_stix(store: Any, out: str | Path | TextIO, f: Any = None, *, size: int = BATCH,
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write a STIX 2.1 bundle of the store (events matching ``f``); returns counts by STIX type."""
    counts: dict[str, int] = {}
    write_chunks(out, iter_stix(store, f, size=size, counts=counts, progress=progress))
    return counts


def _dumps(obj: Any) -> str:
    """``obj.serialize(sort_keys=True)``'s text, by the standard library's encoder: stix2's own
    (simplejson's C encoder with a custom class) keeps a little memory for every object it writes,
    which adds up over millions of objects."""
    global _ENCODER
    if _ENCODER is None:
        from stix2.serialization import STIXJSONEncoder

        _ENCODER = STIXJSONEncoder(sort_keys=True)
    return json.dumps(obj, default=_ENCODER.default, sort_keys=True)


_ENCODER: Any = None


def validate_bundle(text: str) -> Any:
    """Validate a bundle with ``stix2-validator`` in strict mode, less :data:`_VALIDATOR_EXCEPTIONS`."""
    from stix2validator import ValidationOptions, validate_string

    return validate_string(text, ValidationOptions(strict=True, disabled=list(_VALIDATOR_EXCEPTIONS)))

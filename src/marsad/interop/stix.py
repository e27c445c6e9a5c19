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

Ids are UUIDv5 over our ids in a fixed namespace, so a re-export of the same store is
byte-for-byte the same.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from marsad.interop.stream import batches, event_where

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


def _objects(store: Any, f: Any, counts: dict[str, int]) -> Iterator[Any]:
    """Every STIX object of the export, in a fixed order (actors, places, events, documents,
    relations, affiliations, claims)."""
    import stix2

    yield from _fixed_objects()
    fronts = {r["source"] for r in store._dicts(
        "SELECT DISTINCT source FROM affiliations WHERE type IN ('front_for', 'facade_of')")}
    where, params = event_where(store, f, "e")
    # With a filter, the bundle holds the matching events and what they reference: their
    # documents, the actors named by those events and documents, and the documents' facts.
    docs_in = "" if f is None else (
        f"IN (SELECT s.doc_id FROM event_sources s JOIN events e ON e.id = s.event_id WHERE {where})")
    actor_where, actor_params = "TRUE", []
    if f is not None:
        actor_where = (f"(a.id IN (SELECT e.source_actor_id FROM events e WHERE {where}) OR "
                       f"a.id IN (SELECT e.target_actor_id FROM events e WHERE {where}) OR "
                       f"a.id IN (SELECT m.ref_id FROM mentions m WHERE m.kind = 'actor' AND m.doc_id {docs_in}))")
        actor_params = params * 3
    actor_ref: dict[str, str] = {}
    for rows in batches(store, "SELECT a.id, a.name, a.kind, a.sector, a.aliases, a.description FROM actors a "
                               f"WHERE a.merged_into IS NULL AND {actor_where} ORDER BY a.id", actor_params):
        for r in rows:
            obj = _actor(r, fronts)
            actor_ref[r["id"]] = obj.id
            counts[obj.type] = counts.get(obj.type, 0) + 1
            yield obj
    for rows in batches(store, "SELECT p.id, p.name, p.country, p.admin1, p.lat, p.lon FROM places p WHERE p.id IN "
                               f"(SELECT e.place_id FROM events e WHERE {where}) ORDER BY p.id", params):
        for r in rows:
            counts["location"] = counts.get("location", 0) + 1
            yield _location(r)
    for rows in batches(store, f"SELECT e.* FROM events e WHERE {where} ORDER BY e.id", params):
        for e in rows:
            e["_source_ref"] = actor_ref.get(e.get("source_actor_id") or "")
            e["_target_ref"] = actor_ref.get(e.get("target_actor_id") or "")
            counts[EVENT_TYPE] = counts.get(EVENT_TYPE, 0) + 1
            yield _event(e)
    doc_where = "TRUE" if f is None else f"d.id {docs_in}"
    for rows in batches(store, f"SELECT d.id, d.title, d.published, d.source, d.url, d.ingested_at, d.reliability "
                               f"FROM documents d WHERE {doc_where} ORDER BY d.id", [] if f is None else params):
        refs = _document_refs(store, [r["id"] for r in rows], actor_ref)
        for r in rows:
            obj_refs = refs.get(r["id"])
            if not obj_refs:
                counts["report_skipped"] = counts.get("report_skipped", 0) + 1
                continue
            ext = [{"source_name": r["source"] or "document", "external_id": r["id"],
                    **({"url": r["url"]} if r.get("url") else {})}]
            counts["report"] = counts.get("report", 0) + 1
            yield stix2.Report(id=sid("report", r["id"]), name=r["title"] or r["id"], report_types=["threat-report"],
                               published=_ts(r["published"] or r["ingested_at"]), created=_ts(r["ingested_at"]),
                               modified=_ts(r["ingested_at"]), object_refs=obj_refs, external_references=ext,
                               allow_custom=True)
    in_docs = "" if f is None else f" AND doc_id {docs_in}"
    for rows in batches(store, "SELECT id, doc_id, source_id, type, target_id, evidence_text, as_of, credibility, "
                               f"status FROM relations WHERE status <> 'rejected'{in_docs} ORDER BY id",
                        [] if f is None else params):
        for r in rows:
            s, t = actor_ref.get(r["source_id"]), actor_ref.get(r["target_id"])
            if s and t:
                counts["relationship"] = counts.get("relationship", 0) + 1
                yield _relationship(r["id"], s, r["type"], t, description=r["evidence_text"],
                                    created=_ts(r["as_of"]), modified=_ts(r["as_of"]),
                                    confidence=CONFIDENCE.get(int(r["credibility"] or 6)),
                                    external_references=[{"source_name": "marsad", "external_id": r["doc_id"]}])
    for rows in batches(store, "SELECT id, source, type, target, start_date, end_date, note FROM affiliations "
                               "WHERE origin = 'pack' ORDER BY id"):
        for r in rows:
            s, t = actor_ref.get(r["source"]), actor_ref.get(r["target"])
            if s and t:
                counts["relationship"] = counts.get("relationship", 0) + 1
                yield _relationship(r["id"], s, r["type"], t, description=r["note"], created=EPOCH, modified=EPOCH,
                                    start_time=_ts(r["start_date"]) if r["start_date"] else None,
                                    stop_time=_ts(r["end_date"]) if r["end_date"] else None)
    for rows in batches(store, "SELECT id, doc_id, value, unit, subject, value_text, evidence_text, as_of, "
                               f"credibility FROM claims WHERE status <> 'rejected'{in_docs} ORDER BY id",
                        [] if f is None else params):
        for r in rows:
            counts["note"] = counts.get("note", 0) + 1
            abstract = " ".join(str(x) for x in (r["value_text"] or r["value"], r["unit"], r["subject"]) if x)
            yield stix2.Note(id=sid("note", r["id"]), abstract=abstract[:500], content=r["evidence_text"] or abstract,
                             object_refs=[sid("report", r["doc_id"])], created=_ts(r["as_of"]),
                             modified=_ts(r["as_of"]), confidence=CONFIDENCE.get(int(r["credibility"] or 6)))


def _document_refs(store: Any, doc_ids: list[str], actor_ref: dict[str, str]) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = {d: [] for d in doc_ids}
    for sql_in, params in store._in_chunks(doc_ids):
        for sql, make in (
            (f"SELECT DISTINCT doc_id, event_id AS x FROM event_sources WHERE doc_id IN {sql_in}",
             lambda x: sid(EVENT_TYPE, x)),
            (f"SELECT DISTINCT doc_id, ref_id AS x FROM mentions WHERE kind = 'actor' AND doc_id IN {sql_in}",
             lambda x: actor_ref.get(x)),
            (f"SELECT doc_id, id AS x FROM relations WHERE status <> 'rejected' AND doc_id IN {sql_in}",
             lambda x: sid("relationship", x)),
            (f"SELECT doc_id, id AS x FROM claims WHERE status <> 'rejected' AND doc_id IN {sql_in}",
             lambda x: sid("note", x)),
        ):
            for r in store._dicts(sql, params):
                ref = make(r["x"]) if r["x"] else None
                if ref and ref not in refs[r["doc_id"]]:
                    refs[r["doc_id"]].append(ref)
    return {d: sorted(v) for d, v in refs.items()}


def export_stix(store: Any, out: str | Path | TextIO, f: Any = None,
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Stream a STIX 2.1 bundle of the store (events matching ``f``); returns counts by STIX type."""
    fh = open(out, "w", encoding="utf-8") if isinstance(out, str | Path) else out  # noqa: SIM115
    counts: dict[str, int] = {}
    bundle_id = f"bundle--{uuid.uuid5(NAMESPACE, 'bundle:' + repr(f))}"
    try:
        fh.write('{"type": "bundle", "id": "' + bundle_id + '", "objects": [')
        for i, obj in enumerate(_objects(store, f, counts)):
            fh.write(("\n" if i == 0 else ",\n") + obj.serialize(sort_keys=True))
            if progress and i % 1000 == 999:
                progress(1000)
        fh.write("\n]}\n")
    finally:
        if fh is not out:
            fh.close()
    return counts


def validate_bundle(text: str) -> Any:
    """Validate a bundle with ``stix2-validator`` in strict mode, less :data:`_VALIDATOR_EXCEPTIONS`."""
    from stix2validator import ValidationOptions, validate_string

    return validate_string(text, ValidationOptions(strict=True, disabled=list(_VALIDATOR_EXCEPTIONS)))

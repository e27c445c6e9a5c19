"""The typed data model shared by every stage, the store, the API and the exports.

Two families of records live here:

* knowledge-pack entities (:class:`Actor`, :class:`Affiliation`, :class:`Place`, :class:`Office`),
  which describe the world independently of any document;
* report records (:class:`Document`, :class:`Mention`, :class:`Evidence`, :class:`ReportActor`,
  :class:`ReportPlace`, :class:`Event`, :class:`Claim`, :class:`Relation`, :class:`Report`),
  which are what extraction finds in one document, each pointing at its character span.

Report records serialise to exactly the public report format (``spec v1``) with ``to_dict`` and
read back with ``from_dict``; ``Report.from_dict(r.to_dict()) == r`` holds for every report.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any

from marsad.errors import ModelError

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PRECISIONS = ("day", "month", "year")
CERTAINTIES = ("asserted", "reported", "denied", "hypothetical")
RELATION_TYPES = ("backs", "allied_with", "member_of", "part_of", "leads", "opposes")
ACTOR_KINDS = (
    "armed_group",
    "state",
    "state_force",
    "party",
    "coalition",
    "person",
    "institution",
    "organization",
)


def check_date(value: str | None, what: str = "date") -> str | None:
    """Return ``value`` if it is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None); else raise."""
    if value is None:
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ModelError(f"{what} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def precision_of(value: str | None) -> str | None:
    """``'2024-01-28' -> 'day'``, ``'2024-01' -> 'month'``, ``'2024' -> 'year'``."""
    if value is None:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def content_id(text: str) -> str:
    """Stable id for a document without one: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _drop_none_keys(d: dict, keep: tuple[str, ...]) -> dict:
    """Drop ``None`` values except for keys the public format always carries."""
    return {k: v for k, v in d.items() if v is not None or k in keep}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool, type(None))


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of a value (dataclasses to dicts, recursively; lists,
    tuples and dicts copied; other objects deep-copied), without its per-scalar deep copy: a
    report's thousands of mentions and refs are converted several times faster.

    >>> plain(Mention("Baghdad", 10, 17))
    {'text': 'Baghdad', 'start': 10, 'end': 17}
    """
    cls = type(value)
    if cls in _SCALARS:
        return value
    if hasattr(cls, "__dataclass_fields__"):
        return {n: plain(getattr(value, n)) for n in _field_names(cls)}
    if cls is list:
        return [plain(v) for v in value]
    if cls is tuple:
        return tuple(plain(v) for v in value)
    if cls is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


class Record:
    """Mixin: dict round-trip for plain dataclasses of scalars."""

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


# --------------------------------------------------------------------------- knowledge pack


@dataclass(slots=True)
class Affiliation(Record):
    """A dated link between two pack actors: ``source`` *type* ``target`` from ``start`` to ``end``."""

    source: str
    type: str
    target: str
    start: str | None = None
    end: str | None = None
    note: str | None = None
    reference: str | None = None  # where the link and its dates are stated

    def active_on(self, date: str | None) -> bool:
        """True when ``date`` (any precision) falls inside [start, end]; undated links always hold."""
        if date is None:
            return True
        if self.start and date[: len(self.start)] < self.start[: len(date)]:
            return False
        if self.end and date[: len(self.end)] > self.end[: len(date)]:
            return False
        return True


@dataclass(slots=True)
class Role(Record):
    """An office or position an actor (usually a person) held: e.g. prime minister of Iraq."""

    office: str
    start: str | None = None
    end: str | None = None
    organization: str | None = None
    how: str | None = None  # how the holder came in: "elected", "confidence vote", "acting" ...
    end_how: str | None = None  # how the tenure ended: "removed by a Federal Supreme Court ruling"
    acting: bool = False
    source: str | None = None  # where the dates come from (a URL)
    confidence: str | None = None  # high, medium-high, medium or low
    note: str | None = None


@dataclass(slots=True)
class Actor(Record):
    """A pack actor. ``id`` is a stable slug; ``sector`` a PLOVER-style sector code; ``acled_inter``
    ACLED's interaction code (1 state forces ... 8 external/other forces)."""

    id: str
    name: str
    kind: str
    sector: str | None = None
    acled_inter: int | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    roles: list[Role] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        data = dict(data)
        data["roles"] = [r if isinstance(r, Role) else Role.from_dict(r) for r in data.get("roles") or []]
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Place(Record):
    """A gazetteer entry. ``admin1`` is the governorate/province name, ``country`` ISO 3166-1 alpha-2."""

    id: str
    name: str
    kind: str
    country: str
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class Document(Record):
    """A source document as read: ``text`` is what every span's offsets refer to."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    path: str | None = None
    tlp: str | None = None  # TLP 2.0 marking (marsad.markings); None: the store's default, CLEAR

    @property
    def sha256(self) -> str:
        return sha256(self.text)

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> Document:
        """A document with a content-derived id unless ``id`` is given."""
        doc_id = meta.pop("id", None) or content_id(text)
        return cls(id=str(doc_id), text=text, **meta)


@dataclass(slots=True)
class Mention(Record):
    """A verbatim span of the document text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int


# Evidence has the same shape as a mention; a distinct name keeps intent readable.
Evidence = Mention


@dataclass(slots=True)
class ActorRef(Record):
    """A reference to an actor inside an event or relation; ``id`` is None for unknown actors."""

    id: str | None
    name: str


@dataclass(slots=True)
class PlaceRef(Record):
    id: str | None = None
    name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none_keys(plain(self), keep=("id", "name", "admin1", "country"))


@dataclass(slots=True)
class ReportActor:
    id: str | None
    name: str
    kind: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    reason: str | None = None  # how it was resolved: alias, acronym, backref, title, unknown

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.reason is not None:
            d["reason"] = self.reason
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportActor:
        return cls(
            id=d.get("id"),
            name=d["name"],
            kind=d.get("kind"),
            mentions=[Mention.from_dict(m) for m in d.get("mentions", [])],
            reason=d.get("reason"),
        )


@dataclass(slots=True)
class ReportPlace:
    id: str | None
    name: str
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "admin1": self.admin1,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportPlace:
        return cls(
            id=d.get("id"),
            name=d["name"],
            admin1=d.get("admin1"),
            country=d.get("country"),
            lat=d.get("lat"),
            lon=d.get("lon"),
            mentions=[Mention.from_dict(m) for m in d.get("mentions", [])],
        )


def _ref(d: dict | None, cls):
    return None if d is None else cls.from_dict(d)


@dataclass(slots=True)
class Event:
    """One real-world occurrence reported by a document (PLOVER type + mode)."""

    type: str
    evidence: Evidence
    mode: str | None = None
    subtype: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    location: PlaceRef | None = None
    source_actor: ActorRef | None = None
    target_actor: ActorRef | None = None
    fatalities: int | None = None
    injuries: int | None = None
    certainty: str = "asserted"
    confidence: float = 0.5
    trigger: str | None = None
    mentions: list[Mention] = field(default_factory=list)  # further sentences about the same event

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": self.type,
            "mode": self.mode,
            "subtype": self.subtype,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": self.location.to_dict() if self.location else None,
            "source_actor": self.source_actor.to_dict() if self.source_actor else None,
            "target_actor": self.target_actor.to_dict() if self.target_actor else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "certainty": self.certainty,
            "evidence": self.evidence.to_dict(),
            "confidence": round(float(self.confidence), 4),
        }
        if self.trigger is not None:
            d["trigger"] = self.trigger
        if self.mentions:
            d["mentions"] = [m.to_dict() for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            type=d["type"],
            evidence=Mention.from_dict(d["evidence"]),
            mode=d.get("mode"),
            subtype=d.get("subtype"),
            date=d.get("date"),
            date_precision=d.get("date_precision"),
            date_text=d.get("date_text"),
            location=_ref(d.get("location"), PlaceRef),
            source_actor=_ref(d.get("source_actor"), ActorRef),
            target_actor=_ref(d.get("target_actor"), ActorRef),
            fatalities=d.get("fatalities"),
            injuries=d.get("injuries"),
            certainty=d.get("certainty") or "asserted",
            confidence=float(d.get("confidence", 0.5)),
            trigger=d.get("trigger"),
            mentions=[Mention.from_dict(m) for m in d.get("mentions", [])],
        )


@dataclass(slots=True)
class Period(Record):
    start: str | None = None
    end: str | None = None


@dataclass(slots=True)
class Claim:
    """A quantity a document states: value + unit, with subject and period when given."""

    value: float
    unit: str | None
    evidence: Evidence
    approximate: bool = False
    subject: str | None = None
    period: Period | None = None
    qualifier: str | None = None  # e.g. "more than", "about"
    value_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        v = self.value
        value = int(v) if isinstance(v, float) and v.is_integer() else v
        d: dict[str, Any] = {
            "value": value,
            "unit": self.unit,
            "approximate": self.approximate,
            "subject": self.subject,
            "period": self.period.to_dict() if self.period else None,
            "evidence": self.evidence.to_dict(),
        }
        if self.qualifier is not None:
            d["qualifier"] = self.qualifier
        if self.value_text is not None:
            d["value_text"] = self.value_text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(
            value=d["value"],
            unit=d.get("unit"),
            evidence=Mention.from_dict(d["evidence"]),
            approximate=bool(d.get("approximate", False)),
            subject=d.get("subject"),
            period=_ref(d.get("period"), Period),
            qualifier=d.get("qualifier"),
            value_text=d.get("value_text"),
        )


@dataclass(slots=True)
class Relation:
    source: ActorRef
    type: str
    target: ActorRef
    evidence: Evidence
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "type": self.type,
            "target": self.target.to_dict(),
            "evidence": self.evidence.to_dict(),
            "confidence": round(float(self.confidence), 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Relation:
        return cls(
            source=ActorRef.from_dict(d["source"]),
            type=d["type"],
            target=ActorRef.from_dict(d["target"]),
            evidence=Mention.from_dict(d["evidence"]),
            confidence=float(d.get("confidence", 0.5)),
        )


@dataclass(slots=True)
class DocumentInfo(Record):
    id: str
    sha256: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Report:
    """Everything extraction found in one document (the public report format, v1)."""

    document: DocumentInfo
    actors: list[ReportActor] = field(default_factory=list)
    places: list[ReportPlace] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extractor: str | None = None  # name@version of the pipeline that produced it

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "document": _drop_none_keys(self.document.to_dict(), keep=("id", "sha256", "published")),
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
            "relations": [r.to_dict() for r in self.relations],
        }
        if self.extractor:
            d["extractor"] = self.extractor
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            document=DocumentInfo.from_dict(d["document"]),
            actors=[ReportActor.from_dict(a) for a in d.get("actors", [])],
            places=[ReportPlace.from_dict(p) for p in d.get("places", [])],
            events=[Event.from_dict(e) for e in d.get("events", [])],
            claims=[Claim.from_dict(c) for c in d.get("claims", [])],
            relations=[Relation.from_dict(r) for r in d.get("relations", [])],
            extractor=d.get("extractor"),
        )

    @classmethod
    def from_json(cls, s: str) -> Report:
        return cls.from_dict(json.loads(s))

    def spans(self):
        """Yield every (Mention/Evidence) span in the report, for provenance checks."""
        for a in self.actors:
            yield from a.mentions
        for p in self.places:
            yield from p.mentions
        for e in self.events:
            yield e.evidence
            yield from e.mentions
        for c in self.claims:
            yield c.evidence
        for r in self.relations:
            yield r.evidence

    def check_spans(self, text: str) -> list[str]:
        """Return a message for each span whose offsets do not reproduce its text."""
        bad = []
        for s in self.spans():
            if text[s.start : s.end] != s.text:
                bad.append(f"span {s.start}:{s.end} reads {text[s.start:s.end]!r}, not {s.text!r}")
        return bad

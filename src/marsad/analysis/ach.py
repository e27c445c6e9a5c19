"""Analysis of competing hypotheses (Heuer), stored, versioned and audited.

An analyst writes hypotheses, links evidence items — stored events, claims or relations, each
bringing its document, sentence, source reliability (Admiralty A-F) and credibility (1-6), or a
free-text note — and rates each item against each hypothesis: ``CC`` (very consistent), ``C``,
``N`` (neutral or not applicable), ``I`` (inconsistent) or ``II`` (very inconsistent).

Scores, as in Heuer's method, look for what *disproves*: a hypothesis's **inconsistency** is the
sum over evidence of the item's weight times 1 for ``I`` and 2 for ``II``; the least inconsistent
hypothesis is the strongest. An item's **diagnosticity** is its weight times the spread of its
ratings across hypotheses (``CC`` = 2 ... ``II`` = -2): evidence consistent with everything
decides nothing. An item's weight is its source's reliability factor times its credibility
factor (unless the analyst sets one): A 1.0, B 0.8, C 0.6, D 0.4, E 0.2, F (cannot be judged)
0.5; credibility 1 1.0, 2 0.8, 3 0.6, 4 0.4, 5 0.2, 6 (cannot be judged) 0.5.

Every change bumps the matrix's version, stores a snapshot (``ach_versions``) and writes an
audit record (kind ``ach``), like every other analyst change.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from marsad.errors import MarsadError, NotFound

RATINGS = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
RELIABILITY_FACTOR = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
CREDIBILITY_FACTOR = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5}
EVIDENCE_KINDS = ("event", "claim", "relation", "note")


class AchError(MarsadError):
    """A bad ACH request (unknown rating, empty label, evidence from another matrix)."""

    code = "E550"


@dataclass(slots=True)
class AchMatrix:
    id: str
    title: str
    question: str | None
    version: int
    hypotheses: list[dict[str, Any]]  # id, label, description, inconsistency, consistency, rank
    evidence: list[dict[str, Any]]  # id, kind, fact_id, label, doc_id, evidence_text, weight,
    #                                 reliability, credibility, diagnosticity, ratings {hyp: r}
    created_by: str = ""
    updated_at: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def weight_of(reliability: str | None, credibility: int | None) -> float:
    r = RELIABILITY_FACTOR.get(str(reliability or "F").upper()[:1], 0.5)
    c = CREDIBILITY_FACTOR.get(int(credibility) if credibility is not None else 6, 0.5)
    return round(r * c, 6)


def _row(store, table: str, id_: str) -> dict:
    rows = store._dicts(f"SELECT * FROM {table} WHERE id = ?", (id_,))
    if not rows:
        raise NotFound(f"no {table[4:-1] if table.startswith('ach_') else table} {id_!r}")
    return rows[0]


def _bump(store, matrix_id: str, user: str, action: str, item: dict, note: str | None) -> int:
    """New version of ``matrix_id``: snapshot, audit record; returns the version."""
    m = _row(store, "ach_matrices", matrix_id)
    version = int(m["version"]) + 1
    store._exec(
        "UPDATE ach_matrices SET version = ?, updated_at = ? WHERE id = ?",
        (version, _now(), matrix_id),
    )
    snap = load_matrix(store, matrix_id, with_history=False).to_dict()
    store._insert(
        "ach_versions",
        ("matrix_id", "version", "created_at", "user_name", "action", "snapshot_json"),
        [(matrix_id, version, _now(), user, action, json.dumps(snap, default=str))],
    )
    store._audit(user, f"ach_{action}", "ach", matrix_id, None, item | {"version": version}, note)
    return version


def _user(user: str | None) -> str:
    if not user or not str(user).strip():
        raise AchError("say who makes the change (user)")
    return str(user).strip()


def create_matrix(store, title: str, question: str | None = None, *, user: str) -> str:
    """A new, empty matrix; returns its id."""
    user = _user(user)
    if not title or not title.strip():
        raise AchError("a matrix needs a title")
    mid = f"ach-{uuid.uuid4().hex[:10]}"
    with store._tx():
        store._insert(
            "ach_matrices",
            ("id", "title", "question", "version", "created_by", "created_at", "updated_at"),
            [(mid, title.strip(), question, 0, user, _now(), _now())],
        )
        _bump(store, mid, user, "create", {"title": title, "question": question}, None)
    return mid


def add_hypothesis(
    store, matrix_id: str, label: str, description: str | None = None, *, user: str
) -> str:
    user = _user(user)
    if not label or not label.strip():
        raise AchError("a hypothesis needs a label")
    hid = f"h-{uuid.uuid4().hex[:10]}"
    with store._tx():
        _row(store, "ach_matrices", matrix_id)
        n = store._scalar("SELECT count(*) FROM ach_hypotheses WHERE matrix_id = ?", (matrix_id,))
        store._insert(
            "ach_hypotheses",
            ("id", "matrix_id", "ordinal", "label", "description"),
            [(hid, matrix_id, int(n or 0), label.strip(), description)],
        )
        _bump(store, matrix_id, user, "hypothesis", {"id": hid, "label": label}, None)
    return hid


def _seen(store, tlp_col: str) -> str:
    """SQL: a document's marking is one the store's clearance may read (``store.cleared``)."""
    return store._tlp_ok(tlp_col) if getattr(store, "_clearance", None) is not None else "TRUE"


def _fact(store, kind: str, fact_id: str) -> dict[str, Any]:
    """doc_id, evidence_text, reliability, credibility and a label for a stored fact."""
    if kind == "event":
        ev = store.event(fact_id)
        src = (ev.get("sources") or [{}])[0]
        label = f"{ev.get('type')} {ev.get('date') or ''} {ev.get('place_name') or ''}".strip()
        return {"doc_id": src.get("doc_id"), "evidence_text": (src.get("evidence") or {}).get("text"),
                "reliability": src.get("reliability"), "credibility": ev.get("credibility"),
                "label": label}  # fmt: skip
    table = {"claim": "claims", "relation": "relations"}[kind]
    rows = store._dicts(
        f"SELECT f.doc_id, f.evidence_text, f.credibility, d.reliability FROM {table} f "
        f"JOIN documents d ON d.id = f.doc_id WHERE f.id = ? AND {_seen(store, 'd.tlp')}",
        (fact_id,),
    )
    if not rows:
        raise NotFound(f"no {kind} {fact_id!r}")
    r = rows[0]
    return {**r, "label": (r.get("evidence_text") or fact_id)[:200]}


def link_evidence(
    store,
    matrix_id: str,
    kind: str,
    fact_id: str | None = None,
    label: str | None = None,
    weight: float | None = None,
    *,
    user: str,
) -> str:
    """Add an evidence item: a stored ``event``, ``claim`` or ``relation`` (by id), or a ``note``
    (``label`` only). ``weight`` overrides the one from reliability and credibility."""
    user = _user(user)
    if kind not in EVIDENCE_KINDS:
        raise AchError(f"evidence kind {kind!r} is not one of {', '.join(EVIDENCE_KINDS)}")
    if kind == "note":
        if not label:
            raise AchError("a note needs a label")
        info = {"doc_id": None, "evidence_text": None, "reliability": None, "credibility": None}
    else:
        if not fact_id:
            raise AchError(f"say which {kind} (its id)")
        info = _fact(store, kind, fact_id)
    if weight is not None and not 0 <= float(weight) <= 10:
        raise AchError(f"weight {weight} is outside 0..10")
    w = float(weight) if weight is not None else weight_of(info["reliability"], info["credibility"])
    eid = f"ev-{uuid.uuid4().hex[:10]}"
    with store._tx():
        _row(store, "ach_matrices", matrix_id)
        n = store._scalar("SELECT count(*) FROM ach_evidence WHERE matrix_id = ?", (matrix_id,))
        store._insert(
            "ach_evidence",
            ("id", "matrix_id", "ordinal", "kind", "fact_id", "label", "doc_id", "evidence_text",
             "reliability", "credibility", "weight"),
            [(eid, matrix_id, int(n or 0), kind, fact_id, label or info.get("label") or fact_id,
              info["doc_id"], info["evidence_text"], info["reliability"], info["credibility"], w)],
        )  # fmt: skip
        _bump(
            store, matrix_id, user, "evidence", {"id": eid, "kind": kind, "fact_id": fact_id}, None
        )
    return eid


def rate(
    store, matrix_id: str, evidence_id: str, hypothesis_id: str, rating: str, *, user: str,
    note: str | None = None,
) -> int:  # fmt: skip
    """Set one cell; returns the new version."""
    user = _user(user)
    r = str(rating or "").strip().upper()
    if r not in RATINGS:
        raise AchError(f"rating {rating!r} is not one of {', '.join(RATINGS)}")
    with store._tx():
        ev, hy = (
            _row(store, "ach_evidence", evidence_id),
            _row(store, "ach_hypotheses", hypothesis_id),
        )
        if ev["matrix_id"] != matrix_id or hy["matrix_id"] != matrix_id:
            raise AchError("the evidence and the hypothesis must belong to the matrix")
        old = store._scalar(
            "SELECT rating FROM ach_ratings WHERE evidence_id = ? AND hypothesis_id = ?",
            (evidence_id, hypothesis_id),
        )
        store._exec(
            "DELETE FROM ach_ratings WHERE evidence_id = ? AND hypothesis_id = ?",
            (evidence_id, hypothesis_id),
        )
        store._insert(
            "ach_ratings",
            ("matrix_id", "evidence_id", "hypothesis_id", "rating"),
            [(matrix_id, evidence_id, hypothesis_id, r)],
        )
        item = {"evidence": evidence_id, "hypothesis": hypothesis_id, "from": old, "rating": r}
        return _bump(store, matrix_id, user, "rate", item, note)


def score(hypotheses: list[dict], evidence: list[dict]) -> None:
    """Fill in inconsistency, consistency and rank per hypothesis and diagnosticity per item."""
    for h in hypotheses:
        inc = con = 0.0
        for e in evidence:
            v = RATINGS.get(e["ratings"].get(h["id"], "N"), 0)
            w = float(e["weight"] if e["weight"] is not None else 0.5)
            inc += w * max(0, -v)
            con += w * max(0, v)
        h["inconsistency"], h["consistency"] = round(inc, 6), round(con, 6)
    order = sorted(hypotheses, key=lambda h: (h["inconsistency"], -h["consistency"], h["ordinal"]))
    for i, h in enumerate(order):
        h["rank"] = i + 1
    for e in evidence:
        vals = [
            RATINGS[r] for hid, r in e["ratings"].items() if hid in {h["id"] for h in hypotheses}
        ]
        spread = (max(vals) - min(vals)) if len(vals) >= 2 else 0
        e["diagnosticity"] = round(float(e["weight"] or 0) * spread, 6)


def load_matrix(store, matrix_id: str, with_history: bool = True) -> AchMatrix:
    """The matrix with hypotheses, evidence, ratings and scores."""
    m = _row(store, "ach_matrices", matrix_id)
    hyps = store._dicts(
        "SELECT id, ordinal, label, description FROM ach_hypotheses WHERE matrix_id = ? ORDER BY ordinal",
        (matrix_id,),
    )
    seen = "TRUE"
    if getattr(store, "_clearance", None) is not None:  # a store read for a clearance: its evidence only
        seen = (f"(doc_id IS NULL OR {store._doc_ok('ach_evidence.doc_id')}) AND "
                f"(fact_id IS NULL OR {store._fact_ok('ach_evidence.kind', 'ach_evidence.fact_id')})")
    evs = store._dicts(
        "SELECT id, ordinal, kind, fact_id, label, doc_id, evidence_text, reliability, credibility, weight "
        f"FROM ach_evidence WHERE matrix_id = ? AND {seen} ORDER BY ordinal",
        (matrix_id,),
    )
    ratings: dict[str, dict[str, str]] = {}
    for r in store._dicts(
        "SELECT evidence_id, hypothesis_id, rating FROM ach_ratings WHERE matrix_id = ?",
        (matrix_id,),
    ):
        ratings.setdefault(r["evidence_id"], {})[r["hypothesis_id"]] = r["rating"]
    for e in evs:
        e["ratings"] = ratings.get(e["id"], {})
        e["weight"] = None if e["weight"] is None else float(e["weight"])
    score(hyps, evs)
    return AchMatrix(
        id=m["id"], title=m["title"], question=m["question"], version=int(m["version"]),
        hypotheses=hyps, evidence=evs, created_by=m["created_by"],
        updated_at=str(m["updated_at"]), history=history(store, matrix_id) if with_history else [],
    )  # fmt: skip


def history(store, matrix_id: str) -> list[dict[str, Any]]:
    """Versions: version, created_at, user_name, action (snapshots via :func:`version_snapshot`)."""
    rows = store._dicts(
        "SELECT version, created_at, user_name, action FROM ach_versions WHERE matrix_id = ? "
        "ORDER BY version",
        (matrix_id,),
    )
    return [{**r, "created_at": str(r["created_at"])} for r in rows]


def version_snapshot(store, matrix_id: str, version: int) -> dict[str, Any]:
    raw = store._scalar(
        "SELECT snapshot_json FROM ach_versions WHERE matrix_id = ? AND version = ?",
        (matrix_id, int(version)),
    )
    if raw is None:
        raise NotFound(f"matrix {matrix_id!r} has no version {version}")
    return json.loads(raw)


def list_matrices(store) -> list[dict[str, Any]]:
    rows = store._dicts(
        "SELECT id, title, question, version, created_by, updated_at FROM ach_matrices ORDER BY updated_at DESC, id"
    )
    return [{**r, "updated_at": str(r["updated_at"])} for r in rows]


def to_csv(m: AchMatrix) -> str:
    """One row per evidence item, one column per hypothesis, then weight and diagnosticity; a
    last row with each hypothesis's inconsistency score."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["evidence", "kind", "fact_id", "doc_id", "weight", "diagnosticity"]
               + [h["label"] for h in m.hypotheses])  # fmt: skip
    for e in m.evidence:
        w.writerow([e["label"], e["kind"], e["fact_id"] or "", e["doc_id"] or "", e["weight"],
                    e["diagnosticity"]] + [e["ratings"].get(h["id"], "") for h in m.hypotheses])  # fmt: skip
    w.writerow(["inconsistency", "", "", "", "", ""] + [h["inconsistency"] for h in m.hypotheses])
    return buf.getvalue()

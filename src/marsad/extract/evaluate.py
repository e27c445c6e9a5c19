"""Score reports against hand-annotated gold, by the development corpus's matching rules.

Gold documents are JSON objects with ``id``, ``text``, ``published`` and a ``gold`` block
(``actors``, ``events``, ``claims``, ``relations``; see the dev corpus README). The rules:

* actors match by any surface form: a predicted actor's name, id or any mention text equals a gold
  actor's canonical name or one of its aliases under :func:`marsad.text.name_key`; one to one;
* events: only ``asserted``/``reported`` (or unmarked) predictions count; a prediction matches a
  gold event with the same type, a date at least as precise that agrees once cut to the gold
  precision (any date when gold has none), and the same country when gold gives one; greedy in
  gold order, one to one;
* attributes on matched events: location (name or admin1 agrees, counted where gold gives either),
  source and target (resolve by any surface form to the gold actor, counted where gold gives one),
  fatalities (exactly equal, counted where gold gives a number, 0 included), date (always right);
* claims: equal values (a percentage equals its fraction) with overlapping evidence; one to one;
* relations: same type and both ends resolving to the same gold actors; gold is a set of triples.

Precision, recall and F1 are micro-averaged over documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marsad.model import Document, Report
from marsad.text import name_key

__all__ = ["evaluate", "score_document", "load_gold", "miss_class", "CATEGORIES", "ATTRIBUTES", "MISS_CLASSES"]

CATEGORIES = ("actors", "events", "claims", "relations")
ATTRIBUTES = ("date", "location", "source", "target", "fatalities")
SCORED_CERTAINTY = {"asserted", "reported", None}
# why a gold event found no prediction to match, by the nearest prediction there was
MISS_CLASSES = ("other date", "other country", "type only", "no prediction of the type")


# --------------------------------------------------------------------------- loading


def load_gold(source: str | Path | Iterable[dict]) -> list[dict]:
    """Gold documents from a directory of ``*.json`` files, one file, or an iterable of dicts."""
    if isinstance(source, (str, Path)):
        p = Path(source)
        files = sorted(p.glob("*.json")) if p.is_dir() else [p]
        docs = []
        for f in files:
            d = json.loads(f.read_text("utf-8"))
            if isinstance(d, dict) and "gold" in d and "text" in d:
                docs.append(d)
        return docs
    return [d for d in source if "gold" in d]


# --------------------------------------------------------------------------- helpers


def _keys(*forms: str | None) -> set[str]:
    return {name_key(f) for f in forms if f}


def _gold_actor_keys(gold: dict) -> dict[str, set[str]]:
    """Canonical gold name -> normalised surface forms (name + aliases)."""
    out: dict[str, set[str]] = {}
    for a in gold.get("actors", []):
        out[a["name"]] = _keys(a["name"], *a.get("aliases", []))
    return out


def _pred_actor_forms(report: Report) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Surface keys of each predicted actor, looked up by id and by name."""
    by_id: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for a in report.actors:
        ks = _keys(a.name, a.id, *(m.text for m in a.mentions))
        if a.id:
            by_id.setdefault(a.id, set()).update(ks)
        by_name.setdefault(name_key(a.name), set()).update(ks)
    return by_id, by_name


def _ref_forms(ref, by_id, by_name) -> set[str]:
    if ref is None:
        return set()
    forms = _keys(ref.name, ref.id)
    if ref.id and ref.id in by_id:
        forms |= by_id[ref.id]
    elif name_key(ref.name or "") in by_name:
        forms |= by_name[name_key(ref.name or "")]
    return forms


def _date_ok(pred: str | None, gold: str | None) -> bool:
    if not gold:
        return True
    if not pred or len(pred) < len(gold):
        return False
    return pred[: len(gold)] == gold


def _span(text: str, ev: Any) -> tuple[int, int] | None:
    """(start, end) of an evidence given as a dict with offsets, a Mention, or plain text."""
    if ev is None:
        return None
    if isinstance(ev, str):
        i = text.find(ev)
        return None if i < 0 else (i, i + len(ev))
    start = getattr(ev, "start", None) if not isinstance(ev, dict) else ev.get("start")
    end = getattr(ev, "end", None) if not isinstance(ev, dict) else ev.get("end")
    if start is not None and end is not None:
        return int(start), int(end)
    t = ev.get("text") if isinstance(ev, dict) else getattr(ev, "text", None)
    return _span(text, t) if t else None


def _values_equal(a: float, b: float) -> bool:
    a, b = float(a), float(b)
    if abs(a - b) < 1e-6:
        return True
    # a percentage and the matching fraction count as equal (25 and 0.25)
    return abs(a - b * 100) < 1e-6 or abs(a * 100 - b) < 1e-6


class _Counts:
    __slots__ = ("tp_pred", "tp_gold", "n_pred", "n_gold")

    def __init__(self) -> None:
        self.tp_pred = self.tp_gold = self.n_pred = self.n_gold = 0

    def add(self, other: _Counts) -> None:
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    def scores(self) -> dict[str, float | int]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp_gold, "predicted": self.n_pred, "gold": self.n_gold}


# --------------------------------------------------------------------------- per document


class _Scoring:
    """One document's tallies while its categories are scored: counts per category, [right,
    counted] per event attribute, and what was missed, extra or wrong (for error analysis)."""

    def __init__(self, gold_doc: dict, report: Report):
        self.gold = gold_doc["gold"]
        self.text = gold_doc["text"]
        self.report = report
        self.gkeys = _gold_actor_keys(self.gold)
        self.by_id, self.by_name = _pred_actor_forms(report)
        self.out: dict[str, Any] = {c: _Counts() for c in CATEGORIES}
        self.attrs = {a: [0, 0] for a in ATTRIBUTES}
        self.misses: dict[str, list] = {c: [] for c in CATEGORIES}
        self.extras: dict[str, list] = {c: [] for c in CATEGORIES}
        self.attr_errors: list[dict] = []
        self.matched: list = []
        self.miss_classes: list[str] = []  # one per missed gold event, in gold order

    def refers_to(self, ref, gold_name: str) -> bool:
        """Whether a predicted actor reference resolves to the gold actor by any surface form."""
        return bool(_ref_forms(ref, self.by_id, self.by_name) & self.gkeys.get(gold_name, _keys(gold_name)))


def score_document(gold_doc: dict, report: Report) -> dict[str, Any]:
    """Counts for one document: per category ``_Counts``, per attribute [right, counted], and
    the list of misses (for error analysis)."""
    sc = _Scoring(gold_doc, report)
    _score_actors(sc)
    _score_events(sc)
    _score_claims(sc)
    _score_relations(sc)
    out = sc.out
    out["attributes"] = sc.attrs
    out["misses"] = sc.misses
    out["extras"] = sc.extras
    out["attribute_errors"] = sc.attr_errors
    out["matched_events"] = sc.matched
    out["miss_classes"] = sc.miss_classes
    return out


def _score_actors(sc: _Scoring) -> None:
    """Actors: one to one, greedy in prediction order, by any surface form."""
    c = sc.out["actors"]
    c.n_gold, c.n_pred = len(sc.gkeys), len(sc.report.actors)
    used: set[str] = set()
    for a in sc.report.actors:
        ks = _keys(a.name, a.id, *(m.text for m in a.mentions))
        hit = next((g for g, gk in sc.gkeys.items() if g not in used and ks & gk), None)
        if hit is None:
            sc.extras["actors"].append(a.name)
            continue
        used.add(hit)
        c.tp_pred += 1
    c.tp_gold = len(used)
    sc.misses["actors"] = [g for g in sc.gkeys if g not in used]


def _event_match(preds: list, taken: set[int], ge: dict) -> int | None:
    """The first unused prediction of the gold event's type, date (cut to the gold precision)
    and country (when gold gives one)."""
    gloc = ge.get("location") or {}
    for i, pe in enumerate(preds):
        if i in taken or pe.type != ge["type"] or not _date_ok(pe.date, ge.get("date")):
            continue
        if gloc.get("country") and not _in_country(pe, gloc["country"]):
            continue
        return i
    return None


def _in_country(pe, country: str) -> bool:
    """Whether the predicted event is placed in ``country``."""
    return pe.location is not None and pe.location.country == country


def _score_events(sc: _Scoring) -> None:
    """Events: one to one, greedy in gold order; attributes scored on the matched pairs."""
    c = sc.out["events"]
    preds = [e for e in sc.report.events if (e.certainty or None) in SCORED_CERTAINTY]
    c.n_gold, c.n_pred = len(sc.gold.get("events", [])), len(preds)
    taken: set[int] = set()
    for ge in sc.gold.get("events", []):
        hit = _event_match(preds, taken, ge)
        if hit is None:
            sc.misses["events"].append(ge)
            sc.miss_classes.append(miss_class(ge, preds))
            continue
        taken.add(hit)
        c.tp_gold += 1
        c.tp_pred += 1
        _score_attributes(sc, preds[hit], ge)
    sc.extras["events"] = [preds[i] for i in range(len(preds)) if i not in taken]
    sc.matched = [preds[i] for i in sorted(taken)]


def miss_class(ge: dict, preds: list) -> str:
    """Why the gold event ``ge`` found no match among ``preds`` (see :data:`MISS_CLASSES`): a
    prediction of its type and country (any country when the gold gives none) with another date;
    one of its type and date in another country; one of its type only; or none of its type."""
    same = [pe for pe in preds if pe.type == ge["type"]]
    if not same:
        return MISS_CLASSES[3]
    country = (ge.get("location") or {}).get("country")
    if any(not country or _in_country(pe, country) for pe in same):
        return MISS_CLASSES[0]
    if any(_date_ok(pe.date, ge.get("date")) for pe in same):
        return MISS_CLASSES[1]
    return MISS_CLASSES[2]


def _score_attributes(sc: _Scoring, pe, ge: dict) -> None:
    """Date (always right on a match), location, source, target and fatalities of one pair."""
    attrs = sc.attrs
    err: dict[str, Any] = {}
    attrs["date"][0] += 1
    attrs["date"][1] += 1
    gloc = ge.get("location") or {}
    if gloc.get("name") or gloc.get("admin1"):
        attrs["location"][1] += 1
        pl = pe.location
        ok = pl is not None and (
            (gloc.get("name") and pl.name and name_key(pl.name) == name_key(gloc["name"]))
            or (gloc.get("admin1") and pl.admin1 and name_key(pl.admin1) == name_key(gloc["admin1"])))
        attrs["location"][0] += bool(ok)
        if not ok:
            err["location"] = (pl.name if pl else None, gloc.get("name"))
    for role, key in (("source", "source_actor"), ("target", "target_actor")):
        g = ge.get(key)
        if not g:
            continue
        attrs[role][1] += 1
        ok = sc.refers_to(getattr(pe, key), g)
        attrs[role][0] += ok
        if not ok:
            ref = getattr(pe, key)
            err[role] = (ref.name if ref else None, g)
    if ge.get("fatalities") is not None:
        attrs["fatalities"][1] += 1
        ok = pe.fatalities == ge["fatalities"]
        attrs["fatalities"][0] += ok
        if not ok:
            err["fatalities"] = (pe.fatalities, ge["fatalities"])
    if err:
        err["evidence"] = ge.get("evidence")
        sc.attr_errors.append(err)


def _score_claims(sc: _Scoring) -> None:
    """Claims: equal values with overlapping evidence, one to one."""
    c = sc.out["claims"]
    claims = sc.report.claims
    gclaims = sc.gold.get("claims", [])
    c.n_gold, c.n_pred = len(gclaims), len(claims)
    ctaken: set[int] = set()
    for gc in gclaims:
        gs = _span(sc.text, gc.get("evidence"))
        hit = None
        for i, pc in enumerate(claims):
            if i in ctaken or not _values_equal(pc.value, gc["value"]):
                continue
            ps = _span(sc.text, pc.evidence)
            if gs and ps and ps[0] < gs[1] and gs[0] < ps[1]:
                hit = i
                break
        if hit is None:
            sc.misses["claims"].append(gc)
            continue
        ctaken.add(hit)
        c.tp_gold += 1
        c.tp_pred += 1
    sc.extras["claims"] = [claims[i] for i in range(len(claims)) if i not in ctaken]


def _score_relations(sc: _Scoring) -> None:
    """Relations: gold is a set of triples; every prediction counts towards precision."""
    c = sc.out["relations"]
    gtriples = []
    for r in sc.gold.get("relations", []):
        t = (r["source"], r["type"], r["target"])
        if t not in gtriples:
            gtriples.append(t)
    c.n_gold, c.n_pred = len(gtriples), len(sc.report.relations)
    rfound: set[tuple] = set()
    for pr in sc.report.relations:
        hit = next((t for t in gtriples if t[1] == pr.type and t not in rfound
                    and sc.refers_to(pr.source, t[0]) and sc.refers_to(pr.target, t[2])), None)
        if hit is None:
            sc.extras["relations"].append((pr.source.name, pr.type, pr.target.name))
            continue
        rfound.add(hit)
        c.tp_pred += 1
    c.tp_gold = len(rfound)
    sc.misses["relations"] = [t for t in gtriples if t not in rfound]


def _gold_spans(gold_doc: dict, etype: str) -> list[tuple[int, int]]:
    text = gold_doc["text"]
    out = []
    for ge in gold_doc["gold"].get("events", []):
        if ge["type"] == etype and ge.get("evidence"):
            at = text.find(ge["evidence"])
            if at >= 0:
                out.append((at, at + len(ge["evidence"])))
    return out


def score_rules(gold_doc: dict, report: Report, trace: list, s: dict, tally: dict) -> None:
    """Add one document's rule decisions to ``tally`` ({rule: {fired, right, documents}}).

    A trigger rule is right when the event it produced matched a gold event. A filter is right
    when no gold event of the candidate's type has evidence covering the dropped trigger."""
    matched = {id(e) for e in s["matched_events"]}
    by_start: dict[int, Any] = {}
    for e in report.events:
        for m in [e.evidence, *e.mentions]:
            by_start.setdefault(m.start, e)
    seen_doc: set[str] = set()
    for kind, rule, start, _end, etype, *rest in trace:
        t = tally.setdefault(rule, {"kind": kind, "fired": 0, "right": 0, "documents": 0})
        t["fired"] += 1
        if rule not in seen_doc:
            seen_doc.add(rule)
            t["documents"] += 1
        if kind == "trigger":
            e = by_start.get(rest[0]) if rest else None
            t["right"] += int(e is not None and id(e) in matched)
        else:
            t["right"] += int(not any(a <= start < b for a, b in _gold_spans(gold_doc, etype)))


# --------------------------------------------------------------------------- corpus


def evaluate(gold_dir_or_docs, pipeline=None, details: bool = False, rules: bool = False, misses: bool = False) -> dict:
    """Run ``pipeline`` (default: a fresh :class:`~marsad.extract.pipeline.Pipeline`) over the gold
    documents and score it.

    Returns ``{"documents": n, "actors": {precision, recall, f1, tp, predicted, gold}, "events": ...,
    "claims": ..., "relations": ..., "attributes": {name: {"accuracy", "right", "counted"}}}``; with
    ``details=True`` also ``"per_document"`` holding each document's misses and extras; with
    ``rules=True`` also ``"rules"``: per event-stage rule, how often it fired, in how many
    documents, and how often it was right (see :func:`score_rules`); with ``misses=True`` also
    ``"misses"``: the missed gold events counted by :data:`MISS_CLASSES` (see :func:`miss_class`),
    each listed (document, type, date, country, class, evidence), and the unmatched predictions
    counted by type.
    """
    if pipeline is None:
        from marsad.extract.pipeline import Pipeline

        pipeline = Pipeline()
    docs = load_gold(gold_dir_or_docs)
    totals = {c: _Counts() for c in CATEGORIES}
    attrs = {a: [0, 0] for a in ATTRIBUTES}
    per_doc = {}
    tally: dict[str, dict] = {}
    missed: list[dict] = []
    unmatched: dict[str, int] = {}
    for gd in docs:
        doc = Document(id=str(gd.get("id") or ""), text=gd["text"], published=gd.get("published"),
                       title=gd.get("title"), source=gd.get("source"))
        trace: list | None = [] if rules else None
        report = pipeline(doc, trace=trace) if rules else pipeline(doc)
        s = score_document(gd, report)
        if rules:
            score_rules(gd, report, trace, s, tally)
        if misses:
            _collect_misses(doc.id, s, missed, unmatched)
        for cat in CATEGORIES:
            totals[cat].add(s[cat])
        for a in ATTRIBUTES:
            attrs[a][0] += s["attributes"][a][0]
            attrs[a][1] += s["attributes"][a][1]
        if details:
            per_doc[doc.id] = {"misses": s["misses"], "extras": s["extras"],
                               "attribute_errors": s["attribute_errors"], "report": report}
    result: dict[str, Any] = {"documents": len(docs)}
    for cat in CATEGORIES:
        result[cat] = totals[cat].scores()
    result["attributes"] = {
        a: {"accuracy": round(r / n, 4) if n else None, "right": r, "counted": n}
        for a, (r, n) in attrs.items()
    }
    if details:
        result["per_document"] = per_doc
    if rules:
        result["rules"] = dict(sorted(tally.items(), key=lambda kv: (-kv[1]["fired"], kv[0])))
    if misses:
        result["misses"] = {"classes": {k: sum(1 for m in missed if m["class"] == k) for k in MISS_CLASSES},
                            "events": missed,
                            "unmatched_predictions": dict(sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0])))}
    return result


def _collect_misses(doc_id: str, s: dict, missed: list[dict], unmatched: dict[str, int]) -> None:
    """One document's missed gold events (with their class) and unmatched predictions (by type)."""
    for ge, cls in zip(s["misses"]["events"], s["miss_classes"], strict=True):
        ev = ge.get("evidence")
        ev = ev if isinstance(ev, str) else (ev or {}).get("text", "")
        missed.append({"document": doc_id, "type": ge["type"], "date": ge.get("date"),
                       "country": (ge.get("location") or {}).get("country"), "class": cls, "evidence": ev})
    for pe in s["extras"]["events"]:
        unmatched[pe.type] = unmatched.get(pe.type, 0) + 1

"""The fusion gold: which reported events describe the same real-world occurrence, and pairwise
precision / recall of a fusion method against it.

Three parts:

* ``SAMPLE_CLUSTERS``: the bundled samples' hand-annotated events (``data/samples``, gold
  ``events`` list, referenced as ``(sample id, index)``) that report one occurrence; every other
  gold event is an occurrence of its own. ``SAMPLE_IGNORED`` pairs are left out of the counts
  (s02 reports "Sunday's American airstrikes" as one event where s01 reports two strikes).
* the extracted version of the same: each event the pipeline extracts from a sample takes the
  label of the gold event of its type whose evidence it overlaps (extracted events that match no gold event
  are left out; only pairs from two documents count, since the extractor may split one gold
  event of a document in two);
* ``CONSTRUCTED``: pairs of reports built for the cases that matter (a one-day slip, a governorate
  vs a town, a facade group vs its umbrella, drone attack vs airstrike, unknown vs known attacker;
  two attacks on one day in one city, a strike and the attack it answered).

:func:`evaluate` runs a method (``"scored"``: fusion v2; ``"rules"``: the previous all-rules-must-
hold matcher, kept in ``store/fuse.py``) over each part in publication order and counts pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

from marsad.store import fuse as fz
from marsad.store.fusion.assign import assign
from marsad.text import name_key

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

SAMPLE_CLUSTERS: list[list[tuple[str, int]]] = [
    [("s03", 0), ("s04", 0), ("s05", 1)],  # the U.S. strike that killed Soleimani, 3 Jan 2020
    [("s01", 1), ("s02", 1)],  # the U.S. strikes on Kataib Hezbollah in Iraq, 29 Dec 2019
    [("s12", 1), ("s13", 7)],  # the Tower 22 drone attack, 28 Jan 2024
    [("s12", 0), ("s13", 6)],  # Kataib Hezbollah suspends attacks, late Jan 2024
    [("s08", 0), ("s11", 7)],  # the Sadrist bloc resigns from parliament, June 2022
    [("s10", 0), ("s11", 8)],  # Sadr withdraws from politics, August 2022
    [("s10", 9), ("s11", 4)],  # the Coordination Framework nominates Sudani, July 2022
]
SAMPLE_IGNORED = {frozenset({("s01", 2), ("s02", 1)})}

COLUMNS = ("id", "type", "mode", "subtype", "date", "date_precision", "place_id", "place_name", "admin1",
           "country", "lat", "lon", "source_actor_id", "target_actor_id", "fatalities", "corroboration", "status")
IDENTITY_RELATIONS = ("member_of", "part_of", "leads")


def _base(doc: str, **kw) -> dict:
    row = {"doc_id": doc, "ordinal": 0, "type": "ASSAULT", "mode": "drone", "date": "2024-01-28",
           "place_id": "ain-al-asad", "place_name": "Ain al-Asad", "admin1": "Anbar", "country": "IQ",
           "lat": 33.8, "lon": 42.44, "source_actor_id": "kataib-hezbollah", "target_actor_id": "us-forces",
           "fatalities": None, "as_of": "2024-01-28",
           "evidence_text": "A drone attack struck the Ain al-Asad air base on Sunday."}
    row.update(kw)
    return row


# (name, first report, second report, same occurrence?)
CONSTRUCTED: list[tuple[str, dict, dict, bool]] = [
    ("one-day date slip", _base("c1a"), _base("c1b", date="2024-01-29", as_of="2024-01-30"), True),
    ("governorate vs a town in it", _base("c2a"),
     _base("c2b", place_id="anbar", place_name="Anbar", lat=None, lon=None), True),
    ("facade group vs its umbrella", _base("c3a", source_actor_id="islamic-resistance-in-iraq"),
     _base("c3b", source_actor_id="kataib-hezbollah"), True),
    ("drone attack vs airstrike", _base("c4a", mode="drone"),
     _base("c4b", mode="aerial", evidence_text="An airstrike hit Ain al-Asad on Sunday, officials said."), True),
    ("unknown vs known attacker", _base("c5a", source_actor_id=None), _base("c5b"), True),
    ("unresolved attacker name", _base("c6a", source_actor_id="unk-gunmen"), _base("c6b"), True),
    ("month and country only", _base("c7a"),
     _base("c7b", date="2024-01", place_id=None, place_name=None, admin1=None, lat=None, lon=None), True),
    ("two attacks, one city and day, different targets",
     _base("c8a", place_id="baghdad", place_name="Baghdad", admin1="Baghdad", target_actor_id="us-embassy",
           evidence_text="Rockets landed near the U.S. embassy in Baghdad on Sunday."),
     _base("c8b", place_id="baghdad", place_name="Baghdad", admin1="Baghdad", target_actor_id="iraqi-army",
           evidence_text="A roadside bomb hit an Iraqi army patrol in Baghdad on Sunday."), False),
    ("a U.S. strike and the attack it answered", _base("c9a"),
     _base("c9b", source_actor_id="us-forces", target_actor_id="kataib-hezbollah", mode="aerial",
           evidence_text="U.S. jets struck Kataib Hezbollah near Ain al-Asad in response."), False),
    ("one site, one week apart", _base("c10a"), _base("c10b", date="2024-02-04", as_of="2024-02-04"), False),
    ("two bases on one day", _base("c11a"),
     _base("c11b", place_id="erbil-air-base", place_name="Erbil air base", admin1="Erbil", lat=36.24,
           lon=43.96), False),
]


def _resolver(pack) -> Callable[[str | None], str | None]:
    index = {name_key(a): i for a, i in pack.actor_aliases()} if pack is not None else {}

    def resolve(name: str | None) -> str | None:
        if not name:
            return None
        return index.get(name_key(name)) or fz.unknown_actor_id(name)
    return resolve


def sample_gold_rows(pack=None) -> tuple[list[dict], dict[tuple, str], list[dict]]:
    """Source rows for the samples' gold events (publication order), the gold label of each
    ``(doc, ordinal)`` and the gold relations usable as actor links."""
    resolve = _resolver(pack)
    places = {name_key(a): i for a, i in pack.place_aliases()} if pack is not None else {}
    label = {m: f"occ-{i}" for i, cl in enumerate(SAMPLE_CLUSTERS) for m in cl}
    rows, labels, links = [], {}, []
    docs = sorted((json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("s*.json")),
                  key=lambda d: (d["published"], d["id"]))
    for d in docs:
        for i, e in enumerate(d["gold"]["events"]):
            loc = e.get("location") or {}
            rows.append({
                "doc_id": d["id"], "ordinal": i, "type": e["type"], "mode": None, "subtype": e.get("subtype"),
                "date": e.get("date"), "date_precision": e.get("date_precision"),
                "place_id": places.get(name_key(loc.get("name") or "")), "place_name": loc.get("name"),
                "admin1": loc.get("admin1"), "country": loc.get("country"), "lat": None, "lon": None,
                "source_actor_id": resolve(e.get("source_actor")), "target_actor_id": resolve(e.get("target_actor")),
                "fatalities": e.get("fatalities"), "as_of": d["published"], "evidence_text": e.get("evidence"),
            })
            labels[(d["id"], i)] = label.get((d["id"], i), f"{d['id']}-{i}")
        for r in d["gold"].get("relations", []):
            if r["type"] in IDENTITY_RELATIONS:
                links.append({"source": resolve(r["source"]), "type": r["type"], "target": resolve(r["target"]),
                              "start_date": None, "end_date": None})
    return rows, labels, links


def affiliation_index(pack=None, extra: list[dict] = (), method: str = "scored") -> fz.AffiliationIndex:
    """Actor links for ``method``: fusion v2 uses the pack's and the documents' identity and
    leadership links; the previous matcher used the pack's identity links only."""
    from marsad.store.fusion import ACTOR_LINKS

    if method == "rules":
        return fz.AffiliationIndex.build([{"source": a.source, "type": a.type, "target": a.target,
                                           "start_date": a.start, "end_date": a.end}
                                          for a in (pack.affiliations if pack is not None else [])])
    rows = [{"source": a.source, "type": a.type, "target": a.target, "start_date": a.start, "end_date": a.end}
            for a in (pack.affiliations if pack is not None else [])]
    return fz.AffiliationIndex.build(rows + list(extra), types=ACTOR_LINKS)


def rules_assign(sources: list[dict], aff: fz.AffiliationIndex) -> list[str]:
    """The previous matcher: every rule must hold (``fuse.compatible``), best by ``pick_candidate``."""
    events: list[dict] = []
    out = []
    for s in sources:
        match = fz.pick_candidate(events, s, aff)
        if match is None:
            match = dict(s, id=f"e{len(events)}", corroboration=1)
            events.append(match)
        else:
            match["corroboration"] += 1
        out.append(match["id"])
    return out


def cluster(sources: list[dict], aff: fz.AffiliationIndex, method: str = "scored",
            threshold: float | None = None) -> list[str]:
    """The event id each source gets under ``method`` (``scored`` or ``rules``)."""
    if method == "rules":
        return rules_assign(sources, aff)
    if method != "scored":
        raise ValueError(f"method={method!r} is not one of: scored, rules")
    kw = {} if threshold is None else {"threshold": threshold}
    return [s["event_id"] for s in assign([dict(s) for s in sources], [], aff, columns=COLUMNS, **kw).sources]


def pair_counts(keys: list, predicted: list[str], gold: list[str], ignored=frozenset(),
                cross_doc: bool = False) -> dict[str, int]:
    """Pair counts; ``keys`` are ``(doc, ordinal)``; ``cross_doc`` counts only pairs from two
    documents."""
    tp = fp = fn = 0
    for (i, a), (j, b) in combinations(enumerate(keys), 2):
        if frozenset({a, b}) in ignored or (cross_doc and a[0] == b[0]):
            continue
        same_p, same_g = predicted[i] == predicted[j], gold[i] == gold[j]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    return {"tp": tp, "fp": fp, "fn": fn}


def scores(c: dict[str, int]) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return {**c, "precision": round(p, 3), "recall": round(r, 3)}


def evaluate(method: str = "scored", pack=None, extracted: list[dict] | None = None,
             extracted_links: list[dict] = (), threshold: float | None = None) -> dict:
    """Pairwise precision / recall of ``method`` on the sample gold events, on the constructed
    pairs and (when ``extracted`` source rows from the samples are given) on extracted events
    labelled through their evidence overlap with gold events; ``extracted_links`` are the actor
    links the store would hold from those documents' relations)."""
    rows, labels, links = sample_gold_rows(pack)
    aff = affiliation_index(pack, links, method)
    keys = [(r["doc_id"], r["ordinal"]) for r in rows]
    out = {"samples_gold": scores(pair_counts(keys, cluster(rows, aff, method, threshold), [labels[k] for k in keys],
                                              SAMPLE_IGNORED))}
    total = {"tp": 0, "fp": 0, "fn": 0}
    cases = {}
    caff = affiliation_index(pack, [{"source": "kataib-hezbollah", "type": "member_of",
                                     "target": "islamic-resistance-in-iraq", "start_date": "2023-10",
                                     "end_date": None}], "scored")
    for name, a, b, same in CONSTRUCTED:
        pred = cluster([a, b], caff, method, threshold)
        c = pair_counts([0, 1], pred, ["x", "x" if same else "y"])
        cases[name] = (pred[0] == pred[1]) == same
        for k in total:
            total[k] += c[k]
    out["constructed"] = {**scores(total), "cases_right": sum(cases.values()), "cases": len(cases),
                          "wrong": sorted(k for k, v in cases.items() if not v)}
    if extracted is not None:
        out["samples_extracted"] = evaluate_extracted(extracted, method,
                                                      affiliation_index(pack, extracted_links, method), threshold)
    return out


def label_extracted(sources: list[dict]) -> list[tuple[dict, str]]:
    """Extracted sample source rows with the gold label of an overlapping gold event of the same
    type, the one with the same date first, then the largest overlap (rows without one are
    dropped)."""
    _, labels, _ = sample_gold_rows(None)
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for p in SAMPLES.glob("s*.json"):
        d = json.loads(p.read_text(encoding="utf-8"))
        for i, e in enumerate(d["gold"]["events"]):
            at = d["text"].find(e["evidence"])
            if at >= 0:
                spans.setdefault(d["id"], []).append((at, at + len(e["evidence"]), e["type"], e.get("date"),
                                                      labels[(d["id"], i)]))
    out = []
    for s in sources:
        best = max(((min(hi, s["evidence_end"]) - max(lo, s["evidence_start"]), d == s.get("date"), lab)
                    for lo, hi, t, d, lab in spans.get(s["doc_id"], ()) if t == s["type"]),
                   key=lambda x: (x[0] > 0, x[1], x[0]), default=(0, False, None))
        if best[0] > 0:
            out.append((s, best[2]))
    return out


def evaluate_extracted(sources: list[dict], method: str, aff: fz.AffiliationIndex,
                       threshold: float | None = None) -> dict:
    labelled = label_extracted(sorted(sources, key=lambda s: (s.get("as_of") or "", s["doc_id"], s["ordinal"])))
    rows = [s for s, _ in labelled]
    keys = [(s["doc_id"], s["ordinal"]) for s in rows]
    return scores(pair_counts(keys, cluster(rows, aff, method, threshold), [lab for _, lab in labelled], cross_doc=True))

#!/usr/bin/env python
"""Robustness to paraphrase: how much extraction loses when only the wording changes.

Reads ``bench/data/paraphrases.yaml``: groups of one base sentence and variants (synonyms, voice
changes, clause reordering, added subordinate or relative clauses) that state the same acts. For
each text it checks that every expected event is found (same PLOVER type, asserted or reported)
and, where the group names them, that its source and target resolve to the expected actor (by
name, id, mention or pack alias); where it gives them, that the date (cut to the expected
precision), the death toll and the place (name or admin1) agree. A group marked ``exact: true``
states its acts in several sentences with re-mentions, aggregates or claims around them: every
further asserted event found there is counted as an extra (a false positive). A group's ``family``
puts its texts in a family of their own (the short reports: ``report``), outside the drop. Prints the share of
expected events found on the base texts and on each variant family, the drop, the attribute
accuracies, the extras, and every miss.

    python bench/robustness.py            # table + misses
    python bench/robustness.py --json out.json
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _forms(ref, report, pack) -> set[str]:
    from marsad.text import name_key

    if ref is None:
        return set()
    out = {name_key(x) for x in (ref.name, ref.id) if x}
    for a in report.actors:
        if (ref.id and a.id == ref.id) or (not ref.id and a.name == ref.name):
            out |= {name_key(m.text) for m in a.mentions}
    actor = pack.actors.get(ref.id) if ref.id else None
    if actor is not None:
        out |= {name_key(x) for x in (actor.name, *actor.aliases)}
    return out


ATTRS = ("source", "target", "date", "fatalities", "place")


def _attr_ok(attr: str, want, e, report, pack) -> bool:
    from marsad.text import name_key

    if attr in ("source", "target"):
        ref = e.source_actor if attr == "source" else e.target_actor
        return name_key(want) in _forms(ref, report, pack)
    if attr == "date":
        return bool(e.date) and len(e.date) >= len(str(want)) and e.date.startswith(str(want))
    if attr == "fatalities":
        return e.fatalities == want
    loc = e.location
    return loc is not None and name_key(want) in {name_key(x) for x in (loc.name, loc.admin1) if x}


def check(text: str, published: str, expect: list[dict], pipe, exact: bool = False) -> tuple[list[dict], int]:
    """One result per expected event: found (type) and, per attribute the expectation names,
    ``<attr>_ok`` (None when not asked); and the number of extra asserted events (when ``exact``)."""
    report = pipe({"text": text, "published": published})
    events = [e for e in report.events if e.certainty in (None, "asserted", "reported")]
    results = []
    used: set[int] = set()
    for want in expect:
        asked = [a for a in ATTRS if want.get(a) is not None]
        best = None
        for i, e in enumerate(events):
            if i in used or e.type != want["type"]:
                continue
            oks = {a: _attr_ok(a, want[a], e, report, pipe.pack) for a in asked}
            score = sum(oks.values())
            if best is None or score > best[0]:
                best = (score, i, oks)
        r = {"type": want["type"], "found": best is not None}
        for a in ATTRS:
            r[a + "_ok"] = None if a not in asked else (best[2][a] if best else False)
        if best is not None:
            used.add(best[1])
        results.append(r)
    return results, (len(events) - len(used) if exact else 0)


def run(path: Path = HERE / "data" / "paraphrases.yaml", parser: bool = False) -> dict:
    from marsad.extract.pipeline import Pipeline

    data = yaml.safe_load(path.read_text("utf-8"))
    pipe = Pipeline(parser=True) if parser else Pipeline()
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for g in data["groups"]:
        texts = [("base", g["base"])] + [(k, v) for k, v in g["variants"].items()]
        for family, text in texts:
            fam = g.get("family") or family.rstrip("0123456789")
            results, extra = check(text, g.get("published", data["published"]), g["expect"], pipe, bool(g.get("exact")))
            t = tally[fam]
            t["extra"] += extra
            t["exact_texts"] += bool(g.get("exact"))
            if extra:
                misses.append({"group": g["id"], "family": family, "type": "-", "found": True, "extra": extra, "text": text})
            for r in results:
                t["expected"] += 1
                t["found"] += r["found"]
                for a in ATTRS:
                    if r[a + "_ok"] is not None:
                        t[a + "_asked"] += 1
                        t[a + "_right"] += bool(r[a + "_ok"])
                if not r["found"] or any(r[a + "_ok"] is False for a in ATTRS):
                    misses.append({"group": g["id"], "family": family, **r, "text": text})
    return {"families": {k: dict(v) for k, v in tally.items()}, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--parser", action="store_true", help="run Pipeline(parser=True) (extra 'parser')")
    args = ap.parse_args()
    res = run(parser=args.parser)
    fams = res["families"]
    base = fams["base"]["found"] / fams["base"]["expected"]
    print(f"{'family':<10} {'events':>7} {'found':>7} {'drop':>7}" + "".join(f" {a[:6]:>7}" for a in ATTRS) + f" {'extra':>7}")
    for fam in ["base"] + sorted(k for k in fams if k != "base"):
        t = fams[fam]
        f = t["found"] / t["expected"]
        accs = "".join(f" {t.get(a + '_right', 0) / t[a + '_asked'] if t.get(a + '_asked') else float('nan'):>7.2f}" for a in ATTRS)
        print(f"{fam:<10} {t['expected']:>7} {f:>7.2f} {base - f:>7.2f}{accs} {t.get('extra', 0):>7}")
    allv = [t for k, t in fams.items() if k not in ("base", "report", "analysis", "holdout")]
    f_all = sum(t["found"] for t in allv) / sum(t["expected"] for t in allv)
    everything = list(fams.values())
    found = sum(t["found"] for t in everything)
    expected = sum(t["expected"] for t in everything)
    extra = sum(t.get("extra", 0) for t in everything)
    prec = found / (found + extra) if found + extra else 0.0
    print(f"all variants: found {f_all:.2f}, drop from base {base - f_all:.2f}")
    print(f"all texts: {found}/{expected} expected events found, {extra} extra events in exact groups "
          f"(recall {found / expected:.2f}, precision {prec:.2f})")
    for a in ATTRS:
        asked = sum(t.get(a + "_asked", 0) for t in everything)
        if asked:
            print(f"  {a:<10} {sum(t.get(a + '_right', 0) for t in everything) / asked:.2f} of {asked}")
    print("\nmisses:")
    for m in res["misses"]:
        if m.get("extra"):
            what = f"+{m['extra']} extra"
        elif not m["found"]:
            what = "no event"
        else:
            what = " ".join(a for a in ATTRS if m[a + "_ok"] is False)
        print(f"  {m['group']:<16} {m['family']:<9} {m['type']:<9} {what:<14} {m['text'][:90]}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Robustness to paraphrase: how much extraction loses when only the wording changes.

Reads ``bench/data/paraphrases.yaml``: groups of one base sentence and variants (synonyms, voice
changes, clause reordering, added subordinate or relative clauses) that state the same acts. For
each text it checks that every expected event is found (same PLOVER type, asserted or reported)
and, where the group names them, that its source and target resolve to the expected actor (by
name, id, mention or pack alias). Prints the share of expected events found on the base texts and
on each variant family, the drop, and every miss.

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


def check(text: str, published: str, expect: list[dict], pipe) -> list[dict]:
    """One result per expected event: found (type), source_ok, target_ok (None when not asked)."""
    from marsad.text import name_key

    report = pipe({"text": text, "published": published})
    events = [e for e in report.events if e.certainty in (None, "asserted", "reported")]
    results = []
    used: set[int] = set()
    for want in expect:
        best = None
        for i, e in enumerate(events):
            if i in used or e.type != want["type"]:
                continue
            src = want.get("source") is None or name_key(want["source"]) in _forms(e.source_actor, report, pipe.pack)
            tgt = want.get("target") is None or name_key(want["target"]) in _forms(e.target_actor, report, pipe.pack)
            score = int(src) + int(tgt)
            if best is None or score > best[0]:
                best = (score, i, src, tgt)
        if best is None:
            results.append({"type": want["type"], "found": False, "source_ok": False if want.get("source") else None,
                            "target_ok": False if want.get("target") else None})
            continue
        used.add(best[1])
        results.append({"type": want["type"], "found": True,
                        "source_ok": best[2] if want.get("source") else None,
                        "target_ok": best[3] if want.get("target") else None})
    return results


def run(path: Path = HERE / "data" / "paraphrases.yaml") -> dict:
    from marsad.extract.pipeline import Pipeline

    data = yaml.safe_load(path.read_text("utf-8"))
    pipe = Pipeline()
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for g in data["groups"]:
        texts = [("base", g["base"])] + [(k, v) for k, v in g["variants"].items()]
        for family, text in texts:
            fam = family.rstrip("0123456789")
            for r in check(text, data["published"], g["expect"], pipe):
                t = tally[fam]
                t["expected"] += 1
                t["found"] += r["found"]
                for arg in ("source_ok", "target_ok"):
                    if r[arg] is not None:
                        t[arg[:6] + "_asked"] += 1
                        t[arg[:6] + "_right"] += bool(r[arg])
                if not r["found"] or r["source_ok"] is False or r["target_ok"] is False:
                    misses.append({"group": g["id"], "family": family, **r, "text": text})
    return {"families": {k: dict(v) for k, v in tally.items()}, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    res = run()
    fams = res["families"]
    base = fams["base"]["found"] / fams["base"]["expected"]
    print(f"{'family':<10} {'events':>7} {'found':>7} {'drop':>7} {'source':>7} {'target':>7}")
    for fam in ["base"] + sorted(k for k in fams if k != "base"):
        t = fams[fam]
        f = t["found"] / t["expected"]
        src = t.get("source_right", 0) / t["source_asked"] if t.get("source_asked") else float("nan")
        tgt = t.get("target_right", 0) / t["target_asked"] if t.get("target_asked") else float("nan")
        print(f"{fam:<10} {t['expected']:>7} {f:>7.2f} {base - f:>7.2f} {src:>7.2f} {tgt:>7.2f}")
    allv = [t for k, t in fams.items() if k != "base"]
    f_all = sum(t["found"] for t in allv) / sum(t["expected"] for t in allv)
    print(f"all variants: found {f_all:.2f}, drop from base {base - f_all:.2f}")
    print("\nmisses:")
    for m in res["misses"]:
        what = "no event" if not m["found"] else ("source" if m["source_ok"] is False else "") + (" target" if m["target_ok"] is False else "")
        print(f"  {m['group']:<16} {m['family']:<9} {m['type']:<9} {what:<14} {m['text'][:90]}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

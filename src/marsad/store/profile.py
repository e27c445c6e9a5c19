"""Pure helpers behind :meth:`Store.actor`: one row per link instead of one per source, links
checked against the pack's dates, and the claims that are about an actor.

No I/O here; the store passes rows it has read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from marsad.store.filters import active_on
from marsad.text import sentence_spans


def _ended_before(end: str | None, when: str | None) -> bool:
    return bool(end and when and when[: len(end)] > end[: len(when)])


def _pack_row_for(rows: list[dict], as_of: str | None) -> tuple[dict | None, str]:
    """The pack row a document relation of the same link belongs to, and how: ``in_force`` on the
    document's date, ``after_end`` (the document speaks of a link the pack ended earlier, e.g. after
    a leader's death: history, not a new period) or ``before_start``."""
    pack = [r for r in rows if "pack" in r["origins"]]
    live = next((r for r in pack if active_on(r["start"], r["end"], as_of)), None)
    if live:
        return live, "in_force"
    ended = [r for r in pack if _ended_before(r["end"], as_of)]
    if ended:
        return max(ended, key=lambda r: r["end"] or ""), "after_end"
    return (pack[0], "before_start") if pack else (None, "")


def group_links(affiliations: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Profile affiliation rows (pack links and document relations, as :meth:`Store.actor` builds
    them) grouped into one row per link and pack period.

    A document relation joins the pack row of the same source, type and target (see
    :func:`_pack_row_for`); relations with no pack row are gathered in one row per link, dated
    from the first to the last document. Each row has ``origin`` (``pack``, ``document`` or
    ``pack+document``), ``doc_ids``, the first document ``evidence``, ``first_seen`` /
    ``last_seen`` (document dates) and ``after_end``: documents that mention the link after the
    pack ended it (shown as history, never as a current link)."""
    groups: dict[tuple, list[dict]] = {}
    items = sorted(affiliations, key=lambda x: (x.get("origin") != "pack", x.get("as_of") or "", x.get("id") or ""))
    for x in items:
        key = (x["source"], x["type"], x["target"])
        rows = groups.setdefault(key, [])
        if x.get("origin") == "pack":
            row = next((r for r in rows if (r["start"], r["end"]) == (x.get("start"), x.get("end"))), None)
            how = "pack"
        else:
            row, how = _pack_row_for(rows, x.get("as_of"))
            if row is None:
                row = next((r for r in rows if r["origins"] == ["document"]), None)
        if row is None:
            row = {
                "source": x["source"], "source_name": x.get("source_name"), "type": x["type"],
                "target": x["target"], "target_name": x.get("target_name"),
                "start": x.get("start") if how == "pack" else x.get("as_of"),
                "end": x.get("end") if how == "pack" else None,
                "note": x.get("note"), "origins": [], "doc_ids": [], "relation_ids": [],
                "evidence": None, "first_seen": None, "last_seen": None, "after_end": [],
            }
            rows.append(row)
        if x.get("origin") not in row["origins"]:
            row["origins"].append(x.get("origin"))
        if x.get("origin") == "document":
            if x.get("doc_id") and x["doc_id"] not in row["doc_ids"]:
                row["doc_ids"].append(x["doc_id"])
            row["relation_ids"].append(x.get("id"))
            row["evidence"] = row["evidence"] or (dict(x["evidence"], doc_id=x.get("doc_id")) if x.get("evidence") else None)
            seen = x.get("as_of")
            if seen:
                row["first_seen"] = min(row["first_seen"] or seen, seen)
                row["last_seen"] = max(row["last_seen"] or seen, seen)
            if how == "after_end":
                row["after_end"].append(x.get("doc_id"))
    out = []
    for rows in groups.values():
        for r in rows:
            origins = sorted(r.pop("origins"), key=lambda o: o != "pack")
            out.append({**r, "origin": "+".join(origins)})
    return sorted(out, key=lambda r: (r["start"] or "", r["type"], r["source"], r["target"]))


def _name_re(names: Iterable[str]) -> re.Pattern | None:
    alts = sorted({n.strip() for n in names if n and len(n.strip()) > 2}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)", re.IGNORECASE)


def claims_about(
    claims: Iterable[Mapping[str, Any]],
    names: Iterable[str],
    mentions: Mapping[str, list[tuple[int, int]]],
    texts: Mapping[str, str],
) -> list[dict]:
    """The claims about an actor: its name or an alias in the claim's subject or evidence, or a
    mention of it (``mentions``: doc id -> actor mention spans) in the claim's own sentence
    (``texts``: doc id -> document text). A figure elsewhere in a document that names the actor is
    not about it."""
    pat = _name_re(names)
    out = []
    for c in claims:
        said = f"{c.get('subject') or ''} {c.get('evidence_text') or ''}"
        if pat and pat.search(said):
            out.append(dict(c))
            continue
        spans = mentions.get(c.get("doc_id") or "")
        text = texts.get(c.get("doc_id") or "")
        if not spans or not text or c.get("evidence_start") is None:
            continue
        s = int(c["evidence_start"])
        sent = next(((a, b) for a, b in sentence_spans(text) if a <= s < b), None)
        if sent and any(sent[0] <= m < sent[1] for m, _ in spans):
            out.append(dict(c))
    return out

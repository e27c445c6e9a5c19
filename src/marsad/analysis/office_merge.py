"""Merging office changes read from reviewed events into the pack's tenures.

The pack's dated roles are sourced and curated, so where pack and event describe the same
tenure the pack's dates stand and the event is attached either as corroboration or as a
conflict (both values shown). Events change the timeline only where the pack says nothing:

Dates follow the pack's convention: a tenure's end is the day of the hand-over (the ruling,
the resignation, the successor's election), the successor's start is the same day, and on that
day the incoming holder holds the office. So an event on day D changes who holds the office on
D when someone takes it, and from D + 1 when the office falls vacant.

* **a start** (someone elected or appointed on day D) for a person the pack does not record in
  that office around D opens a tenure from D; the previous holder's tenure, if the pack leaves it
  open, ends on D. If the pack dates that tenure past D the overlap is a conflict, shown on both
  tenures (on the overlapping days the more recent start is the holder, as everywhere).
* **an end** (someone resigned, dismissed or removed by a court on day D) closes the person's
  open tenure on D. A tenure the pack ends on another day keeps the pack's end.
* A tenure opened by an event runs until the next tenure of that office starts, or until its
  holder takes another office of the same organization (a designated prime minister who becomes
  prime minister).
* Events dated only to the month or year change nothing: they corroborate a pack date inside
  their period or are reported as ``unplaced``.

Every change gets an ``outcome`` (applied, corroborates, conflicts, unmatched, unplaced), and
every tenure it touched lists it in ``events`` (event, document, span, sentence); conflicts are
listed in ``conflicts`` with the pack's value and the event's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.analysis.office_events import OfficeChange


def active(t: dict, date: str) -> bool:
    """``t``'s [start, end] (inclusive, any precision) covers ``date``."""
    s, e = t.get("start"), t.get("end")
    if s and date[: len(s)] < s[: len(date)]:
        return False
    return not (e and date[: len(e)] > e[: len(date)])


def same_day(pack_date: str | None, day: str) -> bool:
    """A pack date (any precision) that a day-precise event date falls in."""
    return bool(pack_date) and day.startswith(pack_date)


def _attach(t: dict, ch: OfficeChange, outcome: str, note: str | None = None) -> None:
    ch.outcome, ch.note = outcome, note
    t["events"].append(ch.evidence())
    if t["origin"] == "pack" and outcome in ("applied", "corroborates", "conflicts"):
        t["origin"] = "pack+event"


def _disagreement(ch: OfficeChange, field: str, ours: Any, theirs: Any, note: str) -> dict:
    """One conflict: the timeline's value, the event's value and where the event says so."""
    return {
        "event_id": ch.event_id, "field": field, "timeline": ours, "event": theirs,
        "doc_id": ch.doc_id, "span_start": ch.span_start, "span_end": ch.span_end,
        "sentence": ch.sentence, "note": note,
    }  # fmt: skip


def _conflict(t: dict, ch: OfficeChange, field: str, ours: Any, theirs: Any, note: str) -> None:
    t["conflicts"].append(_disagreement(ch, field, ours, theirs, note))
    _attach(t, ch, "conflicts", note)


def _latest(ts: Sequence[dict]) -> dict:
    return max(ts, key=lambda t: t.get("start") or "")


def _apply_end(rows: list[dict], ch: OfficeChange) -> None:
    last = ch.date
    held = [t for t in rows if t["holder"] == ch.holder and active(t, last)]
    if ch.office is None:
        offices = sorted({t["office"] for t in held})
        if len(offices) != 1:
            ch.outcome = "unresolved"
            ch.note = f"the sentence names no office and {ch.name} held " + (
                f"several on {last}: {', '.join(offices)}" if offices else f"none tracked on {last}"
            )
            return
        ch.office, ch.office_basis = offices[0], "held by the person"
    mine = [t for t in held if t["office"] == ch.office]
    if not mine:
        past = [t for t in rows if t["holder"] == ch.holder and t["office"] == ch.office
                and t.get("end") and t["end"] < last]  # fmt: skip
        if past:
            t = _latest(past)
            _conflict(
                t,
                ch,
                "end",
                t["end"],
                last,
                f"the event ends this tenure on {last} ({ch.how}); the timeline ends it on {t['end']}",
            )
        else:
            ch.outcome = "unmatched"
            ch.note = f"{ch.name} held no tenure of {ch.office} on {last}"
        return
    t = _latest(mine)
    if t.get("end") is None:
        t["end"], t["end_how"], t["end_event"] = last, ch.how, ch.event_id
        _attach(t, ch, "applied", f"ends the tenure on {last}")
    elif same_day(t["end"], last):
        _attach(t, ch, "corroborates")
    else:
        _conflict(
            t,
            ch,
            "end",
            t["end"],
            last,
            f"the event ends this tenure on {last} ({ch.how}); the timeline ends it on {t['end']}",
        )


def _new_tenure(ch: OfficeChange, title: str) -> dict:
    return {
        "office": ch.office, "title": title, "holder": ch.holder, "name": ch.name,
        "start": ch.date, "end": None, "acting": ch.acting, "how": ch.how, "end_how": None,
        "source": None, "confidence": None, "note": None, "origin": "event",
        "start_event": ch.event_id, "end_event": None, "events": [], "conflicts": [],
    }  # fmt: skip


def _apply_start(rows: list[dict], ch: OfficeChange, titles: dict[str, str]) -> None:
    day = ch.date
    mine = [t for t in rows if t["holder"] == ch.holder and t["office"] == ch.office]
    now = [t for t in mine if active(t, day)]
    if now:
        t = _latest(now)
        if same_day(t.get("start"), day):
            _attach(t, ch, "corroborates")
        else:
            _conflict(
                t,
                ch,
                "start",
                t.get("start"),
                day,
                f"the event starts a tenure on {day} ({ch.how}); the timeline has it since {t.get('start') or '?'}",
            )
        return
    later = sorted((t for t in rows if t["office"] == ch.office and (t.get("start") or "") > day),
                   key=lambda t: t["start"])  # fmt: skip
    if later and later[0]["holder"] == ch.holder:  # the same tenure, dated later by the pack
        t = later[0]
        _conflict(
            t,
            ch,
            "start",
            t["start"],
            day,
            f"the event starts this tenure on {day} ({ch.how}); the timeline starts it on {t['start']}",
        )
        return
    new = _new_tenure(ch, titles.get(ch.office, ch.office))
    for q in [t for t in rows if t["office"] == ch.office and active(t, day)]:
        if q.get("end") is None and (q.get("start") or "") < day:
            q["end"], q["end_how"], q["end_event"] = day, f"succeeded by {ch.name}", ch.event_id
            _attach(q, ch, "applied", f"{ch.name} takes the office on {day}")
        else:
            note = (f"{ch.name} holds the office from {day} by the event; the timeline has "
                    f"{q['name']} holding it {q.get('start') or '?'} – {q.get('end') or 'open'}")  # fmt: skip
            q["conflicts"].append(_disagreement(ch, "holder", q["holder"], ch.holder, note))
            new["conflicts"].append(_disagreement(ch, "holder", q["holder"], ch.holder, note))
    _attach(new, ch, "applied", f"opens a tenure on {day}")
    rows.append(new)


def _coarse(rows: list[dict], ch: OfficeChange) -> None:
    """An event dated to a month or year: corroborates a date inside its period, else unplaced."""
    period = ch.date
    mine = [
        t
        for t in rows
        if t["holder"] == ch.holder and (ch.office is None or t["office"] == ch.office)
    ]
    if ch.change == "start":
        hits = [t for t in mine if (t.get("start") or "").startswith(period)]
    else:
        hits = [t for t in mine if (t.get("end") or "").startswith(period)]
    if len({t["office"] for t in hits}) == 1:
        if ch.office is None:
            ch.office, ch.office_basis = hits[0]["office"], "held by the person"
        _attach(_latest(hits), ch, "corroborates")
    else:
        ch.outcome = "unplaced"
        ch.note = f"dated {period} only: it changes no tenure"


def _close_event_tenures(rows: list[dict], organization: dict[str, str | None]) -> None:
    """A tenure opened by an event ends when the office's next tenure starts, or when its holder
    takes another office of the same organization, whichever comes first."""
    for t in rows:
        if t["origin"] != "event" or t.get("end") is not None:
            continue
        org = organization.get(t["office"])
        nxt = sorted(
            (u for u in rows if (u.get("start") or "") > t["start"]
             and (u["office"] == t["office"]
                  or (org and u["holder"] == t["holder"] and organization.get(u["office"]) == org))),
            key=lambda u: u["start"],
        )  # fmt: skip
        if nxt:
            u = nxt[0]
            t["end"] = u["start"]
            t["end_how"] = (
                f"succeeded by {u['name']}"
                if u["office"] == t["office"]
                else f"became {u['title']}"
            )


def merge_changes(
    rows: list[dict], changes: list[OfficeChange], offices: dict[str, dict]
) -> list[dict]:
    """Apply ``changes`` (in date order; on one day, ends before starts) to the tenure ``rows``
    (dicts with the timeline's columns) of ``offices`` (id -> the pack's office), in place;
    returns ``rows`` with new tenures added."""
    titles = {k: o["title"] for k, o in offices.items()}
    for r in rows:
        r.setdefault("origin", "pack")
        r.setdefault("start_event", None)
        r.setdefault("end_event", None)
        r.setdefault("events", [])
        r.setdefault("conflicts", [])
    for ch in sorted(changes, key=lambda c: (c.date or "", c.change != "end", c.event_id)):
        if ch.outcome == "unresolved":
            continue
        if not ch.day_precise:
            _coarse(rows, ch)
        elif ch.change == "end":
            _apply_end(rows, ch)
        else:
            _apply_start(rows, ch, titles)
    _close_event_tenures(rows, {k: o.get("organization") for k, o in offices.items()})
    return rows

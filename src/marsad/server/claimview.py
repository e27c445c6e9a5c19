"""What the claims page shows: figures that are claims, and disagreements that compare like with like.

The extractor reads every number with a unit as a claim, so measures ("keep at least 1,000
meters"), descriptions ("a 329-seat chamber") and numbers lifted out of a list with the unit of a
neighbour ("seven sites, four in Syria and three" gives "3 sites" from "Syria and three") reach
the store. Until the extractor tells them apart, the dashboard hides them (with the reason, and a
switch to show them): :func:`noise_reason`.

A disagreement is one quantity stated differently by different sources: the same subject, the same
period (an explicit one, or statements within a month of each other), two or more documents, and
more than one value: :func:`is_disagreement`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

MEASURES = {
    "meter", "meters", "metre", "metres", "km", "kilometer", "kilometers", "kilometre", "kilometres",
    "mile", "miles", "feet", "foot", "second", "seconds", "minute", "minutes", "hour", "hours",
    "day", "days", "week", "weeks", "month", "months", "year", "years",
}
_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand)"
_COMPOUND = re.compile(rf"\b{_NUMBER}-[a-z]+\b", re.IGNORECASE)
_ENDS_WITH_NUMBER = re.compile(rf"(?:at least |about |some |more than )?\b{_NUMBER}\s*$", re.IGNORECASE)
_LIST_BEFORE = re.compile(r"(,|\band\b|\bor\b|\bwhile\b)", re.IGNORECASE)
SAME_TIME_DAYS = 31


def noise_reason(claim: Mapping[str, Any]) -> str | None:
    """Why a stored claim is not a claim a source makes (None when it is one)."""
    unit = (claim.get("unit") or "").strip()
    text = claim.get("evidence_text") or ""
    if unit.lower() in MEASURES:
        return f"a measure of distance or time ({unit}), not a figure a source claims"
    if _COMPOUND.search(text):
        return "a description (as in “a 329-seat chamber”), not a count"
    end = _ENDS_WITH_NUMBER.search(text)
    if unit and end and _LIST_BEFORE.search(text[: end.start()]):
        return f"a number taken out of a list; “{unit}” belongs to a neighbouring figure"
    return None


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat((s + "-01-01")[:10] if len(s) == 4 else (s + "-01")[:10] if len(s) == 7 else s[:10])
    except ValueError:
        return None


def is_disagreement(group: Mapping[str, Any], hidden: Iterable[str] = ()) -> bool:
    """Whether a claim group (``Store.claim_groups`` row) is one quantity on which sources differ:
    a subject, an explicit period or statements within :data:`SAME_TIME_DAYS` days, at least two
    documents and two values. Claims in ``hidden`` (noise) do not count."""
    skip = set(hidden)
    values = [v for v in group.get("values") or [] if v.get("id") not in skip]
    if not group.get("subject") or len({v.get("doc_id") for v in values}) < 2:
        return False
    if len({v.get("value") for v in values}) < 2:
        return False
    if group.get("period_start") or group.get("period_end"):
        return True
    days = [_day(v.get("as_of")) for v in values]
    if any(d is None for d in days):
        return False
    return (max(days) - min(days)).days <= SAME_TIME_DAYS

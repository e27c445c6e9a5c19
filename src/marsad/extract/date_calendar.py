"""Calendar arithmetic for date resolution: publication dates parsed, values formatted at a
precision, month and day words read, and a day, month or weekday without a year placed against the
publication date (the most recent one, or the next one for what the text presents as coming)."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from marsad.extract.date_patterns import MONTHS, NUMBER_WORDS


def parse_published(published) -> _dt.date | None:
    """``"2024-01-06"`` (or ``"2024-01"`` / ``"2024"`` / a date) -> ``datetime.date``; else None."""
    if published is None:
        return None
    if isinstance(published, str):
        return _parse_date_str(published)
    if isinstance(published, _dt.datetime):
        return published.date()
    if isinstance(published, _dt.date):
        return published
    return _parse_date_str(str(published))


@lru_cache(maxsize=4096)
def _parse_date_str(s: str) -> _dt.date | None:
    s = s.strip()[:10]
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _to_date(value: str | None) -> _dt.date | None:
    return parse_published(value) if value else None


def _fmt(d: _dt.date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _day_num(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _num(s: str) -> int | None:
    s = re.sub(r"\s+", " ", s.lower().strip())
    if s.isdigit():
        return int(s)
    return NUMBER_WORDS.get(s)


def _safe_date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _resolve_month(m: int, pub: _dt.date | None, future: bool) -> int | None:
    """Year of the most recent month ``m`` not after publication (or the next one if future)."""
    if pub is None:
        return None
    if future:
        return pub.year if m >= pub.month else pub.year + 1
    return pub.year if m <= pub.month else pub.year - 1


def _resolve_month_day(m: int, d: int, pub: _dt.date | None, future: bool) -> _dt.date | None:
    if pub is None:
        return None
    y = pub.year
    cand = _safe_date(y, m, d)
    if future:
        if cand is None or cand < pub:
            cand = _safe_date(y + 1, m, d)
        return cand
    if cand is None or cand > pub:
        cand = _safe_date(y - 1, m, d)
    return cand


def _resolve_weekday(wd: int, pub: _dt.date | None, rel: str | None, future: bool) -> _dt.date | None:
    if pub is None:
        return None
    rel = (rel or "").lower()
    if future or rel in ("next", "coming", "this coming"):
        delta = (wd - pub.weekday()) % 7
        if delta == 0:
            delta = 7
        return pub + _dt.timedelta(days=delta)
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and rel in ("last", "past", "this past"):
        delta = 7
    return pub - _dt.timedelta(days=delta)

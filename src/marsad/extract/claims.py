"""Quantitative claims: "about 18 Katyusha rockets", "41 percent", "12 of the 22 seats".

A claim is a number the text states about the world, with its unit (the head noun it counts),
the qualifier that hedges it ("more than", "about"), the subject it is about when the text says
("attacks on U.S. forces"), and the period it covers ("since October 2023").

The grammar works on the words of one sentence at a time:

1. numbers are read from digits ("1,200", "6.6 million", "15%") and words ("three", "two dozen",
   "a dozen", "twenty-five", "a quarter", "half");
2. numbers that are not quantities are set aside: dates and years, times of day, ordinals, parts
   of names ("Tower 22", "K-1"), definite references ("the two sides"), "one of the ...",
   "no one", time offsets ("three days after") and vague amounts ("thousands", "dozens");
   durations are figures ("a two-day siege", "within 15 days"), and so are sizes written as
   compounds ("the 329-seat chamber");
3. the unit is the head noun of the phrase after the number, skipping modifiers
   ("two Iraqi service members", "five weapons storage facilities"), taken from a coordinated
   phrase ("four Iraqi and two Kurdish soldiers") or a partitive ("12 of the 22 seats");
4. a number with no noun is kept only where the text makes it a figure: a subject that goes on
   with a verb ("Two were shot down"), a comparison ("up from 21"), an elided repetition
   ("... 15 seats and a smaller bloc seven"), "the number was seven", a scaled
   amount ("some 16 million"); its unit comes from the nearest earlier claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from marsad.extract.dates import find_dates
from marsad.extract.quantities import (
    _DIGIT_RE,
    _NUMWORD_RE,
    COMMON_VERBS,
    FRACTIONS,
    NAME_PREFIX_LOWER,
    PLURAL_NOUNS,
    QUALIFIERS,
    STOP,
    SUBJECT_VERBS,
    TENS_WORDS,
    TIME_UNITS,
    UNITS_WORDS,
    VAGUE,
    _plural,
    _read_fraction,
    _read_number,
    _Word,
    _words,
    parse_number_words,
)
from marsad.model import Claim, Evidence, Period
from marsad.text import SpanIndex, anycase_alternation, anycase_first_letters

__all__ = ["find_claims", "parse_number_words"]


# --------------------------------------------------------------------------- heads


def _is_plural(w: _Word) -> bool:
    lw = w.low.rstrip(".")
    if lw in PLURAL_NOUNS:
        return True
    return (len(lw) > 3 and lw.endswith("s") and not lw.endswith(("ss", "us", "is'")) and lw.isalpha()
            and lw not in STOP and lw not in ("its", "was", "has", "his", "this", "thus", "perhaps"))


_PRE_MODIFIERS = {"other", "more", "additional", "further", "new", "extra", "separate", "fewer"}


def _head(ws: list[_Word], k: int, limit: int, singular: bool) -> tuple[int, int] | None:
    """Head noun of the phrase starting at word ``k``: returns (first modifier index, head index).

    Modifiers may be capitalised (``Katyusha``, ``U.S.``), lower-case words, or a coordination
    of nouns (``rocket and mortar strikes``). The head is the first plural-looking word (or, for a
    count of one, the last word before a stop).
    """
    last_ok = None
    j = k
    while j < min(len(ws), k + limit):
        w = ws[j]
        lw = w.low
        if lw in _PRE_MODIFIERS and j + 1 < len(ws) and not w.comma_after:
            j += 1  # "six other people", "a dozen more rockets"
            continue
        if not re.match(r"^[a-z][a-z'’.\-]*$", lw) or lw in STOP and lw != "and":
            break
        if lw in COMMON_VERBS and not (j == k and lw.endswith("ed") and not w.comma_after
                                       and any(_is_plural(x) and x.low not in COMMON_VERBS
                                               for x in ws[j + 1 : j + 3])):
            break  # "wounded service members" keeps its participle
        if lw in VAGUE:
            break
        if lw == "and":
            # "rocket and mortar strikes": a noun coordination inside the phrase
            if j + 1 < len(ws) and ws[j + 1].low not in STOP and not _DIGIT_RE.match(ws[j + 1].core) \
                    and not _NUMWORD_RE.match(ws[j + 1].low) and not ws[j - 1].comma_after and j > k \
                    and not _is_plural(ws[j - 1]) and not ws[j - 1].core[:1].isupper():
                j += 1
                continue
            break
        if _is_plural(w) and not (j + 1 < len(ws) and _compound_continues(ws, j)):
            return k, j
        if singular and w.core[:1].islower() and lw not in TIME_UNITS:
            last_ok = j
        if w.comma_after or w.stop_after:
            break
        j += 1
    if singular and last_ok is not None:
        return k, last_ok
    return None


def _compound_continues(ws: list[_Word], j: int) -> bool:
    """"weapons storage facilities": a plural used as a modifier of a following plural noun."""
    if ws[j].comma_after or ws[j].stop_after:
        return False
    nxt = ws[j + 1]
    if nxt.core[:1].islower() and _is_plural(nxt) and nxt.low not in COMMON_VERBS and nxt.low not in STOP \
            and (ws[j].core[:1].isupper() or ws[j].low in ("police", "security", "militia", "aid")) \
            and re.search(r"(?:ers|ors|ists|ians|ants|ents|men|ees|ives|als|ards|ops|ves)$", nxt.low) \
            and nxt.low not in ("lives", "serves", "leaves", "moves", "arrives", "gives", "believes", "receives"):
        return True  # "Guards officers", "police officers"
    if nxt.low in STOP or nxt.low in COMMON_VERBS or not nxt.core[:1].islower():
        return False
    if _is_plural(nxt) and nxt.low not in ("forces",) and ws[j].low in ("weapons", "arms", "goods", "drugs", "rights", "sales", "news", "security", "operations", "customs"):
        return True
    if j + 2 < len(ws) and _is_plural(ws[j + 2]) and ws[j].low in ("weapons", "arms", "goods", "drugs", "rights", "operations", "customs") \
            and not nxt.comma_after:
        return True
    return False


_COMPOUND_FIRST = {"service", "police", "security", "polling", "election", "border", "aid",
                   "health", "oil", "civil", "government", "army", "prison", "party", "rocket",
                   "drone", "air", "pro", "state"}


def _unit_text(ws: list[_Word], first: int, head: int) -> str:
    h = ws[head].low
    if head > first and ws[head - 1].low in _COMPOUND_FIRST and ws[head - 1].low not in ("rocket", "drone", "air", "pro", "state"):
        return ws[head - 1].low + " " + h
    return h


# --------------------------------------------------------------------------- main


# QUALIFIERS by their last word, in their order: (phrase, approximate, words)
_QUAL_BY_LAST: dict[str, list[tuple[str, bool, list[str]]]] = {}
for _phrase, _approx in QUALIFIERS:
    _QUAL_BY_LAST.setdefault(_phrase.split()[-1], []).append((_phrase, _approx, _phrase.split()))


def _qualifier(ws: list[_Word], i: int) -> tuple[int, str | None, bool]:
    """Qualifier words before word ``i``: returns (new start index, qualifier, approximate)."""
    # the first of QUALIFIERS whose words end right before ``i``, with no comma before ``i``
    if i == 0 or ws[i - 1].comma_after:
        return i, None, False
    for phrase, approx, parts in _QUAL_BY_LAST.get(ws[i - 1].low, ()):
        n = len(parts)
        if i - n >= 0 and (n == 1 or [w.low for w in ws[i - n : i]] == parts):
            return i - n, phrase, approx
    return i, None, False


_STARTERS = (set(UNITS_WORDS) | set(TENS_WORDS) | {"a", "an", "half", "some"}
             | {p.split()[0] for p in FRACTIONS})
_NUMBER_WORDS = sorted(set(UNITS_WORDS) | set(TENS_WORDS)
                       | {"dozen", "half", "quarter", "third", "fifth", "tenth", "thirds", "quarters"})
# a digit or a number word: the sentence may hold a figure. (What
# ``\d|\b(?:zero|one|...|quarters)\b`` with re.I matches, written so that most positions are left
# after one character test.)
_MAYBE_NUMBER = re.compile(r"\d|\b(?=[" + anycase_first_letters(_NUMBER_WORDS) + r"])(?:"
                           + anycase_alternation(_NUMBER_WORDS) + r")\b")


def _could_start(w: _Word) -> bool:
    # (a function of ``w.low``: lower case keeps digits and currency signs)
    low = w.low
    hit = _COULD_START.get(low)
    if hit is None:
        c = low[:1]
        hit = c.isdigit() or c in "$€£" or low.split("-", 1)[0] in _STARTERS
        if len(_COULD_START) > 50_000:
            _COULD_START.clear()
        _COULD_START[low] = hit
    return hit


_COULD_START: dict[str, bool] = {}


def find_claims(text: str, sentences: list[tuple[int, int]], published=None, date_mentions=None) -> list[Claim]:
    """Quantitative claims in ``text``, sentence by sentence; evidence spans are verbatim.
    ``date_mentions`` are the document's dates when the caller already has them."""
    if date_mentions is None:
        date_mentions = find_dates(text, published)
    date_mentions = sorted(date_mentions, key=lambda m: m.start)
    dates = [(m.start, m.end) for m in date_mentions]
    out: list[Claim] = []
    last_unit: str | None = None
    prev_sentence_unit: str | None = None  # unit of the last claim of the previous sentence
    by_start = sorted(dates)
    date_starts = [a for a, _ in by_start]
    date_index = SpanIndex(dates)
    for s, e in sentences:
        if (not _MAYBE_NUMBER.search(text, s, e)
                or not _live_figure(text, s, e, by_start, date_starts)):
            prev_sentence_unit = None  # (as after a sentence without claims)
            continue
        ws = _words(text, s, e)
        sent_claims: list[Claim] = []
        i = 0
        while i < len(ws):
            if not _could_start(ws[i]):
                i += 1
                continue
            recent = next((c.unit for c in reversed(sent_claims) if c.unit), prev_sentence_unit)
            got = _claim_at(text, ws, i, date_index, last_unit, sent_claims, s, e, recent)
            if got is None:
                i += 1
                continue
            claim, nxt = got
            if _discourse_count(claim):
                i = max(nxt, i + 1)
                continue
            claim.period = _period(text, claim, date_mentions, s, e)
            sent_claims.append(claim)
            if claim.unit and claim.unit != "percent":
                last_unit = claim.unit
            i = max(nxt, i + 1)
        out.extend(sent_claims)
        prev_sentence_unit = next((c.unit for c in reversed(sent_claims) if c.unit), None)
    return out


# nouns an argument counts its own parts by ("three obstacles remain", "in two respects"): the
# structure of the prose, not a figure about the world
_DISCOURSE_NOUNS = frozenset({
    "features", "obstacles", "respects", "reasons", "factors", "lessons", "questions", "ways", "points",
    "aspects", "things", "options", "scenarios", "challenges", "problems", "steps", "dimensions", "phases",
    "stages", "conclusions", "takeaways", "observations", "implications", "trends", "risks", "considerations",
    "arguments", "paths", "possibilities", "developments", "issues", "principles", "pillars", "goals", "objectives",
})


def _discourse_count(claim: Claim) -> bool:
    """A count of the text's own points (see ``_DISCOURSE_NOUNS``) is no claim."""
    unit = (claim.unit or "").lower().split()
    return bool(unit) and unit[-1] in _DISCOURSE_NOUNS and float(claim.value) <= 12


_PLAIN_NUMBER_WORDS = frozenset(UNITS_WORDS) | frozenset(TENS_WORDS)
_SCALE_HINT = re.compile(anycase_alternation(["hundred", "thousand", "million", "billion"]))


def _live_figure(text: str, s: int, e: int, dates, date_starts) -> bool:
    """False when the sentence ``text[s:e]`` cannot yield a claim although it has a digit or a
    number word: every one of them lies inside a date ("on March 3", "two days later").
    ``dates``: the (start, end) of the date mentions, sorted; ``date_starts``: their starts.

    A claim's number never overlaps a date, and it holds a digit or a number word that
    _MAYBE_NUMBER finds, or "a hundred" (thousand, million, billion); fractions ("half of",
    "two-thirds") are taken without looking at dates, so their words always count. (A sentence
    that begins inside a word is always read: there _MAYBE_NUMBER may miss its first word.)"""
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
        return True
    for m in _MAYBE_NUMBER.finditer(text, s, e):
        a, b = m.span()
        w = m.group()
        if not ("0" <= w[0] <= "9" or w in _PLAIN_NUMBER_WORDS):
            return True  # a fraction, "dozen", or a word in another case
        k = bisect_right(date_starts, a) - 1
        # inside a date unless one of the dates starting at or before it covers it
        while k >= 0:
            if dates[k][1] >= b:
                break
            k -= 1
        else:
            return True
    return bool(_SCALE_HINT.search(text, s, e))


class _At:
    """A figure's position in a sentence's words and what a claim made there is built with."""

    def __init__(self, text, ws, i, s, e, q0, qual, approx):
        self.text, self.ws, self.i, self.s, self.e = text, ws, i, s, e
        self.q0, self.qual, self.approx = q0, qual, approx

    def make(self, end_k, value, unit, **kw):
        return _make(self.text, self.ws, self.q0, self.i, end_k, value, unit, self.qual, self.approx,
                     self.s, self.e, **kw)


def _ratio_claim(text, ws, i, dates, s, e):
    """"1 in 4 Iraqis", "one in five": a share, as a percentage."""
    if not (i + 2 < len(ws) and ws[i + 1].low == "in"):
        return None
    a, b = _read_number(ws, i), _read_number(ws, i + 2)
    if not (a and b and b.value and not a.percent and not b.percent and a.j == i + 1 and b.i == i + 2
            and a.value < b.value and not dates(ws[i].start, ws[b.j - 1].end)):
        return None
    at = _At(text, ws, i, s, e, *_qualifier(ws, i))
    end_k = b.j
    hd = _head(ws, b.j, 4, singular=False)
    if hd:
        end_k = hd[1] + 1
    value = round(100.0 * a.value / b.value, 4)
    return at.make(end_k - 1, value, "percent", subject=_subject(ws, b.j, end_k) if hd else None), end_k


def _fraction_claim(text, ws, i, s, e):
    """"two-thirds of the seats", "half of them": a fraction, as a percentage."""
    frac = _read_fraction(ws, i)
    if not frac:
        return None
    value, n = frac
    at = _At(text, ws, i, s, e, *_qualifier(ws, i))
    k = i + n + 1
    while k < len(ws) and ws[k].low in ("the", "all", "its", "their", "those", "these"):
        k += 1
    hd = _head(ws, k, 5, singular=True)
    end_k = hd[1] if hd else i + n
    subj = _subject(ws, k, end_k + 1) if hd else None
    return at.make(end_k, round(value, 4), "percent", subject=subj, value_end=i + n - 1), i + n


def _age_claim(at, num, prev, first):
    """"a 26-year-old medic", "Hashimi, 47,": an age."""
    text, ws, i, s, e = at.text, at.ws, at.i, at.s, at.e
    if num.age:
        return at.make(num.j - 1, num.value, "years", extra_right=2), num.j
    if num.digits and prev is not None and prev.core[:1].isupper() and prev.comma_after \
            and first.comma_after and 0 < num.value < 120 and not num.percent and prev.low not in ("said", "says") \
            and re.match(r"^[A-Z][a-z'’-]+$", prev.core):
        return _make(text, ws, i, i, i, num.value, "years", None, False, s, e, extra_left=1), num.j
    return None


def _percent_claim(at, num, nxt):
    """"12 percent", "3 percentage points", "40% of the vote"."""
    ws = at.ws
    unit = "percent"
    end_k = num.j - 1
    subject = None
    if not num.percent:
        end_k = num.j + (1 if nxt.low != "per" else 2) - 1
        if nxt.low == "percentage" and num.j + 1 < len(ws) and ws[num.j + 1].low == "points":
            unit = "percentage points"
            end_k = num.j + 1
    k = end_k + 1
    if k < len(ws) and ws[k].low == "of" and not ws[end_k].comma_after:
        kk = k + 1
        while kk < len(ws) and ws[kk].low in ("the", "all", "its", "their", "those"):
            kk += 1
        hd = _head(ws, kk, 5, singular=True)
        if hd:
            subject = _subject(ws, kk, hd[1] + 1)
    return at.make(end_k, num.value, unit, subject=subject, currency=None), end_k + 1


_NO_CLAIM = ("none",)  # a step's verdict that the number is no figure (``None`` means: not this step)


def _partitive_claim(at, num, last_unit):
    """"12 of the 22 seats", "Two of the injured guards"; "one of the ..." is no figure."""
    ws = at.ws
    if num.value == 1:
        return _NO_CLAIM
    unit = None
    hd = None
    k = num.j + 1
    while k < len(ws) and (ws[k].low in ("the", "its", "their", "his", "her", "all", "those", "these")
                           or ws[k].low.endswith(("'s", "’s"))):
        k += 1
    if k < len(ws):
        inner = _read_number(ws, k)
        if inner is not None:
            k = inner.j
        hd = _head(ws, k, 5, singular=False)
        if hd is None and k < len(ws) and ws[k].low in ("them", "those", "these"):
            unit = last_unit
    if hd:
        if _offset_use(ws, hd[1]):
            return _NO_CLAIM
        return at.make(hd[1], num.value, _unit_text(ws, hd[0], hd[1])), num.j
    if unit:
        return at.make(min(k, len(ws) - 1), num.value, unit), num.j
    return _NO_CLAIM


def _headed_claim(at, num, hd):
    """A figure and its noun: "three soldiers", "40 rockets"."""
    if _offset_use(at.ws, hd[1]):
        return _NO_CLAIM
    subject = _subject(at.ws, num.j, hd[1] + 1)
    return at.make(hd[1], num.value, _unit_text(at.ws, hd[0], hd[1]), subject=subject), hd[1] + 1


def _coordinated_modifier_claim(at, num):
    """"four Iraqi and two Kurdish soldiers": a modifier whose noun comes after the next figure."""
    ws = at.ws
    k = num.j
    while k < len(ws) and ws[k].core[:1].isupper() and not ws[k].comma_after and k < num.j + 2:
        k += 1
    if not (k > num.j and k < len(ws) and ws[k - 1].low not in STOP and ws[k].low == "and" and k + 1 < len(ws)):
        return None
    other = _read_number(ws, k + 1)
    if other is None:
        return None
    k2 = other.j
    while k2 < len(ws) and ws[k2].core[:1].isupper() and k2 < other.j + 2:
        k2 += 1
    hd2 = _head(ws, k2, 5, singular=False)
    if hd2 and not _offset_use(ws, hd2[1]):
        return at.make(k - 1, num.value, _unit_text(ws, hd2[0], hd2[1]), extra_right=4), num.j
    return None


def _compound_claim(at, num, nxt, last):
    """"a 10-member committee": a figure compounded with its noun."""
    ws = at.ws
    if _offset_use(ws, num.j - 1):
        return _NO_CLAIM
    hd = _head(ws, num.j, 3, singular=True) if nxt is not None and not last.comma_after else None
    end_k = hd[1] if hd else num.j - 1
    return at.make(end_k, num.value, num.compound, value_end=num.j - 1), end_k + 1


def _bare_claim(at, num, prev, nxt, last_unit, sent_claims, recent):
    """A figure without its noun: the unit from the sentence's earlier figures or context."""
    bare_unit = _bare_figure(at.ws, num, at.q0, prev, nxt, last_unit, sent_claims, recent)
    if bare_unit is False:
        return None
    if bare_unit and num.value != 1 and not bare_unit.endswith("s") and bare_unit not in PLURAL_NOUNS:
        bare_unit = "people" if bare_unit == "person" else _plural(bare_unit)
    return at.make(num.j - 1, num.value, bare_unit, extra_left=2), num.j


def _claim_at(text, ws, i, dates, last_unit, sent_claims, s, e, recent=None):
    """The claim whose figure starts at word ``i`` and the word after it, or None. ``dates`` is a
    SpanIndex of the date mentions, so that a date is never read as a figure. Steps, in order:
    ratios, fractions, then a number: ages, non-quantities, percentages, currencies, partitives,
    a figure with its noun, a modifier coordinated with another figure, compounds, bare figures."""
    got = _ratio_claim(text, ws, i, dates, s, e) or _fraction_claim(text, ws, i, s, e)
    if got:
        return got
    num = _read_number(ws, i)
    if num is None:
        return None
    first, last = ws[num.i], ws[num.j - 1]
    if dates(first.start, last.end):
        return None
    prev = ws[i - 1] if i > 0 else None
    prev2 = ws[i - 2] if i > 1 else None
    nxt = ws[num.j] if num.j < len(ws) else None
    at = _At(text, ws, i, s, e, *_qualifier(ws, i))
    got = _age_claim(at, num, prev, first)
    if got:
        return got
    if _not_a_quantity(ws, num, prev, prev2, nxt, text):
        return None
    if num.percent or (nxt and nxt.low in ("percent", "per", "pct", "percentage")):
        return _percent_claim(at, num, nxt)
    if num.currency:
        return at.make(num.j - 1, num.value, num.currency), num.j
    hd = None
    if nxt is not None and not last.comma_after and not last.stop_after:
        if nxt.low == "of":
            got = _partitive_claim(at, num, last_unit)
            return None if got is _NO_CLAIM else got
        hd = _head(ws, num.j, 5, singular=num.value == 1)
    if hd is not None:
        got = _headed_claim(at, num, hd)
        return None if got is _NO_CLAIM else got
    got = _coordinated_modifier_claim(at, num)
    if got:
        return got
    if nxt is not None and nxt.core[:1].isupper() and not last.comma_after:
        return None  # "two Guards" without a noun: part of a name
    if num.j < len(ws) and ws[num.j].low in TIME_UNITS:
        return None
    if num.compound:
        got = _compound_claim(at, num, nxt, last)
        return None if got is _NO_CLAIM else got
    return _bare_claim(at, num, prev, nxt, last_unit, sent_claims, recent)


_OFFSET_WORDS = {"after", "before", "earlier", "later", "ago", "prior", "afterwards", "afterward",
                 "beforehand", "following", "previously"}


def _offset_use(ws, k) -> bool:
    """"three days after ...": a time unit used to place an event in time, not a figure."""
    if ws[k].low.split("-")[-1].rstrip("s") not in {u.rstrip("s") for u in TIME_UNITS}:
        return False
    return k + 1 < len(ws) and ws[k + 1].low in _OFFSET_WORDS


def _not_a_quantity(ws, num, prev, prev2, nxt, text) -> bool:
    first = ws[num.i]
    last = ws[num.j - 1]
    low = first.low
    # vague amounts are not numbers we can record
    if low in VAGUE:
        return True
    # ordinal suffixes are not matched by the number reader; "12th" never gets here
    if prev is not None:
        pl = prev.low
        if pl in ("no", "not", "any", "every", "each", "only-") and low == "one":
            return True  # "no one", "every one"
        if num.compound:
            pass
        elif pl in ("the", "these", "those", "this", "that") or (pl in ("other", "past", "last", "next", "first", "previous", "coming", "final", "same")
                and prev2 is not None and prev2.low == "the"):
            # "the two sides", "the other three"; "of the 22 seats" is a partitive total
            if not (prev2 is not None and prev2.low == "of"
                    and (_has_partitive_before(ws, num.i - 2) or num.i - 2 == 0)):
                return True
        if pl in NAME_PREFIX_LOWER and num.digits:
            return True
        if num.digits and prev.core[:1].isupper() and not prev.low.endswith(("'s", "’s")) and pl not in STOP \
                and _qualifier(ws, num.i)[1] is None and prev.low not in ("said", "about", "around") \
                and not prev.comma_after and num.i > 0 and num.i - 1 > 0:
            return True  # "Tower 22", "Kurdistan 24", "Resolution 2379"
        if pl in ("a", "an") and not num.age and not num.compound and low not in ("dozen", "hundred", "thousand", "million"):
            if not (num.j - num.i >= 2):
                return True
    # hyphenated to a letter or inside a code: "K-1", "F-16", "one-way", "MQ-9"
    before = text[max(0, first.start - 1) : first.start]
    after = text[last.end : last.end + 1]
    if before in ("-", "/", "#") or (after in ("-", "/") and not num.age and not num.compound):
        return True
    if re.search(r"-", first.core) and not num.age and not num.compound and not _NUMWORD_RE.match(first.low):
        return True
    # times of day and clock times
    if nxt is not None and nxt.low.rstrip(".") in ("a.m", "p.m", "am", "pm", "gmt", "utc", "o'clock", "hrs"):
        return True
    if re.match(r"^\d{1,2}[:.]\d{2}$", first.core):
        return True
    # bare years (dates were removed; "the 2015 deal", "2018 vote")
    if num.digits and 1900 <= num.value <= 2100 and "," not in first.core and num.value.is_integer() \
            and not num.percent and not (nxt is not None and _is_plural(nxt) and nxt.low not in TIME_UNITS):
        return True
    return False


def _has_partitive_before(ws, k) -> bool:
    """True when a number stands right before "of" at index ``k`` ("12 of the 22 seats")."""
    if k <= 0 or k >= len(ws) or ws[k].low != "of":
        return False
    return _read_number(ws, k - 1) is not None or (k >= 2 and _read_number(ws, k - 2) is not None)


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
                "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CASUALTY_VERBS = {"killed", "wounded", "injured", "kidnapped", "abducted", "arrested", "detained",
                   "captured", "executed", "rescued", "evacuated", "displaced", "freed", "released"}
_CASUALTY_STATES = {"dead", "killed", "wounded", "injured", "missing", "arrested", "detained",
                    "hurt", "captured"}
_NUMBER_OF_RE = re.compile(r"\b(?P<noun>number|toll|tally|count|total|figure)\s+(?:of\s+(?P<what>[a-z]+)\s+)?(?:\w+\s+){0,3}?(?:was|is|were|at|to|stood\s+at|reached|rose\s+to|fell\s+to|of)\s*$", re.I)


_GAP_BLOCK = {"the", "a", "an", "of", "in", "on", "at", "by", "to", "for", "with", "than", "other",
              "per", "no", "each", "every", "these", "those", "this", "that", "its", "his", "her",
              "their", "our", "under", "over", "between", "among", "aged", "age", "page", "number",
              "no.", "about", "around", "after", "before", "since", "until", "till", "into"}
_GAP_FOLLOW = {"and", "or", "but", "while", "according", "in", "on", "at", "across", "near",
               "from", "for", "to", "respectively", "each", "apiece", "against", "compared"}


def _is_verb(w: _Word) -> bool:
    lw = w.low
    return w.core[:1].islower() and (lw in SUBJECT_VERBS or lw in COMMON_VERBS
                                     or (lw.endswith("ed") and len(lw) > 4 and lw not in STOP))


def _bare_figure(ws, num, q0, prev, nxt, last_unit, sent_claims, recent=None):
    """Unit (possibly None) for a number without a noun when the text makes it a figure, else
    False."""
    last = ws[num.j - 1]
    before_txt = " ".join(w.low for w in ws[max(0, num.i - 8) : num.i])
    m = _NUMBER_OF_RE.search(before_txt)
    if m:
        if m.group("what"):
            return m.group("what")
        return "deaths" if m.group("noun") == "toll" else last_unit
    ends_phrase = last.comma_after or last.stop_after or nxt is None or nxt.low in (
        "and", "or", "but", "while", "according", "in", "on", "at", "compared", "against", "who",
        "which", "that", "people")
    if prev is not None and prev.low == "from" and ends_phrase and sent_claims and sent_claims[-1].unit:
        return sent_claims[-1].unit  # "collapsed to 17 seats, from 48 in 2018"
    if prev is not None and prev.low in ("from", "to") and ends_phrase:
        # "up from 21", "down from 11", "rose to 30"
        if num.i >= 2 and ws[num.i - 2].low in ("up", "down", "rose", "fell", "rising", "falling", "increased", "decreased", "dropped", "climbed", "jumped"):
            return sent_claims[-1].unit if sent_claims else last_unit
        if prev.low == "from" and any(w.low == "to" for w in ws[num.j : num.j + 3]):
            return sent_claims[-1].unit if sent_claims else last_unit
    if num.scaled:
        return sent_claims[-1].unit if sent_claims else None
    if prev is not None and prev.low in _CASUALTY_VERBS and ends_phrase:
        return "people"  # "gunmen killed 3 and wounded 12"
    if nxt is not None and nxt.low in _CASUALTY_STATES and (num.i == q0 or True) \
            and (ws[num.j].comma_after or ws[num.j].stop_after or num.j + 1 >= len(ws)
                 or ws[num.j + 1].low in ("and", "in", "on", "at", "by", "during", "after", "when", "while")):
        return "people"  # "40 people were killed and 75 wounded in the blast"
    opens_clause = q0 == 0 or (q0 > 0 and (ws[q0 - 1].comma_after
                                          or ws[q0 - 1].low in ("while", "and", "but", "whereas")))
    if nxt is not None and _is_verb(nxt) and (opens_clause or q0 < num.i) \
            and (prev is None or prev.low not in _GAP_BLOCK or q0 < num.i):
        # "Two were shot down", "while at least one landed near the airport": a count standing
        # for the noun counted just before
        return recent
    if recent and nxt is not None and nxt.low in ("more", "others", "additional", "further", "extra") \
            and not last.comma_after and (prev is None or prev.low not in _GAP_BLOCK) \
            and (num.j + 1 >= len(ws) or nxt.comma_after or nxt.stop_after
                 or not _is_plural(ws[num.j + 1])):
        return recent  # "35 rockets on Sunday and 12 more the next day"
    if recent and prev is not None and prev.low not in _GAP_BLOCK and prev.low != "including" \
            and not (ws[num.i].low == "one") and (
            last.comma_after or last.stop_after or nxt is None or nxt.low in _GAP_FOLLOW):
        # elided repetition: "... took 15 seats and a smaller bloc seven",
        # "three targets in western Iraq and two across the frontier"
        return recent
    return False


def _subject(ws, k: int, head_end: int) -> str | None:
    """Noun phrase from word ``k`` through the head, plus a following "on/against/in ..." phrase."""
    words = [w.core for w in ws[k:head_end]]
    j = head_end
    if j < len(ws) and ws[j].low in ("on", "against", "targeting", "by", "of", "for") \
            and not ws[j - 1].comma_after and not ws[j - 1].stop_after:
        extra = [ws[j].core]
        j += 1
        n = 0
        while j < len(ws) and n < 4:
            w = ws[j]
            if w.low in STOP and w.low not in ("the",) or w.low in COMMON_VERBS:
                break
            if w.core[:1].isdigit() or w.low.rstrip(".") in _MONTH_WORDS or w.low in _WEEKDAY_WORDS:
                break  # "rockets on March 3": the date is the period, not the subject
            extra.append(w.core)
            n += 1
            if w.comma_after or w.stop_after:
                break
            j += 1
        if len(extra) > 1:
            words += extra
    if len(words) <= 1:
        return None
    return " ".join(words)


def _make(text, ws, q0, i, end_k, value, unit, qual, approx, s, e, subject=None, currency=None,
          extra_left=0, extra_right=0, value_end=None):
    left = max(0, q0 - extra_left)
    # a couple of words of context before: the verb that governs the figure
    if extra_left == 0 and q0 > 0 and not ws[q0 - 1].comma_after and ws[q0 - 1].low not in STOP:
        left = q0 - 1
    if subject:
        # cover the stated subject too: "170 attacks on U.S. forces"
        parts = subject.split()
        for k in range(end_k + 1, min(len(ws), end_k + len(parts) + 1)):
            if ws[k].core == parts[-1]:
                extra_right = max(extra_right, k - end_k)
                break
    right = min(len(ws) - 1, end_k + extra_right)
    for k in range(end_k, right):
        if ws[k].comma_after or ws[k].stop_after:
            right = k
            break
    start, end = ws[left].start, ws[right].end
    vstart = ws[q0].start
    # value text: qualifier through the number words
    if value_end is not None:
        vend = ws[value_end].end
    else:
        num = _read_number(ws, i)
        vend = ws[min(num.j - 1, len(ws) - 1) if num else i].end
    return Claim(
        value=float(value), unit=unit, evidence=Evidence(text=text[start:end], start=start, end=end),
        approximate=bool(approx), subject=subject, period=None, qualifier=qual,
        value_text=text[vstart:vend],
    )


def _period(text: str, claim: Claim, mentions, s: int, e: int) -> Period | None:
    """The period a claim covers: a "since"/range expression in its sentence, else a date or
    year right after the figure in the same clause."""
    k = bisect_left(mentions, s, key=lambda m: m.start)  # (mentions come sorted by position)
    inside = [m for m in mentions[k : bisect_left(mentions, e, key=lambda m: m.start)] if m.end <= e and m.value and not m.future]
    for m in inside:
        if m.kind in ("since", "range") and m.start >= claim.evidence.start:
            return Period(start=m.value, end=m.end_value)
    for m in inside:
        if m.kind in ("since", "range"):
            return Period(start=m.value, end=m.end_value)
    after = [m for m in inside if 0 <= m.start - claim.evidence.end <= 40
             and not re.search(r"[,;:]", text[claim.evidence.end : m.start])]
    if after:
        m = after[0]
        if m.precision in ("year", "month"):
            return Period(start=m.value, end=m.value)
    return None

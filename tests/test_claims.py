"""Quantitative claims: numbers, units, qualifiers, exclusions, periods, verbatim evidence."""

from __future__ import annotations

import pytest

from marsad.extract.claims import find_claims, parse_number_words
from marsad.text import sentence_spans


def claims(text, published="2024-02-04"):
    found = find_claims(text, sentence_spans(text), published)
    for c in found:
        assert text[c.evidence.start : c.evidence.end] == c.evidence.text
    return found


def pairs(text, published="2024-02-04"):
    return [(c.value, c.unit) for c in claims(text, published)]


@pytest.mark.parametrize(
    "words,expected",
    [
        (["three"], (3, 1)),
        (["twenty-five", "rockets"], (25, 1)),
        (["two", "hundred", "and", "ten"], (210, 4)),
        (["a", "dozen"], (12, 2)),
        (["two", "dozen"], (24, 2)),
        (["half", "a", "dozen"], (6, 3)),
        (["rockets"], None),
    ],
)
def test_parse_number_words(words, expected):
    assert parse_number_words(words) == expected


@pytest.mark.parametrize(
    "text,value,unit",
    [
        ("Militants fired 18 rockets at the base.", 18, "rockets"),
        ("About 1,200 fighters joined the offensive.", 1200, "fighters"),
        ("About 6.6 million people voted.", 6_600_000, "people"),
        ("Twenty-five people died in the blast.", 25, "people"),
        ("They fired two dozen rockets.", 24, "rockets"),
        ("Turnout was 41 percent.", 41, "percent"),
        ("Turnout was 15% in Anbar.", 15, "percent"),
        ("Jets hit five ammunition storage facilities.", 5, "facilities"),
        ("The raids killed two police officers.", 2, "police officers"),
        ("Britain named the soldier as a 26-year-old reservist medic.", 26, "years"),
    ],
)
def test_single_figures(text, value, unit):
    got = claims(text)
    assert len(got) == 1, got
    assert got[0].value == value
    assert got[0].unit == unit


def test_qualifiers_set_approximate_and_keep_plain_value():
    got = claims("The coalition said more than 100 rocket and drone attacks targeted U.S. forces.")
    assert len(got) == 1
    c = got[0]
    assert (c.value, c.unit, c.approximate, c.qualifier) == (100, "attacks", True, "more than")
    got = claims("At least six guards were wounded, and roughly a dozen other personnel were hurt.")
    assert [(c.value, c.qualifier) for c in got] == [(6, "at least"), (12, "roughly")]
    assert all(c.approximate for c in got)
    (c,) = claims("Only five seats were set aside for minorities.")
    assert c.value == 5 and not c.approximate


def test_fractions_and_ratios_are_percentages():
    (c,) = claims("Only about a quarter of registered voters took part.")
    assert (c.value, c.unit, c.approximate) == (25, "percent", True)
    (c,) = claims("Half of the voters stayed home.")
    assert (c.value, c.unit) == (50, "percent")
    (c,) = claims("Nearly 1 in 4 Iraqis lives in poverty.")
    assert (c.value, c.unit) == (25, "percent")


def test_coordination_and_partitives():
    assert pairs("The blast injured four American and three Iraqi service members.") == [
        (4, "service members"), (3, "service members")]
    assert pairs("A list won 14 of the 25 seats.") == [(14, "seats"), (25, "seats")]
    assert pairs("Councils were chosen in 15 of Iraq's 18 provinces.") == [
        (15, "provinces"), (18, "provinces")]
    assert pairs("Two of the injured service members were flown to a field hospital.") == [
        (2, "service members")]


def test_bare_figures_take_unit_from_context():
    text = "Three drones were launched. Two were shot down."
    assert pairs(text) == [(3, "drones"), (2, "drones")]
    text = "The PUK finished second with 19 seats, up from 17 in 2018."
    got = claims(text)
    assert [(c.value, c.unit) for c in got] == [(19, "seats"), (17, "seats")]
    assert got[1].period is not None and got[1].period.start == "2018"
    text = "New Generation took 9 seats and the Kurdistan Islamic Union five, officials said."
    assert pairs(text) == [(9, "seats"), (5, "seats")]
    assert pairs("Officials put the number of drones at 12.") == [(12, "drones")]
    assert pairs("Gunmen killed 3 and wounded 12.") == [(3, "people"), (12, "people")]


@pytest.mark.parametrize(
    "text",
    [
        "A drone hit Tower 22 near the K-1 base, Camp 5 and Resolution 2379 was cited.",
        "It was the third attack on the 12th Brigade in 2023.",
        "The strike killed one of his aides at 2 p.m. on Thursday.",
        "No one was hurt; the two sides met and the other three left.",
        "Tens of thousands of people joined dozens of rallies.",
        "The drone hit three days after a barrage, six years ago.",
        "A one-way attack drone struck the 2015 nuclear deal talks.",
        "In February, Kurdistan 24 reported the news.",
    ],
)
def test_non_quantities_are_not_claims(text):
    assert claims(text) == []


def test_period_from_since_expression():
    (c,) = claims("There were more than 170 attacks on U.S. forces since October 2023.", "2024-02-04")
    assert c.period is not None
    assert (c.period.start, c.period.end) == ("2023-10", "2024-02")
    assert c.subject == "attacks on U.S. forces"


def test_age_apposition():
    (c,) = claims("Muslih, 52, was taken to hospital.")
    assert (c.value, c.unit) == (52, "years")


def test_value_text_and_serialisation():
    (c,) = claims("Around 3,000 U.S. soldiers are based in Kuwait.")
    assert c.value_text == "Around 3,000"
    d = c.to_dict()
    assert d["value"] == 3000 and isinstance(d["value"], int)
    assert d["evidence"]["text"] in "Around 3,000 U.S. soldiers are based in Kuwait."


def test_durations_are_figures_but_date_offsets_are_not():
    assert pairs("Fighters ended a two-day siege of the compound.") == [(2, "days")]
    assert pairs("The chamber must meet within 15 days.") == [(15, "days")]
    assert pairs("Talks broke down after an eight-month deadlock.") == [(8, "months")]
    assert pairs("Troops withdrew two days after the raid.") == []
    assert pairs("Rockets fell three weeks later.") == []


def test_hyphenated_size_survives_definite_article():
    assert pairs("Lawmakers in the 329-member chamber voted.") == [(329, "members")]


def test_elided_figures_across_a_list():
    text = "The front won 50 of the 200 seats. Its main rival took 37, and a smaller bloc 21."
    assert pairs(text) == [(50, "seats"), (200, "seats"), (37, "seats"), (21, "seats")]
    text = "Jets hit four targets in Syria and three across the border."
    assert pairs(text) == [(4, "targets"), (3, "targets")]
    text = "Drones attacked several bases, including one near the border."
    assert pairs(text) == []


def test_more_after_bare_number_inherits_unit_and_subject_stops_at_dates():
    got = claims("Militants fired 35 rockets on March 3 and 12 more the next day.")
    assert [(c.value, c.unit) for c in got] == [(35, "rockets"), (12, "rockets")]
    (c,) = claims("There were 170 attacks on U.S. forces on Sunday.")
    assert c.subject == "attacks on U.S. forces"


# --------------------------------------------------------------------------- fast paths
# Reference implementations of the helpers that were rewritten for speed; the fast versions must
# give the same results.


def _words_reference(text, s, e):
    import re

    from marsad.extract.quantities import _LEAD_PUNCT, _TRAIL_PUNCT, _WORD_RE

    out = []
    for m in _WORD_RE.finditer(text, s, e):
        a, b = m.start(), m.end()
        while a < b and text[a] in _LEAD_PUNCT:
            a += 1
        trail = ""
        while b > a and text[b - 1] in _TRAIL_PUNCT:
            if text[b - 1] == "." and re.search(r"[A-Za-z]\.[A-Za-z]$", text[a : b - 1]):
                break
            trail = text[b - 1] + trail
            b -= 1
        if b <= a:
            continue
        core = text[a:b]
        out.append((a, b, core, core.lower(), any(c in trail for c in ",;:()"),
                    any(c in trail for c in ".!?") or m.end() >= e))
    return out


def test_words_match_reference():
    import random

    from marsad.extract.quantities import _words

    rng = random.Random(5)
    alphabet = list("aUSpm.") + [" ", " ", ".", ",", ";", ":", "(", ")", '"', "'", "\u201c", "\u201d",
                                 "\u2018", "\u2019", "[", "]", "\u00ab", "\u00bb", "!", "?", "-", "1", "$"]
    for _ in range(20000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        s = rng.randint(0, len(t))
        e = rng.randint(s, len(t))
        got = [(w.start, w.end, w.core, w.low, w.comma_after, w.stop_after) for w in _words(t, s, e)]
        assert got == _words_reference(t, s, e), (t, s, e)


def test_maybe_number_matches_case_insensitive_reference():
    import random
    import re

    from marsad.extract.claims import _MAYBE_NUMBER, _NUMBER_WORDS

    ref = re.compile(r"\d|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I)
    rng = random.Random(6)
    words = list(_NUMBER_WORDS) + ["the", "x", "oneself", "tens", "sixteenth"]
    for _ in range(20000):
        parts = []
        for _ in range(rng.randint(0, 4)):
            w = "".join(c.upper() if rng.random() < 0.3 else c for c in rng.choice(words))
            if rng.random() < 0.2:
                w = w.replace("s", "\u017f").replace("i", "\u0131").replace("I", "\u0130").replace("k", "\u212a")
            parts += [w, rng.choice([" ", "", "-", ".", "_", "\u00e9", "\u0663"])]
        t = "".join(parts)
        s = rng.randint(0, len(t))
        e = rng.randint(s, len(t))
        assert bool(_MAYBE_NUMBER.search(t, s, e)) == bool(ref.search(t, s, e)), (t, s, e)


def test_sentences_with_numbers_only_inside_dates_are_skipped_safely(monkeypatch):
    """_live_figure skips sentences whose digits and number words all lie inside dates; the
    claims must be the same as when every such sentence is read."""
    import json
    import random
    from importlib import resources

    from marsad.extract import claims as C

    texts = []
    for f in sorted(resources.files("marsad").joinpath("data/samples").iterdir()):
        if f.name.endswith(".json"):
            texts.append(json.loads(f.read_text("utf-8"))["text"])
    rng = random.Random(8)
    words = " ".join(texts).split()
    extra = ("on March 3 , two days later in 2019 the second half of 2023 half of a hundred A Hundred "
             "an thousand one third two-thirds three days after the attack Jan. 5-7 last week "
             "2024-01-28 twenty-one one in five on Sunday , 12 of the 22 seats 40 people killed").split()
    for _ in range(300):
        texts.append(" ".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(extra)
                              for _ in range(rng.randint(5, 80))))
    fast = [[c.to_dict() for c in find_claims(t, sentence_spans(t), "2024-02-04")] for t in texts]
    monkeypatch.setattr(C, "_live_figure", lambda *a: True)
    slow = [[c.to_dict() for c in find_claims(t, sentence_spans(t), "2024-02-04")] for t in texts]
    assert fast == slow

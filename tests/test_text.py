import pytest

from marsad.text import name_key, sentence_spans


@pytest.mark.parametrize(
    "a,b",
    [
        ("Kata'ib Hizballah", "Kataib Hizballah"),
        ("the Popular Mobilization Forces", "Popular Mobilization Forces"),
        ("al-Nujaba", "Nujaba"),
        ("U.S. forces", "US Forces"),
        ("Asa\u02bfib Ahl al-Haq", "Asaib Ahl al Haq"),
        ("Sámarra", "Samarra"),
    ],
)
def test_name_key_equates_variants(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_distinct_names_apart():
    assert name_key("Kataib Hezbollah") != name_key("Kataib Sayyid al-Shuhada")


def test_sentence_spans_keep_abbreviations_and_offsets():
    text = "Gen. Kenneth McKenzie spoke. U.S. forces struck sites in Iraq.\n\nNew paragraph here"
    spans = sentence_spans(text)
    parts = [text[s:e] for s, e in spans]
    assert parts == ["Gen. Kenneth McKenzie spoke.", "U.S. forces struck sites in Iraq.", "New paragraph here"]


def test_sentence_spans_empty_and_whitespace():
    assert sentence_spans("") == []
    assert sentence_spans("   \n ") == []


# --------------------------------------------------------------------------- fast paths
# name_key and sentence_spans were rewritten for speed; these reference versions are the
# originals, and the fast ones must agree with them.


def _name_key_reference(s):
    import re

    from marsad.text import strip_accents

    s = strip_accents(s).lower()
    s = re.sub("['\u2019\u2018\u02bf\u02be\u02bc\u02bb`\u00b4\u2032]", "", s)
    s = re.sub(r"[\-\u2010\u2011\u2012\u2013\u2014_/]", " ", s)
    s = re.sub(r"\.", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"^(?:the|al|el)\s+", "", s)
    return s


def _sentence_spans_reference(text):
    import re

    from marsad.text import _ABBREV, _add_span

    spans = []
    start = 0
    for m in re.finditer(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+|$)|\n\s*\n", text):
        end = m.end()
        if not m.group().startswith("\n"):
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            word = word.lstrip("(\"'\u201c")
            if m.group().startswith(".") and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                nxt = text[end : end + 2].lstrip()
                if not nxt or not nxt[:1].isupper() or word in {
                        "gen", "lt", "col", "maj", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms", "sen",
                        "rep", "gov", "brig", "pres", "sheikh", "amb", "st", "mt"}:
                    continue
                if word in {"u.s", "u.n", "u.k"}:
                    continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def test_name_key_and_sentence_spans_match_reference():
    import random

    rng = random.Random(3)
    alphabet = list("abcdeTHEALthealU.S.") + [
        " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", "\x1c", ".", "!", "?", '"', "'", "\u201d",
        "\u2019", ")", "(", "\u201c", "-", "\u2013", "\u2014", "_", "/", "\u02bf", "`", "\u00b4", "\u2032",
        "\u00e9", "\u0130", "\u00df", "\ufb01", "Gen", "Mr", "u.s", "U.S", "No", "e.g", "A", "b", "Sept"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert name_key.__wrapped__(s) == _name_key_reference(s), s
        assert sentence_spans(s) == _sentence_spans_reference(s), s


def test_sentence_spans_returns_a_fresh_list():
    text = "One. Two."
    a = sentence_spans(text)
    a.append((0, 0))
    assert sentence_spans(text) == [(0, 4), (5, 9)]


def test_anycase_alternation_is_case_insensitive_matching():
    import re
    import sys

    from marsad.text import _FOLDS, anycase_alternation

    # the letters outside ASCII that re.IGNORECASE matches to ASCII letters are the ones folded
    rx = re.compile(r"(?i)[a-z]")
    odd = {c for c in map(chr, range(128, sys.maxunicode + 1)) if rx.fullmatch(c)}
    assert odd == set("".join(_FOLDS.values()))
    words = ["three", "thirds", "third", "dozen", "kill", "is", "six", "sixty"]
    fast = re.compile("(?:" + anycase_alternation(words) + r")\Z")
    ref = re.compile("(?:" + "|".join(words) + r")\Z", re.I)
    for w in words + ["THIRDS", "ThIrD", "\u017fix", "\u0131\u017f", "KILL", "\u212aill", "thir", "sixt", "x"]:
        assert bool(fast.match(w)) == bool(ref.match(w)), w

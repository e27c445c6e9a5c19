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

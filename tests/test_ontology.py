import pytest

from marsad.ontology import (
    ACLED_INTER,
    ACLED_MAPPING,
    ACLED_TYPES,
    PLOVER_TYPES,
    from_acled,
    to_acled,
)


def test_sixteen_plover_types_and_six_acled_types_with_25_subtypes():
    assert len(PLOVER_TYPES) == 16
    assert len(ACLED_TYPES) == 6
    assert sum(len(v) for v in ACLED_TYPES.values()) == 25
    assert sorted(ACLED_INTER) == list(range(1, 9))


def test_every_plover_type_is_mapped_or_explicitly_unmapped():
    assert set(ACLED_MAPPING) == set(PLOVER_TYPES)
    for ptype, table in ACLED_MAPPING.items():
        assert None in table, f"{ptype} lacks a default entry"
        for mode, cat in table.items():
            assert mode is None or mode in PLOVER_TYPES[ptype], (ptype, mode)
            if cat is not None:
                assert cat.sub_event_type in ACLED_TYPES[cat.event_type]


@pytest.mark.parametrize(
    "ptype,mode,expected",
    [
        ("ASSAULT", "drone", ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "explosives", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("ASSAULT", None, ("Battles", "Armed clash")),
        ("PROTEST", "riot", ("Riots", "Violent demonstration")),
        ("PROTEST", "boycott", ("Protests", "Peaceful protest")),
        ("COERCE", "arrest", ("Strategic developments", "Arrests")),
    ],
)
def test_to_acled(ptype, mode, expected):
    cat = to_acled(ptype, mode)
    assert (cat.event_type, cat.sub_event_type) == expected


def test_statements_are_unmapped_and_unknown_types_raise():
    assert to_acled("ACCUSE", "disapprove") is None
    with pytest.raises(KeyError):
        to_acled("BOMBARD")


def test_from_acled_inverts_specific_categories():
    for table in ACLED_MAPPING.values():
        for cat in table.values():
            if cat is None:
                continue
            back_type, back_mode = from_acled(cat.event_type, cat.sub_event_type)
            assert to_acled(back_type, back_mode) == cat
    assert from_acled("Battles", "Government regains territory")[0] == "ASSAULT"
    with pytest.raises(KeyError):
        from_acled("Weather")

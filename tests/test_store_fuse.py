"""Fusion rules as pure functions (no database)."""

from __future__ import annotations

from marsad.store import fuse as fz


def row(**kw):
    base = {"type": "ASSAULT", "mode": None, "date": "2024-01-28", "place_id": "tower-22", "place_name": "Tower 22",
            "admin1": None, "country": "JO", "source_actor_id": None, "target_actor_id": "us-forces"}
    base.update(kw)
    return base


AFF = fz.AffiliationIndex.build([
    {"source": "kataib-hezbollah", "type": "member_of", "target": "iri", "start_date": "2023-10", "end_date": None},
    {"source": "iran", "type": "backs", "target": "kataib-hezbollah", "start_date": None, "end_date": None},
])


def test_dates_cut_to_the_coarser_precision():
    assert fz.dates_compatible("2024-01-28", "2024-01", same_place=False)
    assert fz.dates_compatible("2024", "2024-01-28", same_place=False)
    assert not fz.dates_compatible("2024-02", "2024-01-28", same_place=False)
    assert fz.dates_compatible("2024-01-27", "2024-01-28", same_place=True)
    assert not fz.dates_compatible("2024-01-27", "2024-01-28", same_place=False)
    assert not fz.dates_compatible("2024-01-26", "2024-01-28", same_place=True)
    assert not fz.dates_compatible(None, "2024-01-28", same_place=True)
    assert fz.dates_compatible(None, None, same_place=False)


def test_places_nest():
    anbar_town = {"place_id": "al-qaim", "place_name": "Al-Qa'im", "admin1": "Al-Anbar", "country": "IQ"}
    anbar = {"place_id": "anbar", "place_name": "Anbar", "admin1": "Al-Anbar", "country": "IQ"}
    ramadi = {"place_id": "ramadi", "place_name": "Ramadi", "admin1": "Al-Anbar", "country": "IQ"}
    iraq = {"place_id": None, "place_name": "Iraq", "admin1": None, "country": "IQ"}
    erbil = {"place_id": "erbil", "place_name": "Erbil", "admin1": "Erbil", "country": "IQ"}
    assert fz.places_compatible(anbar_town, anbar)[0]  # the governorate contains the town
    assert not fz.places_compatible(anbar_town, ramadi)[0]  # two towns of one governorate
    assert fz.places_compatible(anbar_town, iraq)[0]  # country only
    assert not fz.places_compatible(erbil, {"place_id": None, "place_name": "Jordan", "country": "JO"})[0]
    assert fz.places_compatible(anbar_town, {})[0]  # no place at all
    assert fz.places_compatible(anbar_town, dict(anbar_town)) == (True, True)


def test_actors_compatible_when_missing_unknown_or_affiliated():
    assert fz.compatible(row(source_actor_id="kataib-hezbollah"), row(source_actor_id=None))
    assert fz.compatible(row(source_actor_id="kataib-hezbollah"), row(source_actor_id="unk-gunmen"))
    assert fz.compatible(row(source_actor_id="kataib-hezbollah"), row(source_actor_id="iri"), AFF)
    # affiliation not yet in force, and a non-identity link, do not make two actors one
    assert not fz.compatible(row(date="2023-05-01", source_actor_id="kataib-hezbollah"),
                             row(date="2023-05-01", source_actor_id="iri"), AFF)
    assert not fz.compatible(row(source_actor_id="kataib-hezbollah"), row(source_actor_id="iran"), AFF)


def test_type_and_mode():
    assert not fz.compatible(row(), row(type="PROTEST"))
    assert fz.compatible(row(mode="drone"), row(mode=None))
    assert not fz.compatible(row(mode="drone"), row(mode="aerial"))


def test_fuse_prefers_reliable_then_recent_and_reports_conflicts():
    srcs = [
        dict(row(fatalities=3), doc_id="a", ordinal=0, as_of="2024-01-28", reliability="B", confidence=0.5),
        dict(row(fatalities=4, date="2024-01"), doc_id="b", ordinal=0, as_of="2024-01-30", reliability="F",
             confidence=0.5),
    ]
    fields, fused_from, conflicts = fz.fuse(srcs)
    assert fields["fatalities"] == 3 and fused_from["fatalities"] == "a"
    assert fields["date"] == "2024-01-28" and fields["corroboration"] == 2
    assert fields["first_reported"] == "2024-01-28" and fields["confidence"] == 0.75
    assert [c["value"] for c in conflicts["fatalities"]] == [3, 4]
    assert "date" not in conflicts  # 2024-01 agrees with 2024-01-28 at its precision
    srcs[0]["reliability"] = "F"
    fields, fused_from, _ = fz.fuse(srcs)
    assert fields["fatalities"] == 4 and fused_from["fatalities"] == "b"  # equal grades: most recent


def test_event_ids_are_deterministic():
    assert fz.event_id(row()) == fz.event_id(row())
    assert fz.event_id(row()) != fz.event_id(row(date="2024-01-29"))
    assert fz.event_id(row(), salt=1) != fz.event_id(row())
    assert fz.unknown_actor_id("The Gunmen") == "unk-gunmen"


def test_claim_groups():
    g = {"unit": "attacks", "keywords": " ".join(sorted(fz.keywords("attacks on U.S. forces", "attacks"))),
         "period_start": "2023-10", "period_end": "2024-01"}
    assert fz.claim_matches_group(g, {"unit": "attacks", "subject": "militia attacks on US forces"})
    assert fz.claim_matches_group(g, {"unit": "Attacks", "subject": "attacks on American forces",
                                      "period_start": "2024-01", "period_end": "2024-02"})
    assert not fz.claim_matches_group(g, {"unit": "attacks", "subject": "attacks on Israel"})
    assert not fz.claim_matches_group(g, {"unit": "attacks", "subject": "attacks on U.S. forces",
                                          "period_start": "2022", "period_end": "2022"})
    assert not fz.claim_matches_group(g, {"unit": "troops", "subject": "U.S. forces"})
    assert not fz.groupable({"unit": "soldiers", "subject": "more soldiers"})

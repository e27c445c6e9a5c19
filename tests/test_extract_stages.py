"""Extraction stages on hand-written sentences, with a tiny pack from tests/data/extract_pack.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from marsad.extract.pipeline import Pipeline
from marsad.model import Actor, Affiliation, Document, Place, Role
from marsad.text import name_key

DATA = Path(__file__).parent / "data" / "extract_pack.yaml"


class FakePack:
    """The parts of KnowledgePack the pipeline reads, built from a small YAML file."""

    def __init__(self, path: Path):
        raw = yaml.safe_load(path.read_text("utf-8"))
        self.actors = {}
        self.demonyms = {}  # adjective -> actor id, as KnowledgePack keeps them
        for a in raw["actors"]:
            a = dict(a)
            a["roles"] = [Role(**r) for r in a.get("roles", [])]
            self.demonyms.update({w: a["id"] for w in a.pop("demonyms", [])})
            self.actors[a["id"]] = Actor(**a)
        self.places = {p["id"]: Place(**p) for p in raw["places"]}
        self.affiliations = [Affiliation(**f) for f in raw.get("affiliations", [])]
        self.offices = raw.get("offices", {})
        self.fingerprint = "test-pack-1"

    def actor(self, id):
        return self.actors.get(id)

    def place(self, id):
        return self.places.get(id)

    def actor_aliases(self):
        return [(s, a.id) for a in self.actors.values() for s in [a.name, *a.aliases]]

    def actor_demonyms(self):
        return list(self.demonyms.items())

    def place_aliases(self):
        return [(s, p.id) for p in self.places.values() for s in [p.name, *p.aliases]]

    def affiliations_of(self, actor_id, date=None, type=None):
        return [f for f in self.affiliations if actor_id in (f.source, f.target) and (type is None or f.type == type)]

    def holders_by_title(self, title, date, country=None):
        out = []
        for o in self.offices.values():
            if name_key(title) not in {name_key(t) for t in [o["title"], *o["titles"]]}:
                continue
            for a in self.actors.values():
                for r in a.roles:
                    if r.office == o["id"] and (date is None or ((r.start or "") <= date and (r.end is None or date <= r.end))):
                        out.append(a)
        return out


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(FakePack(DATA))


def run(nlp, text, published="2024-01-10"):
    return nlp(Document(id="t", text=text, published=published))


def actor_ids(report):
    return {a.id for a in report.actors if a.mentions}


def events_of(report, type_=None):
    return [e for e in report.events if type_ is None or e.type == type_]


# --------------------------------------------------------------------------- actors


def test_transliteration_variants_resolve_to_one_actor(nlp):
    r = run(nlp, "Kataib Hizbullah fighters fired rockets. Later Kata'ib Hezbollah said it was ready. "
                 "Asa'ib Ahl al-Haq stayed silent.")
    kh = next(a for a in r.actors if a.id == "kataib-hezbollah")
    assert [m.text for m in kh.mentions] == ["Kataib Hizbullah", "Kata'ib Hezbollah"]
    assert "asaib-ahl-al-haq" in actor_ids(r)


def test_variant_needs_capitals_and_no_lookalike_words(nlp):
    r = run(nlp, "The hezbollah word in lower case is not a name. Sunni lawmakers met in Baghdad.")
    assert actor_ids(r) - {None} == set()  # no pack actor ("Sunni lawmakers" is a generic one, without an id)


def test_acronym_defined_in_text(nlp):
    r = run(nlp, "The Popular Mobilization Forces, or PMF, deployed fighters. PMF units later withdrew.")
    pmf = next(a for a in r.actors if a.id == "popular-mobilization-forces")
    assert [m.text for m in pmf.mentions][-2:] == ["PMF", "PMF"]


def test_surname_after_full_mention(nlp):
    r = run(nlp, "Prime Minister Mohammed Shia al-Sudani met envoys. Sudani later left.")
    a = next(a for a in r.actors if a.id == "mohammed-shia-al-sudani")
    assert [m.text for m in a.mentions] == ["Mohammed Shia al-Sudani", "Sudani"]


def test_back_references_to_militia_and_premier(nlp):
    text = ("Kata'ib Hizballah, the Iran-backed militia, fired rockets at the base on Monday. "
            "The premier condemned the attack.")
    r = run(nlp, text, published="2021-03-10")
    kh = next(a for a in r.actors if a.id == "kataib-hezbollah")
    assert "the Iran-backed militia" in [m.text for m in kh.mentions]
    pm = next(a for a in r.actors if a.id == "mustafa-al-kadhimi")  # holder on 2021-03-10
    assert [m.text for m in pm.mentions] == ["The premier"]
    rel = {(x.source.id, x.type, x.target.id) for x in r.relations}
    assert ("iran", "backs", "kataib-hezbollah") in rel


def test_metonyms_from_rules(nlp):
    r = run(nlp, "U.S. warplanes struck the depot on Monday, and Iraqi forces sealed the area.")
    assert {"us-forces", "iraqi-security-forces"} <= actor_ids(r)


def test_country_as_place_is_not_an_actor(nlp):
    r = run(nlp, "Rockets hit a base in Iraq on Monday.")
    assert "iraq" not in actor_ids(r)
    assert any(p.id == "iraq" for p in r.places)
    r2 = run(nlp, "Iran condemned the strike on Monday.")
    assert "iran" in actor_ids(r2)


def test_capital_metonym_vs_place(nlp):
    r = run(nlp, "Tehran vowed revenge on Monday.")
    assert "iran" in actor_ids(r)
    r2 = run(nlp, "Officials met in Tehran on Monday.")
    assert "iran" not in actor_ids(r2)
    assert any(p.id == "tehran" for p in r2.places)


def test_unknown_organisation_and_person(nlp):
    r = run(nlp, "Saraya Thar al-Muhandis claimed nothing. Gen. John Smithers said the base was hit.")
    unknown = {a.name: a for a in r.actors if a.id is None}
    assert unknown["Saraya Thar al-Muhandis"].kind == "armed_group"
    assert unknown["John Smithers"].kind == "person"


# --------------------------------------------------------------------------- places


def test_place_variant_and_admin1(nlp):
    r = run(nlp, "A drone hit Irbil on Monday. Another struck near Hilla.")
    ids = {p.id: p for p in r.places}
    assert ids["erbil"].admin1 == "Erbil" and ids["hillah"].admin1 == "Babil"
    assert ids["erbil"].mentions[0].text == "Irbil"


# --------------------------------------------------------------------------- events


def test_attack_with_date_place_actors_and_fatalities(nlp):
    text = "Kataib Hezbollah fighters attacked Camp Taji on Sunday, killing two U.S. troops and a contractor."
    r = run(nlp, text, published="2024-01-02")  # a Tuesday: Sunday is 2023-12-31 (year boundary)
    (e,) = events_of(r, "ASSAULT")
    assert e.date == "2023-12-31" and e.date_precision == "day"
    assert e.location.name == "Camp Taji" and e.location.admin1 == "Baghdad"
    assert e.source_actor.id == "kataib-hezbollah"
    assert e.fatalities == 3
    assert e.certainty == "asserted"


def test_month_boundary_last_month(nlp):
    r = run(nlp, "Moqtada al-Sadr last month urged the government to hold elections.", published="2024-03-05")
    (e,) = events_of(r, "REQUEST")
    assert e.date == "2024-02" and e.date_precision == "month"


def test_no_one_killed_is_zero(nlp):
    r = run(nlp, "Rockets hit Camp Taji on Monday. No one was killed.")
    (e,) = events_of(r, "ASSAULT")
    assert e.fatalities == 0


def test_negation_is_denied(nlp):
    r = run(nlp, "Kataib Hezbollah did not attack the base on Monday.")
    assert all(e.certainty == "denied" for e in events_of(r, "ASSAULT"))


def test_threat_is_event_threatened_act_is_hypothetical(nlp):
    r = run(nlp, "Harakat al-Nujaba threatened on Monday to attack U.S. troops.")
    (t,) = events_of(r, "THREATEN")
    assert t.certainty == "asserted" and t.source_actor.id == "harakat-al-nujaba"
    assert all(e.certainty == "hypothetical" for e in events_of(r, "ASSAULT"))


def test_conditional_is_hypothetical(nlp):
    r = run(nlp, "Analysts said a war could follow if Iran struck U.S. forces.")
    assert all(e.certainty in ("hypothetical", "denied") for e in events_of(r, "ASSAULT"))


def test_reported_attack(nlp):
    r = run(nlp, "Rockets struck Camp Taji on Monday, the Iraqi government said.")
    (e,) = events_of(r, "ASSAULT")
    assert e.certainty == "reported"


def test_statement_location_is_actor_country(nlp):
    r = run(nlp, "Iran condemned the raid on Monday.")
    (e,) = events_of(r, "ACCUSE")
    assert e.location.name is None and e.location.country == "IR"


def test_repeated_mentions_merge_into_one_event(nlp):
    text = ("U.S. warplanes struck Kataib Hezbollah sites near Hilla on Monday. "
            "The strikes killed four fighters, officials said.")
    r = run(nlp, text)
    (e,) = events_of(r, "ASSAULT")
    assert e.fatalities == 4 and len(e.mentions) == 1
    assert e.source_actor.id == "us-forces" and e.target_actor.id == "kataib-hezbollah"


def test_condemnation_targets_the_attackers_state(nlp):
    text = "U.S. warplanes struck Kataib Hezbollah sites on Monday. The Iraqi government condemned the strikes."
    r = run(nlp, text)
    (acc,) = events_of(r, "ACCUSE")
    assert acc.source_actor.id == "iraq" and acc.target_actor.id == "united-states"


def test_funeral_and_aggregate_are_not_events(nlp):
    r = run(nlp, "Mourners carried the coffin through Baghdad. There have been more than 100 attacks on U.S. forces.")
    assert events_of(r) == []


# --------------------------------------------------------------------------- relations


def test_relation_patterns(nlp):
    text = ("Kataib Hezbollah, which is part of the Popular Mobilization Forces, fired rockets. "
            "Nujaba belongs to the Popular Mobilization Forces. "
            "Iraqi Prime Minister Mustafa al-Kadhimi spoke on Monday.")
    r = run(nlp, text, published="2021-01-05")
    rel = {(x.source.id, x.type, x.target.id) for x in r.relations}
    assert ("kataib-hezbollah", "part_of", "popular-mobilization-forces") in rel
    # a group inside a state force is part_of it (gold: "the umbrella to which KH belongs")
    assert ("harakat-al-nujaba", "part_of", "popular-mobilization-forces") in rel
    assert ("mustafa-al-kadhimi", "leads", "iraq") in rel  # the title names the state
    assert len(rel) == len(r.relations)  # each relation once


def test_a_title_alone_does_not_create_a_relation(nlp):
    # the pack knows whose prime minister he was, but this text never names the state
    r = run(nlp, "Prime Minister Mustafa al-Kadhimi spoke on Monday.", published="2021-01-05")
    assert not [x for x in r.relations if x.source.id == "mustafa-al-kadhimi"]
    # nor does a title that heads the state the text names (a bare title states no relation)
    r = run(nlp, "Prime Minister Mustafa al-Kadhimi said Iraq would not be a battlefield.", published="2021-01-05")
    assert not [x for x in r.relations if x.source.id == "mustafa-al-kadhimi"]


def test_no_country_is_assumed_without_places_or_a_known_actor(nlp):
    r = run(nlp, "Unidentified gunmen attacked a checkpoint on Monday.", published="2021-01-05")
    (e,) = events_of(r, "ASSAULT")
    assert e.location is None or e.location.country is None


def test_a_text_without_places_is_in_the_country_of_its_known_actors(nlp):
    r = run(nlp, "Shiite parties rejected a proposal by Mohammed Shia al-Sudani on Sunday.", published="2024-11-02")
    (e,) = events_of(r, "REJECT")
    assert e.location is not None and e.location.country == "IQ"


def test_every_span_reproduces_its_text(nlp):
    text = ("BAGHDAD — Kata'ib Hizballah, the Iran-backed militia, fired 12 rockets at Camp Taji on Sunday, "
            "wounding three U.S. troops. The Iraqi government condemned the attack.\n\n"
            "Moqtada al-Sadr, the cleric, urged calm.")
    r = run(nlp, text)
    assert r.check_spans(text) == []


def test_strike_package_over_two_countries_is_two_events(nlp):
    text = ("U.S. warplanes struck three Kataib Hezbollah sites near Hilla in Iraq and two depots in Syria "
            "on Monday, killing 25 fighters.")
    r = run(nlp, text)
    assault = events_of(r, "ASSAULT")
    assert sorted(e.location.country for e in assault) == ["IQ", "SY"]
    assert all(e.fatalities is None for e in assault)  # a total over both goes to neither


def test_warning_that_is_not_a_threat(nlp):
    r = run(nlp, "Iran condemned the raid on Monday and warned that it would lead to instability.")
    assert [e.type for e in events_of(r) if e.certainty in ("asserted", "reported")] == ["ACCUSE"]
    r2 = run(nlp, "Harakat al-Nujaba warned on Monday of harsh retaliation if U.S. troops stayed.")
    assert [e.type for e in events_of(r2)] == ["THREATEN"]


def test_diplomatic_protest_targets_the_envoys_state(nlp):
    r = run(nlp, "The Iraqi government summoned the Iranian ambassador on Monday over the shelling.")
    (e,) = events_of(r, "ACCUSE")
    assert e.source_actor.id == "iraq" and e.target_actor.id == "iran"


def test_announced_withdrawal_has_its_author(nlp):
    r = run(nlp, "Moqtada al-Sadr announced his withdrawal from political life on Monday.")
    (e,) = events_of(r, "RETREAT")
    assert e.source_actor.id == "muqtada-al-sadr"
    assert e.location.country == "IQ"


def test_place_naming_another_event_is_not_the_location(nlp):
    r = run(nlp, "Rockets hit Camp Taji on Monday, the first attack since the Erbil talks began.")
    (e,) = events_of(r, "ASSAULT")
    assert e.location.name == "Camp Taji"


def test_backing_and_leadership_phrasings(nlp):
    text = ("Kataib Hezbollah, the strongest of Iraq's Iran-aligned armed factions, said on Monday it "
            "would pause its operations. The Sadrist Movement, the movement Moqtada al-Sadr still leads, "
            "stayed silent.")
    r = run(nlp, text)
    rel = {(x.source.id, x.type, x.target.id) for x in r.relations}
    assert ("iran", "backs", "kataib-hezbollah") in rel
    assert ("muqtada-al-sadr", "leads", "sadrist-movement") in rel


def test_authors_own_account_and_crowd_subject(nlp):
    r = run(nlp, "Rockets struck Erbil on Sunday in an attack that the Revolutionary Guards said was directed "
                 "at an intelligence office. Iran condemned the attack.")
    (a,) = events_of(r, "ASSAULT")
    assert a.source_actor.id == "islamic-revolutionary-guard-corps"
    r2 = run(nlp, "Moqtada al-Sadr called a boycott. Hundreds of his supporters marched in Baghdad on Friday.")
    (p,) = [e for e in events_of(r2, "PROTEST") if e.date]
    assert p.source_actor.id == "sadrist-movement" and p.location.name == "Baghdad"


def test_followers_of_a_leader_act_as_his_group(nlp):
    r = run(nlp, "On Monday, followers of Moqtada al-Sadr stormed the Republican Palace in Baghdad.")
    (p,) = events_of(r, "PROTEST")
    assert p.source_actor.id == "sadrist-movement" and p.target_actor.id == "iraq"

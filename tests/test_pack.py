"""Loading the built-in pack and looking things up in it."""

import json
from pathlib import Path

import pytest

from marsad.knowledge import KnowledgePack
from marsad.model import ACTOR_KINDS, Actor, Place
from marsad.ontology import ACLED_INTER, SECTORS
from marsad.text import name_key

DEV = Path("/work/shared/corpus/dev")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def pack() -> KnowledgePack:
    return KnowledgePack.load()


def resolve(pack: KnowledgePack, surface: str) -> set[str]:
    k = name_key(surface)
    return {i for s, i in pack.actor_aliases() if name_key(s) == k}


def test_builtin_pack_shape(pack):
    assert len(pack.actors) >= 150
    assert all(isinstance(a, Actor) for a in pack.actors.values())
    assert all(a.kind in ACTOR_KINDS for a in pack.actors.values())
    assert all(a.sector in SECTORS for a in pack.actors.values())
    assert all(a.acled_inter in ACLED_INTER for a in pack.actors.values())
    assert len(pack.fingerprint) == 16
    assert pack.offices["prime-minister-iraq"]["country"] == "IQ"


def test_contract_ids_exist(pack):
    for i in (
        "kataib-hezbollah",
        "us-forces",
        "mohammed-shia-al-sudani",
        "popular-mobilization-forces",
        "iraq",
    ):
        assert pack.actor(i) is not None, i
    assert pack.actor("no-such-actor") is None
    for o in ("prime-minister-iraq", "president-iraq", "speaker-iraq", "quds-force-commander"):
        assert o in pack.offices


@pytest.mark.parametrize(
    "surface, actor_id",
    [
        ("Kata'ib Hizballah", "kataib-hezbollah"),
        ("kataib hizbollah", "kataib-hezbollah"),
        ("KH", "kataib-hezbollah"),
        ("the Pentagon", "us-department-of-defense"),
        ("U.S. Central Command", "us-forces"),
        ("Hashd", "popular-mobilization-forces"),
        ("Moqtada al-Sadr", "muqtada-al-sadr"),
        ("the al-Nujaba", "harakat-al-nujaba"),
        ("Daesh", "isis"),
        ("Sudani", "mohammed-shia-al-sudani"),
        ("Emtidad", "imtidad"),
        ("كتائب حزب الله", "kataib-hezbollah"),
    ],
)
def test_alias_lookup(pack, surface, actor_id):
    assert resolve(pack, surface) == {actor_id}


def test_shared_surnames_are_not_aliases(pack):
    assert resolve(pack, "Barzani") == set()
    assert resolve(pack, "Talabani") == set()


def test_no_two_actors_share_a_name_key(pack):
    owners: dict[str, set[str]] = {}
    for s, i in pack.actor_aliases():
        owners.setdefault(name_key(s), set()).add(i)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus not present")
def test_every_dev_gold_actor_has_its_canonical_name(pack):
    names = {a.name for a in pack.actors.values()}
    gold = set()
    for f in sorted(DEV.glob("d*.json")):
        gold |= {a["name"] for a in json.loads(f.read_text())["gold"]["actors"]}
    assert gold - names == set()


@pytest.mark.parametrize(
    "office, date, holder",
    [
        ("prime-minister-iraq", "2021-11-07", "mustafa-al-kadhimi"),
        ("prime-minister-iraq", "2023-05-01", "mohammed-shia-al-sudani"),
        ("prime-minister-iraq", "2022-10-27", "mohammed-shia-al-sudani"),  # hand-over day
        ("prime-minister-iraq", "2010", "nouri-al-maliki"),
        ("president-iraq", "2020-01", "barham-salih"),
        ("speaker-iraq", "2007-06-01", "mahmoud-al-mashhadani"),
        ("speaker-iraq", "2020-06-01", "mohamed-al-halbousi"),
        ("speaker-iraq", "2025-02-01", "mahmoud-al-mashhadani"),
        ("quds-force-commander", "2019-05-05", "qasem-soleimani"),
        ("quds-force-commander", "2021-05-05", "esmail-qaani"),
        ("secretary-of-defense-us", "2024-01-28", "lloyd-austin"),
        ("centcom-commander", "2020-03-11", "kenneth-mckenzie"),
        ("president-us", "2018-06-01", "donald-trump"),
        ("president-us", "2025-06-01", "donald-trump"),
        ("krg-prime-minister", "2022-03-13", "masrour-barzani"),
    ],
)
def test_office_holder_by_date(pack, office, date, holder):
    got = pack.office_holder(office, date)
    assert got is not None and got.id == holder


def test_office_holder_edge_cases(pack):
    assert pack.office_holder("prime-minister-iraq", "1950-01-01") is None
    assert pack.office_holder("no-such-office", "2020") is None
    # Ali al-Zaidi won the confidence vote of 14 May 2026
    assert pack.office_holder("prime-minister-iraq", None).id == "ali-al-zaidi"


def test_holders_by_title(pack):
    assert [a.id for a in pack.holders_by_title("prime minister", "2021-11-07", country="IQ")] == [
        "mustafa-al-kadhimi"
    ]
    assert [a.id for a in pack.holders_by_title("the premier", "2023-05-01", country="IQ")] == [
        "mohammed-shia-al-sudani"
    ]
    both = {a.id for a in pack.holders_by_title("president", "2023-01-01")}
    assert {"abdul-latif-rashid", "joe-biden"} <= both
    assert [a.id for a in pack.holders_by_title("defense secretary", "2025-03-01")] == [
        "pete-hegseth"
    ]


def test_affiliations_of(pack):
    kh = pack.affiliations_of("kataib-hezbollah")
    assert any(a.type == "part_of" and a.target == "popular-mobilization-forces" for a in kh)
    assert any(
        a.source == "abu-mahdi-al-muhandis" and a.type == "leads" for a in kh
    )  # incoming too
    # al-Muhandis led KH until January 2020
    leads_2019 = pack.affiliations_of("kataib-hezbollah", date="2019-06-01", type="leads")
    leads_2021 = pack.affiliations_of("kataib-hezbollah", date="2021-06-01", type="leads")
    assert "abu-mahdi-al-muhandis" in {a.source for a in leads_2019}
    assert "abu-mahdi-al-muhandis" not in {a.source for a in leads_2021}
    assert all(a.type == "leads" for a in leads_2019)


def test_search_actors(pack):
    hits = pack.search_actors("Kataib Hizbolah", limit=3)
    assert hits and hits[0][0].id == "kataib-hezbollah"
    assert pack.search_actors("Asaib Ahl al Haq")[0][0].id == "asaib-ahl-al-haq"
    assert pack.search_actors("", limit=3) == []
    assert all(0 <= s <= 100 for _, s in hits)


def test_places_and_search(pack):
    if not pack.places:
        pytest.skip("places.csv not present yet")
    assert all(isinstance(p, Place) for p in pack.places.values())
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in pack.places.values())
    assert pack.place_aliases()
    hits = pack.search_places("Erbil", limit=5)
    assert hits and name_key(hits[0][0].name) == "erbil"


def test_institutions_and_elections(pack):
    bodies = {b["id"]: b for b in pack.institutions["bodies"]}
    cor = bodies["council-of-representatives"]
    assert (cor["seats"], cor["majority"], cor["thresholds"]["president_election"]["votes"]) == (
        329,
        165,
        220,
    )
    assert bodies["kurdistan-parliament"]["seats"] == 100
    el = {e["id"]: e for e in pack.elections["elections"]}
    seats_2021 = {r.get("actor"): r["seats"] for r in el["iraq-parliament-2021"]["results"]}
    assert seats_2021["sadrist-movement"] == 73 and seats_2021["taqaddum"] == 37
    assert sum(r["seats"] for r in el["iraq-parliament-2021"]["results"]) == 329
    krd = {r.get("actor"): r["seats"] for r in el["kurdistan-parliament-2024"]["results"]}
    assert (
        krd["kurdistan-democratic-party"],
        krd["patriotic-union-of-kurdistan"],
        krd["new-generation"],
    ) == (39, 23, 15)


def test_load_is_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    from marsad.knowledge import pack as pack_module

    monkeypatch.setattr(pack_module, "_MEMORY", {})
    first = KnowledgePack.load()
    assert list(tmp_path.glob("pack-*.pickle"))  # written to the cache dir
    monkeypatch.setattr(pack_module, "_MEMORY", {})
    second = KnowledgePack.load()
    assert second.fingerprint == first.fingerprint
    assert second.actors["kataib-hezbollah"] == first.actors["kataib-hezbollah"]


def test_overlay_adds_and_replaces(tmp_path):
    d = tmp_path / "overlay"
    d.mkdir()
    (d / "actors.yaml").write_text(
        "- id: kataib-hezbollah\n"
        "  name: Kataib Hezbollah\n"
        "  kind: armed_group\n"
        "  sector: PRM\n"
        "  acled_inter: 3\n"
        "  aliases: [KH, Brigades of the Party of God]\n"
        "- id: new-front\n"
        "  name: New Front Brigade\n"
        "  kind: armed_group\n"
        "  sector: PRM\n"
        "  acled_inter: 3\n"
        "  aliases: [NFB]\n"
        "  affiliations:\n"
        "    - {type: part_of, target: popular-mobilization-forces, start: 2024}\n",
        encoding="utf-8",
    )
    base = KnowledgePack.load()
    over = KnowledgePack.load(overlays=[d])
    assert over.fingerprint != base.fingerprint
    assert over.actor("new-front").name == "New Front Brigade"
    assert over.actor("kataib-hezbollah").aliases == ["KH", "Brigades of the Party of God"]
    assert "Kata'ib Hizballah" in base.actor("kataib-hezbollah").aliases
    assert len(over.actors) == len(base.actors) + 1
    assert any(a.source == "new-front" for a in over.affiliations_of("popular-mobilization-forces"))
    # the replaced entry's own affiliations are gone with it
    assert not any(a.source == "kataib-hezbollah" for a in over.affiliations)
    assert resolve(over, "NFB") == {"new-front"}


def test_overlay_with_places_only(tmp_path):
    d = tmp_path / "overlay"
    d.mkdir()
    (d / "places.csv").write_text(
        "id,name,kind,admin1,country,lat,lon,aliases,parent\n"
        "test-outpost,Test Outpost,base,Anbar,IQ,33.5,42.0,Outpost T|Camp Test,\n",
        encoding="utf-8",
    )
    over = KnowledgePack.load(overlays=[d])
    assert over.place("test-outpost").aliases == ["Outpost T", "Camp Test"]
    assert ("Camp Test", "test-outpost") in over.place_aliases()


def test_demonyms_are_kept_apart_from_aliases(pack):
    dem = dict(pack.actor_demonyms())
    assert dem["Iranian"] == "iran" and dem["Israeli"] == "israel" and dem["Iraqi"] == "iraq"
    assert resolve(pack, "Iranian") == set()


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [
        ("the CPA", "coalition-provisional-authority"),
        ("Paul Bremer", "paul-bremer"),
        ("Sons of Iraq", "awakening-councils"),
        ("Sahwa", "awakening-councils"),
        ("MNF-I", "multi-national-force-iraq"),
        ("Tawafuq", "iraqi-accord-front"),
        ("al-Iraqiya", "iraqiya"),
        ("Tariq al-Hashimi", "tariq-al-hashemi"),
        ("Zarqawi", "abu-musab-al-zarqawi"),
    ],
)
def test_actors_of_the_occupation_years(pack, surface, actor_id):
    """The pack names the authorities, commanders, lists and insurgents of 2003-2011."""
    assert resolve(pack, surface) == {actor_id}


def test_a_common_surname_alone_names_no_newer_figure(pack):
    # two different men of the 2010s bear it: only full names resolve
    assert resolve(pack, "Issawi") == set()
    assert resolve(pack, "Rafi al-Issawi") == {"rafi-al-issawi"}


def test_dated_leadership_with_its_reference(pack):
    led = pack.affiliations_of("multi-national-force-iraq", date="2007-06-01", type="leads")
    assert {a.source for a in led} == {"david-petraeus"}
    assert all(a.reference and a.reference.startswith("https://") for a in led)
    later = pack.affiliations_of("multi-national-force-iraq", date="2009-03-01", type="leads")
    assert {a.source for a in later} == {"ray-odierno"}
    assert pack.office_holder("president-iraq", "1995-01-01").id == "saddam-hussein"

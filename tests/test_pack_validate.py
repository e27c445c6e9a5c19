"""The pack validator: each kind of breakage is reported with its file name and line number."""

from pathlib import Path

import pytest

from marsad.errors import PackError
from marsad.knowledge import KnowledgePack, Problem, validate, validate_dir

ACTORS = """\
- id: alpha-group
  name: Alpha Group
  kind: armed_group
  sector: PRM
  acled_inter: 3
  country: IQ
  aliases: [AG, Alpha Brigades]
  affiliations:
    - {type: part_of, target: state-x, start: 2016, end: null}
- id: state-x
  name: State X
  kind: state
  sector: STA
  acled_inter: 1
  country: IQ
  aliases: [Xland]
- id: jane-doe
  name: Jane Doe
  kind: person
  sector: GOV
  acled_inter: 1
  country: IQ
  aliases: [Doe]
  roles:
    - {office: chief-x, start: 2020-01-01, end: 2022-06-30}
"""

INSTITUTIONS = """\
offices:
  - id: chief-x
    title: Chief of State X
    titles: [chief, head of state x]
    country: IQ
    organization: state-x
bodies:
  - id: assembly-x
    name: Assembly of X
    seats: 10
    majority: 6
"""

PLACES = """\
id,name,kind,admin1,country,lat,lon,aliases,parent
town-a,Town A,city,Province A,IQ,33.3,44.4,Tawn A|Ta,
town-b,Town B,city,Province A,IQ,35.1,43.2,,town-a
"""


def write_pack(root: Path, actors=ACTORS, institutions=INSTITUTIONS, places=PLACES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if actors is not None:
        (root / "actors.yaml").write_text(actors, encoding="utf-8")
    if institutions is not None:
        (root / "institutions.yaml").write_text(institutions, encoding="utf-8")
    if places is not None:
        (root / "places.csv").write_text(places, encoding="utf-8")
    return root


def only(problems: list[Problem], needle: str) -> Problem:
    hits = [p for p in problems if needle in p.message]
    assert len(hits) == 1, [str(p) for p in problems]
    return hits[0]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_fixture_pack_is_clean(tmp_path):
    assert validate_dir(write_pack(tmp_path / "p")) == []


def test_builtin_pack_is_clean():
    assert [str(p) for p in validate()] == []


def test_duplicate_id(tmp_path):
    broken = ACTORS + "- id: state-x\n  name: State X again\n  kind: state\n"
    d = write_pack(tmp_path / "p", actors=broken)
    p = only(validate_dir(d), "duplicate actor id 'state-x'")
    assert p.file.endswith("actors.yaml") and p.line == 26
    assert "actors.yaml:10" in p.message  # where the first one is
    assert str(p).startswith(f"{p.file}:26: ")


def test_unknown_affiliation_target(tmp_path):
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("target: state-x", "target: state-y"))
    p = only(validate_dir(d), "unknown affiliation target 'state-y'")
    assert p.file.endswith("actors.yaml") and p.line == 9


def test_unknown_office(tmp_path):
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("office: chief-x", "office: chief-z"))
    p = only(validate_dir(d), "unknown office 'chief-z'")
    assert p.file.endswith("actors.yaml") and p.line == 25


def test_bad_date_format(tmp_path):
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("start: 2020-01-01", "start: 2020-13-01"))
    p = only(validate_dir(d), "bad start date")
    assert p.file.endswith("actors.yaml") and p.line == 25
    assert "2020-13-01" in p.message


def test_end_before_start(tmp_path):
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("end: 2022-06-30", "end: 2019-06"))
    p = only(validate_dir(d), "is before start")
    assert p.file.endswith("actors.yaml") and p.line == 25


def test_bad_coordinates(tmp_path):
    places = (
        PLACES.replace("35.1,43.2", "135.1,43.2") + "town-c,Town C,city,Province A,IQ,,44.0,,\n"
    )
    d = write_pack(tmp_path / "p", places=places)
    probs = validate_dir(d)
    out = only(probs, "lat 135.1 out of range")
    assert out.file.endswith("places.csv") and out.line == 3
    missing = only(probs, "missing lat")
    assert missing.file.endswith("places.csv") and missing.line == 4


def test_unknown_place_parent(tmp_path):
    d = write_pack(tmp_path / "p", places=PLACES.replace(",town-a\n", ",town-q\n"))
    p = only(validate_dir(d), "unknown parent 'town-q'")
    assert p.line == 3


def test_alias_clash(tmp_path):
    # "Alpha-Brigades" and "Alpha Brigades" have the same name key
    broken = ACTORS.replace("aliases: [Xland]", "aliases: [Xland, Alpha-Brigades]")
    d = write_pack(tmp_path / "p", actors=broken)
    p = only(validate_dir(d), "alias clash")
    assert p.file.endswith("actors.yaml") and p.line == 16
    assert "alpha-group" in p.message and "state-x" in p.message


def test_alias_clash_with_a_name(tmp_path):
    broken = ACTORS.replace("aliases: [Doe]", "aliases: [Doe, the State X]")
    p = only(validate_dir(write_pack(tmp_path / "p", actors=broken)), "alias clash")
    assert p.line == 23


def test_shared_alias_is_allowed_when_both_declare_it(tmp_path):
    broken = ACTORS.replace("aliases: [Xland]", "aliases: [Xland]\n  shared_aliases: [Doe]")
    d = write_pack(tmp_path / "p", actors=broken)
    assert only(validate_dir(d), "alias clash")  # only one side declares it: still a clash
    fixed = broken.replace("aliases: [Doe]", "aliases: []\n  shared_aliases: [Doe]")
    assert validate_dir(write_pack(tmp_path / "q", actors=fixed)) == []


def test_unknown_kind_sector_and_type(tmp_path):
    broken = (
        ACTORS.replace("kind: armed_group", "kind: militia")
        .replace("sector: STA", "sector: XYZ")
        .replace("type: part_of", "type: funds")
    )
    probs = validate_dir(write_pack(tmp_path / "p", actors=broken))
    assert only(probs, "unknown kind 'militia'").line == 3
    assert only(probs, "unknown sector 'XYZ'").line == 13
    assert only(probs, "unknown affiliation type 'funds'").line == 9


def test_unexpected_field_is_reported_by_the_schema(tmp_path):
    broken = ACTORS.replace(
        "  country: IQ\n  aliases: [Xland]", "  country: IQ\n  colour: red\n  aliases: [Xland]"
    )
    p = only(validate_dir(write_pack(tmp_path / "p", actors=broken)), "colour")
    assert p.line == 10  # the entry that carries the stray field


def test_malformed_yaml(tmp_path):
    broken = ACTORS.replace("  aliases: [Doe]", "  aliases: [Doe\n  oops: {")
    probs = validate_dir(write_pack(tmp_path / "p", actors=broken))
    p = only(probs, "malformed YAML")
    assert p.file.endswith("actors.yaml") and p.line is not None and 23 <= p.line <= 26


def test_bad_csv_row_width(tmp_path):
    d = write_pack(tmp_path / "p", places=PLACES + "town-d,Town D,city\n")
    p = only(validate_dir(d), "row has 3 fields")
    assert p.file.endswith("places.csv") and p.line == 4


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    broken = ACTORS.replace("target: state-x", "target: nowhere").replace(
        "office: chief-x", "office: nothing"
    )
    places = PLACES.replace("33.3,44.4", "33.3,444.4")
    probs = validate_dir(write_pack(tmp_path / "p", actors=broken, places=places))
    assert len(probs) >= 3
    assert {Path(p.file).name for p in probs} == {"actors.yaml", "places.csv"}


def test_election_references(tmp_path):
    d = write_pack(tmp_path / "p")
    (d / "elections.yaml").write_text(
        "elections:\n"
        "  - id: x-2020\n"
        "    name: X election\n"
        "    body: assembly-x\n"
        "    date: 2020-05-01\n"
        "    seats: 10\n"
        "    results:\n"
        "      - {list: Alpha, actor: alpha-group, seats: 6}\n"
        "      - {list: Beta, actor: beta-party, seats: 5}\n",
        encoding="utf-8",
    )
    probs = validate_dir(d)
    assert only(probs, "unknown actor 'beta-party'").line == 9
    assert only(probs, "add up to 11 seats").line == 7


def test_load_raises_pack_error_with_lines(tmp_path):
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("target: state-x", "target: state-y"))
    with pytest.raises(PackError) as exc:
        KnowledgePack.load(overlays=[d], builtin=False)
    assert any(p.line == 9 and "state-y" in p.message for p in exc.value.problems)


def test_overlay_validated_against_builtin(tmp_path):
    # an overlay may point at built-in actors and offices
    d = write_pack(
        tmp_path / "o",
        actors="- id: new-front\n  name: New Front Brigade\n  kind: armed_group\n  sector: PRM\n  acled_inter: 3\n"
        "  affiliations:\n    - {type: part_of, target: popular-mobilization-forces, start: 2024}\n",
        institutions=None,
        places=None,
    )
    assert validate([d]) == []
    assert validate_dir(d) != []  # on its own the target is unknown


def test_overlay_alias_clash_with_builtin(tmp_path):
    d = write_pack(
        tmp_path / "o",
        actors='- id: kh-copy\n  name: KH Copy\n  kind: armed_group\n  aliases: ["Kata\'ib Hizballah"]\n',
        institutions=None,
        places=None,
    )
    p = only(validate([d]), "alias clash")
    assert p.file == str(d / "actors.yaml") and p.line == 4
    assert "kataib-hezbollah" in p.message


def test_schema_enums_match_the_python_vocabularies():
    import json
    from importlib import resources

    from marsad.model import ACTOR_KINDS, RELATION_TYPES
    from marsad.ontology import SECTORS

    schema = json.loads(
        resources.files("marsad.knowledge")
        .joinpath("schema", "actors.schema.json")
        .read_text("utf-8")
    )
    props = schema["items"]["properties"]
    assert props["kind"]["enum"] == list(ACTOR_KINDS)
    assert [s for s in props["sector"]["enum"] if s] == list(SECTORS)
    assert props["affiliations"]["items"]["properties"]["type"]["enum"] == list(RELATION_TYPES)


def test_load_reports_an_impossible_date_instead_of_crashing(tmp_path):
    # libyaml turns 2020-13-01 into a date and fails; the loader must turn that into a problem
    d = write_pack(tmp_path / "p", actors=ACTORS.replace("start: 2020-01-01", "start: 2020-13-01"))
    with pytest.raises(PackError) as exc:
        KnowledgePack.load(overlays=[d], builtin=False)
    assert any(p.line == 25 and "2020-13-01" in p.message for p in exc.value.problems)


def test_demonym_clash(tmp_path):
    broken = ACTORS.replace("aliases: [Xland]", "aliases: [Xland]\n  demonyms: [Xish]").replace(
        "aliases: [AG, Alpha Brigades]", "aliases: [AG, Alpha Brigades]\n  demonyms: [xish]"
    )
    p = only(validate_dir(write_pack(tmp_path / "p", actors=broken)), "demonym clash")
    assert p.line == 18 and "alpha-group" in p.message

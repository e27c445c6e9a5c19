"""Office holders around transitions, timelines and institutional control by camp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.analysis.offices import (
    camp_of,
    control_summary,
    holders_at,
    institutional_control,
    office_timeline,
)
from marsad.analysis.power import GameError
from marsad.cli import app
from marsad.knowledge import KnowledgePack


@pytest.fixture(scope="module")
def pack():
    return KnowledgePack.load()


def _holder(pack, date, office):
    row = holders_at(pack, date, [office]).iloc[0]
    return row["holder"], row["acting"]


@pytest.mark.parametrize(
    ("date", "holder", "acting"),
    [
        ("2023-11-13", "mohamed-al-halbousi", False),  # the day before the court's ruling
        ("2023-11-14", "mohsen-al-mandalawi", True),  # the ruling's day: the first deputy acts
        ("2024-05", "mohsen-al-mandalawi", True),  # speaker votes failed in January and May
        ("2024-10-30", "mohsen-al-mandalawi", True),
        ("2024-10-31", "mahmoud-al-mashhadani", False),
        ("2025-12-28", "mahmoud-al-mashhadani", False),
        ("2025-12-29", "haibat-al-halbousi", False),
    ],
)
def test_speaker_around_the_court_removal(pack, date, holder, acting):
    assert _holder(pack, date, "speaker-iraq") == (holder, acting)


def test_removal_and_acting_are_recorded_with_sources(pack):
    tl = office_timeline(pack, ["speaker-iraq"])
    halbousi = tl[(tl["holder"] == "mohamed-al-halbousi")].iloc[0]
    assert "Federal Supreme Court" in halbousi["end_how"] and halbousi["source"].startswith("http")
    acting = tl[tl["acting"]]
    assert list(acting["holder"]) == ["mohsen-al-mandalawi"]
    assert list(tl["start"]) == sorted(tl["start"])  # a timeline in order


def test_prime_minister_designate_and_caretaker(pack):
    assert _holder(pack, "2026-04-30", "prime-minister-designate-iraq")[0] == "ali-al-zaidi"
    assert _holder(pack, "2026-04-30", "prime-minister-iraq")[0] == "mohammed-shia-al-sudani"
    assert _holder(pack, "2026-05-14", "prime-minister-iraq")[0] == "ali-al-zaidi"
    assert _holder(pack, "2026-06-01", "prime-minister-designate-iraq")[0] is None  # vacant
    assert _holder(pack, "2020-03-20", "prime-minister-designate-iraq")[0] == "adnan-al-zurfi"


def test_chief_justice_handover(pack):
    assert _holder(pack, "2025-06-29", "chief-justice-fsc-iraq")[0] == "jassim-mohammed-aboud"
    assert _holder(pack, "2025-07-01", "chief-justice-fsc-iraq")[0] == "munther-ibrahim-hussein"


def test_offices_by_title_and_errors(pack):
    df = holders_at(pack, "2019-01-01", ["prime minister"])
    assert list(df["holder"]) == ["adil-abdul-mahdi"]
    with pytest.raises(GameError):
        holders_at(pack, "2024-13", ["speaker-iraq"])
    with pytest.raises(GameError):
        holders_at(pack, "2024-01-01", ["grand vizier"])


def test_institutional_control_with_evidence(pack):
    df = institutional_control(pack, "2026-06-01").set_index("office")
    assert df.loc["prime-minister-iraq", "camp"] == "coordination-framework"
    assert "backs ali-al-zaidi" in df.loc["prime-minister-iraq", "evidence"]
    assert df.loc["first-deputy-speaker-iraq", "camp"] == "coordination-framework"
    assert "sadiqoun" in df.loc["first-deputy-speaker-iraq", "evidence"]  # through his party
    assert df.loc["president-iraq", "camp"] == "patriotic-union-of-kurdistan"
    summary = control_summary(df.reset_index())
    cf = summary[summary["camp"] == "Coordination Framework"].iloc[0]
    assert cf["offices"] >= 3


def _overlay(tmp_path: Path) -> Path:
    d = tmp_path / "pack"
    d.mkdir()
    (d / "actors.yaml").write_text(
        """
- id: test-politician
  name: Testa Politikos
  kind: person
  roles:
    - {office: speaker-iraq, start: 2030-01-01, end: 2030-12-31}
  affiliations:
    - {type: member_of, target: taqaddum, start: 2029, end: 2030-06-30}
    - {type: member_of, target: state-of-law-coalition, start: 2030-07-01}
""",
        encoding="utf-8",
    )
    return d


def test_camp_follows_dated_affiliations(tmp_path):
    pack = KnowledgePack.load(overlays=[_overlay(tmp_path)])
    assert camp_of(pack, "test-politician", "2030-03-01")[0] == "taqaddum"
    camp, path = camp_of(pack, "test-politician", "2030-09-01")
    assert camp == "coordination-framework"
    assert [p["target"] for p in path] == ["state-of-law-coalition", "coordination-framework"]
    assert camp_of(pack, "test-politician", "2028-01-01") == (None, [])


def test_cli_offices():
    runner = CliRunner()
    res = runner.invoke(
        app, ["analyze", "offices", "--as-of", "2024-01-01", "--office", "speaker-iraq", "--json"]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows[0]["holder"] == "mohsen-al-mandalawi" and rows[0]["acting"] is True
    res = runner.invoke(app, ["analyze", "offices", "--timeline", "--office", "speaker-iraq"])
    assert res.exit_code == 0 and "Tenures" in res.output
    args = ["analyze", "offices", "--timeline", "--office", "speaker-iraq", "--json"]
    res = runner.invoke(app, args)
    assert "mahmoud-al-mashhadani" in [r["holder"] for r in json.loads(res.output)]
    res = runner.invoke(app, ["analyze", "offices", "--as-of", "yesterday"])
    assert res.exit_code == 1 and "E520" in res.output

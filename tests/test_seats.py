"""Seat arithmetic on the pack's elections: camps, quotas, moves and power indices."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from math import factorial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.analysis.power import GameError
from marsad.analysis.seats import analyze_seats, find_election
from marsad.cli import app
from marsad.knowledge import KnowledgePack


@pytest.fixture(scope="module")
def pack():
    return KnowledgePack.load()


def _shapley_brute(ws, q):
    n = len(ws)
    piv = [0] * n
    for perm in itertools.permutations(range(n)):
        s = 0
        for i in perm:
            s += ws[i]
            if s >= q:
                piv[i] += 1
                break
    return [Fraction(p, factorial(n)) for p in piv]


def test_2025_chamber_adds_up_and_keeps_sources(pack):
    r = analyze_seats(pack)
    assert r.election["id"] == "iraq-parliament-2025"  # the latest election of the chamber
    assert r.seats == 329 and int(r.lists["seats"].sum()) == 329 and len(r.lists) == 46
    assert r.lists["source"].notna().all() and r.lists["confidence"].notna().all()
    assert "own classification" in r.camp_basis  # the camps are labelled as ours
    th = {t.name: t for t in r.thresholds}
    assert th["majority"].votes == 165
    assert th["president_election"].votes == 220 and th["president_election"].blocking == 110
    assert int(r.players["seats"].sum()) == 329
    assert sum(r.players["shapley"]) == pytest.approx(1.0)


def test_power_is_not_proportional_to_seats(pack):
    r = analyze_seats(pack)
    cf = r.players.set_index("player").loc["Coordination Framework"]
    assert cf["shapley"] > cf["share"]  # 157 of 329 seats, but pivotal in most orders
    # every minimal winning coalition listed really is one
    seats = dict(zip(r.players["player"], r.players["seats"], strict=True))
    for t in r.thresholds:
        for c in t.coalitions:
            total = sum(seats[m] for m in c)
            assert total >= t.votes and all(total - seats[m] < t.votes for m in c)
        for c in t.blocking_coalitions:
            assert sum(seats[m] for m in c) >= t.blocking


def test_diyala_council_seven_seven_one(pack):
    base = analyze_seats(pack, body="diyala")
    assert base.election["id"] == "iraq-provincial-2023-diyala" and base.seats == 15
    moved = analyze_seats(pack, body="diyala", moves=["Istiqbal Diyala=Coordination Framework"])
    camps = dict(zip(moved.camps["camp"], moved.camps["seats"], strict=True))
    assert camps == {"Coordination Framework": 7, "Sunni": 7, "Kurdish": 1}
    assert moved.moves == [
        {"list": "Istiqbal Diyala", "from": "Other", "to": "Coordination Framework"}
    ]
    # in 7 + 7 + 1 of 15 the single seat has exactly the power of either seven
    sh = dict(zip(moved.players["player"], moved.players["shapley"], strict=True))
    assert sh["Kurdish"] == pytest.approx(1 / 3) and sh["Sunni"] == pytest.approx(1 / 3)
    assert moved.thresholds[0].minimal_winning == 3


def test_move_changes_majority_status(pack):
    base = analyze_seats(pack, body="diyala", moves=["Istiqbal Diyala=Coordination Framework"])
    assert base.thresholds[0].reached_by == []
    r = analyze_seats(
        pack,
        body="diyala",
        moves=[
            "Istiqbal Diyala=Coordination Framework",
            "Patriotic Union of Kurdistan=Coordination Framework",
        ],
    )
    assert r.thresholds[0].reached_by == ["Coordination Framework"]
    sh = dict(zip(r.players["player"], r.players["shapley"], strict=True))
    assert sh["Coordination Framework"] == pytest.approx(1.0)


def test_small_council_matches_brute_force(pack):
    r = analyze_seats(pack, body="najaf", by_list=True)
    ws = list(r.players["seats"])
    want = _shapley_brute(ws, r.thresholds[0].votes)
    for got, w in zip(r.players["shapley"], want, strict=True):
        assert got == pytest.approx(float(w))


def test_2021_chamber_by_list(pack):
    r = analyze_seats(pack, election="iraq-parliament-2021", by_list=True)
    assert int(r.players["seats"].sum()) == 329
    assert (r.players["seats"] == 1).sum() == 79  # Huquq's one seat plus 78 singly held seats
    top = r.players.iloc[0]
    assert top["player"] == "Sadrist bloc" and top["shapley"] == r.players["shapley"].max()


def test_custom_threshold_and_errors(pack):
    r = analyze_seats(pack, threshold=220)
    assert r.main == "threshold" and r.thresholds[-1].votes == 220
    with pytest.raises(GameError):
        analyze_seats(pack, threshold=400)
    with pytest.raises(GameError):
        analyze_seats(pack, moves=["no such list=Sunni"])
    with pytest.raises(GameError):
        analyze_seats(pack, moves=["Taqaddum"])
    with pytest.raises(GameError):
        find_election(pack, election="nope")
    with pytest.raises(GameError):
        analyze_seats(pack, body="atlantis")


def test_cli_seats(tmp_path: Path):
    runner = CliRunner()
    res = runner.invoke(app, ["analyze", "seats", "--body", "diyala", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["seats"] == 15 and data["thresholds"][0]["votes"] == 8
    res = runner.invoke(app, ["analyze", "seats", "--move", "nope=x"])
    assert res.exit_code == 1 and "E520" in res.output
    res = runner.invoke(
        app, ["analyze", "seats", "--election", "iraq-parliament-2021", "--limit", "2"]
    )
    assert res.exit_code == 0 and "Sadrist" in res.output

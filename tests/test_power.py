"""Exact power indices and coalition counts, checked against brute force."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from fractions import Fraction
from math import comb, factorial

import pytest

from marsad.analysis.power import (
    GameError,
    count_minimal_winning,
    minimal_winning_coalitions,
    power_indices,
)


def brute_banzhaf(ws, q):
    n = len(ws)
    swings = [0] * n
    for mask in range(1 << n):
        total = sum(ws[i] for i in range(n) if mask >> i & 1)
        if total < q:
            continue
        for i in range(n):
            if mask >> i & 1 and total - ws[i] < q:
                swings[i] += 1
    return swings


def brute_shapley(ws, q):
    n = len(ws)
    pivots = [0] * n
    for perm in itertools.permutations(range(n)):
        s = 0
        for i in perm:
            s += ws[i]
            if s >= q:
                pivots[i] += 1
                break
    return [Fraction(p, factorial(n)) for p in pivots]


def brute_mwc(ws, q):
    out = set()
    for r in range(1, len(ws) + 1):
        for c in itertools.combinations(range(len(ws)), r):
            t = sum(ws[i] for i in c)
            if t >= q and all(t - ws[i] < q for i in c):
                out.add(c)
    return out


GAMES = [
    ([7, 7, 1], 8),  # a 15-seat council split 7 + 7 + 1: all three are equal
    ([4, 3, 2, 1], 6),
    ([50, 49, 1], 51),
    ([3, 3, 3, 2, 1, 1, 0], 7),
    ([10, 5, 5, 5, 5], 16),
]


@pytest.mark.parametrize(("ws", "q"), GAMES)
def test_indices_match_brute_force(ws, q):
    p = power_indices(ws, q)
    assert list(p.swings) == brute_banzhaf(ws, q)
    for got, want in zip(p.shapley, brute_shapley(ws, q), strict=True):
        assert got == pytest.approx(float(want), abs=1e-12)
    assert sum(p.shapley) == pytest.approx(1.0)


def test_random_games_match_brute_force():
    rng = random.Random(7)
    for _ in range(25):
        n = rng.randint(1, 7)
        ws = [rng.randint(0, 12) for _ in range(n)]
        q = rng.randint(1, max(1, sum(ws)))
        p = power_indices(ws, q)
        assert list(p.swings) == brute_banzhaf(ws, q)
        for got, want in zip(p.shapley, brute_shapley(ws, q), strict=True):
            assert got == pytest.approx(float(want), abs=1e-12)
        assert count_minimal_winning(ws, q) == len(brute_mwc(ws, q))
        assert {
            tuple(sorted(c)) for c in minimal_winning_coalitions(ws, q, limit=None)
        } == brute_mwc(ws, q)


def test_seven_seven_one_council_gives_the_single_seat_equal_power():
    p = power_indices([7, 7, 1], 8)
    assert p.shapley == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert p.banzhaf == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert minimal_winning_coalitions([7, 7, 1], 8) and count_minimal_winning([7, 7, 1], 8) == 3


def test_dummy_player_has_no_power():
    p = power_indices([50, 49, 1], 51)
    # 49 and 1 can never win without 50, who wins with either: 49 and 1 are symmetric
    assert p.swings[1] == p.swings[2]
    assert p.shapley[0] == pytest.approx(2 / 3)
    p = power_indices([6, 3, 1], 6)
    assert p.swings[1] == 0 and p.swings[2] == 0 and p.shapley[0] == 1.0


def _grouped_banzhaf(groups, q):
    """Independent exact Banzhaf count for players in classes of equal weight: enumerate how
    many members of each class join, weighting by binomial coefficients."""
    weights = list(groups)
    counts = [groups[w] for w in weights]
    swings = {}
    for i, w_i in enumerate(weights):
        others = [c - (1 if j == i else 0) for j, c in enumerate(counts)]
        total = 0
        for pick in itertools.product(*[range(c + 1) for c in others]):
            s = sum(k * weights[j] for j, k in enumerate(pick))
            if q - w_i <= s < q:
                mult = 1
                for j, k in enumerate(pick):
                    mult *= comb(others[j], k)
                total += mult
        swings[w_i] = total
    return swings


def test_2021_chamber_banzhaf_against_grouped_enumeration():
    # the 2021 chamber as in the pack: twelve named lists and 78 seats held singly
    lists = [73, 37, 33, 31, 17, 17, 14, 9, 9, 6, 4, 1]
    ws = lists + [1] * 78
    assert sum(ws) == 329
    p = power_indices(ws, 165)
    want = _grouped_banzhaf(Counter(ws), 165)
    for w, s in zip(ws, p.swings, strict=True):
        assert s == want[w]
    assert sum(p.shapley) == pytest.approx(1.0)
    # the largest list is the strongest, and power is not proportional to seats
    assert p.shapley[0] == max(p.shapley)
    assert p.shapley[0] > 73 / 329


def test_minimal_winning_list_is_ordered_and_limited():
    ws = [73, 37, 33, 31, 17, 17, 14, 9, 9, 6, 4, 1]
    found = minimal_winning_coalitions(ws, 165, limit=10)
    assert len(found) == 10
    for c in found:
        t = sum(ws[i] for i in c)
        assert t >= 165 and all(t - ws[i] < 165 for i in c)
    assert found[0][0] == 0  # the largest list leads the first coalitions listed
    assert count_minimal_winning(ws, 165) == len(brute_mwc(ws, 165))


def test_bad_games_are_refused():
    with pytest.raises(GameError):
        power_indices([3, -1], 2)
    with pytest.raises(GameError):
        count_minimal_winning([3, 1], 0)
    assert power_indices([2, 2], 10).swings == (0, 0)  # nobody can win: nobody has power


def _chamber_2021():
    """The pack's 2021 Council of Representatives, every list a player (aggregate rows count as
    that many one-seat players), as the bench and `analyze seats --by-list` see it."""
    from marsad.analysis.seats import _list_frame, find_election, players_of
    from marsad.knowledge import KnowledgePack

    players = players_of(
        _list_frame(find_election(KnowledgePack.load(), "iraq-parliament-2021")),
        blocs_vote_together=False,
    )
    return [p[2] for p in players]


def _classes(ws):
    weights = sorted(Counter(ws))
    return weights, [Counter(ws)[w] for w in weights]


def _grouped_shapley(ws, q):
    """Independent exact Shapley-Shubik values by weight class: for a player of weight w, sum
    over how many members of each class precede it (|S| = their total) the orderings in which
    it is pivotal, k! (n-1-k)! / n! for each of the prod C(c_j, k_j) coalitions."""
    n = len(ws)
    fact = [factorial(k) for k in range(n + 1)]
    weights, counts = _classes(ws)
    out = {}
    for i, w_i in enumerate(weights):
        others = [c - (1 if j == i else 0) for j, c in enumerate(counts)]
        orderings = 0  # integer count of orderings in which the player is pivotal
        for pick in itertools.product(*[range(c + 1) for c in others]):
            s = sum(k * w for k, w in zip(pick, weights, strict=True))
            if q - w_i <= s < q:
                size = sum(pick)
                mult = 1
                for c, k in zip(others, pick, strict=True):
                    mult *= comb(c, k)
                orderings += mult * fact[size] * fact[n - 1 - size]
        out[w_i] = Fraction(orderings, factorial(n))
    return out


def _grouped_minimal_winning(ws, q):
    """Independent count of minimal winning coalitions by weight class: a coalition is minimal
    winning when it reaches q and loses it without its lightest member."""
    weights, counts = _classes(ws)
    total = 0
    for pick in itertools.product(*[range(c + 1) for c in counts]):
        s = sum(k * weights[j] for j, k in enumerate(pick))
        present = [weights[j] for j, k in enumerate(pick) if k]
        if s >= q and s - min(present) < q:
            mult = 1
            for j, k in enumerate(pick):
                mult *= comb(counts[j], k)
            total += mult
    return total


def test_2021_chamber_all_lists_against_grouped_enumeration():
    ws = _chamber_2021()
    assert sum(ws) == 329 and len(ws) == 90
    p = power_indices(ws, 165)
    shapley = _grouped_shapley(ws, 165)
    for w, got in zip(ws, p.shapley, strict=True):
        assert got == pytest.approx(float(shapley[w]), abs=1e-12)
    assert sum(shapley[w] for w in ws) == 1
    for q in (165, 220, 110):  # majority, the presidential quorum, its blocking third
        assert count_minimal_winning(ws, q) == _grouped_minimal_winning(ws, q)


def test_2021_chamber_listing_is_minimal_and_distinct():
    ws = _chamber_2021()
    found = minimal_winning_coalitions(ws, 165, limit=2000)
    assert len(found) == 2000 and len({tuple(sorted(c)) for c in found}) == 2000
    for c in found:
        t = sum(ws[i] for i in c)
        assert t >= 165 and all(t - ws[i] < 165 for i in c)

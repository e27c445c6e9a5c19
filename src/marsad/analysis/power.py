"""Weighted voting games: exact power indices and coalition enumeration.

A game is a list of integer weights (seats) and a quota (votes needed). Everything here is exact:

* :func:`power_indices` counts, for every player, the coalitions of the *others* by size and
  weight with one dynamic-programming table built over all players, then takes each player out
  of it again by polynomial division. That is O(n * W) per distinct weight, so a chamber of 329
  seats with 90 players takes milliseconds, where enumerating 2**90 coalitions never ends.
  Counts are Python integers; Shapley-Shubik weights are fractions.
* :func:`count_minimal_winning` counts minimal winning coalitions by the same kind of table.
* :func:`minimal_winning_coalitions` lists them, largest players first, up to a limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import factorial

import numpy as np

from marsad.errors import MarsadError


class GameError(MarsadError):
    """A voting game that cannot be analysed (negative seats, impossible quota)."""

    code = "E520"


@dataclass(frozen=True, slots=True)
class PowerIndices:
    """Per player: ``swings`` (raw Banzhaf count: coalitions of the others that the player turns
    from losing to winning), ``banzhaf`` (normalised to sum 1), ``banzhaf_absolute`` (swings /
    2**(n-1)) and ``shapley`` (Shapley-Shubik index, sums to 1)."""

    swings: tuple[int, ...]
    banzhaf: tuple[float, ...]
    banzhaf_absolute: tuple[float, ...]
    shapley: tuple[float, ...]


def _check(weights: Sequence[int], quota: int) -> list[int]:
    ws = [int(w) for w in weights]
    if any(w < 0 for w in ws):
        raise GameError("seat counts must not be negative")
    if quota < 1:
        raise GameError(f"the quota must be at least 1 (got {quota})")
    return ws


def _table(weights: Sequence[int], total: int) -> np.ndarray:
    """``t[k, s]`` = number of coalitions of ``k`` players with ``s`` seats."""
    n = len(weights)
    t = np.zeros((n + 1, total + 1), dtype=object)
    t[:, :] = 0
    t[0, 0] = 1
    for w in weights:
        t[1:, w:] = t[1:, w:] + t[:-1, : total + 1 - w]
    return t


def _without(t: np.ndarray, w: int) -> np.ndarray:
    """The table with one player of weight ``w`` taken out (inverse of one step of _table)."""
    out = np.empty_like(t)
    out[0] = t[0]
    cols = t.shape[1]
    for k in range(1, t.shape[0] - 1):
        row = t[k].copy()
        if w < cols:
            row[w:] = row[w:] - out[k - 1, : cols - w]
        out[k] = row
    out[t.shape[0] - 1] = 0
    return out


def power_indices(weights: Sequence[int], quota: int) -> PowerIndices:
    """Exact Banzhaf and Shapley-Shubik indices of the weighted game ``[quota; weights]``."""
    ws = _check(weights, quota)
    n = len(ws)
    if n == 0:
        return PowerIndices((), (), (), ())
    total = sum(ws)
    table = _table(ws, total)
    fact_n = factorial(n)
    shapley_w = [Fraction(factorial(k) * factorial(n - 1 - k), fact_n) for k in range(n)]
    by_weight: dict[int, tuple[int, Fraction]] = {}
    for w in set(ws):
        rest = _without(table, w)
        lo, hi = max(0, quota - w), min(quota - 1, total)
        swings, shap = 0, Fraction(0)
        if w > 0 and lo <= hi:
            for k in range(n):
                c = int(sum(rest[k, lo : hi + 1]))
                swings += c
                shap += shapley_w[k] * c
        by_weight[w] = (swings, shap)
    swings = tuple(by_weight[w][0] for w in ws)
    s_total = sum(swings)
    return PowerIndices(
        swings=swings,
        banzhaf=tuple((s / s_total) if s_total else 0.0 for s in swings),
        banzhaf_absolute=tuple(s / 2 ** (n - 1) for s in swings),
        shapley=tuple(float(by_weight[w][1]) for w in ws),
    )


def count_minimal_winning(weights: Sequence[int], quota: int) -> int:
    """Number of minimal winning coalitions: weight >= quota, and losing without any member.

    Ordering players by weight (heaviest first), a coalition is minimal exactly when dropping its
    lightest member makes it lose; so for each player as the lightest member we count coalitions
    of the players before it whose weight lies in ``[quota - w, quota - 1]``.
    """
    ws = sorted(_check(weights, quota), reverse=True)
    count = 0
    dist = [0] * quota  # coalitions of the players seen so far, by weight below the quota
    dist[0] = 1
    for w in ws:
        if w > 0:
            count += sum(dist[max(0, quota - w) : quota])
            for s in range(quota - 1, w - 1, -1):
                dist[s] += dist[s - w]
    return count


def minimal_winning_coalitions(
    weights: Sequence[int], quota: int, limit: int | None = 100
) -> list[tuple[int, ...]]:
    """Minimal winning coalitions as tuples of player indices, heaviest players first; at most
    ``limit`` of them (``None``: all — beware, there can be astronomically many)."""
    ws = _check(weights, quota)
    order = sorted(range(len(ws)), key=lambda i: (-ws[i], i))
    sw = [ws[i] for i in order]
    suffix = [0] * (len(sw) + 1)
    for j in range(len(sw) - 1, -1, -1):
        suffix[j] = suffix[j + 1] + sw[j]
    out: list[tuple[int, ...]] = []
    for found in _mwc(sw, quota, suffix, 0, 0, []):
        out.append(tuple(order[j] for j in found))
        if limit is not None and len(out) >= limit:
            break
    return out


def _mwc(sw, quota, suffix, start, weight, chosen) -> Iterator[list[int]]:
    if weight + suffix[start] < quota:
        return
    for j in range(start, len(sw)):
        if sw[j] == 0 or weight + suffix[j] < quota:
            return
        w = weight + sw[j]
        if w >= quota:
            # sw is sorted descending, so sw[j] is the lightest member: minimal iff it is needed
            if w - sw[j] < quota:
                yield [*chosen, j]
            continue
        chosen.append(j)
        yield from _mwc(sw, quota, suffix, j + 1, w, chosen)
        chosen.pop()

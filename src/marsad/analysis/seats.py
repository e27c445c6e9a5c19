"""Seat arithmetic and voting power for a legislature, from the knowledge pack's elections.

:func:`analyze_seats` takes an election (or the latest election of a body), applies what-if moves
of lists between camps, and returns a :class:`SeatReport`: seats by list and by camp, the body's
quotas (simple majority, the two-thirds quorum to elect a president and the blocking third that
can deny it, or any threshold given), minimal winning and minimal blocking coalitions, and
Banzhaf and Shapley-Shubik indices of every player.

Who is a player: every *aligned* camp votes as one bloc; a list in an unaligned camp ("Other",
"Unknown", "Minority quota" or no camp) is a player of its own; and a row that stands for several
separately elected members (``aggregate: true`` in the pack, e.g. "other lists and independents"
or the five Christian quota seats) counts as that many one-seat players. The camps are Marsad's
own classification (each election's ``camp_basis`` says so), never a source's statement.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from marsad.analysis.power import (
    GameError,
    count_minimal_winning,
    minimal_winning_coalitions,
    power_indices,
)
from marsad.text import name_key

UNALIGNED = frozenset({"other", "unknown", "minority quota", "independent", ""})


@dataclass(slots=True)
class Threshold:
    """A number of votes that decides something, with what reaching or denying it means."""

    name: str
    votes: int
    note: str = ""
    blocking: int = 0  # votes that can deny it: seats - votes + 1
    reached_by: list[str] = field(default_factory=list)  # single players that reach it alone
    minimal_winning: int = 0  # count of minimal winning coalitions of players
    minimal_blocking: int = 0  # count of minimal coalitions holding the blocking votes
    coalitions: list[list[str]] = field(default_factory=list)  # the first minimal winning ones
    blocking_coalitions: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class SeatReport:
    election: dict[str, Any]
    body: dict[str, Any]
    seats: int
    lists: pd.DataFrame  # list, actor, camp, seats, moved_from, source, confidence, inferred
    players: pd.DataFrame  # player, camp, seats, share, swings, banzhaf, shapley (main threshold)
    camps: pd.DataFrame  # camp, seats, lists, share
    thresholds: list[Threshold]
    main: str  # name of the threshold the power indices refer to
    moves: list[dict[str, str]]
    camp_basis: str = ""
    by_list: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "election": self.election,
            "body": self.body,
            "seats": self.seats,
            "main": self.main,
            "moves": self.moves,
            "by_list": self.by_list,
            "camp_basis": self.camp_basis,
            "lists": _records(self.lists),
            "camps": _records(self.camps),
            "players": _records(self.players),
            "thresholds": [asdict(t) for t in self.thresholds],
        }


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def _elections(pack) -> list[dict]:
    return list(pack.elections.get("elections", []))


def find_election(pack, election: str | None = None, body: str | None = None) -> dict:
    """The election with id ``election``, or the latest with results for ``body`` (a body id,
    or a governorate name such as ``diyala`` for its provincial council)."""
    es = _elections(pack)
    if election:
        for e in es:
            if e["id"] == election:
                return e
        known = ", ".join(sorted(e["id"] for e in es if e.get("body")))
        raise GameError(f"unknown election {election!r}; elections with a body: {known}")
    body = body or "council-of-representatives"
    bodies = {b["id"] for b in pack.institutions.get("bodies", [])}
    if body not in bodies and f"{body}-provincial-council" in bodies:
        body = f"{body}-provincial-council"
    found = [e for e in es if e.get("body") == body and e.get("results")]
    if not found:
        raise GameError(
            f"no election with results for body {body!r}; bodies: {', '.join(sorted(bodies))}"
        )
    return max(found, key=lambda e: str(e.get("date") or ""))


def _body(pack, election: dict) -> dict:
    for b in pack.institutions.get("bodies", []):
        if b["id"] == election.get("body"):
            return b
    return {"id": None, "name": election.get("name"), "seats": election.get("seats")}


def _list_frame(election: dict) -> pd.DataFrame:
    rows = []
    for r in election.get("results") or []:
        if not r.get("seats"):
            continue
        rows.append(
            {
                "list": r["list"],
                "actor": r.get("actor"),
                "camp": r.get("camp") or "Other",
                "seats": int(r["seats"]),
                "aggregate": bool(r.get("aggregate", False)),
                "moved_from": None,
                "source": r.get("source") or election.get("source"),
                "confidence": r.get("confidence") or election.get("confidence"),
                "inferred": bool(r.get("inferred", False)),
                "note": r.get("note"),
            }
        )
    return pd.DataFrame(rows)


def _match_list(lists: pd.DataFrame, key: str) -> int:
    """Row index of the list named by ``key``: actor id, exact name, or a unique name prefix or
    substring (compared by name key)."""
    k = name_key(key)
    names = [name_key(n) for n in lists["list"]]
    for test in (
        lambda i: lists.at[i, "actor"] == key,
        lambda i: names[i] == k,
        lambda i: names[i].startswith(k),
        lambda i: k in names[i],
    ):
        hits = [i for i in lists.index if test(i)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise GameError(
                f"{key!r} matches several lists: " + "; ".join(lists.loc[hits, "list"][:5])
            )
    raise GameError(f"no list matches {key!r}")


def parse_moves(moves: list[str] | None) -> list[tuple[str, str]]:
    """``["Taqaddum=Coordination Framework"]`` -> ``[("Taqaddum", "Coordination Framework")]``."""
    out = []
    for m in moves or []:
        if "=" not in m:
            raise GameError(f"a move is LIST=CAMP, got {m!r}")
        a, b = (s.strip() for s in m.split("=", 1))
        if not a or not b:
            raise GameError(f"a move is LIST=CAMP, got {m!r}")
        out.append((a, b))
    return out


def apply_moves(lists: pd.DataFrame, moves: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Move lists between camps in place; returns what was moved."""
    done = []
    for key, camp in moves:
        i = _match_list(lists, key)
        old = lists.at[i, "camp"]
        lists.at[i, "moved_from"] = old
        lists.at[i, "camp"] = camp
        done.append({"list": lists.at[i, "list"], "from": old, "to": camp})
    return done


def players_of(lists: pd.DataFrame, blocs_vote_together: bool = True) -> list[tuple[str, str, int]]:
    """``(player, camp, seats)``: aligned camps as one bloc (unless ``blocs_vote_together`` is
    false, when every list plays alone), other lists alone, aggregate rows as one-seat members."""
    blocs: dict[str, int] = {}
    out: list[tuple[str, str, int]] = []
    for r in lists.itertuples(index=False):
        if blocs_vote_together and r.camp.lower() not in UNALIGNED:
            blocs[r.camp] = blocs.get(r.camp, 0) + r.seats
        elif r.aggregate:
            out.extend((f"{r.list} #{k + 1}", r.camp, 1) for k in range(r.seats))
        else:
            out.append((r.list, r.camp, r.seats))
    return [(c, c, s) for c, s in blocs.items()] + out


def body_thresholds(body: dict, seats: int, extra: int | None = None) -> list[tuple[str, int, str]]:
    """``(name, votes, note)`` for the body's majority, its named thresholds and ``extra``."""
    out: list[tuple[str, int, str]] = []
    majority = int(body.get("majority") or seats // 2 + 1)
    out.append(("majority", majority, "absolute majority of all members"))
    for name, t in (body.get("thresholds") or {}).items():
        v = int(t.get("votes") or 0)
        if v and v != majority:
            out.append((name, v, t.get("note") or ""))
    if extra is not None:
        if not 1 <= extra <= seats:
            raise GameError(f"threshold {extra} is outside 1..{seats}")
        out.append(("threshold", extra, "the threshold asked for"))
    return out


def _threshold(
    name: str, votes: int, note: str, players: list[tuple[str, str, int]], seats: int, limit: int
) -> Threshold:
    names = [p[0] for p in players]
    ws = [p[2] for p in players]
    blocking = seats - votes + 1
    return Threshold(
        name=name,
        votes=votes,
        note=note,
        blocking=blocking,
        reached_by=[n for n, w in zip(names, ws, strict=True) if w >= votes],
        minimal_winning=count_minimal_winning(ws, votes),
        minimal_blocking=count_minimal_winning(ws, blocking) if blocking >= 1 else 0,
        coalitions=[[names[i] for i in c] for c in minimal_winning_coalitions(ws, votes, limit)],
        blocking_coalitions=[
            [names[i] for i in c] for c in minimal_winning_coalitions(ws, blocking, limit)
        ]
        if blocking >= 1
        else [],
    )


def analyze_seats(
    pack,
    body: str | None = None,
    election: str | None = None,
    moves: list[str] | None = None,
    threshold: int | None = None,
    limit: int = 20,
    by_list: bool = False,
) -> SeatReport:
    """Seat arithmetic and voting power for one election's chamber (see the module docstring).

    ``moves`` are ``LIST=CAMP`` strings; ``threshold`` adds a quota and makes it the one the power
    indices refer to (otherwise the majority); ``limit`` caps the coalitions listed per threshold
    (their number is always exact); ``by_list`` makes every list a player instead of every
    aligned camp.
    """
    e = find_election(pack, election, body)
    b = _body(pack, e)
    lists = _list_frame(e)
    if lists.empty:
        raise GameError(f"election {e['id']!r} has no seat results")
    done = apply_moves(lists, parse_moves(moves))
    seats = int(e.get("seats") or b.get("seats") or lists["seats"].sum())
    players = players_of(lists, not by_list)
    ths = [
        _threshold(n, v, note, players, seats, limit)
        for n, v, note in body_thresholds(b, seats, threshold)
    ]
    main = ths[-1] if threshold is not None else ths[0]
    pw = power_indices([p[2] for p in players], main.votes)
    pdf = pd.DataFrame(
        {
            "player": [p[0] for p in players],
            "camp": [p[1] for p in players],
            "seats": [p[2] for p in players],
            "share": [p[2] / seats for p in players],
            "swings": list(pw.swings),
            "banzhaf": list(pw.banzhaf),
            "shapley": list(pw.shapley),
        }
    ).sort_values(["seats", "player"], ascending=[False, True], ignore_index=True)
    camps = (
        lists.groupby("camp", sort=False)
        .agg(seats=("seats", "sum"), lists=("list", "count"))
        .reset_index()
        .sort_values("seats", ascending=False, ignore_index=True)
    )
    camps["share"] = camps["seats"] / seats
    meta = {k: e.get(k) for k in ("id", "name", "date", "body", "source", "confidence")}
    return SeatReport(
        election=meta,
        body={k: b.get(k) for k in ("id", "name", "seats", "majority")},
        seats=seats,
        lists=lists,
        players=pdf,
        camps=camps,
        thresholds=ths,
        main=main.name,
        moves=done,
        camp_basis=" ".join(str(e.get("camp_basis") or "").split()),
        by_list=by_list,
    )

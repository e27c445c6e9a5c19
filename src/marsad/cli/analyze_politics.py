"""``marsad analyze seats``, ``offices``, ``network`` and ``claims``: the political system from the
pack (and a store's confirmed events and documents where ``--db`` is given)."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.cli.common import cli_errors, emit_json, emit_table, out_console
from marsad.cli.groups import analyze_app

PACK_OPTION = typer.Option(
    None, "--pack", help="Overlay directory on the built-in pack (repeatable)."
)


def _pack(packs: list[Path] | None):
    from marsad.config import Settings
    from marsad.knowledge import KnowledgePack

    overlays = list(packs) if packs else list(Settings.load().packs)
    return KnowledgePack.load(overlays=overlays)


def _short(name: str, n: int = 48) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def _coalition(members: list[str]) -> str:
    """Members joined by +, with the one-seat members of one aggregate row counted once."""
    import re
    from collections import Counter

    counts = Counter(re.sub(r" #\d+$", "", m) for m in members)
    return " + ".join((f"{n} × " if n > 1 else "") + _short(name, 30) for name, n in counts.items())


@analyze_app.command("seats")
def seats_cmd(
    body: str = typer.Option(
        None, "--body", help="Body id (council-of-representatives) or governorate (diyala)."
    ),
    election: str = typer.Option(
        None, "--election", help="Election id, e.g. iraq-parliament-2021."
    ),
    move: list[str] = typer.Option(None, "--move", help="What-if: LIST=CAMP (repeatable)."),
    threshold: int = typer.Option(None, "--threshold", help="Votes needed; power refers to it."),
    by_list: bool = typer.Option(
        False, "--by-list", help="Every list votes alone (no camp blocs)."
    ),
    limit: int = typer.Option(10, "--limit", help="Coalitions listed per threshold."),
    json_out: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
    packs: list[Path] = PACK_OPTION,
) -> None:
    """Seats by list and camp, quotas, minimal winning and blocking coalitions, voting power."""
    from marsad.analysis.seats import analyze_seats

    with cli_errors():
        r = analyze_seats(
            _pack(packs), body, election, move, threshold, limit=limit, by_list=by_list
        )
    if json_out:
        emit_json(r.to_dict())
        return
    out_console.print(f"[bold]{r.election['name']}[/bold] ({r.election['date']}), {r.seats} seats")
    for m in r.moves:
        out_console.print(f"moved: {m['list']}: {m['from']} -> {m['to']}", highlight=False)
    camps = [{**c, "share": f"{c['share']:.1%}"} for c in r.camps.to_dict("records")]
    emit_table(camps, ["camp", "seats", "lists", "share"], title="Seats by camp")
    rows = [
        {
            "player": _short(p["player"]),
            "camp": p["camp"],
            "seats": p["seats"],
            "seat share": f"{p['share']:.1%}",
            "banzhaf": f"{p['banzhaf']:.3f}",
            "shapley": f"{p['shapley']:.3f}",
        }
        for p in r.players.head(25).to_dict("records")
    ]
    emit_table(rows, list(rows[0]), title=f"Voting power at the {r.main} threshold")
    for t in r.thresholds:
        alone = ", ".join(t.reached_by) or "nobody alone"
        out_console.print(
            f"[bold]{t.name}[/bold] {t.votes} votes ({t.note}); reached by {alone}; "
            f"{t.minimal_winning} minimal winning coalitions; {t.blocking} votes block it, "
            f"{t.minimal_blocking} minimal blocking coalitions",
            highlight=False,
        )
        for c in t.coalitions[:limit]:
            out_console.print("  wins:   " + _coalition(c), highlight=False)
        for c in t.blocking_coalitions[:limit]:
            out_console.print("  blocks: " + _coalition(c), highlight=False)
    if r.camp_basis:
        out_console.print(f"[dim]Camps: {r.camp_basis}[/dim]", highlight=False)


def _open_db(db: str | None):
    if not db:
        return None
    from marsad.config import Settings
    from marsad.store import open_store

    return open_store(Settings.load(None, db=db).db)


def _provenance(r: dict) -> str:
    """Where a tenure comes from: the pack's source and the events that set or dispute it."""
    parts = [f"pack ({r['confidence']})" if r.get("origin") != "event" else ""]
    for e in r.get("events") or []:
        parts.append(
            f"{e['outcome']}: event {e['event_id']} [{e['doc_id']} {e['span_start']}-{e['span_end']}]"
        )
    for c in r.get("conflicts") or []:
        parts.append(f"CONFLICT: {c['note']}")
    return "; ".join(p for p in parts if p)


@analyze_app.command("offices")
def offices_cmd(
    as_of: str = typer.Option(
        None, "--as-of", help="Date (YYYY[-MM[-DD]]); default: today's holders."
    ),
    office: list[str] = typer.Option(None, "--office", help="Office id or title (repeatable)."),
    timeline: bool = typer.Option(False, "--timeline", help="Every tenure instead of one date."),
    db: str = typer.Option(
        None, "--db", help="Store whose confirmed events (elected, removed ...) to merge in."
    ),
    changes: bool = typer.Option(
        False, "--changes", help="List the office changes read from the store's confirmed events."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print rows as JSON."),
    packs: list[Path] = PACK_OPTION,
) -> None:
    """Who held which office on a date (with the camp controlling it), or every tenure; with
    --db, the pack's dated roles merged with the store's confirmed office events."""
    from marsad.analysis.offices import (
        control_summary,
        institutional_control,
        office_changes_frame,
        office_timeline,
    )

    with cli_errors():
        pack, store = _pack(packs), _open_db(db)
        if changes and store is None:
            from marsad.errors import StoreError

            raise StoreError("--changes reads a store's events: give --db")
        if changes:
            df = office_changes_frame(pack, store, office)
        elif timeline:
            df = office_timeline(pack, office, store=store)
        else:
            df = institutional_control(pack, as_of, office, store=store)
    rows = df.to_dict("records")
    if json_out:
        emit_json(rows)
        return
    if changes:
        emit_table(
            rows,
            ["date", "change", "how", "name", "office", "outcome", "note", "event_id", "doc_id"],
            title="Office changes from confirmed events",
        )
        return
    for r in rows:
        r["from"] = _provenance(r) if r.get("holder") else ""
    if timeline:
        for r in rows:
            r["dates"] = f"{r['start'] or '?'} – {r['end'] or ''}" + (
                " (acting)" if r["acting"] else ""
            )
        emit_table(rows, ["title", "name", "dates", "how", "end_how", "from"], title="Tenures")
        return
    for r in rows:
        if r["acting"]:
            r["name"] = f"{r['name']} (acting)"
    cols = ["title", "name", "start", "camp_name", "evidence"] + (["from"] if store else [])
    emit_table(rows, cols, title=f"Holders on {as_of or 'today'}")
    emit_table(
        control_summary(df).to_dict("records"),
        ["camp", "offices", "titles"],
        title="Institutional control",
    )


@analyze_app.command("network")
def network_cmd(
    as_of: str = typer.Option(None, "--as-of", help="Date the links must be valid on."),
    around: str = typer.Option(
        None, "--around", help="Only the actors within --radius of this one."
    ),
    radius: int = typer.Option(1, "--radius", help="Links away from --around."),
    path: tuple[str, str] | None = typer.Option(
        None, "--path", help="Two actors: how are they linked?"
    ),
    db: str = typer.Option(
        None, "--db", help="Store to add document links and events from (default: pack only)."
    ),
    window: int = typer.Option(
        365, "--window", help="Days before --as-of for event co-participation."
    ),
    top: int = typer.Option(15, "--top", help="Actors shown in the rankings."),
    graphml: Path = typer.Option(None, "--graphml", help="Also write the network as GraphML here."),
    betweenness: str = typer.Option(
        "auto",
        "--betweenness",
        help="exact, sampled (estimated from 1,000 sources, with an error bound) or auto "
        "(exact up to 10,000 actors).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    packs: list[Path] = PACK_OPTION,
) -> None:
    """Actor network on a date: centralities, communities, brokers, paths with evidence."""
    from marsad.analysis.network import analyze_network

    with cli_errors():
        store = _open_db(db)
        res = analyze_network(
            _pack(packs),
            store,
            as_of,
            around,
            radius,
            list(path) if path else None,
            window,
            top,
            graphml,
            betweenness,
        )
    if json_out:
        emit_json(res)
        return
    out_console.print(f"{res['nodes']} actors, {res['edges']} links on {as_of or 'any date'}")
    how = res["betweenness"]
    if how["method"] == "sampled":
        out_console.print(
            f"betweenness estimated from {how['sources']} sampled sources: within ±{how['error_bound']} "
            f"of the exact value for each actor with probability {how['confidence']} (--betweenness exact)"
        )
    for r in res["centrality"] + res["brokers"]:
        for k in ("betweenness", "eigenvector"):
            if k in r:
                r[k] = f"{r[k]:.3f}"
    emit_table(
        res["centrality"],
        ["name", "degree", "betweenness", "eigenvector", "community"],
        title="Most central",
    )
    emit_table(
        res["brokers"],
        ["name", "groups_reached", "betweenness"],
        title="Brokers between communities",
    )
    for p in res["paths"]:
        out_console.print("[bold]path:[/bold] " + " — ".join(p["names"]), highlight=False)
        for e in p["edges"]:
            ev = "; ".join(_evidence(x) for x in e["evidence"][:3])
            out_console.print(f"  {e['from']} ~ {e['to']}: {ev}", highlight=False)
    if path and not res["paths"]:
        out_console.print("no path between them on that date")
    if graphml:
        out_console.print(f"wrote {graphml}")


def _evidence(item: dict) -> str:
    where = item.get("doc_id") or item.get("origin") or ""
    what = f"{item.get('from')} {item.get('type')} {item.get('to')}"
    if item.get("kind") == "event":
        what = f"event {item.get('id')} ({item.get('type')}, {item.get('date')})"
    return f"{what} [{where}]" if where else what


@analyze_app.command("claims")
def claims_cmd(
    subject: str = typer.Option(
        None, "--subject", help="Only quantities whose subject contains this."
    ),
    db: str = typer.Option(None, "--db", help="Store whose extracted claims to compare."),
    election: str = typer.Option(None, "--election", help="Only this election's seat figures."),
    no_pack: bool = typer.Option(False, "--no-pack", help="Leave out the pack's seat figures."),
    all_: bool = typer.Option(False, "--all", help="Also quantities on which every source agrees."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    packs: list[Path] = PACK_OPTION,
) -> None:
    """Every source's figure for one quantity, grouped by subject and period, disagreement shown."""
    from marsad.analysis.figures import compare_claims

    with cli_errors():
        store = None
        if db:
            from marsad.config import Settings
            from marsad.store import open_store

            store = open_store(Settings.load(None, db=db).db)
        df = compare_claims(store, None if no_pack else _pack(packs), subject, election)
    if not all_ and len(df):
        df = df[df["disagree"]]
    rows = df.to_dict("records")
    if json_out:
        emit_json(rows)
        return
    out_console.print(f"{len(rows)} quantit{'y' if len(rows) == 1 else 'ies'}")
    for q in rows:
        period = q["period_start"] or ""
        if q["period_end"] and q["period_end"] != q["period_start"]:
            period += f" – {q['period_end']}"
        out_console.print(
            f"[bold]{q['subject']}[/bold] ({q['unit']}{', ' + period if period else ''})",
            highlight=False,
        )
        for f in q["figures"]:
            v = f["value"]
            v = int(v) if float(v).is_integer() else v
            extra = f" — {f['evidence']}" if f.get("evidence") else ""
            out_console.print(
                f"  {v:>8}  {f.get('as_of') or '':10}  {f['source']}{extra}", highlight=False
            )

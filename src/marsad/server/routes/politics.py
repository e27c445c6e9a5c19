"""/api/politics and /api/ach: seat arithmetic and voting power, office holders and institutional
control, the actor network on a date, conflicting figures, and ACH matrices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from marsad.server.access import ANALYST, VIEWER, IdentityDep, acting_user, record_export, requires
from marsad.server.deps import GateDep, SettingsDep, clean

router = APIRouter(tags=["politics"], dependencies=[requires(VIEWER)])

DateQ = Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def _pack(settings):
    from marsad.knowledge import KnowledgePack

    return KnowledgePack.load(overlays=list(settings.packs or ()))


@router.get("/api/politics/elections", summary="Elections with seat results")
def elections(settings: SettingsDep) -> list[dict]:
    pack = _pack(settings)
    return [
        {k: e.get(k) for k in ("id", "name", "date", "body", "seats")}
        for e in pack.elections.get("elections", [])
        if e.get("body") and e.get("results")
    ]


@router.get("/api/politics/seats", summary="Seats, quotas, coalitions and voting power")
def seats(
    settings: SettingsDep,
    body: Annotated[str | None, Query(max_length=100)] = None,
    election: Annotated[str | None, Query(max_length=100)] = None,
    move: Annotated[list[str] | None, Query(max_length=300, description="LIST=CAMP")] = None,
    threshold: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    by_list: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 10,
) -> dict:
    """Moving a list (`move=Taqaddum=Coordination Framework`) recomputes everything: who reaches
    each threshold, the minimal winning and blocking coalitions, and the power indices."""
    from marsad.analysis.seats import analyze_seats

    r = analyze_seats(
        _pack(settings), body, election, move, threshold, limit=limit, by_list=by_list
    )
    return clean(r.to_dict())


EventsQ = Annotated[
    bool, Query(description="merge the store's confirmed office events (elected, removed ...)")
]


@router.get("/api/politics/offices", summary="Office holders on a date, with the camp of each")
def offices(
    gate: GateDep,
    settings: SettingsDep,
    as_of: DateQ = None,
    office: Annotated[list[str] | None, Query(max_length=200)] = None,
    events: EventsQ = True,
) -> dict:
    """Holders from the pack's dated roles and, unless `events=false`, the store's confirmed
    events; each row says where it comes from (`origin`), lists its `events` (document, span,
    sentence) and its `conflicts` between pack and events."""
    from marsad.analysis.offices import control_summary, institutional_control

    pack = _pack(settings)
    df = gate(lambda s: institutional_control(pack, as_of, office, store=s if events else None))
    return {"as_of": as_of, "holders": clean(df), "control": clean(control_summary(df))}


@router.get("/api/politics/offices/timeline", summary="Every tenure of the offices")
def timeline(
    gate: GateDep,
    settings: SettingsDep,
    office: Annotated[list[str] | None, Query(max_length=200)] = None,
    events: EventsQ = True,
) -> list[dict]:
    from marsad.analysis.offices import office_timeline

    pack = _pack(settings)
    return clean(gate(lambda s: office_timeline(pack, office, store=s if events else None)))


@router.get("/api/politics/offices/changes", summary="Office changes read from confirmed events")
def office_changes(
    gate: GateDep,
    settings: SettingsDep,
    office: Annotated[list[str] | None, Query(max_length=200)] = None,
) -> list[dict]:
    """Every confirmed event that elects, appoints, or removes someone, with how it was read
    (person, office, how) and its outcome against the pack: applied, corroborates, conflicts,
    unmatched, unplaced or unresolved (with the reason)."""
    from marsad.analysis.offices import office_changes_frame

    pack = _pack(settings)
    return clean(gate(lambda s: office_changes_frame(pack, s, office)))


@router.get("/api/politics/network", summary="Actor network on a date, paths with evidence")
def network(
    gate: GateDep,
    as_of: DateQ = None,
    around: Annotated[str | None, Query(max_length=300)] = None,
    radius: Annotated[int, Query(ge=1, le=4)] = 1,
    path: Annotated[list[str] | None, Query(max_length=300, description="two actors")] = None,
    window: Annotated[int, Query(ge=0, le=36_500)] = 365,
    top: Annotated[int, Query(ge=1, le=500)] = 20,
    betweenness: Annotated[
        Literal["auto", "exact", "sampled"],
        Query(description="exact, sampled (with an error bound) or auto (exact up to 10,000)"),
    ] = "auto",
) -> dict:
    from marsad.analysis.network import analyze_network

    return clean(
        gate(
            lambda s: analyze_network(
                None, s, as_of, around, radius, path, window, top, betweenness_mode=betweenness
            )
        )
    )


@router.get("/api/politics/claims", summary="Every source's figure per quantity")
def claims(
    gate: GateDep,
    settings: SettingsDep,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    election: Annotated[str | None, Query(max_length=100)] = None,
    disagree_only: bool = False,
) -> list[dict]:
    from marsad.analysis.figures import compare_claims

    pack = _pack(settings)
    df = gate(lambda s: compare_claims(s, pack, subject, election))
    if disagree_only and len(df):
        df = df[df["disagree"]]
    return clean(df)


# --------------------------------------------------------------------------- ACH


class MatrixBody(BaseModel):
    title: str = Field(..., min_length=1, max_length=300)
    question: str | None = Field(None, max_length=2000)
    user: str | None = Field(None, max_length=100)


class HypothesisBody(BaseModel):
    label: str = Field(..., min_length=1, max_length=500)
    description: str | None = Field(None, max_length=4000)
    user: str | None = Field(None, max_length=100)


class EvidenceBody(BaseModel):
    kind: str = Field(..., max_length=20, description="event, claim, relation or note")
    fact_id: str | None = Field(None, max_length=300)
    label: str | None = Field(None, max_length=500)
    weight: float | None = Field(None, ge=0, le=10)
    user: str | None = Field(None, max_length=100)


class RatingBody(BaseModel):
    evidence_id: str = Field(..., max_length=100)
    hypothesis_id: str = Field(..., max_length=100)
    rating: str = Field(..., max_length=4, description="CC, C, N, I or II")
    note: str | None = Field(None, max_length=2000)
    user: str | None = Field(None, max_length=100)


MatrixId = Annotated[str, Path(max_length=100)]


@router.get("/api/ach", summary="ACH matrices")
def ach_list(gate: GateDep) -> list[dict]:
    from marsad.analysis.ach import list_matrices

    return clean(gate(list_matrices))


@router.post("/api/ach", summary="Create an ACH matrix", dependencies=[requires(ANALYST)])
def ach_create(gate: GateDep, identity: IdentityDep, body: MatrixBody) -> dict:
    from marsad.analysis.ach import create_matrix, load_matrix

    user = acting_user(identity, body.user)
    return clean(
        gate(lambda s: load_matrix(s, create_matrix(s, body.title, body.question, user=user)))
    )


@router.get("/api/ach/{matrix_id}", summary="An ACH matrix with scores and history")
def ach_get(gate: GateDep, matrix_id: MatrixId) -> dict:
    from marsad.analysis.ach import load_matrix

    return clean(gate(lambda s: load_matrix(s, matrix_id)))


@router.post("/api/ach/{matrix_id}/hypotheses", summary="Add a hypothesis", dependencies=[requires(ANALYST)])
def ach_hypothesis(
    gate: GateDep, identity: IdentityDep, matrix_id: MatrixId, body: HypothesisBody
) -> dict:
    from marsad.analysis.ach import add_hypothesis, load_matrix

    user = acting_user(identity, body.user)

    def run(s) -> Any:
        add_hypothesis(s, matrix_id, body.label, body.description, user=user)
        return load_matrix(s, matrix_id)

    return clean(gate(run))


@router.post("/api/ach/{matrix_id}/evidence", summary="Link an evidence item", dependencies=[requires(ANALYST)])
def ach_evidence(
    gate: GateDep, identity: IdentityDep, matrix_id: MatrixId, body: EvidenceBody
) -> dict:
    from marsad.analysis.ach import link_evidence, load_matrix

    user = acting_user(identity, body.user)

    def run(s) -> Any:
        link_evidence(s, matrix_id, body.kind, body.fact_id, body.label, body.weight, user=user)
        return load_matrix(s, matrix_id)

    return clean(gate(run))


@router.post("/api/ach/{matrix_id}/ratings", summary="Rate evidence against a hypothesis", dependencies=[requires(ANALYST)])
def ach_rate(gate: GateDep, identity: IdentityDep, matrix_id: MatrixId, body: RatingBody) -> dict:
    from marsad.analysis.ach import load_matrix, rate

    user = acting_user(identity, body.user)

    def run(s) -> Any:
        rate(
            s,
            matrix_id,
            body.evidence_id,
            body.hypothesis_id,
            body.rating,
            user=user,
            note=body.note,
        )
        return load_matrix(s, matrix_id)

    return clean(gate(run))


@router.get("/api/ach/{matrix_id}/export", summary="Export a matrix as CSV or JSON")
def ach_export(gate: GateDep, identity: IdentityDep, matrix_id: MatrixId, format: str = "csv") -> Any:
    from marsad.analysis.ach import AchError, load_matrix, to_csv

    if format not in ("csv", "json"):
        raise AchError(f"format={format!r} is not csv or json")
    m = gate(lambda s: load_matrix(s, matrix_id))
    record_export(gate, identity, f"ach-{format}", {"matrix_id": matrix_id})
    if format == "json":
        return clean(m)
    return PlainTextResponse(
        to_csv(m),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{matrix_id}.csv"'},
    )

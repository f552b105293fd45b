"""/v1/patrols: plans, reports, cases, statistics, the map, and a file judged by the rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status

from cosec.kit import InvalidInput
from cosec.mechanisms.patrols import assess as assessing
from cosec.mechanisms.patrols import records as r
from cosec.mechanisms.patrols import service
from cosec.mechanisms.patrols.schemas import CaseOut, PlanOut, StatisticsOut
from cosec.plugin.api import (
    ClockDep,
    Costly,
    DeploymentDep,
    OptionalYear,
    PathId,
    PrincipalDep,
    RecordOut,
    SessionDep,
    Submission,
    SubmitDep,
)
from cosec.plugin.store import list_findings, load_profile

router = APIRouter(prefix="/v1", tags=["patrols"])
Filter = Annotated[str | None, Query(max_length=20)]


def _plan(submit: SubmitDep, clock: ClockDep, plan_id: int) -> PlanOut:
    v = service.get_plan(
        submit.session,
        deployment=submit.deployment,
        principal=submit.principal,
        plan_id=plan_id,
        now=clock.now(),
    )
    return PlanOut.of(v)


@router.get("/patrols", response_model=list[PlanOut])
def list_plans(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: OptionalYear = None,
    member: Filter = None,
    status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
) -> list[PlanOut]:
    """Patrol plans the caller may read, latest first, with their reports and status
    (``member``: a participant; ``status``: planned, under way, awaiting report, overdue,
    reported, reported late)."""
    if status_ is not None and status_ not in service.STATUSES:
        raise InvalidInput.field("status", f"must be one of {', '.join(service.STATUSES)}")
    plans = service.list_plans(session, deployment=deployment, principal=principal, now=clock.now())
    return [
        PlanOut.of(v)
        for v in plans
        if service.in_year(v.plan.start, year)
        and (not member or member in v.plan.participants)
        and (status_ is None or v.status == status_)
    ]


@router.post("/patrols", status_code=status.HTTP_201_CREATED, response_model=PlanOut)
def plan_patrol(body: Submission[r.PatrolPlan], submit: SubmitDep, clock: ClockDep) -> PlanOut:
    """Plan a joint patrol you lead: participants, vessels, route, dates."""
    row = submit.record("patrols.plan", body.payload, body.audience, body.parties)
    return _plan(submit, clock, row.id)


@router.get("/patrols/cases", response_model=list[CaseOut])
def list_cases(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    year: OptionalYear = None,
    category: Filter = None,
    member: Filter = None,
) -> list[CaseOut]:
    """Law-enforcement cases the caller may read, latest first (``category``: CAT1 to CAT4;
    ``member``: who shared it)."""
    if category is not None and category not in r.CATEGORIES:
        raise InvalidInput.field("category", "must be CAT1, CAT2, CAT3 or CAT4")
    found = service.list_cases(session, deployment=deployment, principal=principal)
    return [
        CaseOut.of(v)
        for v in found
        if service.in_year(v.case.occurred_at, year)
        and (category is None or v.case.category == category)
        and (not member or v.record.submitter == member)
    ]


@router.post("/patrols/cases", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
def share_case(body: Submission[r.LawEnforcementCase], submit: SubmitDep) -> CaseOut:
    """Share a law-enforcement case with the regime's members (within 72 h of it)."""
    row = submit.record("patrols.case", body.payload, body.audience, body.parties)
    v = service.get_case(
        submit.session, deployment=submit.deployment, principal=submit.principal, case_id=row.id
    )
    return CaseOut.of(v)


@router.get("/patrols/cases/{case_id}", response_model=CaseOut)
def get_case(
    case_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> CaseOut:
    """One case, with its findings."""
    v = service.get_case(session, deployment=deployment, principal=principal, case_id=case_id)
    found = list_findings(session, deployment=deployment, principal=principal, record_id=case_id)
    return CaseOut.of(v, found)


@router.get("/patrols/statistics", response_model=StatisticsOut)
def statistics(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: OptionalYear = None,
) -> StatisticsOut:
    """Patrols, reports, cases by category (CAT 1-4), drugs seized and persons detained by
    year; each member's patrols in ``year`` (default: this year) against the minimum."""
    now = clock.now()
    regime = service.regime_of(deployment)
    plans = service.list_plans(session, deployment=deployment, principal=principal, now=now)
    found = service.list_cases(session, deployment=deployment, principal=principal)
    members = deployment.current.regime_members("patrols") or ()
    return StatisticsOut.of(
        service.statistics(
            plans,
            found,
            year=year or now.year,
            members=members,
            minimum=regime.min_patrols_per_year,
        )
    )


@router.get("/patrols/map.geojson")
def patrol_map(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: OptionalYear = None,
) -> dict[str, Any]:
    """Patrol routes (lines), the charter's stations and the cases (points) of ``year``
    (every year when not given)."""
    plans = service.list_plans(session, deployment=deployment, principal=principal, now=clock.now())
    found = service.list_cases(session, deployment=deployment, principal=principal)
    return service.geojson(
        [v for v in plans if service.in_year(v.plan.start, year)],
        [c for c in found if service.in_year(c.case.occurred_at, year)],
        service.regime_of(deployment),
    )


@router.get("/patrols/stations")
def stations(deployment: DeploymentDep) -> list[dict[str, Any]]:
    """The stations of the charter in force, upstream to downstream."""
    return [s.model_dump() for s in service.regime_of(deployment).stations]


@router.post("/patrols/assess", dependencies=[Costly])
def assess(
    document: Annotated[
        dict[str, Any], Body(description="A file as `cosec patrols assess` reads it.")
    ],
    clock: ClockDep,
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "lancang-mekong",
) -> list[dict[str, Any]]:
    """Judge plans, reports and cases by a shipped charter's rules; nothing is stored."""
    c = load_profile(charter)  # an id only, never a path on the server
    found, _ = assessing.judge(document, c, clock.now())
    return assessing.as_dicts(found)


@router.get("/patrols/{plan_id}", response_model=PlanOut)
def get_plan(
    plan_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> PlanOut:
    """One patrol plan with its reports, status and findings."""
    v = service.get_plan(
        session, deployment=deployment, principal=principal, plan_id=plan_id, now=clock.now()
    )
    found = list_findings(session, deployment=deployment, principal=principal, record_id=plan_id)
    return PlanOut.of(v, found)


@router.get("/patrols/{plan_id}/map.geojson")
def plan_map(
    plan_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> dict[str, Any]:
    """One patrol's route, the positions its reports logged, the stations, and its cases."""
    v = service.get_plan(
        session, deployment=deployment, principal=principal, plan_id=plan_id, now=clock.now()
    )
    found = [
        c
        for c in service.list_cases(session, deployment=deployment, principal=principal)
        if c.case.plan_id == plan_id
    ]
    return service.geojson([v], found, service.regime_of(deployment), positions=True)


@router.post("/patrols/{plan_id}/reports", status_code=201, response_model=RecordOut)
def report_patrol(
    plan_id: PathId, body: Submission[dict[str, Any]], submit: SubmitDep
) -> RecordOut:
    """Report a patrol you took part in: who took part, positions, stations visited."""
    row = submit.record(
        "patrols.report", body.payload | {"plan_id": plan_id}, body.audience, body.parties
    )
    return RecordOut.of(row)

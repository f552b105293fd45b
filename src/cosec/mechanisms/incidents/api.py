"""/v1/incidents: reports, replies, joint assessments, severity of a file of incidents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status

from cosec.kit import InvalidInput
from cosec.mechanisms.incidents import assess as assessing
from cosec.mechanisms.incidents import records as r
from cosec.mechanisms.incidents import service
from cosec.mechanisms.incidents.schemas import ActsOut, IncidentLine, IncidentOut
from cosec.plugin.api import (
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

router = APIRouter(prefix="/v1", tags=["incidents"])

ChildPayload = dict[str, Any]


def _record(submit: SubmitDep, kind: str, body: Submission[Any], **ids: int) -> RecordOut:
    payload = (
        body.payload if isinstance(body.payload, dict) else body.payload.model_dump(mode="json")
    )
    row = submit.record(kind, payload | ids, audience=body.audience, parties=body.parties)
    return RecordOut.of(row)


@router.get("/incidents", response_model=list[IncidentLine])
def list_incidents(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str | None = None,
    domain: str | None = None,
    year: OptionalYear = None,
    severity: str | None = None,
) -> list[IncidentLine]:
    """Incident reports the caller may read, newest first (``member``: reporter or other
    member; ``severity``: L1 to L4)."""
    lines = service.list_incidents(session, deployment=deployment, principal=principal)
    out = [IncidentLine.of(s) for s in lines]
    if member:
        out = [x for x in out if member in (x.reporter, x.other_member)]
    if domain:
        out = [x for x in out if x.domain == domain]
    if year:
        out = [x for x in out if x.occurred_at.year == year]
    if severity:
        out = [x for x in out if x.severity.level == severity.upper()]
    return out


@router.post("/incidents", status_code=status.HTTP_201_CREATED, response_model=IncidentOut)
def report_incident(body: Submission[r.IncidentReport], submit: SubmitDep) -> IncidentOut:
    """Report an incident at sea or in the air; the answer gives its severity and why."""
    row = submit.record("incident.report", body.payload, body.audience, body.parties)
    return _one(submit.session, submit.deployment, submit.principal, row.id)


@router.get("/incidents/acts", response_model=ActsOut)
def acts(deployment: DeploymentDep) -> ActsOut:
    """The prohibited acts, distances and deadlines of the charter in force."""
    regime = service.regime_of(deployment)
    return ActsOut(
        charter=f"{deployment.current.id} {deployment.current.version}",
        acts=list(regime.acts),
        conduct_acts=list(regime.conduct_acts),
        unsafe_distance_m=regime.unsafe_distance_m.model_dump(),
        dangerous_distance_m=regime.dangerous_distance_m.model_dump(),
        report_within_hours=regime.report_within_hours,
        reply_within_days=regime.reply_within_days,
    )


@router.post("/incidents/assess", dependencies=[Costly])
def assess(
    incidents: Annotated[
        list[Any], Body(embed=True, description="Incidents, as in an assess file.")
    ],
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "eas-2026",
) -> list[dict[str, Any]]:
    """Rate at most 10,000 incidents (L1-L4, with reasons) under a shipped charter; nothing
    is stored."""
    c = load_profile(charter)  # an id only, never a path on the server
    regime = assessing.regime_of(c)
    if len(incidents) > assessing.MAX_INCIDENTS:
        raise InvalidInput.field(
            "incidents", f"must hold at most {assessing.MAX_INCIDENTS:,} incidents"
        )
    rows = assessing.validate_rows(incidents, regime)
    return assessing.as_dicts(assessing.rate_rows(rows, regime))


def _one(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, report_id: int
) -> IncidentOut:
    v = service.get_incident(
        session, deployment=deployment, principal=principal, report_id=report_id
    )
    found = list_findings(session, deployment=deployment, principal=principal, record_id=report_id)
    return IncidentOut.of(v, found)


@router.get("/incidents/{report_id}", response_model=IncidentOut)
def get_incident(
    report_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> IncidentOut:
    """One report with the other member's replies, joint assessments, severity, tracked
    encounters and findings."""
    return _one(session, deployment, principal, report_id)


@router.get("/incidents/{report_id}/map.geojson")
def incident_map(
    report_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The incident on a map: the reported position, the other member's, and each closest
    point of approach found in the tracks (with the URL of the vessels' tracks around it)."""
    v = service.get_incident(
        session, deployment=deployment, principal=principal, report_id=report_id
    )
    return service.geojson(v)


@router.post("/incidents/{report_id}/replies", status_code=201, response_model=RecordOut)
def reply(report_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """The other member's own account of a reported incident."""
    return _record(submit, "incident.reply", body, report_id=report_id)


@router.post("/incidents/{report_id}/assessments", status_code=201, response_model=RecordOut)
def propose(report_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """Propose the facts both parties agree (a joint assessment, once endorsed)."""
    return _record(submit, "incident.assessment", body, report_id=report_id)


@router.post(
    "/incident-assessments/{assessment_id}/endorsements", status_code=201, response_model=RecordOut
)
def endorse(assessment_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """The other party endorses a proposed assessment: it becomes joint."""
    return _record(submit, "incident.endorsement", body, assessment_id=assessment_id)

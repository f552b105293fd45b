"""/v1/findings, /v1/scorecards and /v1/evaluate."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from cosec.api.deps import (
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SecretariatDep,
    SessionDep,
    SubmitDep,
)
from cosec.api.paging import page_headers
from cosec.api.params import Limit, Offset, PathId, QueryId
from cosec.api.schemas import AnswerIn, EvaluationOut, FindingOut, RecordOut, ScorecardOut
from cosec.compliance import engine, listing
from cosec.compliance import service as findings
from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.scorecards import scorecard, scorecards
from cosec.deployment import load
from cosec.errors import NotFound
from cosec.store.db import unit_of_work

router = APIRouter(prefix="/v1", tags=["findings"])


@router.get("/findings", response_model=list[FindingOut])
def list_findings(
    request: Request,
    response: Response,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str | None = None,
    state: FindingState | None = None,
    min_severity: Severity | None = None,
    obligation: str | None = None,
    record_id: QueryId = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[FindingOut]:
    """Findings the caller may read: open and most severe first, then newest. Paged with
    ``limit`` and ``offset`` (sorted, counted and cut in the database): ``X-Total-Count``
    says how many there are, ``Link`` where the next page is."""
    found = listing.page_findings(
        session,
        deployment=deployment,
        principal=principal,
        member=member,
        state=state.value if state else None,
        min_severity=min_severity,
        obligation=obligation,
        record_id=record_id,
        limit=limit,
        offset=offset,
    )
    page_headers(request, response, total=found.total, offset=offset, limit=limit)
    return [FindingOut.of(v) for v in found.views]


@router.get("/findings/{finding_id}", response_model=FindingOut)
def get_finding(
    finding_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> FindingOut:
    """One finding."""
    return FindingOut.of(
        findings.get_finding(
            session, deployment=deployment, principal=principal, finding_id=finding_id
        )
    )


@router.post("/findings/{finding_id}/answers", status_code=201, response_model=RecordOut)
def answer_finding(finding_id: PathId, body: AnswerIn, submit: SubmitDep) -> RecordOut:
    """Answer a finding as a member it concerns (a signed record)."""
    item = findings.answer_item(
        submit.session,
        deployment=submit.deployment,
        principal=submit.principal,
        finding_id=finding_id,
        text=body.answer,
    )
    return RecordOut.of(submit.record(item.kind, item.payload, item.audience, item.parties))


@router.post("/evaluate", response_model=EvaluationOut)
def evaluate(request: Request, _: SecretariatDep, clock: ClockDep) -> EvaluationOut:
    """Evaluate every obligation in force now (secretariat)."""
    with unit_of_work(request.app.state.sessions, write=True) as session:
        r = engine.evaluate(session, deployment=load(session), clock=clock)
    return EvaluationOut(
        mechanisms=r.mechanisms,
        opened=r.opened,
        updated=r.updated,
        resolved=r.resolved,
        reopened=r.reopened,
    )


@router.get("/scorecards", response_model=list[ScorecardOut])
def list_scorecards(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[ScorecardOut]:
    """Every member's scorecard, as far as the caller may see."""
    return [
        ScorecardOut.of(c) for c in scorecards(session, deployment=deployment, principal=principal)
    ]


@router.get("/scorecards/{member}", response_model=ScorecardOut)
def get_scorecard(
    member: str, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> ScorecardOut:
    """One member's scorecard."""
    member = member.upper()
    if member not in deployment.current.member_codes:
        raise NotFound(f"no member {member}")
    return ScorecardOut.of(
        scorecard(session, deployment=deployment, principal=principal, member=member)
    )

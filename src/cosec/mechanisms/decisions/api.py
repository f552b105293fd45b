"""/v1/decisions: bodies, the chair's schedule, meetings, proposals, votes, the register,
and the rules on posted proposals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, status

from cosec.mechanisms.decisions import records as r
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.assess import assess as assess_data
from cosec.mechanisms.decisions.bodies import regime_of
from cosec.mechanisms.decisions.schemas import BodyOut, MeetingOut, ProposalOut, TaskOut
from cosec.plugin.api import (
    ClockDep,
    Costly,
    DeploymentDep,
    PathId,
    PrincipalDep,
    RecordOut,
    SessionDep,
    Submission,
    SubmitDep,
)
from cosec.plugin.store import load_profile

router = APIRouter(prefix="/v1", tags=["decisions"])
Status = Annotated[str | None, Query(pattern="^(draft|tabled|decided|withdrawn|adopted)$")]


@router.get("/decisions/bodies", response_model=list[BodyOut])
def list_bodies(deployment: DeploymentDep, clock: ClockDep) -> list[BodyOut]:
    """The charter's bodies: members, rule (§11's words), quorum, chair, whether binding."""
    regime = regime_of(deployment.current)
    year = clock.now().year
    return [BodyOut.of(b, regime, year) for b in service.body_list(deployment)]


@router.get("/decisions/chairs")
def chairs(
    deployment: DeploymentDep,
    first: Annotated[int, Query(alias="from", ge=1990, le=2200)] = 2026,
    last: Annotated[int, Query(alias="to", ge=1990, le=2200)] = 2035,
) -> list[dict[str, Any]]:
    """The rotating chair, year by year (at most 100 years)."""
    charter = deployment.current
    last = min(last, first + 99)
    return [
        {"year": y, "chair": c, "name": charter.member_name(c) if c else None}
        for y, c in service.chair_schedule(regime_of(charter), first, last)
    ]


@router.get("/decisions/meetings", response_model=list[MeetingOut])
def list_meetings(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[MeetingOut]:
    """Meetings the caller may read, newest first, with their agendas and proposals."""
    regime = regime_of(deployment.current)
    known = {b.id: b for b in service.body_list(deployment)}
    out = []
    for m, _ in service.meetings(session, deployment=deployment, principal=principal):
        body = known.get(m.meeting.body)
        chair = body.chair_in(regime, m.meeting.opens_on.year) if body else None
        out.append(MeetingOut.of(m, chair))
    return out


@router.post("/decisions/meetings", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def convene(body: Submission[r.Meeting], submit: SubmitDep) -> RecordOut:
    """Convene a meeting of a body with its agenda (the secretariat)."""
    return RecordOut.of(submit.record("decisions.meeting", body.payload, body.audience))


@router.get("/decisions/proposals", response_model=list[ProposalOut])
def list_proposals(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    status: Status = None,
    body: Annotated[str | None, Query(max_length=60)] = None,
) -> list[ProposalOut]:
    """Proposals the caller may read, newest first, with their votes and tallies."""
    now = clock.now()
    views = service.list_proposals(
        session, deployment=deployment, principal=principal, status=status, body=body
    )
    return [ProposalOut.of(v, service.task_views(v.state, now)) for v in views]


@router.post("/decisions/proposals", status_code=201, response_model=ProposalOut)
def propose(body: Submission[r.Proposal], submit: SubmitDep, clock: ClockDep) -> ProposalOut:
    """Put a proposal to a body: a draft, or tabled at once at ``meeting_id``."""
    row = submit.record("decisions.proposal", body.payload, body.audience, body.parties)
    v, _ = service.get_proposal(
        submit.session, deployment=submit.deployment, principal=submit.principal, proposal_id=row.id
    )
    return ProposalOut.of(v, service.task_views(v.state, clock.now()))


@router.get("/decisions/proposals/{proposal_id}", response_model=ProposalOut)
def get_proposal(
    proposal_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> ProposalOut:
    """One proposal: its status, every vote logged, its tally (live while tabled)."""
    v, _ = service.get_proposal(
        session, deployment=deployment, principal=principal, proposal_id=proposal_id
    )
    return ProposalOut.of(v, service.task_views(v.state, clock.now()))


def _follow(submit: Any, kind: str, proposal_id: int, payload: dict[str, Any]) -> RecordOut:
    service.guard(
        submit.session,
        deployment=submit.deployment,
        principal=submit.principal,
        kind=kind,
        proposal_id=proposal_id,
    )
    row = submit.record(kind, payload | {"proposal_id": proposal_id})
    return RecordOut.of(row)


@router.post("/decisions/proposals/{proposal_id}/votes", status_code=201, response_model=RecordOut)
def cast_vote(
    proposal_id: PathId, body: Submission[dict[str, Any]], submit: SubmitDep
) -> RecordOut:
    """Cast the caller's member's vote (``{"vote", "representative"}``) on a tabled
    proposal; 409 when it is not open to votes."""
    return _follow(submit, "decisions.vote", proposal_id, body.payload)


@router.post("/decisions/proposals/{proposal_id}/table", status_code=201, response_model=RecordOut)
def table(proposal_id: PathId, body: Submission[dict[str, Any]], submit: SubmitDep) -> RecordOut:
    """Table a draft at a meeting of its body (``{"meeting_id"}``; the secretariat); 409
    unless it is a draft."""
    return _follow(submit, "decisions.table", proposal_id, body.payload)


@router.post("/decisions/proposals/{proposal_id}/close", status_code=201, response_model=RecordOut)
def close(
    proposal_id: PathId, submit: SubmitDep, body: Submission[dict[str, Any]] | None = None
) -> RecordOut:
    """Close the vote (the secretariat): the body's members and rule as the charter sets
    them now are stated in the record, and the rules decide."""
    note = str((body.payload if body else {}).get("note", ""))
    payload = service.close_payload(
        submit.session,
        deployment=submit.deployment,
        principal=submit.principal,
        proposal_id=proposal_id,
        note=note,
    )
    return RecordOut.of(submit.record("decisions.close", payload))


@router.post(
    "/decisions/proposals/{proposal_id}/withdraw", status_code=201, response_model=RecordOut
)
def withdraw(proposal_id: PathId, body: Submission[dict[str, Any]], submit: SubmitDep) -> RecordOut:
    """Withdraw a proposal not yet decided (its sponsor, or the secretariat); 409 once
    decided or withdrawn."""
    return _follow(submit, "decisions.withdraw", proposal_id, body.payload)


@router.post(
    "/decisions/proposals/{proposal_id}/tasks/{task}/done",
    status_code=201,
    response_model=RecordOut,
)
def task_done(
    proposal_id: PathId,
    task: Annotated[int, Path(ge=1, le=50)],
    body: Submission[dict[str, Any]],
    submit: SubmitDep,
) -> RecordOut:
    """Report one of the caller's member's tasks carried out (``{"done_on", "note"?}``);
    409 unless the proposal is a binding decision."""
    return _follow(submit, "decisions.task_done", proposal_id, body.payload | {"task": task})


@router.get("/decisions/register")
def register(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, clock: ClockDep
) -> list[dict[str, Any]]:
    """The register of binding decisions, newest first, each with its tasks' status."""
    found = service.register(session, deployment=deployment, principal=principal, now=clock.now())
    return [
        {
            "decision": v.state.number,
            "proposal_id": v.id,
            "body": v.state.proposal.body,
            "title": v.state.proposal.title,
            "adopted_at": v.state.closed_at,
            "tasks": [TaskOut.of(t).model_dump(mode="json") for t in tasks],
        }
        for v, tasks in found
    ]


@router.post("/decisions/assess", dependencies=[Costly])
def assess(
    proposals: Annotated[list[Any], Body(embed=True, description="As in an assess file.")],
    charter: Annotated[str, Query(description="Id of a shipped charter profile.")] = "eas-2026",
) -> list[dict[str, object]]:
    """Count the votes of posted proposals by a shipped charter's rules (as `cosec decisions
    assess`); nothing is stored."""
    c = load_profile(charter)
    return [t.as_json(pid) for pid, t in assess_data({"proposals": proposals}, c)]

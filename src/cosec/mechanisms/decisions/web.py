"""The decisions' pages: the bodies and the chair's schedule, meetings, proposals with their
vote tallies, the register of decisions with each task's status (lists sort, filter, page
and export CSV), and the forms on the core's review flow."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from cosec.kit import NotFound, Principal, Role
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.bodies import regime_of
from cosec.mechanisms.decisions.fold import STATUSES
from cosec.mechanisms.decisions.forms import FORMS
from cosec.mechanisms.decisions.lists import PAGE_SIZE, choose, csv_response, query_of, sort_page
from cosec.mechanisms.decisions.regime import RULE_NAMES
from cosec.mechanisms.decisions.service import TASK_STATUSES
from cosec.plugin.store import list_findings
from cosec.plugin.web import (
    N_,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    add_record_form,
    page_year,
    render,
)

TITLES = (  # its title, record kinds' and obligations' titles, shown by the core (``|tr``)
    N_("Institutions and binding decisions"),
    N_("Meeting of a body"),
    N_("Proposal tabled at a meeting"),
    N_("Vote closed"),
    N_("Proposal withdrawn"),
    N_("Implementation task carried out"),
    N_("Carry out each task of a binding decision by its deadline"),
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

OUTCOMES = ("adopted", "rejected", "no_quorum")
WORDS = (  # values the pages show as words (``{{ status|tr }}``), marked for the catalog
    N_("consensus"),  # regime.RULE_NAMES
    N_("consensus minus the parties"),
    N_("two-thirds majority"),
    N_("simple majority"),
    N_("summit"),  # bodies.KINDS
    N_("ministerial council"),
    N_("secretariat"),
    N_("working group"),
    N_("hotline"),
    N_("committee"),
    N_("draft"),  # fold.STATUSES
    N_("tabled"),
    N_("decided"),
    N_("withdrawn"),
    N_("adopted"),  # OUTCOMES, shown with spaces
    N_("rejected"),
    N_("no quorum"),
    N_("open"),  # service.TASK_STATUSES
    N_("overdue"),
    N_("done"),
    N_("done late"),
    N_("cast before the proposal was tabled"),  # a vote's Cast.why_not
    N_("cast after the vote closed"),
    N_("cast after the proposal was withdrawn"),
)
PROPOSAL_SORTS: dict[str, Any] = {
    "id": lambda v: v.id,
    "title": lambda v: (v.state.proposal.title.lower(), v.id),
    "body": lambda v: (v.state.proposal.body, v.id),
    "status": lambda v: (v.outcome, v.id),
    "yes": lambda v: (v.tally.yes if v.tally else -1, v.id),
}
MEETING_SORTS: dict[str, Any] = {
    "opens": lambda m: (m[0].meeting.opens_on, m[0].id),
    "body": lambda m: (m[0].meeting.body, m[0].meeting.opens_on),
    "title": lambda m: (m[0].meeting.title.lower(), m[0].id),
}
TASK_SORTS: dict[str, Any] = {
    "due": lambda x: (x[1].due, x[0].id, x[1].n),
    "decision": lambda x: (x[0].state.closed_at, x[0].id, x[1].n),
    "member": lambda x: (x[1].member, x[1].due),
    "status": lambda x: (x[1].status, x[1].due),
}


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for decisions."""
    views = service.list_proposals(session, deployment=deployment, principal=principal)
    tabled = sum(1 for v in views if v.state.status == "tabled")
    decisions = sum(1 for v in views if v.state.is_decision)
    return [
        Stat(
            tabled, "proposals open to votes", "/decisions/proposals?status=tabled", "count-tabled"
        ),
        Stat(
            decisions, "binding decisions on the register", "/decisions/register", "count-decisions"
        ),
    ]


@router.get("/decisions")
def bodies_page(
    request: Request, deployment: DeploymentDep, principal: PrincipalDep, clock: ClockDep
) -> HTMLResponse:
    year = clock.now().year
    regime = regime_of(deployment.current)
    return render(
        request,
        "decisions/bodies.html",
        principal,
        deployment,
        bodies=service.body_list(deployment),
        regime=regime,
        year=year,
        rule_names=RULE_NAMES,
        schedule=service.chair_schedule(regime, year - 2, year + 7),
    )


def _proposals(
    request: Request, session: Any, deployment: Any, principal: Principal, *, every: bool = False
) -> Any:
    """The proposals list, filtered by status, body, outcome and year, sorted, paged."""
    query = query_of(request, ("status", "body", "outcome", "year"))
    status = choose(query, "status", STATUSES)
    outcome = choose(query, "outcome", OUTCOMES)
    body = choose(query, "body", [b.id for b in service.body_list(deployment)])
    year = page_year(query["year"])
    views = service.list_proposals(
        session,
        deployment=deployment,
        principal=principal,
        status=status or None,
        body=body or None,
    )
    views = [
        v
        for v in views
        if (not outcome or (v.state.tally is not None and v.state.tally.outcome == outcome))
        and (year is None or v.state.at.year == year)
    ]
    return sort_page(views, query, PROPOSAL_SORTS, "id", size=None if every else PAGE_SIZE)


@router.get("/decisions/proposals")
def proposals_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    page = _proposals(request, session, deployment, principal)
    return render(
        request,
        "decisions/proposals.html",
        principal,
        deployment,
        p=page,
        statuses=STATUSES,
        outcomes=OUTCOMES,
        bodies=service.body_list(deployment),
        rule_names=RULE_NAMES,
        can_propose=principal.role in (Role.MEMBER, Role.SECRETARIAT),
    )


@router.get("/decisions/proposals.csv")
def proposals_csv(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    rows = _proposals(request, session, deployment, principal, every=True).rows
    columns = (
        "id",
        "body",
        "title",
        "sponsor",
        "rule",
        "parties",
        "status",
        "outcome",
        "yes",
        "no",
        "abstain",
        "present",
        "decision",
    )
    return csv_response(
        "proposals.csv",
        columns,
        (
            [
                v.id,
                v.state.proposal.body,
                v.state.proposal.title,
                v.state.sponsor,
                v.rule,
                " ".join(v.state.proposal.parties),
                v.state.status,
                v.state.tally.outcome if v.state.tally else "",
                v.tally.yes if v.tally else "",
                v.tally.no if v.tally else "",
                v.tally.abstain if v.tally else "",
                v.tally.present if v.tally else "",
                v.state.number or "",
            ]
            for v in rows
        ),
    )


@router.get("/decisions/proposals/{proposal_id}")
def proposal_page(
    proposal_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    v, _ = service.get_proposal(
        session, deployment=deployment, principal=principal, proposal_id=proposal_id
    )
    body = v.body
    voted = {c.member for c in v.state.history}
    waiting = [m for m in (body.members if body else ()) if m not in voted]
    member = principal.member
    return render(
        request,
        "decisions/proposal.html",
        principal,
        deployment,
        v=v,
        tasks=service.task_views(v.state, clock.now()),
        waiting=waiting,
        rule_names=RULE_NAMES,
        findings=list_findings(
            session, deployment=deployment, principal=principal, record_id=proposal_id
        ),
        may_vote=member is not None
        and body is not None
        and member in body.members
        and v.state.status == "tabled",
        may_close=principal.role is Role.SECRETARIAT and v.state.status == "tabled",
        my_tasks=[
            n for n, t in enumerate(v.state.proposal.tasks, 1) if member and t.member == member
        ],
    )


def _meetings(request: Request, session: Any, deployment: Any, principal: Principal) -> Any:
    query = query_of(request, ("body", "year"))
    body = choose(query, "body", [b.id for b in service.body_list(deployment)])
    year = page_year(query["year"])
    found = [
        m
        for m in service.meetings(session, deployment=deployment, principal=principal)
        if (not body or m[0].meeting.body == body)
        and (year is None or m[0].meeting.opens_on.year == year)
    ]
    return query, found


@router.get("/decisions/meetings")
def meetings_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    query, found = _meetings(request, session, deployment, principal)
    regime = regime_of(deployment.current)
    known = {b.id: b for b in service.body_list(deployment)}
    return render(
        request,
        "decisions/meetings.html",
        principal,
        deployment,
        p=sort_page(found, query, MEETING_SORTS, "opens"),
        bodies=list(known.values()),
        chair=lambda m: (
            known[m.meeting.body].chair_in(regime, m.meeting.opens_on.year)
            if m.meeting.body in known
            else None
        ),
        body_name=lambda b: known[b].name if b in known else b,
        can_convene=principal.role is Role.SECRETARIAT,
    )


@router.get("/decisions/meetings.csv")
def meetings_csv(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    query, found = _meetings(request, session, deployment, principal)
    rows = sort_page(found, query, MEETING_SORTS, "opens", size=None).rows
    return csv_response(
        "meetings.csv",
        ("id", "body", "title", "opens_on", "closes_on", "place", "agenda", "proposals"),
        (
            [
                m.id,
                m.meeting.body,
                m.meeting.title,
                m.meeting.opens_on.isoformat(),
                m.meeting.closes_on.isoformat() if m.meeting.closes_on else "",
                m.meeting.place,
                " | ".join(m.meeting.agenda),
                " ".join(str(v.id) for v in views),
            ]
            for m, views in rows
        ),
    )


@router.get("/decisions/meetings/{meeting_id}")
def meeting_page(
    meeting_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    found = [
        x
        for x in service.meetings(session, deployment=deployment, principal=principal)
        if x[0].id == meeting_id
    ]
    if not found:
        raise NotFound(f"no meeting {meeting_id}")
    m, views = found[0]
    known = {b.id: b for b in service.body_list(deployment)}
    body = known.get(m.meeting.body)
    regime = regime_of(deployment.current)
    return render(
        request,
        "decisions/meeting.html",
        principal,
        deployment,
        m=m,
        views=views,
        body=body,
        chair=body.chair_in(regime, m.meeting.opens_on.year) if body else None,
        rule_names=RULE_NAMES,
    )


def _register(
    request: Request, session: Any, deployment: Any, principal: Principal, now: Any
) -> tuple[dict[str, str], list[Any]]:
    query = query_of(request, ("status", "member", "body"))
    status = choose(query, "status", TASK_STATUSES)
    body = choose(query, "body", [b.id for b in service.body_list(deployment)])
    member = query["member"].upper()
    rows = [
        (v, t)
        for v, tasks in service.register(
            session, deployment=deployment, principal=principal, now=now
        )
        for t in tasks
        if (not status or t.status == status)
        and (not member or t.member == member)
        and (not body or v.state.proposal.body == body)
    ]
    return query, rows


@router.get("/decisions/register")
def register_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    query, rows = _register(request, session, deployment, principal, clock.now())
    return render(
        request,
        "decisions/register.html",
        principal,
        deployment,
        p=sort_page(rows, query, TASK_SORTS, "due"),
        statuses=TASK_STATUSES,
        bodies=service.body_list(deployment),
    )


@router.get("/decisions/register.csv")
def register_csv(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    query, rows = _register(request, session, deployment, principal, clock.now())
    every = sort_page(rows, query, TASK_SORTS, "due", size=None).rows
    return csv_response(
        "register.csv",
        (
            "decision",
            "proposal_id",
            "body",
            "title",
            "adopted_on",
            "task",
            "member",
            "what",
            "due",
            "status",
            "done_on",
        ),
        (
            [
                v.state.number,
                v.id,
                v.state.proposal.body,
                v.state.proposal.title,
                v.state.closed_at.date().isoformat() if v.state.closed_at else "",
                t.n,
                t.member,
                t.what,
                t.due.isoformat(),
                t.status,
                t.done_on.isoformat() if t.done_on else "",
            ]
            for v, t in every
        ),
    )

"""/v1/hotline: messages, acknowledgements, chains of contacts, measured times, assess."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status

from cosec.mechanisms.hotline import assess as assessing
from cosec.mechanisms.hotline import records as r
from cosec.mechanisms.hotline import service
from cosec.mechanisms.hotline.schemas import AckTimesOut, MessageOut
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
    Year,
)
from cosec.plugin.store import load_profile

router = APIRouter(prefix="/v1", tags=["hotline"])


def wake(request: Request) -> None:
    """Tell this process's hotline scheduler to look at the log now."""
    live = getattr(request.app.state, "hotline", None)
    if live is not None:
        live.wake()


@router.get("/hotline/messages", response_model=list[MessageOut])
def list_messages(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    box: Annotated[str, Query(pattern="^(all|inbox|sent)$")] = "all",
    precedence: Annotated[str | None, Query(pattern="^(FLASH|IMMEDIATE|PRIORITY|ROUTINE)$")] = None,
    status: Annotated[
        str | None, Query(pattern="^(awaiting|overdue|acknowledged|acknowledged late)$")
    ] = None,
) -> list[MessageOut]:
    """Messages the caller may read (a member: those it sent or received), unacknowledged
    first, then FLASH first, newest first."""
    now = clock.now()
    views = service.list_messages(
        session,
        deployment=deployment,
        principal=principal,
        now=now,
        box=box,
        precedence=precedence,
        status=status,
    )
    return [MessageOut.of(v, now) for v in views]


@router.post("/hotline/messages", status_code=status.HTTP_201_CREATED, response_model=MessageOut)
def send(
    body: Submission[r.HotlineMessage], submit: SubmitDep, request: Request, clock: ClockDep
) -> MessageOut:
    """Send a message to another member; its precedence sets the acknowledgement deadline."""
    row = submit.record("hotline.message", body.payload, body.audience, body.parties)
    wake(request)
    v = service.get_message(
        submit.session, deployment=submit.deployment, principal=submit.principal, message_id=row.id
    )
    return MessageOut.of(v, clock.now())


@router.get("/hotline/messages/{message_id}", response_model=MessageOut)
def get_message(
    message_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> MessageOut:
    """One message with its deadline, acknowledgement and escalations."""
    v = service.get_message(
        session, deployment=deployment, principal=principal, message_id=message_id
    )
    return MessageOut.of(v, clock.now())


@router.post("/hotline/messages/{message_id}/acks", status_code=201, response_model=RecordOut)
def acknowledge(
    message_id: PathId, body: Submission[dict[str, Any]], submit: SubmitDep, request: Request
) -> RecordOut:
    """Acknowledge a message addressed to the caller's member."""
    payload = body.payload | {"message_id": message_id}
    row = submit.record("hotline.ack", payload, audience=body.audience, parties=body.parties)
    wake(request)
    return RecordOut.of(row)


@router.get("/hotline/contacts", response_model=list[RecordOut])
def list_contacts(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[RecordOut]:
    """Each member's latest chain of contacts the caller may read."""
    chains = service.contacts(session, deployment=deployment, principal=principal)
    return [RecordOut.of(row) for row, _ in chains.values()]


@router.post("/hotline/contacts", status_code=201, response_model=RecordOut)
def file_contacts(body: Submission[r.HotlineContacts], submit: SubmitDep) -> RecordOut:
    """File your member's chain of contacts (it replaces the previous one)."""
    row = submit.record("hotline.contacts", body.payload, body.audience, body.parties)
    return RecordOut.of(row)


@router.get("/hotline/ack-times", response_model=list[AckTimesOut])
def ack_times(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: Year,
) -> list[AckTimesOut]:
    """Per member, the messages of a year it received (drills included) and how fast it
    acknowledged them: median, 90th percentile, late and overdue."""
    times = service.ack_times(
        session, deployment=deployment, principal=principal, now=clock.now(), year=year
    )
    return [AckTimesOut.of(t) for t in times]


@router.post("/hotline/assess", dependencies=[Costly])
def assess(
    messages: Annotated[list[Any], Body(embed=True, description="Messages, as in an assess file.")],
    clock: ClockDep,
    contacts: Annotated[
        dict[str, Any] | None, Body(description="Chains of contacts by member, if any.")
    ] = None,
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "eas-2026",
    as_of: Annotated[datetime | None, Query(description="Judge as of this instant.")] = None,
) -> list[dict[str, Any]]:
    """Judge at most 10,000 messages' acknowledgements and escalations under a shipped
    charter (as `cosec hotline assess`); nothing is stored."""
    c = load_profile(charter)
    when = as_of.astimezone(UTC) if as_of and as_of.tzinfo else clock.now()
    if as_of is not None and as_of.tzinfo is None:
        when = datetime.combine(as_of.date(), time.max, tzinfo=UTC)
    doc = {"messages": messages, "contacts": contacts or {}}
    return [row for row, _ in assessing.assess_rows(doc, c, when)]

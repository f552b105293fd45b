"""/v1/notifications and the records that follow a notification."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status

from cosec.kit import InvalidInput
from cosec.mechanisms.notifications import OBLIGATIONS, listing, service
from cosec.mechanisms.notifications import assess as assessing
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.schemas import NotificationOut
from cosec.plugin.api import (
    ClockDep,
    Costly,
    DeploymentDep,
    Limit,
    Offset,
    OptionalYear,
    PathId,
    PrincipalDep,
    RecordOut,
    SecretariatDep,
    SessionDep,
    Submission,
    SubmitDep,
    Year,
    page_headers,
)
from cosec.plugin.store import list_findings, list_visible, load_profile

router = APIRouter(prefix="/v1", tags=["notifications"])

MAX_ASSESS_ACTIVITIES = 5_000
"""The most activities ``POST /v1/notifications/assess`` takes in one request."""

# Payloads of sub-resources: the id of the parent comes from the path.
ChildPayload = dict[str, Any]


def _record(submit: SubmitDep, kind: str, body: Submission[Any], **ids: int) -> RecordOut:
    payload = (
        body.payload if isinstance(body.payload, dict) else body.payload.model_dump(mode="json")
    )
    row = submit.record(kind, payload | ids, audience=body.audience, parties=body.parties)
    return RecordOut.of(row)


@router.get("/notifications", response_model=list[NotificationOut])
def list_notifications(
    request: Request,
    response: Response,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    state: Annotated[str | None, Query(max_length=16)] = None,
    year: OptionalYear = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[NotificationOut]:
    """Notifications the caller may read, newest activity first. Paged with ``limit`` and
    ``offset`` (only the page's notifications are built): ``X-Total-Count`` says how many
    there are, ``Link`` where the next page is."""
    if limit is None:
        views = service.list_notifications(
            session, deployment=deployment, principal=principal, state=state, year=year
        )
        total, views = len(views), views[offset:]
    else:
        views, total = listing.slice_of_list(
            session, deployment, principal, state=state, year=year, offset=offset, limit=limit
        )
    page_headers(request, response, total=total, offset=offset, limit=limit)
    return [NotificationOut.of(v) for v in views]


@router.post("/notifications", status_code=status.HTTP_201_CREATED, response_model=NotificationOut)
def create_notification(
    body: Submission[r.PriorNotification], submit: SubmitDep
) -> NotificationOut:
    """Notify a major military activity in advance (signed with the deposited key)."""
    row = submit.record("notification.prior", body.payload, body.audience, body.parties)
    return _one(submit.session, submit.deployment, submit.principal, row.id)


def _one(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, notification_id: int
) -> NotificationOut:
    v = service.get_notification(
        session, deployment=deployment, principal=principal, notification_id=notification_id
    )
    findings = list_findings(
        session, deployment=deployment, principal=principal, record_id=notification_id
    )
    return NotificationOut.of(v, findings)


@router.get("/notifications/timeline")
def timeline(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    year: Year,
) -> dict[str, list[dict[str, Any]]]:
    """Per state, the year's notified, planned (calendar) and observed activities."""
    bars = service.timeline(session, deployment=deployment, principal=principal, year=year)
    return {
        s: [
            {
                "designation": b.designation,
                "start": b.start,
                "end": b.end,
                "source": b.source,
                "record_id": b.record_id,
                "notifiable": b.notifiable,
            }
            for b in items
        ]
        for s, items in bars.items()
    }


@router.post("/notifications/assess", dependencies=[Costly])
def assess(
    activities: Annotated[
        list[dict[str, Any]], Body(description="Activities, as in an assess file.")
    ],
    clock: ClockDep,
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "eas-2026",
    as_of: Annotated[date | None, Query(description="Judge as of this day; default today.")] = None,
) -> list[dict[str, Any]]:
    """Assess at most 5,000 activities against a shipped charter profile, storing nothing."""
    if len(activities) > MAX_ASSESS_ACTIVITIES:
        raise InvalidInput.field(
            "body",
            f"must hold at most {MAX_ASSESS_ACTIVITIES:,} activities "
            f"(it holds {len(activities):,}); send them in several requests",
        )
    c = load_profile(charter)  # an id only, never a path on the server
    when = datetime.combine(as_of, time.max, tzinfo=UTC) if as_of else clock.now()
    rows = assessing.validate_rows(activities, c)
    results = assessing.assess(
        assessing.activities_from_rows(rows), charter=c, obligations=OBLIGATIONS, as_of=when
    )
    return [a.as_dict() for a in results]


@router.get("/notifications/{notification_id}", response_model=NotificationOut)
def get_notification(
    notification_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> NotificationOut:
    """One notification with its amendments, verdicts and findings."""
    return _one(session, deployment, principal, notification_id)


@router.post(
    "/notifications/{notification_id}/amendments", status_code=201, response_model=RecordOut
)
def amend(notification_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """Amend a notification's dates or figures (the history is kept)."""
    return _record(submit, "notification.amendment", body, notification_id=notification_id)


@router.post(
    "/notifications/{notification_id}/invitations", status_code=201, response_model=RecordOut
)
def invite(notification_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """Invite observers to a notified activity."""
    return _record(submit, "notification.invitation", body, notification_id=notification_id)


@router.post("/invitations/{invitation_id}/replies", status_code=201, response_model=RecordOut)
def reply_invitation(
    invitation_id: PathId, body: Submission[ChildPayload], submit: SubmitDep
) -> RecordOut:
    """Accept or decline an invitation to observe."""
    return _record(submit, "notification.invitation_reply", body, invitation_id=invitation_id)


@router.get("/calendars", response_model=list[RecordOut])
def list_calendars(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    year: OptionalYear = None,
) -> list[RecordOut]:
    """Annual calendars the caller may read."""
    rows = list_visible(session, principal, deployment.current, kinds=["notification.calendar"])
    return [RecordOut.of(x) for x in rows if year is None or x.payload.get("year") == year]


@router.post("/calendars", status_code=201, response_model=RecordOut)
def create_calendar(body: Submission[r.AnnualCalendar], submit: SubmitDep) -> RecordOut:
    """Send next year's calendar of notifiable activities (or a nil return)."""
    return _record(submit, "notification.calendar", body)


@router.get("/explanation-requests", response_model=list[RecordOut])
def list_requests(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[RecordOut]:
    """Requests for explanation and their replies, as the caller may read them."""
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["notification.explanation_request", "notification.explanation_reply"],
    )
    return [RecordOut.of(x) for x in rows]


@router.post("/explanation-requests", status_code=201, response_model=RecordOut)
def request_explanation(body: Submission[r.ExplanationRequest], submit: SubmitDep) -> RecordOut:
    """Ask another member to explain an unusual military activity."""
    return _record(submit, "notification.explanation_request", body)


@router.post(
    "/explanation-requests/{request_id}/replies", status_code=201, response_model=RecordOut
)
def reply_explanation(
    request_id: PathId, body: Submission[ChildPayload], submit: SubmitDep
) -> RecordOut:
    """Answer a request for explanation."""
    return _record(submit, "notification.explanation_reply", body, request_id=request_id)


@router.post("/observed-activities", status_code=201, response_model=RecordOut)
def observed(
    body: Submission[r.ObservedActivity], submit: SubmitDep, _: SecretariatDep
) -> RecordOut:
    """Record an activity the secretariat saw in independent evidence."""
    return _record(submit, "notification.observed", body)

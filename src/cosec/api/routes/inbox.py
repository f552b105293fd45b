"""/v1/inbox: the caller's open actions and deadlines, their e-mail alerts, their feed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from cosec.alerts import preferences
from cosec.api.deps import ClockDep, DeploymentDep, SessionDep, SignedInDep
from cosec.errors import InvalidInput
from cosec.inbox import service as inbox_service
from cosec.inbox import tokens
from cosec.inbox.service import MAX_WITHIN_HOURS, Item
from cosec.principals import Principal
from cosec.store.db import unit_of_work

router = APIRouter(prefix="/v1", tags=["inbox"])


class InboxItemOut(BaseModel):
    """One open action or deadline."""

    key: str = Field(description="Stable while the item is open: `notification:reply:12`.")
    source: str = Field(description="The mechanism it comes from, or `finding`.")
    kind: str = Field(description="reply, calendar, invitation, notification, finding...")
    members: list[str] = Field(description="The members who must act.")
    title: str
    href: str = Field(description="The page where it is acted on.")
    due: datetime | None
    time_left: str = Field(description="`in 5 h`, `overdue by 2 days`; empty without a due.")
    overdue: bool
    since: datetime | None
    severity: str | None = Field(description="A finding's severity.")
    flash: bool

    @classmethod
    def of(cls, item: Item, now: datetime) -> InboxItemOut:
        """From an inbox item."""
        return cls(
            key=item.key,
            source=item.source,
            kind=item.kind,
            members=list(item.members),
            title=item.title,
            href=item.href,
            due=item.due,
            time_left=inbox_service.time_left(item.due, now),
            overdue=item.overdue(now),
            since=item.since,
            severity=item.severity.value if item.severity is not None else None,
            flash=item.flash,
        )


class InboxOut(BaseModel):
    """The caller's inbox, soonest deadline first."""

    now: datetime
    count: int
    items: list[InboxItemOut]
    failed: list[str] = Field(description="Sources left out because they failed.")


class AlertsIn(BaseModel):
    """The caller's e-mail address and the alerts they want."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=254, description="Blank or null: none.")
    findings: StrictBool = True
    deadlines: StrictBool = True
    flash: StrictBool = True
    language: str | None = Field(
        default=None,
        max_length=8,
        description="The language of the e-mails: en or zh (left out: unchanged).",
    )

    @field_validator("language")
    @classmethod
    def _a_language(cls, language: str | None) -> str | None:
        if language is None:
            return None
        try:
            return preferences.check_language(language)
        except InvalidInput as exc:
            raise ValueError(exc.errors[0].rule) from None

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str | None) -> str | None:
        try:
            return preferences.check_email(email)
        except InvalidInput as exc:
            raise ValueError(exc.errors[0].rule) from None


class AlertsOut(BaseModel):
    """The caller's alert settings, and whether their feed is open."""

    email: str | None
    findings: bool
    deadlines: bool
    flash: bool
    language: str = Field(description="The language of the e-mails.")
    since: datetime | None = Field(description="Alerts cover what arose after this.")
    feed: bool = Field(description="Whether the caller has a feed token.")


class FeedTokenOut(BaseModel):
    """A new feed token (shown once) and the feed's URL with it."""

    token: str
    url: str


def _user_id(principal: Principal) -> int:
    if principal.id is None:
        raise InvalidInput.field("user", "only a user with an API key has alerts and a feed")
    return principal.id


@router.get("/inbox", response_model=InboxOut)
def get_inbox(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: SignedInDep,
    clock: ClockDep,
    kind: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z][a-z_]*$")] = None,
    member: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    within_hours: Annotated[int | None, Query(ge=0, le=MAX_WITHIN_HOURS)] = None,
) -> InboxOut:
    """The caller's open actions and deadlines across every mechanism (its member's; every
    member's for the secretariat), soonest deadline first."""
    box = inbox_service.inbox(
        session,
        deployment=deployment,
        principal=principal,
        now=clock.now(),
        kind=kind,
        member=member,
        within_hours=within_hours,
    )
    return InboxOut(
        now=box.now,
        count=len(box.items),
        items=[InboxItemOut.of(i, box.now) for i in box.items],
        failed=list(box.failed),
    )


def _alerts_out(request: Request, principal_id: int) -> AlertsOut:
    with unit_of_work(request.app.state.sessions) as session:
        p = preferences.get(session, principal_id=principal_id)
        feed = tokens.has_token(session, principal_id=principal_id)
    return AlertsOut(
        email=p.email,
        findings=p.findings,
        deadlines=p.deadlines,
        flash=p.flash,
        language=p.language,
        since=p.since,
        feed=feed,
    )


@router.get("/inbox/alerts", response_model=AlertsOut)
def get_alerts(request: Request, principal: SignedInDep) -> AlertsOut:
    """The caller's e-mail address and alerts."""
    return _alerts_out(request, _user_id(principal))


@router.put("/inbox/alerts", response_model=AlertsOut)
def put_alerts(
    body: AlertsIn, request: Request, principal: SignedInDep, clock: ClockDep
) -> AlertsOut:
    """Set the caller's e-mail address and alerts (an alert turned on covers what arises
    from now)."""
    user = _user_id(principal)
    with unit_of_work(request.app.state.sessions, write=True) as session:
        preferences.update(
            session,
            principal_id=user,
            clock=clock,
            email=body.email,
            findings=body.findings,
            deadlines=body.deadlines,
            flash=body.flash,
            language=body.language,
        )
    return _alerts_out(request, user)


@router.post("/inbox/feed-token", status_code=201, response_model=FeedTokenOut)
def new_feed_token(request: Request, principal: SignedInDep, clock: ClockDep) -> FeedTokenOut:
    """A new token for the caller's Atom feed, replacing the old one (shown once)."""
    _user_id(principal)
    with unit_of_work(request.app.state.sessions, write=True) as session:
        token = tokens.issue(session, principal=principal, clock=clock)
    url = tokens.feed_url(request.app.state.config.public_url, principal.name, token)
    return FeedTokenOut(token=token, url=url)


@router.delete("/inbox/feed-token", status_code=204)
def revoke_feed_token(request: Request, principal: SignedInDep) -> Response:
    """Close the caller's Atom feed."""
    user = _user_id(principal)
    with unit_of_work(request.app.state.sessions, write=True) as session:
        tokens.revoke(session, principal_id=user)
    return Response(status_code=204)

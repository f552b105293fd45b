"""/v1/publications, /v1/reports/annual and /v1/calendar.ics: what the public may read."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from cosec.api.deps import ClockDep, DeploymentDep, PrincipalDep, SessionDep, SubmitDep
from cosec.errors import Forbidden, NotFound
from cosec.principals import Role
from cosec.publication import calendar, service
from cosec.reports.service import annual, check_year, figures_now
from cosec.store.db import unit_of_work

router = APIRouter(prefix="/v1", tags=["publication"])


class ReleaseIn(BaseModel):
    """What to publish: findings by id, the statistics as they stand, or a year's report."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["findings", "statistics", "report"]
    findings: list[int] = Field(default_factory=list, max_length=1000)
    year: int | None = None
    note: str = Field(default="", max_length=4000)


class ReleaseOut(BaseModel):
    """A release: a signed, public record in the log."""

    record_id: int
    scope: str
    year: int | None
    findings: list[int]
    note: str
    published_at: datetime
    log_index: int | None


class AnnualReportOut(BaseModel):
    """A year's report: its figures (see docs/reports.md), and the release it comes from
    when the reader is the public."""

    year: int
    figures: dict[str, Any]
    published: dict[str, Any] | None


@router.get("/publications", response_model=list[ReleaseOut])
def list_publications(session: SessionDep, scope: str | None = None) -> list[ReleaseOut]:
    """Every release, newest first (anyone may read them)."""
    return [ReleaseOut(**vars(r)) for r in service.releases(session, scope=scope)]


@router.post("/publications", status_code=201, response_model=ReleaseOut)
def publish(body: ReleaseIn, request: Request, submit: SubmitDep, clock: ClockDep) -> ReleaseOut:
    """Publish (secretariat): a signed release through the one submission path."""
    if submit.principal.role is not Role.SECRETARIAT:
        raise Forbidden("only the secretariat publishes")
    s, d, now = submit.session, submit.deployment, clock.now()
    if body.scope == "findings":
        item = service.findings_item(body.findings, note=body.note)
    elif body.scope == "statistics":
        item = service.statistics_item(s, deployment=d, now=now, note=body.note)
    else:
        year = check_year(body.year if body.year is not None else now.year)
        content = figures_now(
            s, deployment=d, principal=service.SECRETARIAT_VIEW, year=year, now=now
        )
        item = service.report_item(year, content, note=body.note)
    row = submit.record(item.kind, item.payload, item.audience, item.parties)
    with unit_of_work(request.app.state.sessions, write=True) as w:
        service.take_in(w)
    (view,) = [r for r in service.releases(submit.session) if r.record_id == row.id]
    return ReleaseOut(**vars(view))


@router.get("/reports/annual", response_model=AnnualReportOut)
def annual_report(
    year: int,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> AnnualReportOut:
    """The annual implementation report's figures: computed now from what the caller may
    read; for the public, the report the secretariat published."""
    report = annual(session, deployment=deployment, principal=principal, year=year, now=clock.now())
    if report.figures is None:
        raise NotFound(f"the secretariat has published no report for {year}")
    return AnnualReportOut(year=year, figures=report.figures, published=report.published)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar_feed(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    """The notified activities the caller may read, as an iCalendar feed (the public's
    without a key)."""
    body = calendar.feed(
        session,
        deployment=deployment,
        principal=principal,
        now=clock.now(),
        host=request.url.hostname or "cosec.local",
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="cosec.ics"'},
    )

"""The annual report's page (and its PDF), the list of what the secretariat published, and
a user's calendar feed opened by their feed token (calendar apps cannot send headers)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from cosec.api.deps import ClockDep, DeploymentDep, PrincipalDep, SessionDep
from cosec.errors import NotFound
from cosec.inbox import tokens
from cosec.principals import Role
from cosec.publication import calendar
from cosec.publication import service as publication
from cosec.reports import render as report_render
from cosec.reports.service import annual
from cosec.web.publishform import PUBLISH_FINDINGS
from cosec.web.render import page_year, render
from cosec.web.reviewflow import add_record_form

router = APIRouter(include_in_schema=False)
add_record_form(router, PUBLISH_FINDINGS)


@router.get("/reports/annual")
def annual_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: str = "",
) -> HTMLResponse:
    now = clock.now()
    chosen = page_year(year) or now.year
    report = annual(session, deployment=deployment, principal=principal, year=chosen, now=now)
    body = (
        Markup(report_render.body_html(report.figures, published=report.published))  # noqa: S704
        if report.figures is not None
        else None
    )
    published = [r.year for r in publication.releases(session, scope="report") if r.year]
    return render(
        request,
        "report_annual.html",
        principal,
        deployment,
        year=chosen,
        body=body,
        published_years=sorted(set(published), reverse=True),
    )


@router.get("/reports/annual.pdf")
def annual_pdf(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: str = "",
    lang: Annotated[
        str,
        Query(max_length=8, description="The report's language: en or zh (default: the reader's)."),
    ] = "",
) -> Response:
    """The report as a PDF, in the reader's language or the one ``lang`` names."""
    language = report_render.check_language(lang, "lang") if lang else None
    now = clock.now()
    chosen = page_year(year) or now.year
    report = annual(session, deployment=deployment, principal=principal, year=chosen, now=now)
    if report.figures is None:
        raise NotFound(f"the secretariat has published no report for {chosen}")
    return Response(
        report_render.pdf_bytes(report.figures, published=report.published, language=language),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="annual-report-{chosen}.pdf"'},
    )


@router.get("/publications")
def publications_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    return render(
        request,
        "publications.html",
        principal,
        deployment,
        releases=publication.releases(session),
        may_publish=principal.role is Role.SECRETARIAT,
    )


@router.get("/users/{name}/calendar.ics")
def user_calendar(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    clock: ClockDep,
    name: Annotated[str, Path(max_length=200)],
    token: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The notified activities the user may read, opened by the user's feed token (the same
    token as their Atom feed: ``POST /v1/inbox/feed-token``)."""
    reader = tokens.reader(session, name=name, token=token)
    host = urlsplit(request.app.state.config.public_url).hostname or "cosec.local"
    body = calendar.feed(
        session, deployment=deployment, principal=reader, now=clock.now(), host=host
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )

"""The web pages. Each handler reads through a service and renders a template."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from cosec.access.principals import Principal, Role
from cosec.api.deps import (
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SessionDep,
    SubmitDep,
)
from cosec.api.params import FIRST_YEAR, LAST_YEAR, PathId
from cosec.compliance import service as findings_service
from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.scorecards import scorecard, scorecards
from cosec.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from cosec.evidence import service as evidence
from cosec.mechanisms.notifications import service as notifications
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.records import Audience
from cosec.registry import obligations
from cosec.store.records import get_visible
from cosec.web import logpage, signin
from cosec.web.render import HERE, render
from cosec.web.views import FORM_FIELDS, notification_payload, place

router = APIRouter(include_in_schema=False)

YEAR = re.compile(r"[0-9]{1,4}")


def _year(text: str) -> int | None:
    """A year typed in a page's form: none when blank, else one from 1990 to 2200."""
    text = text.strip()
    if not text:
        return None
    if not YEAR.fullmatch(text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidInput.field("year", f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(text)


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@router.get("/")
def home(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    views = notifications.list_notifications(session, deployment=deployment, principal=principal)
    found = findings_service.list_findings(
        session, deployment=deployment, principal=principal, state=FindingState.OPEN.value
    )
    return render(
        request,
        "home.html",
        principal,
        deployment,
        now=clock.now(),
        notifications=views[:10],
        findings=found,
        open_total=len(found),
        open_high=sum(1 for f in found if f.severity is Severity.HIGH),
        on_time=sum(1 for v in views if v.notification_required and v.on_time),
    )


@router.get("/notifications")
def notification_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    state: str = "",
    year: str = "",
) -> HTMLResponse:
    y = _year(year)
    views = notifications.list_notifications(
        session, deployment=deployment, principal=principal, state=state or None, year=y
    )
    return render(
        request,
        "notifications.html",
        principal,
        deployment,
        notifications=views,
        state=state,
        year=y,
        can_submit=principal.role is Role.MEMBER,
    )


def _form_page(
    request: Request,
    principal: Principal,
    deployment: Any,
    form: dict[str, str],
    errors: list[Any],
    status_code: int = 200,
) -> HTMLResponse:
    regime = deployment.current.regime("notification")
    return render(
        request,
        "notification_form.html",
        principal,
        deployment,
        form=form,
        errors=errors,
        regime=regime,
        figure_names=THRESHOLD_FIGURES,
        audiences=[a.value for a in Audience],
        status_code=status_code,
    )


@router.get("/notifications/new")
def notification_new(
    request: Request, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/notifications/new", status_code=303)
    if principal.role is not Role.MEMBER:
        raise Forbidden("only a member state's point of contact notifies military activities")
    form = dict.fromkeys(FORM_FIELDS, "")
    form["audience"] = deployment.current.regime("notification").default_audience  # type: ignore[union-attr]
    return _form_page(request, principal, deployment, form, [])


@router.post("/notifications/new")
async def notification_create(
    request: Request, deployment: DeploymentDep, principal: PrincipalDep, submit: SubmitDep
) -> Response:
    if principal.role is not Role.MEMBER:
        raise Unauthenticated("sign in as a member's point of contact to notify")
    form = {k: str(v) for k, v in (await request.form()).items()}
    full = dict.fromkeys(FORM_FIELDS, "") | form
    try:
        row = submit.record(
            "notification.prior",
            notification_payload(form),
            audience=form.get("audience") or None,
            parties=[p.strip() for p in form.get("parties", "").split(",")],
        )
    except InvalidInput as exc:
        return _form_page(request, principal, deployment, full, exc.errors, status_code=422)
    return RedirectResponse(f"/notifications/{row.id}", status_code=303)


@router.get("/notifications/{notification_id}")
def notification_detail(
    notification_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    v = notifications.get_notification(
        session, deployment=deployment, principal=principal, notification_id=notification_id
    )
    found = findings_service.list_findings(
        session, deployment=deployment, principal=principal, record_id=notification_id
    )
    return render(
        request,
        "notification.html",
        principal,
        deployment,
        v=v,
        findings=found,
        figure_names=[
            f for f in THRESHOLD_FIGURES if any(c.figures.get(f) for c in v.activity.history)
        ]
        or ["troops"],
    )


@router.get("/calendar")
def calendar(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: str = "",
) -> HTMLResponse:
    y = _year(year) or min(max(clock.now().year, FIRST_YEAR), LAST_YEAR)
    bars = notifications.timeline(session, deployment=deployment, principal=principal, year=y)
    placed, lanes = place(bars, y)
    return render(
        request,
        "calendar.html",
        principal,
        deployment,
        year=y,
        bars=placed,
        lanes=lanes,
        months=MONTHS,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


@router.get("/findings")
def finding_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str = "",
    state: str = "",
    min_severity: str = "",
) -> HTMLResponse:
    sev = Severity(min_severity) if min_severity in {s.value for s in Severity} else None
    found = findings_service.list_findings(
        session,
        deployment=deployment,
        principal=principal,
        member=member or None,
        state=state or None,
        min_severity=sev,
    )
    return render(
        request,
        "findings.html",
        principal,
        deployment,
        findings=found,
        member=member,
        state=state,
        min_severity=min_severity,
    )


def _finding_page(
    request: Request,
    session: SessionDep,
    deployment: Any,
    principal: Principal,
    finding_id: int,
    errors: list[Any],
    status_code: int = 200,
) -> HTMLResponse:
    f = findings_service.get_finding(
        session, deployment=deployment, principal=principal, finding_id=finding_id
    )
    answer = findings_service.answer_text(
        session, deployment=deployment, principal=principal, view=f
    )
    titles = {o.id: o.title for _, o in obligations()}

    def evidence_href(record_id: int) -> str:
        rec = get_visible(session, principal, deployment.current, record_id)
        if rec is not None and rec.kind == "notification.prior":
            return f"/notifications/{record_id}"
        return f"/records/{record_id}"

    can_answer = (
        principal.role is Role.MEMBER
        and principal.member in f.members
        and f.row.state == FindingState.OPEN.value
    )
    return render(
        request,
        "finding.html",
        principal,
        deployment,
        f=f,
        answer=answer,
        obligation_title=titles.get(f.row.obligation, ""),
        evidence_href=evidence_href,
        can_answer=can_answer,
        errors=errors,
        status_code=status_code,
    )


@router.get("/findings/{finding_id}")
def finding_detail(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    return _finding_page(request, session, deployment, principal, finding_id, [])


@router.post("/findings/{finding_id}/answer")
async def finding_answer(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    submit: SubmitDep,
) -> Response:
    form = await request.form()
    try:
        item = findings_service.answer_item(
            session,
            deployment=deployment,
            principal=principal,
            finding_id=finding_id,
            text=str(form.get("answer", "")).strip(),
        )
        submit.record(item.kind, item.payload, item.audience, item.parties)
    except InvalidInput as exc:
        return _finding_page(request, session, deployment, principal, finding_id, exc.errors, 422)
    return RedirectResponse(f"/findings/{finding_id}", status_code=303)


@router.get("/scorecards")
def scorecard_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    cards = scorecards(session, deployment=deployment, principal=principal)
    return render(request, "scorecards.html", principal, deployment, cards=cards)


@router.get("/scorecards/{member}")
def scorecard_detail(
    member: str,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    member = member.upper()
    if member not in deployment.current.member_codes:
        raise NotFound(f"no member {member}")
    card = scorecard(session, deployment=deployment, principal=principal, member=member)
    return render(request, "scorecard.html", principal, deployment, card=card)


@router.get("/charter")
def charter_page(
    request: Request, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    regimes = {
        k: json.dumps(v.model_dump(mode="json"), indent=2)
        for k, v in deployment.current.regimes.items()
    }
    return render(
        request,
        "charter.html",
        principal,
        deployment,
        versions=deployment.versions,
        regime_json=regimes,
    )


@router.get("/records/{record_id}")
def record_detail(
    record_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    rec = get_visible(session, principal, deployment.current, record_id)
    if rec is None:
        raise NotFound(f"no record {record_id}")
    return render(
        request,
        "record.html",
        principal,
        deployment,
        r=rec,
        payload=json.dumps(rec.payload, indent=2, ensure_ascii=False),
    )


@router.get("/analyses")
def analysis_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    rows = evidence.analyses(session, principal, deployment.current)
    return render(request, "analyses.html", principal, deployment, analyses=rows)


@router.get("/analyses/{record_id}")
def analysis_detail(
    record_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    rec = evidence.analysis(session, principal, deployment.current, record_id)
    shown = evidence.observations(session, rec, limit=200)
    total = evidence.observation_count(session, rec)
    if shown:
        lats, lons = [o.lat for o in shown], [o.lon for o in shown]
        bbox = f"{min(lons) - 0.5},{min(lats) - 0.5},{max(lons) + 0.5},{max(lats) + 0.5}"
    else:
        bbox = "100,-10,150,45"
    highlight = (
        "cpa_distance_m",
        "duration_s",
        "distance_m",
        "state",
        "gap_s",
        "median_speed_kn",
        "feature",
    )
    return render(
        request,
        "analysis.html",
        principal,
        deployment,
        r=rec,
        shown=shown,
        total=total,
        bbox=bbox,
        highlight=highlight,
    )


def mount(app: FastAPI) -> None:
    """Add the pages and their static files to ``app``."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    app.include_router(logpage.router)
    app.include_router(signin.router)

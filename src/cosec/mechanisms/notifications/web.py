"""The notification mechanism's pages: notifications, the form, one notification, the calendar."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cosec.kit import Audience, Forbidden, InvalidInput, Principal, Role, Unauthenticated
from cosec.mechanisms.notifications import service as notifications
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.mechanisms.notifications.regime import NotificationRegime
from cosec.mechanisms.notifications.views import FORM_FIELDS, notification_payload, place
from cosec.plugin.store import list_findings
from cosec.plugin.web import (
    FIRST_YEAR,
    LAST_YEAR,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    SubmitDep,
    page_year,
    render,
)

router = APIRouter(include_in_schema=False)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for notifications."""
    views = notifications.list_notifications(session, deployment=deployment, principal=principal)
    on_time = sum(1 for v in views if v.notification_required and v.on_time)
    return [
        Stat(len(views), "notifications you can read", "/notifications", "count-notifications"),
        Stat(on_time, "notifications on time", "/notifications", "", "ok"),
    ]


@router.get("/notifications")
def notification_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    state: str = "",
    year: str = "",
) -> HTMLResponse:
    y = page_year(year)
    views = notifications.list_notifications(
        session, deployment=deployment, principal=principal, state=state or None, year=y
    )
    return render(
        request,
        "notification/notifications.html",
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
    if not isinstance(regime, NotificationRegime):
        raise Forbidden(f"{deployment.current.id} has no notification regime")
    return render(
        request,
        "notification/notification_form.html",
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
    regime = deployment.current.regime("notification")
    form["audience"] = regime.default_audience if regime is not None else "regime"
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
    found = list_findings(
        session, deployment=deployment, principal=principal, record_id=notification_id
    )
    return render(
        request,
        "notification/notification.html",
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
    y = page_year(year) or min(max(clock.now().year, FIRST_YEAR), LAST_YEAR)
    bars = notifications.timeline(session, deployment=deployment, principal=principal, year=y)
    placed, lanes = place(bars, y)
    return render(
        request,
        "notification/calendar.html",
        principal,
        deployment,
        year=y,
        bars=placed,
        lanes=lanes,
        months=MONTHS,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )

"""The notification mechanism's pages: notifications, the form, one notification, the calendar."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from cosec.kit import Principal, Role
from cosec.mechanisms.notifications import exchangeforms, forms, listing
from cosec.mechanisms.notifications import service as notifications
from cosec.mechanisms.notifications.forms import FIGURE_LABELS
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES
from cosec.mechanisms.notifications.views import place
from cosec.plugin.store import count_visible, list_findings
from cosec.plugin.web import (
    FIRST_YEAR,
    LAST_YEAR,
    N_,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    add_record_form,
    csv_response,
    page_year,
    people_of,
    render,
)

router = APIRouter(include_in_schema=False)
for _form in (*forms.FORMS, *exchangeforms.FORMS):
    add_record_form(router, _form)


def _prepares(principal: Principal) -> bool:
    """Whether the principal prepares records (a reader, an observer, the public do not)."""
    reader = principal.duty is not None and principal.duty.value == "reader"
    return principal.submitter is not None and not reader


SOURCES = (N_("notified"), N_("planned"), N_("observed"))
"""Where a calendar bar comes from, in words (the bar's ``source``, translated where shown)."""


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for notifications, counted by the database (the
    overview is the most visited page: it never reads every notification)."""
    charter = deployment.current
    prior = ["notification.prior"]
    readable = count_visible(session, principal, charter, kinds=prior)
    return [
        Stat(readable, "notifications you can read", "/notifications", "count-notifications"),
    ]


Short = Annotated[str, Query(max_length=16)]


def _listed(
    session: Any, deployment: Any, principal: Principal, state: str, year: str, sort: str, dir: str
) -> tuple[list[notifications.NotificationView], int | None]:
    y = page_year(year)
    views = notifications.list_notifications(
        session, deployment=deployment, principal=principal, state=state or None, year=y
    )
    return listing.ordered(views, sort, dir), y


@router.get("/notifications")
def notification_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    state: Short = "",
    year: Short = "",
    sort: Short = "start",
    dir: Short = "desc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    y = page_year(year)
    shown = listing.page_of_list(
        session,
        deployment,
        principal,
        state=state or None,
        year=y,
        sort=sort,
        direction=dir,
        page=page,  # past the last page: the last page
    )
    filters = {k: v for k, v in {"state": state, "year": year}.items() if v}
    return render(
        request,
        "notification/notifications.html",
        principal,
        deployment,
        notifications=shown.views,
        total=shown.total,
        page=shown.page,
        pages=shown.pages,
        sort=sort,
        dir=dir,
        filters=filters,
        query=urlencode(filters | {"sort": sort, "dir": dir}),
        sort_query=lambda key: urlencode(
            filters | {"sort": key, "dir": "asc" if sort == key and dir == "desc" else "desc"}
        ),
        state=state,
        year=y,
        can_submit=principal.role is Role.MEMBER and _prepares(principal),
        can_observe=principal.role is Role.SECRETARIAT and _prepares(principal),
    )


@router.get("/notifications.csv")
def notification_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    state: Short = "",
    year: Short = "",
    sort: Short = "start",
    dir: Short = "desc",
) -> Response:
    """Every notification the list shows (all its pages), as CSV."""
    views, _ = _listed(session, deployment, principal, state, year, sort, dir)
    return csv_response(listing.CSV_COLUMNS, listing.csv_rows(views), "notifications.csv")


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
    mine = principal.role is Role.MEMBER and principal.member == v.record.submitter
    replied = {r.refers_to for r in v.replies if r.submitter == principal.member}
    return render(
        request,
        "notification/notification.html",
        principal,
        deployment,
        v=v,
        findings=found,
        people=people_of(session, [v.record.id, *(a.id for a in v.amendments)]),
        notifier=mine and _prepares(principal),
        may_ask=principal.role is Role.MEMBER and not mine and _prepares(principal),
        to_reply=[
            i.id
            for i in v.invitations
            if principal.member in (i.payload.get("invited") or ())
            and i.id not in replied
            and _prepares(principal)
        ],
        figure_labels=FIGURE_LABELS,
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
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        can_submit=principal.role is Role.MEMBER and _prepares(principal),
    )

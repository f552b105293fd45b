"""Prior notification's part in the annual report and the calendar feeds."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.orm import Session

from cosec.kit import Principal
from cosec.kit.report import CalendarEvent, MemberFigure
from cosec.mechanisms.notifications.service import list_notifications
from cosec.plugin.store import Deployment


def report_figures(
    session: Session, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> list[MemberFigure]:
    """Per notifying member: the share of its notifications of activities starting in
    ``year`` that were logged by their notify-by day."""
    given: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for v in list_notifications(session, deployment=deployment, principal=principal, year=year):
        if v.activity.start.year != year or v.withdrawal is not None:
            continue
        member = v.record.submitter
        given[member] += 1
        on_time[member] += v.on_time
    return [
        MemberFigure(
            title="Notifications given on time",
            unit="%",
            values={m: round(100 * on_time[m] / n, 1) for m, n in given.items()},
            counts=dict(given),
            note=(
                "Share of a member's notifications of activities starting in the year that "
                "were logged by their notify-by day (withdrawn ones left out)."
            ),
        )
    ]


def calendar_events(
    session: Session, deployment: Deployment, principal: Principal
) -> list[CalendarEvent]:
    """Every notified activity ``principal`` may read, amended dates and withdrawals
    included."""
    return [
        CalendarEvent(
            uid=f"notification-{v.record.id}",
            title=v.activity.designation,
            start=v.activity.start,
            end=v.activity.end,
            members=v.activity.states,
            audience=v.record.audience,
            url=f"/notifications/{v.record.id}",
            description=f"Notified by {v.record.submitter} on {v.activity.notified_on}.",
            cancelled=v.withdrawal is not None,
            sequence=len(v.amendments) + len(v.withdrawals),
        )
        for v in list_notifications(session, deployment=deployment, principal=principal)
    ]

"""Use cases of prior notification: the views the interfaces show.

Submissions themselves go through the one shared pipeline (:mod:`cosec.pipeline.submit`); the
rules a submission meets are in :mod:`.checks`, the state obligations read in
:mod:`.projection`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from cosec.kit import NotFound, Principal
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.activities import notified_activity
from cosec.mechanisms.notifications.context import Activity
from cosec.mechanisms.notifications.listed import ListedRow, listed_rows
from cosec.mechanisms.notifications.obligations import (
    notification_required,
    notify_by,
    observation_required,
)
from cosec.mechanisms.notifications.regime import NotificationRegime
from cosec.plugin.store import (
    Deployment,
    RecordRow,
    get_visible,
    list_referring,
    list_visible,
    records_visible,
    select,
    stored_payload,
)

MECHANISM = "notification"


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationView:
    """A notification as a reader sees it: latest figures, history, verdicts."""

    record: RecordRow
    activity: Activity
    notification: r.PriorNotification
    amendments: tuple[RecordRow, ...]
    invitations: tuple[RecordRow, ...]
    replies: tuple[RecordRow, ...]
    withdrawals: tuple[RecordRow, ...]
    notification_required: bool
    observation_required: bool
    notify_by: date

    @property
    def withdrawal(self) -> RecordRow | None:
        """The withdrawal that counts (the first), if it was withdrawn."""
        return self.withdrawals[0] if self.withdrawals else None

    @property
    def on_time(self) -> bool:
        """Whether it was logged by its notify-by day."""
        return self.activity.notified_on is not None and self.activity.notified_on <= self.notify_by


def _view(
    session: Session, deployment: Deployment, principal: Principal, row: RecordRow
) -> NotificationView | None:
    (view,) = _views(session, deployment, principal, [row])
    return view


FOLLOWING = ("notification.amendment", "notification.invitation", "notification.withdrawal")
"""The kinds that follow a notification (each refers to it)."""


def _views(
    session: Session, deployment: Deployment, principal: Principal, rows: list[RecordRow]
) -> list[NotificationView | None]:
    """The views of many notifications, with what follows each read in a few queries (by
    a few hundred notifications at a time), not several per notification."""
    charter = deployment.current
    following = list_referring(
        session, principal, charter, kinds=FOLLOWING, refers_to=[row.id for row in rows]
    )
    invitation_ids = [
        f.id for fs in following.values() for f in fs if f.kind == "notification.invitation"
    ]
    replies_to = list_referring(
        session,
        principal,
        charter,
        kinds=("notification.invitation_reply",),
        refers_to=invitation_ids,
    )
    return [_view_of(deployment, row, following[row.id], replies_to) for row in rows]


def _view_of(
    deployment: Deployment,
    row: RecordRow,
    following: list[RecordRow],
    replies_to: dict[int, list[RecordRow]],
) -> NotificationView | None:
    amendments = [f for f in following if f.kind == "notification.amendment"]
    invitations = [f for f in following if f.kind == "notification.invitation"]
    withdrawals = [f for f in following if f.kind == "notification.withdrawal"]
    replies = [rep for inv in invitations for rep in replies_to.get(inv.id, [])]
    activity = notified_activity(row, amendments, bool(invitations), withdrawals)
    notification = stored_payload(r.PriorNotification, row)
    if activity is None or notification is None:
        return None
    regime = deployment.version(row.charter_version).regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)
    return NotificationView(
        record=row,
        activity=activity,
        notification=notification,
        amendments=tuple(amendments),
        invitations=tuple(invitations),
        replies=tuple(replies),
        withdrawals=tuple(withdrawals),
        notification_required=notification_required(activity, regime),
        observation_required=observation_required(activity, regime),
        notify_by=notify_by(activity, regime),
    )


def list_notifications(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    state: str | None = None,
    year: int | None = None,
) -> list[NotificationView]:
    """Notifications ``principal`` may read, newest activity first."""
    rows = list_visible(session, principal, deployment.current, kinds=["notification.prior"])
    views = [v for v in _views(session, deployment, principal, rows) if v is not None]
    if state:
        views = [v for v in views if state in v.activity.states]
    if year:
        views = [v for v in views if v.activity.start.year == year or v.activity.end.year == year]
    return sorted(views, key=lambda v: (v.activity.start, v.record.id), reverse=True)


def list_rows(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    state: str | None = None,
    year: int | None = None,
) -> list[ListedRow]:
    """What the list sorts, filters and pages by, for each notification ``principal`` may
    read (as :func:`list_notifications` would show it), read from a few columns of the
    records in two queries: no view is built (100,000 notifications list in about a
    second, where building every view took many)."""
    charter = deployment.current
    visible = records_visible(principal, charter)
    regimes: dict[str, NotificationRegime] = {}
    for c in (*deployment.versions, charter):
        regime = c.regime(MECHANISM)
        assert isinstance(regime, NotificationRegime)
        regimes[c.version] = regime
    figures = sorted({"troops", *(f for g in regimes.values() for f, _ in g.notify.items())})
    p = RecordRow.payload
    priors = session.execute(
        select(
            RecordRow.id,
            RecordRow.submitted_at,
            RecordRow.charter_version,
            # as text: no JSON decoded per value (the keys read them leniently)
            p["designation"].as_string(),
            p["states"].as_string(),
            p["start"].as_string(),
            p["end"].as_string(),
            p["alert"].as_string(),
            *(p[("figures", f)].as_string() for f in figures),
        ).where(RecordRow.kind == "notification.prior", visible)
    ).all()
    following: dict[int, list[tuple[int, datetime, str, dict[str, Any]]]] = defaultdict(list)
    for f_id, f_at, f_kind, f_to, f_payload in session.execute(
        select(
            RecordRow.id,
            RecordRow.submitted_at,
            RecordRow.kind,
            RecordRow.refers_to,
            RecordRow.payload,
        ).where(RecordRow.kind.in_(("notification.amendment", "notification.withdrawal")), visible)
    ):
        if f_to is not None:
            following[f_to].append((f_id, f_at, f_kind, f_payload))
    return listed_rows(
        priors,
        following,
        figures,
        lambda version: regimes.get(version, regimes[charter.version]),
        state=state or None,
        year=year,
    )


def views_by_id(
    session: Session, deployment: Deployment, principal: Principal, ids: Sequence[int]
) -> dict[int, NotificationView | None]:
    """The views of the notifications ``ids`` (a page of the list), by id."""
    rows = list(
        session.scalars(
            select(RecordRow)
            .where(RecordRow.id.in_(ids), RecordRow.kind == "notification.prior")
            .where(records_visible(principal, deployment.current))
        )
    )
    views = _views(session, deployment, principal, rows)
    found = {row.id: view for row, view in zip(rows, views, strict=True)}
    return {i: found.get(i) for i in ids}


def get_notification(
    session: Session, *, deployment: Deployment, principal: Principal, notification_id: int
) -> NotificationView:
    """One notification, if ``principal`` may read it."""
    row = get_visible(session, principal, deployment.current, notification_id)
    if row is None or row.kind != "notification.prior":
        raise NotFound(f"no notification {notification_id}")
    view = _view(session, deployment, principal, row)
    if view is None:
        raise NotFound(
            f"notification {notification_id} was accepted by an earlier version of cosec and "
            f"no longer validates: read it as record {notification_id}"
        )
    return view


@dataclass(frozen=True)
class TimelineBar:
    """One bar of the calendar timeline."""

    state: str
    designation: str
    start: date
    end: date
    source: str
    """``notified``, ``planned`` (calendar entry) or ``observed``."""
    record_id: int
    notifiable: bool


def timeline(
    session: Session, *, deployment: Deployment, principal: Principal, year: int
) -> dict[str, list[TimelineBar]]:
    """Per state, the year's notified, planned and observed activities ``principal`` may read."""
    charter = deployment.current
    regime = charter.regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)
    bars: dict[str, list[TimelineBar]] = defaultdict(list)
    for v in list_notifications(session, deployment=deployment, principal=principal, year=year):
        if v.activity.called_off:
            continue  # withdrawn before it began: it will not take place
        for s in v.activity.states:
            bars[s].append(
                TimelineBar(
                    s,
                    v.activity.designation,
                    v.activity.start,
                    v.activity.end,
                    "notified",
                    v.record.id,
                    v.notification_required,
                )
            )
    rows = list_visible(
        session, principal, charter, kinds=["notification.calendar", "notification.observed"]
    )
    for row in rows:
        if row.kind == "notification.calendar":
            cal = stored_payload(r.AnnualCalendar, row)
            if cal is None or cal.year != year:
                continue
            for e in cal.entries:
                required = any(e.figures.get(f) >= t for f, t in regime.notify.items())
                bars[row.submitter].append(
                    TimelineBar(
                        row.submitter, e.designation, e.start, e.end, "planned", row.id, required
                    )
                )
        else:
            o = stored_payload(r.ObservedActivity, row)
            if o is not None and (o.start.year == year or o.end.year == year):
                for s in o.states:
                    bars[s].append(
                        TimelineBar(
                            s,
                            o.designation,
                            o.start,
                            o.end,
                            "observed",
                            row.id,
                            any(o.figures.get(f) >= t for f, t in regime.notify.items()),
                        )
                    )
    return {s: sorted(b, key=lambda x: (x.start, x.source)) for s, b in sorted(bars.items())}

"""The list of notifications as a person reads it: each one's status in words, the orders it
sorts by, and its rows as CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cosec.kit import Principal
from cosec.mechanisms.notifications import service
from cosec.mechanisms.notifications.listed import ListedRow, status_words
from cosec.mechanisms.notifications.service import NotificationView
from cosec.plugin.store import Deployment
from cosec.plugin.web import descending

PAGE_SIZE = 50


def status(v: NotificationView) -> str:
    """``called off``, ``voluntary``, ``on time`` or ``late``."""
    return status_words(v.activity.called_off, v.notification_required, v.on_time)


SORTS: dict[str, Callable[[NotificationView], Any]] = {
    "id": lambda v: v.record.id,
    "activity": lambda v: (v.activity.designation.casefold(), v.record.id),
    "states": lambda v: (v.activity.states, v.record.id),
    "start": lambda v: (v.activity.start, v.record.id),
    "troops": lambda v: (v.activity.figures.troops, v.record.id),
    "notified": lambda v: (v.activity.notified_on or date.min, v.record.id),
    "notify_by": lambda v: (v.notify_by, v.record.id),
    "status": lambda v: (status(v), v.record.id),
}
"""What the list sorts by (each ties on the record's id, so every order is one order)."""


ROW_SORTS: dict[str, Callable[[ListedRow], Any]] = {
    "id": lambda x: x.id,
    "activity": lambda x: (x.designation.casefold(), x.id),
    "states": lambda x: (x.states, x.id),
    "start": lambda x: (x.start, x.id),
    "troops": lambda x: (x.troops, x.id),
    "notified": lambda x: (x.notified_on, x.id),
    "notify_by": lambda x: (x.notify_by, x.id),
    "status": lambda x: (x.status, x.id),
}
""":data:`SORTS` on the list's keys (the same orders: a test holds them to it)."""


@dataclass(frozen=True)
class Page:
    """One page of the list."""

    views: list[NotificationView]
    total: int
    page: int
    pages: int


def page_of_list(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    *,
    state: str | None,
    year: int | None,
    sort: str,
    direction: str,
    page: int,
) -> Page:
    """Page ``page`` of the list (past the last page: the last), sorted by ``sort``
    ``direction`` and filtered as :func:`service.list_notifications` filters: views are
    built for the page's rows only, not for every notification."""
    desc = descending(sort, direction, ROW_SORTS, order_field="dir")
    rows = service.list_rows(
        session, deployment=deployment, principal=principal, state=state, year=year
    )
    rows.sort(key=ROW_SORTS[sort], reverse=desc)
    while True:
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(page, pages)
        shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        views = service.views_by_id(session, deployment, principal, [x.id for x in shown])
        unread = {i for i, v in views.items() if v is None}
        if not unread:
            return Page([v for v in views.values() if v is not None], len(rows), page, pages)
        # Keys read, but the record no longer validates as a whole: left out, as the
        # views leave it out, and the page is made again without it.
        rows = [x for x in rows if x.id not in unread]


def ordered(views: Sequence[NotificationView], sort: str, direction: str) -> list[NotificationView]:
    """``views`` by ``sort``, ``asc`` or ``desc``; :class:`InvalidInput` names a bad one."""
    desc = descending(sort, direction, SORTS, order_field="dir")
    return sorted(views, key=SORTS[sort], reverse=desc)


CSV_COLUMNS = (
    "id",
    "designation",
    "states",
    "start",
    "end",
    "troops",
    "notified_on",
    "notify_by",
    "status",
    "alert",
    "withdrawn",
)


def csv_rows(views: Sequence[NotificationView]) -> list[list[Any]]:
    """One row a notification, in :data:`CSV_COLUMNS`' order (dates as ISO 8601)."""
    return [
        [
            v.record.id,
            v.activity.designation,
            " ".join(v.activity.states),
            v.activity.start.isoformat(),
            v.activity.end.isoformat(),
            v.activity.figures.troops,
            v.activity.notified_on.isoformat() if v.activity.notified_on else "",
            v.notify_by.isoformat(),
            status(v),
            v.activity.alert,
            v.withdrawal is not None,
        ]
        for v in views
    ]

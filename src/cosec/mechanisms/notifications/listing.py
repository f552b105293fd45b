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
    rows = _sorted_rows(session, deployment, principal, state, year, sort, direction)
    while True:
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(page, pages)
        views, rows = _views_of(session, deployment, principal, rows, (page - 1) * PAGE_SIZE)
        if views is not None:
            return Page(views, len(rows), page, pages)


def slice_of_list(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    *,
    state: str | None,
    year: int | None,
    offset: int,
    limit: int,
    sort: str = "start",
    direction: str = "desc",
) -> tuple[list[NotificationView], int]:
    """At most ``limit`` notifications of the list from ``offset``, and how many the list
    holds: views are built for those rows only."""
    rows = _sorted_rows(session, deployment, principal, state, year, sort, direction)
    while True:
        views, rows = _views_of(session, deployment, principal, rows, offset, limit)
        if views is not None:
            return views, len(rows)


def _sorted_rows(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    state: str | None,
    year: int | None,
    sort: str,
    direction: str,
) -> list[ListedRow]:
    desc = descending(sort, direction, ROW_SORTS, order_field="dir")
    rows = service.list_rows(
        session, deployment=deployment, principal=principal, state=state, year=year
    )
    rows.sort(key=ROW_SORTS[sort], reverse=desc)
    return rows


def _views_of(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    rows: list[ListedRow],
    offset: int,
    limit: int = PAGE_SIZE,
) -> tuple[list[NotificationView] | None, list[ListedRow]]:
    """The views of ``rows[offset:offset + limit]``; ``None`` with the rows left when some
    keys read but their record no longer validates as a whole: left out, as the views
    leave it out, and the caller asks again without it."""
    shown = rows[offset : offset + limit]
    views = service.views_by_id(session, deployment, principal, [x.id for x in shown])
    unread = {i for i, v in views.items() if v is None}
    if unread:
        return None, [x for x in rows if x.id not in unread]
    return [v for v in views.values() if v is not None], rows


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

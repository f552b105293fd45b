"""The list of notifications as a person reads it: each one's status in words, the orders it
sorts by, and its rows as CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from cosec.mechanisms.notifications.service import NotificationView
from cosec.plugin.web import descending

PAGE_SIZE = 50


def status(v: NotificationView) -> str:
    """``called off``, ``voluntary``, ``on time`` or ``late``."""
    if v.activity.called_off:
        return "called off"
    if not v.notification_required:
        return "voluntary"
    return "on time" if v.on_time else "late"


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

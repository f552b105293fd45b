"""The notification mechanism's API models (beside the core's, in :mod:`cosec.api.schemas`)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from cosec.mechanisms.notifications.records import Figures, PriorNotification
from cosec.mechanisms.notifications.service import NotificationView
from cosec.plugin.api import FindingOut
from cosec.plugin.store import FindingView


class NotificationOut(BaseModel):
    """A notification with its latest figures, history and verdicts."""

    id: int
    submitter: str
    audience: str
    submitted_at: datetime
    charter: str
    notification: PriorNotification
    start: date
    end: date
    figures: Figures
    amendments: list[int]
    invitations: list[int]
    notification_required: bool
    observation_required: bool
    notify_by: date
    on_time: bool
    withdrawn_on: date | None = None
    """Day the notifying state withdrew it, if it did."""
    called_off: bool = False
    """Withdrawn before its start: no longer an activity to judge."""
    findings: list[FindingOut] = Field(default_factory=list)

    @classmethod
    def of(cls, v: NotificationView, findings: list[FindingView] | None = None) -> NotificationOut:
        """From a notification view."""
        return cls(
            id=v.record.id,
            submitter=v.record.submitter,
            audience=v.record.audience,
            submitted_at=v.record.submitted_at,
            charter=f"{v.record.charter_id} {v.record.charter_version}",
            notification=v.notification,
            start=v.activity.start,
            end=v.activity.end,
            figures=v.activity.figures,
            amendments=[a.id for a in v.amendments],
            invitations=[i.id for i in v.invitations],
            notification_required=v.notification_required,
            observation_required=v.observation_required,
            notify_by=v.notify_by,
            on_time=v.on_time,
            withdrawn_on=v.activity.withdrawn_on,
            called_off=v.activity.called_off,
            findings=[FindingOut.of(f) for f in findings or []],
        )

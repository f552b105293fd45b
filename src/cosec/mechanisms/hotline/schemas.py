"""The hotline's API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from cosec.mechanisms.hotline.service import AckTimes, MessageView


class EscalationOut(BaseModel):
    """One escalation step."""

    record_id: int
    step: int
    to_member: str
    to_role: str
    to_name: str
    missed_deadline: datetime
    at: datetime


class MessageOut(BaseModel):
    """A hotline message with its deadline, acknowledgement and escalations."""

    id: int
    sender: str
    to: str
    precedence: str
    subject: str
    text: str
    drill: bool
    audience: str
    sent_at: datetime
    deadline: datetime
    status: str
    """``awaiting``, ``overdue``, ``acknowledged`` or ``acknowledged late``."""
    acknowledged_at: datetime | None
    ack_seconds: float | None
    escalations: list[EscalationOut]

    @classmethod
    def of(cls, v: MessageView, now: datetime) -> MessageOut:
        """From a view."""
        return cls(
            id=v.id,
            sender=v.record.submitter,
            to=v.message.to,
            precedence=v.message.precedence,
            subject=v.message.subject,
            text=v.message.text,
            drill=v.message.drill,
            audience=v.record.audience,
            sent_at=v.record.submitted_at,
            deadline=v.deadline,
            status=v.status(now),
            acknowledged_at=v.acked_at,
            ack_seconds=v.ack_seconds,
            escalations=[
                EscalationOut(
                    record_id=row.id,
                    step=e.step,
                    to_member=e.to_member,
                    to_role=e.to_role,
                    to_name=e.to_name,
                    missed_deadline=e.missed_deadline,
                    at=row.submitted_at,
                )
                for row, e in v.escalations
            ],
        )


class AckTimesOut(BaseModel):
    """A member's measured acknowledgement times in a year."""

    member: str
    received: int
    acknowledged: int
    drills: int
    late: int
    overdue: int
    median_seconds: float | None
    p90_seconds: float | None
    median_by_precedence: dict[str, float]

    @classmethod
    def of(cls, t: AckTimes) -> AckTimesOut:
        """From the service's figures."""
        return cls(**t.__dict__)

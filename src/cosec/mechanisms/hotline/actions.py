"""The hotline's open actions for the inbox and the alerts: messages to acknowledge.

A FLASH message is flagged for alerting at once. Messages of the last 90 days are read
(an inbox is asked on every page): an older message still unacknowledged stays on the
console and in its findings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cosec.kit import Action, Principal, Role
from cosec.mechanisms.hotline import service
from cosec.plugin.store import Deployment, Session

WINDOW = timedelta(days=90)


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """Messages awaiting acknowledgement by ``principal``'s member (every member's for the
    secretariat)."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return []
    out = []
    for v in service.list_messages(
        session, deployment=deployment, principal=principal, now=now, since=now - WINDOW
    ):
        m = v.message
        if v.acked_at is not None or (principal.role is Role.MEMBER and m.to != principal.member):
            continue
        what = f"{v.record.submitter}'s {m.precedence}{' drill' if m.drill else ''} message"
        out.append(
            Action(
                key=f"hotline-ack:{v.id}",
                member=m.to,
                title=f"Acknowledge {what} “{m.subject}”",
                href=f"/hotline/messages/{v.id}",
                due=v.deadline,
                kind="message",
                since=v.record.submitted_at,
                flash=m.precedence == "FLASH" and not m.drill,
            )
        )
    return out

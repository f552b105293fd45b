"""Use cases of the hotline: the console's inbox, a message with its acknowledgement and
escalations, the chains of contacts, each member's measured acknowledgement times.

Reads go through the audience filter; submissions through the one pipeline.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from cosec.kit import SECRETARIAT, NotFound, Principal, Role
from cosec.mechanisms.hotline import records as r
from cosec.mechanisms.hotline.records import PRECEDENCES
from cosec.mechanisms.hotline.regime import HotlineRegime
from cosec.plugin.store import Deployment, RecordRow, Session, list_visible, stored_payload

MECHANISM = "hotline"
BOXES = ("all", "inbox", "sent")


def regime_of(deployment: Deployment, version: str | None = None) -> HotlineRegime:
    """The hotline regime of a charter version (the current one by default)."""
    charter = deployment.version(version) if version else deployment.current
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, HotlineRegime):
        raise NotFound(f"{charter.id} has no hotline regime")
    return regime


@dataclass(frozen=True)
class MessageView:
    """A message as a reader sees it."""

    record: RecordRow
    message: r.HotlineMessage
    window: timedelta
    ack: RecordRow | None = None
    escalations: tuple[tuple[RecordRow, r.HotlineEscalation], ...] = ()

    @property
    def id(self) -> int:
        """Its record id."""
        return self.record.id

    @property
    def deadline(self) -> datetime:
        """When it is due for acknowledgement."""
        return self.record.submitted_at + self.window

    @property
    def acked_at(self) -> datetime | None:
        """When it was acknowledged."""
        return self.ack.submitted_at if self.ack is not None else None

    def status(self, now: datetime) -> str:
        """``acknowledged``, ``acknowledged late``, ``overdue`` or ``awaiting``."""
        if self.acked_at is not None:
            return "acknowledged" if self.acked_at <= self.deadline else "acknowledged late"
        return "overdue" if now > self.deadline else "awaiting"

    def seconds_left(self, now: datetime) -> int:
        """Seconds to the deadline (negative once past)."""
        return int((self.deadline - now).total_seconds())

    @property
    def ack_seconds(self) -> float | None:
        """How long the acknowledgement took."""
        if self.acked_at is None:
            return None
        return (self.acked_at - self.record.submitted_at).total_seconds()


def _views(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    since: datetime | None = None,
) -> list[MessageView]:
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["hotline.message", "hotline.ack", "hotline.escalation"],
        since=since,
    )
    acks: dict[int, RecordRow] = {}
    escalations: dict[int, dict[int, tuple[RecordRow, r.HotlineEscalation]]] = defaultdict(dict)
    messages: list[tuple[RecordRow, r.HotlineMessage]] = []
    for row in rows:
        if row.kind == "hotline.message":
            m = stored_payload(r.HotlineMessage, row)
            if m is not None:
                messages.append((row, m))
        elif row.kind == "hotline.ack" and row.refers_to is not None:
            acks.setdefault(row.refers_to, row)
        elif row.kind == "hotline.escalation" and row.refers_to is not None:
            e = stored_payload(r.HotlineEscalation, row)
            if e is not None:
                escalations[row.refers_to].setdefault(e.step, (row, e))
    out = []
    for row, m in messages:
        ack = acks.get(row.id)
        if ack is not None and ack.submitter != m.to:
            ack = None
        window = regime_of(deployment, row.charter_version).ack_minutes.window(m.precedence)
        steps = tuple(escalations[row.id][s] for s in sorted(escalations.get(row.id, {})))
        out.append(MessageView(row, m, window, ack, steps))
    return out


def order(views: list[MessageView], now: datetime) -> list[MessageView]:
    """Unacknowledged first, then by precedence (FLASH first), then newest."""
    rank = {p: i for i, p in enumerate(PRECEDENCES)}
    return sorted(
        views,
        key=lambda v: (
            v.acked_at is not None,
            rank[v.message.precedence],
            -v.record.submitted_at.timestamp(),
            -v.id,
        ),
    )


def list_messages(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    now: datetime,
    box: str = "all",
    precedence: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
) -> list[MessageView]:
    """Messages the reader may see, unacknowledged first, then FLASH first, newest first.

    ``box``: ``inbox`` (to the reader's member), ``sent`` (from it) or ``all``; a member's
    console shows only messages its member sent or received. ``since``: only messages (and
    what followed them) logged since then.
    """
    views = _views(session, deployment, principal, since)
    member = principal.member if principal.role is Role.MEMBER else None
    if member is not None:
        views = [v for v in views if member in (v.record.submitter, v.message.to)]
    if box == "inbox" and member is not None:
        views = [v for v in views if v.message.to == member]
    elif box == "sent" and member is not None:
        views = [v for v in views if v.record.submitter == member]
    if precedence:
        views = [v for v in views if v.message.precedence == precedence]
    if status:
        views = [v for v in views if v.status(now) == status]
    return order(views, now)


def get_message(
    session: Session, *, deployment: Deployment, principal: Principal, message_id: int
) -> MessageView:
    """One message with its acknowledgement and escalations, if the reader may see it."""
    for v in _views(session, deployment, principal):
        if v.id == message_id:
            return v
    raise NotFound(f"no hotline message {message_id}")


def contacts(
    session: Session, *, deployment: Deployment, principal: Principal
) -> dict[str, tuple[RecordRow, r.HotlineContacts]]:
    """Each member's latest chain of contacts the reader may see."""
    out: dict[str, tuple[RecordRow, r.HotlineContacts]] = {}
    for row in list_visible(session, principal, deployment.current, kinds=["hotline.contacts"]):
        c = stored_payload(r.HotlineContacts, row)
        if c is not None:
            out[row.submitter] = (row, c)
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class AckTimes:
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


def ack_times(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    now: datetime,
    year: int,
) -> list[AckTimes]:
    """Per addressee, the messages of ``year`` it received and how fast it acknowledged."""
    by_member: dict[str, list[MessageView]] = defaultdict(list)
    for v in _views(session, deployment, principal):
        if v.record.submitted_at.year == year:
            by_member[v.message.to].append(v)
    out = []
    for member, views in sorted(by_member.items()):
        times = sorted(t for v in views if (t := v.ack_seconds) is not None)
        precedences: dict[str, list[float]] = defaultdict(list)
        for v in views:
            if v.ack_seconds is not None:
                precedences[v.message.precedence].append(v.ack_seconds)
        out.append(
            AckTimes(
                member=member,
                received=len(views),
                acknowledged=len(times),
                drills=sum(1 for v in views if v.message.drill),
                late=sum(1 for v in views if v.status(now) == "acknowledged late"),
                overdue=sum(1 for v in views if v.status(now) == "overdue"),
                median_seconds=statistics.median(times) if times else None,
                p90_seconds=times[min(len(times) - 1, int(0.9 * len(times)))] if times else None,
                median_by_precedence={
                    p: statistics.median(precedences[p]) for p in PRECEDENCES if precedences[p]
                },
            )
        )
    return out


def console_member(principal: Principal) -> str | None:
    """Whose console the reader opens: its member's, or the secretariat's."""
    if principal.role is Role.MEMBER:
        return principal.member
    if principal.role is Role.SECRETARIAT:
        return SECRETARIAT
    return None

"""The hotline's state as the log has it: messages, acknowledgements, escalations, chains.

A :class:`Fold` takes hotline records one at a time (in log order) and keeps, for every
message not yet acknowledged, when its next escalation falls due: the obligations read it
(through the projection) and so does the server's scheduler (:mod:`.live`), which fires
what :meth:`Fold.due` names. Pure: no store, no clock of its own.

Deadlines: a message of precedence P sent at ``t`` is due for acknowledgement at
``t + w(P)`` (the charter's ``ack_minutes``); escalation step ``k`` falls due at
``t + k × w(P)``, and goes to the ``k``-th link after the first of the addressee's chain
(its contacts on file, then the secretariat). Each step is fired once: a step already in
the log is never fired again, whatever restarts happen in between.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sortedcontainers import SortedKeyList

from cosec.kit import SECRETARIAT, StoredRecord, payload_of
from cosec.mechanisms.hotline import records as r
from cosec.mechanisms.hotline.regime import HotlineRegime

FIRST_CONTACT = r.Contact(role="duty_officer", name="point of contact on duty")
"""Who a member's messages reach when it keeps no chain on file."""
SECRETARIAT_CONTACT = r.Contact(role="other", name="the secretariat")


@dataclass
class Message:
    """A message as the log has it so far."""

    id: int
    sender: str
    to: str
    precedence: str
    subject: str
    drill: bool
    sent_at: datetime
    window: timedelta
    audience: str = "parties"
    charter_version: str | None = None
    acked_at: datetime | None = None
    ack_id: int | None = None
    escalations: dict[int, tuple[int, datetime, str, str]] = field(default_factory=dict)
    """Step → ``(record id, when, to_member, to_name)``."""

    @property
    def deadline(self) -> datetime:
        """When it is due for acknowledgement."""
        return self.sent_at + self.window

    def step_deadline(self, step: int) -> datetime:
        """When escalation ``step`` falls due (step 1 at the acknowledgement deadline)."""
        return self.sent_at + step * self.window

    @property
    def next_step(self) -> int:
        """The first step not yet in the log."""
        step = 1
        while step in self.escalations:
            step += 1
        return step

    @property
    def ack_seconds(self) -> float | None:
        """How long the acknowledgement took."""
        if self.acked_at is None:
            return None
        return (self.acked_at - self.sent_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Due:
    """An escalation step to fire: the payload of its ``hotline.escalation`` record."""

    message_id: int
    step: int
    missed_deadline: datetime
    to_member: str
    to_role: str
    to_name: str
    next_deadline: datetime | None

    def payload(self) -> dict[str, object]:
        """The record's payload."""
        return {
            "message_id": self.message_id,
            "step": self.step,
            "missed_deadline": self.missed_deadline.isoformat(),
            "to_member": self.to_member,
            "to_role": self.to_role,
            "to_name": self.to_name,
            "next_deadline": self.next_deadline.isoformat() if self.next_deadline else None,
        }


def _by_key() -> SortedKeyList:
    return SortedKeyList(key=lambda x: x)


@dataclass
class Fold:
    """Messages, acknowledgements, escalations and chains, folded from hotline records."""

    regime_for: Callable[[str | None], HotlineRegime]
    messages: dict[int, Message] = field(default_factory=dict)
    contacts: dict[str, tuple[r.Contact, ...]] = field(default_factory=dict)
    contacts_filed: dict[str, tuple[datetime, int]] = field(default_factory=dict)
    """Member → when it first filed a chain, and that record."""
    pending: SortedKeyList = field(default_factory=_by_key)
    """``(next step's deadline, message id)`` of every message still to escalate."""
    _pending_key: dict[int, tuple[datetime, int]] = field(default_factory=dict)
    _to: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    """Addressee → its messages still to escalate."""

    def apply(self, record: StoredRecord) -> int | str | None:
        """Take in one record; the message id (or member, for a chain) it concerns."""
        kind = record.kind
        if kind == "hotline.message":
            m = payload_of(r.HotlineMessage, record)
            if m is None:
                return None
            regime = self.regime_for(record.charter_version)
            self.messages[record.id] = Message(
                id=record.id,
                sender=record.submitter,
                to=m.to,
                precedence=m.precedence,
                subject=m.subject,
                drill=m.drill,
                sent_at=record.submitted_at,
                window=regime.ack_minutes.window(m.precedence),
                audience=record.audience,
                charter_version=record.charter_version,
            )
            self._reschedule(record.id)
            return record.id
        if kind == "hotline.contacts":
            c = payload_of(r.HotlineContacts, record)
            if c is None:
                return None
            member = record.submitter
            self.contacts[member] = c.contacts
            self.contacts_filed.setdefault(member, (record.submitted_at, record.id))
            for mid in sorted(self._to.get(member, ())):
                self._reschedule(mid)
            return member
        msg = self.messages.get(record.refers_to or 0)
        if msg is None:
            return None
        if kind == "hotline.ack":
            if msg.acked_at is None and record.submitter == msg.to:
                msg.acked_at, msg.ack_id = record.submitted_at, record.id
        elif kind == "hotline.escalation":
            e = payload_of(r.HotlineEscalation, record)
            if e is not None and e.step not in msg.escalations:
                msg.escalations[e.step] = (record.id, record.submitted_at, e.to_member, e.to_name)
        else:
            return None
        self._reschedule(msg.id)
        return msg.id

    def chain(self, member: str) -> list[tuple[str, r.Contact]]:
        """``(member, contact)`` in escalation order: the member's contacts, then the
        secretariat."""
        own = self.contacts.get(member) or (FIRST_CONTACT,)
        return [(member, c) for c in own] + [(SECRETARIAT, SECRETARIAT_CONTACT)]

    def steps(self, msg: Message) -> int:
        """How many escalation steps the addressee's chain holds."""
        return len(self.chain(msg.to)) - 1

    def _reschedule(self, mid: int) -> None:
        msg = self.messages[mid]
        old = self._pending_key.pop(mid, None)
        if old is not None:
            self.pending.discard(old)
            self._to[msg.to].discard(mid)
        step = msg.next_step
        if msg.acked_at is not None or step > self.steps(msg):
            return
        key = (msg.step_deadline(step), mid)
        self.pending.add(key)
        self._pending_key[mid] = key
        self._to[msg.to].add(mid)

    def next_due(self) -> datetime | None:
        """When the earliest escalation falls due, if any."""
        return self.pending[0][0] if self.pending else None

    def due(self, now: datetime) -> list[Due]:
        """Every escalation step due at ``now`` and not yet in the log, oldest first (a
        message whose deadlines passed while the server was down gets each missed step)."""
        out: list[Due] = []
        for _, mid in self.pending.irange(maximum=(now, 2**63)):
            msg = self.messages[mid]
            chain = self.chain(msg.to)
            step = msg.next_step
            while step <= len(chain) - 1 and msg.step_deadline(step) <= now:
                if step not in msg.escalations:
                    member, contact = chain[step]
                    last = step == len(chain) - 1
                    out.append(
                        Due(
                            message_id=mid,
                            step=step,
                            missed_deadline=msg.step_deadline(step),
                            to_member=member,
                            to_role=contact.role,
                            to_name=contact.name,
                            next_deadline=None if last else msg.step_deadline(step + 1),
                        )
                    )
                step += 1
        return sorted(out, key=lambda d: (d.missed_deadline, d.message_id, d.step))

"""The hotline's state for its obligations (see :mod:`cosec.kit.projection`): the
:class:`~.chain.Fold` of its records, with the deadlines and the yearly acknowledgement
samples indexed. Subjects: ``M12`` (message 12), ``acks:KOR:2026`` (a member's
acknowledgements in a year), ``contacts:KOR`` (a member's chain on file)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sortedcontainers import SortedKeyList

from cosec.kit import SECRETARIAT, Setup, StoredRecord
from cosec.mechanisms.hotline.chain import Fold, Message
from cosec.mechanisms.hotline.obligations import (
    AckYear,
    ContactsDuty,
    HotlineContext,
    acks_subject,
    contacts_subject,
    message_subject,
)
from cosec.mechanisms.hotline.regime import HotlineRegime


def escalated_to(m: Message) -> list[str]:
    """Whom a message's escalations reached, in order, for a sentence."""
    return [
        "the secretariat" if member == SECRETARIAT else name
        for _, (_, _, member, name) in sorted(m.escalations.items())
    ]


def ack_sample(m: Message) -> tuple[int, float, float, str, bool] | None:
    """A message's acknowledgement as a sample: id, seconds, share of the deadline..."""
    seconds = m.ack_seconds
    if seconds is None:
        return None
    share = seconds / m.window.total_seconds()
    return (m.id, seconds, share, m.precedence, m.drill)


@dataclass
class HotlineProjection:
    """The fold of hotline records, with deadlines and samples indexed."""

    setup: Setup[HotlineRegime]
    fold: Fold = field(init=False)
    deadlines: SortedKeyList = field(default_factory=lambda: SortedKeyList(key=lambda x: x))
    acked: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        self.fold = Fold(self.setup.regime_for)

    @property
    def contacts_due(self) -> datetime:
        """When every member must have its chain on file."""
        days = self.setup.regime.contacts_within_days
        return datetime.combine(self.setup.since, time.min, tzinfo=UTC) + timedelta(days=days)

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        touched = self.fold.apply(record)
        if isinstance(touched, str):
            return {contacts_subject(touched)}
        if touched is None:
            return set()
        m = self.fold.messages[touched]
        if record.kind == "hotline.message":
            self.deadlines.add((m.deadline, message_subject(m.id)))
        subjects = {message_subject(m.id)}
        if m.acked_at is not None:
            key = (m.to, m.sent_at.year)
            if m.id not in self.acked[key]:
                self.acked[key].add(m.id)
                subjects.add(acks_subject(*key))
        return subjects

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over."""
        return subjects

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Messages whose deadline passes, and the chains falling due, in ``[since, until)``."""
        if until <= since:
            return set()
        out = {s for _, s in self.deadlines.irange((since, ""), (until, ""), (True, False))}
        if since <= self.contacts_due < until:
            out |= {contacts_subject(m) for m in self.setup.members or ()}
        return out

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> HotlineContext:
        """The obligations' context, judging ``focus`` (``None``: everything)."""
        fold = self.fold
        members: Iterable[str] = self.setup.members or ()
        if focus is None:
            messages = [fold.messages[i] for i in sorted(fold.messages)]
            years = sorted(self.acked)
        else:
            ids = sorted(int(s[1:]) for s in focus if s[:1] == "M" and s[1:].isdigit())
            messages = [fold.messages[i] for i in ids if i in fold.messages]
            years = sorted(
                (p[1], int(p[2]))
                for s in focus
                if s.startswith("acks:") and len(p := s.split(":")) == 3 and p[2].isdigit()
            )
            members = [m for m in members if contacts_subject(m) in focus]
        ack_years = []
        for key in years:
            samples = [ack_sample(fold.messages[i]) for i in sorted(self.acked.get(key, ()))]
            ack_years.append(AckYear(key[0], key[1], tuple(s for s in samples if s)))
        duties = [
            ContactsDuty(
                member=m,
                due=self.contacts_due,
                filed_at=fold.contacts_filed[m][0] if m in fold.contacts_filed else None,
                record_id=fold.contacts_filed[m][1] if m in fold.contacts_filed else None,
            )
            for m in members
        ]
        return HotlineContext(
            regime=self.setup.regime,
            as_of=as_of,
            messages=messages,
            ack_years=ack_years,
            contacts=duties,
            member_name=self.setup.member_name,
            escalated_to=escalated_to,
        )


def new_projection(setup: Setup[HotlineRegime]) -> HotlineProjection:
    """The projection of an empty log (the registration's factory)."""
    return HotlineProjection(setup)

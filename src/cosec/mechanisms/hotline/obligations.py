"""The hotline's rules, as pure functions of a :class:`HotlineContext`.

Deadlines are strict: an acknowledgement logged exactly at the deadline is on time.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.hotline.chain import Message
from cosec.mechanisms.hotline.regime import HotlineRegime


def message_subject(message_id: int) -> str:
    """``M12``: message 12."""
    return f"M{message_id}"


def acks_subject(member: str, year: int) -> str:
    """``acks:KOR:2026``: a member's acknowledgements in a year."""
    return f"acks:{member}:{year}"


def contacts_subject(member: str) -> str:
    """``contacts:KOR``: a member's chain of contacts."""
    return f"contacts:{member}"


@dataclass(frozen=True, slots=True)
class AckYear:
    """A member's measured acknowledgements in one year (drills included)."""

    member: str
    year: int
    samples: tuple[tuple[int, float, float, str, bool], ...]
    """``(message id, seconds, share of the deadline, precedence, drill)``."""


@dataclass(frozen=True, slots=True)
class ContactsDuty:
    """A member's duty to keep a chain of contacts on file."""

    member: str
    due: datetime
    filed_at: datetime | None = None
    record_id: int | None = None


@dataclass(frozen=True)
class HotlineContext:
    """Everything the hotline obligations read."""

    regime: HotlineRegime
    as_of: datetime
    messages: Sequence[Message] = ()
    ack_years: Sequence[AckYear] = ()
    contacts: Sequence[ContactsDuty] = ()
    member_name: Callable[[str], str] = str
    escalated_to: Callable[[Message], list[str]] = field(default=lambda m: [])

    def possessive(self, code: str) -> str:
        """``China's``, ``the Philippines'``."""
        name = self.member_name(code)
        return name + ("'" if name.endswith("s") else "'s")


def _when(t: datetime) -> str:
    return f"{t:%d %B %Y}, {t:%H:%M} UTC"


def _minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:,.0f} seconds"
    if seconds < 7_200:
        return f"{seconds / 60:,.0f} minutes"
    return f"{seconds / 3600:,.1f} hours"


def _severity(m: Message, overdue: bool) -> Severity:
    if m.drill:
        return Severity.LOW
    urgent = m.precedence in ("FLASH", "IMMEDIATE")
    if overdue:
        return Severity.HIGH if urgent else Severity.MEDIUM
    return Severity.MEDIUM if urgent else Severity.LOW


def check_acknowledge(ctx: HotlineContext) -> Iterator[FindingDraft]:
    """``hotline.acknowledge``: the addressee acknowledges within the precedence's deadline."""
    for m in ctx.messages:
        what = f"{ctx.possessive(m.sender)} {m.precedence}{' drill' if m.drill else ''} message"
        window = _minutes(m.window.total_seconds())
        escalations = tuple(rid for rid, *_ in (m.escalations[s] for s in sorted(m.escalations)))
        if m.acked_at is None:
            if ctx.as_of <= m.deadline:
                continue
            reached = ctx.escalated_to(m)
            also = f"; escalated to {' and '.join(reached)}" if reached else ""
            flag = "ack_overdue"
            summary = (
                f"{ctx.member_name(m.to)} has not acknowledged {what} “{m.subject}”, due "
                f"{_when(m.deadline)} ({window}){also}."
            )
            evidence = (m.id, *escalations)
        elif m.acked_at > m.deadline:
            flag = "ack_late"
            took = _minutes((m.acked_at - m.sent_at).total_seconds())
            summary = (
                f"{ctx.member_name(m.to)} acknowledged {what} “{m.subject}” after {took}; "
                f"the deadline was {window}."
            )
            evidence = (m.id, *((m.ack_id,) if m.ack_id else ()), *escalations)
        else:
            continue
        yield FindingDraft(
            obligation="hotline.acknowledge",
            flag=flag,
            severity=_severity(m, flag == "ack_overdue"),
            members=(m.to,),
            subjects=(message_subject(m.id),),
            evidence=evidence,
            summary=summary,
            details={
                "precedence": m.precedence,
                "drill": m.drill,
                "sent_at": m.sent_at.isoformat(),
                "deadline": m.deadline.isoformat(),
                "acknowledged_at": m.acked_at.isoformat() if m.acked_at else None,
                "escalations": sorted(m.escalations),
            },
        )


def check_response_time(ctx: HotlineContext) -> Iterator[FindingDraft]:
    """``hotline.response_time``: a member's median acknowledgement time in a year is within
    ``slow_ack_fraction`` of the deadline."""
    regime = ctx.regime
    for ay in ctx.ack_years:
        if len(ay.samples) < regime.slow_ack_min_messages:
            continue
        median = statistics.median(s[2] for s in ay.samples)
        if median <= regime.slow_ack_fraction:
            continue
        seconds = statistics.median(s[1] for s in ay.samples)
        by_precedence = {
            p: statistics.median(s[1] for s in ay.samples if s[3] == p)
            for p in sorted({s[3] for s in ay.samples})
        }
        yield FindingDraft(
            obligation="hotline.response_time",
            flag="slow_to_acknowledge",
            severity=Severity.LOW,
            members=(ay.member,),
            subjects=(acks_subject(ay.member, ay.year),),
            evidence=tuple(s[0] for s in ay.samples),
            summary=(
                f"{ctx.member_name(ay.member)} took a median {_minutes(seconds)} to acknowledge "
                f"its {len(ay.samples)} hotline messages of {ay.year} ({median:.0%} of the "
                f"deadline; the charter expects at most {regime.slow_ack_fraction:.0%})."
            ),
            details={
                "year": ay.year,
                "messages": len(ay.samples),
                "drills": sum(1 for s in ay.samples if s[4]),
                "median_seconds": round(seconds, 1),
                "median_share_of_deadline": round(median, 3),
                "median_seconds_by_precedence": {p: round(v, 1) for p, v in by_precedence.items()},
            },
        )


def check_contacts(ctx: HotlineContext) -> Iterator[FindingDraft]:
    """``hotline.contacts``: every member keeps a chain of contacts on file."""
    for duty in ctx.contacts:
        if duty.filed_at is not None or ctx.as_of <= duty.due:
            continue
        yield FindingDraft(
            obligation="hotline.contacts",
            flag="contacts_missing",
            severity=Severity.MEDIUM,
            members=(duty.member,),
            subjects=(contacts_subject(duty.member),),
            summary=(
                f"{ctx.member_name(duty.member)} has no chain of hotline contacts on file "
                f"(due {_when(duty.due)}): a message to it escalates straight to the "
                "secretariat."
            ),
            details={"due": duty.due.isoformat()},
        )

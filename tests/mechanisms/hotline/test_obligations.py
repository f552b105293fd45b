"""The hotline's obligations at their edges: an acknowledgement at the deadline is on time,
a second later late; overdue once the deadline has passed; slow when the median is over
half the deadline across at least three messages; a chain of contacts due 30 days after the
charter takes effect."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cosec.kit import Severity
from cosec.mechanisms.hotline.obligations import (
    AckYear,
    ContactsDuty,
    HotlineContext,
    check_acknowledge,
    check_contacts,
    check_response_time,
)
from tests.mechanisms.hotline.helpers import REGIME, T0, ack, fold, message

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


def ctx(as_of: object, **kw: object) -> HotlineContext:
    return HotlineContext(regime=REGIME, as_of=as_of, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("took", "flag"), [(5 * MIN, None), (5 * MIN + SEC, "ack_late")])
def test_a_flash_is_acknowledged_within_5_minutes(took: timedelta, flag: str | None) -> None:
    m = message(T0)
    f = fold(m, ack(m, T0 + took))
    found = list(check_acknowledge(ctx(T0 + 60 * MIN, messages=list(f.messages.values()))))
    assert [x.flag for x in found] == ([flag] if flag else [])


def test_an_unacknowledged_message_is_overdue_just_after_its_deadline() -> None:
    m = message(T0, precedence="IMMEDIATE")
    messages = list(fold(m).messages.values())
    assert list(check_acknowledge(ctx(T0 + 30 * MIN, messages=messages))) == []
    (f,) = check_acknowledge(ctx(T0 + 30 * MIN + SEC, messages=messages))
    assert (f.flag, f.severity, f.members) == ("ack_overdue", Severity.HIGH, ("KOR",))
    assert f.summary.startswith("KOR has not acknowledged CHN's IMMEDIATE message")


@pytest.mark.parametrize(
    ("precedence", "drill", "overdue", "late"),
    [
        ("FLASH", False, Severity.HIGH, Severity.MEDIUM),
        ("ROUTINE", False, Severity.MEDIUM, Severity.LOW),
        ("FLASH", True, Severity.LOW, Severity.LOW),
    ],
)
def test_severity_follows_precedence_and_drills_are_low(
    precedence: str, drill: bool, overdue: Severity, late: Severity
) -> None:
    m = message(T0, precedence=precedence, drill=drill)
    far = T0 + timedelta(days=3)
    (o,) = check_acknowledge(ctx(far, messages=list(fold(m).messages.values())))
    (lt,) = check_acknowledge(ctx(far, messages=list(fold(m, ack(m, far)).messages.values())))
    assert (o.severity, lt.severity) == (overdue, late)


def _year(*shares: float) -> AckYear:
    return AckYear(
        "CHN", 2026, tuple((i, s * 300, s, "FLASH", True) for i, s in enumerate(shares, 1))
    )


def test_slow_to_acknowledge_over_half_the_deadline_with_three_messages() -> None:
    assert list(check_response_time(ctx(T0, ack_years=[_year(0.9, 0.9)]))) == []
    assert list(check_response_time(ctx(T0, ack_years=[_year(0.1, 0.5, 0.9)]))) == []
    (f,) = check_response_time(ctx(T0, ack_years=[_year(0.1, 0.51, 2.0)]))
    assert f.flag == "slow_to_acknowledge"
    assert f.details["median_seconds"] == 153.0
    assert f.details["drills"] == 3


def test_a_chain_of_contacts_is_due_on_its_day() -> None:
    due = T0 + timedelta(days=30)
    missing = ContactsDuty("MMR", due)
    assert list(check_contacts(ctx(due, contacts=[missing]))) == []
    (f,) = check_contacts(ctx(due + SEC, contacts=[missing]))
    assert (f.flag, f.members) == ("contacts_missing", ("MMR",))
    filed = ContactsDuty("MMR", due, filed_at=T0, record_id=3)
    assert list(check_contacts(ctx(due + SEC, contacts=[filed]))) == []

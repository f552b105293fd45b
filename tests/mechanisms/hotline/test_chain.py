"""Escalation along the chain: each step falls due at sent + k × the precedence's deadline
(FLASH 5 min, IMMEDIATE 30 min, PRIORITY 4 h, ROUTINE 24 h), goes to the next contact, the
secretariat last, and is fired once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cosec.mechanisms.hotline.chain import Due
from tests.mechanisms.hotline.helpers import T0, Rec, ack, contacts, fold, message

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


def escalation(d: Due, at: object) -> Rec:
    return Rec("hotline.escalation", "SEC", at, d.payload(), refers_to=d.message_id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("precedence", "window"),
    [("FLASH", 5 * MIN), ("IMMEDIATE", 30 * MIN), ("PRIORITY", 240 * MIN), ("ROUTINE", 1440 * MIN)],
)
def test_nothing_is_due_before_the_deadline_and_step_one_at_it(
    precedence: str, window: timedelta
) -> None:
    m = message(T0, precedence=precedence)
    f = fold(contacts("KOR", T0 - MIN, "Duty officer", "Ministry"), m)
    assert f.due(T0 + window - SEC) == []
    (d,) = f.due(T0 + window)
    assert (d.step, d.to_member, d.to_name) == (1, "KOR", "Ministry")
    assert d.missed_deadline == T0 + window
    assert d.next_deadline == T0 + 2 * window


def test_the_chain_ends_with_the_secretariat_and_each_step_fires_once() -> None:
    m = message(T0)
    f = fold(contacts("KOR", T0 - MIN, "Duty officer", "Ministry"), m)
    (d1,) = f.due(T0 + 5 * MIN)
    f.apply(escalation(d1, T0 + 5 * MIN))
    assert f.due(T0 + 9 * MIN) == []
    (d2,) = f.due(T0 + 10 * MIN)
    assert (d2.step, d2.to_member, d2.next_deadline) == (2, "SEC", None)
    f.apply(escalation(d2, T0 + 10 * MIN))
    assert f.due(T0 + 60 * MIN) == []
    assert f.next_due() is None


def test_after_downtime_every_missed_step_is_due_once_in_order() -> None:
    m = message(T0)
    records = [contacts("KOR", T0 - MIN, "Duty officer", "Ministry"), m]
    dues = fold(*records).due(T0 + 30 * MIN)
    assert [(d.step, d.to_member) for d in dues] == [(1, "KOR"), (2, "SEC")]
    # a restart with step 1 already logged: only step 2 is due
    restarted = fold(*records, escalation(dues[0], T0 + 5 * MIN))
    assert [d.step for d in restarted.due(T0 + 30 * MIN)] == [2]


def test_an_acknowledgement_stops_the_escalation_and_only_the_addressee_acknowledges() -> None:
    m = message(T0)
    assert fold(m, ack(m, T0 + 4 * MIN)).due(T0 + 60 * MIN) == []
    assert len(fold(m, ack(m, T0 + MIN, by="JPN")).due(T0 + 60 * MIN)) == 1


def test_without_contacts_on_file_the_first_escalation_goes_to_the_secretariat() -> None:
    m = message(T0, to="MMR")
    (d,) = fold(m).due(T0 + 5 * MIN)
    assert (d.step, d.to_member) == (1, "SEC")


def test_a_longer_chain_filed_later_adds_steps_to_a_pending_message() -> None:
    m = message(T0)
    f = fold(m)
    f.apply(contacts("KOR", T0 + MIN, "Duty officer", "Navy staff", "Ministry"))
    assert [d.to_name for d in f.due(T0 + 15 * MIN)] == [
        "Navy staff",
        "Ministry",
        "the secretariat",
    ]

"""Treaty rules on cases built from the Vienna Document 2011 figures in eas-2026.

Comparison words matter: notification "at least" (>=), observation "meets or exceeds"
(>=), constraints "more than" (>). Every threshold is tested exactly at and one below.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from cosec.mechanisms.notifications.context import (
    CalendarInfo,
    ExplanationInfo,
    NotificationContext,
)
from cosec.mechanisms.notifications.obligations import (
    calendar_due,
    notification_required,
    notify_by,
    observation_required,
)
from cosec.mechanisms.notifications.records import CalendarEntry
from tests.mechanisms.notifications.helpers import REGIME, activity, context, run

NOTIFY = REGIME.notify.items()
OBSERVE = REGIME.observe.items()


def test_eas_thresholds_are_the_published_figures() -> None:
    assert dict(NOTIFY) == {
        "troops": 9000,
        "battle_tanks": 250,
        "acv": 500,
        "artillery": 250,
        "air_sorties": 200,
        "amphibious_troops": 3000,
        "airborne_troops": 3000,
        "ships": 20,
        "carrier_groups": 1,
    }
    assert dict(OBSERVE) == {
        "troops": 13000,
        "battle_tanks": 300,
        "amphibious_troops": 3500,
        "airborne_troops": 3500,
    }
    assert REGIME.lead_time_days == 42


@pytest.mark.parametrize(("figure", "threshold"), NOTIFY)
def test_notification_required_at_threshold_not_one_below(figure: str, threshold: int) -> None:
    assert notification_required(activity(**{figure: threshold}), REGIME)
    assert not notification_required(activity(**{figure: threshold - 1}), REGIME)


@pytest.mark.parametrize(("figure", "threshold"), OBSERVE)
def test_observation_required_at_threshold_not_one_below(figure: str, threshold: int) -> None:
    assert observation_required(activity(**{figure: threshold}), REGIME)
    assert not observation_required(activity(**{figure: threshold - 1}), REGIME)


def test_alert_activity_observed_only_when_longer_than_72_hours() -> None:
    three_days = activity(troops=20_000, alert=True, days=3)  # 72 h: not longer
    four_days = activity(troops=20_000, alert=True, days=4)
    assert not observation_required(three_days, REGIME)
    assert observation_required(four_days, REGIME)


def test_notify_by_is_42_days_before_start_and_start_for_alerts() -> None:
    a = activity(troops=9000, start=date(2027, 5, 1))
    assert notify_by(a, REGIME) == date(2027, 3, 20)
    assert notify_by(activity(troops=9000, alert=True, start=date(2027, 5, 1)), REGIME) == date(
        2027, 5, 1
    )


def test_lead_time_edge_42_days_on_time_41_days_late() -> None:
    start = date(2027, 5, 1)
    on_time = activity("ok", troops=9000, start=start, notified_on=start - timedelta(days=42))
    late = activity("late", troops=9000, start=start, notified_on=start - timedelta(days=41))
    found = run("notification.lead_time", context(on_time, late))
    assert [f.subjects for f in found] == [("late",)]
    assert found[0].flag == "late"
    assert found[0].details["days_before"] == 41
    assert "41 days before it began" in found[0].summary


def test_late_after_start_is_high_severity() -> None:
    start = date(2027, 5, 1)
    after = activity(troops=9000, start=start, notified_on=start + timedelta(days=2))
    (f,) = run("notification.lead_time", context(after))
    assert f.severity.value == "high"
    assert "2 days after it began" in f.summary


def test_voluntary_notification_is_never_late() -> None:
    start = date(2027, 5, 1)
    small = activity(troops=8999, start=start, notified_on=start - timedelta(days=3))
    assert run("notification.lead_time", context(small)) == []


def test_alert_activity_is_on_time_when_notified_as_troops_start() -> None:
    start = date(2027, 5, 1)
    assert (
        run(
            "notification.lead_time",
            context(activity(troops=20_000, alert=True, start=start, notified_on=start)),
        )
        == []
    )
    (f,) = run(
        "notification.lead_time",
        context(
            activity(troops=20_000, alert=True, start=start, notified_on=start + timedelta(days=1))
        ),
    )
    assert "alert" in f.summary


def test_not_notified_only_once_the_notify_by_day_has_passed() -> None:
    a = activity(troops=12_000, start=date(2027, 5, 1), notified_on=None)
    assert run("notification.required", context(a, as_of=date(2027, 3, 20))) == []
    (f,) = run("notification.required", context(a, as_of=date(2027, 3, 21)))
    assert f.flag == "not_notified"
    assert f.severity.value == "high"
    assert "12,000 troops (threshold 9,000)" in f.summary


def test_observers_must_be_invited_to_observable_activities() -> None:
    start = date(2027, 5, 1)
    uninvited = replace(activity("u", troops=13_000, start=start), observers_invited=False)
    invited = replace(activity("i", troops=13_000, start=start), observers_invited=True)
    unknown = activity("n", troops=13_000, start=start)  # a file that does not say
    small = replace(activity("s", troops=12_999, start=start), observers_invited=False)
    found = run("notification.observation", context(uninvited, invited, unknown, small))
    assert [f.subjects for f in found] == [("u",)]
    # not before the activity starts: an invitation can still come
    assert (
        run("notification.observation", context(uninvited, as_of=start - timedelta(days=1))) == []
    )


def _calendar(state: str, year: int, sent: datetime, *entries: CalendarEntry) -> CalendarInfo:
    return CalendarInfo(
        state=state,
        year=year,
        first_submitted_at=sent,
        entries=entries,
        nil_return=not entries,
        record_ids=(99,),
    )


def test_calendar_due_15_november_of_the_previous_year() -> None:
    due = calendar_due(2027, REGIME)
    assert due is not None
    assert due.date() == date(2026, 11, 15)


def test_notifiable_activity_missing_from_the_calendar() -> None:
    a = activity("a", troops=10_000, designation="Northern Shield", start=date(2027, 5, 1))
    listed = CalendarEntry(
        designation="northern  shield",
        states=("CHN",),
        start=date(2027, 5, 2),
        end=date(2027, 5, 3),
    )
    sent = datetime(2026, 11, 10, tzinfo=UTC)
    with_entry = context(a, calendars={("CHN", 2027): _calendar("CHN", 2027, sent, listed)})
    nil = context(a, calendars={("CHN", 2027): _calendar("CHN", 2027, sent)})
    assert run("notification.calendar", with_entry) == []
    (f,) = run("notification.calendar", nil)
    assert f.flag == "calendar_missing"


def test_calendar_overdue_and_late_per_member() -> None:
    ctx = context(
        as_of=date(2026, 11, 16),
        members=("CHN", "JPN", "KOR"),
        calendars={
            ("CHN", 2027): _calendar("CHN", 2027, datetime(2026, 11, 15, 23, 0, tzinfo=UTC)),
            ("JPN", 2027): _calendar("JPN", 2027, datetime(2026, 11, 16, 1, 0, tzinfo=UTC)),
        },
        since=date(2026, 1, 1),
    )
    found = {
        (f.flag, f.members) for f in run("notification.calendar", ctx) if f.details["year"] == 2027
    }
    assert found == {("calendar_late", ("JPN",)), ("calendar_overdue", ("KOR",))}
    # the day it is due, nothing is overdue yet
    on_due_day = context(as_of=date(2026, 11, 15), members=("KOR",), since=date(2026, 1, 1))
    assert [f for f in run("notification.calendar", on_due_day) if f.details["year"] == 2027] == []


def test_constraint_counts_activities_of_more_than_13000_per_year() -> None:
    base = date(2027, 1, 5)
    acts = [activity(f"a{i}", troops=13_001, start=base + timedelta(days=30 * i)) for i in range(7)]
    exactly = activity("at", troops=13_000, start=date(2027, 12, 1))  # "more than": not counted
    found = [
        f
        for f in run("notification.constraints", context(*acts, exactly))
        if f.details["rule"] == "year_over_13000"
    ]
    assert [f.subjects[0] for f in found] == ["a6"]
    assert found[0].flag == "exceeds_constraint"


def test_constraint_three_activities_over_25000_per_year() -> None:
    acts = [activity(f"b{i}", troops=25_001, start=date(2027, 2 + 3 * i, 1)) for i in range(4)]
    found = [
        f
        for f in run("notification.constraints", context(*acts))
        if f.details["rule"] == "year_over_25000"
    ]
    assert [f.subjects[0] for f in found] == ["b3"]


def test_constraint_at_most_three_at_the_same_time() -> None:
    acts = [activity(f"s{i}", troops=14_000, start=date(2027, 6, 1 + i), days=10) for i in range(4)]
    later = activity("s9", troops=14_000, start=date(2027, 9, 1))
    found = [
        f
        for f in run("notification.constraints", context(*acts, later))
        if f.details["rule"] == "simultaneous_over_13000"
    ]
    assert [f.subjects[0] for f in found] == ["s3"]


def test_constraint_one_activity_over_40000_in_three_calendar_years() -> None:
    first = activity("x1", troops=40_001, start=date(2025, 9, 1))
    second = activity("x2", troops=40_001, start=date(2027, 9, 1))  # 2025-2027: same window
    third = activity("x3", troops=40_001, start=date(2030, 9, 1))  # 2028-2030 window is free
    found = [
        f
        for f in run(
            "notification.constraints", context(first, second, third, judge_calendars=False)
        )
        if f.details["rule"] == "three_years_over_40000"
    ]
    assert [f.subjects[0] for f in found] == ["x2"]


def test_large_activity_must_be_announced_two_years_ahead() -> None:
    a = activity("big", troops=45_000, designation="Grand Maneuver", start=date(2028, 7, 1))
    entry = CalendarEntry(
        designation="Grand Maneuver", states=("CHN",), start=date(2028, 7, 1), end=date(2028, 7, 5)
    )
    early = _calendar("CHN", 2028, datetime(2026, 11, 1, tzinfo=UTC), entry)
    late = _calendar("CHN", 2028, datetime(2027, 11, 1, tzinfo=UTC), entry)
    rule = "three_years_over_40000"
    ok = run(
        "notification.constraints",
        context(a, calendars={("CHN", 2028): early}, as_of=date(2028, 12, 31)),
    )
    bad = run(
        "notification.constraints",
        context(a, calendars={("CHN", 2028): late}, as_of=date(2028, 12, 31)),
    )
    assert [f for f in ok if f.details["rule"] == rule] == []
    assert [(f.subjects, f.aspect) for f in bad if f.details["rule"] == rule] == [
        (("big",), f"announce:{rule}:CHN")
    ]


def _request(hours: float | None) -> ExplanationInfo:
    asked = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    replied = None if hours is None else asked + timedelta(hours=hours)
    return ExplanationInfo(
        request_id=7,
        requester="PHL",
        respondent="CHN",
        concern="vessels",
        requested_at=asked,
        replied_at=replied,
        reply_id=8 if replied else None,
    )


def _ctx_at(req: ExplanationInfo, when: datetime) -> NotificationContext:
    return NotificationContext(regime=REGIME, as_of=when, explanations=[req])


def test_explanation_reply_within_48_hours() -> None:
    ctx_at = _ctx_at
    asked = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    assert (
        run("notification.explanation_reply", ctx_at(_request(48), asked + timedelta(days=9))) == []
    )
    (late,) = run(
        "notification.explanation_reply", ctx_at(_request(48.01), asked + timedelta(days=9))
    )
    assert late.flag == "reply_late"
    pending = _request(None)
    assert run("notification.explanation_reply", ctx_at(pending, asked + timedelta(hours=48))) == []
    (overdue,) = run(
        "notification.explanation_reply", ctx_at(pending, asked + timedelta(hours=48, seconds=1))
    )
    assert overdue.flag == "reply_overdue"
    assert overdue.severity.value == "high"
    assert overdue.members == ("CHN",)

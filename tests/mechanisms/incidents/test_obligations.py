"""The code's obligations at each deadline and distance edge (design defaults: 72 h to
report, 7 days to reply, contradiction beyond max(100 m, 50 % of the CPA), 3 L1/L2
incidents a year for a repeat offender)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cosec.kit import Severity
from cosec.mechanisms.incidents import obligations as o
from cosec.mechanisms.incidents.context import Reported, UnitName, UnitYear, matches
from cosec.mechanisms.incidents.severity import Facts
from tests.mechanisms.incidents.helpers import REGIME, WHEN, context, encounter, incident

H72 = timedelta(hours=72)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(("delay", "late"), [(H72, False), (H72 + SECOND, True)])
def test_a_report_is_due_within_72_hours(delay: timedelta, late: bool) -> None:
    inc = incident(declared=Facts("sea", 300.0), reported_at=WHEN + delay)
    found = list(o.check_report_on_time(context(incidents=(inc,))))
    assert [f.flag for f in found] == (["report_late"] if late else [])
    if late:
        assert found[0].members == ("CHN",)
        assert "72 hours after it happened" in found[0].summary


def test_a_communication_only_incident_need_not_be_reported_unless_tracks_show_it_unsafe() -> None:
    inc = incident(declared=Facts("sea", 2_000.0), reported_at=WHEN + H72 * 2)
    assert list(o.check_report_on_time(context(incidents=(inc,)))) == []
    tracked = incident(
        declared=Facts("sea", 2_000.0), reported_at=WHEN + H72 * 2, tracked=(encounter(400.0),)
    )
    assert [f.flag for f in o.check_report_on_time(context(incidents=(tracked,)))] == [
        "report_late"
    ]


def test_an_unreported_encounter_falls_due_72_hours_after_the_cpa() -> None:
    r = Reported(encounter(120.0))
    assert list(o.check_unreported(context(as_of=WHEN + H72, encounters=(r,)))) == []
    (f,) = o.check_unreported(context(as_of=WHEN + H72 + SECOND, encounters=(r,)))
    assert f.flag == "unreported_encounter"
    assert f.severity is Severity.HIGH  # 120 m: below the dangerous 183 m
    assert f.observations == (40,)
    assert f.evidence == (30, 10, 11)
    assert f.members == ("CHN", "USA")
    assert "within 120 m" in f.summary
    assert "neither reported it" in f.summary


def test_an_unreported_encounter_between_the_distances_is_medium_and_a_report_clears_it() -> None:
    later = WHEN + H72 * 2
    (f,) = o.check_unreported(context(as_of=later, encounters=(Reported(encounter(183.0)),)))
    assert f.severity is Severity.MEDIUM
    reported = Reported(encounter(183.0), reports=((1, WHEN),))
    assert list(o.check_unreported(context(as_of=later, encounters=(reported,)))) == []


def test_the_other_member_replies_within_7_days() -> None:
    days7 = timedelta(days=7)
    inc = incident()
    assert list(o.check_reply(context(as_of=WHEN + days7, incidents=(inc,)))) == []
    (f,) = o.check_reply(context(as_of=WHEN + days7 + SECOND, incidents=(inc,)))
    assert (f.flag, f.members, f.severity) == ("reply_overdue", ("USA",), Severity.MEDIUM)
    on_time = incident(replied_at=WHEN + days7, reply_id=2)
    assert list(o.check_reply(context(as_of=WHEN + days7 * 3, incidents=(on_time,)))) == []
    late = incident(replied_at=WHEN + days7 + SECOND, reply_id=2)
    (f,) = o.check_reply(context(as_of=WHEN + days7 * 3, incidents=(late,)))
    assert (f.flag, f.severity, f.evidence) == ("reply_late", Severity.LOW, (1, 2))


@pytest.mark.parametrize(
    ("declared", "cpa", "contradicted"),
    [
        (190.0, 90.0, False),  # 100 m apart: max(100, 45) tolerated
        (191.0, 90.0, True),
        (600.0, 400.0, False),  # 200 m apart: 50 % of 400 m tolerated
        (601.0, 400.0, True),
        (199.0, 400.0, True),
        (200.0, 400.0, False),
    ],
)
def test_a_declared_distance_the_tracks_contradict(
    declared: float, cpa: float, contradicted: bool
) -> None:
    inc = incident(declared=Facts("sea", declared), tracked=(encounter(cpa),))
    found = list(o.check_contradicted(context(incidents=(inc,))))
    assert [f.flag for f in found] == (["report_contradicted"] if contradicted else [])
    if contradicted:
        assert found[0].observations == (40,)
        assert found[0].evidence == (1, 30)
        assert found[0].aspect == "report"


def test_a_reply_can_be_contradicted_too_and_no_distance_is_no_contradiction() -> None:
    inc = incident(
        declared=Facts("sea", None),
        reply_facts=Facts("sea", 900.0),
        reply_id=2,
        tracked=(encounter(50.0),),
    )
    (f,) = o.check_contradicted(context(incidents=(inc,)))
    assert (f.members, f.aspect, f.evidence) == (("USA",), "reply", (2, 30))


def test_a_unit_in_three_serious_incidents_a_year_is_a_repeat_offender() -> None:
    unit = UnitName("366000201", "USA", "USS Decatur", "366000201")
    two = UnitYear(unit, 2026, ((1, "L1"), (2, "L2"), (3, "L3")))
    assert list(o.check_repeat_offender(context(unit_years=(two,)))) == []
    three = UnitYear(unit, 2026, ((1, "L1"), (2, "L2"), (4, "L2"), (3, "L3")))
    (f,) = o.check_repeat_offender(context(unit_years=(three,)))
    assert (f.flag, f.members, f.evidence) == ("repeat_offender", ("USA",), (1, 2, 4))
    assert f.subjects == ("unit:366000201:2026",)
    assert "council" in f.summary


def test_a_report_matches_its_encounter_by_units_time_and_place() -> None:
    inc, e = incident(), encounter()
    assert matches(inc, e, REGIME)
    assert not matches(inc, encounter(cpa_time=WHEN + timedelta(hours=6, seconds=1)), REGIME)
    assert matches(inc, encounter(cpa_time=WHEN - timedelta(hours=6)), REGIME)
    assert not matches(incident(domain="air"), e, REGIME)
    other_ship = encounter(vessels=("366000999", "412000101"))
    assert not matches(inc, other_ship, REGIME)
    unnamed = incident(own_units=(), other_units=())
    assert matches(unnamed, e, REGIME)  # 1.5 km apart
    assert not matches(unnamed, encounter(lat=16.3), REGIME)  # 33 km apart

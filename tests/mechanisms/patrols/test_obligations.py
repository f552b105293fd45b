"""The patrol rules at every edge of the charter's figures (lancang-mekong: 4 patrols a
year, a report within 14 days, a case within 72 hours), with no store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cosec.charters import load_profile
from cosec.mechanisms.patrols.obligations import (
    Case,
    Participation,
    PatrolContext,
    Plan,
    Reported,
    check_case_shared,
    check_participation,
    check_report_on_time,
    report_due,
)
from cosec.mechanisms.patrols.regime import PatrolsRegime


def _regime() -> PatrolsRegime:
    regime = load_profile("lancang-mekong").regime("patrols")
    assert isinstance(regime, PatrolsRegime)
    return regime


REGIME = _regime()
END = date(2026, 3, 5)
DUE = datetime(2026, 3, 20, tzinfo=UTC)
"""The end of the 14th day after 5 March."""


def ctx(**kw: object) -> PatrolContext:
    return PatrolContext(regime=REGIME, as_of=kw.pop("as_of", DUE), **kw)  # type: ignore[arg-type]


def plan(*reports: Reported) -> Plan:
    return Plan(
        "P1", 1, "CHN", "Joint patrol 1", ("CHN", "LAO"), date(2026, 3, 2), END, reports=reports
    )


def test_the_charter_figures_are_the_design_defaults() -> None:
    assert (REGIME.min_patrols_per_year, REGIME.report_within_days, REGIME.case_within_hours) == (
        4,
        14,
        72,
    )
    assert report_due(END, REGIME) == DUE


@pytest.mark.parametrize(
    ("as_of", "flags"),
    [(DUE - timedelta(microseconds=1), []), (DUE, ["report_overdue"])],
)
def test_an_unreported_patrol_is_overdue_from_the_end_of_its_14th_day(
    as_of: datetime, flags: list[str]
) -> None:
    assert [f.flag for f in check_report_on_time(ctx(plans=[plan()], as_of=as_of))] == flags


@pytest.mark.parametrize(
    ("logged", "flags"),
    [(DUE - timedelta(seconds=1), []), (DUE, ["report_late"])],
)
def test_a_report_logged_on_the_14th_day_is_on_time_and_a_second_later_is_late(
    logged: datetime, flags: list[str]
) -> None:
    p = plan(Reported(2, logged, ("CHN",)))
    found = list(check_report_on_time(ctx(plans=[p], as_of=DUE + timedelta(days=30))))
    assert [f.flag for f in found] == flags
    if found:
        assert found[0].evidence == (1, 2)
        assert found[0].members == ("CHN",)


def test_only_the_first_report_is_judged() -> None:
    p = plan(
        Reported(3, DUE + timedelta(days=3), ("LAO",)),
        Reported(2, DUE - timedelta(days=1), ("CHN",)),
    )
    assert list(check_report_on_time(ctx(plans=[p]))) == []


@pytest.mark.parametrize(("hours", "late"), [(72, False), (72 + 1 / 3600, True)])
def test_a_case_is_late_after_72_hours_not_at_72(hours: float, late: bool) -> None:
    t = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
    c = Case("C4", 4, "THA", "Heroin", "CAT3", t, t + timedelta(hours=hours))
    found = list(check_case_shared(ctx(cases=[c])))
    assert [f.flag for f in found] == (["case_late"] if late else [])
    if late:
        assert "CAT 3" in found[0].summary
        assert "72 hours" in found[0].summary


@pytest.mark.parametrize(("patrols", "short"), [(4, False), (3, True), (0, True)])
def test_four_patrols_a_year_meet_the_minimum_and_three_do_not(patrols: int, short: bool) -> None:
    p = Participation("MMR", 2026, tuple(range(1, patrols + 1)))
    over = datetime(2027, 1, 1, tzinfo=UTC)
    found = list(check_participation(ctx(participation=[p], as_of=over)))
    assert [f.flag for f in found] == (["too_few_patrols"] if short else [])
    if short:
        assert found[0].subjects == ("part:MMR:2026",)
        assert f"in {patrols} joint patrol" in found[0].summary


def test_a_year_is_not_judged_before_it_is_over() -> None:
    p = Participation("MMR", 2026, ())
    before = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    assert list(check_participation(ctx(participation=[p], as_of=before))) == []

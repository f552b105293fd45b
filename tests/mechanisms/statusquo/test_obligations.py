"""The status-quo rules at their edges, on the shipped registry's baselines (domain §9).

Mischief Reef's baseline on 1 November 2025: 558.0 ha, 28 hangars, anti-ship and
surface-to-air missiles already there; the tolerance is 0.5 ha, the reporting window 30
days, the approach distance 12 nm.
"""

from __future__ import annotations

from datetime import date

import pytest

from cosec.kit import Severity
from cosec.mechanisms.statusquo.facts import Good
from tests.mechanisms.statusquo.helpers import (
    SQ_DATE,
    approach,
    context,
    fact,
    feature,
    run,
    with_regime,
)


@pytest.mark.parametrize(("area", "found"), [(558.5, False), (558.51, True), (600.0, True)])
def test_reclamation_is_more_than_half_a_hectare_over_the_baseline(
    area: float, found: bool
) -> None:
    ctx = context(feature("mischief-reef", fact(area_ha=area)))
    got = run("statusquo.reclamation", ctx)
    assert bool(got) is found
    if found:
        (d,) = got
        assert d.members == ("CHN",)
        assert d.severity is Severity.HIGH
        assert d.subjects == ("feature:mischief-reef",)
        assert d.details["grown_ha"] == pytest.approx(area - 558.0)


def test_reclamation_counts_the_largest_area_after_the_status_quo_date() -> None:
    # Gaven Reef's registry baseline is of 2017 (14 ha); a fact of 2020 brings it up to date.
    moved = fact(feature="gaven-reef", on=date(2020, 6, 1), area_ha=20.0)
    assert feature("gaven-reef", moved).baseline(SQ_DATE).area_ha == 20.0
    small = fact(feature="gaven-reef", on=date(2026, 2, 1), area_ha=20.5)
    assert run("statusquo.reclamation", context(feature("gaven-reef", moved, small))) == []
    peak = fact(feature="gaven-reef", on=date(2026, 3, 1), area_ha=23.0)
    later = fact(feature="gaven-reef", on=date(2026, 6, 1), area_ha=22.0)
    (d,) = run("statusquo.reclamation", context(feature("gaven-reef", moved, small, peak, later)))
    assert (d.details["baseline_ha"], d.details["area_ha"]) == (20.0, 23.0)
    assert d.evidence == peak.evidence


def test_a_declared_change_is_reclamation_by_whoever_declared_it() -> None:
    change = fact("change", feature="thitu", member="PHL", area_ha=40.0)
    (d,) = run("statusquo.reclamation", context(feature("thitu", change)))
    assert d.members == ("PHL",)
    assert "Thitu grew to 40.0 ha" in d.summary


def test_features_held_by_non_members_raise_no_finding() -> None:
    ctx = context(feature("itu-aba", fact(feature="itu-aba", area_ha=60.0)))
    assert run("statusquo.reclamation", ctx) == []


@pytest.mark.parametrize(("hangars", "found"), [(28, False), (29, True)])
def test_a_new_facility_is_one_more_than_the_baseline(hangars: int, found: bool) -> None:
    got = run(
        "statusquo.construction",
        context(feature("mischief-reef", fact(facilities={"hangar": hangars}))),
    )
    assert bool(got) is found
    if found:
        assert got[0].aspect == "facility:hangar"
        assert got[0].severity is Severity.MEDIUM


def _lighthouse_on_thitu(joined: frozenset[str], offered_by: str = "PHL") -> list[object]:
    good = Good(
        key="9",
        kind="lighthouse",
        name="Pag-asa light",
        feature="thitu",
        offered_by=offered_by,
        joined_by=joined,
    )
    built = fact("change", feature="thitu", member="PHL", facilities={"lighthouse": 1})
    return list(run("statusquo.construction", context(feature("thitu", built, goods=(good,)))))


def test_a_public_good_another_member_joined_is_no_new_facility() -> None:
    assert _lighthouse_on_thitu(frozenset({"VNM"})) == []
    assert len(_lighthouse_on_thitu(frozenset())) == 1  # offered, joined by nobody
    assert len(_lighthouse_on_thitu(frozenset({"PHL"}))) == 1  # only by itself
    assert len(_lighthouse_on_thitu(frozenset({"VNM"}), offered_by="CHN")) == 1  # not its own


def test_offensive_deployments_are_the_kinds_the_charter_lists() -> None:
    seen = fact(deployments={"bomber": 1, "helicopter": 2, "anti_ship_missile": 1})
    got = run("statusquo.deployment", context(feature("mischief-reef", seen)))
    assert [d.aspect for d in got] == ["deployment:bomber"]  # missiles were there already
    assert got[0].severity is Severity.HIGH
    helicopters = with_regime(offensive_deployments=("helicopter",))
    got = run("statusquo.deployment", context(feature("mischief-reef", seen), regime=helicopters))
    assert [d.aspect for d in got] == ["deployment:helicopter"]


def test_an_observed_change_must_be_reported_within_30_days() -> None:
    seen = fact(on=date(2026, 3, 1), facilities={"hangar": 32})
    mischief = feature("mischief-reef", seen)
    assert run("statusquo.reporting", context(mischief, as_of=date(2026, 3, 31))) == []
    (d,) = run("statusquo.reporting", context(mischief, as_of=date(2026, 4, 1)))
    assert d.subjects == (f"observation:{seen.key}",)
    assert "hangar 28 → 32" in d.summary
    assert d.details["report_by"] == "2026-03-31"


@pytest.mark.parametrize(
    ("reported", "found"), [(date(2026, 3, 31), False), (date(2026, 4, 1), True)]
)
def test_a_change_reported_by_the_deadline_is_reported(reported: date, found: bool) -> None:
    seen = fact(on=date(2026, 3, 1), facilities={"hangar": 32})
    change = fact(
        "change", on=date(2026, 2, 20), logged=reported, member="CHN", facilities={"hangar": 32}
    )
    got = run(
        "statusquo.reporting",
        context(feature("mischief-reef", seen, change), as_of=date(2026, 6, 1)),
    )
    assert bool(got) is found


def test_the_same_change_seen_twice_is_flagged_once() -> None:
    first = fact(on=date(2026, 3, 1), area_ha=575.0)
    second = fact(on=date(2026, 5, 1), area_ha=575.4)  # within the tolerance of the first
    got = run("statusquo.reporting", context(feature("mischief-reef", first, second)))
    assert [d.subjects for d in got] == [(f"observation:{first.key}",)]


@pytest.mark.parametrize(("nm", "found"), [(12.0, True), (12.0 + 2 / 1852, False)])
def test_an_approach_is_within_12_nm(nm: float, found: bool) -> None:
    got = run("statusquo.approach", context(feature(), approaches=(approach(nm=nm),)))
    assert bool(got) is found
    if found:
        assert got[0].observations == (7,)
        assert got[0].members == ("USA",)


def test_approaches_by_the_holder_or_to_unheld_features_are_not_findings() -> None:
    assert run("statusquo.approach", context(feature(), approaches=(approach(member="CHN"),))) == []
    scarborough = feature("scarborough-shoal")
    far = approach(feature="scarborough-shoal", member="PHL")
    assert run("statusquo.approach", context(scarborough, approaches=(far,))) == []


def test_a_navy_approach_is_medium_a_coast_guard_one_low() -> None:
    navy = run("statusquo.approach", context(feature(), approaches=(approach(),)))
    guard = run(
        "statusquo.approach", context(feature(), approaches=(approach(kind="coast_guard"),))
    )
    assert navy[0].severity is Severity.MEDIUM
    assert guard[0].severity is Severity.LOW
    assert (
        "The United States' navy vessel USS Example (366000001) came within 8.0 nm"
        in navy[0].summary
    )

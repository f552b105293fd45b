"""The presence rules at their edges (domain reference §8): every episode on the record,
growth year on year by count or hours, notified areas near another member's coast."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.coasts import OBLIGATIONS
from cosec.mechanisms.coasts.episodes import CoastsContext, Episode, NearActivity, totals

NAMES = {"CHN": "China", "JPN": "Japan", "PHL": "the Philippines", "USA": "the United States"}


def episode(
    n: int, *, year: int = 2026, hours: float = 2.0, member: str = "CHN", coast: str = "JPN"
) -> Episode:
    start = datetime(year, 5, 1, tzinfo=UTC) + timedelta(days=n)
    return Episode(
        key=f"episode:{n}",
        member=member,
        coastal_state=coast,
        vessel="412000001",
        unit_kind="navy",
        unit_name="Demo",
        start=start,
        end=start + timedelta(hours=hours),
        min_distance_m=15 * 1852.0,
        lat=24.3,
        lon=123.0,
        observations=(100 + n,),
        evidence=(7,),
    )


def ctx(*episodes: Episode, since: date | None = date(2025, 11, 1), **kw: object) -> CoastsContext:
    return CoastsContext(
        regime_distance_nm=24.0,
        as_of=datetime(2026, 11, 28, tzinfo=UTC),
        episodes=episodes,
        years=totals(episodes),
        member_name=lambda c: NAMES.get(c, c),
        since=since,
        **kw,  # type: ignore[arg-type]
    )


def run(obligation: str, c: CoastsContext) -> list[FindingDraft]:
    ob = next(o for o in OBLIGATIONS if o.id == obligation)
    return list(ob.evaluate(c))


def test_every_episode_is_a_low_finding_citing_its_observation() -> None:
    (f,) = run("coasts.presence", ctx(episode(1, hours=6.5)))
    assert f.severity is Severity.LOW
    assert f.observations == (101,)
    assert f.subjects == ("episode:1",)
    assert f.details["duration_h"] == 6.5
    assert "China's navy vessel Demo (412000001) stayed 6.5 h within 24 nm of Japan's coast" in (
        f.summary
    )


@pytest.mark.parametrize(
    ("before", "now", "found"),
    [
        ([2.0, 2.0], [2.0, 2.0], False),  # same count, same hours
        ([2.0, 2.0], [1.0, 1.0, 1.0], True),  # more stays, fewer hours
        ([2.0, 2.0], [2.0, 2.01], True),  # as many stays, more hours
        ([3.0, 3.0], [5.0], False),  # fewer stays, fewer hours
        ([], [0.5], True),  # none the year before
    ],
)
def test_presence_grew_by_count_or_hours(
    before: list[float], now: list[float], found: bool
) -> None:
    eps = [episode(i, year=2025, hours=h) for i, h in enumerate(before)]
    eps += [episode(10 + i, year=2026, hours=h) for i, h in enumerate(now)]
    got = run("coasts.less_presence", ctx(*eps))
    assert [f.subjects for f in got] == ([("presence:CHN:JPN:2026",)] if found else [])
    if found:
        assert got[0].severity is Severity.MEDIUM
        assert got[0].observations == tuple(e.observations[0] for e in eps if e.year == 2026)


def test_a_year_before_the_charter_is_no_yardstick() -> None:
    eps = [episode(1, year=2025), episode(2, year=2026), episode(3, year=2026)]
    assert run("coasts.less_presence", ctx(*eps, since=date(2026, 1, 1))) == []
    assert len(run("coasts.less_presence", ctx(*eps, since=date(2025, 12, 31)))) == 1


def test_pairs_are_judged_apart() -> None:
    eps = [episode(1, year=2025), episode(2, coast="PHL"), episode(3, member="USA", coast="CHN")]
    got = run("coasts.less_presence", ctx(*eps))
    assert sorted(f.subjects[0] for f in got) == ["presence:CHN:PHL:2026", "presence:USA:CHN:2026"]


def test_a_notified_area_near_another_coast_is_flagged_per_coast() -> None:
    area = NearActivity(
        key="notification:9",
        designation="Joint Sea",
        states=("CHN", "RUS"),
        coastal_state="JPN",
        distance_m=4.5 * 1852,
        start=date(2026, 7, 6),
        end=date(2026, 7, 12),
        evidence=(9,),
    )
    (f,) = run("coasts.activity_area", ctx(activities=(area,)))
    assert f.members == ("CHN", "RUS")
    assert f.aspect == "coast:JPN"
    assert "comes within 4.5 nm of Japan's coast" in f.summary

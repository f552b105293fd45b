"""The oversight rules on built events and reports: who is designated when, the watch
zone, and the petroleum cap at every threshold's edge (500,000 barrels; 75, 90, 100 %)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from cosec.kit import FindingDraft
from cosec.mechanisms.oversight import OBLIGATIONS
from cosec.mechanisms.oversight.events import MonthReport, OversightContext, SeenEvent, event_key
from cosec.mechanisms.oversight.lists import DesignatedList, Listing
from cosec.mechanisms.oversight.regime import OversightRegime

T = datetime(2026, 3, 4, 6, tzinfo=UTC)
A, B = "445112001", "352112003"


def sts(lat: float = 36.0, lon: float = 124.5, start: datetime = T) -> SeenEvent:
    zone = 29 <= lat <= 41 and 119 <= lon <= 131
    return SeenEvent(
        key=event_key("sts", (A, B), start),
        kind="sts",
        vessels=(B, A),
        start=start,
        end=start + timedelta(hours=4),
        lat=lat,
        lon=lon,
        in_zone=zone,
        observations=(7, 9),
        analyses=(3,),
        figures={"min_distance_m": 120.0},
    )


def listing(key: int, listed_on: date, delisted_on: date | None = None) -> Listing:
    return Listing(
        key=key,
        name="DEMO STAR",
        mmsi=A,
        imo="9123453",
        listed_on=listed_on,
        source="UN 1718 Committee",
        delisted_on=delisted_on,
        delisting=None if delisted_on is None else key + 100,
    )


def judge(
    events: Sequence[SeenEvent] = (),
    listings: Sequence[Listing] = (),
    petroleum: dict[int, list[MonthReport]] | None = None,
) -> list[FindingDraft]:
    listed = DesignatedList()
    for x in listings:
        listed.add(x)
    ctx = OversightContext(
        regime=OversightRegime(),
        as_of=T + timedelta(days=300),
        listed=listed,
        events=events,
        petroleum=petroleum or {},
        members=("CHN", "PRK", "RUS", "USA"),
        member_name=lambda c: {"PRK": "the DPRK"}.get(c, c),
        flag_of=lambda v, _t: "PRK" if v.startswith("445") else None,
    )
    return [d for ob in OBLIGATIONS for d in ob.evaluate(ctx)]


def test_a_meeting_with_a_vessel_listed_that_day_is_sts_designated() -> None:
    (f,) = judge([sts()], [listing(11, T.date())])
    assert f.flag == "sts_designated"
    assert f.severity.value == "high"
    assert f.observations == (7, 9)
    assert f.evidence == (3, 11)  # the analysis and the designation
    assert f.members == ("PRK",)
    assert f.details["vessels"] == [B, A]
    assert f.details["designated"][0]["listed_on"] == "2026-03-04"
    assert "listed by UN 1718 Committee on 04 March 2026" in f.summary


def test_a_vessel_listed_the_day_after_is_judged_by_the_list_of_the_day() -> None:
    (f,) = judge([sts()], [listing(11, T.date() + timedelta(days=1))])
    assert f.flag == "sts_watch_zone"
    assert f.details["designated"] == []
    assert f.details["listed_later"][0]["listed_on"] == "2026-03-05"
    assert "Judged by the list in force at the time" in f.summary
    assert "05 March 2026, after this event" in f.summary


def test_a_designation_delisted_before_the_event_no_longer_counts() -> None:
    before = listing(11, date(2018, 3, 30), delisted_on=T.date())
    (f,) = judge([sts()], [before])
    assert f.flag == "sts_watch_zone"
    still = listing(11, date(2018, 3, 30), delisted_on=T.date() + timedelta(days=1))
    (g,) = judge([sts()], [still])
    assert g.flag == "sts_designated"


def test_designated_counts_anywhere_undesignated_only_in_the_zone() -> None:
    outside = sts(lat=27.6, lon=122.9)
    (f,) = judge([outside], [listing(11, date(2018, 3, 30))])
    assert f.flag == "sts_designated"
    assert f.details["in_watch_zone"] is False
    assert judge([outside]) == []


def test_dark_and_approach_name_a_designated_vessel_and_rise_in_severity() -> None:
    dark = SeenEvent(
        event_key("dark", (A,), T), "dark", (A,), T, T + timedelta(hours=16), 35.5, 123.8, True
    )
    near = SeenEvent(
        event_key("approach", (A,), T),
        "approach",
        (A,),
        T,
        T + timedelta(hours=3),
        39.2,
        127.65,
        True,
        figures={"min_distance_m": 6180.0},
    )
    plain = {f.flag: f for f in judge([dark, near])}
    assert plain["dark_in_watch_zone"].severity.value == "medium"
    assert plain["dprk_coast_approach"].severity.value == "low"
    assert "coming within 3.3 nm" in plain["dprk_coast_approach"].summary
    listed = {f.flag: f for f in judge([dark, near], [listing(11, date(2018, 3, 30))])}
    assert listed["dark_in_watch_zone"].severity.value == "high"
    assert listed["dprk_coast_approach"].severity.value == "high"
    assert "a designated vessel (DEMO STAR" in listed["dark_in_watch_zone"].summary


def months(*barrels: int, member: str = "CHN") -> list[MonthReport]:
    return [MonthReport(member, f"2026-{n:02d}", b, 100 + n) for n, b in enumerate(barrels, 1)]


@pytest.mark.parametrize(
    ("total", "flags"),
    [
        (374_999, []),
        (375_000, ["75"]),
        (449_999, ["75"]),
        (450_000, ["75", "90"]),
        (499_999, ["75", "90"]),
        (500_000, ["75", "90", "100"]),
        (650_000, ["75", "90", "100"]),
    ],
)
def test_the_petroleum_cap_at_each_threshold(total: int, flags: list[str]) -> None:
    found = judge(petroleum={2026: months(total - 100_000, 100_000)})
    got = sorted((f for f in found), key=lambda f: f.details["threshold"])
    assert [f"{f.details['threshold'] * 100:g}" for f in got] == flags
    for f in got:
        assert f.subjects == ("petroleum:2026",)
        assert f.details["total_barrels"] == total
        assert f.evidence == (101, 102)
    if flags == ["75", "90", "100"]:
        assert [f.severity.value for f in got] == ["low", "medium", "high"]
        assert got[-1].flag == "petroleum_cap_reached"
        assert ("exceeded" if total > 500_000 else "reached") in got[-1].summary


def test_the_month_a_threshold_is_crossed_is_named() -> None:
    found = judge(petroleum={2026: months(*([46_000] * 10))})
    by = {f.details["threshold"]: f.details["reached_in"] for f in found}
    assert by == {0.75: "2026-09", 0.9: "2026-10"}
    assert {f.aspect for f in found} == {"share:0.75", "share:0.9"}
    assert len({f.key for f in found}) == 2

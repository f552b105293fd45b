"""Who is assessed with whom: the kept partners agree with the rule applied to every pair,
however activities come and go; crowds are bounded."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.mechanisms.notifications.context import Activity
from cosec.mechanisms.notifications.grouping import CROWD, Together, assessed_together
from tests.mechanisms.notifications.helpers import activity


def reference_partners(
    activities: list[Activity], window: int, distance: float
) -> dict[str, set[str]]:
    """The rule over all pairs: what the kept partners must reproduce."""
    return {
        a.key: {
            b.key
            for b in activities
            if b.key != a.key and assessed_together(a, b, window, distance)
        }
        for a in activities
    }


@st.composite
def activities(draw: st.DrawFn) -> list[Activity]:
    n = draw(st.integers(0, 40))
    # A small region and a few months, so that groups happen often; some near the poles
    # and the antimeridian, where a grid in degrees would go wrong.
    centre = draw(st.sampled_from([(15.0, 115.0), (89.0, 0.0), (0.0, 179.9), (-60.0, -179.9)]))
    out = []
    for i in range(n):
        placed = draw(st.booleans()) or i % 7 == 0
        lat = lon = None
        if placed:
            lat = max(-90.0, min(90.0, centre[0] + draw(st.floats(-4, 4))))
            lon = centre[1] + draw(st.floats(-6, 6))
            lon = (lon + 180) % 360 - 180
        out.append(
            activity(
                f"a{i}",
                start=date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 120))),
                days=draw(st.integers(1, 20)),
                states=tuple(draw(st.sets(st.sampled_from(["CHN", "RUS", "USA"]), min_size=1))),
                designation=draw(st.sampled_from(["Alpha", "Beta - Phase 2", "Beta", f"X{i}"])),
                lat=lat,
                lon=lon,
                troops=1000,
            )
        )
    return out


@settings(max_examples=300, deadline=None)
@given(
    activities(),
    st.integers(0, 14),
    st.sampled_from([1.0, 50.0, 300.0, 700.0, 3000.0]),
    st.randoms(use_true_random=False),
)
def test_partners_agree_with_every_pair_as_activities_come_and_go(
    acts: list[Activity], window: int, distance: float, rng: object
) -> None:
    together = Together(window, distance)
    kept: dict[str, Activity] = {}
    for a in acts:  # taken in, some dropped and some taken in again, as amendments do
        together.add(a)
        kept[a.key] = a
        if kept and rng.random() < 0.3:  # type: ignore[attr-defined]
            gone = rng.choice(sorted(kept))  # type: ignore[attr-defined]
            together.discard(gone)
            back = kept.pop(gone)
            if rng.random() < 0.5:  # type: ignore[attr-defined]
                together.add(back)
                kept[gone] = back
    expected = reference_partners(list(kept.values()), window, distance)
    assert {k: together.partners(k) for k in kept} == expected
    built = Together.of(kept.values(), window, distance)
    assert {k: built.partners(k) for k in kept} == expected


def test_a_group_is_reported_once_around_the_activity_that_leads_it() -> None:
    # a chain a0 - a1 - a2 (a0 and a2 too far apart in time) and a clique b0, b1, b2
    chain = [
        activity(
            f"a{i}",
            start=date(2027, 1, 1) + timedelta(days=6 * i),
            days=1,
            lat=15.0,
            lon=115.0,
            designation=f"A{i}",
        )
        for i in range(3)
    ]
    clique = [
        activity(
            f"b{i}",
            start=date(2027, 6, 1),
            days=3,
            lat=15.0,
            lon=115.0 + i / 10,
            designation=f"B{i}",
        )
        for i in range(3)
    ]
    together = Together.of([*chain, *clique], 7, 300.0)
    assert together.group("a1") == {"a0", "a1", "a2"}
    assert together.group("a0") == {"a0", "a1"}
    assert [k for k in ("a0", "a1", "a2") if together.leads(k)] == ["a1"]
    assert [k for k in ("b0", "b1", "b2") if together.leads(k)] == ["b0"]


def test_a_crowd_in_one_place_is_bounded() -> None:
    """5,000 activities of one state at one place and time: every pair is assessed together
    (12.5 M pairs); each keeps at most CROWD partners, found without scanning the crowd."""
    acts = [
        activity(f"a{i}", designation=f"X{i}", lat=15.0, lon=115.0, troops=10) for i in range(5_000)
    ]
    together = Together.of(acts, 7, 300.0)
    sizes = [len(together.partners(a.key)) for a in acts]
    assert max(sizes) == CROWD
    assert sizes.count(CROWD) >= 5_000 - CROWD - 1

"""The indexed grouping of activities agrees with the rule applied to every pair."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.mechanisms.notifications.context import Activity
from cosec.mechanisms.notifications.grouping import assessed_together, groups
from tests.mechanisms.notifications.helpers import activity


def reference_groups(
    activities: list[Activity], window: int, distance: float
) -> set[frozenset[str]]:
    """Connected components of the rule over all pairs: what the index must reproduce."""
    parent = list(range(len(activities)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(activities):
        for j in range(i + 1, len(activities)):
            if assessed_together(a, activities[j], window, distance):
                parent[find(i)] = find(j)
    out: dict[int, set[str]] = {}
    for i, a in enumerate(activities):
        out.setdefault(find(i), set()).add(a.key)
    return {frozenset(g) for g in out.values() if len(g) > 1}


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
)
def test_groups_agree_with_every_pair(acts: list[Activity], window: int, distance: float) -> None:
    found = {frozenset(a.key for a in g) for g in groups(acts, window, distance)}
    assert found == reference_groups(acts, window, distance)


def test_many_activities_in_one_place_form_one_group() -> None:
    """20,000 activities of one state at one place and time (400 M pairs if compared pairwise)."""
    acts = [
        activity(f"a{i}", designation=f"X{i}", lat=15.0, lon=115.0, troops=10)
        for i in range(20_000)
    ]
    (group,) = groups(acts, 7, 300.0)
    assert len(group) == 20_000

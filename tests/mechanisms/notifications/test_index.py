"""The activity index answers as a scan of every activity would, however long some last."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.mechanisms.notifications.context import ActivityIndex
from tests.mechanisms.notifications.helpers import activity

DAY0 = date(2027, 1, 1)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),  # start
            st.sampled_from([1, 2, 10, 31, 32, 33, 90, 400]),  # days, around the short limit
            st.sets(st.sampled_from(["CHN", "USA"]), min_size=1),
        ),
        max_size=40,
    ),
    st.sets(st.integers(0, 39), max_size=10),
    st.integers(-30, 430),
    st.integers(0, 60),
)
def test_overlapping_is_what_a_scan_finds(
    rows: list[tuple[int, int, set[str]]], dropped: set[int], first: int, length: int
) -> None:
    acts = [
        activity(f"a{i}", start=DAY0 + timedelta(days=s), days=d, states=tuple(sorted(states)))
        for i, (s, d, states) in enumerate(rows)
    ]
    index = ActivityIndex(acts)
    for i in dropped:
        index.discard(f"a{i}")
    kept = [a for a in acts if a.key in index.by_key]
    lo, hi = DAY0 + timedelta(days=first), DAY0 + timedelta(days=first + length)
    for state in ("CHN", "USA"):
        expected = sorted(
            (a for a in kept if state in a.states and a.start <= hi and a.end >= lo),
            key=lambda a: (a.start, a.key),
        )
        assert index.overlapping(state, lo, hi) == expected

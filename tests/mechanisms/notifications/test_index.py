"""The activity index answers as a scan of every activity would, however long some last."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.mechanisms.notifications.context import Activity, ActivityIndex
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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),  # start
            st.sets(st.sampled_from(["CHN", "USA"]), min_size=1),
            st.sampled_from([5_000, 13_000, 40_000]),  # troops
        ),
        min_size=1,
        max_size=40,
    ),
    st.sets(st.integers(0, 39), max_size=10),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from([5_000, 40_000])), max_size=5),
    st.integers(0, 39),
    st.integers(0, 500),
)
def test_of_size_after_is_what_a_scan_finds(
    rows: list[tuple[int, set[str], int]],
    dropped: set[int],
    added: list[tuple[int, int]],
    after: int,
    last: int,
) -> None:
    """The later activities of a size, asked before and after the index changes."""

    def larger(a: Activity) -> bool:
        return a.figures.troops > 13_000

    acts = [
        activity(f"a{i:02}", start=DAY0 + timedelta(days=s), states=tuple(sorted(st_)), troops=t)
        for i, (s, st_, t) in enumerate(rows)
    ]
    index = ActivityIndex(acts, sized={"large": larger})
    pivot = acts[after % len(acts)]
    end = DAY0 + timedelta(days=last)

    def check() -> None:
        kept = list(index.by_key.values())
        for state in ("CHN", "USA"):
            expected = sorted(
                (
                    b
                    for b in kept
                    if state in b.states
                    and larger(b)
                    and (b.start, b.key) > (pivot.start, pivot.key)
                    and b.start <= end
                ),
                key=lambda b: (b.start, b.key),
            )
            assert index.of_size_after("large", state, pivot, end) == expected
        assert index.of_size_after("small", "CHN", pivot, end) is None

    check()  # builds the per-size lists
    for i in dropped:
        index.discard(f"a{i:02}")
    for j, (s, t) in enumerate(added):
        index.add(activity(f"b{j}", start=DAY0 + timedelta(days=s), states=("CHN",), troops=t))
    check()  # kept in step

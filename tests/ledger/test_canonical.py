"""RFC 8785 canonical JSON wrapper and the one time format."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from cosec.errors import InvalidInput
from cosec.ledger.canonical import (
    canonical_json,
    format_time,
    from_micros,
    parse_time,
    to_micros,
)


def test_rfc8785_example() -> None:
    # RFC 8785 §3.2.2: numbers, strings and sorted keys
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    assert canonical_json(value) == (
        b'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        b'"string":"\xe2\x82\xac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )


def test_key_order_does_not_matter() -> None:
    assert canonical_json({"b": 1, "a": {"d": 2, "c": 3}}) == canonical_json(
        {"a": {"c": 3, "d": 2}, "b": 1}
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({"n": 2**53}, "2\\*\\*53"),
        ({"n": float("nan")}, "NaN"),
        ({"n": float("inf")}, "NaN or infinite"),
        ({1: "x"}, "canonical"),
        ({"t": datetime.now(UTC)}, "canonical"),
    ],
)
def test_values_json_cannot_carry_exactly(value: object, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        canonical_json(value, what="payload")


def test_time_format_is_strict_utc() -> None:
    at = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    assert format_time(at) == "2025-03-01T08:00:00Z"
    assert format_time(at + timedelta(microseconds=250000)) == "2025-03-01T08:00:00.250000Z"
    assert format_time(at.astimezone(timezone(timedelta(hours=9)))) == "2025-03-01T08:00:00Z"
    assert parse_time("2025-03-01T08:00:00.25Z") == at + timedelta(microseconds=250000)
    for bad in [
        "2025-03-01T08:00:00+00:00",
        "2025-03-01 08:00:00Z",
        "2025-03-01T08:00:00.1234567Z",
        "2025-02-30T08:00:00Z",
        "1969-12-31T23:59:59Z",
    ]:
        with pytest.raises(InvalidInput):
            parse_time(bad)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        format_time(datetime(2025, 1, 1))  # noqa: DTZ001


@given(st.integers(0, 253402300799 * 10**6))
def test_times_round_trip(micros: int) -> None:
    at = from_micros(micros)
    assert parse_time(format_time(at)) == at
    assert from_micros(to_micros(at)) == at


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 5.0, 1e-4, 9.99e-5, 1e16, 1e21, 1.5e-7, 123456789.125])
    | st.text()
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_json)
def test_the_fast_path_writes_what_rfc8785_writes(value: object) -> None:
    """Whatever the value, ``canonical_json`` gives ``rfc8785``'s bytes or its refusal.

    One refusal is cosec's own: a whole float beyond ±(2**53 - 1) below 1e21, which
    ``rfc8785`` writes as an integer that reads back out of the I-JSON range.
    """
    try:
        expected = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        with pytest.raises(InvalidInput):
            canonical_json(value)
        return
    reads_back = json.loads(expected)
    if any(type(v) is int and abs(v) > 2**53 - 1 for v in _scalars_of(reads_back)):
        with pytest.raises(InvalidInput, match="whole number beyond"):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


def _scalars_of(value: object) -> list[object]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars_of(v)]
    return [value]

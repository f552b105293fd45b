"""The plain spellings of a CSV file, read without a query, read as DuckDB reads them.

:func:`~cosec.analytics.io.fastparse.parse_text` must read exactly what
:func:`~cosec.analytics.io.parse.parse_with_duckdb` reads, on any text: the plain
spellings by Arrow and NumPy, the rest by DuckDB. Hypothesis mixes plain cells with every
near miss it can make of them.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cosec.analytics.io.fastparse import decimals, iso_seconds, parse_text
from cosec.analytics.io.parse import Parsed, parse_with_duckdb
from cosec.analytics.io.tabular import read_csv

COLUMNS = ("mmsi", "timestamp", "lat", "lon", "sog", "cog")

NEAR_MISS_TIMES = [
    "",
    " ",
    "2024-01-01T00:00:00Z",
    "2024-01-01 00:00:00",
    "2024-01-01t00:00:00Z",
    "2024-01-01T00:00:00z",
    "2024-01-01T00:00:00 ",
    " 2024-01-01T00:00:00",
    "2024-01-01T00:00:00+00:00",
    "2024-01-01T00:00:00.5Z",
    "2024-01-01T00:00Z",
    "2024-01-01",
    "2024-02-29T12:00:00Z",
    "2023-02-29T12:00:00Z",
    "2100-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-00-10T00:00:00Z",
    "2024-13-10T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:60Z",
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:00:00Z",
    "2199-12-31T23:59:59Z",
    "2200-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1979-12-31T23:59:59Z",
    "2024-01-01X00:00:00Z",
    "2024/01/01T00:00:00Z",
    "2024-01-01T00-00-00Z",
    "2O24-01-01T00:00:00Z",
    "2024-01-01T00:00:0Z",
    "２０２４-01-01T00:00:00Z",
    "1704067200",
    "1704067200.5",
    "-1",
    "1e9",
    "nan",
    "x",
]

NEAR_MISS_NUMBERS = [
    "",
    " ",
    "1",
    "-1",
    "+1",
    ".5",
    "5.",
    "1e5",
    "1E-5",
    "nan",
    "inf",
    "-Infinity",
    " 1",
    "1 ",
    "1_0",
    "0x10",
    "1d",
    "--1",
    "1.2.3",
    "１",
    "é",
    "1e400",
    "123456789",
    "1234567890",
    "0",
    "-0",
    "00012",
    "91",
    "181",
    "102.3",
    "360",
]


def table_of(rows: list[tuple[str, ...]]) -> pa.Table:
    """A raw CSV table: text columns and the row numbers."""
    columns = {c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(COLUMNS)}
    columns["_row"] = pa.array(range(1, len(rows) + 1), pa.int64())
    return pa.table(columns)


def assert_same(raw: pa.Table) -> None:
    names = set(raw.column_names)
    fast = parse_text(raw, "ais", "mmsi", None, names)
    slow = Parsed.of(parse_with_duckdb(raw, "ais", "mmsi", None, names))
    for field in fields(Parsed):
        x, y = getattr(slow, field.name), getattr(fast, field.name)
        if field.name == "id":  # an id is read where it is valid
            x, y = x[slow.id_ok], y[fast.id_ok]
        assert x.dtype == y.dtype, field.name
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), (field.name, x, y)


def _time_texts() -> st.SearchStrategy[str]:
    start = datetime(1890, 1, 1, tzinfo=UTC)
    plain = st.integers(0, 320 * 366 * 86_400).map(
        lambda s: (start + timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%S")
    )
    spelled = st.tuples(plain, st.sampled_from(["", "Z", "+08:00", " UTC", ".250Z", "Z "])).map(
        lambda p: p[0] + p[1]
    )
    spaced = plain.map(lambda s: s.replace("T", " "))
    return st.one_of(spelled, spaced, st.sampled_from(NEAR_MISS_TIMES), st.text(max_size=22))


def _number_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**10), 10**10).map(str),
        st.sampled_from(NEAR_MISS_NUMBERS),
        st.text(alphabet="0123456789.-+eE _x", max_size=8),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(-5, 10**10).map(str), _number_texts()),
            _time_texts(),
            _number_texts(),
            _number_texts(),
            _number_texts(),
            _number_texts(),
        ),
        min_size=1,
        max_size=30,
    )
)
@example([("1", t, "1", "2", "3", "4") for t in NEAR_MISS_TIMES])
@example([("412000001", "2024-01-01T00:00:00Z", n, n, n, n) for n in NEAR_MISS_NUMBERS])
@example([(n, "2024-01-01T00:00:00Z", "1", "2", "", "") for n in NEAR_MISS_NUMBERS])
def test_the_fast_reading_gives_what_duckdb_gives(rows: list[tuple[str, ...]]) -> None:
    assert_same(table_of(rows))


def _plain_numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(-200, 200).map(lambda x: f"{x:.6f}"),
        st.integers(-(10**10), 10**10).map(str),
        st.just(""),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(-5, 10**10).map(str) | st.sampled_from(["", "1.5", "412000001.0"]),
            _time_texts(),
            _plain_numbers(),
            _plain_numbers(),
            _plain_numbers(),
            _plain_numbers(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_plain_numbers_with_any_times_are_read_as_duckdb_reads_them(
    rows: list[tuple[str, ...]],
) -> None:
    """Every number column plain: the fast reading takes them all, and DuckDB only the
    times that are not plain."""
    assert_same(table_of(rows))


@pytest.mark.parametrize("time", NEAR_MISS_TIMES)
def test_each_near_miss_time_is_read_as_duckdb_reads_it(time: str) -> None:
    assert_same(
        table_of(
            [("412000001", "2024-06-01T00:00:00Z", "1", "2", "3", "4")] * 3
            + [("412000001", time, "1", "2", "3", "4")]
        )
    )


def test_plain_cells_are_all_read_without_duckdb() -> None:
    """The fast reading really takes the common spellings (else it would cost nothing
    to keep it, and save nothing)."""
    times = pa.chunked_array([["2024-01-01T00:00:00Z", "2024-01-01 00:00:01", ""]])
    _, blank, done = iso_seconds(times)
    assert done.all()
    assert blank.tolist() == [False, False, True]
    read = decimals(pa.chunked_array([["15.5", "-3", "1e-3", ""], ["7"]]))
    assert read is not None
    assert read[0].tolist()[:3] == [15.5, -3.0, 0.001]
    assert read[1].tolist() == [False, False, False, True, False]


def test_a_well_formed_file_is_read_as_one_with_a_malformed_row(tmp_path: Path) -> None:
    """A file whose rows all have the header's fields is read the fast way (its bytes as
    they are); one malformed row sends it the general way (Latin-1, a handler of bad
    rows). Both give the same rows and the same rejects, text outside ASCII included."""
    rows = (
        b"mmsi,timestamp,lat,lon\n"
        b"412000001,2024-01-01T00:00:00Z,3\xc3\xa9,4\n"
        b"412000001,2024-01-01T00:00:00Z,\xff7,4\n"
        b"412000001,2024-01-01 00:10:00,7,4\n"
    )
    well = tmp_path / "well.csv"
    well.write_bytes(rows)
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(rows + b"1,2,3\n")
    _, fast = read_csv(well)
    _, general = read_csv(mixed)
    for name in fast.clean.column_names:  # (NaN is not equal to itself: not Table.equals)
        x, y = (c.clean.column(name).to_numpy() for c in (fast, general))
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
    assert (fast.rejects.num_rows, general.rejects.num_rows) == (2, 3)
    said = ["row", "reason", "field", "raw"]  # (the source names the file)
    assert fast.rejects.select(said).equals(general.rejects.select(said).slice(0, 2))
    assert fast.rejects.column("raw").to_pylist()[0].endswith(",3é,4")

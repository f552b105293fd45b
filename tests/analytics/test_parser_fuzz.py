"""Fuzzing the track parsers: NMEA sentences, CSV and Parquet position files, timestamps.

The property is the same for each: on any input (random bytes, valid input truncated,
with a wrong or recomputed checksum, fragments out of order, random headers and cells,
odd column types) the parser either returns clean positions and counted rejects, or
raises :class:`~cosec.errors.InvalidInput` naming the problem; never another exception.
What it returns holds up: every clean position obeys every rule, every row of the input
is accounted for exactly once (clean or rejected with a known reason), and a CSV file and
an NMEA log accept exactly the same timestamps.

Each failure Hypothesis found is kept as an ``@example`` beside the property it broke.
"""

from __future__ import annotations

import gzip
import math
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyais.encode import encode_dict
from pyais.util import checksum

from cosec.analytics.io.load import import_files, read_file
from cosec.analytics.io.nmea import parse_nmea_lines
from cosec.analytics.io.schema import (
    ALIASES,
    EARLIEST,
    LATEST,
    MAX_SOG_KN,
    REJECT_FIELD,
    Reject,
    canonical_name,
)
from cosec.analytics.io.tabular import read_csv, read_points
from cosec.analytics.io.times import parse_time
from cosec.analytics.io.validate import Checked, validate
from cosec.errors import InvalidInput

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=60)

T0 = 1_704_067_200  # 2024-01-01T00:00:00Z
T = TypeVar("T")


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One directory for the whole module (Hypothesis reruns a test many times)."""
    with tempfile.TemporaryDirectory(prefix="cosec-fuzz-") as tmp:
        yield Path(tmp)


def refused_or(read: Callable[[Any], T], source: Any) -> T | None:
    """What a reader returns, or None when it refused the input in one printable sentence
    (:class:`~cosec.errors.InvalidInput`; any other exception fails the test)."""
    try:
        return read(source)
    except InvalidInput as exc:
        refusal = str(exc)
    assert refusal.isprintable(), refusal
    assert "Traceback" not in refusal
    return None


def assert_sound(checked: Checked, *, rows: set[int] | None = None) -> None:
    """Clean rows obey every rule; rejects carry a known reason; no row is counted twice."""
    clean = checked.clean.to_pydict()
    for ident, t, lat, lon, sog, cog in zip(
        clean["id"], clean["t"], clean["lat"], clean["lon"], clean["sog"], clean["cog"],
        strict=True,
    ):  # fmt: skip
        assert 1 <= ident <= 999_999_999 or ident < 2**24
        assert EARLIEST <= t < LATEST
        assert -90 <= lat <= 90
        assert -180 <= lon < 180
        assert math.isnan(sog) or 0 <= sog <= max(MAX_SOG_KN.values())
        assert math.isnan(cog) or 0 <= cog < 360
    reasons = checked.rejects.column("reason").to_pylist()
    fields = checked.rejects.column("field").to_pylist()
    for reason, field in zip(reasons, fields, strict=True):
        assert REJECT_FIELD[Reject(reason)] == field
    assert all(isinstance(raw, str) for raw in checked.rejects.column("raw").to_pylist())
    numbers = clean["_row"] + checked.rejects.column("row").to_pylist()
    assert len(numbers) == len(set(numbers)), "a row counted twice"
    if rows is not None:
        assert set(numbers) <= rows


# --- NMEA ---------------------------------------------------------------------------------


def _with_checksum(body: str, mark: str = "!") -> str:
    return f"{mark}{body}*{checksum(body.encode()):02X}"


def _messages() -> list[list[str]]:
    """Real sentences of every kind the reader meets, one message per entry."""
    fields: list[dict[str, object]] = [
        {"type": 1, "mmsi": 412345678, "lat": 15.0, "lon": 112.0, "speed": 10.1, "course": 90},
        {"type": 3, "mmsi": 1, "lat": -90.0, "lon": 180.0, "speed": 102.3, "course": 360},
        {"type": 18, "mmsi": 999999999, "lat": 91, "lon": 181, "speed": 0, "course": 0},
        {"type": 19, "mmsi": 7, "lat": 1.5, "lon": -1.5, "speed": 1.5, "shipname": "X"},
        {"type": 27, "mmsi": 8, "lat": 1.0, "lon": 2.0, "speed": 63, "course": 511},
        {"type": 5, "mmsi": 9, "shipname": "FERRY", "destination": "OAKLAND"},
        {"type": 24, "mmsi": 10, "partno": 0, "shipname": "Y"},
        {"type": 4, "mmsi": 11, "lat": 1.0, "lon": 2.0},
        {"type": 21, "mmsi": 12, "lat": 1.0, "lon": 2.0, "name": "BUOY"},
    ]
    out = []
    for seq, message in enumerate(fields):
        out.append(encode_dict(message, talker_id="AI", radio_channel="A", seq_id=seq % 10))
    return out


MESSAGES = _messages()
TIMES = st.sampled_from(
    [
        str(T0),
        f"{T0}.5",
        "2024-01-01T00:00:00Z",
        "2024-01-01T08:00:00+08:00",
        "2024-01-01T10:00:00+99:99",
        "2024-02-30T00:00:00Z",
        "nan",
        "-1",
        "1e9",
        "17040672000000",
        "",
    ]
)
JUNK = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A sentence of a real message, intact or broken in one of the ways logs break them."""
    message = draw(st.sampled_from(MESSAGES))
    text = draw(st.sampled_from(message))
    how = draw(st.sampled_from(["intact", "truncate", "flip", "reheader", "repayload"]))
    body = text[1 : text.index("*")]
    parts = body.split(",")
    if how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "flip":
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + draw(st.characters(codec="ascii")) + text[i + 1 :]
    elif how == "reheader":
        # Fragment count, number, sequence id, channel and fill bits of any value, with
        # a checksum that holds so that the reader must look further.
        for i in (1, 2, 3, 4, 6):
            if draw(st.booleans()):
                parts[i] = draw(st.sampled_from(["0", "1", "2", "9", "10", "-1", "", "x", "B"]))
        text = _with_checksum(",".join(parts))
    elif how == "repayload":
        alphabet = st.characters(codec="ascii", exclude_characters=",*!$\\\r\n")
        parts[5] = draw(st.text(alphabet, max_size=60))
        text = _with_checksum(",".join(parts))
    return text


@st.composite
def log_line(draw: st.DrawFn) -> str:
    """A line of a receiver log: a sentence with its time somewhere, or noise."""
    kind = draw(st.sampled_from(["prefix", "suffix", "tag", "bare", "junk"]))
    if kind == "junk":
        return draw(JUNK)
    text, when = draw(sentence()), draw(TIMES)
    if kind == "prefix":
        return f"{when}{draw(st.sampled_from([' ', ',', '|', '']))}{text}"
    if kind == "suffix":
        return f"{text},{when}"
    if kind == "tag":
        return f"\\s:rcv,c:{when}*00\\{text}"
    return text


@FUZZ
@given(st.lists(log_line(), max_size=30))
@example(["!AIVDM,0,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*00"])
def test_nmea_lines_give_positions_and_counted_rejects(lines: list[str]) -> None:
    result = parse_nmea_lines(lines, source="feed.nmea")
    assert_sound(result.checked, rows=set(range(1, len(lines) + 1)))
    accounted = result.checked.clean.num_rows + result.checked.rejects.num_rows
    assert accounted + sum(result.ignored.values()) <= sum(1 for x in lines if x.strip())


@FEW
@given(st.lists(st.sampled_from(MESSAGES), max_size=6), st.randoms(use_true_random=False))
def test_multi_sentence_messages_out_of_order_are_assembled_or_rejected(
    messages: list[list[str]], rnd: object
) -> None:
    lines = [f"{T0} {s}" for message in messages for s in message]
    rnd.shuffle(lines)  # type: ignore[attr-defined]
    result = parse_nmea_lines(lines, source="feed.nmea")
    assert_sound(result.checked, rows=set(range(1, len(lines) + 1)))
    # Fragments in the wrong order are rejected as such, whatever else the messages hold.
    reasons = set(result.checked.rejects["reason"].to_pylist())
    assert reasons <= {"incomplete_multipart", "position_not_available"}
    singles = sum(1 for message in messages if len(message) == 1)
    assert result.checked.clean.num_rows + sum(result.ignored.values()) >= singles - len(
        [m for m in messages if m is MESSAGES[2]]
    )


@FEW
@given(st.binary(max_size=3000), st.sampled_from(["feed.nmea", "feed.nmea.gz", "feed.txt"]))
def test_nmea_files_of_random_bytes(workdir: Path, content: bytes, name: str) -> None:
    path = workdir / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    result = refused_or(read_file, path)
    if result is not None:
        assert_sound(result[1])


# --- CSV ----------------------------------------------------------------------------------

KNOWN = sorted({s for spellings in ALIASES.values() for s in spellings} | {"MMSI", "# Timestamp"})
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
CELLS = st.one_of(
    st.sampled_from(
        [
            "1", "412345678", "0", "-5", "1000000000", "1.5", "1e3", "1_0", "4840d6", "ABCDEF",
            str(T0), f"{T0}.25", "2024-01-01T00:00:00Z", "2024-01-01 08:00:00+08:00",
            "2024-01-01T10:00:00+99:99", "2024-01-01", "2024-02-30T00:00:00Z", "yesterday",
            "15", "-90", "90.0001", "181", "-180", "180", "91", "102.3", "360", "511",
            "nan", "NaN", "inf", "-Infinity", "1e309", "-0", "", " ", '"', '""', "a,b",
            '"1,5"', "\x00", "\ufffd", "é", "\t1\t", "0x10", '"multi\nline"',
        ]
    ),
    st.text(PRINTABLE, max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(2**70), 2**70).map(str),
)  # fmt: skip
VALID = {
    "mmsi": ["1", "412345678", "999999999", " 7 "],
    "icao24": ["4840d6", "ABCDEF", "000001"],
    "timestamp": [str(T0), f"{T0 + 60}.5", "2024-01-01T00:00:00Z", "2024-01-01 08:00+08:00"],
    "lat": ["15", "-90", "90", "0.5", "1e1"],
    "lon": ["-180", "180", "112.5", "-0"],
    "sog": ["0", "102.2", "102.3", ""],
    "velocity_ms": ["0", "250.5", ""],
    "cog": ["0", "359.9", "360", ""],
    "alt_m": ["0", "-10", "12000", ""],
}
OPTIONAL = sorted(s for name in ("sog", "velocity_ms", "cog", "alt_m") for s in ALIASES[name])
EXTRA = st.lists(st.one_of(st.sampled_from(OPTIONAL), st.text(PRINTABLE, max_size=8)), max_size=4)
HEADERS = st.lists(
    st.one_of(st.sampled_from(KNOWN), st.text(PRINTABLE, max_size=8)), min_size=1, max_size=8
)


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    """A position CSV: a header of known and unknown names, rows of likely and odd cells."""
    if draw(st.integers(0, 3)):
        ident = draw(st.sampled_from(["mmsi", "icao24", "MMSI"]))
        header = [ident, "timestamp", "lat", "lon", *draw(EXTRA)]
        header = draw(st.permutations(header))
    else:
        header = draw(HEADERS)
    good = [st.sampled_from(VALID.get(canonical_name(name) or "", [""])) for name in header]
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 12))):
        noisy = draw(st.booleans())  # else every cell a likely value of its column
        cells = [draw(st.one_of(cell, CELLS) if noisy else cell) for cell in good]
        change = draw(st.sampled_from([0, 0, 0, 0, 0, -1, 1]))
        cells = cells[:change] if change < 0 else cells + [draw(CELLS)] * change
        lines.append(",".join(cells))
        if draw(st.integers(0, 9)) == 0:
            lines.append("")  # a blank line
    text = end.join(lines) + draw(st.sampled_from([end, ""]))
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + text.encode("utf-8", "surrogatepass")


def _records(checked: Checked) -> list[int]:
    return sorted(checked.clean.column("_row").to_pylist() + checked.rejects["row"].to_pylist())


@FUZZ
@given(csv_file())
@example(b"mmsi,timestamp,lat,lon\n\n1,2\n1,1704067200,1,1\n")
@example(b'mmsi,timestamp,lat,lon\r\n1,"1704067200\r\n,1,1\r\n')
@example(b"\nmmsi,timestamp,lat,lon")  # a header and nothing after it, not even a line end
def test_csv_files_give_positions_and_counted_rejects(workdir: Path, content: bytes) -> None:
    path = workdir / "positions.csv"
    path.write_bytes(content)
    result = refused_or(read_csv, path)
    if result is None:
        return
    checked = result[1]
    assert_sound(checked)
    # Records are numbered 1..N after the header, every one clean or rejected.
    assert _records(checked) == list(range(1, len(_records(checked)) + 1))


@FUZZ
@given(st.binary(max_size=3000))
@example(b"mmsi,timestamp,lat,lon\n1,1704067200,\xff\xe9\n")
@example(b"\xef\xbb\xbf")
def test_csv_files_of_random_bytes(workdir: Path, content: bytes) -> None:
    path = workdir / "noise.csv"
    path.write_bytes(content)
    result = refused_or(import_files, [path])
    if result is not None:
        report = result[1]
        assert report.rows_read == report.rows_accepted + report.rejects.num_rows


@FEW
@given(st.binary(max_size=600).map(lambda b: b"lat,lon\n" + b))
def test_anchorage_files(workdir: Path, content: bytes) -> None:
    path = workdir / "anchorages.csv"
    path.write_bytes(content)
    points = refused_or(read_points, path)
    if points is not None:
        assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points)


# --- Parquet ------------------------------------------------------------------------------

COLUMNS: dict[str, pa.Array] = {
    "int8": pa.array([1, -1, 127], pa.int8()),
    "uint64": pa.array([1, 2**64 - 1, 2**53 + 1], pa.uint64()),
    "int64": pa.array([T0, -(2**63), 412345678], pa.int64()),
    "float16": pa.array(np.array([1.5, np.inf, np.nan], dtype=np.float16)),
    "float64": pa.array([15.0, math.nan, -math.inf]),
    "decimal": pa.array(["1.25", "-90.00", "999999999.99"]).cast(pa.decimal128(12, 2)),
    "string": pa.array(["1", "2024-01-01T00:00:00Z", None]),
    "binary": pa.array([b"1", b"\xff\xfe", b""], pa.binary()),
    "large_string": pa.array(["15", "x", "nan"], pa.large_string()),
    "dictionary": pa.array(["1", "1", "2"]).dictionary_encode(),
    "null": pa.nulls(3),
    "bool": pa.array([True, False, None]),
    "timestamp_s": pa.array([T0, 0, None], pa.timestamp("s")),
    "timestamp_ns_utc": pa.array([T0 * 10**9, 2**63 - 1, None], pa.timestamp("ns", "UTC")),
    "date32": pa.array([19723, 0, -1], pa.date32()),
    "time32": pa.array([1, 2, 3], pa.time32("s")),
    "duration": pa.array([1, 2, 3], pa.duration("s")),
    "list": pa.array([[1.0], [], None]),
    "struct": pa.array([{"a": 1}, {"a": 2}, None]),
}
FIELDS = ["mmsi", "timestamp", "lat", "lon", "sog", "cog"]


@FEW
@given(st.lists(st.sampled_from(sorted(COLUMNS)), min_size=len(FIELDS), max_size=len(FIELDS)))
def test_parquet_files_with_columns_of_any_type(workdir: Path, types: list[str]) -> None:
    path = workdir / "positions.parquet"
    pq.write_table(pa.table({f: COLUMNS[t] for f, t in zip(FIELDS, types, strict=True)}), path)
    result = refused_or(read_file, path)
    if result is not None:
        assert_sound(result[1])


# --- Timestamps: one grammar for CSV and NMEA ---------------------------------------------

OFFSETS = st.sampled_from(
    ["", "Z", " UTC", "+00:00", "-00:00", "+14:00", "-12:00", "+05:45", "+0800", "+08",
     "+14:30", "+24:00", "+99:99", "+00:60", "-1", "+1:00", " +01:00", "z", "EST"]
)  # fmt: skip
ISO_LIKE = st.builds(
    "{}-{:02d}-{:02d}{}{:02d}:{:02d}{}{}".format,
    st.integers(1970, 2110).map(str) | st.sampled_from(["0001", "99999", "2024x"]),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(["T", " ", "t", "_"]),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":60", ":05.5", ":05.123456789", ":5"]),
    OFFSETS,
)
TIME_TEXT = st.one_of(
    ISO_LIKE,
    st.integers(-(2**40), 2**40).map(str),
    st.floats(0, 5e9).map(lambda v: f"{v:.3f}"),
    st.sampled_from(["nan", "inf", "1e9", "1_704_067_200", "+1704067200", " 1704067200 "]),
    st.text(max_size=30),
)


@FEW
@given(st.lists(TIME_TEXT, min_size=1, max_size=20))
@example(["2024-01-01T10:00:00+99:99", "2024-01-01T24:00:00Z", "2024-01-01"])
def test_csv_and_nmea_read_the_same_times(texts: list[str]) -> None:
    n = len(texts)
    raw = pa.table(
        {
            "mmsi": ["1"] * n,
            "timestamp": texts,
            "lat": ["1"] * n,
            "lon": ["1"] * n,
            "_row": list(range(1, n + 1)),
        }
    )
    checked = validate(raw, kind="ais", source="t.csv")
    assert_sound(checked)
    clean, rejects = checked.clean.to_pydict(), checked.rejects.to_pydict()
    times = dict(zip(clean["_row"], clean["t"], strict=True))
    reasons = dict(zip(rejects["row"], rejects["reason"], strict=True))
    for row, text in enumerate(texts, start=1):
        expected = parse_time(text) if text.strip(" ") else None
        if expected is not None and abs(expected) > 1e11 and "-" not in text[1:]:
            continue  # NMEA alone reads Unix time in milliseconds
        if row in times:
            assert expected is not None, text
            assert abs(times[row] - expected) < 1e-3, text
        elif expected is None:
            assert reasons[row] in ("bad_timestamp", "missing_timestamp"), text
        else:
            assert reasons[row] == "timestamp_out_of_range", text


FORMAT_PARTS = st.sampled_from(
    ["%d", "%m", "%Y", "%y", "%H", "%M", "%S", "%f", "%z", "%Z", "%b", "%p", "%j", "%%",
     "%", "%Q", "/", " ", ":", "-", "'", "''", "\\", "#", "T", "é", "\t"]
)  # fmt: skip


@FEW
@given(st.lists(FORMAT_PARTS, min_size=1, max_size=8).map("".join), st.lists(TIME_TEXT, max_size=5))
@example("%d/%m/%Y %H:%M %z", ["01/01/2024 05:30 +0530", "01/01/2024 05:30 +9999"])
@example("%é", [])  # DuckDB's message cut this in the middle of a character
@example("%\t", [])  # and quoted this tab as it is
def test_any_time_format_is_used_or_refused(fmt: str, texts: list[str]) -> None:
    n = len(texts)
    raw = pa.table(
        {
            "mmsi": ["1"] * n,
            "timestamp": pa.array(texts, pa.string()),
            "lat": ["1"] * n,
            "lon": ["1"] * n,
            "_row": pa.array(range(1, n + 1), pa.int64()),
        }
    )
    checked = refused_or(partial(validate, kind="ais", source="t", time_format=fmt), raw)
    if checked is not None:
        assert_sound(checked)
        assert checked.clean.num_rows + checked.rejects.num_rows == n

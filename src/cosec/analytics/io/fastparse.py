"""The common spellings of a text position file, read without a query.

A CSV file's cells arrive as text. :func:`~cosec.analytics.io.parse.parse_with_duckdb`
reads any spelling the track formats accept (and makes NULL of the rest), but its casts
and regular expressions cost seconds on a day of AIS. Nearly every cell of a real file is
in one of a few plain spellings, read here by Arrow casts and NumPy instead, giving the
very numbers DuckDB gives:

- a number is a plain decimal Arrow's strict cast reads whole (``15.5``, ``-3``,
  ``1e-3``; no space, no digit separator, no hexadecimal): DuckDB reads each of these
  to the same double. A column with any other non-blank value is left to DuckDB whole.
- a timestamp is ``YYYY-MM-DDThh:mm:ss`` (``T`` or a space), optionally followed by
  ``Z``, in the years 1900 to 2199: checked digit by digit, field by field and against
  the calendar (no 31 April), then counted in seconds, as DuckDB's cast counts them.
  Only the rows with another spelling (fractions, offsets, Unix seconds, garbage) go to
  DuckDB.

What cannot be read so (ADS-B addresses, speeds in m/s, ``--time-format``, typed or mixed
columns) goes to DuckDB as before. ``tests/analytics/test_fastparse.py`` holds the two
readers to the same answers.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cosec.analytics.io.parse import Parsed, parse_with_duckdb
from cosec.analytics.io.schema import Kind
from cosec.analytics.kernels.isotime import iso_seconds as kernel_iso_seconds

OPTIONAL = ("sog", "cog", "alt_m")
"""Optional number columns, by their canonical names (``alt_m`` is parsed as ``alt``)."""

YEARS = (1900, 2199)
"""Years of the times read here; others (valid or not) are left to DuckDB."""


def parse_text(
    raw: pa.Table, kind: Kind, id_col: str, time_format: str | None, names: set[str]
) -> Parsed:
    """What :func:`~cosec.analytics.io.parse.parse_with_duckdb` reads, the plain
    spellings read by Arrow and NumPy (see the module's docstring)."""
    numbers = [id_col, "lat", "lon", *(c for c in OPTIONAL if c in names)]
    text = all(pa.types.is_string(raw.schema.field(c).type) for c in [*numbers, "timestamp"])
    if kind != "ais" or time_format is not None or "velocity_ms" in names or not text:
        return Parsed.of(parse_with_duckdb(raw, kind, id_col, time_format, names))
    # The columns side by side: Arrow's casts and the kernel run without the GIL.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        times = pool.submit(iso_seconds, raw.column("timestamp"))
        values = pool.map(decimals, (raw.column(c) for c in numbers))
        read = dict(zip(numbers, values, strict=True))
        t, t_blank, done = times.result()
    plain = {c: r for c, r in read.items() if r is not None}
    if len(plain) < len(read):  # a column has other spellings: DuckDB reads the file
        return Parsed.of(parse_with_duckdb(raw, kind, id_col, time_format, names))
    n = raw.num_rows
    if not done.all():
        rest = np.flatnonzero(~done)
        other = Parsed.of(
            parse_with_duckdb(raw.take(pa.array(rest, pa.int64())), kind, id_col, None, names)
        )
        t[rest], t_blank[rest] = other.t, other.t_blank
    ident, id_blank = plain[id_col]
    with np.errstate(invalid="ignore"):
        whole = (ident == np.floor(ident)) & (ident >= 1) & (ident <= 999_999_999)
    unknown = (np.full(n, np.nan), np.ones(n, dtype=bool))
    sog, cog, alt = (plain.get(name, unknown) for name in OPTIONAL)
    return Parsed(
        id=np.where(whole, ident, 0).astype(np.int64),
        id_ok=whole,
        id_blank=id_blank,
        t=t,
        t_blank=t_blank,
        lat=plain["lat"][0],
        lat_blank=plain["lat"][1],
        lon=plain["lon"][0],
        lon_blank=plain["lon"][1],
        sog=sog[0],
        sog_blank=sog[1],
        cog=cog[0],
        cog_blank=cog[1],
        alt=alt[0],
        alt_blank=alt[1],
        row=np.asarray(raw.column("_row").to_numpy(), dtype=np.int64),
    )


def decimals(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """A text column's numbers (NaN where blank) and where it is blank; None when a
    non-blank value is not a plain decimal (see the module's docstring).

    >>> values, blank = decimals(pa.chunked_array([["1.5", "", "-2e3"]]))
    >>> values.tolist(), blank.tolist()
    ([1.5, nan, -2000.0], [False, True, False])
    >>> decimals(pa.chunked_array([["1.5", " 2"]])) is None
    True
    """
    try:  # no cell blank: the common case, one cast
        values = pc.cast(column, pa.float64())
        return values.to_numpy(zero_copy_only=False), np.zeros(len(column), dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    blank = np.concatenate([_empty(chunk) for chunk in column.chunks] or [np.zeros(0, bool)])
    if not blank.any():
        return None
    try:
        values = pc.cast(pc.if_else(pa.array(blank), "0", column.combine_chunks()), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = np.array(values.to_numpy(zero_copy_only=False), dtype=np.float64)
    out[blank] = np.nan
    return out, blank


def iso_seconds(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Epoch seconds of ``YYYY-MM-DDThh:mm:ss[Z]`` times, where the column is blank, and
    which rows were read (blank, or such a time of a real day); the other rows' seconds
    are NaN, for DuckDB to read (a 30 February among them).

    >>> t, blank, done = iso_seconds(pa.chunked_array([["2024-01-01T00:00:00Z", "",
    ...     "2024-02-30 00:00:00", "2024-01-01T00:00:00+08:00"]]))
    >>> t.tolist(), blank.tolist(), done.tolist()
    ([1704067200.0, nan, nan, nan], [False, True, False, False], [True, True, False, False])
    """
    parts = [_chunk_seconds(chunk) for chunk in column.chunks]
    if not parts:
        return np.zeros(0), np.zeros(0, bool), np.zeros(0, bool)
    t, blank, done = (np.concatenate(p) for p in zip(*parts, strict=True))
    return t, blank, done


def _chunk_seconds(text: pa.StringArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`iso_seconds` of one chunk, read from its bytes in place."""
    n = len(text)
    data = text.buffers()[2]
    if data is None:  # every value empty (or NULL)
        blank = np.ones(n, dtype=bool)
        return np.full(n, np.nan), blank, blank.copy()
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=n + 1, offset=text.offset * 4)
    t, read, blank = kernel_iso_seconds(np.frombuffer(data, dtype=np.uint8), offsets, *YEARS)
    if text.null_count:
        valid = np.asarray(text.is_valid().to_numpy(zero_copy_only=False))
        read &= valid
        blank |= ~valid
        t[~read] = np.nan
    return t, blank, read | blank


def _empty(text: pa.StringArray) -> np.ndarray:
    """Where a chunk of text is empty or NULL (blank, as DuckDB's trim finds it, when
    nothing but the empty text is)."""
    n = len(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=n + 1, offset=text.offset * 4)
    empty: np.ndarray = np.diff(offsets) == 0
    if text.null_count:
        empty |= ~np.asarray(text.is_valid().to_numpy(zero_copy_only=False))
    return empty

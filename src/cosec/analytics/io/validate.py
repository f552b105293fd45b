"""Rows in, clean positions and rejects out: one rule set for every input format.

Readers hand over an Arrow table whose columns carry canonical names (see
:mod:`.schema`), as text (CSV, NMEA) or typed (Parquet), plus ``_row``, the row's
1-based number in its source. Parsing turns text into numbers and tolerates anything
(what it cannot read becomes NULL); timestamps follow one strict grammar (:mod:`.times`:
ISO 8601 with a real offset, naive times as UTC, or epoch seconds), read by DuckDB;
typed Parquet columns only need Arrow casts. The rules are NumPy masks in one place,
:func:`_apply_rules`: each row gets the first rule it breaks, in the order id,
timestamp, position, speed, course, altitude. Nothing is dropped silently: a row is
either clean or a reject with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cosec.analytics.io.fastparse import parse_text
from cosec.analytics.io.parse import Parsed, normalize_types, parse_typed
from cosec.analytics.io.schema import (
    COG_NOT_AVAILABLE,
    EARLIEST,
    LAT_NOT_AVAILABLE,
    LATEST,
    LON_NOT_AVAILABLE,
    MAX_SOG_KN,
    REJECT_COLUMNS,
    REJECT_FIELD,
    SOG_NOT_AVAILABLE,
    Kind,
    Reject,
)
from cosec.analytics.io.times import check_time_format
from cosec.errors import InvalidInput

CLEAN_SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("t", pa.float64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("sog", pa.float64()),
        ("cog", pa.float64()),
        ("alt", pa.float64()),
        ("_row", pa.int64()),
    ]
)
"""Clean positions: ``id`` (MMSI, or the ICAO address as an integer), ``t`` epoch
seconds, degrees, knots, metres; NaN where an optional value is unknown."""

REJECT_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("row", pa.int64()),
        ("reason", pa.string()),
        ("field", pa.string()),
        ("raw", pa.string()),
    ]
)
assert tuple(REJECT_SCHEMA.names) == REJECT_COLUMNS


@dataclass(frozen=True, slots=True)
class Checked:
    """What validation made of one source."""

    clean: pa.Table
    rejects: pa.Table


def rejects_table(source: str, rows: list[tuple[int, Reject, str]]) -> pa.Table:
    """Rejects found by a reader itself (malformed lines, NMEA errors)."""
    return pa.table(
        {
            "source": [source] * len(rows),
            "row": [r[0] for r in rows],
            "reason": [str(r[1]) for r in rows],
            "field": [REJECT_FIELD[r[1]] for r in rows],
            "raw": [r[2].encode("utf-8", "replace").decode("utf-8") for r in rows],
        },
        schema=REJECT_SCHEMA,
    )


def validate(raw: pa.Table, *, kind: Kind, source: str, time_format: str | None = None) -> Checked:
    """Clean positions and rejects of one source's rows (canonical column names).

    ``_row`` numbers the rows in their source; an optional ``_raw`` column gives the
    original text to quote in the rejects (else the values are joined with commas).

    Raises :class:`~cosec.errors.InvalidInput` when a required column is missing, a
    column has a type that cannot hold its field, or ``time_format`` is not a format.

    >>> raw = pa.table({"mmsi": ["1", "x"], "timestamp": ["1704067200", "1704067200"],
    ...                 "lat": ["15", "15"], "lon": ["112", "112"], "_row": [1, 2]})
    >>> out = validate(raw, kind="ais", source="a.csv")
    >>> out.clean.num_rows, out.rejects.column("reason").to_pylist()
    (1, ['bad_id'])
    """
    id_col = "mmsi" if kind == "ais" else "icao24"
    names = set(raw.column_names)
    missing = [c for c in (id_col, "timestamp", "lat", "lon") if c not in names]
    names.discard("_raw")
    if missing:
        raise InvalidInput.field(
            missing[0],
            f"required column is missing (found: {', '.join(sorted(names - {'_row'}))})",
            source=source,
        )
    if time_format is not None:
        check_time_format(time_format)
    raw = normalize_types(raw, source=source)
    typed = parse_typed(raw, kind, names)
    parsed = (
        Parsed.of(typed) if typed is not None else parse_text(raw, kind, id_col, time_format, names)
    )
    return _apply_rules(parsed, raw, kind=kind, source=source)


REASON_ORDER: tuple[Reject, ...] = (
    Reject.MISSING_ID,
    Reject.BAD_ID,
    Reject.MISSING_TIMESTAMP,
    Reject.BAD_TIMESTAMP,
    Reject.TIMESTAMP_OUT_OF_RANGE,
    Reject.MISSING_POSITION,
    Reject.BAD_LAT,
    Reject.BAD_LON,
    Reject.POSITION_NOT_AVAILABLE,
    Reject.LAT_OUT_OF_RANGE,
    Reject.LON_OUT_OF_RANGE,
    Reject.BAD_SOG,
    Reject.BAD_COG,
    Reject.BAD_ALT,
)
"""The rules in the order they are checked: a row gets the first one it breaks."""


def _apply_rules(parsed: Parsed, raw: pa.Table, *, kind: Kind, source: str) -> Checked:
    """Every rule of the track formats, applied to parsed columns in one place."""
    p = parsed
    t, lat, lon, sog, cog, alt = p.t, p.lat, p.lon, p.sog, p.cog, p.alt
    ais = kind == "ais"
    with np.errstate(invalid="ignore"):
        sog_na = ais & (sog == SOG_NOT_AVAILABLE)
        broken = {
            Reject.MISSING_ID: p.id_blank,
            Reject.BAD_ID: ~p.id_ok,
            Reject.MISSING_TIMESTAMP: p.t_blank,
            Reject.BAD_TIMESTAMP: ~np.isfinite(t),
            Reject.TIMESTAMP_OUT_OF_RANGE: (t < EARLIEST) | (t >= LATEST),
            Reject.MISSING_POSITION: p.lat_blank | p.lon_blank,
            Reject.BAD_LAT: ~np.isfinite(lat),
            Reject.BAD_LON: ~np.isfinite(lon),
            Reject.POSITION_NOT_AVAILABLE: (lat == LAT_NOT_AVAILABLE) | (lon == LON_NOT_AVAILABLE),
            Reject.LAT_OUT_OF_RANGE: (lat < -90) | (lat > 90),
            Reject.LON_OUT_OF_RANGE: (lon < -180) | (lon > 180),
            Reject.BAD_SOG: ~p.sog_blank
            & (~np.isfinite(sog) | (((sog < 0) | (sog > MAX_SOG_KN[kind])) & ~sog_na)),
            Reject.BAD_COG: ~p.cog_blank & (~np.isfinite(cog) | (cog < 0) | (cog > 360)),
            Reject.BAD_ALT: ~p.alt_blank & ~np.isfinite(alt),
        }
    masks = [broken[rule] for rule in REASON_ORDER]
    bad = masks[0].copy()
    for mask in masks[1:]:
        bad |= mask
    bad_at = np.flatnonzero(bad)
    # The first rule each bad row breaks (rules later in the order are overwritten).
    code = np.zeros(bad_at.size, dtype=np.int64)
    for number in range(len(REASON_ORDER), 0, -1):
        code[masks[number - 1][bad_at]] = number
    reasons = [REASON_ORDER[c - 1] for c in code.tolist()]
    ids, rows = p.id, p.row
    sog_blank, cog_blank, alt_blank = p.sog_blank, p.cog_blank, p.alt_blank
    if bad_at.size:
        ok = ~bad
        ids, rows, t, lat, lon, sog, cog, alt = (
            a[ok] for a in (ids, rows, t, lat, lon, sog, cog, alt)
        )
        sog_blank, cog_blank, alt_blank, sog_na = (
            a[ok] for a in (sog_blank, cog_blank, alt_blank, sog_na)
        )
    clean = pa.table(
        {
            "id": ids,
            "t": t,
            "lat": lat,
            "lon": _unless(lon == 180.0, lon, -180.0),
            "sog": _unless(sog_blank | sog_na, sog, np.nan),
            "cog": _unless(cog_blank | (cog == COG_NOT_AVAILABLE), cog, np.nan),
            "alt": _unless(alt_blank, alt, np.nan),
            "_row": rows,
        },
        schema=CLEAN_SCHEMA,
    )
    if not bad_at.size:
        return Checked(clean, REJECT_SCHEMA.empty_table())
    rejects = pa.table(
        {
            "source": pa.array([source] * bad_at.size, pa.string()),
            "row": pa.array(p.row[bad_at], pa.int64()),
            "reason": pa.array([str(r) for r in reasons], pa.string()),
            "field": pa.array([REJECT_FIELD[r] for r in reasons], pa.string()),
            "raw": _raw_text(raw.take(pa.array(bad_at, pa.int64()))),
        },
        schema=REJECT_SCHEMA,
    )
    return Checked(clean, rejects)


def _unless(where: np.ndarray, values: np.ndarray, fill: float) -> np.ndarray:
    """``values`` with ``fill`` where ``where`` holds (``values`` itself if nowhere: a day
    of AIS is millions of rows, and most columns need no change)."""
    return np.where(where, fill, values) if where.any() else values


def _raw_text(rows: pa.Table) -> pa.Array:
    """The offending rows as text: the ``_raw`` column, else the values joined by commas.

    Bytes that are not UTF-8 are shown as U+FFFD rather than failing the import.
    """
    if "_raw" in rows.column_names:
        joined = rows.column("_raw").combine_chunks().cast(pa.binary())
    else:
        parts = [
            pc.fill_null(rows.column(c).cast(pa.string()).cast(pa.binary()), b"")
            for c in rows.column_names
            if c != "_row"
        ]
        if not parts:
            return pa.array([""] * rows.num_rows, pa.string())
        joined = pc.binary_join_element_wise(*parts, b",").combine_chunks()
    return pa.array([b.decode("utf-8", "replace") for b in joined.to_pylist()], pa.string())

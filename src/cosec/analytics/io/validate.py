"""Rows in, clean positions and rejects out: one rule set for every input format.

Readers hand over an Arrow table whose columns carry canonical names (see
:mod:`.schema`), as text (CSV, NMEA) or typed (Parquet), plus ``_row``, the row's
1-based number in its source. DuckDB parses and checks them in one vectorised pass
(its ``TRY_CAST`` reads ISO 8601 with offsets, naive times as UTC, and epoch seconds)
and each row gets the first rule it breaks, in the order id, timestamp, position,
speed, course, altitude. Nothing is dropped silently: a row is either clean or a reject
with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from cosec.analytics.io.schema import (
    COG_NOT_AVAILABLE,
    EARLIEST,
    LAT_NOT_AVAILABLE,
    LATEST,
    LON_NOT_AVAILABLE,
    MAX_SOG_KN,
    MS_TO_KN,
    REJECT_COLUMNS,
    REJECT_FIELD,
    SOG_NOT_AVAILABLE,
    Kind,
    Reject,
)
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


def empty_rejects() -> pa.Table:
    """A rejects table with no rows."""
    return REJECT_SCHEMA.empty_table()


def rejects_table(source: str, rows: list[tuple[int, Reject, str]]) -> pa.Table:
    """Rejects found by a reader itself (malformed lines, NMEA errors)."""
    return pa.table(
        {
            "source": [source] * len(rows),
            "row": [r[0] for r in rows],
            "reason": [str(r[1]) for r in rows],
            "field": [REJECT_FIELD[r[1]] for r in rows],
            "raw": [r[2] for r in rows],
        },
        schema=REJECT_SCHEMA,
    )


def _is_text(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t))


def _number(col: str, t: pa.DataType) -> str:
    if _is_text(t):
        return f"TRY_CAST(trim(CAST({col} AS VARCHAR)) AS DOUBLE)"
    return f"TRY_CAST({col} AS DOUBLE)"


def _blank(col: str, t: pa.DataType) -> str:
    if _is_text(t):
        return f"({col} IS NULL OR trim(CAST({col} AS VARCHAR)) = '')"
    return f"({col} IS NULL)"


def _time(col: str, t: pa.DataType, time_format: str | None) -> str:
    if pa.types.is_timestamp(t):
        return f"epoch_ms(CAST({col} AS TIMESTAMPTZ)) / 1000.0"
    if pa.types.is_date(t):
        return f"epoch_ms(CAST({col} AS TIMESTAMPTZ)) / 1000.0"
    if not _is_text(t):
        return f"TRY_CAST({col} AS DOUBLE)"
    s = f"trim(CAST({col} AS VARCHAR))"
    if time_format is not None:
        fmt = time_format.replace("'", "''")
        parsed = f"epoch_ms(CAST(try_strptime({s}, '{fmt}') AS TIMESTAMPTZ)) / 1000.0"
    else:
        parsed = f"epoch_ms(TRY_CAST({s} AS TIMESTAMPTZ)) / 1000.0"
    return (
        f"CASE WHEN regexp_full_match({s}, '[+-]?[0-9]+(\\.[0-9]+)?') "
        f"THEN TRY_CAST({s} AS DOUBLE) ELSE {parsed} END"
    )


def _identifier(kind: Kind, col: str, t: pa.DataType) -> str:
    if kind == "adsb":
        s = f"lower(trim(CAST({col} AS VARCHAR)))"
        return (
            f"CASE WHEN regexp_full_match({s}, '[0-9a-f]{{6}}') "
            f"THEN TRY_CAST('0x' || {s} AS BIGINT) END"
        )
    n = _number(col, t)
    return (
        f"CASE WHEN {n} = floor({n}) AND {n} BETWEEN 1 AND 999999999 THEN CAST({n} AS BIGINT) END"
    )


def validate(raw: pa.Table, *, kind: Kind, source: str, time_format: str | None = None) -> Checked:
    """Clean positions and rejects of one source's rows (canonical column names).

    ``_row`` numbers the rows in their source; an optional ``_raw`` column gives the
    original text to quote in the rejects (else the values are joined with commas).

    Raises :class:`~cosec.errors.InvalidInput` when a required column is missing.

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
    ty = {f.name: f.type for f in raw.schema}
    nan = "CAST('NaN' AS DOUBLE)"
    if "sog" in names:
        sog, sog_blank = _number("sog", ty["sog"]), _blank("sog", ty["sog"])
    elif "velocity_ms" in names:
        sog = f"({_number('velocity_ms', ty['velocity_ms'])} * {MS_TO_KN})"
        sog_blank = _blank("velocity_ms", ty["velocity_ms"])
    else:
        sog, sog_blank = "NULL", "TRUE"
    cog, cog_blank = (
        (_number("cog", ty["cog"]), _blank("cog", ty["cog"]))
        if "cog" in names
        else ("NULL", "TRUE")
    )
    alt, alt_blank = (
        (_number("alt_m", ty["alt_m"]), _blank("alt_m", ty["alt_m"]))
        if "alt_m" in names
        else ("NULL", "TRUE")
    )
    raw_text = (
        "_raw"
        if "_raw" in names
        else " || ',' || ".join(
            f"coalesce(CAST({c} AS VARCHAR), '')" for c in raw.column_names if c != "_row"
        )
    )
    max_sog = MAX_SOG_KN[kind]
    sql = f"""
    WITH p AS (
      SELECT _row,
        {_identifier(kind, id_col, ty[id_col])} AS id, {_blank(id_col, ty[id_col])} AS id_blank,
        {_time("timestamp", ty["timestamp"], time_format)} AS t,
        {_blank("timestamp", ty["timestamp"])} AS t_blank,
        {_number("lat", ty["lat"])} AS lat, {_blank("lat", ty["lat"])} AS lat_blank,
        {_number("lon", ty["lon"])} AS lon, {_blank("lon", ty["lon"])} AS lon_blank,
        {sog} AS sog, {sog_blank} AS sog_blank,
        {cog} AS cog, {cog_blank} AS cog_blank,
        {alt} AS alt, {alt_blank} AS alt_blank,
        {raw_text} AS raw
      FROM raw
    ), r AS (
      SELECT *, CASE
        WHEN id_blank THEN '{Reject.MISSING_ID}'
        WHEN id IS NULL THEN '{Reject.BAD_ID}'
        WHEN t_blank THEN '{Reject.MISSING_TIMESTAMP}'
        WHEN t IS NULL OR NOT isfinite(t) THEN '{Reject.BAD_TIMESTAMP}'
        WHEN t < {EARLIEST} OR t >= {LATEST} THEN '{Reject.TIMESTAMP_OUT_OF_RANGE}'
        WHEN lat_blank OR lon_blank THEN '{Reject.MISSING_POSITION}'
        WHEN lat IS NULL OR NOT isfinite(lat) THEN '{Reject.BAD_LAT}'
        WHEN lon IS NULL OR NOT isfinite(lon) THEN '{Reject.BAD_LON}'
        WHEN lat = {LAT_NOT_AVAILABLE} OR lon = {LON_NOT_AVAILABLE}
          THEN '{Reject.POSITION_NOT_AVAILABLE}'
        WHEN lat < -90 OR lat > 90 THEN '{Reject.LAT_OUT_OF_RANGE}'
        WHEN lon < -180 OR lon > 180 THEN '{Reject.LON_OUT_OF_RANGE}'
        WHEN NOT sog_blank AND (sog IS NULL OR NOT isfinite(sog)
          OR (sog < 0 OR sog > {max_sog}) AND NOT (sog = {SOG_NOT_AVAILABLE} AND '{kind}' = 'ais'))
          THEN '{Reject.BAD_SOG}'
        WHEN NOT cog_blank AND (cog IS NULL OR NOT isfinite(cog) OR cog < 0 OR cog > 360)
          THEN '{Reject.BAD_COG}'
        WHEN NOT alt_blank AND (alt IS NULL OR NOT isfinite(alt)) THEN '{Reject.BAD_ALT}'
      END AS reason
      FROM p
    )
    SELECT * FROM r
    """
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        con.register("raw", raw)
        con.execute(f"CREATE TEMP TABLE checked AS {sql}")
        clean = con.sql(
            f"""SELECT id, t, lat,
                 CASE WHEN lon = 180 THEN -180.0 ELSE lon END AS lon,
                 CASE WHEN sog_blank OR sog = {SOG_NOT_AVAILABLE} AND '{kind}' = 'ais'
                      THEN {nan} ELSE sog END AS sog,
                 CASE WHEN cog_blank OR cog = {COG_NOT_AVAILABLE} THEN {nan}
                      ELSE cog END AS cog,
                 CASE WHEN alt_blank THEN {nan} ELSE alt END AS alt,
                 CAST(_row AS BIGINT) AS _row
               FROM checked WHERE reason IS NULL ORDER BY _row"""
        ).to_arrow_table()
        bad = con.sql(
            "SELECT CAST(_row AS BIGINT) AS row, reason, raw FROM checked "
            "WHERE reason IS NOT NULL ORDER BY _row"
        ).to_arrow_table()
    finally:
        con.close()
    reasons = [Reject(r) for r in bad.column("reason").to_pylist()]
    rejects = pa.table(
        {
            "source": pa.array([source] * bad.num_rows, pa.string()),
            "row": bad.column("row"),
            "reason": bad.column("reason"),
            "field": pa.array([REJECT_FIELD[r] for r in reasons], pa.string()),
            "raw": bad.column("raw"),
        },
        schema=REJECT_SCHEMA,
    )
    return Checked(clean.cast(CLEAN_SCHEMA), rejects)

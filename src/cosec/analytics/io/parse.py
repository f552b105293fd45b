"""Columns of any reader into numbers: typed columns by Arrow casts, text by DuckDB.

:func:`normalize_types` first settles what a column may be: numbers (integers, floats,
decimals), text, or for ``timestamp`` also an Arrow timestamp or date; dictionaries are
decoded and binary is read as text. A column of any other type (a list, a struct, a
boolean...) cannot hold its field, and the file is refused naming it. Parsing itself
tolerates anything: a value it cannot read becomes NULL, for the rules of
:mod:`.validate` to reject with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cosec.analytics.io.schema import MS_TO_KN, Kind
from cosec.analytics.io.times import sql_epoch_seconds
from cosec.errors import InvalidInput

_AS_TEXT = pc.CastOptions(target_type=pa.string(), allow_invalid_utf8=True)


@dataclass(frozen=True, slots=True)
class Parsed:
    """One source's rows parsed, as the rules read them: a NumPy array per field.

    Numbers are floats, NaN where a value could not be read (or is blank); ``*_blank``
    says where the cell was empty; ``id`` holds an integer where ``id_ok``; ``row``
    numbers the rows in their source.
    """

    id: np.ndarray
    id_ok: np.ndarray
    id_blank: np.ndarray
    t: np.ndarray
    t_blank: np.ndarray
    lat: np.ndarray
    lat_blank: np.ndarray
    lon: np.ndarray
    lon_blank: np.ndarray
    sog: np.ndarray
    sog_blank: np.ndarray
    cog: np.ndarray
    cog_blank: np.ndarray
    alt: np.ndarray
    alt_blank: np.ndarray
    row: np.ndarray

    @classmethod
    def of(cls, table: pa.Table) -> Parsed:
        """The columns of a parsed table (``id``, ``id_blank``, ``t``, ..., ``_row``)."""

        def values(name: str, dtype: type) -> np.ndarray:
            column = table.column(name)
            if dtype is np.int64:
                column = pc.fill_null(column, 0)
            return np.asarray(column.to_numpy(zero_copy_only=False), dtype=dtype)

        read = {
            f.name: values(f.name, bool if f.name.endswith("_blank") else np.float64)
            for f in fields(cls)
            if f.name not in ("id", "id_ok", "row")
        }
        return cls(
            id=values("id", np.int64),
            id_ok=np.asarray(table.column("id").is_valid().to_numpy(zero_copy_only=False)),
            row=values("_row", np.int64),
            **read,
        )


def _text_like(t: pa.DataType) -> bool:
    return any(
        check(t)
        for check in (
            pa.types.is_string,
            pa.types.is_large_string,
            pa.types.is_binary,
            pa.types.is_large_binary,
            getattr(pa.types, "is_string_view", lambda _t: False),
            getattr(pa.types, "is_binary_view", lambda _t: False),
        )
    )


def _holds_numbers(t: pa.DataType) -> bool:
    return bool(
        pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_decimal(t)
        or pa.types.is_null(t)
    )


def normalize_types(raw: pa.Table, *, source: str) -> pa.Table:
    """Columns as numbers, text (``string``) or times; other types refused by name.

    >>> try:
    ...     normalize_types(pa.table({"lat": [True]}), source="x.parquet")
    ... except InvalidInput as exc:
    ...     print(exc.errors[0])
    lat: a column of type bool cannot hold it (numbers or text expected)
    """
    for i, field in enumerate(raw.schema):
        if field.name in ("_row", "_raw"):
            continue
        col, t = raw.column(i), field.type
        if pa.types.is_dictionary(t):
            col, t = col.cast(t.value_type), t.value_type
        if _text_like(t) and not pa.types.is_string(t):
            col, t = pc.cast(col, options=_AS_TEXT), pa.string()
        elif pa.types.is_floating(t) and t != pa.float64():
            col, t = col.cast(pa.float64()), pa.float64()
        times = field.name == "timestamp" and (pa.types.is_timestamp(t) or pa.types.is_date(t))
        if not (times or _holds_numbers(t) or pa.types.is_string(t)):
            wanted = "a time, numbers or text" if field.name == "timestamp" else "numbers or text"
            raise InvalidInput.field(
                field.name,
                f"a column of type {t} cannot hold it ({wanted} expected)",
                source=source,
            )
        if col is not raw.column(i):
            raw = raw.set_column(i, field.name, col)
    return raw


def _is_text(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t))


def _number(col: str, t: pa.DataType) -> str:
    if _is_text(t):
        # DuckDB reads digit separators (1_5 is 15): a coordinate never has them.
        s = f"trim(CAST({col} AS VARCHAR))"
        return f"CASE WHEN NOT contains({s}, '_') THEN TRY_CAST({s} AS DOUBLE) END"
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
    return sql_epoch_seconds(f"trim(CAST({col} AS VARCHAR))", time_format)


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


_UNIT_PER_S = {"s": 1.0, "ms": 1e3, "us": 1e6, "ns": 1e9}


def parse_typed(raw: pa.Table, kind: Kind, names: set[str]) -> pa.Table | None:
    """Typed AIS columns (Parquet) parsed without a query; None when any is text."""
    wanted = [c for c in ("mmsi", "timestamp", "lat", "lon", "sog", "cog", "alt_m") if c in names]
    if kind != "ais" or "velocity_ms" in names:
        return None
    if any(_is_text(raw.schema.field(c).type) for c in wanted):
        return None
    n = raw.num_rows

    def number(name: str) -> pa.Array:
        if name not in names:
            return pa.nulls(n, pa.float64())
        # Unsafe: integers past 2**53 become the nearest double (out of range anyway).
        return raw.column(name).cast(pa.float64(), safe=False).combine_chunks()

    def blank(name: str) -> pa.Array:
        if name not in names:
            return pa.array(np.ones(n, dtype=bool))
        return raw.column(name).is_null().combine_chunks()

    ident = number("mmsi")
    whole = pc.and_(
        pc.equal(ident, pc.floor(ident)),
        pc.and_(pc.greater_equal(ident, 1.0), pc.less_equal(ident, 999_999_999.0)),
    )
    ident = pc.if_else(whole, ident, pa.scalar(None, pa.float64())).cast(pa.int64())
    ts_type = raw.schema.field("timestamp").type
    if pa.types.is_timestamp(ts_type):
        t = pc.divide(  # nanoseconds since 1970 pass 2**53: the nearest double will do
            raw.column("timestamp").cast(pa.int64()).cast(pa.float64(), safe=False),
            _UNIT_PER_S[ts_type.unit],
        ).combine_chunks()
    elif pa.types.is_date(ts_type):
        return None
    else:
        t = number("timestamp")
    return pa.table(
        {
            "id": ident,
            "id_blank": blank("mmsi"),
            "t": t,
            "t_blank": blank("timestamp"),
            "lat": number("lat"),
            "lat_blank": blank("lat"),
            "lon": number("lon"),
            "lon_blank": blank("lon"),
            "sog": number("sog"),
            "sog_blank": blank("sog"),
            "cog": number("cog"),
            "cog_blank": blank("cog"),
            "alt": number("alt_m"),
            "alt_blank": blank("alt_m"),
            "_row": raw.column("_row").cast(pa.int64()).combine_chunks(),
        }
    )


def parse_with_duckdb(
    raw: pa.Table, kind: Kind, id_col: str, time_format: str | None, names: set[str]
) -> pa.Table:
    """Text or mixed columns parsed by DuckDB's tolerant casts (see :func:`ascii_only`)."""
    raw = ascii_only(raw)
    ty = {f.name: f.type for f in raw.schema}
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
    sql = f"""
      SELECT
        {_identifier(kind, id_col, ty[id_col])} AS id, {_blank(id_col, ty[id_col])} AS id_blank,
        {_time("timestamp", ty["timestamp"], time_format)} AS t,
        {_blank("timestamp", ty["timestamp"])} AS t_blank,
        {_number("lat", ty["lat"])} AS lat, {_blank("lat", ty["lat"])} AS lat_blank,
        {_number("lon", ty["lon"])} AS lon, {_blank("lon", ty["lon"])} AS lon_blank,
        {sog} AS sog, {sog_blank} AS sog_blank,
        {cog} AS cog, {cog_blank} AS cog_blank,
        {alt} AS alt, {alt_blank} AS alt_blank,
        CAST(_row AS BIGINT) AS _row
      FROM raw
    """
    import duckdb  # only for text the fast paths leave (see parse_text)

    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        con.execute("SET preserve_insertion_order = true")
        con.register("raw", raw)
        parsed = con.sql(sql).to_arrow_table()
    finally:
        con.close()
    return parsed


def ascii_only(raw: pa.Table) -> pa.Table:
    """Text values with a byte outside ASCII (never valid in these columns, possibly not
    even UTF-8) replaced by a marker that no parser accepts, so that they are rejected
    as bad values of their field instead of upsetting the parser."""
    for i, field in enumerate(raw.schema):
        if field.name in ("_row", "_raw") or not _is_text(field.type):
            continue
        col = raw.column(i)
        ok = pc.string_is_ascii(col)
        if not pc.all(pc.fill_null(ok, True)).as_py():
            raw = raw.set_column(i, field.name, pc.if_else(ok, col, pa.scalar("\u0001")))
    return raw

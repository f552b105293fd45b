"""Timestamps of the track formats: one grammar, read in bulk by DuckDB, by line for NMEA.

A timestamp is either Unix seconds (``1704067200``, ``1704067200.5``) or ISO 8601 with a
date and a time of day, ``YYYY-MM-DD``, ``T`` or a space, ``hh:mm[:ss[.fraction]]``, and
optionally an offset: ``Z``, `` UTC``, ``±hh``, ``±hhmm`` or ``±hh:mm`` within the offsets
clocks really use (``-14:00`` to ``+14:00``, minutes below 60). A time without an offset
is UTC. Anything else (zone names, a bare date, week dates, ``+99:99``, ``nan``, digit
separators) is not a time: its row is rejected as ``bad_timestamp``, never shifted.
Whether the instant lies in the accepted range (:data:`.schema.EARLIEST` to
:data:`.schema.LATEST`) is checked afterwards, with the other rules.

The patterns below are written in the subset that RE2 (DuckDB) and Python's ``re`` read
alike, so that a CSV file and an NMEA log accept exactly the same times.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cosec.errors import InvalidInput

EPOCH_PATTERN = r"[+-]?[0-9]+(\.[0-9]+)?"
"""Unix seconds: digits, optionally a sign and a decimal fraction (no exponent)."""

OFFSET_PATTERN = r"[+-](0[0-9]|1[0-3])(:?[0-5][0-9])?|[+-]14(:?00)?"
"""A UTC offset clocks really use: ``±hh``, ``±hhmm`` or ``±hh:mm`` up to 14 hours."""

ISO_PATTERN = (
    r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?"
    rf"(Z| UTC|{OFFSET_PATTERN})?"
)
"""ISO 8601 date and time of day, with an optional offset (days past a month's end are
left to the calendar: DuckDB's cast and Python's ``datetime`` refuse them)."""

_EPOCH = re.compile(EPOCH_PATTERN)
_ISO = re.compile(ISO_PATTERN)
_DIRECTIVE = re.compile(r"%.")


def sql_epoch_seconds(text: str, time_format: str | None = None) -> str:
    """A DuckDB expression: epoch seconds of the trimmed text ``text``, NULL if not a time.

    With ``time_format`` (a ``strptime`` format), values are read with it first and as
    Unix seconds only if it does not fit; an offset (``%z``) must then end the format's
    fields, so that it can be checked like an ISO one.
    """
    epoch = (
        f"CASE WHEN regexp_full_match({text}, '{EPOCH_PATTERN}') "
        f"THEN TRY_CAST({text} AS DOUBLE) END"
    )
    if time_format is None:
        return (
            f"CASE WHEN regexp_full_match({text}, '{ISO_PATTERN}') "
            f"THEN epoch_ms(TRY_CAST({text} AS TIMESTAMPTZ)) / 1000.0 ELSE {epoch} END"
        )
    fmt = time_format.replace("'", "''")
    parsed = f"epoch_ms(CAST(try_strptime({text}, '{fmt}') AS TIMESTAMPTZ)) / 1000.0"
    tail = _offset_tail(time_format)
    if tail is not None:
        parsed = f"CASE WHEN regexp_matches({text}, '{tail}') THEN {parsed} END"
    return f"COALESCE({parsed}, {epoch})"


def check_time_format(time_format: str) -> None:
    """Raise :class:`~cosec.errors.InvalidInput` unless DuckDB reads values with the format.

    >>> check_time_format("%d/%m/%Y %H:%M:%S")
    >>> try:
    ...     check_time_format("%d/%m/%Y %")
    ... except InvalidInput as exc:
    ...     print(exc)
    time_format: not a strptime format: Trailing format character %
    """
    import duckdb

    _offset_tail(time_format)
    con = duckdb.connect()
    try:
        con.execute("SELECT try_strptime('', ?)", [time_format]).fetchall()
    except duckdb.Error as exc:
        why = str(exc).splitlines()[0].split(f"{time_format}: ", 1)[-1]
        why = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in why)
        raise InvalidInput.field("time_format", f"not a strptime format: {why}") from exc
    except UnicodeDecodeError as exc:  # DuckDB's message, cut inside a character
        raise InvalidInput.field("time_format", "not a strptime format") from exc
    finally:
        con.close()


def _offset_tail(time_format: str) -> str | None:
    """A pattern for the end of a value read with a format holding ``%z`` (else None)."""
    directives = list(_DIRECTIVE.finditer(time_format))
    zones = [d for d in directives if d.group() == "%z"]
    if not zones:
        return None
    if any(d.group() != "%%" for d in directives if d.start() > zones[-1].start()):
        raise InvalidInput.field("time_format", "%z must come after every other field")
    suffix = time_format[zones[-1].end() :].replace("%%", "%")
    return f"(Z|{OFFSET_PATTERN}){re.escape(suffix)}$".replace("'", "''")


def parse_time(text: str) -> float | None:
    """Epoch seconds of a timestamp in the grammar above, else None.

    Unix time above ``1e11`` is taken as milliseconds (some NMEA tag blocks carry them).

    >>> parse_time("1704067200"), parse_time("2024-01-01T08:00:00+08:00")
    (1704067200.0, 1704067200.0)
    >>> parse_time("2024-01-01T08:00:00+99:99"), parse_time("nan"), parse_time("2024-01-01")
    (None, None, None)
    """
    text = text.strip(" ")
    if _EPOCH.fullmatch(text):
        value = float(text)
        return value / 1000.0 if value > 1e11 else value
    if not _ISO.fullmatch(text):
        return None
    if text.endswith(" UTC"):
        text = text[:-4] + "Z"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:  # a day past the month's end
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def looks_like_time(text: str) -> bool:
    """Whether text starts like a number or a date (so a failed parse is a bad time).

    >>> looks_like_time("2024-13-01T00:00:00Z"), looks_like_time("rcv1")
    (True, False)
    """
    text = text.strip(" ")
    return bool(text) and (text[0].isdigit() or (text[0] in "+-" and text[1:2].isdigit()))

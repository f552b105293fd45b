"""Canonical bytes and times: RFC 8785 JSON (via ``rfc8785``) and strict RFC 3339 UTC.

The JSON canonicalisation is the ``rfc8785`` package's (Trail of Bits), not ours; this
module only maps its errors to :class:`~cosec.errors.InvalidInput` and fixes one time
format, so that a client in any language can rebuild the exact bytes it signs.

>>> canonical_json({"b": 1, "a": [True, None, "é"]})
b'{"a":[true,null,"\\xc3\\xa9"],"b":1}'
>>> format_time(parse_time("2025-03-01T08:00:00.250Z"))
'2025-03-01T08:00:00.250000Z'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import rfc8785

from cosec.errors import InvalidInput

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer I-JSON (RFC 7493), hence RFC 8785, represents exactly."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


def canonical_json(value: Any, *, what: str = "value") -> bytes:
    """RFC 8785 canonical UTF-8 bytes of a JSON value (dicts, lists, str, int, float...).

    Raises :class:`~cosec.errors.InvalidInput` naming ``what`` for values JSON cannot
    carry exactly: NaN or infinite floats, integers beyond ±(2**53 - 1), non-string keys.
    """
    try:
        return rfc8785.dumps(value)
    except rfc8785.IntegerDomainError:
        raise InvalidInput.field(what, "holds an integer beyond ±(2**53 - 1)") from None
    except rfc8785.FloatDomainError:
        raise InvalidInput.field(what, "holds a NaN or infinite number") from None
    except rfc8785.CanonicalizationError as exc:
        raise InvalidInput.field(what, f"is not canonical JSON: {exc}") from None


def parse_time(text: str, *, what: str = "time") -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` (UTC, 'Z', at most 6 fraction digits)."""
    if not _TIME.fullmatch(text):
        raise InvalidInput.field(what, "must be RFC 3339 UTC: YYYY-MM-DDTHH:MM:SS[.ffffff]Z")
    try:
        parsed = datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput.field(what, "is not a valid date and time") from None
    if parsed < EPOCH:
        raise InvalidInput.field(what, "must not be before 1970")
    return parsed


def format_time(at: datetime) -> str:
    """A timezone-aware time as RFC 3339 UTC: seconds, or microseconds when non-zero."""
    if at.tzinfo is None:
        raise InvalidInput.field("time", "must be timezone-aware")
    at = at.astimezone(UTC)
    fraction = f".{at.microsecond:06d}" if at.microsecond else ""
    return at.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def to_micros(at: datetime) -> int:
    """Whole microseconds since 1970-01-01T00:00:00Z (exact, no float rounding)."""
    if at.tzinfo is None:
        raise InvalidInput.field("time", "must be timezone-aware")
    return (at - EPOCH) // timedelta(microseconds=1)


def from_micros(micros: int) -> datetime:
    """Inverse of :func:`to_micros`."""
    return EPOCH + timedelta(microseconds=micros)

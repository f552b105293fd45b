"""Canonical bytes and times: RFC 8785 JSON (via ``rfc8785``) and strict RFC 3339 UTC.

The JSON canonicalisation is the ``rfc8785`` package's (Trail of Bits), not ours; this
module maps its errors to :class:`~cosec.errors.InvalidInput` and fixes one time format,
so that a client in any language can rebuild the exact bytes it signs.

One shortcut, because every submission is canonicalised on the hot path and ``rfc8785``
is pure Python (3.5 times slower than the fast path below on a notification envelope,
measured on the development machine): for
values with integers in the I-JSON range, ASCII object keys, and floats that are not
whole numbers and lie between 1e-4 and 1e16 in magnitude, the standard library's
``json.dumps`` (sorted keys, no whitespace, UTF-8) already writes RFC 8785's bytes: both
escape exactly ``"``, ``\\`` and the control characters, with the short escapes where
they exist and lowercase ``\\u00xx`` otherwise, and both print a float's shortest
round-trip digits, which in that range Python and ECMAScript lay out alike. Other floats
(``5.0`` is ``5`` in ECMAScript; exponents differ), astral characters in keys (sorted by
UTF-16 code units) and everything else go to ``rfc8785``. A property test checks the two
agree.

>>> canonical_json({"b": 1, "a": [True, None, "é"]})
b'{"a":[true,null,"\\xc3\\xa9"],"b":1}'
>>> format_time(parse_time("2025-03-01T08:00:00.250Z"))
'2025-03-01T08:00:00.250000Z'
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import rfc8785

from cosec.errors import InvalidInput

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer I-JSON (RFC 7493), hence RFC 8785, represents exactly."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON value (real payloads use < 10)."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_PLAIN_INTEGER_FLOATS = 1e21
"""ECMAScript writes whole numbers below this without an exponent, as integers."""


def canonical_json(value: Any, *, what: str = "value") -> bytes:
    """RFC 8785 canonical UTF-8 bytes of a JSON value (dicts, lists, str, int, float...).

    Raises :class:`~cosec.errors.InvalidInput` naming ``what`` for values JSON cannot
    carry exactly: NaN or infinite floats, integers beyond ±(2**53 - 1) (and whole floats
    beyond it below 1e21, which RFC 8785 writes as such integers), non-string keys, lone
    surrogates, nesting deeper than :data:`MAX_JSON_DEPTH`.
    """
    if _scan(value, what):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: let rfc8785 say what is wrong
            pass
    try:
        return rfc8785.dumps(value)
    except rfc8785.IntegerDomainError:
        raise InvalidInput.field(what, "holds an integer beyond ±(2**53 - 1)") from None
    except rfc8785.FloatDomainError:
        raise InvalidInput.field(what, "holds a NaN or infinite number") from None
    except UnicodeError:  # a lone surrogate in a key, which rfc8785 sorts as UTF-16
        raise InvalidInput.field(what, "holds a key that is not Unicode text") from None
    except rfc8785.CanonicalizationError as exc:  # a lone surrogate in a string, a set...
        raise InvalidInput.field(what, f"is not canonical JSON: {exc}") from None


def _scan(value: Any, what: str) -> bool:
    """Check nesting and whole floats; True when ``json.dumps`` writes RFC 8785's bytes.

    Iterative, so that no value can exhaust the stack; see the module docstring for when
    ``json.dumps`` and RFC 8785 agree.
    """
    plain = True
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict or kind is list or kind is tuple:
            if depth >= MAX_JSON_DEPTH:
                raise InvalidInput.field(what, f"nests deeper than {MAX_JSON_DEPTH} levels")
            if kind is dict:
                for key, inner in item.items():
                    if type(key) is not str or not key.isascii():
                        plain = False
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)
        elif kind is int:
            if not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                plain = False  # rfc8785 refuses it, with its own message
        elif kind is float:  # both print the shortest round-trip digits, here alike
            if item.is_integer() and MAX_SAFE_INTEGER < abs(item) < _PLAIN_INTEGER_FLOATS:
                raise InvalidInput.field(
                    what,
                    "holds a whole number beyond ±(2**53 - 1); "
                    "RFC 8785 writes it as an integer, which JSON cannot carry exactly",
                )
            if item.is_integer() or not 1e-4 <= abs(item) < 1e16:
                plain = False
        else:
            plain = False
    return plain


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"number {text[:20]} is out of range")
    return number


def _refuse_constant(text: str) -> None:
    raise ValueError(f"{text} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def parse_json(text: str | bytes, *, what: str, max_bytes: int) -> Any:
    """Parse I-JSON (RFC 7493) strictly: UTF-8, at most ``max_bytes``, no duplicate keys,
    no NaN or Infinity, no nesting beyond :data:`MAX_JSON_DEPTH`.

    Raises :class:`~cosec.errors.InvalidInput` naming ``what``, whatever the input.
    """
    if len(text) > max_bytes:  # a character takes at least one byte
        unit = "bytes" if isinstance(text, bytes) else "characters"
        raise InvalidInput.field(
            what, f"has {len(text)} {unit}, at most {max_bytes} bytes accepted"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput.field(what, "is not valid UTF-8") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite,
        )
    except RecursionError:
        raise InvalidInput.field(what, f"nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, a duplicate key, a 5,000-digit integer
        raise InvalidInput.field(what, f"is not valid JSON ({exc})") from None
    _scan(value, what)
    return value


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

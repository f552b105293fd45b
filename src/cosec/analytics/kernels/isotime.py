"""ISO 8601 times to the second, read from the bytes of a column of text in one pass.

A column of text is given as Arrow holds it: ``chars``, every value's bytes end to end,
and ``offsets``, where each value starts (``n + 1`` of them). :func:`iso_seconds` reads
the values spelled ``YYYY-MM-DDThh:mm:ss`` (``T`` or a space), optionally followed by
``Z``, of a real day (no 30 February, no second 60) in the years ``first_year`` to
``last_year``, as seconds since 1970-01-01T00:00:00Z; it leaves every other value unread,
for a general parser to judge.

>>> text = b"2024-01-01T00:00:00Z" + b"2024-02-29 12:00:00" + b"2023-02-29 12:00:00" + b"x"
>>> offsets = np.array([0, 20, 39, 58, 59])
>>> t, read, empty = iso_seconds(np.frombuffer(text, dtype=np.uint8), offsets, 1900, 2199)
>>> t.tolist()[:2], read.tolist(), empty.tolist()
([1704067200.0, 1709208000.0], [True, True, False, False], [False, False, False, False])
"""

from __future__ import annotations

import numpy as np
from numba import njit

_EPOCH_DAY = 719_468
"""Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar."""


@njit(cache=True, inline="always")
def _two(chars: np.ndarray, at: int) -> int:
    """The number of two digit bytes at ``at``, or -1 if either is not a digit."""
    hi = int(chars[at]) - 48
    lo = int(chars[at + 1]) - 48
    if hi < 0 or hi > 9 or lo < 0 or lo > 9:
        return -1
    return hi * 10 + lo


@njit(cache=True, inline="always")
def _month_days(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    if month in (4, 6, 9, 11):
        return 30
    return 31


@njit(cache=True, nogil=True)
def iso_seconds(
    chars: np.ndarray, offsets: np.ndarray, first_year: int, last_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seconds of each value spelled ``YYYY-MM-DD[T ]hh:mm:ss[Z]`` (NaN for the others),
    whether it was so spelled (see the module's docstring), and whether it is empty."""
    n = offsets.shape[0] - 1
    t = np.full(n, np.nan)
    read = np.zeros(n, dtype=np.bool_)
    empty = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        s = offsets[i]
        width = offsets[i + 1] - s
        empty[i] = width == 0
        if width != 19 and (width != 20 or chars[s + 19] != 90):  # 90: Z
            continue
        if chars[s + 4] != 45 or chars[s + 7] != 45 or chars[s + 13] != 58:  # - - :
            continue
        if chars[s + 16] != 58 or (chars[s + 10] != 84 and chars[s + 10] != 32):  # : T|space
            continue
        century, yy = _two(chars, s), _two(chars, s + 2)
        month, day = _two(chars, s + 5), _two(chars, s + 8)
        hour, minute, second = _two(chars, s + 11), _two(chars, s + 14), _two(chars, s + 17)
        if min(century, yy, month, day, hour, minute, second) < 0:
            continue
        year = century * 100 + yy
        if year < first_year or year > last_year or month < 1 or month > 12:
            continue
        if day < 1 or day > _month_days(year, month) or hour > 23 or minute > 59 or second > 59:
            continue
        # Days since 1970-01-01 (H. Hinnant's days_from_civil; the year starts in March).
        y = year - 1 if month <= 2 else year
        era = y // 400
        yoe = y - era * 400
        doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
        days = era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - _EPOCH_DAY
        t[i] = float(days * 86_400 + hour * 3_600 + minute * 60 + second)
        read[i] = True
    return t, read, empty

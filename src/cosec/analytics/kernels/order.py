"""Reports into track order: vessel codes, sort by vessel and time, duplicates, jumps.

AIS arrives in reception order, which is time order for a live feed and anything for a
merged archive. :func:`track_order` is a stable counting sort by vessel (linear time)
followed by a check of each vessel's times, sorting only the vessels that need it, so
the common case costs two passes instead of a general sort. :func:`clean_tracks` then
drops exact duplicates (kept: the first) and marks physically impossible jumps, where
the track is split.

>>> ids = np.array([7, 3, 7, 3])
>>> uniq, code = factorize(ids)
>>> uniq.tolist(), code.tolist()
([3, 7], [1, 0, 1, 0])
>>> track_order(code, np.array([5.0, 1.0, 2.0, 4.0])).tolist()
[1, 3, 2, 0]
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import KNOT, local_distance_m


@njit(cache=True, inline="always")
def _slot(key: int, bits: int) -> int:
    h = (np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)
    return np.int64(h)  # type: ignore[return-value]


@njit(cache=True)
def _hash_codes(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-appearance codes of int64 ids through an open-addressing hash table."""
    n = ids.shape[0]
    bits = 10
    table_key = np.empty(1 << bits, dtype=np.int64)
    table_val = np.full(1 << bits, -1, dtype=np.int64)
    uniq = np.empty(1024, dtype=np.int64)
    n_uniq = 0
    codes = np.empty(n, dtype=np.int64)
    for i in range(n):
        key = ids[i]
        mask = (1 << bits) - 1
        h = _slot(key, bits)
        while table_val[h] >= 0 and table_key[h] != key:
            h = (h + 1) & mask
        if table_val[h] >= 0:
            codes[i] = table_val[h]
            continue
        table_key[h] = key
        table_val[h] = n_uniq
        codes[i] = n_uniq
        if n_uniq == uniq.shape[0]:
            grown = np.empty(2 * n_uniq, dtype=np.int64)
            grown[:n_uniq] = uniq
            uniq = grown
        uniq[n_uniq] = key
        n_uniq += 1
        if 2 * n_uniq > (1 << bits):
            # Rebuild the table twice as large.
            bits += 1
            mask = (1 << bits) - 1
            table_key = np.empty(1 << bits, dtype=np.int64)
            table_val = np.full(1 << bits, -1, dtype=np.int64)
            for c in range(n_uniq):
                g = _slot(uniq[c], bits)
                while table_val[g] >= 0:
                    g = (g + 1) & mask
                table_key[g] = uniq[c]
                table_val[g] = c
    return uniq[:n_uniq], codes


def factorize(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct ids and, per row, the index of its id (``int32``).

    Codes follow the order of the ids, so ``code_a < code_b`` exactly when
    ``id_a < id_b``.
    """
    uniq, first = _hash_codes(np.ascontiguousarray(ids, dtype=np.int64))
    order = np.argsort(uniq, kind="stable")
    rank = np.empty(order.size, dtype=np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    return uniq[order], rank[first]


@njit(cache=True)
def track_order(code: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Permutation sorting rows by vessel code, then time (stable: ties keep input order).

    >>> track_order(np.array([1, 0, 0]), np.array([0.0, 9.0, 3.0])).tolist()
    [2, 1, 0]
    """
    n = code.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    n_codes = code.max() + 1
    start = np.zeros(n_codes + 1, dtype=np.int64)
    for i in range(n):
        start[code[i] + 1] += 1
    for c in range(n_codes):
        start[c + 1] += start[c]
    fill = start[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[fill[code[i]]] = i
        fill[code[i]] += 1
    for c in range(n_codes):
        lo = start[c]
        hi = start[c + 1]
        ordered = True
        for k in range(lo + 1, hi):
            if t[order[k]] < t[order[k - 1]]:
                ordered = False
                break
        if not ordered:
            run = order[lo:hi].copy()
            sub = np.argsort(t[run], kind="mergesort")
            for k in range(hi - lo):
                order[lo + k] = run[sub[k]]
    return order


@njit(cache=True, inline="always")
def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


@njit(cache=True)
def clean_tracks(
    code: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    sog: np.ndarray,
    cog: np.ndarray,
    alt: np.ndarray,
    max_speed_kn: float,
    tolerance_m: float,
) -> tuple[np.ndarray, np.ndarray]:
    """``keep`` (not an exact duplicate of an earlier row) and ``jump`` (starts a new piece).

    Rows are in track order. A kept row is a jump when reaching it from the vessel's
    previous kept row needs more than ``max_speed_kn`` (plus ``tolerance_m`` for position
    noise): the track is split there rather than interpolated through an impossible move.

    >>> keep, jump = clean_tracks(np.zeros(4, np.int64), np.array([0.0, 0.0, 60.0, 120.0]),
    ...     np.array([0.0, 0.0, 0.0, 1.0]), np.zeros(4), np.zeros(4), np.zeros(4),
    ...     np.zeros(4), 50.0, 100.0)
    >>> keep.tolist(), jump.tolist()
    ([True, False, True, True], [False, False, False, True])
    """
    n = code.shape[0]
    keep = np.ones(n, dtype=np.bool_)
    jump = np.zeros(n, dtype=np.bool_)
    run_start = 0
    prev = -1
    for i in range(n):
        if i > 0 and (code[i] != code[i - 1] or t[i] != t[i - 1]):
            run_start = i
        # Exact duplicate of an earlier row with the same vessel and time?
        for j in range(run_start, i):
            if (
                keep[j]
                and _same(lat[i], lat[j])
                and _same(lon[i], lon[j])
                and _same(sog[i], sog[j])
                and _same(cog[i], cog[j])
                and _same(alt[i], alt[j])
            ):
                keep[i] = False
                break
        if not keep[i]:
            continue
        if prev >= 0 and code[prev] == code[i]:
            allowed = max_speed_kn * KNOT * (t[i] - t[prev]) + tolerance_m
            # Metres per degree never exceed 111,700 (latitude, at the poles), so a move
            # this small in degrees needs no exact distance.
            dlat = abs(lat[i] - lat[prev])
            dlon = abs(lon[i] - lon[prev])
            dlon = min(dlon, 360.0 - dlon)
            if (dlat + dlon) * 111_700.0 > allowed and (
                local_distance_m(lat[prev], lon[prev], lat[i], lon[i]) > allowed
            ):
                jump[i] = True
        prev = i
    return keep, jump

"""Reporting gaps: consecutive reports of a vessel too far apart in time.

A gap is the time between two consecutive reports of one vessel when it is at least a
threshold (Global Fishing Watch: 6 h). Whether the vessel was in good reception before
the gap is judged from how many reports it sent in a window before it
(:func:`reports_before`).

>>> t = np.array([0.0, 3600.0, 40000.0])
>>> gap_starts(np.array([0, 0, 0]), t, np.arange(3), 21600.0).tolist()
[1]
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def gap_starts(code: np.ndarray, t: np.ndarray, seq: np.ndarray, min_gap_s: float) -> np.ndarray:
    """Indices ``i`` where report ``i + 1`` of the same vessel follows ``min_gap_s`` or later.

    Reports are in track order; ``seq`` makes sure the two reports are consecutive in the
    vessel's whole track (not only in a subset).
    """
    n = code.shape[0]
    out = np.empty(max(n - 1, 0), dtype=np.int64)
    m = 0
    for i in range(n - 1):
        if code[i] == code[i + 1] and seq[i + 1] == seq[i] + 1 and t[i + 1] - t[i] >= min_gap_s:
            out[m] = i
            m += 1
    return out[:m]


@njit(cache=True)
def reports_before(code: np.ndarray, t: np.ndarray, window_s: float) -> np.ndarray:
    """Per report, how many reports of its vessel fall in ``[t - window_s, t]`` (itself too).

    >>> reports_before(np.array([0, 0, 0, 1]), np.array([0.0, 10.0, 100.0, 5.0]), 50.0).tolist()
    [1, 2, 1, 1]
    """
    n = code.shape[0]
    out = np.empty(n, dtype=np.int64)
    lo = 0
    for i in range(n):
        if i == 0 or code[i] != code[i - 1]:
            lo = i
        while t[lo] < t[i] - window_s:
            lo += 1
        out[i] = i - lo + 1
    return out

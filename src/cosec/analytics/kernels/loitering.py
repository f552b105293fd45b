"""Loitering: runs of slow track segments (Global Fishing Watch: average below 2 kn).

A segment is *slow* when its implied speed (distance between its two reports over their
time apart) is below a limit; the caller also requires both reports far enough from
shore. :func:`segment_runs` joins consecutive flagged segments of a vessel into runs.

>>> first, last = segment_runs(np.array([3, 4, 5, 9, 10]))
>>> first.tolist(), last.tolist()
([3, 9], [5, 10])
"""

from __future__ import annotations

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import KNOT, local_distance_m


@njit(cache=True)
def segment_speeds(
    seg: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Length (m) and implied speed (kn) of each segment ``i -> i + 1``.

    >>> d, v = segment_speeds(np.array([0]), np.array([0.0, 3600.0]), np.zeros(2),
    ...                       np.array([0.0, 1852.0 / 111319.49]))
    >>> round(float(v[0]), 3)
    1.0
    """
    n = seg.shape[0]
    dist = np.empty(n)
    speed = np.empty(n)
    for k in range(n):
        i = seg[k]
        dist[k] = local_distance_m(lat[i], lon[i], lat[i + 1], lon[i + 1])
        speed[k] = dist[k] / (t[i + 1] - t[i]) / KNOT
    return dist, speed


@njit(cache=True)
def segment_runs(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of consecutive segments (``seg[k + 1] == seg[k] + 1``): first and last of each.

    ``seg`` holds sorted segment start indices; two segments are consecutive when the
    second starts at the report where the first ends.
    """
    n = seg.shape[0]
    first = np.empty(n, dtype=np.int64)
    last = np.empty(n, dtype=np.int64)
    m = 0
    for k in range(n):
        if k == 0 or seg[k] != seg[k - 1] + 1:
            first[m] = seg[k]
            m += 1
        last[m - 1] = seg[k]
    return first[:m], last[:m]

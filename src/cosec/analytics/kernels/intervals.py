"""Time intervals into episodes: merge what touches, pick the extreme, weigh medians.

Every event kind ends the same way: many small intervals (one per segment or segment
pair) that belong to the same subject (a vessel, a pair of vessels) are merged into
episodes when they touch or, where a definition says so, when they are closer than a
tolerance. These helpers do that over sorted arrays.

>>> ep = episode_ids(np.array([1, 1, 1, 2]), np.array([0.0, 10.0, 50.0, 0.0]),
...                  np.array([10.0, 20.0, 60.0, 5.0]), 0.0)
>>> ep.tolist()
[0, 0, 1, 2]
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def episode_ids(key: np.ndarray, start: np.ndarray, end: np.ndarray, join_s: float) -> np.ndarray:
    """Episode number of each interval; input sorted by ``key`` then ``start``.

    An interval joins the running episode of its key when it starts no later than
    ``join_s`` seconds after the latest end seen so far in that episode.

    >>> episode_ids(np.array([0, 0]), np.array([0.0, 30.0]), np.array([10.0, 40.0]), 20.0).tolist()
    [0, 0]
    """
    n = key.shape[0]
    out = np.empty(n, dtype=np.int64)
    ep = -1
    run_end = 0.0
    for i in range(n):
        if i == 0 or key[i] != key[i - 1] or start[i] > run_end + join_s:
            ep += 1
            run_end = end[i]
        else:
            run_end = max(run_end, end[i])
        out[i] = ep
    return out


@njit(cache=True)
def argmin_per_group(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Index of the smallest ``value`` in each run of equal ``group`` (first on ties).

    >>> argmin_per_group(np.array([0, 0, 1]), np.array([5.0, 3.0, 1.0])).tolist()
    [1, 2]
    """
    n = group.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    n_groups = 1
    for i in range(1, n):
        if group[i] != group[i - 1]:
            n_groups += 1
    out = np.empty(n_groups, dtype=np.int64)
    g = 0
    best = 0
    for i in range(1, n + 1):
        if i == n or group[i] != group[i - 1]:
            out[g] = best
            g += 1
            best = i
        elif value[i] < value[best]:
            best = i
    return out


@njit(cache=True)
def weighted_median_per_group(
    group: np.ndarray, value: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """Weighted median of ``value`` in each run of equal ``group``.

    The smallest value whose cumulative weight reaches half the group's weight; a group
    with zero total weight gets its plain median.

    >>> weighted_median_per_group(np.array([0, 0, 0]), np.array([1.0, 5.0, 2.0]),
    ...                           np.array([1.0, 1.0, 10.0])).tolist()
    [2.0]
    """
    n = group.shape[0]
    starts = [0]
    for i in range(1, n):
        if group[i] != group[i - 1]:
            starts.append(i)
    starts.append(n)
    out = np.empty(len(starts) - 1)
    for g in range(len(starts) - 1):
        lo = starts[g]
        hi = starts[g + 1]
        v = value[lo:hi]
        w = weight[lo:hi]
        order = np.argsort(v, kind="mergesort")
        total = w.sum()
        if total <= 0.0:
            out[g] = np.median(v)
            continue
        acc = 0.0
        for o in order:
            acc += w[o]
            if acc >= 0.5 * total:
                out[g] = v[o]
                break
    return out

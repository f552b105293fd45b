"""Track segments and the space-time grid they are bucketed in.

A segment is a vessel between two consecutive reports that may be interpolated (same
track piece, no longer apart than the gap limit). :func:`index_segments` describes the
segments of reports sorted by vessel and time, and chooses the buckets: time slabs and
a latitude/longitude grid whose cell is the domain rule's ``threshold + closing speed x
time step`` (../shared/domain/README.md §7). The candidate search in :mod:`.pairs` is
exact whatever the buckets; their sizes only tune its speed.

>>> code = np.array([0, 0, 1, 1], dtype=np.int32)
>>> t = np.array([0.0, 600.0, 0.0, 600.0])
>>> lat = np.array([15.0, 15.0, 14.99, 15.01])
>>> lon = np.array([112.0, 112.1, 112.05, 112.05])
>>> idx = index_segments(code, t, lat, lon, np.array([0, 1, 0, 1]), np.zeros(4, np.bool_),
...                      max_gap_s=3600.0, max_distance_m=500.0)
>>> idx.segok.tolist(), round(idx.grid.cell_lat_deg, 3)
([1, 0, 1, 0], 0.074)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import KNOT, metres_per_degree

MARGIN_SAFETY = 1.01
"""Boxes are widened by 1 % more than half the threshold: covers rounding and the
difference between the frame used for the margins and the one the CPA is measured in."""
TILE_BITS = 4
TILE = 1 << TILE_BITS
"""Cells are grouped in tiles of 16 x 16; a slab is processed one tile at a time so that
the tables of the inner loops stay in the processor's fastest caches."""
CLOSING_SPEED_KN = 25.0
"""Closing speed in the domain rule for the default cell size (§7: 8.2 km at 500 m, 10 min)."""


@dataclass(frozen=True, slots=True)
class Grid:
    """Space-time buckets: time slabs of ``slab_s`` from ``t_base``, cells in degrees."""

    t_base: float
    slab_s: float
    cell_lat_deg: float
    nx: int
    """Number of longitude cells around the globe; a cell is ``360 / nx`` degrees wide."""


def grid_for(
    lat: np.ndarray,
    *,
    seg_duration_s: float,
    max_distance_m: float,
    t_base: float = 0.0,
    cell_m: float | None = None,
    slab_s: float | None = None,
    crowding: float = 1.0,
) -> Grid:
    """Buckets for segments of typical duration ``seg_duration_s`` near latitudes ``lat``.

    The cell is the domain rule's ``threshold + 25 kn x time step`` (8.2 km for 500 m and
    10 minutes) unless given. The slab spans several typical segments where the water is
    empty and fewer where it is crowded: ``crowding`` is the mean number of vessels in an
    occupied cell at one instant (see :func:`crowding_of`), and slabs aim at about a dozen
    segments per cell and slab (never less than two segments long, nor below 60 s).

    >>> g = grid_for(np.array([10.0, 20.0]), seg_duration_s=600.0, max_distance_m=500.0)
    >>> g.slab_s, round(g.cell_lat_deg, 3)
    (3600.0, 0.074)
    """
    if slab_s is None:
        per_cell = 12.0 / max(crowding, 1.0)
        slab_s = float(max(60.0, seg_duration_s * min(6.0, max(2.0, per_cell))))
    if cell_m is None:
        cell_m = max_distance_m + CLOSING_SPEED_KN * KNOT * max(seg_duration_s, 30.0)
    max_abs_lat = float(np.max(np.abs(lat))) if lat.size else 0.0
    kx, ky = metres_per_degree(min(max_abs_lat, 85.0))
    cell_lat = cell_m / ky
    nx = max(TILE, int(360.0 // (cell_m / kx)) // TILE * TILE)
    return Grid(t_base=float(t_base), slab_s=float(slab_s), cell_lat_deg=cell_lat, nx=nx)


def crowding_of(
    t: np.ndarray, lat: np.ndarray, lon: np.ndarray, *, window_s: float, cell_m: float
) -> float:
    """Mean number of reports per occupied cell over one ``window_s`` of the data (sampled).

    >>> crowding_of(np.zeros(4), np.zeros(4), np.array([0.0, 0.0, 1.0, 2.0]),
    ...             window_s=60.0, cell_m=1000.0)
    1.3333333333333333
    """
    if t.size == 0:
        return 1.0
    mid = float(np.median(t[:: max(1, t.size // 10_000)]))
    pick = np.flatnonzero(np.abs(t - mid) <= 0.5 * window_s)
    if pick.size == 0:
        return 1.0
    deg = cell_m / 111_000.0
    row = np.floor(lat[pick] / deg).astype(np.int64)
    col = np.floor(lon[pick] * np.cos(np.radians(lat[pick])) / deg).astype(np.int64)
    cells = np.unique(row * 10_000_000 + col).size
    return float(pick.size / max(cells, 1))


@njit(cache=True, inline="always")
def is_segment(
    i: int, code: np.ndarray, t: np.ndarray, seq: np.ndarray, brk: np.ndarray, max_gap_s: float
) -> bool:
    """Whether reports ``i`` and ``i + 1`` form a segment a track may be interpolated on."""
    dt = t[i + 1] - t[i]
    return (
        code[i] == code[i + 1]
        and seq[i + 1] == seq[i] + 1
        and not brk[i + 1]
        and dt > 0.0
        and dt <= max_gap_s
    )


@njit(cache=True)
def track_segments(
    code: np.ndarray, t: np.ndarray, seq: np.ndarray, brk: np.ndarray, max_gap_s: float
) -> np.ndarray:
    """Indices ``i`` of the reports that start a segment ``i -> i + 1``.

    Reports are sorted by vessel ``code`` and time; ``seq`` numbers a vessel's reports
    (so a subset read from a partition never joins reports that were not consecutive);
    ``brk[i]`` marks a report that starts a new track piece (after an impossible jump).
    A segment needs ``0 < dt <= max_gap_s``: a track is never interpolated across a gap.

    >>> track_segments(np.array([0, 0, 0, 1]), np.array([0.0, 60.0, 9000.0, 70.0]),
    ...                np.array([0, 1, 2, 0]), np.zeros(4, np.bool_), 3600.0).tolist()
    [0]
    """
    n = code.shape[0]
    out = np.empty(max(n - 1, 0), dtype=np.int64)
    m = 0
    for i in range(n - 1):
        if is_segment(i, code, t, seq, brk, max_gap_s):
            out[m] = i
            m += 1
    return out[:m]


@njit(cache=True)
def _runs(
    code: np.ndarray, t: np.ndarray, seq: np.ndarray, brk: np.ndarray, max_gap_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = code.shape[0]
    count = 1 if n else 0
    for i in range(1, n):
        if code[i] != code[i - 1]:
            count += 1
    vstart = np.empty(count + 1, dtype=np.int64)
    vcode = np.empty(count, dtype=np.int64)
    segok = np.zeros(n, dtype=np.uint8)
    c = 0
    for i in range(n):
        if i == 0 or code[i] != code[i - 1]:
            vstart[c] = i
            vcode[c] = code[i]
            c += 1
        if i + 1 < n and is_segment(i, code, t, seq, brk, max_gap_s):
            segok[i] = 1
    vstart[count] = n
    return vstart, vcode, segok


class SegmentIndex(NamedTuple):
    """What the candidate search reads besides positions: vessel runs, segments, grid.

    ``vstart[v]:vstart[v+1]`` are vessel ``v``'s reports (code ``vcode[v]``);
    ``segok[i]`` is 1 when reports ``i, i+1`` form a segment (:func:`is_segment`).
    """

    vstart: np.ndarray
    vcode: np.ndarray
    segok: np.ndarray
    grid: Grid
    n_slabs: int
    margin_m: float
    lat_min: float
    lat_max: float
    slab_load: np.ndarray
    """Reports per slab: the work estimate used to split slabs between workers."""


def typical_duration_s(code: np.ndarray, t: np.ndarray, max_gap_s: float) -> float:
    """Median time between consecutive reports of a vessel (sampled), for bucket sizes.

    >>> typical_duration_s(np.array([0, 0, 0]), np.array([0.0, 10.0, 40.0]), 3600.0)
    20.0
    """
    step = max(1, t.size // 200_000)
    i = np.arange(0, t.size - 1, step)
    dt = t[i + 1] - t[i]
    dt = dt[(code[i] == code[i + 1]) & (dt > 0) & (dt <= max_gap_s)]
    return float(np.median(dt)) if dt.size else 60.0


def index_segments(
    code: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    seq: np.ndarray,
    brk: np.ndarray,
    *,
    max_gap_s: float,
    max_distance_m: float,
    cell_m: float | None = None,
    slab_s: float | None = None,
) -> SegmentIndex:
    """Vessel runs, segments and the bucket grid of reports sorted by vessel and time.

    >>> idx = index_segments(np.array([0, 0]), np.array([0.0, 60.0]), np.zeros(2),
    ...                      np.zeros(2), np.arange(2), np.zeros(2, np.bool_),
    ...                      max_gap_s=3600.0, max_distance_m=100.0)
    >>> idx.vstart.tolist(), idx.segok.tolist(), idx.n_slabs
    ([0, 2], [1, 0], 1)
    """
    typical = typical_duration_s(code, t, max_gap_s)
    cell = cell_m or max_distance_m + CLOSING_SPEED_KN * KNOT * max(typical, 30.0)
    grid = grid_for(
        lat,
        seg_duration_s=typical,
        max_distance_m=max_distance_m,
        t_base=float(t.min()) if t.size else 0.0,
        cell_m=cell,
        slab_s=slab_s,
        crowding=crowding_of(t, lat, lon, window_s=typical, cell_m=cell) if slab_s is None else 1.0,
    )
    if t.size:
        load = np.bincount(((t - grid.t_base) // grid.slab_s).astype(np.int64))
    else:
        load = np.zeros(0, dtype=np.int64)
    vstart, vcode, segok = _runs(code, t, seq, brk, max_gap_s)
    lat_min = float(lat.min()) if lat.size else 0.0
    lat_max = float(lat.max()) if lat.size else 0.0
    return SegmentIndex(
        vstart, vcode, segok, grid, int(load.size), 0.5 * max_distance_m, lat_min, lat_max, load
    )


def slab_chunks(index: SegmentIndex, n_chunks: int) -> list[tuple[int, int]]:
    """Split the slabs into about ``n_chunks`` runs of similar work.

    >>> idx = index_segments(np.zeros(3, np.int32), np.array([0.0, 60.0, 120.0]),
    ...                      np.zeros(3), np.zeros(3), np.arange(3), np.zeros(3, np.bool_),
    ...                      max_gap_s=3600.0, max_distance_m=100.0)
    >>> slab_chunks(idx, 4)
    [(0, 1)]
    """
    ns = index.n_slabs
    if ns == 0:
        return []
    load = index.slab_load.astype(np.float64) ** 1.2
    cum = np.concatenate([[0.0], np.cumsum(load)])
    total = cum[-1]
    bounds = [0]
    for c in range(1, n_chunks):
        b = int(np.searchsorted(cum, total * c / n_chunks))
        if bounds[-1] < b < ns:
            bounds.append(b)
    bounds.append(ns)
    return [(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]

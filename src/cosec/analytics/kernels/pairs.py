"""Candidate pairs of track segments from space-time buckets, with none missed.

Each segment (one vessel between two consecutive reports) has a bounding box in
degrees, widened on every side by half the distance threshold (and by the bow of its
great circle towards the pole), and a time span. The
buckets are time slabs (``slab_s`` seconds) crossed with a latitude/longitude grid; a
segment is registered in every bucket its box and span touch. Two segments that come
within the threshold at some instant are both inside their boxes at that instant, so
their widened boxes and spans intersect and they share at least one bucket: **no pair
is missed, whatever the cell size or the speeds**. The domain rule for point grids
(cell >= threshold + closing speed x time step, ../shared/domain/README.md §7) is what
:func:`grid_for` uses as its default cell size; here it only tunes speed, since the
boxes already contain the whole motion.

Each pair is reported once, in the bucket at the lower corner of the intersection of
the two segments' bucket ranges (the "reference point" rule of spatial joins), so no
global de-duplication pass is needed. Within a slab, bucket entries are grouped by a
counting sort on a hash of the cell key: linear time, no Python objects.

Written by hand because no library joins moving segments in space-time under Numba:
shapely's STRtree and PostGIS' GiST index answer box queries one geometry at a time and
know nothing of time overlap or of this de-duplication.

>>> code = np.array([0, 0, 1, 1], dtype=np.int32)
>>> t = np.array([0.0, 600.0, 0.0, 600.0])
>>> lat = np.array([15.0, 15.0, 14.99, 15.01])
>>> lon = np.array([112.0, 112.1, 112.05, 112.05])
>>> seq, brk = np.array([0, 1, 0, 1]), np.zeros(4, np.bool_)
>>> idx = index_segments(code, t, lat, lon, seq, brk, max_gap_s=3600.0, max_distance_m=500.0)
>>> a, b = candidate_pairs(idx, t, lat, lon)
>>> a.tolist(), b.tolist()
([0], [2])
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import DEG, KNOT, M_MIN, metres_per_degree, wrap_lon

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


@njit(cache=True, inline="always")
def _ref_column(a0: int, a1: int, b0: int, b1: int, nx: int) -> int:
    """Lowest common column of two column ranges on a ring of ``nx`` columns, or -1."""
    for shift in (0, nx, -nx):
        lo = max(a0, b0 + shift)
        hi = min(a1, b1 + shift)
        if lo <= hi:
            return lo % nx
    return -1


@njit(cache=True, inline="always")
def ref_lon(lo_a: float, span_a: float, lo_b: float, span_b: float) -> float:
    """West edge of the intersection of two longitude ranges (degrees), or NaN if none.

    >>> ref_lon(179.0, 2.0, -179.5, 1.0)
    -179.5
    """
    for shift in (0.0, 360.0, -360.0):
        lo = max(lo_a, lo_b + shift)
        hi = min(lo_a + span_a, lo_b + span_b + shift)
        if lo <= hi:
            return wrap_lon(lo)
    return math.nan


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


@njit(cache=True)
def _grow(a: np.ndarray, size: int) -> np.ndarray:
    out = np.empty(size, dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def _grow2(a: np.ndarray, rows: int) -> np.ndarray:
    out = np.empty((rows, a.shape[1]), dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True, nogil=True)
def _candidates(
    vstart: np.ndarray,
    vcode: np.ndarray,
    segok: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    margin_m: float,
    t_base: float,
    slab_s: float,
    cell_lat_deg: float,
    nx: int,
    lat_min: float,
    lat_max: float,
    slab_from: int,
    slab_to: int,
    window: int,
    own_t0: float,
    own_t1: float,
    own_lon0: float,
    own_lon1: float,
) -> tuple[np.ndarray, np.ndarray]:
    cap = 1024
    out_a = np.empty(cap, dtype=np.int64)
    out_b = np.empty(cap, dtype=np.int64)
    m = 0
    check_lon = own_lon0 > -180.0 or own_lon1 < 180.0
    mlat = margin_m * MARGIN_SAFETY / (M_MIN * math.pi / 180.0)
    # Metres per degree of longitude at the upper edge of each 1/4-degree band of |lat|:
    # a conservative margin without trigonometry per segment.
    kx_band = np.empty(361)
    tan_band = np.empty(361)
    for b in range(361):
        kx_band[b] = metres_per_degree(min((b + 1) * 0.25, 89.9))[0]
        tan_band[b] = math.tan(min((b + 1) * 0.25, 89.9) * DEG)
    cell_lon = 360.0 / nx
    nv = vstart.shape[0] - 1
    # Per vessel, the first report whose segment may reach the current window.
    pv = np.empty(nv, dtype=np.int64)
    t_first = t_base + slab_from * slab_s
    for v in range(nv):
        lo = vstart[v]
        hi = vstart[v + 1] - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if t[mid + 1] < t_first:
                lo = mid + 1
            else:
                hi = mid
        pv[v] = lo
    # Tiles: rows of tiles from the data's southern edge, columns round the globe.
    ntx = nx >> TILE_BITS
    ty_lo = math.floor((lat_min - 2.0 * mlat + 90.0) / cell_lat_deg) >> TILE_BITS
    ty_hi = math.floor((lat_max + 2.0 * mlat + 90.0) / cell_lat_deg) >> TILE_BITS
    nty = ty_hi - ty_lo + 1
    per_slab = nty * ntx
    # Window buffers, reused: one row per segment (box: t0 t1 lat_lo lat_hi lon_lo
    # lon_span; cells: k0 k1 iy0 iy1 ix0 ix1 code; report), then per (slab, tile) the
    # rows that touch it.
    w_box = np.empty((4096, 6))
    w_int = np.empty((4096, 7), dtype=np.int64)
    w_seg = np.empty(4096, dtype=np.int64)
    g_ptr = np.empty(window * per_slab + 1, dtype=np.int64)
    g_rows = np.empty(4096, dtype=np.int64)
    # One tile of one slab: its rows copied close together, then bucket entries.
    t_box = np.empty((256, 6))
    t_int = np.empty((256, 7), dtype=np.int64)
    t_seg = np.empty(256, dtype=np.int64)
    e_item = np.empty(1024, dtype=np.int64)
    e_cell = np.empty(1024, dtype=np.int64)
    sorted_item = np.empty(1024, dtype=np.int64)
    n_cells = TILE * TILE
    start = np.empty(n_cells + 1, dtype=np.int64)
    for k_lo in range(slab_from, slab_to, window):
        k_hi = min(k_lo + window, slab_to)
        t_end = t_base + k_hi * slab_s
        # 1. Walk each vessel's reports through the window, in memory order.
        n_rows = 0
        g_ptr[:] = 0
        for v in range(nv):
            i = pv[v]
            last = vstart[v + 1] - 1
            nxt = -1
            while i < last and t[i] < t_end:
                k1 = math.floor((t[i + 1] - t_base) / slab_s)
                if nxt < 0 and k1 >= k_hi:
                    nxt = i
                if k1 >= k_lo and segok[i]:
                    if n_rows == w_box.shape[0]:
                        w_box = _grow2(w_box, 2 * n_rows)
                        w_int = _grow2(w_int, 2 * n_rows)
                        w_seg = _grow(w_seg, 2 * n_rows)
                    k0 = math.floor((t[i] - t_base) / slab_s)
                    la = lat[i]
                    lb = lat[i + 1]
                    lo = min(la, lb) - mlat
                    hi = max(la, lb) + mlat
                    top = min(max(abs(lo), abs(hi)), 89.9)
                    mlon = margin_m * MARGIN_SAFETY / kx_band[int(top * 4.0)]
                    dlon = wrap_lon(lon[i + 1] - lon[i])
                    # The great circle bows poleward of its ends by up to L^2 tan(lat) / 8.
                    arc2 = ((lb - la) * DEG) ** 2 + (dlon * DEG) ** 2
                    bow = arc2 * tan_band[int(top * 4.0)] / 8.0 / DEG * MARGIN_SAFETY
                    lo -= bow
                    hi += bow
                    west = wrap_lon(lon[i] + min(dlon, 0.0) - mlon)
                    span = min(abs(dlon) + 2.0 * mlon, 360.0)
                    c0 = math.floor((west + 180.0) / cell_lon)
                    c1 = math.floor((west + span + 180.0) / cell_lon)
                    ix0 = c0 % nx
                    ix1 = ix0 + min(c1 - c0, nx - 1)
                    iy0 = math.floor((lo + 90.0) / cell_lat_deg)
                    iy1 = math.floor((hi + 90.0) / cell_lat_deg)
                    r = n_rows
                    w_box[r, 0] = t[i]
                    w_box[r, 1] = t[i + 1]
                    w_box[r, 2] = lo
                    w_box[r, 3] = hi
                    w_box[r, 4] = west
                    w_box[r, 5] = span
                    w_int[r, 0] = k0
                    w_int[r, 1] = k1
                    w_int[r, 2] = iy0
                    w_int[r, 3] = iy1
                    w_int[r, 4] = ix0
                    w_int[r, 5] = ix1
                    w_int[r, 6] = vcode[v]
                    w_seg[r] = i
                    for k in range(max(k0, k_lo), min(k1, k_hi - 1) + 1):
                        base = (k - k_lo) * per_slab
                        for ty in range(iy0 >> TILE_BITS, (iy1 >> TILE_BITS) + 1):
                            for tx in range(ix0 >> TILE_BITS, (ix1 >> TILE_BITS) + 1):
                                g_ptr[base + (ty - ty_lo) * ntx + tx % ntx + 1] += 1
                    n_rows += 1
                i += 1
            pv[v] = nxt if nxt >= 0 else i
        n_groups = (k_hi - k_lo) * per_slab
        for q in range(n_groups):
            g_ptr[q + 1] += g_ptr[q]
        if g_rows.shape[0] < g_ptr[n_groups]:
            g_rows = np.empty(2 * g_ptr[n_groups], dtype=np.int64)
        fill = g_ptr[:n_groups].copy()
        for r in range(n_rows):
            for k in range(max(w_int[r, 0], k_lo), min(w_int[r, 1], k_hi - 1) + 1):
                base = (k - k_lo) * per_slab
                for ty in range(w_int[r, 2] >> TILE_BITS, (w_int[r, 3] >> TILE_BITS) + 1):
                    for tx in range(w_int[r, 4] >> TILE_BITS, (w_int[r, 5] >> TILE_BITS) + 1):
                        q = base + (ty - ty_lo) * ntx + tx % ntx
                        g_rows[fill[q]] = r
                        fill[q] += 1
        # 2. Per slab and tile: bucket entries by cell, then test pairs per cell.
        for q in range(n_groups):
            r_lo = g_ptr[q]
            r_hi = g_ptr[q + 1]
            n_items = r_hi - r_lo
            if n_items < 2:
                continue
            k = k_lo + q // per_slab
            ty = ty_lo + (q % per_slab) // ntx
            tx = (q % per_slab) % ntx
            if n_items > t_box.shape[0]:
                t_box = np.empty((2 * n_items, 6))
                t_int = np.empty((2 * n_items, 7), dtype=np.int64)
                t_seg = np.empty(2 * n_items, dtype=np.int64)
            for p in range(n_items):
                r = g_rows[r_lo + p]
                for c in range(6):
                    t_box[p, c] = w_box[r, c]
                for c in range(7):
                    t_int[p, c] = w_int[r, c]
                t_seg[p] = w_seg[r]
            # Entries for the cells of this tile only: (row-in-tile, cell-in-tile).
            y0 = ty << TILE_BITS
            x0 = tx << TILE_BITS
            start[:] = 0
            n_entries = 0
            for p in range(n_items):
                a0 = max(t_int[p, 2], y0)
                a1 = min(t_int[p, 3], y0 + TILE - 1)
                for ix in range(t_int[p, 4], t_int[p, 5] + 1):
                    col = ix % nx
                    if col < x0 or col >= x0 + TILE:
                        continue
                    for iy in range(a0, a1 + 1):
                        if n_entries == e_item.shape[0]:
                            e_item = _grow(e_item, 2 * n_entries)
                            e_cell = _grow(e_cell, 2 * n_entries)
                            sorted_item = np.empty(2 * n_entries, dtype=np.int64)
                        cid = ((iy - y0) << TILE_BITS) + col - x0
                        e_item[n_entries] = p
                        e_cell[n_entries] = cid
                        start[cid + 1] += 1
                        n_entries += 1
            for c in range(n_cells):
                start[c + 1] += start[c]
            for u in range(n_entries):
                c = e_cell[u]
                sorted_item[start[c]] = e_item[u]
                start[c] += 1
            # ``start[c]`` now holds the end of cell c's entries.
            lo_e = 0
            for c in range(n_cells):
                hi_e = start[c]
                if hi_e - lo_e < 2:
                    lo_e = hi_e
                    continue
                iy = y0 + (c >> TILE_BITS)
                col = x0 + (c & (TILE - 1))
                for u in range(lo_e, hi_e - 1):
                    pu = sorted_item[u]
                    for w in range(u + 1, hi_e):
                        pw = sorted_item[w]
                        if t_int[pu, 6] == t_int[pw, 6]:
                            continue
                        if max(t_int[pu, 0], t_int[pw, 0]) != k:
                            continue
                        if max(t_int[pu, 2], t_int[pw, 2]) != iy:
                            continue
                        ts = max(t_box[pu, 0], t_box[pw, 0])
                        if ts > min(t_box[pu, 1], t_box[pw, 1]) or ts < own_t0 or ts >= own_t1:
                            continue
                        if t_box[pu, 2] > t_box[pw, 3] or t_box[pw, 2] > t_box[pu, 3]:
                            continue
                        if (
                            _ref_column(t_int[pu, 4], t_int[pu, 5], t_int[pw, 4], t_int[pw, 5], nx)
                            != col
                        ):
                            continue
                        west = ref_lon(t_box[pu, 4], t_box[pu, 5], t_box[pw, 4], t_box[pw, 5])
                        if math.isnan(west):
                            continue
                        if check_lon and (west < own_lon0 or west >= own_lon1):
                            continue
                        if m == cap:
                            cap *= 2
                            out_a = _grow(out_a, cap)
                            out_b = _grow(out_b, cap)
                        if t_int[pu, 6] < t_int[pw, 6]:
                            out_a[m] = t_seg[pu]
                            out_b[m] = t_seg[pw]
                        else:
                            out_a[m] = t_seg[pw]
                            out_b[m] = t_seg[pu]
                        m += 1
                lo_e = hi_e
    return out_a[:m], out_b[:m]


WINDOW_ROWS = 100_000
"""About how many reports a window of slabs covers: keeps its buffers in cache."""


def candidate_pairs(
    index: SegmentIndex,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    slab_from: int = 0,
    slab_to: int | None = None,
    own_t0: float = -math.inf,
    own_t1: float = math.inf,
    own_lon0: float = -180.0,
    own_lon1: float = 180.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of segments (by report index, lower vessel code first) in slabs ``[from, to)``.

    A pair is returned once, when its boxes and spans intersect, the two vessels differ,
    and it is *owned* here: its common time starts in ``[own_t0, own_t1)`` and the west
    edge of its common longitudes lies in ``[own_lon0, own_lon1)``. Partitions with halos
    use ownership so that a pair seen by two partitions is counted by exactly one.
    Slabs are processed a window at a time, walking each vessel's reports in memory order.
    Releases the GIL while it runs.
    """
    g = index.grid
    slab_to = index.n_slabs if slab_to is None else slab_to
    per_slab = float(index.slab_load.mean()) if index.slab_load.size else 1.0
    window = int(max(1, min(64, WINDOW_ROWS // max(per_slab, 1.0))))
    return _candidates(
        index.vstart, index.vcode, index.segok, t, lat, lon, index.margin_m,
        g.t_base, g.slab_s, g.cell_lat_deg, g.nx, index.lat_min, index.lat_max,
        slab_from, slab_to, window,
        own_t0, own_t1, own_lon0, own_lon1,
    )  # fmt: skip


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

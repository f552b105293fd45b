"""Candidate pairs of track segments from space-time buckets, with none missed.

Each segment (one vessel between two consecutive reports) has a bounding box in
degrees, widened on every side by half the distance threshold (and by the bow of its
great circle towards the pole), and a time span. The buckets are time slabs crossed
with a latitude/longitude grid (:mod:`.segments`); a segment is registered in every
bucket its box and span touch. Two segments that come within the threshold at some
instant are both inside their boxes at that instant, so their widened boxes and spans
intersect and they share at least one bucket: **no pair is missed, whatever the cell
size or the speeds**. The domain rule for point grids (cell >= threshold + closing speed
x time step, ../shared/domain/README.md §7) is the default cell size; here it only tunes
speed, since the boxes already contain the whole motion.

Each pair is reported once, in the bucket at the lower corner of the intersection of
the two segments' bucket ranges (the "reference point" rule of spatial joins), so no
global de-duplication pass is needed. A slab is processed a window at a time (each
vessel's reports walked in memory order), then tile by tile (16 x 16 cells), the
entries of a tile grouped by cell with a counting sort: linear time, small tables, no
Python objects.

Written by hand because no library joins moving segments in space-time under Numba:
shapely's STRtree and PostGIS' GiST index answer box queries one geometry at a time and
know nothing of time overlap or of this de-duplication.

>>> code = np.array([0, 0, 1, 1], dtype=np.int32)
>>> t = np.array([0.0, 600.0, 0.0, 600.0])
>>> lat = np.array([15.0, 15.0, 14.99, 15.01])
>>> lon = np.array([112.0, 112.1, 112.05, 112.05])
>>> seq, brk = np.array([0, 1, 0, 1]), np.zeros(4, np.bool_)
>>> from cosec.analytics.kernels.segments import index_segments
>>> idx = index_segments(code, t, lat, lon, seq, brk, max_gap_s=3600.0, max_distance_m=500.0)
>>> a, b = candidate_pairs(idx, t, lat, lon)
>>> a.tolist(), b.tolist()
([0], [2])
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import DEG, M_MIN, metres_per_degree, wrap_lon
from cosec.analytics.kernels.segments import MARGIN_SAFETY, TILE, TILE_BITS, SegmentIndex


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
                    # A pair owned here has both boxes over the owned longitudes: a
                    # segment whose box misses them only came in with the halo.
                    if check_lon and math.isnan(ref_lon(west, span, own_lon0, own_lon1 - own_lon0)):
                        i += 1
                        continue
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

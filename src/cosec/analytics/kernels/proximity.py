"""Distances from reports and track segments to fixed lines and points (coasts, features).

A target is a set of edges (a coastline is many short edges; a point feature is an edge
of zero length), indexed by a grid of cells in degrees. :func:`distance_to_edges` gives
each report its distance to the nearest edge, searching rings of cells outwards and
stopping as soon as no farther ring can hold anything closer. :func:`segment_time_within`
gives, for each track segment, the part of its time during which the moving vessel is
within a distance of the target: for one edge that set is the crossing of a line with a
convex "stadium" (two discs and a rectangle), so it is an exact interval in closed form;
over all edges it is their union. Distances are measured in the local WGS84 frame at the
mid-latitude of the two things compared (:mod:`.geodesy`).

shapely would answer "how far" in degrees, not metres, and has no notion of a moving
point; hence these kernels.

>>> idx = build_edge_index(np.array([0.0]), np.array([0.0]), np.array([0.0]),
...                        np.array([1.0]), cell_deg=0.25)
>>> d, _, _ = distance_to_edges(np.array([0.01]), np.array([0.5]), idx, 5000.0)
>>> round(float(d[0]), 1)
1105.7
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from cosec.analytics.kernels.geodesy import M_MIN, metres_per_degree, wrap_lon


class EdgeIndex(NamedTuple):
    """Edges (degrees) and, per grid cell, the edges whose box touches it (CSR)."""

    lat0: np.ndarray
    lon0: np.ndarray
    lat1: np.ndarray
    lon1: np.ndarray
    cell_deg: float
    ny: int
    nx: int
    ptr: np.ndarray
    items: np.ndarray


@njit(cache=True, inline="always")
def _edge_cells(
    lat0: float, lon0: float, lat1: float, lon1: float, cell: float, ny: int
) -> tuple[int, int, int, int]:
    dlon = wrap_lon(lon1 - lon0)
    w = lon0 + min(dlon, 0.0)
    c0 = math.floor((w + 180.0) / cell)
    c1 = math.floor((w + abs(dlon) + 180.0) / cell)
    r0 = min(max(math.floor((min(lat0, lat1) + 90.0) / cell), 0), ny - 1)
    r1 = min(max(math.floor((max(lat0, lat1) + 90.0) / cell), 0), ny - 1)
    return r0, r1, c0, c1


@njit(cache=True)
def _cells_of_edges(
    lat0: np.ndarray,
    lon0: np.ndarray,
    lat1: np.ndarray,
    lon1: np.ndarray,
    cell: float,
    ny: int,
    nx: int,
) -> tuple[np.ndarray, np.ndarray]:
    m = lat0.shape[0]
    ptr = np.zeros(ny * nx + 1, dtype=np.int64)
    for e in range(m):
        r0, r1, c0, c1 = _edge_cells(lat0[e], lon0[e], lat1[e], lon1[e], cell, ny)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                ptr[r * nx + c % nx + 1] += 1
    for k in range(ny * nx):
        ptr[k + 1] += ptr[k]
    fill = ptr[:-1].copy()
    items = np.empty(ptr[-1], dtype=np.int64)
    for e in range(m):
        r0, r1, c0, c1 = _edge_cells(lat0[e], lon0[e], lat1[e], lon1[e], cell, ny)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                k = r * nx + c % nx
                items[fill[k]] = e
                fill[k] += 1
    return ptr, items


def build_edge_index(
    lat0: np.ndarray,
    lon0: np.ndarray,
    lat1: np.ndarray,
    lon1: np.ndarray,
    *,
    cell_deg: float = 0.25,
) -> EdgeIndex:
    """Index edges (``lat0, lon0 -> lat1, lon1``, degrees) in cells of ``cell_deg``.

    >>> idx = build_edge_index(np.array([10.0]), np.array([20.0]), np.array([10.0]),
    ...                        np.array([20.0]), cell_deg=1.0)
    >>> int(idx.ptr[-1])
    1
    """
    ny = round(180.0 / cell_deg)
    nx = round(360.0 / cell_deg)
    a0, o0, a1, o1 = (np.ascontiguousarray(a, dtype=np.float64) for a in (lat0, lon0, lat1, lon1))
    ptr, items = _cells_of_edges(a0, o0, a1, o1, 180.0 / ny, ny, nx)
    return EdgeIndex(a0, o0, a1, o1, 180.0 / ny, ny, nx, ptr, items)


@njit(cache=True, inline="always")
def _point_segment(
    px: float, py: float, ax: float, ay: float, bx: float, by: float
) -> tuple[float, float]:
    """Squared distance from P to segment AB (plane) and the fraction of the closest point."""
    dx = bx - ax
    dy = by - ay
    ll = dx * dx + dy * dy
    f = 0.0
    if ll > 0.0:
        f = min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / ll))
    cx = ax + f * dx - px
    cy = ay + f * dy - py
    return cx * cx + cy * cy, f


@njit(cache=True, inline="always")
def _edge_distance(
    lat: float,
    lon: float,
    idx_lat0: float,
    idx_lon0: float,
    idx_lat1: float,
    idx_lon1: float,
    exact: bool,
) -> tuple[float, float]:
    """Distance (m) from a point to an edge, and the fraction along the edge of the closest point.

    With ``exact`` each endpoint is placed with the scale at its mid-latitude with the
    point (second-order accurate); otherwise with the point's own scale (first order).
    """
    if exact:
        kxa, kya = metres_per_degree(0.5 * (lat + idx_lat0))
        kxb, kyb = metres_per_degree(0.5 * (lat + idx_lat1))
    else:
        kxa, kya = metres_per_degree(lat)
        kxb, kyb = kxa, kya
    ax = kxa * wrap_lon(idx_lon0 - lon)
    ay = kya * (idx_lat0 - lat)
    bx = kxb * wrap_lon(idx_lon1 - lon)
    by = kyb * (idx_lat1 - lat)
    d2, f = _point_segment(0.0, 0.0, ax, ay, bx, by)
    return math.sqrt(d2), f


@njit(cache=True, nogil=True)
def _distance_to_edges(
    lat: np.ndarray,
    lon: np.ndarray,
    lat0: np.ndarray,
    lon0: np.ndarray,
    lat1: np.ndarray,
    lon1: np.ndarray,
    cell: float,
    ny: int,
    nx: int,
    ptr: np.ndarray,
    items: np.ndarray,
    max_distance_m: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = lat.shape[0]
    dist = np.full(n, np.inf)
    near_lat = np.full(n, np.nan)
    near_lon = np.full(n, np.nan)
    cell_h = M_MIN * math.pi / 180.0 * cell
    for i in range(n):
        la = lat[i]
        lo = lon[i]
        r0 = math.floor((la + 90.0) / cell)
        c0 = math.floor((lo + 180.0) / cell)
        top = min(abs(la) + max_distance_m / (M_MIN * math.pi / 180.0) + cell, 89.9)
        cell_w = metres_per_degree(top)[0] * cell
        step = min(cell_h, cell_w)
        k_max = int(max_distance_m / step) + 1
        k_max = min(k_max, max(ny, nx))
        # Pass 1: nearest edge in the point's own frame, ring by ring.
        best = np.inf
        for k in range(k_max + 1):
            if k >= 1 and (k - 1) * step > min(best * 1.01, max_distance_m):
                break
            for r in range(r0 - k, r0 + k + 1):
                if r < 0 or r >= ny:
                    continue
                edge_row = r == r0 - k or r == r0 + k
                for c in range(c0 - k, c0 + k + 1):
                    if not edge_row and c != c0 - k and c != c0 + k:
                        continue
                    cc = r * nx + c % nx
                    for p in range(ptr[cc], ptr[cc + 1]):
                        e = items[p]
                        d, _ = _edge_distance(la, lo, lat0[e], lon0[e], lat1[e], lon1[e], False)
                        best = min(best, d)
        if best > max_distance_m * 1.01 + 1.0:
            continue
        # Pass 2: exact distance to every edge that pass 1 found close to the best.
        limit = best * 1.01 + 1.0
        k_stop = int(limit / step) + 2
        exact = np.inf
        for r in range(r0 - k_stop, r0 + k_stop + 1):
            if r < 0 or r >= ny:
                continue
            for c in range(c0 - k_stop, c0 + k_stop + 1):
                cc = r * nx + c % nx
                for p in range(ptr[cc], ptr[cc + 1]):
                    e = items[p]
                    d, _ = _edge_distance(la, lo, lat0[e], lon0[e], lat1[e], lon1[e], False)
                    if d > limit:
                        continue
                    d, f = _edge_distance(la, lo, lat0[e], lon0[e], lat1[e], lon1[e], True)
                    if d < exact:
                        exact = d
                        near_lat[i] = lat0[e] + f * (lat1[e] - lat0[e])
                        near_lon[i] = wrap_lon(lon0[e] + f * wrap_lon(lon1[e] - lon0[e]))
        if exact <= max_distance_m:
            dist[i] = exact
        else:
            near_lat[i] = np.nan
            near_lon[i] = np.nan
    return dist, near_lat, near_lon


def distance_to_edges(
    lat: np.ndarray, lon: np.ndarray, index: EdgeIndex, max_distance_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance (m) from each point to the nearest edge, and that nearest point.

    Points farther than ``max_distance_m`` get ``inf`` (and NaN positions): the search
    stops there, which keeps open-sea points cheap.
    """
    x = index
    return _distance_to_edges(
        np.ascontiguousarray(lat, dtype=np.float64), np.ascontiguousarray(lon, dtype=np.float64),
        x.lat0, x.lon0, x.lat1, x.lon1, x.cell_deg, x.ny, x.nx, x.ptr, x.items, max_distance_m,
    )  # fmt: skip


@njit(cache=True, inline="always")
def _disc_interval(
    px: float, py: float, wx: float, wy: float, cx: float, cy: float, d: float
) -> tuple[float, float]:
    """Fractions ``tau`` with ``|P + tau w - C| <= d`` (empty: lo > hi)."""
    rx = px - cx
    ry = py - cy
    a = wx * wx + wy * wy
    b = rx * wx + ry * wy
    c = rx * rx + ry * ry - d * d
    if a == 0.0:
        return (-np.inf, np.inf) if c <= 0.0 else (1.0, 0.0)
    disc = b * b - a * c
    if disc < 0.0:
        return 1.0, 0.0
    s = math.sqrt(disc)
    return (-b - s) / a, (-b + s) / a


@njit(cache=True, inline="always")
def _slab_interval(p: float, w: float, lo: float, hi: float) -> tuple[float, float]:
    """Fractions ``tau`` with ``lo <= p + tau w <= hi``."""
    if w == 0.0:
        return (-np.inf, np.inf) if lo <= p <= hi else (1.0, 0.0)
    a = (lo - p) / w
    b = (hi - p) / w
    return min(a, b), max(a, b)


@njit(cache=True)
def moving_point_edge_interval(
    px: float, py: float, wx: float, wy: float, ax: float, ay: float, bx: float, by: float, d: float
) -> tuple[float, float]:
    """Fractions ``tau`` in [0, 1] when ``P + tau w`` is within ``d`` of segment AB (plane).

    The set is the line's crossing with the stadium around AB, which is convex: one
    interval (empty when ``lo > hi``).

    >>> moving_point_edge_interval(-10.0, 1.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0)
    (0.4133974596215561, 0.5866025403784438)
    """
    lo = np.inf
    hi = -np.inf
    for cx, cy in ((ax, ay), (bx, by)):
        a, b = _disc_interval(px, py, wx, wy, cx, cy, d)
        if a <= b:
            lo = min(lo, a)
            hi = max(hi, b)
    ex = bx - ax
    ey = by - ay
    length = math.sqrt(ex * ex + ey * ey)
    if length > 0.0:
        ux = ex / length
        uy = ey / length
        # Along the edge (u) and across it (v), both linear in tau.
        pu = (px - ax) * ux + (py - ay) * uy
        wu = wx * ux + wy * uy
        pv = -(px - ax) * uy + (py - ay) * ux
        wv = -wx * uy + wy * ux
        a1, b1 = _slab_interval(pu, wu, 0.0, length)
        a2, b2 = _slab_interval(pv, wv, -d, d)
        a = max(a1, a2)
        b = min(b1, b2)
        if a <= b:
            lo = min(lo, a)
            hi = max(hi, b)
    return max(lo, 0.0), min(hi, 1.0)


@njit(cache=True, nogil=True)
def _segment_time_within(
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    seg: np.ndarray,
    lat0: np.ndarray,
    lon0: np.ndarray,
    lat1: np.ndarray,
    lon1: np.ndarray,
    cell: float,
    ny: int,
    nx: int,
    ptr: np.ndarray,
    items: np.ndarray,
    d: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    cap = 1024
    o_seg = np.empty(cap, dtype=np.int64)
    o_in = np.empty(cap)
    o_out = np.empty(cap)
    o_min = np.empty(cap)
    o_tmin = np.empty(cap)
    o_lat = np.empty(cap)
    o_lon = np.empty(cap)
    m = 0
    mlat = d * 1.01 / (M_MIN * math.pi / 180.0)
    lo_buf = np.empty(256)
    hi_buf = np.empty(256)
    for s in range(seg.shape[0]):
        i = seg[s]
        la0 = lat[i]
        la1 = lat[i + 1]
        lo0 = lon[i]
        dl = wrap_lon(lon[i + 1] - lo0)
        south = min(la0, la1) - mlat
        north = max(la0, la1) + mlat
        top = min(max(abs(south), abs(north)), 89.9)
        mlon = d * 1.01 / metres_per_degree(top)[0]
        west = lo0 + min(dl, 0.0) - mlon
        east = lo0 + max(dl, 0.0) + mlon
        r0 = max(math.floor((south + 90.0) / cell), 0)
        r1 = min(math.floor((north + 90.0) / cell), ny - 1)
        c0 = math.floor((west + 180.0) / cell)
        c1 = math.floor((east + 180.0) / cell)
        n_iv = 0
        best = np.inf
        best_tau = 0.0
        mid_lat = 0.5 * (la0 + la1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cc = r * nx + c % nx
                for p in range(ptr[cc], ptr[cc + 1]):
                    e = items[p]
                    # Frame at the mid-latitude of the segment and the edge.
                    kx, ky = metres_per_degree(0.5 * (mid_lat + 0.5 * (lat0[e] + lat1[e])))
                    ax = kx * wrap_lon(lon0[e] - lo0)
                    ay = ky * (lat0[e] - la0)
                    bx = kx * wrap_lon(lon1[e] - lo0)
                    by = ky * (lat1[e] - la0)
                    wx = kx * dl
                    wy = ky * (la1 - la0)
                    a, b = moving_point_edge_interval(0.0, 0.0, wx, wy, ax, ay, bx, by, d)
                    if a > b:
                        continue
                    if n_iv == lo_buf.shape[0]:
                        lo_buf = np.concatenate((lo_buf, np.empty(n_iv)))
                        hi_buf = np.concatenate((hi_buf, np.empty(n_iv)))
                    lo_buf[n_iv] = a
                    hi_buf[n_iv] = b
                    n_iv += 1
                    # Closest approach of the segment to this edge: sample the candidates
                    # where it can occur (ends of both, projections) exactly.
                    for tau in (0.0, 1.0):
                        d2, _ = _point_segment(tau * wx, tau * wy, ax, ay, bx, by)
                        if d2 < best:
                            best = d2
                            best_tau = tau
                    for cx, cy in ((ax, ay), (bx, by)):
                        ww = wx * wx + wy * wy
                        if ww > 0.0:
                            tau = min(1.0, max(0.0, (cx * wx + cy * wy) / ww))
                            d2, _ = _point_segment(tau * wx, tau * wy, ax, ay, bx, by)
                            if d2 < best:
                                best = d2
                                best_tau = tau
                    if a <= b and best > 0.0:
                        # The moving point may cross the edge: distance 0 inside (a, b).
                        ex = bx - ax
                        ey = by - ay
                        den = wx * ey - wy * ex
                        if den != 0.0:
                            tau = (ax * ey - ay * ex) / den
                            u = (ax * wy - ay * wx) / den
                            if 0.0 <= tau <= 1.0 and 0.0 <= u <= 1.0:
                                best = 0.0
                                best_tau = tau
        if n_iv == 0:
            continue
        order = np.argsort(lo_buf[:n_iv])
        dt = t[i + 1] - t[i]
        cur_lo = lo_buf[order[0]]
        cur_hi = hi_buf[order[0]]
        for q in range(1, n_iv + 1):
            if q < n_iv and lo_buf[order[q]] <= cur_hi:
                cur_hi = max(cur_hi, hi_buf[order[q]])
                continue
            if m == cap:
                cap *= 2
                o_seg = np.concatenate((o_seg, np.empty(m, dtype=np.int64)))
                o_in = np.concatenate((o_in, np.empty(m)))
                o_out = np.concatenate((o_out, np.empty(m)))
                o_min = np.concatenate((o_min, np.empty(m)))
                o_tmin = np.concatenate((o_tmin, np.empty(m)))
                o_lat = np.concatenate((o_lat, np.empty(m)))
                o_lon = np.concatenate((o_lon, np.empty(m)))
            o_seg[m] = i
            o_in[m] = t[i] if cur_lo <= 0.0 else t[i] + cur_lo * dt
            o_out[m] = t[i + 1] if cur_hi >= 1.0 else t[i] + cur_hi * dt
            o_min[m] = math.sqrt(best)
            o_tmin[m] = t[i] + best_tau * dt
            o_lat[m] = la0 + best_tau * (la1 - la0)
            o_lon[m] = wrap_lon(lo0 + best_tau * dl)
            m += 1
            if q < n_iv:
                cur_lo = lo_buf[order[q]]
                cur_hi = hi_buf[order[q]]
    return o_seg[:m], o_in[:m], o_out[:m], o_min[:m], o_tmin[:m], o_lat[:m], o_lon[:m]


class TimeWithin(NamedTuple):
    """Per track segment, the intervals within the distance, and its closest approach."""

    seg: np.ndarray
    t_enter: np.ndarray
    t_exit: np.ndarray
    min_distance_m: np.ndarray
    """Closest approach of the whole segment to the target (repeated per interval)."""
    t_min: np.ndarray
    lat_min: np.ndarray
    lon_min: np.ndarray


def segment_time_within(
    t: np.ndarray, lat: np.ndarray, lon: np.ndarray, seg: np.ndarray, index: EdgeIndex, d: float
) -> TimeWithin:
    """When each segment ``i -> i + 1`` is within ``d`` metres of the indexed edges.

    >>> idx = build_edge_index(np.array([0.0]), np.array([0.0]), np.array([0.0]),
    ...                        np.array([0.0]), cell_deg=0.25)
    >>> w = segment_time_within(np.array([0.0, 100.0]), np.array([0.001, 0.001]),
    ...                         np.array([-0.01, 0.01]), np.array([0]), idx, 200.0)
    >>> round(float(w.t_enter[0]), 1), round(float(w.t_exit[0]), 1)
    (42.5, 57.5)
    >>> round(float(w.min_distance_m[0]), 1)
    110.6
    """
    x = index
    parts = _segment_time_within(
        t, lat, lon, seg, x.lat0, x.lon0, x.lat1, x.lon1, x.cell_deg, x.ny, x.nx, x.ptr,
        x.items, d,
    )  # fmt: skip
    return TimeWithin(*parts)

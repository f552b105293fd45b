"""Close encounters: continuous CPA over candidate segment pairs, merged into episodes.

:func:`encounter_hits` runs over a range of time slabs of a
:class:`~cosec.analytics.kernels.pairs.SegmentIndex`: candidate pairs from the buckets,
then :func:`~cosec.analytics.kernels.cpa.segment_pair_approach` on each. It releases the
GIL, so an engine can run several slab ranges on threads. :func:`encounter_episodes`
merges the hits of each vessel pair whose within-threshold intervals touch (one episode
per continuous period within the threshold) and keeps, for each episode, the hit with
the smallest separation as its CPA.

>>> code = np.array([0, 0, 1, 1], dtype=np.int32)
>>> t = np.array([0.0, 600.0, 0.0, 600.0])
>>> lat = np.array([15.0, 15.0, 14.99, 15.01])
>>> lon = np.array([112.0, 112.1, 112.05, 112.05])
>>> seq, brk, alt = np.array([0, 1, 0, 1]), np.zeros(4, np.bool_), np.zeros(4)
>>> idx = index_segments(code, t, lat, seq, brk, max_gap_s=3600.0, max_distance_m=500.0)
>>> hits = encounter_hits(idx, t, lat, lon, alt, 500.0, 0, idx.n_slabs)
>>> ep = encounter_episodes(hits, code, t, lat, lon)
>>> ep.code_a.tolist(), ep.code_b.tolist(), ep.cpa_time.tolist()
([0], [1], [300.0])
>>> ep.cpa_distance_m.round(3).tolist()
[0.0]
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from cosec.analytics.kernels.cpa import segment_pair_approach
from cosec.analytics.kernels.geodesy import KNOT, local_offset_m
from cosec.analytics.kernels.intervals import argmin_per_group, episode_ids
from cosec.analytics.kernels.pairs import SegmentIndex, candidate_pairs, index_segments

__all__ = ["EncounterEpisodes", "Hits", "encounter_episodes", "encounter_hits", "index_segments"]

INTERPOLATION_HALF_LIFE_S = 300.0
"""An interpolated position 5 minutes from the nearest real report counts half."""


class Hits(NamedTuple):
    """Segment pairs that came within the threshold: one row per pair and interval."""

    seg_a: np.ndarray
    seg_b: np.ndarray
    t_enter: np.ndarray
    t_exit: np.ndarray
    t_cpa: np.ndarray
    d_cpa: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @staticmethod
    def concat(parts: list[Hits]) -> Hits:
        """Hits of several slab ranges or partitions as one set."""
        if not parts:
            return empty_hits()
        return Hits(*(np.concatenate([getattr(p, f) for p in parts]) for f in Hits._fields))


def empty_hits() -> Hits:
    """No hits."""
    i = np.zeros(0, dtype=np.int64)
    f = np.zeros(0)
    return Hits(i, i.copy(), f, f.copy(), f.copy(), f.copy(), f.copy(), f.copy())


@njit(cache=True, nogil=True)
def _approach_all(
    pa: np.ndarray,
    pb: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    alt: np.ndarray,
    max_distance_m: float,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    n = pa.shape[0]
    keep = np.zeros(n, dtype=np.bool_)
    t_in = np.empty(n)
    t_out = np.empty(n)
    t_c = np.empty(n)
    d_c = np.empty(n)
    la = np.empty(n)
    lo = np.empty(n)
    for k in range(n):
        i = pa[k]
        j = pb[k]
        r = segment_pair_approach(
            t[i], lat[i], lon[i], alt[i], t[i + 1], lat[i + 1], lon[i + 1], alt[i + 1],
            t[j], lat[j], lon[j], alt[j], t[j + 1], lat[j + 1], lon[j + 1], alt[j + 1],
            max_distance_m,
        )  # fmt: skip
        keep[k] = r[0]
        t_in[k] = r[1]
        t_out[k] = r[2]
        t_c[k] = r[3]
        d_c[k] = r[4]
        la[k] = r[5]
        lo[k] = r[6]
    return pa[keep], pb[keep], t_in[keep], t_out[keep], t_c[keep], d_c[keep], la[keep], lo[keep]


def encounter_hits(
    index: SegmentIndex,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    alt: np.ndarray,
    max_distance_m: float,
    slab_from: int,
    slab_to: int,
    own_t0: float = -math.inf,
    own_t1: float = math.inf,
    own_lon0: float = -180.0,
    own_lon1: float = 180.0,
) -> Hits:
    """Within-threshold intervals of the candidate pairs in slabs ``[slab_from, slab_to)``.

    Releases the GIL while it runs. Ownership bounds as in
    :func:`~cosec.analytics.kernels.pairs.candidate_pairs`.
    """
    pa, pb = candidate_pairs(
        index, t, lat, lon, slab_from, slab_to, own_t0, own_t1, own_lon0, own_lon1
    )
    return Hits(*_approach_all(pa, pb, t, lat, lon, alt, max_distance_m))


class EncounterEpisodes(NamedTuple):
    """One row per episode: a continuous period two vessels spent within the threshold."""

    code_a: np.ndarray
    code_b: np.ndarray
    start: np.ndarray
    end: np.ndarray
    cpa_time: np.ndarray
    cpa_distance_m: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    speed_a_kn: np.ndarray
    speed_b_kn: np.ndarray
    relative_speed_kn: np.ndarray
    interp_s: np.ndarray
    """Longest time, over the two vessels, from the CPA to that vessel's nearest report."""
    confidence: np.ndarray
    """``0.5 ** (interp_s / 300)``: 1 at a real report, 1/2 five minutes away from one."""


@njit(cache=True)
def _cpa_details(
    seg_a: np.ndarray,
    seg_b: np.ndarray,
    t_cpa: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = seg_a.shape[0]
    va = np.empty(n)
    vb = np.empty(n)
    vr = np.empty(n)
    interp = np.empty(n)
    for k in range(n):
        i = seg_a[k]
        j = seg_b[k]
        dta = t[i + 1] - t[i]
        dtb = t[j + 1] - t[j]
        xa, ya = local_offset_m(lat[i], lon[i], lat[i + 1], lon[i + 1])
        xb, yb = local_offset_m(lat[j], lon[j], lat[j + 1], lon[j + 1])
        va[k] = math.hypot(xa, ya) / dta / KNOT
        vb[k] = math.hypot(xb, yb) / dtb / KNOT
        vr[k] = math.hypot(xa / dta - xb / dtb, ya / dta - yb / dtb) / KNOT
        ia = min(t_cpa[k] - t[i], t[i + 1] - t_cpa[k])
        ib = min(t_cpa[k] - t[j], t[j + 1] - t_cpa[k])
        interp[k] = max(ia, ib, 0.0)
    return va, vb, vr, interp


def encounter_episodes(
    hits: Hits, code: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> EncounterEpisodes:
    """Merge hits into episodes: per vessel pair, intervals that touch form one episode."""
    ca = code[hits.seg_a].astype(np.int64)
    cb = code[hits.seg_b].astype(np.int64)
    pair = (ca << 32) | cb
    order = np.lexsort((hits.t_cpa, hits.t_exit, hits.t_enter, pair))
    h = Hits(*(f[order] for f in hits))
    pair = pair[order]
    ep = episode_ids(pair, h.t_enter, h.t_exit, 0.0)
    first = np.flatnonzero(np.r_[True, np.diff(ep) != 0]) if ep.size else ep
    best = argmin_per_group(ep, h.d_cpa)
    start = h.t_enter[first]
    end = np.maximum.reduceat(h.t_exit, first) if first.size else h.t_exit[:0]
    va, vb, vr, interp = _cpa_details(h.seg_a[best], h.seg_b[best], h.t_cpa[best], t, lat, lon)
    return EncounterEpisodes(
        code_a=(pair[first] >> 32).astype(np.int64),
        code_b=(pair[first] & 0xFFFFFFFF).astype(np.int64),
        start=start,
        end=end,
        cpa_time=h.t_cpa[best],
        cpa_distance_m=h.d_cpa[best],
        lat=h.lat[best],
        lon=h.lon[best],
        speed_a_kn=va,
        speed_b_kn=vb,
        relative_speed_kn=vr,
        interp_s=interp,
        confidence=0.5 ** (interp / INTERPOLATION_HALF_LIFE_S),
    )

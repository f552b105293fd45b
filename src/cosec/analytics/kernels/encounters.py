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
>>> idx = index_segments(code, t, lat, lon, seq, brk, max_gap_s=3600.0, max_distance_m=500.0)
>>> hits = encounter_hits(idx, t, lat, lon, alt, 500.0, 0, idx.n_slabs)
>>> ep = encounter_episodes(hits, code, t, lat, lon)
>>> ep.code_a.tolist(), ep.code_b.tolist(), ep.cpa_time.round(2).tolist()
([0], [1], [300.01])
>>> ep.cpa_distance_m.round(1).tolist()  # the great circle of 0 bows 0.6 m north
[0.6]
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from cosec.analytics.kernels.cpa import segment_pair_approach, separation_lower_bound_m
from cosec.analytics.kernels.geodesy import KNOT, local_offset_m
from cosec.analytics.kernels.intervals import argmin_per_group, episode_ids
from cosec.analytics.kernels.pairs import candidate_pairs
from cosec.analytics.kernels.segments import SegmentIndex, index_segments

__all__ = [
    "EncounterEpisodes",
    "Hits",
    "encounter_episodes",
    "encounter_hits",
    "hit_details",
    "index_segments",
    "merge_episodes",
]

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
        bound = separation_lower_bound_m(
            t[i], lat[i], lon[i], t[i + 1], lat[i + 1], lon[i + 1],
            t[j], lat[j], lon[j], t[j + 1], lat[j + 1], lon[j + 1],
        )  # fmt: skip
        if bound > max_distance_m:
            continue
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


class HitDetails(NamedTuple):
    """What each hit says about the two vessels at its CPA."""

    speed_a_kn: np.ndarray
    speed_b_kn: np.ndarray
    relative_speed_kn: np.ndarray
    interp_s: np.ndarray
    """Longest time, over the two vessels, from the CPA to that vessel's nearest report."""
    dt_a: np.ndarray
    """Duration of vessel a's segment (time between the two reports around the CPA)."""
    dt_b: np.ndarray


@njit(cache=True)
def _details(
    seg_a: np.ndarray,
    seg_b: np.ndarray,
    t_cpa: np.ndarray,
    t: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = seg_a.shape[0]
    va = np.empty(n)
    vb = np.empty(n)
    vr = np.empty(n)
    interp = np.empty(n)
    dta = np.empty(n)
    dtb = np.empty(n)
    for k in range(n):
        i = seg_a[k]
        j = seg_b[k]
        dta[k] = t[i + 1] - t[i]
        dtb[k] = t[j + 1] - t[j]
        xa, ya = local_offset_m(lat[i], lon[i], lat[i + 1], lon[i + 1])
        xb, yb = local_offset_m(lat[j], lon[j], lat[j + 1], lon[j + 1])
        va[k] = math.hypot(xa, ya) / dta[k] / KNOT
        vb[k] = math.hypot(xb, yb) / dtb[k] / KNOT
        vr[k] = math.hypot(xa / dta[k] - xb / dtb[k], ya / dta[k] - yb / dtb[k]) / KNOT
        ia = min(t_cpa[k] - t[i], t[i + 1] - t_cpa[k])
        ib = min(t_cpa[k] - t[j], t[j + 1] - t_cpa[k])
        interp[k] = max(ia, ib, 0.0)
    return va, vb, vr, interp, dta, dtb


def hit_details(hits: Hits, t: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> HitDetails:
    """Speeds at the CPA (implied by the reports around it) and how far it is from them."""
    return HitDetails(*_details(hits.seg_a, hits.seg_b, hits.t_cpa, t, lat, lon))


def confidence_of(interp_s: np.ndarray) -> np.ndarray:
    """``0.5 ** (interp_s / 300)``: 1 at a real report, 1/2 five minutes away from one.

    >>> confidence_of(np.array([0.0, 300.0])).tolist()
    [1.0, 0.5]
    """
    return np.asarray(0.5 ** (np.asarray(interp_s) / INTERPOLATION_HALF_LIFE_S))


class Episodes(NamedTuple):
    """Intervals merged per subject: the sort order, episode of each sorted row, and per
    episode its first row, its row of smallest value, its start and its end."""

    order: np.ndarray
    episode: np.ndarray
    first: np.ndarray
    best: np.ndarray
    start: np.ndarray
    end: np.ndarray


def merge_episodes(
    key: np.ndarray,
    t_enter: np.ndarray,
    t_exit: np.ndarray,
    value: np.ndarray,
    join_s: float = 0.0,
) -> Episodes:
    """Merge intervals of the same ``key`` that touch (or are less than ``join_s`` apart).

    ``best`` is, per episode, the row (in sorted order) with the smallest ``value``.

    >>> ep = merge_episodes(np.array([1, 1]), np.array([0.0, 5.0]), np.array([5.0, 9.0]),
    ...                     np.array([3.0, 2.0]))
    >>> ep.start.tolist(), ep.end.tolist(), ep.best.tolist()
    ([0.0], [9.0], [1])
    """
    order = np.lexsort((value, t_exit, t_enter, key))
    k = key[order]
    a = t_enter[order]
    b = t_exit[order]
    episode = episode_ids(k, a, b, join_s)
    first = np.flatnonzero(np.r_[True, np.diff(episode) != 0]) if episode.size else episode
    best = argmin_per_group(episode, value[order])
    end = np.maximum.reduceat(b, first) if first.size else b[:0]
    return Episodes(order, episode, first, best, a[first], end)


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


def encounter_episodes(
    hits: Hits, code: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> EncounterEpisodes:
    """Merge hits into episodes: per vessel pair, intervals that touch form one episode."""
    ca = code[hits.seg_a].astype(np.int64)
    cb = code[hits.seg_b].astype(np.int64)
    ep = merge_episodes((ca << 32) | cb, hits.t_enter, hits.t_exit, hits.d_cpa)
    pick = ep.order[ep.best]
    return EncounterEpisodes(
        code_a=ca[pick],
        code_b=cb[pick],
        start=ep.start,
        end=ep.end,
        cpa_time=hits.t_cpa[pick],
        cpa_distance_m=hits.d_cpa[pick],
        lat=hits.lat[pick],
        lon=hits.lon[pick],
    )

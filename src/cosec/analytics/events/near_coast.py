"""Time within N nautical miles of a state's coast or of listed features, over partitions.

Each segment (two consecutive reports no more than ``max_gap_s`` apart) gets the exact
part of its time during which the linearly moving vessel is within the distance of any
coast edge or feature (:func:`~cosec.analytics.kernels.proximity.segment_time_within`);
a report with no segment on either side counts on its own, at its instant. A partition
owns segments (and lone reports) that start in its window; the reduce merges intervals
of a vessel that touch into episodes.

Output columns: ``id, start, end, duration_s, min_distance_m, closest_time, lat, lon``
(the closest point of the track), ``target`` (what was measured to, e.g. ``PHL`` or
``feature:scarborough-shoal``) and ``confidence``: the share of the episode's time
covered by reports at least every 10 minutes (1 for an episode of one report).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cosec.analytics.events.base import Detector, Partial, Window, column, concat, covered_s
from cosec.analytics.kernels.encounters import merge_episodes
from cosec.analytics.kernels.geodesy import KNOT
from cosec.analytics.kernels.proximity import (
    EdgeIndex,
    build_edge_index,
    distance_to_edges,
    segment_time_within,
)
from cosec.analytics.kernels.segments import track_segments
from cosec.analytics.params import NearCoastParams, Params
from cosec.analytics.tracks import Tracks, timestamps
from cosec.geo.coast import coastlines
from cosec.geo.features import find_features

INTERVALS = pa.schema(
    [
        ("id", pa.int64()),
        ("t_enter", pa.float64()),
        ("t_exit", pa.float64()),
        ("min_distance_m", pa.float64()),
        ("t_min", pa.float64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("dt", pa.float64()),
    ]
)


def target_index(params: NearCoastParams) -> EdgeIndex:
    """Coast edges of the states and the features of ``params``, in one index."""
    coast = coastlines()
    lat0, lon0, lat1, lon1 = [], [], [], []
    if params.states:
        mask = coast.select(list(params.states), dependencies=params.dependencies)
        lat0.append(coast.lat0[mask])
        lon0.append(coast.lon0[mask])
        lat1.append(coast.lat1[mask])
        lon1.append(coast.lon1[mask])
    if params.features:
        found = find_features(list(params.features))
        pts_lat = np.array([f.lat for f in found])
        pts_lon = np.array([f.lon for f in found])
        lat0.append(pts_lat)
        lon0.append(pts_lon)
        lat1.append(pts_lat)
        lon1.append(pts_lon)
    return build_edge_index(
        np.concatenate(lat0), np.concatenate(lon0), np.concatenate(lat1), np.concatenate(lon1)
    )


def target_name(params: NearCoastParams) -> str:
    """How the target is written in the output (``PHL``, ``feature:thitu`` ...)."""
    names = [s.upper() for s in params.states]
    if params.features:
        names += [f"feature:{f.id}" for f in find_features(list(params.features))]
    return "+".join(names)


def _map(tracks: Tracks, params: Params, window: Window, threads: int) -> Partial:
    assert isinstance(params, NearCoastParams)
    x = tracks
    index = target_index(params)
    seg = track_segments(x.code, x.t, x.seq, x.brk, params.max_gap_s)
    seg = seg[window.owns(x.t[seg], x.lon[seg])]
    within = segment_time_within(x.t, x.lat, x.lon, seg, index, params.within_m)
    # Reports that belong to no segment count at their own instant.
    in_seg = np.zeros(x.n, dtype=bool)
    all_seg = track_segments(x.code, x.t, x.seq, x.brk, params.max_gap_s)
    in_seg[all_seg] = True
    in_seg[all_seg + 1] = True
    lone = np.flatnonzero(~in_seg & window.owns(x.t, x.lon))
    d, _, _ = distance_to_edges(x.lat[lone], x.lon[lone], index, params.within_m)
    lone = lone[d <= params.within_m]
    d = d[d <= params.within_m]
    ws = within.seg
    return {
        "intervals": pa.table(
            {
                "id": np.concatenate([x.ids[x.code[ws]], x.ids[x.code[lone]]]),
                "t_enter": np.concatenate([within.t_enter, x.t[lone]]),
                "t_exit": np.concatenate([within.t_exit, x.t[lone]]),
                "min_distance_m": np.concatenate([within.min_distance_m, d]),
                "t_min": np.concatenate([within.t_min, x.t[lone]]),
                "lat": np.concatenate([within.lat_min, x.lat[lone]]),
                "lon": np.concatenate([within.lon_min, x.lon[lone]]),
                "dt": np.concatenate([x.t[ws + 1] - x.t[ws], np.zeros(lone.size)]),
            },
            schema=INTERVALS,
        )
    }


def near_coast_table(intervals: pa.Table, params: NearCoastParams) -> pa.Table:
    """Episodes within the distance, from the intervals of all partitions."""
    enter = column(intervals, "t_enter")
    leave = column(intervals, "t_exit")
    dmin = column(intervals, "min_distance_m")
    ep = merge_episodes(column(intervals, "id"), enter, leave, dmin)
    o = ep.order
    dur = (leave - enter)[o]
    cov = covered_s(dur, column(intervals, "dt")[o])
    covered = np.add.reduceat(cov, ep.first) if ep.first.size else cov[:0]
    pick = o[ep.best]
    h = intervals.take(pa.array(pick, pa.int64()))
    duration = ep.end - ep.start
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.where(duration > 0, covered / np.maximum(duration, 1e-9), 1.0)
    return pa.table(
        {
            "id": h.column("id"),
            "start": timestamps(ep.start),
            "end": timestamps(ep.end),
            "duration_s": duration,
            "min_distance_m": h.column("min_distance_m"),
            "closest_time": timestamps(column(h, "t_min")),
            "lat": h.column("lat"),
            "lon": h.column("lon"),
            "target": pa.array([target_name(params)] * h.num_rows, pa.string()),
            "confidence": np.clip(conf, 0.0, 1.0),
        }
    )


def _reduce(parts: list[Partial], params: Params) -> pa.Table:
    assert isinstance(params, NearCoastParams)
    return near_coast_table(concat(parts, "intervals", INTERVALS), params)


def _halo_s(params: Params) -> tuple[float, float]:
    assert isinstance(params, NearCoastParams)
    return params.max_gap_s, params.max_gap_s


def _halo_m(params: Params, max_speed_kn: float) -> float:
    assert isinstance(params, NearCoastParams)
    return float(max_speed_kn * KNOT * params.max_gap_s)


DETECTOR = Detector(halo_s=_halo_s, spatial=True, halo_m=_halo_m, map=_map, reduce=_reduce)

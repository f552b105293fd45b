"""Loitering over partitions: runs of slow segments far from shore.

A segment (two consecutive reports no more than ``max_gap_s`` apart) qualifies when its
implied speed is below ``max_speed_kn`` and both reports are at least
``min_shore_distance_m`` from any coast. A partition owns the segments that start in
its window and returns runs of consecutive qualifying segments; the reduce joins runs
that continue each other (the next run starts at the report where the previous ended,
by ``seq``) and keeps those lasting ``min_duration_s``.

Output columns: ``id, start, end, duration_s, distance_m, mean_speed_kn, lat, lon``
(where the run started), ``min_shore_distance_m`` (``inf`` beyond 200 nm), ``segments``
and ``confidence``: the share of the time covered by reports at least every 10 minutes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cosec.analytics.coasts import distance_to_coast_m
from cosec.analytics.events.base import Detector, Partial, Window, column, concat, covered_s
from cosec.analytics.kernels.encounters import merge_episodes
from cosec.analytics.kernels.geodesy import KNOT
from cosec.analytics.kernels.loitering import segment_runs, segment_speeds
from cosec.analytics.kernels.segments import track_segments
from cosec.analytics.params import NM, LoiteringParams, Params
from cosec.analytics.tracks import Tracks, timestamps

SHORE_SEARCH_M = 200 * NM

RUNS = pa.schema(
    [
        ("id", pa.int64()),
        ("seq_start", pa.int64()),
        ("seq_end", pa.int64()),
        ("t_start", pa.float64()),
        ("t_end", pa.float64()),
        ("distance_m", pa.float64()),
        ("covered_s", pa.float64()),
        ("segments", pa.int64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("min_shore_m", pa.float64()),
    ]
)


def _map(tracks: Tracks, params: Params, window: Window, threads: int) -> Partial:
    assert isinstance(params, LoiteringParams)
    x = tracks
    seg = track_segments(x.code, x.t, x.seq, x.brk, params.max_gap_s)
    seg = seg[window.owns(x.t[seg], x.lon[seg])]
    dist, speed = segment_speeds(seg, x.t, x.lat, x.lon)
    slow = speed < params.max_speed_kn
    seg, dist = seg[slow], dist[slow]
    ends = np.unique(np.concatenate([seg, seg + 1]))
    shore_of = np.full(x.n, np.nan)
    shore_of[ends] = distance_to_coast_m(x.lat[ends], x.lon[ends], max_distance_m=SHORE_SEARCH_M)
    far = np.minimum(shore_of[seg], shore_of[seg + 1]) >= params.min_shore_distance_m
    seg, dist = seg[far], dist[far]
    first, last = segment_runs(seg)
    run_of = np.searchsorted(first, seg, side="right") - 1
    dt = x.t[seg + 1] - x.t[seg]
    n = first.size
    return {
        "runs": pa.table(
            {
                "id": x.ids[x.code[first]],
                "seq_start": x.seq[first],
                "seq_end": x.seq[last + 1],
                "t_start": x.t[first],
                "t_end": x.t[last + 1],
                "distance_m": np.bincount(run_of, dist, minlength=n),
                "covered_s": np.bincount(run_of, covered_s(dt, dt), minlength=n),
                "segments": np.bincount(run_of, minlength=n).astype(np.int64),
                "lat": x.lat[first],
                "lon": x.lon[first],
                "min_shore_m": np.minimum.reduceat(
                    np.minimum(shore_of[seg], shore_of[seg + 1]), np.searchsorted(seg, first)
                )
                if n
                else np.zeros(0),
            },
            schema=RUNS,
        )
    }


def loitering_table(runs: pa.Table, params: LoiteringParams) -> pa.Table:
    """Loitering events from the runs of all partitions."""
    ids = column(runs, "id")
    s0 = column(runs, "seq_start").astype(np.float64)
    s1 = column(runs, "seq_end").astype(np.float64)
    # Runs continue each other when one starts at the report (seq) where another ends.
    ep = merge_episodes(ids, s0, s1, column(runs, "t_start"))
    o = ep.order
    first = ep.first
    r = runs.take(pa.array(o, pa.int64()))

    def total(name: str) -> np.ndarray:
        return np.add.reduceat(column(r, name), first) if first.size else np.zeros(0)

    t_start = column(r, "t_start")[first] if first.size else np.zeros(0)
    t_end = np.maximum.reduceat(column(r, "t_end"), first) if first.size else np.zeros(0)
    duration = t_end - t_start
    distance = total("distance_m")
    keep = duration >= params.min_duration_s
    head = r.take(pa.array(first[keep], pa.int64()))
    shore = np.minimum.reduceat(column(r, "min_shore_m"), first) if first.size else np.zeros(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = np.where(duration > 0, distance / np.maximum(duration, 1e-9) / KNOT, 0.0)
        conf = np.where(duration > 0, total("covered_s") / np.maximum(duration, 1e-9), 1.0)
    return pa.table(
        {
            "id": head.column("id"),
            "start": timestamps(t_start[keep]),
            "end": timestamps(t_end[keep]),
            "duration_s": duration[keep],
            "distance_m": distance[keep],
            "mean_speed_kn": speed[keep],
            "lat": head.column("lat"),
            "lon": head.column("lon"),
            "min_shore_distance_m": shore[keep],
            "segments": total("segments").astype(np.int64)[keep],
            "confidence": np.clip(conf[keep], 0.0, 1.0),
        }
    )


def _reduce(parts: list[Partial], params: Params) -> pa.Table:
    assert isinstance(params, LoiteringParams)
    return loitering_table(concat(parts, "runs", RUNS), params)


def _halo_s(params: Params) -> tuple[float, float]:
    assert isinstance(params, LoiteringParams)
    return 0.0, params.max_gap_s


def _halo_m(params: Params, max_speed_kn: float) -> float:
    assert isinstance(params, LoiteringParams)
    return float(max_speed_kn * KNOT * params.max_gap_s)


DETECTOR = Detector(halo_s=_halo_s, spatial=True, halo_m=_halo_m, map=_map, reduce=_reduce)

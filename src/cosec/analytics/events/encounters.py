"""Close encounters over partitions: hits per partition, episodes in the reduce.

Output columns, one row per episode: ``id_a, id_b, start, end, cpa_time, cpa_distance_m,
lat, lon`` (``id_a < id_b``; lat/lon is the midpoint of the two vessels at the CPA), then
``duration_s``, ``speed_a_kn``, ``speed_b_kn`` and ``relative_speed_kn`` (implied by the
reports around the CPA), ``interp_s`` (the longest time from the CPA to a real report of
either vessel) and ``confidence`` (``0.5 ** (interp_s / 300)``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa

from cosec.analytics.events.base import EVERYTHING, Detector, Partial, Window, column, concat
from cosec.analytics.kernels.encounters import (
    Hits,
    confidence_of,
    encounter_hits,
    hit_details,
    merge_episodes,
)
from cosec.analytics.kernels.geodesy import KNOT
from cosec.analytics.kernels.segments import index_segments, slab_chunks
from cosec.analytics.params import EncounterParams, Params, RendezvousParams
from cosec.analytics.tracks import Tracks, timestamps

HITS = pa.schema(
    [
        ("id_a", pa.int64()),
        ("id_b", pa.int64()),
        ("t_enter", pa.float64()),
        ("t_exit", pa.float64()),
        ("t_cpa", pa.float64()),
        ("d_cpa", pa.float64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("speed_a_kn", pa.float64()),
        ("speed_b_kn", pa.float64()),
        ("relative_speed_kn", pa.float64()),
        ("interp_s", pa.float64()),
        ("dt_a", pa.float64()),
        ("dt_b", pa.float64()),
    ]
)
"""Within-threshold intervals of segment pairs, self-contained (vessel ids, not codes)."""


def find_hits(
    tracks: Tracks,
    max_distance_m: float,
    max_gap_s: float,
    window: Window = EVERYTHING,
    threads: int = 1,
    cell_m: float | None = None,
) -> pa.Table:
    """Within-threshold intervals of the segment pairs a window owns (``HITS`` schema)."""
    if tracks.n < 2:
        return HITS.empty_table()
    x = tracks
    idx = index_segments(
        x.code, x.t, x.lat, x.lon, x.seq, x.brk, max_gap_s=max_gap_s,
        max_distance_m=max_distance_m,
        cell_m=cell_m,
    )  # fmt: skip
    alt = x.alt_or_zero()
    chunks = slab_chunks(idx, max(1, 4 * threads) if threads > 1 else 1)

    def run(chunk: tuple[int, int]) -> Hits:
        return encounter_hits(
            idx, x.t, x.lat, x.lon, alt, max_distance_m, chunk[0], chunk[1],
            window.t0, window.t1, window.lon0, window.lon1,
        )  # fmt: skip

    if threads > 1 and len(chunks) > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(run, chunks))
    else:
        parts = [run(c) for c in chunks]
    hits = Hits.concat(parts)
    det = hit_details(hits, x.t, x.lat, x.lon)
    return pa.table(
        {
            "id_a": x.ids[x.code[hits.seg_a]],
            "id_b": x.ids[x.code[hits.seg_b]],
            "t_enter": hits.t_enter,
            "t_exit": hits.t_exit,
            "t_cpa": hits.t_cpa,
            "d_cpa": hits.d_cpa,
            "lat": hits.lat,
            "lon": hits.lon,
            "speed_a_kn": det.speed_a_kn,
            "speed_b_kn": det.speed_b_kn,
            "relative_speed_kn": det.relative_speed_kn,
            "interp_s": det.interp_s,
            "dt_a": det.dt_a,
            "dt_b": det.dt_b,
        },
        schema=HITS,
    )


def pair_key(hits: pa.Table) -> np.ndarray:
    """One sortable key per vessel pair (ids below 2**31: MMSI and ICAO addresses are)."""
    return np.asarray((column(hits, "id_a") << 32) | column(hits, "id_b"))


def _map(tracks: Tracks, params: Params, window: Window, threads: int) -> Partial:
    assert isinstance(params, EncounterParams)
    return {
        "hits": find_hits(
            tracks, params.max_distance_m, params.max_gap_s, window, threads, params.cell_m
        )
    }


def episodes_table(hits: pa.Table) -> pa.Table:
    """One row per encounter episode from the hits of all partitions."""
    ep = merge_episodes(
        pair_key(hits), column(hits, "t_enter"), column(hits, "t_exit"), column(hits, "d_cpa")
    )
    pick = ep.order[ep.best]
    h = hits.take(pa.array(pick, pa.int64()))
    interp = column(h, "interp_s")
    return pa.table(
        {
            "id_a": h.column("id_a"),
            "id_b": h.column("id_b"),
            "start": timestamps(ep.start),
            "end": timestamps(ep.end),
            "cpa_time": timestamps(column(h, "t_cpa")),
            "cpa_distance_m": h.column("d_cpa"),
            "lat": h.column("lat"),
            "lon": h.column("lon"),
            "duration_s": ep.end - ep.start,
            "speed_a_kn": h.column("speed_a_kn"),
            "speed_b_kn": h.column("speed_b_kn"),
            "relative_speed_kn": h.column("relative_speed_kn"),
            "interp_s": interp,
            "confidence": confidence_of(interp),
        }
    )


def _reduce(parts: list[Partial], params: Params) -> pa.Table:
    return episodes_table(concat(parts, "hits", HITS))


def _halo_s(params: Params) -> tuple[float, float]:
    assert isinstance(params, EncounterParams | RendezvousParams)
    return params.max_gap_s, params.max_gap_s


def segment_reach_m(params: Params, max_speed_kn: float) -> float:
    """How far a segment can reach from its start, plus the distance: a band's halo."""
    gap = getattr(params, "max_gap_s", 3600.0)
    return float(max_speed_kn * KNOT * gap + getattr(params, "max_distance_m", 0.0))


DETECTOR = Detector(halo_s=_halo_s, spatial=True, halo_m=segment_reach_m, map=_map, reduce=_reduce)

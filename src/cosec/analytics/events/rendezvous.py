"""Rendezvous (ship-to-ship meetings) over partitions, Global Fishing Watch's definition.

Built on the encounter hits at the rendezvous distance (500 m): per vessel pair, hits
less than ``join_gap_s`` (4 h) apart merge; an event must last ``min_duration_s`` (2 h)
from its first to its last moment within the distance, both vessels' time-weighted
median speed over the hits must be below ``max_median_speed_kn`` (2 kn), and its closest
point must be ``min_anchorage_distance_m`` (10 km) or more from an anchorage.

Output columns: ``id_a, id_b, start, end, duration_s, within_s`` (time actually within
the distance), ``median_speed_a_kn, median_speed_b_kn, min_distance_m, closest_time,
lat, lon`` (at the closest approach), ``anchorage_distance_m`` (NaN when no anchorage
is known, ``inf`` beyond 1,000 km), ``parts`` (episodes merged) and ``confidence``: the
share of the event's time observed within the distance from reports at least every 10
minutes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cosec.analytics.events.base import (
    EVERYTHING,
    Detector,
    Partial,
    Window,
    column,
    concat,
    covered_s,
)
from cosec.analytics.events.encounters import HITS, _halo_s, find_hits, pair_key, segment_reach_m
from cosec.analytics.kernels.encounters import merge_episodes
from cosec.analytics.kernels.intervals import weighted_median_per_group
from cosec.analytics.kernels.proximity import build_edge_index, distance_to_edges
from cosec.analytics.params import Params, RendezvousParams
from cosec.analytics.tracks import Tracks, timestamps

STATIONARY_KN = 0.5
"""Reported speed under which a vessel counts as stopped, for deriving anchorages."""

ANCHORAGE_SEARCH_M = 1_000_000.0
"""Anchorages are looked for up to 1,000 km away (``inf`` beyond)."""

STATIONARY = pa.schema([("cell", pa.int64()), ("id", pa.int64())])


def stationary_cells(tracks: Tracks, cell_deg: float, window: Window = EVERYTHING) -> pa.Table:
    """Distinct (cell, vessel) pairs of reports with a reported speed under 0.5 kn."""
    mask = (tracks.sog < STATIONARY_KN) & window.owns(tracks.t, tracks.lon)
    row = np.floor((tracks.lat[mask] + 90.0) / cell_deg).astype(np.int64)
    col = np.floor((tracks.lon[mask] + 180.0) / cell_deg).astype(np.int64)
    cell = row * 1_000_000 + col
    ids = tracks.ids[tracks.code[mask]]
    pairs = np.unique(np.stack([cell, ids]), axis=1) if cell.size else np.zeros((2, 0), np.int64)
    return pa.table({"cell": pairs[0], "id": pairs[1]}, schema=STATIONARY)


def derive_anchorages(stationary: pa.Table, cell_deg: float, min_vessels: int) -> np.ndarray:
    """Centres (lat, lon) of cells where at least ``min_vessels`` distinct vessels stopped."""
    if stationary.num_rows == 0:
        return np.zeros((0, 2))
    pairs = np.unique(np.stack([column(stationary, "cell"), column(stationary, "id")]), axis=1)
    cells, counts = np.unique(pairs[0], return_counts=True)
    busy = cells[counts >= min_vessels]
    lat = (busy // 1_000_000 + 0.5) * cell_deg - 90.0
    lon = (busy % 1_000_000 + 0.5) * cell_deg - 180.0
    return np.stack([lat, lon], axis=1)


def _map(tracks: Tracks, params: Params, window: Window, threads: int) -> Partial:
    assert isinstance(params, RendezvousParams)
    out = {"hits": find_hits(tracks, params.max_distance_m, params.max_gap_s, window, threads)}
    if params.anchorages is None:
        out["stationary"] = stationary_cells(tracks, params.anchorage_cell_deg, window)
    return out


def rendezvous_table(hits: pa.Table, anchorages: np.ndarray, params: RendezvousParams) -> pa.Table:
    """Rendezvous events from the hits of all partitions and the known anchorages."""
    enter = column(hits, "t_enter")
    leave = column(hits, "t_exit")
    ep = merge_episodes(pair_key(hits), enter, leave, column(hits, "d_cpa"), params.join_gap_s)
    o = ep.order
    dur = (leave - enter)[o]
    first = ep.first
    within = np.add.reduceat(dur, first) if first.size else dur[:0]
    dt = np.maximum(column(hits, "dt_a"), column(hits, "dt_b"))[o]
    covered = np.add.reduceat(covered_s(dur, dt), first) if first.size else dur[:0]
    med_a = weighted_median_per_group(ep.episode, column(hits, "speed_a_kn")[o], dur)
    med_b = weighted_median_per_group(ep.episode, column(hits, "speed_b_kn")[o], dur)
    # Merged parts: a new part starts where an interval begins after the running end.
    starts_part = np.r_[True, enter[o][1:] > np.maximum.accumulate(leave[o])[:-1]] if o.size else o
    parts = np.add.reduceat(starts_part.astype(np.int64), first) if first.size else first
    pick = o[ep.best]
    lat = column(hits, "lat")[pick]
    lon = column(hits, "lon")[pick]
    if anchorages.shape[0]:
        idx = build_edge_index(
            anchorages[:, 0], anchorages[:, 1], anchorages[:, 0], anchorages[:, 1]
        )
        anchor, _, _ = distance_to_edges(lat, lon, idx, ANCHORAGE_SEARCH_M)
    else:
        anchor = np.full(lat.size, np.nan)
    duration = ep.end - ep.start
    keep = (
        (duration >= params.min_duration_s)
        & (med_a < params.max_median_speed_kn)
        & (med_b < params.max_median_speed_kn)
        & ~(anchor < params.min_anchorage_distance_m)
    )
    h = hits.take(pa.array(pick[keep], pa.int64()))
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.where(duration > 0, covered / np.maximum(duration, 1e-9), 1.0)
    return pa.table(
        {
            "id_a": h.column("id_a"),
            "id_b": h.column("id_b"),
            "start": timestamps(ep.start[keep]),
            "end": timestamps(ep.end[keep]),
            "duration_s": duration[keep],
            "within_s": within[keep],
            "median_speed_a_kn": med_a[keep],
            "median_speed_b_kn": med_b[keep],
            "min_distance_m": h.column("d_cpa"),
            "closest_time": timestamps(column(h, "t_cpa")),
            "lat": h.column("lat"),
            "lon": h.column("lon"),
            "anchorage_distance_m": anchor[keep],
            "parts": parts[keep],
            "confidence": np.clip(confidence[keep], 0.0, 1.0),
        }
    )


def _reduce(parts: list[Partial], params: Params) -> pa.Table:
    assert isinstance(params, RendezvousParams)
    if params.anchorages is not None:
        anchorages = np.array(params.anchorages, dtype=np.float64).reshape(-1, 2)
    else:
        anchorages = derive_anchorages(
            concat(parts, "stationary", STATIONARY),
            params.anchorage_cell_deg,
            params.anchorage_min_vessels,
        )
    return rendezvous_table(concat(parts, "hits", HITS), anchorages, params)


DETECTOR = Detector(halo_s=_halo_s, spatial=True, halo_m=segment_reach_m, map=_map, reduce=_reduce)

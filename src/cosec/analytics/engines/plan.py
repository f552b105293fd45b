"""Partitions of a dataset by time and longitude, each with the halo its kind needs.

A partition *owns* a window (times ``[t0, t1)``, longitudes ``[lon0, lon1)``) and *reads*
a larger box: its window widened by the detector's halo in time, and by whole longitude
bands covering the halo in space (a segment can reach ``max speed x max gap`` from its
start). Windows tile space-time without overlap, and the outermost ones are open-ended,
so every event is owned by exactly one partition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cosec.analytics.events.base import Detector, Window
from cosec.analytics.kernels.geodesy import metres_per_degree
from cosec.analytics.params import Params
from cosec.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Partition:
    """What one task owns and what it reads."""

    window: Window
    read_start: float | None
    read_end: float | None
    lon_bands: tuple[int, int] | None
    """Dataset longitude bands to read (inclusive), or all."""


def _iso_to_epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def plan_partitions(
    manifest: dict[str, Any],
    detector: Detector,
    params: Params,
    *,
    partition_hours: float,
    lon_partitions: bool,
) -> list[Partition]:
    """Partitions of a dataset (described by its manifest) for one detector."""
    if not partition_hours > 0:
        raise InvalidInput.field("partition_hours", "must be positive")
    if manifest.get("start") is None:
        return [Partition(Window(), None, None, None)]
    start = _iso_to_epoch(manifest["start"])
    end = _iso_to_epoch(manifest["end"])
    step = partition_hours * 3600.0
    k0 = math.floor(start / step)
    k1 = math.floor(end / step)
    before, after = detector.halo_s(params)
    times = []
    for k in range(k0, k1 + 1):
        t0 = -math.inf if k == k0 else k * step
        t1 = math.inf if k == k1 else (k + 1) * step
        times.append((t0, t1))
    bands: list[tuple[float, float, tuple[int, int] | None]] = [(-180.0, 180.0, None)]
    band_deg = float(manifest.get("lon_band_deg", 360.0))
    if lon_partitions and detector.spatial and manifest.get("bbox"):
        west, south, east, north = manifest["bbox"]
        reach = detector.halo_m(params, float(manifest.get("max_speed_kn", 50.0)))
        top = min(max(abs(south), abs(north)) + reach / 110_000.0, 89.0)
        halo_deg = reach / metres_per_degree(top)[0]
        halo_bands = math.ceil(halo_deg / band_deg)
        b0 = math.floor((west + 180.0) / band_deg)
        b1 = math.floor((east + 180.0) / band_deg)
        near_cut = west < -180.0 + halo_deg and east > 180.0 - halo_deg
        # Bands pay only when a band's halo does not already take in all the data: else
        # every task would read (and process) everything.
        if b1 - b0 > halo_bands and not near_cut:
            bands = []
            for b in range(b0, b1 + 1):
                lon0 = -180.0 if b == b0 else b * band_deg - 180.0
                lon1 = 180.0 if b == b1 else (b + 1) * band_deg - 180.0
                bands.append((lon0, lon1, (b - halo_bands, b + halo_bands)))
    out = []
    for t0, t1 in times:
        for lon0, lon1, read_bands in bands:
            out.append(
                Partition(
                    Window(t0, t1, lon0, lon1),
                    None if math.isinf(t0) else t0 - before,
                    None if math.isinf(t1) else t1 + after,
                    read_bands,
                )
            )
    return out

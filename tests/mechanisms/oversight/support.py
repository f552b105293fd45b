"""Builders for the stored-oversight tests: rendezvous, gaps and near-coast analyses as the
core's evidence service stores them, without running a track engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from cosec.evidence import service as evidence
from cosec.kinds.evidence import AnalysisRecord

NM = 1852.0
Meeting = tuple[str, str, datetime, float, float, float]
"""``(mmsi a, mmsi b, start, hours, lat, lon)``."""
Silence = tuple[str, datetime, float, float, float, bool]
"""``(mmsi, start, hours, lat, lon, switch_off)``."""
Approach = tuple[str, datetime, float, float]
"""``(mmsi, start, hours, closest nm)``."""


def _analysis(kind: str, rows: list[dict[str, Any]], params: dict[str, Any]) -> evidence.Analysis:
    payload = AnalysisRecord(
        dataset="synthetic",
        dataset_sha256="0" * 64,
        data_kind="ais",
        event_kind=kind,
        params=params,
        engine="test",
        events=len(rows),
        events_sha256=evidence.events_digest(rows),
    )
    return evidence.Analysis(payload, rows)


def rendezvous(meetings: Sequence[Meeting]) -> evidence.Analysis:
    """A rendezvous analysis of these meetings."""
    rows = []
    for a, b, start, hours, lat, lon in meetings:
        lo, hi = sorted((int(a), int(b)))
        rows.append(
            {
                "id_a": lo,
                "id_b": hi,
                "start": start.isoformat(),
                "end": (start + timedelta(hours=hours)).isoformat(),
                "duration_s": hours * 3600,
                "median_speed_a_kn": 0.1,
                "median_speed_b_kn": 0.1,
                "min_distance_m": 120.0,
                "lat": lat,
                "lon": lon,
                "confidence": 0.95,
            }
        )
    return _analysis("rendezvous", rows, {"max_distance_m": 500.0})


def gaps(silences: Sequence[Silence]) -> evidence.Analysis:
    """A gaps analysis of these silences."""
    rows = []
    for mmsi, start, hours, lat, lon, switch_off in silences:
        rows.append(
            {
                "id": int(mmsi),
                "start": start.isoformat(),
                "end": (start + timedelta(hours=hours)).isoformat(),
                "duration_s": hours * 3600,
                "lat_start": lat,
                "lon_start": lon,
                "lat_end": lat + 0.3,
                "lon_end": lon + 0.1,
                "distance_m": 34_000.0,
                "implied_speed_kn": 1.2,
                "shore_distance_m": 170_000.0,
                "reports_before": 140,
                "switch_off": switch_off,
                "confidence": 1.0,
            }
        )
    return _analysis("gaps", rows, {"min_gap_s": 21600.0})


def near_prk(approaches: Sequence[Approach], *, within_nm: float = 12.0) -> evidence.Analysis:
    """A near-coast analysis of the DPRK coast at ``within_nm``."""
    rows = []
    for mmsi, start, hours, nm in approaches:
        rows.append(
            {
                "id": int(mmsi),
                "start": start.isoformat(),
                "end": (start + timedelta(hours=hours)).isoformat(),
                "duration_s": hours * 3600,
                "min_distance_m": nm * NM,
                "closest_time": start.isoformat(),
                "lat": 39.2,
                "lon": 127.65,
                "target": "PRK",
                "confidence": 1.0,
            }
        )
    params = {
        "states": ["PRK"],
        "features": [],
        "within_m": within_nm * NM,
        "max_gap_s": 3600.0,
        "dependencies": False,
    }
    return _analysis("near-coast", rows, params)

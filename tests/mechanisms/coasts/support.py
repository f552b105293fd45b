"""Builders for the stored-presence tests: near-coast analyses of one coast, as the core's
evidence service stores them, without running a track engine."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cosec.evidence import service as evidence
from cosec.kinds.evidence import AnalysisRecord

NM = 1852.0


def coast_analysis(
    coast: str,
    events: list[tuple[str, datetime, float, float]],
    *,
    within_nm: float = 24.0,
    gap_s: float = 3600.0,
) -> evidence.Analysis:
    """``(vessel, start, hours, nm)`` stays within ``within_nm`` of ``coast``."""
    rows: list[dict[str, Any]] = []
    for vessel, start, hours, nm in events:
        rows.append(
            {
                "id": int(vessel),
                "start": start.isoformat(),
                "end": (start + timedelta(hours=hours)).isoformat(),
                "duration_s": hours * 3600,
                "min_distance_m": nm * NM,
                "closest_time": start.isoformat(),
                "lat": 24.3,
                "lon": 123.0,
                "target": coast,
                "confidence": 1.0,
            }
        )
    payload = AnalysisRecord(
        dataset="synthetic",
        dataset_sha256="0" * 64,
        data_kind="ais",
        event_kind="near-coast",
        params={
            "states": [coast],
            "features": [],
            "within_m": within_nm * NM,
            "max_gap_s": gap_s,
            "dependencies": False,
        },
        engine="test",
        events=len(rows),
        events_sha256=evidence.events_digest(rows),
    )
    return evidence.Analysis(payload, rows)

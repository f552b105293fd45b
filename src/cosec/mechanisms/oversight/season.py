"""Planted AIS tracks of what the oversight rules look for: two ships meeting at sea, a
ship going dark, a ship approaching a coast. The demo, the tests and the benchmark build
their seasons from these (every vessel, name and identifier is fictional).

Each builder returns AIS rows (``mmsi``, ``timestamp`` ISO 8601 UTC, ``lat``, ``lon``,
``sog``) every ``step_min`` minutes, a vessel's reports unbroken from its first to its last
except where a gap is planted.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta
from typing import Any

NM = 1852.0
Row = dict[str, Any]


def _row(mmsi: int, t: datetime, lat: float, lon: float, sog: float) -> Row:
    return {
        "mmsi": mmsi,
        "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "sog": sog,
    }


def steam(
    mmsi: int,
    start: datetime,
    waypoints: list[tuple[float, float]],
    *,
    speed_kn: float,
    step_min: int = 5,
) -> list[Row]:
    """A vessel steaming through ``waypoints`` (lat, lon), one report every ``step_min``."""
    rows: list[Row] = []
    step_m = speed_kn * NM * step_min / 60.0
    t = start
    for (la0, lo0), (la1, lo1) in itertools.pairwise(waypoints):
        kx = 111_320.0 * math.cos(math.radians((la0 + la1) / 2))
        n = max(1, int(math.hypot((lo1 - lo0) * kx, (la1 - la0) * 110_574.0) // step_m))
        first = 0 if not rows else 1
        for i in range(first, n + 1):
            f = i / n
            rows.append(_row(mmsi, t, la0 + f * (la1 - la0), lo0 + f * (lo1 - lo0), speed_kn))
            t += timedelta(minutes=step_min)
    return rows


def _drift(
    mmsi: int, start: datetime, hours: float, lat: float, lon: float, *, step_min: int
) -> list[Row]:
    """Lying at a point, drifting a few metres an hour (0.1 kn)."""
    n = int(hours * 60 / step_min)
    rows = []
    for i in range(n + 1):
        wobble = 0.0004 * math.sin(i / 7.0)
        rows.append(_row(mmsi, start + timedelta(minutes=i * step_min), lat + wobble, lon, 0.1))
    return rows


def meeting(
    a: int,
    b: int,
    start: datetime,
    lat: float,
    lon: float,
    *,
    hours: float = 4.0,
    step_min: int = 5,
) -> list[Row]:
    """Two ships coming from 20 nm apart, lying about 150 m apart for ``hours`` from
    ``start`` (a rendezvous by Global Fishing Watch's definition when at least 2 h), then
    going their ways."""
    rows: list[Row] = []
    off = 150.0 / 110_574.0
    for mmsi, dlat, side in ((a, 0.0, 1.0), (b, off, -1.0)):
        here = (lat + dlat, lon)
        away = (lat + dlat + side * 0.2, lon + side * 0.25)
        lead = timedelta(hours=2)
        come = steam(mmsi, start - lead, [away, here], speed_kn=10.0, step_min=step_min)
        come = [r for r in come if r["timestamp"] < start.strftime("%Y-%m-%dT%H:%M:%SZ")]
        stay = _drift(mmsi, start, hours, *here, step_min=step_min)
        leave_at = start + timedelta(hours=hours, minutes=step_min)
        go = steam(mmsi, leave_at, [here, away], speed_kn=10.0, step_min=step_min)
        rows += come + stay + go
    return rows


def dark(
    mmsi: int,
    start: datetime,
    lat: float,
    lon: float,
    *,
    before_h: float = 14.0,
    off_h: float = 16.0,
    step_min: int = 5,
) -> list[Row]:
    """A ship steaming slowly for ``before_h`` to (lat, lon), sending nothing for ``off_h``
    from ``start``, then reporting again 20 nm on (the gap starts at the last report)."""
    came_from = (lat - 0.25, lon - 0.2)
    kx = 111_320.0 * math.cos(math.radians(lat))
    miles = math.hypot(0.2 * kx, 0.25 * 110_574.0) / NM
    before = steam(
        mmsi,
        start - timedelta(hours=before_h),
        [came_from, (lat, lon)],
        speed_kn=miles / before_h,
        step_min=step_min,
    )
    before = [r for r in before if r["timestamp"] <= start.strftime("%Y-%m-%dT%H:%M:%SZ")]
    last = before[-1]
    again = start + timedelta(hours=off_h)
    after = steam(
        mmsi,
        again,
        [(float(last["lat"]) + 0.3, float(last["lon"]) + 0.1), (lat + 0.6, lon + 0.2)],
        speed_kn=8.0,
        step_min=step_min,
    )
    return before + after


def approach(
    mmsi: int,
    start: datetime,
    sea: tuple[float, float],
    near: tuple[float, float],
    *,
    speed_kn: float = 8.0,
    step_min: int = 5,
) -> list[Row]:
    """A ship steaming from ``sea`` to ``near`` (close to a coast) and back."""
    return steam(mmsi, start, [sea, near, sea], speed_kn=speed_kn, step_min=step_min)

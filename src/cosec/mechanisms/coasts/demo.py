"""Presence along coasts in the demo: a week of May 2025 and one of May 2026, under
``eas-2026``.

In 2025 a Chinese destroyer passes Yonaguni, a United States destroyer runs along
Hainan's south coast, a Russian corvette goes through the Soya Strait. In 2026 Chinese
navy ships stay along Japan's coast three times (once with a reporting gap of 90 minutes,
which splits the stay in two), a Chinese coast guard cutter patrols 7 nm off Luzon, the
United States destroyer's run off Hainan is shorter, the Russian corvette's too, and a
Japanese coast guard cutter works its own coast (which never counts). China and Russia
notify an exercise whose area reaches within 24 nm of Japan's coast. So China's presence
along Japan's and the Philippines' coasts grew; the United States' and Russia's fell. The
units, names and identifiers are fictional; the coasts are Natural Earth's.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, DemoTracks, at

NM = 1852.0
CHN_DDG, CHN_CG, USA_DDG, RUS_FFL, JPN_CG = 412790201, 413790202, 369970202, 273790203, 431790204
COASTS = ("JPN", "CHN", "PHL")

YONAGUNI = [(24.25, 122.60), (24.32, 123.40)]
MIYAKO = [(24.45, 125.55), (25.15, 126.20)]
OKINAWA_EAST = [(26.05, 128.25), (26.85, 128.65)]
HAINAN = [(17.92, 109.00), (17.98, 110.00)]
LUZON = [(15.00, 119.62), (15.80, 119.72)]
SOYA = [(45.62, 141.45), (45.75, 142.25)]


def track(
    mmsi: int, start: datetime, waypoints: list[tuple[float, float]], *, speed_kn: float
) -> list[dict[str, Any]]:
    """AIS rows every 5 minutes of a vessel steaming through ``waypoints`` (lat, lon)."""
    rows: list[dict[str, Any]] = []
    step_m = speed_kn * NM / 12.0
    t = start
    for (la0, lo0), (la1, lo1) in itertools.pairwise(waypoints):
        kx = 111_320.0 * math.cos(math.radians((la0 + la1) / 2))
        n = max(1, int(math.hypot((lo1 - lo0) * kx, (la1 - la0) * 110_574.0) // step_m))
        for i in range(n + 1):
            f = i / n
            rows.append(
                {
                    "mmsi": mmsi,
                    "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "lat": round(la0 + f * (la1 - la0), 5),
                    "lon": round(lo0 + f * (lo1 - lo0), 5),
                    "sog": speed_kn,
                }
            )
            t += timedelta(minutes=5)
    return rows


def with_gap(rows: list[dict[str, Any]], after: int, minutes: int) -> list[dict[str, Any]]:
    """The same rows, with reports stopping for ``minutes`` after the ``after``-th."""
    return rows[: after + 1] + rows[after + 1 + minutes // 5 :]


def _unit(actor: str, mmsi: int, kind: str, name: str) -> DemoStep:
    return DemoStep(
        at("2026-01-05 02:00"),
        actor,
        "fleet.unit",
        {
            "identifier": str(mmsi),
            "member": actor,
            "kind": kind,
            "name": name,
            "valid_from": "2024-01-01",
        },
        audience="public",
    )


def _year_2025() -> list[dict[str, Any]]:
    d = at("2025-05-14 00:00")
    return [
        *track(CHN_DDG, d + timedelta(hours=2), YONAGUNI, speed_kn=14),
        *track(USA_DDG, d + timedelta(hours=6), HAINAN, speed_kn=12),
        *track(RUS_FFL, d + timedelta(hours=20), SOYA, speed_kn=10),
    ]


def _year_2026() -> list[dict[str, Any]]:
    d = at("2026-05-13 00:00")
    okinawa = track(CHN_DDG, d + timedelta(hours=30), OKINAWA_EAST, speed_kn=8)
    return [
        *track(CHN_DDG, d + timedelta(hours=1), YONAGUNI, speed_kn=12),
        *track(CHN_DDG, d + timedelta(hours=14), MIYAKO, speed_kn=12),
        *with_gap(okinawa, after=40, minutes=90),
        *track(CHN_CG, d + timedelta(hours=3), LUZON, speed_kn=8),
        *track(USA_DDG, d + timedelta(hours=8), [*HAINAN[:1], (17.95, 109.5)], speed_kn=14),
        *track(RUS_FFL, d + timedelta(hours=22), SOYA, speed_kn=16),
        *track(JPN_CG, d + timedelta(hours=5), YONAGUNI, speed_kn=10),
    ]


def _analyses() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple(
        ("near-coast", {"states": [c], "within_m": 24 * NM, "max_gap_s": 3600.0}) for c in COASTS
    )


JOINT_SEA = DemoStep(
    at("2026-05-02 03:00"),
    "CHN",
    "notification.prior",
    {
        "designation": "Joint Sea 2026",
        "purpose": "Combined naval exercise",
        "states": ["CHN", "RUS"],
        "start": "2026-07-06",
        "end": "2026-07-12",
        "figures": {"troops": 2500, "ships": 12},
        "area": {
            "description": "East China Sea, north-west of Okinawa",
            "lat": 27.0,
            "lon": 126.0,
            "radius_km": 90,
        },
    },
)
"""A notified exercise whose area comes within 24 nm of Japan's coast (about 4.5 nm)."""


def part() -> DemoPart:
    """Presence's units and tracks."""
    return DemoPart(
        steps=(
            _unit("CHN", CHN_DDG, "navy", "Demo destroyer 172"),
            _unit("CHN", CHN_CG, "coast_guard", "Haijing Demo 3301"),
            _unit("USA", USA_DDG, "navy", "USS Demo Harbor"),
            _unit("RUS", RUS_FFL, "navy", "Demo corvette 333"),
            _unit("JPN", JPN_CG, "coast_guard", "PL Demo Yonaguni"),
            JOINT_SEA,
        ),
        tracks=(
            DemoTracks(
                name="demo-coasts-2025-05",
                at=at("2026-01-20 09:00"),
                analyses=_analyses(),
                positions=_year_2025(),
                note="Presence along coasts, 14-15 May 2025 (synthetic; analysed in 2026)",
            ),
            DemoTracks(
                name="demo-coasts-2026-05",
                at=at("2026-05-20 10:00"),
                analyses=_analyses(),
                positions=_year_2026(),
                note="Presence along coasts, 13-15 May 2026 (synthetic)",
            ),
        ),
        look_at=(
            ("/coasts?year=2026", "presence along other members' coasts, 2026 against 2025"),
            ("/coasts/CHN/JPN?year=2026", "China's state units along Japan's coast, by month"),
        ),
    )

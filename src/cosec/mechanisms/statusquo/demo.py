"""The status quo's part of the demo year, 2026, under ``eas-2026`` (status quo of
1 November 2025).

Features and figures follow the published record's scale (domain reference §9): a
Vietnamese reef listed by the secretariat and reclaimed further (declared, then seen to go
beyond what was declared); new hangars on Mischief Reef and bombers on Fiery Cross Reef
seen on imagery and not reported in time (one reported late); an area measured exactly at
the tolerance on Woody Island (no finding); a lighthouse on Thitu that is a public good
two members joined (no finding). In the tracks of 12 May 2026 a United States destroyer
passes within 12 nm of Mischief Reef, a Chinese coast guard cutter loiters off Second
Thomas Shoal, a Vietnamese patrol ship passes Johnson South Reef, and a Philippine cutter
patrols Scarborough Shoal (which nobody holds: no finding). The vessels, names and
identifiers are fictional.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, DemoTracks, at

NM = 1852.0


def track(
    mmsi: int,
    start: datetime,
    waypoints: list[tuple[float, float]],
    *,
    speed_kn: float,
    every_min: float = 5.0,
) -> list[dict[str, Any]]:
    """AIS rows of a vessel steaming through ``waypoints`` (lat, lon) at a steady speed."""
    rows: list[dict[str, Any]] = []
    t = start
    step_m = speed_kn * NM / 60.0 * every_min
    for (la0, lo0), (la1, lo1) in itertools.pairwise(waypoints):
        ky = 111_320.0
        kx = ky * math.cos(math.radians((la0 + la1) / 2))
        length = math.hypot((lo1 - lo0) * kx, (la1 - la0) * ky)
        n = max(1, int(length // step_m))
        cog = math.degrees(math.atan2((lo1 - lo0) * kx, (la1 - la0) * ky)) % 360
        for i in range(n):
            f = i / n
            rows.append(
                {
                    "mmsi": mmsi,
                    "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "lat": round(la0 + f * (la1 - la0), 5),
                    "lon": round(lo0 + f * (lo1 - lo0), 5),
                    "sog": speed_kn,
                    "cog": round(cog, 1),
                }
            )
            t += timedelta(minutes=every_min)
    la, lo = waypoints[-1]
    rows.append(
        {
            "mmsi": mmsi,
            "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "lat": la,
            "lon": lo,
            "sog": speed_kn,
            "cog": 0.0,
        }
    )
    return rows


def _unit(actor: str, when: str, mmsi: int, kind: str, name: str) -> DemoStep:
    return DemoStep(
        at(when),
        actor,
        "fleet.unit",
        {"identifier": str(mmsi), "member": actor, "kind": kind, "name": name},
        audience="public",
    )


DESTROYER, CUTTER, PATROL, PHL_CUTTER = 369970101, 413790101, 574990101, 548990101
DAY = at("2026-05-12 00:00")

BARQUE_CANADA = {
    "feature": "barque-canada-reef",
    "name": "Barque Canada Reef",
    "group": "Spratly Islands",
    "lat": 8.15,
    "lon": 113.30,
    "claimants": ["VNM", "CHN", "PHL", "MYS", "TWN"],
    "occupant": "VNM",
    "baseline": {
        "as_of": "2025-11-01",
        "area_ha": 175.0,
        "facilities": {"harbour": 1, "helipad": 1, "barracks": 1},
        "deployments": {"troops": 1},
        "source": "secretariat imagery cell, Sentinel-2 L2A of 28 Oct 2025 (demo figures)",
    },
    "note": "Reclaimed by Viet Nam from 2022 [recalled scale]; listed by the secretariat.",
}


def _steps() -> list[DemoStep]:
    s = DemoStep
    return [
        s(
            at("2026-01-12 09:00"),
            "SEC",
            "statusquo.feature",
            BARQUE_CANADA,
            audience="public",
            label="barque",
        ),
        s(
            at("2026-02-03 03:00"),
            "PHL",
            "statusquo.public_good",
            {
                "kind": "lighthouse",
                "name": "Pag-asa light",
                "feature": "thitu",
                "description": "A light on Thitu's western point, its data open to all members.",
            },
            audience="public",
            label="light",
        ),
        s(
            at("2026-02-10 02:00"),
            "VNM",
            "statusquo.public_good_join",
            {"contribution": "Notices to mariners in Vietnamese"},
            refs={"good_id": "light"},
        ),
        s(
            at("2026-02-11 05:00"),
            "MYS",
            "statusquo.public_good_join",
            {"contribution": "Maintenance crew, twice a year"},
            refs={"good_id": "light"},
        ),
        s(
            at("2026-02-20 08:00"),
            "CHN",
            "statusquo.public_good",
            {
                "kind": "weather_station",
                "name": "Xisha weather observations",
                "feature": "woody-island",
                "description": "Hourly observations from Woody Island shared with every member.",
            },
            audience="public",
        ),
        s(
            at("2026-03-02 04:00"),
            "PHL",
            "statusquo.change",
            {
                "feature": "thitu",
                "on": "2026-02-28",
                "facilities": {"lighthouse": 1},
                "description": "Pag-asa light lit: the public good Viet Nam and Malaysia joined.",
            },
        ),
        s(
            at("2026-03-20 03:00"),
            "VNM",
            "statusquo.change",
            {
                "feature": "barque-canada-reef",
                "on": "2026-03-15",
                "area_ha": 188.0,
                "description": "Harbour basin dredged and the seawall extended.",
            },
            refs={"entry_id": "barque"},
        ),
        _unit("USA", "2026-04-01 14:00", DESTROYER, "navy", "USS Sample Bay (demo)"),
        _unit("CHN", "2026-04-02 02:00", CUTTER, "coast_guard", "Haixun Demo 01"),
        _unit("VNM", "2026-04-02 03:00", PATROL, "navy", "HQ Demo 19"),
        _unit("PHL", "2026-04-02 04:00", PHL_CUTTER, "coast_guard", "BRP Demo Light"),
        s(
            at("2026-04-28 06:00"),
            "SEC",
            "statusquo.observation",
            {
                "feature": "mischief-reef",
                "imagery_date": "2026-04-20",
                "area_ha": 558.3,
                "facilities": {"hangar": 32},
                "source": "Sentinel-2 L2A and commercial imagery of 20 April 2026; secretariat",
            },
        ),
        s(
            at("2026-06-08 06:00"),
            "SEC",
            "statusquo.observation",
            {
                "feature": "fiery-cross-reef",
                "imagery_date": "2026-06-02",
                "deployments": {"bomber": 1, "combat_aircraft": 1},
                "source": "Commercial imagery of 2 June 2026: bombers and fighters on the apron",
            },
        ),
        s(
            at("2026-07-15 01:00"),
            "CHN",
            "statusquo.change",
            {
                "feature": "fiery-cross-reef",
                "on": "2026-06-01",
                "deployments": {"bomber": 1},
                "description": "Training rotation of long-range aircraft.",
            },
        ),
        s(
            at("2026-09-10 06:00"),
            "SEC",
            "statusquo.observation",
            {
                "feature": "woody-island",
                "imagery_date": "2026-09-05",
                "area_ha": 210.5,
                "source": "Sentinel-2 L2A of 5 September 2026; within the tolerance",
            },
        ),
        s(
            at("2026-10-05 06:00"),
            "SEC",
            "statusquo.observation",
            {
                "feature": "barque-canada-reef",
                "imagery_date": "2026-10-01",
                "area_ha": 196.0,
                "source": "Sentinel-2 L2A of 1 October 2026; secretariat",
            },
            refs={"entry_id": "barque"},
        ),
    ]


def _positions() -> list[dict[str, Any]]:
    rows = []
    # A destroyer's transit past Mischief Reef (9.90 N, 115.53 E), closest about 3 nm.
    rows += track(
        DESTROYER, DAY + timedelta(hours=2), [(9.40, 115.45), (10.45, 115.72)], speed_kn=16
    )
    # A coast guard cutter loiters 3-5 nm off Second Thomas Shoal (9.73 N, 115.87 E).
    rows += track(
        CUTTER,
        DAY + timedelta(hours=1),
        [(9.50, 116.10), (9.78, 115.93), (9.68, 115.93), (9.78, 115.93), (9.55, 116.15)],
        speed_kn=6,
    )
    # A Vietnamese patrol ship passes Johnson South Reef (9.72 N, 114.28 E), closest ~9 nm.
    rows += track(PATROL, DAY + timedelta(hours=5), [(9.40, 114.10), (10.05, 114.15)], speed_kn=12)
    # A Philippine cutter off Scarborough Shoal (15.15 N, 117.76 E), which nobody holds.
    rows += track(
        PHL_CUTTER, DAY + timedelta(hours=3), [(15.00, 117.50), (15.30, 117.95)], speed_kn=10
    )
    return rows


FEATURES = ("mischief-reef", "second-thomas-shoal", "johnson-south-reef", "scarborough-shoal")


def part() -> DemoPart:
    """The status quo's steps and tracks."""
    return DemoPart(
        steps=_steps(),
        tracks=(
            DemoTracks(
                name="demo-statusquo-2026-05-12",
                at=at("2026-05-20 09:00"),
                analyses=tuple(
                    ("near-coast", {"features": [f], "within_m": 12 * NM}) for f in FEATURES
                ),
                positions=_positions(),
                background=60,
                start=DAY,
                hours=24,
                note="Spratly Islands and Scarborough Shoal, 12 May 2026 (synthetic)",
            ),
        ),
        look_at=(
            ("/features", "the feature registry on a map: claimants, holders, changes"),
            ("/features/barque-canada-reef", "a reef reclaimed beyond what was declared"),
        ),
    )

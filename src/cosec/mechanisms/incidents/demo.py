"""The code of safe conduct in the demo year, under ``eas-2026``.

The incidents are modelled on encounters of public record (see docs/incidents.md): a
destroyer cutting across another's bow at about 40 m (Gaven Reef, September 2018); a
coast guard cutter's laser at a Philippine patrol ship (Second Thomas Shoal, February
2023); water cannon and a collision on a resupply mission (2023-2024); a destroyer's sonar
injuring divers (November 2023); flares and chaff in a patrol aircraft's path (May 2022);
a fighter passing within 6 m of a reconnaissance aircraft (December 2022); threats over
the radio. They happen in 2026 here, between units whose names and identifiers are
fictional. Two destroyers' tracks are planted: one pass nobody reports (``unreported_
encounter``), and one whose reported distance the tracks contradict
(``report_contradicted``). A Chinese coast guard cutter is named in three serious incidents
(``repeat_offender``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, DemoTracks, at

CHN_DDG_A, CHN_DDG_B, USA_DDG = 412780301, 412780302, 369780301
CHN_CG, PHL_CG, PHL_BOAT, AUS_FFH, JPN_CG = 413780301, 548780301, 548780302, 503780301, 431780301
CHN_J11, CHN_J16, USA_RC135, AUS_P8 = "7801a1", "7801a6", "ae7801", "7c7801"

UNITS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # member, identifier, kind, name, hull, domain
    ("CHN", str(CHN_DDG_A), "navy", "Demo destroyer 171", "171", "sea"),
    ("CHN", str(CHN_DDG_B), "navy", "Demo destroyer 172", "172", "sea"),
    ("CHN", str(CHN_CG), "coast_guard", "Haijing Demo 5205", "5205", "sea"),
    ("CHN", CHN_J11, "navy", "Demo J-11 fighter", "", "air"),
    ("CHN", CHN_J16, "navy", "Demo J-16 fighter", "", "air"),
    ("USA", str(USA_DDG), "navy", "USS Demo Resolve", "DDG-901", "sea"),
    ("USA", USA_RC135, "navy", "Demo RC-135 reconnaissance aircraft", "", "air"),
    ("PHL", str(PHL_CG), "coast_guard", "BRP Demo Malapascua", "MRRV-4421", "sea"),
    ("PHL", str(PHL_BOAT), "other_government", "Demo Unaizah May 9", "", "sea"),
    ("AUS", str(AUS_FFH), "navy", "HMAS Demo Toowoomba", "FFH-901", "sea"),
    ("AUS", AUS_P8, "navy", "Demo P-8A Poseidon", "", "air"),
    ("JPN", str(JPN_CG), "coast_guard", "PL Demo Ishigaki", "PL-901", "sea"),
)

GAVEN_REEF = (10.21, 114.05)
"""Where the unreported pass of 12 March happens (west of Gaven Reef, at sea)."""
SCARBOROUGH = (15.40, 117.40)
"""Where the contradicted pass of 9 June happens."""


def passing(
    a: int, b: int, cpa: datetime, where: tuple[float, float], distance_m: float
) -> list[dict[str, Any]]:
    """AIS rows, one a minute for an hour each side of ``cpa``, of two ships on opposite
    parallel courses ``distance_m`` apart: their closest approach is ``distance_m`` at
    ``cpa``, at ``where``."""
    lat0, lon0 = where
    speed_kn = 15.0
    metres_per_min = speed_kn * 1852.0 / 60.0
    per_deg_lon = 111_320.0 * 0.98  # cos of the latitudes used, near enough for a demo
    rows = []
    for minute in range(-60, 61):
        t = cpa + timedelta(minutes=minute)
        dx = minute * metres_per_min / per_deg_lon
        for mmsi, lat, lon, cog in (
            (a, lat0, lon0 + dx, 90.0),
            (b, lat0 + distance_m / 110_574.0, lon0 - dx, 270.0),
        ):
            rows.append(
                {
                    "mmsi": mmsi,
                    "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "lat": round(lat, 6),
                    "lon": round(lon, 6),
                    "sog": speed_kn,
                    "cog": cog,
                }
            )
    return rows


def _unit(member: str, ident: str, kind: str, name: str, hull: str, domain: str) -> DemoStep:
    return DemoStep(
        at("2026-01-06 03:00"),
        member,
        "fleet.unit",
        {
            "domain": domain,
            "identifier": ident,
            "member": member,
            "kind": kind,
            "name": name,
            "hull_number": hull,
            "valid_from": "2025-01-01",
        },
        audience="public",
    )


def _unit_ref(identifier: str | int | None = None, **kw: str) -> dict[str, str]:
    out = {k: v for k, v in kw.items() if v}
    if identifier is not None:
        out["identifier"] = str(identifier)
    return out


def _report(
    when: str, actor: str, label: str, *, occurred: str, other: str, **payload: Any
) -> DemoStep:
    body = {"occurred_at": occurred, "other_member": other, **payload}
    return DemoStep(at(when), actor, "incident.report", body, label=label)


def _follow(
    when: str, actor: str, kind: str, ref: str, label: str = "", **payload: Any
) -> DemoStep:
    field = "assessment_id" if kind == "incident.endorsement" else "report_id"
    return DemoStep(at(when), actor, kind, payload, label=label, refs={field: ref})


def _steps() -> list[DemoStep]:
    return [
        _report(
            "2026-02-06 20:00",
            "PHL",
            "laser",
            occurred="2026-02-06T10:40:00Z",
            other="CHN",
            title="Laser aimed at BRP Demo Malapascua near Second Thomas Shoal",
            domain="sea",
            lat=9.73,
            lon=115.87,
            own_units=[_unit_ref(PHL_CG, name="BRP Demo Malapascua")],
            other_units=[_unit_ref(hull_number="5205", name="Haijing Demo 5205")],
            min_distance_m=137,
            acts=["laser_illumination", "dangerous_manoeuvre"],
            harm=True,
            communications=["vhf16"],
            narrative="The cutter shone a green military-grade laser at the bridge twice, "
            "temporarily blinding crew on the bridge, and manoeuvred to about 137 m.",
            reported_by="PCG operations centre, duty officer",
        ),
        _follow(
            "2026-02-09 08:00",
            "CHN",
            "incident.reply",
            "laser",
            narrative="The cutter used a hand-held speed detector and a green light to warn "
            "the ship off; no one was harmed; it kept a safe distance.",
            min_distance_m=300,
            acts=["searchlight_illumination"],
        ),
        _report(
            "2026-04-22 16:00",
            "USA",
            "intercept",
            occurred="2026-04-22T05:12:00Z",
            other="CHN",
            title="J-11 fighter within 6 m of an RC-135 over the South China Sea",
            domain="air",
            lat=16.2,
            lon=113.8,
            own_units=[_unit_ref(USA_RC135, name="RC-135")],
            other_units=[_unit_ref(CHN_J11, name="J-11")],
            min_distance_m=6,
            acts=["dangerous_manoeuvre"],
            communications=["guard_121_5", "guard_243_0"],
            narrative="The fighter flew in front of the nose at about 6 m (20 ft); the "
            "aircraft had to manoeuvre to avoid a collision.",
        ),
        _follow(
            "2026-04-25 09:00",
            "CHN",
            "incident.reply",
            "intercept",
            narrative="The US aircraft changed course towards the fighter, which kept a "
            "professional distance of about 30 m.",
            min_distance_m=30,
        ),
        _follow(
            "2026-05-12 09:00",
            "USA",
            "incident.assessment",
            "intercept",
            label="intercept-joint",
            statement="The aircraft came within about 15 m of each other; both changed "
            "course; neither side agrees who turned first.",
            min_distance_m=15,
            acts=["dangerous_manoeuvre"],
        ),
        _follow(
            "2026-05-20 03:00",
            "CHN",
            "incident.endorsement",
            "intercept-joint",
            note="Agreed at the maritime consultative meeting.",
        ),
        _report(
            "2026-05-27 02:00",
            "AUS",
            "chaff",
            occurred="2026-05-26T04:30:00Z",
            other="CHN",
            title="Flares and chaff in a P-8A's flight path",
            domain="air",
            lat=17.5,
            lon=114.5,
            own_units=[_unit_ref(AUS_P8, name="P-8A Poseidon")],
            other_units=[_unit_ref(CHN_J16, name="J-16")],
            acts=["flares_in_flight_path", "chaff_in_flight_path"],
            harm=True,
            communications=["guard_121_5"],
            narrative="The fighter released chaff ahead of the P-8A; some was ingested "
            "into an engine.",
        ),
        _report(
            "2026-06-09 18:00",
            "CHN",
            "resolve",
            occurred="2026-06-09T04:30:00Z",
            other="USA",
            title="US destroyer closes a PLAN destroyer near Scarborough Shoal",
            domain="sea",
            lat=15.40,
            lon=117.40,
            own_units=[_unit_ref(CHN_DDG_B, name="Demo destroyer 172")],
            other_units=[_unit_ref(hull_number="DDG-901", name="USS Demo Resolve")],
            min_distance_m=60,
            acts=["dangerous_manoeuvre"],
            communications=["vhf16", "cues"],
            narrative="The US destroyer closed to about 60 m and ignored warnings on channel 16.",
        ),
        _follow(
            "2026-06-11 13:00",
            "USA",
            "incident.reply",
            "resolve",
            narrative="USS Demo Resolve held its course and speed; the ships passed port to "
            "port at about 400 m.",
            min_distance_m=400,
        ),
        _report(
            "2026-08-05 11:00",
            "PHL",
            "cannon",
            occurred="2026-08-05T06:20:00Z",
            other="CHN",
            title="Water cannon and collision on a resupply mission",
            domain="sea",
            lat=9.74,
            lon=115.86,
            own_units=[_unit_ref(PHL_BOAT, name="Demo Unaizah May 9")],
            other_units=[_unit_ref(CHN_CG, name="Haijing Demo 5205")],
            min_distance_m=0,
            acts=["water_cannon", "dangerous_manoeuvre"],
            contact=True,
            damage=True,
            casualties=1,
            narrative="The cutter fired its water cannon at the supply boat and struck its "
            "bow; the windscreen broke and one crew member was hurt.",
        ),
        _follow(
            "2026-08-20 07:00",
            "CHN",
            "incident.reply",
            "cannon",
            narrative="The boat entered Chinese waters without permission and ignored "
            "warnings; the contact was caused by its own manoeuvre.",
        ),
        _report(
            "2026-09-15 09:00",
            "AUS",
            "sonar",
            occurred="2026-09-14T02:40:00Z",
            other="CHN",
            title="Sonar pulses injure divers clearing a fouled propeller",
            domain="sea",
            lat=31.5,
            lon=126.9,
            own_units=[_unit_ref(AUS_FFH, name="HMAS Demo Toowoomba")],
            other_units=[_unit_ref(hull_number="171", name="Demo destroyer 171")],
            min_distance_m=1_200,
            acts=["active_sonar_near_divers"],
            harm=True,
            casualties=1,
            narrative="Divers were in the water after a net fouled the propeller; the "
            "destroyer, told so on channel 16, operated its hull-mounted sonar.",
        ),
        _report(
            "2026-10-10 22:00",
            "PHL",
            "ramming",
            occurred="2026-10-10T17:05:00Z",
            other="CHN",
            title="Cutter rams a patrol ship at Sabina Shoal",
            domain="sea",
            lat=9.75,
            lon=116.47,
            own_units=[_unit_ref(PHL_CG, name="BRP Demo Malapascua")],
            other_units=[_unit_ref(hull_number="5205")],
            acts=["ramming"],
            contact=True,
            damage=True,
            narrative="The cutter rammed the patrol ship's starboard side twice.",
        ),
        _report(
            "2026-11-03 09:00",
            "JPN",
            "radio",
            occurred="2026-10-29T23:15:00Z",
            other="CHN",
            title="Threats over the radio near the Senkaku Islands",
            domain="sea",
            lat=25.80,
            lon=123.55,
            own_units=[_unit_ref(JPN_CG, name="PL Demo Ishigaki")],
            other_units=[_unit_ref(CHN_CG)],
            min_distance_m=2_500,
            acts=["uncivil_communication"],
            communications=["vhf16"],
            narrative="The cutter threatened the patrol ship over channel 16; both kept "
            "their distance.",
        ),
        _follow(
            "2026-11-05 02:00",
            "CHN",
            "incident.reply",
            "radio",
            narrative="The cutter told a foreign ship to leave Chinese waters, as it does.",
        ),
    ]


def part() -> DemoPart:
    """The incidents' units, reports, replies, joint assessment and planted tracks."""
    return DemoPart(
        steps=(*(_unit(*u) for u in UNITS), *_steps()),
        tracks=(
            DemoTracks(
                name="demo-incidents-2026-03-12",
                at=at("2026-03-19 09:00"),
                analyses=(("encounters", {}),),
                positions=passing(CHN_DDG_A, USA_DDG, at("2026-03-12 03:20"), GAVEN_REEF, 40.0),
                note="Two destroyers west of Gaven Reef, 12 March 2026 (synthetic)",
                audience="public",
            ),
            DemoTracks(
                name="demo-incidents-2026-06-09",
                at=at("2026-06-15 09:00"),
                analyses=(("encounters", {}),),
                positions=passing(CHN_DDG_B, USA_DDG, at("2026-06-09 04:30"), SCARBOROUGH, 380.0),
                note="Two destroyers near Scarborough Shoal, 9 June 2026 (synthetic)",
                audience="public",
            ),
        ),
        look_at=(
            ("/incidents", "incidents at sea and in the air, with their severity (L1-L4)"),
            ("/findings?member=CHN", "an unreported encounter and a contradicted report"),
        ),
    )

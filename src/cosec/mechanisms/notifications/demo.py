"""A deterministic East Asia year, 2026, under ``eas-2026``.

The activities are fictional; the states, features and rules are real. The year is built
to show what the secretariat catches: notifications that come late, one activity split in
two below the threshold, figures declared just under a threshold, figures raised after the
event, calendars sent late or never, a request for explanation left unanswered, and an
activity seen in independent evidence that nobody notified.
"""

from __future__ import annotations

from typing import Any

from cosec.kit import DemoPart, DemoStep, at

Step = DemoStep


def _activity(
    designation: str,
    states: list[str],
    start: str,
    end: str,
    *,
    purpose: str = "",
    lat: float | None = None,
    lon: float | None = None,
    radius_km: float | None = None,
    area: str = "",
    alert: bool = False,
    **figures: int,
) -> dict[str, Any]:
    a: dict[str, Any] = {
        "designation": designation,
        "purpose": purpose,
        "states": states,
        "start": start,
        "end": end,
        "alert": alert,
        "figures": figures,
        "area": {"description": area},
    }
    if lat is not None:
        a["area"] |= {"lat": lat, "lon": lon}
        if radius_km:
            a["area"]["radius_km"] = radius_km
    return a


NIL = {"nil_return": True}
STRAIT_THUNDER = _activity(
    "Strait Thunder 2026",
    ["CHN"],
    "2026-04-01",
    "2026-04-10",
    purpose="Joint amphibious and maritime exercise",
    lat=24.5,
    lon=118.6,
    radius_km=150,
    area="Coastal waters off Fujian",
    troops=15_000,
    amphibious_troops=3_200,
    ships=30,
)
BALIKATAN = _activity(
    "Balikatan 2026",
    ["PHL", "USA"],
    "2026-04-06",
    "2026-04-24",
    purpose="Bilateral territorial defence exercise",
    lat=15.5,
    lon=120.0,
    radius_km=300,
    area="Luzon and the Luzon Strait",
    troops=16_000,
    ships=12,
    air_sorties=150,
)
VALIANT_SHIELD = _activity(
    "Valiant Shield 2026",
    ["USA", "JPN"],
    "2026-06-10",
    "2026-06-20",
    purpose="Joint maritime and air exercise",
    lat=13.4,
    lon=144.8,
    radius_km=500,
    area="Waters around Guam and the Northern Marianas",
    troops=8_000,
    ships=25,
    carrier_groups=2,
)
VOSTOK = _activity(
    "Vostok 2026",
    ["RUS"],
    "2026-09-01",
    "2026-09-07",
    purpose="Strategic command-staff exercise",
    lat=43.1,
    lon=131.9,
    radius_km=400,
    area="Eastern Military District, Primorye",
    troops=36_000,
    battle_tanks=500,
    ships=22,
)
COBRA_NORTH = _activity(
    "Cobra Shield North",
    ["THA"],
    "2026-02-20",
    "2026-02-26",
    lat=15.0,
    lon=101.0,
    area="Nakhon Ratchasima",
    troops=5_000,
)
COBRA_SOUTH = _activity(
    "Cobra Shield South",
    ["THA"],
    "2026-02-24",
    "2026-03-01",
    lat=13.6,
    lon=100.6,
    area="Chonburi",
    troops=5_000,
)
SOUTHERN_REACH = _activity(
    "Southern Reach 2026",
    ["AUS"],
    "2026-07-14",
    "2026-07-25",
    lat=-12.4,
    lon=130.8,
    area="Northern Territory and the Timor Sea",
    troops=8_800,
    air_sorties=120,
)
GARUDA = _activity(
    "Garuda Shield 2026",
    ["IDN"],
    "2026-08-03",
    "2026-08-14",
    lat=-3.3,
    lon=104.5,
    area="South Sumatra",
    troops=8_000,
)
AIR_DEFENCE = _activity(
    "Eastern Air Defence Drill",
    ["CHN"],
    "2026-10-12",
    "2026-10-16",
    lat=29.0,
    lon=122.0,
    area="East China Sea",
    air_sorties=210,
)
HAWK = _activity(
    "Hwarang 2026",
    ["KOR"],
    "2026-05-18",
    "2026-05-29",
    lat=37.5,
    lon=127.0,
    area="Gyeonggi province",
    troops=9_500,
)

MEMBERS_2026_ON_TIME = [
    "BRN",
    "KHM",
    "IDN",
    "LAO",
    "MYS",
    "PHL",
    "SGP",
    "THA",
    "VNM",
    "AUS",
    "CHN",
    "JPN",
    "NZL",
    "KOR",
    "USA",
]
CALENDARS_2026: dict[str, list[dict[str, Any]]] = {
    "CHN": [STRAIT_THUNDER],
    "PHL": [BALIKATAN],
    "USA": [BALIKATAN],
    "KOR": [HAWK],
}


def _calendar(year: int, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"year": year, "entries": entries} if entries else {"year": year} | NIL


def steps() -> list[Step]:
    """Every submission of the demo year, in time order."""
    out: list[Step] = []
    for i, code in enumerate(MEMBERS_2026_ON_TIME):
        out.append(
            Step(
                at(f"2025-11-{3 + i % 10:02d} 08:00"),
                code,
                "notification.calendar",
                _calendar(2026, CALENDARS_2026.get(code, [])),
            )
        )
    out.append(Step(at("2025-12-02 10:00"), "IND", "notification.calendar", _calendar(2026, [])))
    out += [
        Step(at("2026-01-05 09:00"), "THA", "notification.prior", COBRA_NORTH),
        Step(at("2026-01-06 09:00"), "THA", "notification.prior", COBRA_SOUTH),
        Step(at("2026-02-10 09:00"), "CHN", "notification.prior", STRAIT_THUNDER, label="thunder"),
        Step(
            at("2026-02-11 09:00"),
            "CHN",
            "notification.invitation",
            {
                "invited": ["JPN", "USA", "PHL", "VNM"],
                "observers_per_state": 2,
                "programme": "Two days aboard the command ship",
            },
            refs={"notification_id": "thunder"},
            label="thunder-inv",
        ),
        Step(
            at("2026-02-20 03:00"),
            "VNM",
            "notification.invitation_reply",
            {"accepted": True, "observers": 2},
            refs={"invitation_id": "thunder-inv"},
        ),
        Step(
            at("2026-02-21 03:00"),
            "JPN",
            "notification.invitation_reply",
            {"accepted": False},
            refs={"invitation_id": "thunder-inv"},
        ),
        Step(at("2026-03-01 09:00"), "PHL", "notification.prior", BALIKATAN, label="balikatan"),
        Step(
            at("2026-03-02 09:00"),
            "PHL",
            "notification.invitation",
            {"invited": ["AUS", "JPN", "CHN"], "observers_per_state": 2},
            refs={"notification_id": "balikatan"},
        ),
        Step(at("2026-03-30 09:00"), "KOR", "notification.prior", HAWK, label="hwarang"),
        Step(at("2026-04-01 09:00"), "USA", "notification.prior", VALIANT_SHIELD),
        Step(
            at("2026-05-12 06:30"),
            "PHL",
            "notification.explanation_request",
            {
                "respondent": "CHN",
                "concern": "an unusual concentration of vessels near Second Thomas Shoal",
                "area": {"lat": 9.73, "lon": 115.87, "description": "Second Thomas Shoal"},
                "observed_from": "2026-05-09",
                "observed_to": "2026-05-12",
            },
        ),
        Step(at("2026-06-02 08:00"), "AUS", "notification.prior", SOUTHERN_REACH),
        Step(at("2026-06-20 08:00"), "IDN", "notification.prior", GARUDA, label="garuda"),
        Step(
            at("2026-07-03 02:00"),
            "JPN",
            "notification.explanation_request",
            {"respondent": "RUS", "concern": "an air and naval exercise near Hokkaido"},
            label="jpn-req",
        ),
        Step(
            at("2026-07-03 22:00"),
            "RUS",
            "notification.explanation_reply",
            {"explanation": "A scheduled readiness check of the Pacific Fleet, ending 5 July."},
            refs={"request_id": "jpn-req"},
        ),
        Step(
            at("2026-07-20 01:00"),
            "CHN",
            "notification.explanation_request",
            {
                "respondent": "USA",
                "concern": "repeated reconnaissance flights along the coast of Guangdong",
            },
            label="chn-req",
        ),
        Step(
            at("2026-07-22 13:00"),
            "USA",
            "notification.explanation_reply",
            {
                "explanation": "Routine flights in international airspace, under the 2015 rules of "
                "behaviour annex."
            },
            refs={"request_id": "chn-req"},
        ),
        Step(at("2026-08-05 09:00"), "RUS", "notification.prior", VOSTOK),
        Step(
            at("2026-08-30 09:00"),
            "IDN",
            "notification.amendment",
            {"reason": "Final figures after the exercise", "figures": {"troops": 9_600}},
            refs={"notification_id": "garuda"},
        ),
        Step(
            at("2026-09-01 09:00"),
            "CHN",
            "notification.prior",
            AIR_DEFENCE,
            audience="parties",
            parties=("USA", "JPN"),
        ),
        Step(
            at("2026-10-25 12:00"),
            "SEC",
            "notification.observed",
            _activity(
                "Pacific Fleet surge (unnamed)",
                ["RUS"],
                "2026-10-18",
                "2026-10-23",
                lat=42.5,
                lon=133.5,
                radius_km=200,
                area="Sea of Japan",
                ships=28,
            )
            | {"sources": ["AIS tracks, 18-23 Oct 2026", "open-source imagery"]},
        ),
    ]
    for i, code in enumerate([c for c in MEMBERS_2026_ON_TIME if c != "IND"]):
        out.append(
            Step(
                at(f"2026-11-{2 + i % 10:02d} 08:00"),
                code,
                "notification.calendar",
                _calendar(2027, []),
            )
        )
    out.append(Step(at("2026-11-12 08:00"), "IND", "notification.calendar", _calendar(2027, [])))
    return sorted(out, key=lambda s: s.when)


def part() -> DemoPart:
    """The notification mechanism's part of the demo year."""
    return DemoPart(
        steps=steps(),
        look_at=(
            ("/findings", "what the secretariat found: late, split, just under a threshold"),
            ("/calendar?year=2026", "the year's notified, planned and observed activities"),
        ),
    )

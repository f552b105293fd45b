"""Oversight in the demo year (under ``eas-2026``, whose Korea working group reads it).

The secretariat records the six nuclear tests (domain reference §6, dates [recalled]) and
imports a list of designated vessels in January; in March to May a season of ship-to-ship
meetings, a dark period and an approach to the DPRK coast happen at sea and are analysed
in June; one tanker that met another in March is listed only in June by a national list,
so its meeting is judged by the list in force in March (and says so). China and Russia
report refined petroleum transferred each month; by October the year's total passes 75 %
and then 90 % of the cap. Every vessel, name, MMSI and IMO number is fictional.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, DemoTracks, at
from cosec.mechanisms.oversight.season import approach, dark, meeting

NM = 1852.0
STAR, PALM, CEDAR = 445112001, 445112005, 667112002
"""Designated: two DPRK-flagged tankers (UN 1718 Committee), and one listed only in June."""
HARBOUR, ORCHID, LOTUS, FERN, TIDE, MIST = (
    352112003,
    511112006,
    412112004,
    413112007,
    636112008,
    445112009,
)
COASTER = 352112010

NUCLEAR_TESTS = (
    ("2006-10-09 01:35", "Punggye-ri", "The first nuclear test."),
    ("2009-05-25 00:54", "Punggye-ri", "The second nuclear test."),
    ("2013-02-12 02:57", "Punggye-ri", "The third nuclear test."),
    ("2016-01-06 01:30", "Punggye-ri", "The fourth nuclear test."),
    ("2016-09-09 00:30", "Punggye-ri", "The fifth nuclear test."),
    ("2017-09-03 03:30", "Punggye-ri", "The sixth nuclear test, named in the seed."),
)
"""Days [recalled, widely reported]; the hours are the demo's own."""


def _designation(
    when: str, name: str, mmsi: int, imo: str, listed_on: str, source: str, label: str = ""
) -> DemoStep:
    return DemoStep(
        at(when),
        "SEC",
        "oversight.designation",
        {
            "name": name,
            "mmsi": str(mmsi),
            "imo": imo,
            "listed_on": listed_on,
            "source": source,
            "note": "Fictional vessel of the demo.",
        },
        audience="public",
        label=label,
    )


def _tests() -> list[DemoStep]:
    return [
        DemoStep(
            at("2026-01-08 09:00") + timedelta(minutes=n),
            "SEC",
            "oversight.event",
            {
                "event": "nuclear_test",
                "occurred_at": at(when).isoformat(),
                "place": place,
                "lat": 41.28,
                "lon": 129.08,
                "description": what,
                "sources": ["Seismic detections widely reported at the time (day [recalled])"],
            },
            audience="public",
        )
        for n, (when, place, what) in enumerate(NUCLEAR_TESTS)
    ]


MONTHLY = {"CHN": 28_000, "RUS": 18_000}
"""Barrels a month: 46,000 together, so 75 % of 500,000 is passed in September and 90 %
in October."""


def _petroleum() -> list[DemoStep]:
    steps = []
    for month in range(1, 11):
        when = at(f"2026-{month + 1:02d}-10 08:00")
        for n, (member, barrels) in enumerate(MONTHLY.items()):
            steps.append(
                DemoStep(
                    when + timedelta(hours=n),
                    member,
                    "oversight.petroleum_transfer",
                    {"month": f"2026-{month:02d}", "barrels": barrels},
                )
            )
    return steps


def season() -> list[dict[str, Any]]:
    """The planted tracks of March to May 2026."""
    return [
        *meeting(STAR, HARBOUR, at("2026-03-04 06:00"), 36.0, 124.5),
        *meeting(CEDAR, LOTUS, at("2026-03-18 21:00"), 37.0, 124.0),
        *meeting(PALM, ORCHID, at("2026-04-09 02:00"), 27.6, 122.9),
        *meeting(FERN, TIDE, at("2026-05-02 22:00"), 32.0, 125.0),
        *dark(MIST, at("2026-04-21 18:00"), 35.5, 123.8),
        *approach(COASTER, at("2026-05-11 04:00"), (39.6, 128.6), (39.2, 127.65)),
    ]


def analyses() -> tuple[tuple[str, dict[str, Any]], ...]:
    """The oversight pass at the charter's parameters (12 nm of the PRK coast, 1 h)."""
    near = {"states": ["PRK"], "within_m": 12 * NM, "max_gap_s": 3600.0}
    return (("rendezvous", {}), ("gaps", {}), ("near-coast", near))


def part() -> DemoPart:
    """Oversight's records and tracks."""
    return DemoPart(
        steps=(
            *_tests(),
            _designation(
                "2026-01-12 09:00",
                "DEMO STAR",
                STAR,
                "9123453",
                "2018-03-30",
                "UN 1718 Committee",
                label="star",
            ),
            _designation(
                "2026-01-12 09:01", "DEMO PALM", PALM, "9123465", "2019-05-09", "UN 1718 Committee"
            ),
            _designation(
                "2026-01-12 09:02",
                "DEMO PINE",
                445112011,
                "9123477",
                "2017-10-10",
                "UN 1718 Committee",
                label="pine",
            ),
            DemoStep(
                at("2026-02-03 09:00"),
                "SEC",
                "oversight.delisting",
                {
                    "designation_id": 0,
                    "delisted_on": "2026-02-02",
                    "source": "UN 1718 Committee",
                    "note": "Scrapped (fictional).",
                },
                refs={"designation_id": "pine"},
            ),
            _designation(
                "2026-06-16 09:00",
                "DEMO CEDAR",
                CEDAR,
                "9123489",
                "2026-06-15",
                "National list of the United States",
            ),
            *_petroleum(),
        ),
        tracks=(
            DemoTracks(
                name="demo-oversight-2026",
                at=at("2026-06-20 10:00"),
                analyses=analyses(),
                positions=season(),
                note="Oversight season, March to May 2026 (synthetic)",
            ),
        ),
        look_at=(
            ("/oversight", "oversight: the watch zone, events from tracks, the list over time"),
            ("/oversight/vessels/667112002", "a tanker listed after its meeting at sea"),
            ("/oversight/petroleum?year=2026", "refined petroleum against the cap"),
        ),
    )

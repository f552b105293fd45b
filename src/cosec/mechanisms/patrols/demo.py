"""Joint patrols on the Lancang-Mekong in the demo year, under ``eas-2026`` (whose patrols
regime has the four riparian members: China, Laos, Myanmar, Thailand).

Twenty-two patrols from January to December 2026 (the last two not yet due), each led in
turn, most with all four members aboard (Myanmar misses several), each reported a few days
after its last day with the positions logged and the stations visited; fourteen cases from
CAT 1 to CAT 4 with the drugs seized and the persons detained. What the rules find: one
patrol reported 19 days after it ended (``report_late``), one never reported
(``report_overdue``), one case shared four days after it happened (``case_late``). The route
follows the river from Jinghong past Guanlei, the Golden Triangle, Chiang Saen and Houayxay
to Luang Prabang; its waypoints are approximate (within about 0.1°), enough for a map.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep

RIVER: tuple[tuple[float, float, str], ...] = (
    (22.00, 100.80, "Jinghong"),
    (21.85, 100.97, ""),
    (21.63, 101.17, "Guanlei"),
    (21.38, 101.15, ""),
    (21.17, 101.02, ""),
    (20.98, 100.63, "Xieng Kok"),
    (20.75, 100.45, ""),
    (20.45, 100.28, "Wan Pong"),
    (20.35, 100.08, "Golden Triangle"),
    (20.27, 100.09, "Chiang Saen"),
    (20.22, 100.25, ""),
    (20.27, 100.42, "Houayxay"),
    (20.10, 100.70, ""),
    (19.90, 101.13, "Pak Beng"),
    (19.78, 101.62, ""),
    (19.89, 102.13, "Luang Prabang"),
)
"""The river downstream, with the stations of the charter named."""

SEGMENTS = {
    "upper": ("Jinghong", "Chiang Saen"),
    "middle": ("Guanlei", "Houayxay"),
    "triangle": ("Guanlei", "Golden Triangle"),
    "lower": ("Houayxay", "Luang Prabang"),
}
ALL = ("CHN", "LAO", "MMR", "THA")
NO_MMR = ("CHN", "LAO", "THA")

# (start day, days, lead, participants, segment, report after days or None)
PATROLS: tuple[tuple[str, int, str, tuple[str, ...], str, int | None], ...] = (
    ("2026-01-12", 4, "CHN", ALL, "middle", 3),
    ("2026-01-27", 3, "THA", ALL, "triangle", 2),
    ("2026-02-09", 4, "CHN", NO_MMR, "upper", 4),
    ("2026-02-24", 4, "LAO", ALL, "lower", 5),
    ("2026-03-10", 4, "CHN", ALL, "middle", 2),
    ("2026-03-25", 3, "MMR", ALL, "triangle", 6),
    ("2026-04-08", 4, "THA", NO_MMR, "middle", 3),
    ("2026-04-22", 4, "CHN", ALL, "upper", 19),
    ("2026-05-06", 3, "LAO", NO_MMR, "lower", 4),
    ("2026-05-20", 4, "CHN", ALL, "middle", 2),
    ("2026-06-03", 4, "THA", ALL, "triangle", 3),
    ("2026-06-17", 4, "CHN", NO_MMR, "upper", 5),
    ("2026-07-01", 4, "LAO", ALL, "middle", 4),
    ("2026-07-15", 3, "CHN", ALL, "triangle", 3),
    ("2026-08-05", 4, "THA", NO_MMR, "middle", 2),
    ("2026-08-19", 4, "CHN", ALL, "lower", 6),
    ("2026-09-02", 4, "MMR", ALL, "triangle", 4),
    ("2026-09-16", 4, "CHN", NO_MMR, "middle", 3),
    ("2026-10-14", 4, "LAO", ALL, "middle", None),
    ("2026-10-28", 4, "CHN", ALL, "upper", 5),
    ("2026-11-18", 4, "THA", ALL, "triangle", None),
    ("2026-12-02", 4, "CHN", ALL, "middle", None),
)

# (occurred, hours to share, member, category, title, place, lat, lon, patrol index or None,
#  drugs [(substance, amount, unit)], detained, vessels)
CASES: tuple[tuple[Any, ...], ...] = (
    (
        "2026-01-14 03:40",
        20,
        "CHN",
        "CAT3",
        "Methamphetamine tablets found on a cargo boat",
        "below Guanlei",
        21.40,
        101.15,
        0,
        [("methamphetamine tablets", 480_000, "tablets")],
        2,
        ["Jin Sheng 18"],
    ),
    (
        "2026-02-11 22:10",
        30,
        "THA",
        "CAT4",
        "Unmanned speedboat with heroin abandoned",
        "near Chiang Saen",
        20.29,
        100.10,
        2,
        [("heroin", 12.5, "kg")],
        0,
        [],
    ),
    (
        "2026-03-12 01:30",
        36,
        "LAO",
        "CAT2",
        "Armed smugglers fire on a patrol boat",
        "near Xieng Kok",
        20.97,
        100.62,
        4,
        [("crystal methamphetamine", 210.0, "kg")],
        6,
        ["Hong Xing 7"],
    ),
    (
        "2026-03-27 19:00",
        18,
        "MMR",
        "CAT3",
        "Ketamine hidden in a timber barge",
        "Wan Pong",
        20.46,
        100.27,
        5,
        [("ketamine", 95.0, "kg")],
        3,
        ["Shwe Myit"],
    ),
    (
        "2026-04-10 05:20",
        22,
        "THA",
        "CAT4",
        "Precursor chemicals left on the bank",
        "Golden Triangle",
        20.35,
        100.09,
        6,
        [("precursor chemicals", 1_200.0, "litres")],
        0,
        [],
    ),
    (
        "2026-05-22 23:45",
        48,
        "CHN",
        "CAT2",
        "Knife attack on a crew, cargo of tablets taken",
        "above the Golden Triangle",
        20.70,
        100.42,
        9,
        [("methamphetamine tablets", 1_200_000, "tablets")],
        5,
        ["Yun Fa 3"],
    ),
    (
        "2026-06-05 02:15",
        26,
        "THA",
        "CAT3",
        "Heroin in a fishing boat's hold",
        "near Chiang Saen",
        20.26,
        100.12,
        10,
        [("heroin", 31.0, "kg")],
        2,
        ["Sombat 2"],
    ),
    (
        "2026-06-28 14:00",
        97,
        "LAO",
        "CAT4",
        "Small quantity of opium seized at a landing",
        "Houayxay",
        20.28,
        100.42,
        None,
        [("opium", 4.2, "kg")],
        1,
        [],
    ),
    (
        "2026-07-17 04:00",
        30,
        "CHN",
        "CAT1",
        "Gang of twelve seizes a cargo boat and its crew",
        "between Guanlei and Xieng Kok",
        21.17,
        101.02,
        13,
        [("crystal methamphetamine", 540.0, "kg")],
        12,
        ["Hua Ping", "Yu Xing 8"],
    ),
    (
        "2026-08-07 21:30",
        20,
        "THA",
        "CAT3",
        "Tablets thrown overboard, recovered",
        "below Chiang Saen",
        20.23,
        100.24,
        14,
        [("methamphetamine tablets", 260_000, "tablets")],
        1,
        [],
    ),
    (
        "2026-09-04 06:10",
        40,
        "MMR",
        "CAT3",
        "Heroin in a passenger boat's engine room",
        "Wan Pong",
        20.44,
        100.29,
        16,
        [("heroin", 18.0, "kg")],
        2,
        ["Aung Zeya"],
    ),
    (
        "2026-09-18 00:50",
        24,
        "LAO",
        "CAT4",
        "Drifting boat with traces of ketamine",
        "above Xieng Kok",
        21.05,
        100.80,
        17,
        [("ketamine", 0.8, "kg")],
        0,
        [],
    ),
    (
        "2026-10-30 03:00",
        44,
        "CHN",
        "CAT2",
        "Crew threatened by armed men; property taken",
        "below Jinghong",
        21.84,
        100.98,
        19,
        [("crystal methamphetamine", 75.0, "kg")],
        4,
        ["Lancang 9"],
    ),
    (
        "2026-11-20 22:00",
        12,
        "THA",
        "CAT4",
        "Small boat with tablets stopped",
        "Golden Triangle",
        20.36,
        100.08,
        20,
        [("methamphetamine tablets", 40_000, "tablets")],
        2,
        [],
    ),
)


def _segment(name: str) -> list[tuple[float, float, str]]:
    a, b = SEGMENTS[name]
    names = [n for _, _, n in RIVER]
    i, j = names.index(a), names.index(b)
    return list(RIVER[i : j + 1])


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _positions(
    route: list[tuple[float, float, str]], start: date, days: int
) -> list[dict[str, Any]]:
    """A position at each waypoint, downstream then back, spread over the patrol's days."""
    there_and_back = route + route[-2::-1]
    t0 = datetime.combine(start, time(7, 0), tzinfo=UTC)
    span = timedelta(days=days) - timedelta(hours=14)
    step = span / max(len(there_and_back) - 1, 1)
    return [
        {"at": (t0 + k * step).isoformat(), "lat": lat, "lon": lon}
        for k, (lat, lon, _) in enumerate(there_and_back)
    ]


def _vessels(participants: tuple[str, ...], n: int) -> list[dict[str, Any]]:
    names = {
        "CHN": "Guanlei Patrol",
        "LAO": "Lao Police Boat",
        "MMR": "Myanmar Police Boat",
        "THA": "Royal Thai Police Marine",
    }
    return [
        {"name": f"{names[m]} {10 + (n % 5)}", "member": m, "identifier": f"{m}-P{10 + (n % 5)}"}
        for m in participants
    ]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def steps() -> list[DemoStep]:
    """The year's plans, reports and cases, in time order."""
    out: list[DemoStep] = []
    for n, (start_text, days, lead, participants, segment, report_after) in enumerate(PATROLS):
        start = _day(start_text)
        end = start + timedelta(days=days - 1)
        route = _segment(segment)
        label = f"patrol-{n}"
        payload = {
            "title": f"Joint patrol {131 + n}",
            "participants": list(participants),
            "vessels": _vessels(participants, n),
            "route": [{"lat": lat, "lon": lon, "name": name} for lat, lon, name in route],
            "start": start.isoformat(),
            "end": end.isoformat(),
            "note": f"{route[0][2]} to {route[-1][2]} and back.",
        }
        out.append(
            DemoStep(_at(start - timedelta(days=9), 3), lead, "patrols.plan", payload, label=label)
        )
        if report_after is None:
            continue
        report = {
            "participants": list(participants),
            "stations": [name for _, _, name in route if name],
            "positions": _positions(route, start, days),
            "narrative": f"Patrolled {route[0][2]} to {route[-1][2]} and back; boats checked "
            "at each station.",
        }
        out.append(
            DemoStep(
                _at(end + timedelta(days=report_after), 6),
                lead,
                "patrols.report",
                report,
                refs={"plan_id": label},
            )
        )
    for (
        occurred,
        hours,
        member,
        category,
        title,
        place,
        lat,
        lon,
        patrol,
        drugs,
        held,
        boats,
    ) in CASES:
        when = datetime.fromisoformat(occurred).replace(tzinfo=UTC)
        case: dict[str, Any] = {
            "title": title,
            "category": category,
            "occurred_at": when.isoformat(),
            "lat": lat,
            "lon": lon,
            "place": place,
            "drugs": [{"substance": s, "amount": a, "unit": u} for s, a, u in drugs],
            "persons_detained": held,
            "vessels": [{"name": b} for b in boats],
        }
        refs = {"plan_id": f"patrol-{patrol}"} if patrol is not None else {}
        out.append(DemoStep(when + timedelta(hours=hours), member, "patrols.case", case, refs=refs))
    return sorted(out, key=lambda s: s.when)


def part() -> DemoPart:
    """Joint patrols' part of the demo year."""
    return DemoPart(
        steps=steps(),
        look_at=(
            ("/patrols", "joint patrols on the Lancang-Mekong: one overdue, one reported late"),
            ("/patrols/statistics?year=2026", "patrols and cases by year and category, charts"),
            ("/patrols/map?year=2026", "routes, stations and cases on the river"),
        ),
    )

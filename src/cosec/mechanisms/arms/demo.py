"""The annual exchange in the demo year, under ``eas-2026``: the returns for 2025 (due 31
May 2026) and the expenditure reports (due 30 April 2026), after some members enter their
2024 figures (for the year-over-year comparison).

The transfers are modelled on the kinds of deliveries the UN Register shows in the region
(tanks and armoured vehicles to mainland South-East Asia, combat aircraft and missiles to
US allies, a light fighter between two allies); the figures are the demo's own. The
discrepancies are the Register's usual ones: a count that differs (Cambodia lists 18 tanks
where China lists 20; Australia 20 missiles where the United States lists 24), an import
the exporter leaves out (Viet Nam's two corvettes from Russia), an export the importer
leaves out (Russia's tanks to Viet Nam, which its late return does not list), a return
sent late (Viet Nam, 5 June), nil returns (Singapore, Brunei) and members that send
nothing (``return_missing``). Transfers with states outside the regime (France, Israel)
are listed and not checked.
"""

from __future__ import annotations

from typing import Any

from cosec.kit import DemoPart, DemoStep, at


def _line(counterpart: str, category: str, units: int, description: str) -> dict[str, Any]:
    return {
        "counterpart": counterpart,
        "category": category,
        "units": units,
        "description": description,
    }


def _return(
    when: str,
    member: str,
    exports: list[dict[str, Any]] | None = None,
    imports: list[dict[str, Any]] | None = None,
    year: int = 2025,
) -> DemoStep:
    payload: dict[str, Any] = {"year": year, "nil": not exports and not imports}
    payload |= {"exports": exports or [], "imports": imports or []}
    return DemoStep(at(when), member, "arms.return", payload, label=f"arms-{year}-{member}")


def _spent(
    when: str,
    member: str,
    currency: str,
    figures: tuple[float, float, float, float],
    year: int = 2025,
) -> DemoStep:
    forces = ("land", "naval", "air", "other")
    lines = [{"force": f, "amount": a} for f, a in zip(forces, figures, strict=True)]
    payload = {"year": year, "form": "simplified", "currency": currency, "lines": lines}
    return DemoStep(at(when), member, "arms.expenditure", payload)


def _last_cycle() -> list[DemoStep]:
    """2024's returns and reports, entered when the members start using cosec (February
    2026): due before the charter took effect, they are not judged for timeliness, only
    compared (they agree) and shown year over year."""
    return [
        _spent("2026-02-09 08:00", "JPN", "JPY", (1.8e12, 1.3e12, 1.4e12, 2.6e12), year=2024),
        _spent("2026-02-09 09:00", "CHN", "CNY", (6.7e11, 3.6e11, 3.3e11, 1.9e11), year=2024),
        _return(
            "2026-02-10 09:00",
            "USA",
            exports=[_line("JPN", "IV", 6, "F-35A"), _line("AUS", "VII", 12, "SM-6")],
            year=2024,
        ),
        _return("2026-02-10 10:00", "JPN", imports=[_line("USA", "IV", 6, "F-35A")], year=2024),
        _return("2026-02-11 09:00", "AUS", imports=[_line("USA", "VII", 12, "SM-6")], year=2024),
        _return(
            "2026-02-11 10:00",
            "CHN",
            exports=[_line("KHM", "I", 10, "Type 59"), _line("MMR", "IV", 2, "FTC-2000G")],
            imports=[_line("RUS", "V", 4, "Ka-52")],
            year=2024,
        ),
        _return("2026-02-12 09:00", "RUS", exports=[_line("CHN", "V", 4, "Ka-52")], year=2024),
        _return("2026-02-12 10:00", "KHM", imports=[_line("CHN", "I", 10, "Type 59")], year=2024),
        _return("2026-02-13 09:00", "MMR", imports=[_line("CHN", "IV", 2, "FTC-2000G")], year=2024),
    ]


def _standardised(when: str, member: str, currency: str) -> DemoStep:
    figures = {
        ("land", "personnel"): 21_400,
        ("land", "operations_maintenance"): 9_800,
        ("land", "procurement_construction"): 6_100,
        ("naval", "personnel"): 9_900,
        ("naval", "operations_maintenance"): 7_200,
        ("naval", "procurement_construction"): 12_600,
        ("air", "personnel"): 10_300,
        ("air", "operations_maintenance"): 8_800,
        ("air", "procurement_construction"): 11_900,
        ("central_support", "research"): 2_300,
    }
    lines = [{"force": f, "cost": c, "amount": a * 1e6} for (f, c), a in figures.items()]
    payload = {"year": 2025, "form": "standardised", "currency": currency, "lines": lines}
    return DemoStep(at(when), member, "arms.expenditure", payload)


def part() -> DemoPart:
    """The 2025 returns and expenditure reports, sent in 2026."""
    steps = [
        *_last_cycle(),
        _spent("2026-03-20 08:00", "JPN", "JPY", (1.9e12, 1.4e12, 1.6e12, 2.9e12)),
        _standardised("2026-04-10 08:00", "AUS", "AUD"),
        _spent("2026-04-28 08:00", "CHN", "CNY", (7.1e11, 3.9e11, 3.6e11, 2.0e11)),
        _spent("2026-05-04 08:00", "KOR", "KRW", (2.2e13, 8.1e12, 9.4e12, 1.6e13)),  # late
        _return(
            "2026-04-21 09:00",
            "USA",
            exports=[
                _line("JPN", "IV", 8, "F-35A combat aircraft"),
                _line("AUS", "VII", 24, "SM-6 missiles"),
                _line("PHL", "II", 20, "M113 armoured personnel carriers"),
            ],
        ),
        _return("2026-05-06 09:00", "JPN", imports=[_line("USA", "IV", 8, "F-35A")]),
        _return(
            "2026-05-12 09:00",
            "AUS",
            imports=[_line("USA", "VII", 20, "SM-6")],
            exports=[_line("NZL", "SALW", 300, "EF88 rifles")],
        ),
        _return("2026-05-13 09:00", "NZL", imports=[_line("AUS", "SALW", 300, "EF88 rifles")]),
        _return(
            "2026-05-14 09:00",
            "KOR",
            exports=[
                _line("PHL", "IV", 2, "FA-50 light combat aircraft"),
                _line("IDN", "III", 18, "K9 self-propelled howitzers"),
            ],
        ),
        _return(
            "2026-05-18 09:00",
            "PHL",
            imports=[
                _line("USA", "II", 20, "M113"),
                _line("KOR", "IV", 2, "FA-50PH"),
                _line("ISR", "II", 4, "Sabrah light tanks"),
            ],
        ),
        _return(
            "2026-05-20 09:00",
            "CHN",
            exports=[
                _line("KHM", "I", 20, "Type 59 main battle tanks"),
                _line("MMR", "IV", 4, "FTC-2000G"),
            ],
            imports=[_line("RUS", "V", 6, "Ka-52 attack helicopters")],
        ),
        _return(
            "2026-05-22 09:00",
            "RUS",
            exports=[
                _line("CHN", "V", 6, "Ka-52"),
                _line("MMR", "IV", 2, "Su-30SME"),
                _line("VNM", "I", 12, "T-90S"),
            ],
        ),
        _return("2026-05-25 09:00", "KHM", imports=[_line("CHN", "I", 18, "Type 59")]),
        _return(
            "2026-05-27 09:00",
            "MMR",
            imports=[_line("CHN", "IV", 4, "FTC-2000G"), _line("RUS", "IV", 2, "Su-30SME")],
        ),
        _return(
            "2026-05-28 09:00",
            "IDN",
            imports=[_line("KOR", "III", 18, "K9"), _line("FRA", "IV", 6, "Rafale")],
        ),
        _return("2026-05-29 09:00", "SGP"),
        _return("2026-05-30 09:00", "BRN"),
        _return(
            "2026-06-05 09:00", "VNM", imports=[_line("RUS", "VI", 2, "Gepard-class corvettes")]
        ),
    ]
    return DemoPart(
        steps=steps,
        look_at=(
            ("/arms", "arms returns for 2025, transfers by category and year, transparency index"),
            ("/arms/members/KHM", "Cambodia: 18 tanks listed where China lists 20, side by side"),
            ("/arms/members/CHN", "China: exports and expenditure year over year"),
        ),
    )

"""The words records and the registry use for facilities, deployments and public goods."""

from __future__ import annotations

FACILITY_KINDS = (
    "runway",
    "hangar",
    "harbour",
    "helipad",
    "radar",
    "sensor_array",
    "communications",
    "lighthouse",
    "weather_station",
    "search_and_rescue_station",
    "barracks",
    "administration",
    "grounded_ship",
    "other",
)
"""Kinds of facility on a feature; a feature's facilities are counts per kind."""

DEPLOYMENT_KINDS = (
    "anti_ship_missile",
    "surface_to_air_missile",
    "combat_aircraft",
    "bomber",
    "patrol_aircraft",
    "helicopter",
    "naval_vessel",
    "coast_guard_vessel",
    "troops",
    "artillery",
    "electronic_warfare",
    "other",
)
"""Kinds of deployment (batteries, squadrons, detachments), counted per kind."""

PUBLIC_GOOD_KINDS = ("lighthouse", "search_and_rescue", "weather_station", "other")
"""What a member may offer the others."""

PUBLIC_GOOD_FACILITIES = ("lighthouse", "weather_station", "search_and_rescue_station")
"""Facility kinds a public good of the same purpose builds."""

FACILITY_OF_GOOD = {
    "lighthouse": "lighthouse",
    "weather_station": "weather_station",
    "search_and_rescue": "search_and_rescue_station",
}
"""The facility kind a public good builds on a feature."""


def words(kind: str) -> str:
    """``surface_to_air_missile`` → ``surface-to-air missile`` for sentences."""
    special = {
        "surface_to_air_missile": "surface-to-air missile",
        "anti_ship_missile": "anti-ship missile",
        "search_and_rescue_station": "search-and-rescue station",
        "search_and_rescue": "search and rescue",
    }
    return special.get(kind, kind.replace("_", " "))


def counted(kind: str, n: int) -> str:
    """``32 hangars``, ``1 bomber``, ``2 combat aircraft``."""
    word = words(kind)
    if n != 1 and not word.endswith(("aircraft", "troops", "s")):
        word += "s"
    return f"{n} {word}"

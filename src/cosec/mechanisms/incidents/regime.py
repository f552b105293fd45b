"""What a charter sets for the code of safe conduct: distances, deadlines, acts, severity.

Every figure is a parameter: the 2014 MOUs and CUES set no numeric safe distance, so the
distances shipped in the profiles are cosec's design (../shared/domain §3).
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from cosec.kit import CharterModel, RegimeBase

Metres = Annotated[float, Field(gt=0, le=100_000, strict=True)]
Hours = Annotated[int, Field(gt=0, le=8_760, strict=True)]
Days = Annotated[int, Field(gt=0, le=366, strict=True)]
ActCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Level = Literal["L1", "L2", "L3", "L4"]
LEVELS: tuple[Level, ...] = ("L1", "L2", "L3", "L4")

STANDARD_ACTS: tuple[str, ...] = (
    "aim_weapons",
    "fire_control_radar",
    "discharge_weapons",
    "signal_rockets",
    "laser_illumination",
    "searchlight_illumination",
    "aerobatics_nearby",
    "simulated_attack",
    "dropping_objects",
    "fuel_dumping",
    "chaff_in_flight_path",
    "flares_in_flight_path",
    "active_sonar_near_divers",
    "dangerous_manoeuvre",
    "ramming",
    "water_cannon",
    "uncivil_communication",
)
"""The prohibited acts every charter with the code knows (MOU rules of behaviour, CUES 2014,
and acts seen in real incidents; ../shared/domain §3)."""


class ByDomain(CharterModel):
    """One distance at sea (ship to ship) and one in the air (aircraft to aircraft)."""

    sea: Metres
    air: Metres

    def of(self, domain: str) -> float:
        """The distance for ``sea`` or ``air``."""
        return self.air if domain == "air" else self.sea


class IncidentRegime(RegimeBase):
    """The parameters of the code of safe conduct under one charter."""

    unsafe_distance_m: ByDomain = ByDomain(sea=457.0, air=152.0)
    """Closer than this (``<``) is an unsafe encounter: 500 yd at sea, 500 ft in the air."""
    dangerous_distance_m: ByDomain = ByDomain(sea=183.0, air=30.0)
    """Closer than this (``<``) is a dangerous one: 200 yd at sea, 100 ft in the air."""
    report_within_hours: Hours = 72
    reply_within_days: Days = 7
    extra_acts: Annotated[tuple[ActCode, ...], Field(max_length=100)] = ()
    """Prohibited acts this charter adds to the standard list."""
    conduct_acts: Annotated[tuple[ActCode, ...], Field(max_length=100)] = ("uncivil_communication",)
    """Acts of communication or professionalism only: alone, they make an incident L4."""
    contradiction_min_m: Metres = 100.0
    contradiction_fraction: Annotated[float, Field(gt=0, le=10, strict=True)] = 0.5
    """A declared distance is contradicted when it differs from the tracks' CPA by more than
    ``max(contradiction_min_m, contradiction_fraction × CPA)``."""
    match_window_hours: Hours = 6
    """A report and a tracked encounter are the same event when their times are this close..."""
    match_distance_km: Annotated[float, Field(gt=0, le=1_000, strict=True)] = 30.0
    """...and, for a report that names no unit the tracks know, their positions this close."""
    repeat_offender_incidents: Annotated[int, Field(ge=2, le=1_000, strict=True)] = 3
    repeat_offender_levels: Annotated[tuple[Level, ...], Field(min_length=1)] = ("L1", "L2")

    @property
    def acts(self) -> tuple[str, ...]:
        """Every prohibited act a record may name under this charter."""
        return STANDARD_ACTS + tuple(a for a in self.extra_acts if a not in STANDARD_ACTS)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for domain in ("sea", "air"):
            if self.dangerous_distance_m.of(domain) >= self.unsafe_distance_m.of(domain):
                raise ValueError(
                    f"dangerous_distance_m.{domain} must be below unsafe_distance_m.{domain}"
                )
        unknown = sorted(set(self.conduct_acts) - set(self.acts))
        if unknown:
            raise ValueError(f"conduct_acts names acts not in the list: {unknown}")
        if len(set(self.extra_acts)) != len(self.extra_acts):
            raise ValueError("extra_acts must not repeat an act")
        return self

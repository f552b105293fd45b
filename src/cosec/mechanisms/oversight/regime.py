"""What a charter sets for the oversight of North Korea's programmes and of the sanctions
(domain reference §6): the watch zone, the coast approached, the refined-petroleum cap.

The evidence rules read the core's track analyses at their published definitions
(rendezvous: Global Fishing Watch's; suspected switch-off: a gap of 12 h or more starting
more than 50 nm from shore); the charter sets where they matter.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from cosec.kit import MemberCode, RegimeBase

Point = tuple[
    Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)],
    Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)],
]
"""``(lat, lon)`` in degrees."""
Fraction = Annotated[float, Field(gt=0, le=2, allow_inf_nan=False, strict=True)]

WATCH_ZONE: tuple[Point, ...] = ((29.0, 119.0), (29.0, 131.0), (41.0, 131.0), (41.0, 119.0))
"""The sea around the peninsula, 29-41 N, 119-131 E [design]."""


class OversightRegime(RegimeBase):
    """The parameters of the oversight mechanism under one charter."""

    watch_zone: Annotated[tuple[Point, ...], Field(min_length=3, max_length=1000)] = WATCH_ZONE
    """The watch zone's outline, ``(lat, lon)`` corners in order (closed implicitly)."""
    watch_zone_name: str = "the sea around the Korean Peninsula"
    coast_state: MemberCode = "PRK"
    """The Natural Earth unit whose coast is watched (``PRK``)."""
    coast_approach_nm: Annotated[float, Field(gt=0, le=200, allow_inf_nan=False)] = 12.0
    """A vessel within this distance of the coast makes an approach (the territorial sea)."""
    approach_gap_hours: Annotated[float, Field(gt=0, le=24, allow_inf_nan=False)] = 1.0
    """An approach is split where reports stop for longer than this."""
    petroleum_cap_barrels: Annotated[int, Field(gt=0, le=100_000_000, strict=True)] = 500_000
    """Refined petroleum the DPRK may receive in a year (UNSC resolution 2397)."""
    petroleum_thresholds: Annotated[tuple[Fraction, ...], Field(min_length=1, max_length=10)] = (
        0.75,
        0.9,
        1.0,
    )
    """Shares of the cap whose crossing is a finding, each its own."""
    reading_bodies: tuple[str, ...] = ()
    """The charter's bodies (working groups) the oversight pages are written for."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if list(self.petroleum_thresholds) != sorted(set(self.petroleum_thresholds)):
            raise ValueError("petroleum_thresholds must rise, each once")
        return self

    @property
    def approach_m(self) -> float:
        """The approach distance in metres."""
        return self.coast_approach_nm * 1852.0

    @property
    def approach_gap_s(self) -> float:
        """The gap that splits an approach, in seconds."""
        return self.approach_gap_hours * 3600.0

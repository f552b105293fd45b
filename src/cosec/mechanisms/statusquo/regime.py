"""What a charter sets for the status quo in disputed waters (domain reference §9).

Every figure is a charter parameter: the rules are cosec's design on the seed's
commitments (no further construction or reclamation, no offensive deployment, no
provocative patrols, shared public goods), not a treaty's text.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, field_validator

from cosec.kit import RegimeBase
from cosec.mechanisms.statusquo.vocabulary import (
    DEPLOYMENT_KINDS,
    FACILITY_KINDS,
    PUBLIC_GOOD_FACILITIES,
)

# Strict: a charter says 30, never "30" or true (TOML has types; a quoted number is a slip).
Days = Annotated[int, Field(gt=0, le=3_650, strict=True)]
Hectares = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False, strict=True)]
Miles = Annotated[float, Field(gt=0, le=200, allow_inf_nan=False, strict=True)]


class StatusQuoRegime(RegimeBase):
    """The parameters of the status-quo mechanism under one charter."""

    status_quo_date: date
    """The day whose state of each feature is its baseline: what members promise to keep."""
    registry: Annotated[str, Field(pattern=r"^registry-v[0-9]{1,3}$")] = "registry-v1"
    """The shipped feature registry (``data/<registry>.toml``) the baselines come from."""
    reclamation_tolerance_ha: Hectares = 0.5
    """An area larger than the baseline by more than this (``>``) is reclamation."""
    report_within_days: Days = 30
    """A change the secretariat observes must have been reported within this many days
    of its imagery date."""
    offensive_deployments: tuple[str, ...] = (
        "anti_ship_missile",
        "surface_to_air_missile",
        "combat_aircraft",
        "bomber",
    )
    """Deployment kinds the charter counts as offensive."""
    approach_nm: Miles = 12.0
    """Another member's state vessel within this distance of an occupied feature."""
    public_good_facilities: tuple[str, ...] = PUBLIC_GOOD_FACILITIES
    """Facility kinds that are no new facility when they are a public good another member
    joined."""

    @field_validator("offensive_deployments")
    @classmethod
    def _known_deployments(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [k for k in kinds if k not in DEPLOYMENT_KINDS]
        if unknown:
            raise ValueError(f"unknown deployment kind {unknown[0]!r}; known: {DEPLOYMENT_KINDS}")
        return kinds

    @field_validator("public_good_facilities")
    @classmethod
    def _known_facilities(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [k for k in kinds if k not in FACILITY_KINDS]
        if unknown:
            raise ValueError(f"unknown facility kind {unknown[0]!r}; known: {FACILITY_KINDS}")
        return kinds

    @property
    def approach_m(self) -> float:
        """The approach distance in metres."""
        return self.approach_nm * 1852.0

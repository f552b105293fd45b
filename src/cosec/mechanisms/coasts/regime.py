"""What a charter sets for presence along other members' coasts (domain reference §8).

The seed asks members to reduce the frequency and scale of exercises and reconnaissance
along other states' coasts: less, not none. cosec counts the same way for all: a member's
state vessel or aircraft within ``distance_nm`` of another member's coast makes a presence
episode; each member's count and hours along each other member's coasts are compared with
the year before.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cosec.kit import RegimeBase

Miles = Annotated[float, Field(gt=0, le=200, allow_inf_nan=False, strict=True)]
Hours = Annotated[float, Field(gt=0, le=24, allow_inf_nan=False, strict=True)]
UnitKind = Literal["navy", "coast_guard", "other_government"]


class CoastsRegime(RegimeBase):
    """The parameters of the presence mechanism under one charter."""

    distance_nm: Miles = 24.0
    """Within this distance of another member's coast (12 nm territorial sea plus the 12 nm
    contiguous zone, UNCLOS arts. 3 and 33)."""
    split_gap_hours: Hours = 1.0
    """A stay is split where reports stop for longer than this."""
    unit_kinds: Annotated[tuple[UnitKind, ...], Field(min_length=1)] = (
        "navy",
        "coast_guard",
        "other_government",
    )
    """Kinds of state unit whose presence counts."""

    @property
    def distance_m(self) -> float:
        """The distance in metres."""
        return self.distance_nm * 1852.0

    @property
    def split_gap_s(self) -> float:
        """The reporting gap that splits a stay, in seconds."""
        return self.split_gap_hours * 3600.0

"""Record kinds of the status quo in disputed waters.

A feature's state is counts: its area in hectares, its facilities and its deployments, each
a count per kind (``{"runway": 1, "hangar": 24}``). A change or an observation lists only
what it says something about: kinds it does not name keep their last known count.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from cosec.kit import (
    MAX_ITEMS,
    Count,
    Latitude,
    Longitude,
    MemberCode,
    Name,
    RecordDate,
    RecordId,
    RecordModel,
    RequiredName,
    RequiredText,
    Text,
)

FeatureId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
"""A feature's id in the registry (``mischief-reef``)."""
Hectares = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]

FacilityKind = Literal[
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
]
DeploymentKind = Literal[
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
]
Facilities = Annotated[dict[FacilityKind, Count], Field(max_length=MAX_ITEMS)]
Deployments = Annotated[dict[DeploymentKind, Count], Field(max_length=MAX_ITEMS)]
Members = Annotated[tuple[MemberCode, ...], Field(max_length=MAX_ITEMS)]


class Baseline(RecordModel):
    """A feature's state on a day: area, facilities and deployments."""

    as_of: RecordDate
    area_ha: Hectares
    facilities: Facilities = Field(default_factory=dict)
    deployments: Deployments = Field(default_factory=dict)
    source: Name = ""


class FeatureEntry(RecordModel):
    """``statusquo.feature``: the secretariat lists a feature, or corrects its entry.

    It replaces the shipped registry's entry of the same id (claimants, occupant,
    baseline) for every judgement from then on; a feature the shipped list of positions
    does not hold needs ``lat`` and ``lon``.
    """

    feature: FeatureId
    name: RequiredName
    group: Name = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    claimants: Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=MAX_ITEMS)]
    occupant: MemberCode | None = None
    """Who holds it (``None``: nobody does)."""
    baseline: Baseline
    note: Text = ""

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        return self


class FeatureChange(RecordModel):
    """``statusquo.change``: the occupant declares a change it made on its feature."""

    feature: FeatureId
    on: RecordDate
    """The day the change was made (completed)."""
    area_ha: Hectares | None = None
    """The area after the change, if it changed."""
    facilities: Facilities = Field(default_factory=dict)
    """Counts after the change of the facility kinds it touched."""
    deployments: Deployments = Field(default_factory=dict)
    """Counts after the change of the deployment kinds it touched."""
    description: RequiredText
    entry_id: RecordId | None = None
    """The ``statusquo.feature`` record listing the feature, when the shipped registry
    does not."""

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if self.area_ha is None and not self.facilities and not self.deployments:
            raise ValueError("a change must give area_ha, facilities or deployments")
        return self


class FeatureObservation(RecordModel):
    """``statusquo.observation``: what the secretariat measured on dated imagery."""

    feature: FeatureId
    imagery_date: RecordDate
    area_ha: Hectares | None = None
    """Area measured above high water, hectares (``None``: not measured)."""
    facilities: Facilities = Field(default_factory=dict)
    """Counts of the facility kinds seen (kinds not named were not assessed)."""
    deployments: Deployments = Field(default_factory=dict)
    source: RequiredName
    """The imagery and who measured it (``Sentinel-2 L2A, 14 Mar 2026; secretariat``)."""
    member: MemberCode | None = None
    """Who made what is seen, when not the feature's occupant."""
    note: Text = ""
    entry_id: RecordId | None = None
    """The ``statusquo.feature`` record listing the feature, when the shipped registry
    does not."""

    @model_validator(mode="after")
    def _measures_something(self) -> Self:
        if self.area_ha is None and not self.facilities and not self.deployments:
            raise ValueError("an observation must give area_ha, facilities or deployments")
        return self


class PublicGood(RecordModel):
    """``statusquo.public_good``: a member offers a shared good (a lighthouse, search and
    rescue, a weather station) that other members may join."""

    kind: Literal["lighthouse", "search_and_rescue", "weather_station", "other"]
    name: RequiredName
    feature: FeatureId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    description: Text = ""
    open_to: Members = ()
    """Members invited to join (empty: every member of the regime)."""
    entry_id: RecordId | None = None
    """The ``statusquo.feature`` record listing the feature, when the shipped registry
    does not."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        return self


class PublicGoodJoin(RecordModel):
    """``statusquo.public_good_join``: another member joins a public good."""

    good_id: RecordId
    contribution: Text = ""
    """What it brings (crews, data, funds), if anything."""


KIND_FEATURE = "statusquo.feature"
KIND_CHANGE = "statusquo.change"
KIND_OBSERVATION = "statusquo.observation"
KIND_GOOD = "statusquo.public_good"
KIND_JOIN = "statusquo.public_good_join"

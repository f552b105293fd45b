"""Record kinds of joint law-enforcement patrols.

The member leading a patrol files its plan (``patrols.plan``): who takes part, with which
vessels, along which route on the river, on which days. After the patrol a participant
reports it (``patrols.report``): who took part, the positions logged, the stations
visited. Any member shares a law-enforcement case (``patrols.case``): its category (CAT 1
to CAT 4, ReCAAP-style), the drugs seized, the persons detained, the vessels, the place.
Records are never edited: a later report follows an earlier one.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from cosec.kit import (
    Count,
    Latitude,
    Longitude,
    MemberCode,
    Name,
    RecordDate,
    RecordDateTime,
    RecordId,
    RecordModel,
    RequiredName,
    Text,
)

Category = Literal["CAT1", "CAT2", "CAT3", "CAT4"]
CATEGORIES: tuple[Category, ...] = ("CAT1", "CAT2", "CAT3", "CAT4")
CATEGORY_TEXT: dict[str, str] = {
    "CAT1": "CAT 1: more than 9 perpetrators, guns, crew harmed or kidnapped, ship or cargo taken",
    "CAT2": "CAT 2: 4-9 perpetrators, guns or knives, crew threatened or assaulted, property taken",
    "CAT3": "CAT 3: 1-6 perpetrators, knives or not stated, crew unharmed, stores taken",
    "CAT4": "CAT 4: 1-3 perpetrators, not armed, crew unharmed, little or nothing taken",
}
"""ReCAAP-style categories (../shared/domain §4: CAT 4 checked, the others recalled)."""
Unit = Literal["kg", "tablets", "litres"]
UNITS: tuple[Unit, ...] = ("kg", "tablets", "litres")


def _once(codes: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(codes)) != len(codes):
        raise ValueError("must not repeat a member")
    return codes


class Waypoint(RecordModel):
    """A point of a route on the river, optionally named (``Chiang Saen``)."""

    lat: Latitude
    lon: Longitude
    name: Name = ""


class Vessel(RecordModel):
    """A patrol boat (or a vessel in a case), named at least by its name."""

    name: RequiredName
    member: MemberCode | None = None
    """The member it belongs to (a patrol boat), or its flag (a vessel in a case)."""
    identifier: Name = ""
    """A hull number, registration or MMSI, as known."""


class Position(RecordModel):
    """Where the patrol was, and when."""

    at: RecordDateTime
    lat: Latitude
    lon: Longitude


class Seizure(RecordModel):
    """Drugs seized: what, how much."""

    substance: RequiredName
    """``methamphetamine tablets``, ``heroin``, ``crystal methamphetamine``..."""
    amount: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]
    unit: Unit = "kg"


Members = Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=50)]


class PatrolPlan(RecordModel):
    """``patrols.plan``: a joint patrol the submitter leads."""

    title: RequiredName
    """``Joint patrol 112``."""
    participants: Members
    """Every member taking part, the submitter among them."""
    vessels: Annotated[tuple[Vessel, ...], Field(max_length=100)] = ()
    route: Annotated[tuple[Waypoint, ...], Field(min_length=2, max_length=2_000)]
    """The route as a line on the river, upstream or downstream, in order."""
    start: RecordDate
    end: RecordDate
    note: Text = ""

    _participants_once = field_validator("participants")(_once)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class PatrolReport(RecordModel):
    """``patrols.report``: what a planned patrol did."""

    plan_id: RecordId
    participants: Members
    """The members that took part (those counted for the yearly minimum)."""
    positions: Annotated[tuple[Position, ...], Field(max_length=10_000)] = ()
    stations: Annotated[tuple[RequiredName, ...], Field(max_length=200)] = ()
    """Stations visited, by the names the charter lists."""
    narrative: Text = ""

    _participants_once = field_validator("participants")(_once)


class LawEnforcementCase(RecordModel):
    """``patrols.case``: a law-enforcement case, shared with the regime's members."""

    title: RequiredName
    category: Category
    occurred_at: RecordDateTime
    lat: Latitude
    lon: Longitude
    place: Name = ""
    """``near Chiang Saen``, ``Golden Triangle``..."""
    plan_id: RecordId | None = None
    """The patrol that made the case, if one did."""
    drugs: Annotated[tuple[Seizure, ...], Field(max_length=100)] = ()
    persons_detained: Count = 0
    vessels: Annotated[tuple[Vessel, ...], Field(max_length=100)] = ()
    narrative: Text = ""

    @property
    def drugs_kg(self) -> float:
        """The seizures weighed in kilograms (tablets and litres are not added in)."""
        return sum(d.amount for d in self.drugs if d.unit == "kg")

    @property
    def tablets(self) -> float:
        """Tablets seized."""
        return sum(d.amount for d in self.drugs if d.unit == "tablets")

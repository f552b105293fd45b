"""Record kinds of the code of safe conduct at sea and in the air.

A member reports an incident (``incident.report``): where and when, which units, how close
they came, which prohibited acts, what harm. The other member replies with its own account
(``incident.reply``). Either may propose a joint assessment of the facts
(``incident.assessment``), which becomes joint when the other endorses it
(``incident.endorsement``). Records are never edited: a later account follows an earlier.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from cosec.kit import (
    MAX_ITEMS,
    Count,
    Latitude,
    Longitude,
    MemberCode,
    Name,
    RecordDateTime,
    RecordId,
    RecordModel,
    RequiredLongText,
    RequiredName,
    Text,
)

Domain = Literal["sea", "air"]
ActCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
"""A prohibited act's code (``laser_illumination``); the charter lists the known ones."""
Distance = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
"""Metres, never negative."""
Communication = Literal["vhf16", "guard_121_5", "guard_243_0", "cues", "other"]
"""Ships' VHF channel 16 (156.8 MHz), aircraft guard 121.5 MHz and 243.0 MHz, the CUES
phrases, or another means."""

COMMUNICATIONS: dict[str, str] = {
    "vhf16": "VHF channel 16 (156.8 MHz)",
    "guard_121_5": "121.5 MHz guard",
    "guard_243_0": "243.0 MHz guard",
    "cues": "CUES phrases",
    "other": "other means",
}
_IDENTIFIER = r"^([0-9]{9}|[0-9a-f]{6})$"


class UnitRef(RecordModel):
    """A ship or aircraft as a report names it: by MMSI (9 digits) or ICAO address (6 hex
    digits, lower case), by hull number, or at least by name."""

    identifier: Annotated[str, Field(pattern=_IDENTIFIER)] | None = None
    hull_number: Name = ""
    name: Name = ""
    type: Name = ""
    """``destroyer``, ``J-11 fighter``..."""

    @field_validator("identifier", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not (self.identifier or self.hull_number.strip() or self.name.strip()):
            raise ValueError("name the unit by identifier, hull_number or name")
        return self

    @property
    def label(self) -> str:
        """``USS Decatur (DDG-73)``, or whatever names it."""
        main = self.name or self.hull_number or self.identifier or ""
        extra = self.hull_number if self.name and self.hull_number else ""
        return f"{main} ({extra})" if extra else main


class Attachment(RecordModel):
    """A file kept by the member (photographs, radar plots, audio), committed by its hash."""

    name: RequiredName
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


Units = Annotated[tuple[UnitRef, ...], Field(min_length=1, max_length=100)]


class Account(RecordModel):
    """The facts an account of an incident declares (a report, a reply, an assessment)."""

    min_distance_m: Distance | None = None
    """The closest distance between the units, in metres, as this account has it."""
    acts: Annotated[tuple[ActCode, ...], Field(max_length=100)] = ()
    contact: bool = False
    """The units touched (a collision, a bump, a ramming)."""
    casualties: Count = 0
    damage: bool = False
    harm: bool = False
    """A prohibited act harmed people or equipment (an injured crew, a blinded pilot)."""

    @field_validator("acts")
    @classmethod
    def _acts_once(cls, acts: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(acts)) != len(acts):
            raise ValueError("must not repeat an act")
        return acts


class IncidentReport(Account):
    """``incident.report``: a member's report of an encounter or incident."""

    title: RequiredName
    domain: Domain
    occurred_at: RecordDateTime
    lat: Latitude
    lon: Longitude
    other_member: MemberCode
    """The member whose units were involved."""
    own_units: Units
    other_units: Units
    communications: Annotated[tuple[Communication, ...], Field(max_length=10)] = ()
    cues_phrases: Annotated[tuple[Name, ...], Field(max_length=MAX_ITEMS)] = ()
    narrative: RequiredLongText
    reported_by: Name = ""
    """The point of contact to call back (name, post, telephone)."""
    attachments: Annotated[tuple[Attachment, ...], Field(max_length=100)] = ()


class IncidentReply(Account):
    """``incident.reply``: the other member's own account of a reported incident."""

    report_id: RecordId
    narrative: RequiredLongText
    occurred_at: RecordDateTime | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    communications: Annotated[tuple[Communication, ...], Field(max_length=10)] = ()
    attachments: Annotated[tuple[Attachment, ...], Field(max_length=100)] = ()

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        return self


class IncidentAssessment(Account):
    """``incident.assessment``: facts one party proposes the two agree; joint once the other
    endorses it."""

    report_id: RecordId
    statement: Annotated[str, Field(min_length=1, max_length=4_000)]
    """The agreed account, in words."""


class IncidentEndorsement(RecordModel):
    """``incident.endorsement``: the other party agrees a proposed assessment."""

    assessment_id: RecordId
    note: Text = ""

"""What a charter sets for joint law-enforcement patrols: how often each participant
patrols, how soon a patrol is reported and a case shared, and the stations on the river.

Every figure is a parameter. The Lancang-Mekong agreement of 2011 sets no such numbers in
any text cosec has read: the defaults are cosec's design (../shared/domain §4, issue 12).
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from cosec.kit import CharterModel, Latitude, Longitude, MemberCode, RegimeBase

Days = Annotated[int, Field(gt=0, le=366, strict=True)]
Hours = Annotated[int, Field(gt=0, le=8_760, strict=True)]


class Station(CharterModel):
    """A law-enforcement station (a police or border post, a port) on the river."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    member: MemberCode
    """The member whose bank it is on."""
    lat: Latitude
    lon: Longitude


class PatrolsRegime(RegimeBase):
    """The parameters of joint law-enforcement patrols under one charter."""

    min_patrols_per_year: Annotated[int, Field(ge=1, le=366, strict=True)] = 4
    """Each participating member takes part in at least this many patrols (``>=``) in every
    calendar year, counted from the patrol reports' lists of who took part."""
    report_within_days: Days = 14
    """A patrol is reported by the end of this many days after its last planned day (UTC)."""
    case_within_hours: Hours = 72
    """A law-enforcement case is shared within this many hours (``<=``) of when it happened."""
    first_year: Annotated[int, Field(ge=1990, le=2200, strict=True)] | None = None
    """The first calendar year the yearly minimum is judged (default: the first whole
    calendar year after the charter takes effect)."""
    stations: Annotated[tuple[Station, ...], Field(max_length=200)] = ()
    """The stations a patrol report may say it visited (none listed: any name)."""

    def station(self, name: str) -> Station | None:
        """The station of that name (case-insensitive), if the charter lists it."""
        key = name.strip().casefold()
        return next((s for s in self.stations if s.name.casefold() == key), None)

    @model_validator(mode="after")
    def _unique_stations(self) -> Self:
        names = [s.name.casefold() for s in self.stations]
        if len(set(names)) != len(names):
            raise ValueError("stations must not repeat a name")
        return self

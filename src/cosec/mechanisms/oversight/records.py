"""Record kinds of the oversight of North Korea's programmes and of the sanctions.

- ``oversight.designation``: the secretariat puts a vessel or an entity on the list, as a
  source (the UN 1718 Committee, a member's national list) listed it on a date;
- ``oversight.delisting``: the secretariat takes a designation off the list from a date;
- ``oversight.event``: the secretariat records a nuclear test or a missile launch, with
  its sources;
- ``oversight.petroleum_transfer``: a member reports the refined petroleum it transferred
  to the DPRK in a month (0 barrels: a nil report).

Lists are versioned by these records: who was listed when is the designations and
delistings in force on a day. Nothing is edited; a later record follows an earlier one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from cosec.kit import (
    MAX_ITEMS,
    Latitude,
    Longitude,
    Name,
    RecordDate,
    RecordDateTime,
    RecordId,
    RecordModel,
    RequiredName,
    RequiredText,
    Text,
)

Mmsi = Annotated[str, Field(pattern=r"^[0-9]{9}$")]
Imo = Annotated[str, Field(pattern=r"^[0-9]{7}$")]
Month = Annotated[str, Field(pattern=r"^(199[0-9]|2[01][0-9][0-9])-(0[1-9]|1[0-2])$")]
"""``2026-03``."""
Barrels = Annotated[int, Field(ge=0, le=100_000_000)]

SubjectKind = Literal["vessel", "entity"]
EventKind = Literal["nuclear_test", "missile_launch"]
MissileClass = Literal["", "icbm", "irbm", "mrbm", "srbm", "slbm", "hypersonic", "cruise", "slv"]
MISSILE_CLASSES = {
    "": "missile",
    "icbm": "intercontinental ballistic missile",
    "irbm": "intermediate-range ballistic missile",
    "mrbm": "medium-range ballistic missile",
    "srbm": "short-range ballistic missile",
    "slbm": "submarine-launched ballistic missile",
    "hypersonic": "hypersonic missile",
    "cruise": "cruise missile",
    "slv": "satellite launch vehicle",
}
_IMO = re.compile(r"^(?:IMO\s*)?([0-9]{7})$", re.IGNORECASE)


def imo_valid(imo: str) -> bool:
    """Whether an IMO ship number's check digit holds (the weighted sum of the first six
    digits, 7 down to 2, ends in the seventh).

    >>> imo_valid("9074729"), imo_valid("9074728")
    (True, False)
    """
    if len(imo) != 7 or not imo.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(imo[6])


class Designation(RecordModel):
    """``oversight.designation``: a vessel (by MMSI and/or IMO number) or an entity on the
    list from ``listed_on``, as ``source`` listed it."""

    subject: SubjectKind = "vessel"
    name: RequiredName
    mmsi: Mmsi | None = None
    imo: Imo | None = None
    listed_on: RecordDate
    source: RequiredName
    """``UN 1718 Committee``, ``USA OFAC``..."""
    reference: Name = ""
    """The source's own reference (a committee press release, a list entry number)."""
    note: Text = ""

    @field_validator("imo", mode="before")
    @classmethod
    def _imo(cls, value: object) -> object:
        if isinstance(value, str):
            m = _IMO.match(value.strip())
            return m.group(1) if m else value.strip() or None
        return value

    @field_validator("imo")
    @classmethod
    def _imo_check_digit(cls, value: str | None) -> str | None:
        if value is not None and not imo_valid(value):
            raise ValueError(f"IMO number {value} fails its check digit")
        return value

    @field_validator("mmsi", mode="before")
    @classmethod
    def _mmsi(cls, value: object) -> object:
        return (value.strip() or None) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _identified(self) -> Self:
        if self.subject == "vessel" and not (self.mmsi or self.imo):
            raise ValueError("a vessel is listed by its MMSI, its IMO number, or both")
        if self.subject == "entity" and (self.mmsi or self.imo):
            raise ValueError("an entity has no MMSI or IMO number")
        return self


class Delisting(RecordModel):
    """``oversight.delisting``: a designation off the list from ``delisted_on``."""

    designation_id: RecordId
    delisted_on: RecordDate
    source: RequiredName
    note: Text = ""


class ProgrammeEvent(RecordModel):
    """``oversight.event``: a nuclear test or a missile launch, with its sources."""

    event: EventKind
    occurred_at: RecordDateTime
    missile_class: MissileClass = ""
    count: Annotated[int, Field(ge=1, le=100)] = 1
    """Missiles launched together."""
    lat: Latitude | None = None
    lon: Longitude | None = None
    place: Name = ""
    """``Punggye-ri``, ``Sunan, Pyongyang``."""
    description: RequiredText
    sources: Annotated[tuple[RequiredName, ...], Field(min_length=1, max_length=MAX_ITEMS)]
    """Where it is known from: a seismological agency, a member's defence ministry..."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.event == "nuclear_test" and (self.missile_class or self.count != 1):
            raise ValueError("a nuclear test has no missile class or count")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self

    @property
    def label(self) -> str:
        """``Nuclear test, 03 September 2017``."""
        what = (
            "Nuclear test"
            if self.event == "nuclear_test"
            else MISSILE_CLASSES[self.missile_class].capitalize()
            + (" launch" if self.count == 1 else f" launches ({self.count})")
        )
        return f"{what}, {self.occurred_at:%d %B %Y}"


class PetroleumTransfer(RecordModel):
    """``oversight.petroleum_transfer``: the refined petroleum a member transferred to the
    DPRK in a month, in barrels (0: nothing). A later report of the same month replaces
    the earlier (``corrects`` names it)."""

    month: Month
    barrels: Barrels
    corrects: RecordId | None = None
    note: Text = ""

    @property
    def year(self) -> int:
        """The year of the month."""
        return int(self.month[:4])

    @property
    def first_day(self) -> date:
        """The month's first day."""
        return date(self.year, int(self.month[5:]), 1)

"""``fleet.unit``: a state vessel or aircraft as its member (or the secretariat) declares it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from cosec.errors import FieldError
from cosec.kit.mechanism import RecordKind
from cosec.kit.submission import SubmissionCheck
from cosec.records import Audience, MemberCode, Name, RecordDate, RecordModel, Text

KIND_UNIT = "fleet.unit"
UNIT_KINDS = ("navy", "coast_guard", "other_government")
_MMSI = re.compile(r"^[0-9]{9}$")
_ICAO = re.compile(r"^[0-9a-f]{6}$")


class FleetUnit(RecordModel):
    """One state unit. ``identifier`` is a ship's MMSI (9 digits) or an aircraft's ICAO
    24-bit address (6 hex digits, lower case)."""

    domain: Literal["sea", "air"] = "sea"
    identifier: Annotated[str, Field(min_length=6, max_length=9)]
    member: MemberCode
    kind: Literal["navy", "coast_guard", "other_government"]
    name: Name = ""
    hull_number: Name = ""
    valid_from: RecordDate | None = None
    """The day the entry takes effect (default: when it is logged)."""
    withdrawn: bool = False
    """True: the unit leaves state service (or was listed in error) from ``valid_from``."""
    note: Text = ""

    @field_validator("identifier")
    @classmethod
    def _identifier_fits_domain(cls, identifier: str, info: ValidationInfo) -> str:
        domain = info.data.get("domain", "sea")
        if domain == "sea" and not _MMSI.match(identifier):
            raise ValueError("must be a ship's MMSI: 9 digits")
        if domain == "air" and not _ICAO.match(identifier):
            raise ValueError("must be an aircraft's ICAO address: 6 hex digits, lower case")
        return identifier


def check_unit(check: SubmissionCheck[FleetUnit]) -> Iterator[FieldError]:
    """A member declares its own units; the secretariat may declare anyone's."""
    unit = check.payload
    if not check.charter.is_member(unit.member):
        yield FieldError("payload.member", f"{unit.member} is not a member of {check.charter.id}")
    if check.submitter != "SEC" and unit.member != check.submitter:
        yield FieldError("payload.member", f"must be your own state, {check.submitter}")


UNIT_KIND: RecordKind[FleetUnit] = RecordKind(
    KIND_UNIT,
    FleetUnit,
    title="State vessel or aircraft",
    default_audience=Audience.PUBLIC,
    submitted_by=("member", "secretariat"),
    check=check_unit,
    label=lambda u: u.name or u.identifier,
)
KINDS = (UNIT_KIND,)

"""``fleet.unit``: a state vessel or aircraft as its member (or the secretariat) declares it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import select

from cosec.errors import FieldError
from cosec.kit.mechanism import RecordKind
from cosec.kit.submission import SubmissionCheck
from cosec.records import SECRETARIAT, Audience, MemberCode, Name, RecordDate, RecordModel, Text
from cosec.store.tables import RecordRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    """A member declares its own units; the secretariat may declare anyone's.

    A member may not file an entry about an identifier whose latest entry (by its place in
    the log) names another member, even as its own unit: one state could otherwise
    rename, reassign or withdraw another's. Such an identifier changes hands only through
    the secretariat, whose entry then names the member that may file about it next.
    """
    unit = check.payload
    if not check.charter.is_member(unit.member):
        yield FieldError("payload.member", f"{unit.member} is not a member of {check.charter.id}")
    if check.submitter != SECRETARIAT and unit.member != check.submitter:
        yield FieldError("payload.member", f"must be your own state, {check.submitter}")
    elif check.submitter != SECRETARIAT and _named_now(check.session, unit) not in (
        None,
        unit.member,
    ):
        yield FieldError(
            "payload.identifier",
            "is registered as another member's unit: only the secretariat may change its entries",
        )


def _named_now(session: Session, unit: FleetUnit) -> str | None:
    """The member the latest entry about ``unit``'s identifier names (whoever may read it)."""
    member = session.scalar(
        select(RecordRow.payload["member"].as_string())
        .where(
            RecordRow.kind == KIND_UNIT,
            RecordRow.payload["identifier"].as_string() == unit.identifier,
        )
        .order_by(RecordRow.id.desc())
        .limit(1)
    )
    return None if member is None else str(member)


UNIT_KIND: RecordKind[FleetUnit] = RecordKind(
    KIND_UNIT,
    FleetUnit,
    title="State vessel or aircraft",
    default_audience=Audience.PUBLIC,
    submitted_by=("member", "secretariat"),
    check=check_unit,
    href="/fleet/records/{id}",
    label=lambda u: u.name or u.identifier,
)
KINDS = (UNIT_KIND,)

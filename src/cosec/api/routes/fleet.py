"""/v1/fleet: the registry of state vessels and aircraft."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from cosec.api.deps import (
    ClockDep,
    Costly,
    DeploymentDep,
    LedgerDep,
    PrincipalDep,
    SessionDep,
    SubmitDep,
    SubmitterDep,
)
from cosec.api.guard import BodyTooLarge
from cosec.api.params import Offset
from cosec.api.schemas import RecordOut, Submission
from cosec.charter.models import Charter
from cosec.deployment import load
from cosec.errors import InvalidInput
from cosec.fleet import csvfile
from cosec.fleet import service as fleet
from cosec.fleet.registry import Entry, SortKey, parse_as_of
from cosec.kinds.fleet import KIND_UNIT, FleetUnit
from cosec.records import Audience
from cosec.store.db import unit_of_work

router = APIRouter(prefix="/v1", tags=["fleet"])


class UnitOut(BaseModel):
    """One entry of the registry: a unit as a member (or the secretariat) declared it."""

    record_id: int = Field(description="The fleet.unit record that says so.")
    identifier: str = Field(description="MMSI (9 digits) or ICAO address (6 hex digits).")
    domain: str
    member: str
    member_name: str
    kind: str
    name: str
    hull_number: str
    valid_from: date | None
    effective_from: datetime = Field(description="valid_from at 00:00 UTC, else when logged.")
    withdrawn: bool
    note: str
    submitter: str
    audience: str
    logged_at: datetime

    @classmethod
    def of(cls, e: Entry, charter: Charter) -> UnitOut:
        """From a registry entry."""
        u = e.unit
        return cls(
            record_id=e.record_id,
            identifier=u.identifier,
            domain=u.domain,
            member=u.member,
            member_name=charter.member_name(u.member),
            kind=u.kind,
            name=u.name,
            hull_number=u.hull_number,
            valid_from=u.valid_from,
            effective_from=e.effective,
            withdrawn=u.withdrawn,
            note=u.note,
            submitter=e.submitter,
            audience=e.audience,
            logged_at=e.logged_at,
        )


class UnitPage(BaseModel):
    """A page of the units in state service as of a time."""

    as_of: datetime
    total: int
    offset: int
    limit: int
    units: list[UnitOut]


class UnitLookupOut(BaseModel):
    """What cosec knows of one identifier: the registry's entry and history, or the flag
    its MMSI implies."""

    identifier: str
    domain: str
    as_of: datetime
    flag: str | None = Field(description="The unit's member, or the flag its MMSI implies.")
    flag_source: Literal["registry", "mid"] | None
    inferred: bool = Field(description="True when no entry lists it as a state unit now.")
    current: UnitOut | None
    history: list[UnitOut]


AsOf = Annotated[
    str | None,
    Query(
        max_length=40,
        description="The registry as of this day (YYYY-MM-DD, its end) or instant; default now.",
    ),
]
Identifier = Annotated[
    str,
    Path(min_length=1, max_length=32, description="A ship's MMSI or an aircraft's ICAO address."),
]


def _as_of(value: str | None, clock: ClockDep) -> datetime:
    return clock.now() if value is None else parse_as_of(value)


@router.get("/fleet", response_model=UnitPage)
def list_units(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    member: Annotated[str | None, Query(max_length=3, description="A member code.")] = None,
    kind: Annotated[Literal["navy", "coast_guard", "other_government"] | None, Query()] = None,
    domain: Annotated[Literal["sea", "air"] | None, Query()] = None,
    as_of: AsOf = None,
    sort: SortKey = "identifier",
    descending: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> UnitPage:
    """The units in state service as of a time that the caller may read (withdrawn units
    left out), filtered, sorted and paged."""
    charter = deployment.current
    listing = fleet.list_units(
        session,
        principal=principal,
        charter=charter,
        as_of=_as_of(as_of, clock),
        member=member,
        kind=kind,
        domain=domain,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
    )
    return UnitPage(
        as_of=listing.as_of,
        total=listing.total,
        offset=offset,
        limit=limit,
        units=[UnitOut.of(e, charter) for e in listing.entries],
    )


@router.get("/fleet/{identifier}", response_model=UnitLookupOut)
def get_unit(
    identifier: Identifier,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    as_of: AsOf = None,
) -> UnitLookupOut:
    """A unit's entry as of a time and its whole history (what the caller may read); for a
    ship the registry does not list, the flag its MMSI's first digits imply, marked
    ``inferred``. 404 when neither says anything."""
    charter = deployment.current
    found = fleet.lookup(
        session,
        principal=principal,
        charter=charter,
        identifier=identifier,
        as_of=_as_of(as_of, clock),
    )
    current = found.current
    return UnitLookupOut(
        identifier=found.identifier,
        domain=found.domain,
        as_of=found.as_of,
        flag=found.flag,
        flag_source="registry" if current else ("mid" if found.mid_flag else None),
        inferred=found.inferred,
        current=UnitOut.of(current, charter) if current else None,
        history=[UnitOut.of(e, charter) for e in found.history.entries] if found.history else [],
    )


@router.post("/fleet", status_code=201, response_model=RecordOut)
def add_unit(body: Submission[FleetUnit], submit: SubmitDep) -> RecordOut:
    """Declare one unit (a member its own; the secretariat anyone's), signed with the
    deposited key. A later entry about the same identifier supersedes it from its
    ``valid_from``."""
    row = submit.record(KIND_UNIT, body.payload, body.audience, body.parties)
    return RecordOut.of(row)


IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "A header row, then one unit a row: "
                    + ",".join(csvfile.COLUMNS),
                }
            }
        },
    }
}


async def _body(request: Request) -> str:
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > csvfile.MAX_BYTES:
            raise BodyTooLarge(csvfile.MAX_BYTES)
    try:
        return received.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.field("body", "must be CSV text in UTF-8") from None


@router.post(
    "/fleet/import",
    status_code=201,
    response_model=list[RecordOut],
    openapi_extra=IMPORT_BODY,
    dependencies=[Costly],
)
async def import_units(
    request: Request,
    session: SessionDep,
    principal: SubmitterDep,
    ledger: LedgerDep,
    clock: ClockDep,
    audience: Audience | None = None,
) -> list[RecordOut]:
    """Declare units from a CSV body (at most 2 MiB, 10,000 rows): every row is checked
    first, and one bad row writes nothing (a 422 naming the row and the column)."""
    session.commit()  # no database connection held while the body streams in
    text = await _body(request)
    items = fleet.import_items(
        text, importer=principal.submitter or "", audience=audience.value if audience else None
    )

    def write() -> list[RecordOut]:
        with unit_of_work(request.app.state.sessions, write=True) as session:
            rows = fleet.submit_units(
                session,
                deployment=load(session),
                ledger=ledger,
                principal=principal,
                items=items,
                clock=clock,
                evaluate=False,  # the committer's evaluator takes them in on its next round
            )
            return [RecordOut.of(r) for r in rows]

    return await run_in_threadpool(write)

"""/v1/arms: returns, expenditure reports, members' transparency, totals, and assess."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status
from pydantic import BaseModel

from cosec.mechanisms.arms import service
from cosec.mechanisms.arms.assess import context_of, judge, read, row_of
from cosec.mechanisms.arms.records import ArmsReturn, Expenditure
from cosec.plugin.api import (
    ClockDep,
    Costly,
    DeploymentDep,
    FindingOut,
    OptionalYear,
    PathId,
    PrincipalDep,
    RecordOut,
    SessionDep,
    Submission,
    SubmitDep,
)
from cosec.plugin.store import load_profile

router = APIRouter(prefix="/v1", tags=["arms"])


class ReturnOut(BaseModel):
    """A return with what the rules make of it."""

    id: int
    member: str
    year: int
    nil: bool
    submitted_at: str
    due: str
    on_time: bool
    latest: bool
    """No later return of the same member and year replaces it."""
    exported: int
    imported: int
    record: RecordOut

    @classmethod
    def of(cls, v: service.ReturnView) -> ReturnOut:
        """From a view."""
        return cls(
            id=v.record.id,
            member=v.member,
            year=v.ret.year,
            nil=v.ret.nil,
            submitted_at=v.record.submitted_at.isoformat(),
            due=v.due.date().isoformat(),
            on_time=v.on_time,
            latest=v.latest,
            exported=v.exported,
            imported=v.imported,
            record=RecordOut.of(v.record),
        )


@router.get("/arms/returns", response_model=list[ReturnOut])
def list_returns(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str | None = None,
    year: OptionalYear = None,
) -> list[ReturnOut]:
    """Annual returns the caller may read, newest year first."""
    views = service.list_returns(
        session,
        deployment=deployment,
        principal=principal,
        member=member.upper() if member else None,
        year=year,
    )
    return [ReturnOut.of(v) for v in views]


@router.post("/arms/returns", status_code=status.HTTP_201_CREATED, response_model=ReturnOut)
def submit_return(body: Submission[ArmsReturn], submit: SubmitDep) -> ReturnOut:
    """Send a year's return of arms transfers (or a nil return), signed with the deposited
    key; a second return for the same year replaces the first for the mirror checks."""
    row = submit.record("arms.return", body.payload, body.audience, body.parties)
    return ReturnOut.of(
        service.get_return(
            submit.session,
            deployment=submit.deployment,
            principal=submit.principal,
            record_id=row.id,
        )
    )


@router.get("/arms/returns/{return_id}", response_model=ReturnOut)
def get_return(
    return_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> ReturnOut:
    """One return."""
    return ReturnOut.of(
        service.get_return(session, deployment=deployment, principal=principal, record_id=return_id)
    )


@router.get("/arms/expenditures", response_model=list[RecordOut])
def list_expenditures(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str | None = None,
) -> list[RecordOut]:
    """Reports of military expenditure the caller may read, newest first."""
    views = service.list_expenditures(
        session,
        deployment=deployment,
        principal=principal,
        member=member.upper() if member else None,
    )
    return [RecordOut.of(v.record) for v in views]


@router.post("/arms/expenditures", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def submit_expenditure(body: Submission[Expenditure], submit: SubmitDep) -> RecordOut:
    """Send a year's report of military expenditure (simplified or standardised form)."""
    return RecordOut.of(
        submit.record("arms.expenditure", body.payload, body.audience, body.parties)
    )


@router.get("/arms/members/{member}")
def member_arms(
    member: str,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> dict[str, Any]:
    """A member's transparency index, its figures by year, its transfers as both sides
    report them, and its arms findings."""
    m = service.member_arms(
        session,
        deployment=deployment,
        principal=principal,
        member=member.upper(),
        as_of=clock.now(),
    )
    t = m.transparency
    return {
        "member": m.member,
        "index": m.index,
        "parts": {
            "due": t.due,
            "sent": t.sent,
            "on_time": t.on_time,
            "checked": t.checked,
            "agreeing": t.agreeing,
            "on_time_share": t.on_time_share,
            "complete_share": t.complete_share,
            "agreement_share": t.agreement_share,
        },
        "years": [
            {
                "year": y.year,
                "filed": y.filed,
                "nil": y.nil,
                "exports": y.exports,
                "imports": y.imports,
                "exported": y.exported,
                "imported": y.imported,
                "exports_change": y.exports_change,
                "imports_change": y.imports_change,
                "expenditure": y.expenditure,
                "currency": y.currency,
                "expenditure_change": y.expenditure_change,
            }
            for y in m.years
        ],
        "disagreements": [
            {
                "year": d.year,
                "exporter": d.exporter,
                "importer": d.importer,
                "category": d.category,
                "exported": d.exported,
                "imported": d.imported,
                "flag": d.flag,
            }
            for d in m.disagreements
        ],
        "findings": [FindingOut.of(f).model_dump(mode="json") for f in m.findings],
    }


@router.get("/arms/totals")
def totals(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, clock: ClockDep
) -> dict[str, dict[str, int]]:
    """Items exported by year and category, as the exporters' latest returns report them."""
    found = service.totals(session, deployment=deployment, principal=principal, as_of=clock.now())
    return {str(y): cats for y, cats in found.items()}


@router.post("/arms/assess", dependencies=[Costly])
def assess(
    body: Annotated[dict[str, Any], Body(description='{"year", "as_of", "returns": [...]}')],
    clock: ClockDep,
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "eas-2026",
) -> list[dict[str, Any]]:
    """Judge returns as ``cosec arms assess`` does, storing nothing."""
    c = load_profile(charter)
    f = read(body, c)
    return [row_of(x) for x in judge(context_of(f, c, f.as_of or clock.now()))]

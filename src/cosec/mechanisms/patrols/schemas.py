"""The patrol mechanism's API models (beside the core's)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from cosec.mechanisms.patrols.records import LawEnforcementCase, PatrolPlan, PatrolReport
from cosec.mechanisms.patrols.service import CaseView, PlanView, Statistics
from cosec.plugin.api import FindingOut
from cosec.plugin.store import FindingView


class ReportOut(BaseModel):
    """A report of a patrol."""

    id: int
    submitter: str
    submitted_at: datetime
    report: PatrolReport


class PlanOut(BaseModel):
    """A patrol plan, its status, its reports, its deadline (and its findings, alone)."""

    id: int
    lead: str
    audience: str
    submitted_at: datetime
    status: str
    report_due: datetime
    plan: PatrolPlan
    took_part: list[str]
    stations_visited: list[str]
    reports: list[ReportOut]
    findings: list[FindingOut] | None = None

    @classmethod
    def of(cls, v: PlanView, found: list[FindingView] | None = None) -> PlanOut:
        """From a view."""
        return cls(
            id=v.record.id,
            lead=v.record.submitter,
            audience=v.record.audience,
            submitted_at=v.record.submitted_at,
            status=v.status,
            report_due=v.due,
            plan=v.plan,
            took_part=list(v.took_part),
            stations_visited=list(v.stations),
            reports=[
                ReportOut(
                    id=row.id, submitter=row.submitter, submitted_at=row.submitted_at, report=p
                )
                for row, p in v.reports
            ],
            findings=None if found is None else [FindingOut.of(f) for f in found],
        )


class CaseOut(BaseModel):
    """A law-enforcement case, who shared it and when, and whether in time."""

    id: int
    shared_by: str
    shared_at: datetime
    share_due: datetime
    late: bool
    audience: str
    case: LawEnforcementCase
    findings: list[FindingOut] | None = None

    @classmethod
    def of(cls, v: CaseView, found: list[FindingView] | None = None) -> CaseOut:
        """From a view."""
        return cls(
            id=v.record.id,
            shared_by=v.record.submitter,
            shared_at=v.record.submitted_at,
            share_due=v.due,
            late=v.late,
            audience=v.record.audience,
            case=v.case,
            findings=None if found is None else [FindingOut.of(f) for f in found],
        )


class YearOut(BaseModel):
    """One year's patrols and cases."""

    year: int
    patrols: int
    reported: int
    cases: int
    CAT1: int
    CAT2: int
    CAT3: int
    CAT4: int
    drugs_kg: float
    tablets: float
    persons_detained: int


class MemberYearOut(BaseModel):
    """A member's patrols in the year asked for, against the yearly minimum."""

    member: str
    patrols: int
    minimum: int


class StatisticsOut(BaseModel):
    """Patrols and cases by year and category; each member's patrols in one year."""

    years: list[YearOut]
    year: int
    participation: list[MemberYearOut]

    @classmethod
    def of(cls, s: Statistics) -> StatisticsOut:
        """From the statistics."""
        return cls(
            years=[YearOut.model_validate(y.as_row()) for y in s.years],
            year=s.year,
            participation=[
                MemberYearOut(member=m, patrols=n, minimum=s.minimum) for m, n in s.participation
            ],
        )

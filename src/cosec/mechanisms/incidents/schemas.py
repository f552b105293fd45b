"""The incident mechanism's API models (beside the core's)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from cosec.mechanisms.incidents.records import IncidentReport
from cosec.mechanisms.incidents.service import IncidentSummary, IncidentView
from cosec.mechanisms.incidents.severity import Rated
from cosec.plugin.api import FindingOut
from cosec.plugin.store import FindingView


class SeverityOut(BaseModel):
    """A level, L1 (worst) to L4, and the reasons that set it."""

    level: str
    reasons: list[str]

    @classmethod
    def of(cls, rated: Rated) -> SeverityOut:
        """From a rating."""
        return cls(level=rated.level, reasons=list(rated.reasons))


class TrackedOut(BaseModel):
    """An encounter in the tracks that is this incident."""

    observation_id: int
    analysis_id: int
    vessels: list[str]
    members: list[str]
    cpa_distance_m: float
    cpa_time: datetime
    lat: float
    lon: float


class IncidentLine(BaseModel):
    """An incident in a list."""

    id: int
    title: str
    reporter: str
    other_member: str
    domain: str
    occurred_at: datetime
    reported_at: datetime
    severity: SeverityOut
    joint: bool
    replied: bool

    @classmethod
    def of(cls, s: IncidentSummary) -> IncidentLine:
        """From a summary."""
        return cls(
            id=s.record.id,
            title=s.report.title,
            reporter=s.record.submitter,
            other_member=s.report.other_member,
            domain=s.report.domain,
            occurred_at=s.report.occurred_at,
            reported_at=s.record.submitted_at,
            severity=SeverityOut.of(s.rated),
            joint=s.joint,
            replied=s.replied,
        )


class IncidentOut(BaseModel):
    """A report with the other member's replies, joint assessments, severity and tracks."""

    id: int
    submitter: str
    audience: str
    submitted_at: datetime
    charter: str
    report: IncidentReport
    severity: SeverityOut
    """By the joint assessment when both parties signed one, else by the report."""
    declared_severity: SeverityOut
    replies: list[int]
    assessments: list[int]
    joint_assessment: int | None
    tracked: list[TrackedOut]
    report_due: datetime | None
    reply_due: datetime | None
    findings: list[FindingOut] = Field(default_factory=list)

    @classmethod
    def of(cls, v: IncidentView, findings: list[FindingView] | None = None) -> IncidentOut:
        """From a view."""
        joint = v.joint
        return cls(
            id=v.record.id,
            submitter=v.record.submitter,
            audience=v.record.audience,
            submitted_at=v.record.submitted_at,
            charter=f"{v.record.charter_id} {v.record.charter_version}",
            report=v.report,
            severity=SeverityOut.of(v.rated),
            declared_severity=SeverityOut.of(v.declared),
            replies=[row.id for row, _, _ in v.replies],
            assessments=[p.row.id for p in v.proposals],
            joint_assessment=joint.row.id if joint is not None else None,
            tracked=[
                TrackedOut(
                    observation_id=t.tracked.observation_id,
                    analysis_id=t.tracked.analysis_id,
                    vessels=list(t.tracked.vessels),
                    members=list(t.tracked.members),
                    cpa_distance_m=round(t.tracked.cpa_m, 1),
                    cpa_time=t.tracked.cpa_time,
                    lat=t.tracked.lat,
                    lon=t.tracked.lon,
                )
                for t in v.tracks
            ],
            report_due=v.report_due,
            reply_due=v.reply_due,
            findings=[FindingOut.of(f) for f in findings or []],
        )


class ActsOut(BaseModel):
    """The code as a charter sets it: prohibited acts, distances, deadlines."""

    charter: str
    acts: list[str]
    conduct_acts: list[str]
    unsafe_distance_m: dict[str, float]
    dangerous_distance_m: dict[str, float]
    report_within_hours: int
    reply_within_days: int

"""Shapes of API requests and responses (the OpenAPI document is built from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from cosec.compliance.scorecards import Scorecard
from cosec.compliance.service import FindingView
from cosec.records import Audience
from cosec.store.tables import RecordRow

PayloadT = TypeVar("PayloadT")


class Submission(BaseModel, Generic[PayloadT]):
    """A record to submit: its payload, and optionally who may read it."""

    model_config = ConfigDict(extra="forbid")

    payload: PayloadT
    audience: Audience | None = Field(
        default=None, description="Default: the regime's default audience."
    )
    parties: list[str] = Field(default_factory=list, description="Members it is addressed to.")


class AnySubmission(BaseModel):
    """A record of any kind (``POST /v1/records``)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(examples=["notification.prior"])
    payload: dict[str, Any]
    audience: Audience | None = None
    parties: list[str] = Field(default_factory=list)


class RecordOut(BaseModel):
    """A stored record."""

    id: int
    kind: str
    schema_version: int
    submitter: str
    audience: str
    charter: str
    submitted_at: datetime
    refers_to: int | None
    payload: dict[str, Any]
    payload_sha256: str
    log_index: int | None = Field(
        default=None, description="Its entry in the log: GET /v1/log/receipts/{log_index}."
    )

    @classmethod
    def of(cls, row: RecordRow) -> RecordOut:
        """From a stored row."""
        return cls(
            id=row.id,
            kind=row.kind,
            schema_version=row.schema_version,
            submitter=row.submitter,
            audience=row.audience,
            charter=f"{row.charter_id} {row.charter_version}",
            submitted_at=row.submitted_at,
            refers_to=row.refers_to,
            payload=row.payload,
            payload_sha256=row.payload_sha256,
            log_index=row.log_index,
        )


class FindingOut(BaseModel):
    """A finding."""

    id: int
    obligation: str
    flag: str
    severity: str
    state: str
    members: list[str]
    summary: str
    evidence: list[int]
    observations: list[int] = Field(
        default_factory=list,
        description="Ids of the track observations it cites: GET /v1/analyses/{id}/observations.",
    )
    subjects: list[str]
    details: dict[str, Any]
    charter: str
    audience: str
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None
    answer_record_id: int | None

    @classmethod
    def of(cls, v: FindingView) -> FindingOut:
        """From a finding view."""
        f = v.row
        return cls(
            id=f.id,
            obligation=f.obligation,
            flag=f.flag,
            severity=f.severity,
            state=f.state,
            members=list(v.members),
            summary=f.summary,
            evidence=f.evidence,
            observations=list(f.observations or ()),
            subjects=f.subjects,
            details=f.details,
            charter=f"{f.charter_id} {f.charter_version}",
            audience=f.audience,
            first_seen=f.first_seen,
            last_seen=f.last_seen,
            resolved_at=f.resolved_at,
            answer_record_id=f.answer_record_id,
        )


class ObligationOut(BaseModel):
    """A member's standing on one obligation."""

    obligation: str
    title: str
    status: str = Field(
        description="kept, watch, breached, or unpublished: the public has no published data"
    )
    open: int
    answered: int
    resolved: int
    as_of: datetime | None = Field(
        default=None, description="When the figures were published (null: as they stand now)."
    )


class ScorecardOut(BaseModel):
    """A member's scorecard."""

    member: str
    name: str
    kept: int
    unpublished: int = Field(description="Obligations without published data (the public).")
    obligations: list[ObligationOut]
    open_by_severity: dict[str, int]
    records: dict[str, int]

    @classmethod
    def of(cls, card: Scorecard) -> ScorecardOut:
        """From a scorecard."""
        return cls(
            member=card.member,
            name=card.name,
            kept=card.kept,
            unpublished=card.unpublished,
            obligations=[
                ObligationOut(
                    obligation=o.obligation,
                    title=o.title,
                    status=o.status,
                    open=o.open,
                    answered=o.answered,
                    resolved=o.resolved,
                    as_of=o.as_of,
                )
                for o in card.obligations
            ],
            open_by_severity=card.open_by_severity,
            records=card.records,
        )


class AnswerIn(BaseModel):
    """A member's answer to a finding."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=20_000)


class EvaluationOut(BaseModel):
    """What an evaluation changed."""

    mechanisms: list[str]
    opened: int
    updated: int
    resolved: int
    reopened: int


class ErrorDetail(BaseModel):
    """One problem: the field and the rule it broke."""

    loc: str
    rule: str


class ErrorOut(BaseModel):
    """Every error response."""

    error: str
    message: str
    errors: list[ErrorDetail] = Field(default_factory=list)

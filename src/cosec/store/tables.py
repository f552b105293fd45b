"""The tables of cosec's store. Records are append-only; findings are re-derived."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime

JSONType = JSON().with_variant(JSONB(), "postgresql")


class MemberRow(Base):
    """A member state under the deployment's charter (mirrors the charter)."""

    __tablename__ = "members"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    groups: Mapped[list[str]] = mapped_column(JSONType, default=list)


class PrincipalRow(Base):
    """Someone who acts: a member's point of contact, the secretariat, an observer."""

    __tablename__ = "principals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    member: Mapped[str | None] = mapped_column(String(3), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiKeyRow(Base):
    """An API key: only a SHA-256 of its secret part is kept; shown once at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CharterVersionRow(Base):
    """A charter version adopted by the deployment; records are judged under theirs."""

    __tablename__ = "charter_versions"
    __table_args__ = (UniqueConstraint("charter_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    charter_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[date] = mapped_column(Date)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)


class RecordRow(Base):
    """A signed fact: never updated, only followed by newer records."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_mechanism_kind", "mechanism", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    mechanism: Mapped[str] = mapped_column(String(64))
    submitter: Mapped[str] = mapped_column(String(3), index=True)
    principal_id: Mapped[int | None] = mapped_column(ForeignKey("principals.id"), nullable=True)
    audience: Mapped[str] = mapped_column(String(16))
    charter_id: Mapped[str] = mapped_column(String(64))
    charter_version: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    refers_to: Mapped[int | None] = mapped_column(
        ForeignKey("records.id"), nullable=True, index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    log_index: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    """The record's entry in the log (set in the same transaction)."""


class RecordPartyRow(Base):
    """Members a record is addressed to; they may always read it (its submitter too)."""

    __tablename__ = "record_parties"

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)
    member: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class FindingRow(Base):
    """A finding: what rule, who, how severe, what evidence, one sentence, its state."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    obligation: Mapped[str] = mapped_column(String(64), index=True)
    flag: Mapped[str] = mapped_column(String(64))
    mechanism: Mapped[str] = mapped_column(String(64), index=True)
    charter_id: Mapped[str] = mapped_column(String(64))
    charter_version: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    summary: Mapped[str] = mapped_column(Text)
    subjects: Mapped[list[str]] = mapped_column(JSONType)
    evidence: Mapped[list[int]] = mapped_column(JSONType)
    """Ids of the records it rests on."""
    observations: Mapped[list[int] | None] = mapped_column(JSONType, nullable=True)
    """Ids of the track observations it rests on."""
    details: Mapped[dict[str, Any]] = mapped_column(JSONType)
    audience: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer_record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), nullable=True)


class FindingMemberRow(Base):
    """Members a finding concerns."""

    __tablename__ = "finding_members"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    member: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class FindingPartyRow(Base):
    """Members who may read a finding beyond its audience (those it concerns, the parties)."""

    __tablename__ = "finding_parties"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    member: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class FindingSubjectRow(Base):
    """The subjects a finding judges (``N12``, ``calendar:CHN:2027``), indexed, so that an
    evaluation finds the findings a change touches without reading them all."""

    __tablename__ = "finding_subjects"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class FindingRecordRow(Base):
    """The records a finding rests on (its ``evidence``), indexed by record, so that a
    record's page finds its findings without reading them all."""

    __tablename__ = "finding_records"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class EvaluationRow(Base):
    """How far a mechanism's findings take in the log and the clock."""

    __tablename__ = "evaluations"

    mechanism: Mapped[str] = mapped_column(String(64), primary_key=True)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_record_id: Mapped[int] = mapped_column(Integer)


class WebSessionRow(Base):
    """A browser signed in with an API key: its cookie holds a random id, the store only the
    id's SHA-256, the key it signed in with (revoking the key ends the session) and the
    token its forms must send back (CSRF)."""

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), index=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

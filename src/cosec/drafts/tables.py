"""Drafts (records prepared, not yet signed: never in the log) and who drafted and who
approved each signed record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime
from cosec.store.tables import JSONType


class DraftRow(Base):
    """A record a drafter prepared, for an approver of the same member to sign.

    Visible to its member's users only (the secretariat's drafts to the secretariat's).
    A draft is updated while open; once signed or discarded it is kept, closed.
    """

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member: Mapped[str] = mapped_column(String(3), index=True)
    """The code it will be signed as (a member, or ``SEC``)."""
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    form_path: Mapped[str] = mapped_column(String(200))
    """The form that made it (where "Edit" goes back to)."""
    form: Mapped[dict[str, Any]] = mapped_column(JSONType)
    """The form's values as typed."""
    state: Mapped[str] = mapped_column(String(16), index=True)
    """``open``, ``signed`` or ``discarded``."""
    drafted_by: Mapped[int] = mapped_column(ForeignKey("principals.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("principals.id"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), nullable=True)
    """The record it became, once signed."""


class RecordPersonRow(Base):
    """Who drafted and who approved (and signed) a record signed in the web."""

    __tablename__ = "record_people"

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)
    drafted_by: Mapped[int] = mapped_column(ForeignKey("principals.id"), index=True)
    approved_by: Mapped[int] = mapped_column(ForeignKey("principals.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), nullable=True)

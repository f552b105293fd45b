"""Observations: the events an analysis found, one row each, cited as evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime
from cosec.store.tables import JSONType


class ObservationRow(Base):
    """One detected event (an encounter, a rendezvous, a gap...) of one analysis."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    subject_a: Mapped[str] = mapped_column(String(32), index=True)
    subject_b: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)

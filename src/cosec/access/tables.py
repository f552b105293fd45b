"""The people among the principals: a named user's duty and second factor.

A principal with a row here is a person (a member's drafter, approver or reader, or one
of the secretariat's); a principal without one is a machine or a point of contact of
earlier versions, whose API key signs directly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime


class PersonRow(Base):
    """A person's duty, and their TOTP secret (sealed with the server's key) once enrolled."""

    __tablename__ = "people"

    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), primary_key=True)
    duty: Mapped[str] = mapped_column(String(16))
    totp_secret: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The TOTP secret, sealed (AES-GCM under the server's key); never stored in clear."""
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    totp_confirmed: Mapped[bool] = mapped_column(default=False)
    """Whether a code was entered since enrolment (sign-in asks for codes only then)."""
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The last time step a code was accepted for: a code is never accepted twice."""

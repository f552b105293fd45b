"""The alerter's tables: who wants which e-mail alerts, and which were sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime


class AlertSettingsRow(Base):
    """A user's e-mail address and the alerts they asked for."""

    __tablename__ = "alert_settings"

    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    findings: Mapped[bool] = mapped_column(Boolean, default=True)
    """New findings about the user's state (every new finding for the secretariat)."""
    deadlines: Mapped[bool] = mapped_column(Boolean, default=True)
    """Deadlines within the alert window (48 hours)."""
    flash: Mapped[bool] = mapped_column(Boolean, default=True)
    """Actions a mechanism flags for alerting at once (FLASH hotline messages)."""
    since: Mapped[datetime] = mapped_column(UTCDateTime())
    """When the user last turned an alert on: nothing older is alerted."""
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    """The language of the user's e-mails (one of :data:`cosec.i18n.LANGUAGES`)."""


class SentAlertRow(Base):
    """One alert to one user about one inbox item for one reason: claimed, then sent.

    A sender claims the row before it sends (so two server processes never both send it)
    and marks it sent after; a claim with no ``sent_at`` older than the claim's lease is
    taken again (the sender died mid-send): alerts are sent at least once, never lost.
    """

    __tablename__ = "alerts_sent"

    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(200), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)

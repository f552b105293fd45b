"""The inbox's table: each user's Atom feed token (only its SHA-256 is kept)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime


class FeedTokenRow(Base):
    """A user's feed token: it reads the user's feed (``/users/NAME/feed.atom?token=``),
    since feed readers cannot send headers. One per user; a new one replaces it."""

    __tablename__ = "feed_tokens"

    principal_id: Mapped[int] = mapped_column(ForeignKey("principals.id"), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

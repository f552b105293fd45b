"""What a charter sets for the crisis hotline: acknowledgement deadlines by precedence,
when the chain of contacts must be on file, and when acknowledgement is slow."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import Field

from cosec.kit import CharterModel, RegimeBase

Minutes = Annotated[int, Field(gt=0, le=525_600, strict=True)]


class AckMinutes(CharterModel):
    """The acknowledgement deadline of each precedence, in minutes."""

    FLASH: Minutes = 5
    IMMEDIATE: Minutes = 30
    PRIORITY: Minutes = 240
    ROUTINE: Minutes = 1_440

    def window(self, precedence: str) -> timedelta:
        """The deadline of ``precedence`` as a duration."""
        return timedelta(minutes=int(getattr(self, precedence)))


class HotlineRegime(RegimeBase):
    """The parameters of the crisis hotline under one charter."""

    ack_minutes: AckMinutes = AckMinutes()
    """Each escalation step gives the next contact the same time again."""
    contacts_within_days: Annotated[int, Field(gt=0, le=366, strict=True)] = 30
    """A member keeps its chain of contacts on file from this many days after the charter
    takes effect."""
    slow_ack_fraction: Annotated[float, Field(gt=0, le=1, strict=True)] = 0.5
    """A member whose median acknowledgement time in a year is more than this share of the
    deadline is slow to acknowledge..."""
    slow_ack_min_messages: Annotated[int, Field(ge=1, le=1_000, strict=True)] = 3
    """...once it has acknowledged at least this many messages that year."""

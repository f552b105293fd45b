"""What every record shares: audiences, the base model and bounded field types.

A record in the log can never be removed, so a value that breaks a page or an evaluation
would break it for good. Every field a member fills in is therefore bounded here, at the
edge: dates and times within :data:`EARLIEST` .. :data:`LATEST` (so date arithmetic such as
"42 days before the start" can never overflow), ids within what both stores hold (a 32-bit
signed integer), texts and lists within lengths no real record reaches. Record models
use these types instead of bare ``date``, ``str`` or ``int``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MemberCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166-1 alpha-3 code, upper case."""

SECRETARIAT = "SEC"
"""The submitter code the secretariat signs with (it is not a state)."""

EARLIEST = date(1990, 1, 1)
"""The earliest day a record may name (before any regime cosec models)."""
LATEST = date(2200, 12, 31)
"""The latest day a record may name (leaves room for any lead time or deadline)."""
MAX_ID = 2**31 - 1
"""The largest id both stores hold (ids are SQL ``INTEGER``: 32-bit on PostgreSQL)."""


def _bounded_day(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return value


RecordDate = Annotated[date, AfterValidator(_bounded_day)]
"""A day between 1990-01-01 and 2200-12-31."""


def _bounded_instant(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset")
    day = value.astimezone(UTC).date()
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return value


RecordDateTime = Annotated[datetime, AfterValidator(_bounded_instant)]
"""An instant with a UTC offset, between 1990-01-01 and 2200-12-31."""

RecordId = Annotated[int, Field(gt=0, le=MAX_ID)]
"""The id of a stored record (or finding)."""

Name = Annotated[str, Field(max_length=200)]
"""A short name: a designation, a hull number, a place."""
RequiredName = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=4_000)]
"""A paragraph: a purpose, a description."""
RequiredText = Annotated[str, Field(min_length=1, max_length=4_000)]
LongText = Annotated[str, Field(max_length=20_000)]
"""A narrative, an explanation, an answer."""
RequiredLongText = Annotated[str, Field(min_length=1, max_length=20_000)]

MAX_ITEMS = 1_000
"""The most items any list of a record may hold (entries, phases, states...)."""

Count = Annotated[int, Field(ge=0, le=10_000_000)]
"""A count of people or things: never negative, never absurd."""
NonNegativeInt = Count
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class Audience(StrEnum):
    """Who may read a record, from widest to narrowest."""

    PUBLIC = "public"
    REGIME = "regime"
    PARTIES = "parties"
    SECRETARIAT = "secretariat"


class RecordModel(BaseModel):
    """Base of every record payload: strict, immutable (records are never edited)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

"""What every record shares: audiences, the base model and common field types."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

MemberCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166-1 alpha-3 code, upper case."""

SECRETARIAT = "SEC"
"""The submitter code the secretariat signs with (it is not a state)."""


class Audience(StrEnum):
    """Who may read a record, from widest to narrowest."""

    PUBLIC = "public"
    REGIME = "regime"
    PARTIES = "parties"
    SECRETARIAT = "secretariat"


class RecordModel(BaseModel):
    """Base of every record payload: strict, immutable (records are never edited)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


NonNegativeInt = Annotated[int, Field(ge=0)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]

"""What a charter sets for the annual information exchange: deadlines and the index's weights."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Annotated

from pydantic import Field, field_validator

from cosec.kit import CharterModel, RegimeBase

MonthDay = Annotated[str, Field(pattern=r"^[0-9]{2}-[0-9]{2}$")]
Weight = Annotated[float, Field(ge=0, le=100, strict=True)]


def _real_day(due: str | None) -> str | None:
    if due is None:
        return due
    m = re.fullmatch(r"([0-9]{2})-([0-9]{2})", due)
    try:
        if m is None:
            raise ValueError(due)
        date(2001, int(m[1]), int(m[2]))  # 2001: not a leap year
    except ValueError:
        raise ValueError("must be MM-DD, a day every year has (not 02-29)") from None
    return due


class IndexWeights(CharterModel):
    """How the transparency index weighs its three parts (equal by default) [design]."""

    on_time: Weight = 1.0
    complete: Weight = 1.0
    agreement: Weight = 1.0


class ArmsRegime(RegimeBase):
    """The parameters of the annual exchange under one charter."""

    returns_due: MonthDay = "05-31"
    """Month and day of the next year by which a year's return of transfers is due."""
    expenditure_due: MonthDay | None = "04-30"
    """Month and day of the next year by which a year's expenditure report is due; none:
    expenditure is not exchanged."""
    index_weights: IndexWeights = IndexWeights()

    _days = field_validator("returns_due", "expenditure_due")(_real_day)

    def due(self, year: int, what: str = "return") -> datetime | None:
        """The end of the day (UTC) by which ``year``'s return (or expenditure) is due."""
        text = self.returns_due if what == "return" else self.expenditure_due
        if text is None:
            return None
        month, day = (int(x) for x in text.split("-"))
        return datetime.combine(date(year + 1, month, day), time.max, tzinfo=UTC)

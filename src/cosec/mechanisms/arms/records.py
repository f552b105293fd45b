"""Record kinds of the annual information exchange (domain §5).

``arms.return``: a member's transfers of conventional arms in one calendar year, by UN
Register category I-VII plus small arms and light weapons, each line naming the other
state, the number of items and what they were; or a nil return. ``arms.expenditure``: its
military expenditure for a year, on the UN's simplified form (land, naval, air, other) or
the standardised one (force groups by resource costs). A member corrects a return by
sending another for the same year: the latest counts, the first says when it came.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from cosec.kit import MAX_ITEMS, MemberCode, Name, RecordModel, Text

CATEGORIES = ("I", "II", "III", "IV", "V", "VI", "VII", "SALW")
"""UN Register categories, then small arms and light weapons."""

CATEGORY_NAMES = {
    "I": "battle tanks",
    "II": "armoured combat vehicles",
    "III": "large-calibre artillery systems",
    "IV": "combat aircraft",
    "V": "attack helicopters",
    "VI": "warships",
    "VII": "missiles and missile launchers",
    "SALW": "small arms and light weapons",
}

Category = Literal["I", "II", "III", "IV", "V", "VI", "VII", "SALW"]
Units = Annotated[int, Field(ge=1, le=10_000_000)]
"""Items transferred on one line: at least one (a line of none is left out)."""

SIMPLIFIED_FORCES = ("land", "naval", "air", "other")
STANDARDISED_FORCES = (
    "strategic",
    "land",
    "naval",
    "air",
    "other",
    "central_support",
    "peacekeeping",
    "paramilitary",
)
RESOURCE_COSTS = ("personnel", "operations_maintenance", "procurement_construction", "research")
Amount = Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1990, le=2200)]


class TransferLine(RecordModel):
    """One line of a return: items of a category sent to, or received from, one state."""

    category: Category
    counterpart: MemberCode
    """The importing state on an export line, the exporting state on an import line."""
    units: Units
    description: Text = ""
    """What the items were (``Type 99A``, ``F-16 Block 70``) and remarks."""


Lines = Annotated[tuple[TransferLine, ...], Field(max_length=MAX_ITEMS)]


class ArmsReturn(RecordModel):
    """``arms.return``: a member's exports and imports in one calendar year, or nil."""

    year: Year
    nil: bool = False
    """No transfer in any category that year (a nil return counts as filed)."""
    exports: Lines = ()
    imports: Annotated[
        tuple[TransferLine, ...], Field(max_length=MAX_ITEMS, validate_default=True)
    ] = ()
    remarks: Text = ""

    @field_validator("imports")
    @classmethod
    def _nil_or_lines(
        cls, imports: tuple[TransferLine, ...], info: ValidationInfo
    ) -> tuple[TransferLine, ...]:
        nil, exports = info.data.get("nil"), info.data.get("exports")
        if exports is None:
            return imports  # exports failed on their own
        if nil and (imports or exports):
            raise ValueError("must be empty in a nil return (and so must exports)")
        if nil is False and not imports and not exports:
            raise ValueError("list the year's exports or imports, or send a nil return")
        return imports


class ExpenditureLine(RecordModel):
    """One cell of an expenditure form: a force group's spending on one resource cost
    (``cost`` empty on the simplified form: the force's total)."""

    force: Literal[
        "strategic",
        "land",
        "naval",
        "air",
        "other",
        "central_support",
        "peacekeeping",
        "paramilitary",
    ]
    cost: Literal[
        "", "personnel", "operations_maintenance", "procurement_construction", "research"
    ] = ""
    amount: Amount


class Expenditure(RecordModel):
    """``arms.expenditure``: military expenditure in one year, on one of the two forms."""

    year: Year
    form: Literal["simplified", "standardised"]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    """ISO 4217, in the member's own currency."""
    lines: Annotated[tuple[ExpenditureLine, ...], Field(min_length=1, max_length=200)]
    remarks: Name = ""

    @field_validator("lines")
    @classmethod
    def _fit_form(
        cls, lines: tuple[ExpenditureLine, ...], info: ValidationInfo
    ) -> tuple[ExpenditureLine, ...]:
        form = info.data.get("form")
        seen: set[tuple[str, str]] = set()
        for i, line in enumerate(lines):
            if form == "simplified" and (line.cost or line.force not in SIMPLIFIED_FORCES):
                raise ValueError(
                    f"[{i}]: the simplified form has land, naval, air and other, with no cost"
                )
            if form == "standardised" and not line.cost:
                raise ValueError(f"[{i}].cost: the standardised form names a resource cost")
            if (line.force, line.cost) in seen:
                raise ValueError(f"[{i}]: {line.force} {line.cost} is given twice".strip())
            seen.add((line.force, line.cost))
        return lines

    @property
    def total(self) -> float:
        """The year's total."""
        return sum(line.amount for line in self.lines)

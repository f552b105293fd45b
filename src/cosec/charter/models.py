"""Typed charter models. A charter is the mechanism as data; editing it changes the rules.

Every model forbids unknown keys, so a misspelt key in a charter file is an error, not a
silently ignored setting. Mechanisms subclass :class:`RegimeBase` with the parameters
their obligations read.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

MEMBER_CODE = re.compile(r"^[A-Z]{3}$")
MAX_WITNESSES = 99
"""Most witness cosignatures a charter may require: a note holds 100 signatures, one the log's."""
MAX_CLOCK_SKEW_SECONDS = 86_400
"""Widest clock skew a charter may allow (a day); more would make the time check meaningless."""

MemberCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166-1 alpha-3 code, upper case."""


class CharterModel(BaseModel):
    """Base of every charter model: strict about unknown keys, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(CharterModel):
    """A member state of the mechanism."""

    code: MemberCode
    name: Annotated[str, Field(min_length=1)]
    groups: tuple[str, ...] = ()
    """Groupings the member belongs to inside the charter, such as ``ASEAN``."""


class Body(CharterModel):
    """An organ of the mechanism: summit, ministerial council, secretariat, working group."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: Annotated[str, Field(min_length=1)]
    kind: Literal["summit", "council", "secretariat", "working_group", "hotline", "committee"]
    members: Literal["all"] | tuple[MemberCode, ...] = "all"
    decision_rule: Literal["consensus", "unanimity", "two_thirds", "simple_majority", "none"] = (
        "consensus"
    )
    chair: str | None = None
    """``rotating`` or a member code (of the charter, which the loader checks)."""
    mandate: str = ""

    @field_validator("chair")
    @classmethod
    def _chair_is_rotating_or_a_code(cls, chair: str | None) -> str | None:
        if chair is not None and chair != "rotating" and not MEMBER_CODE.fullmatch(chair):
            raise ValueError("must be 'rotating' or a member code")
        return chair


class Forum(CharterModel):
    """An existing forum whose membership the registry knows (ARF, APT, APEC, ...)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: str
    founded: str = ""
    participants: StrictInt | None = Field(default=None, gt=0)
    members: tuple[MemberCode, ...] = ()
    note: str = ""


class RegimeBase(CharterModel):
    """A set of members plus the obligations they accepted under one mechanism."""

    members: Literal["all"] | tuple[MemberCode, ...] = "all"
    obligations: tuple[str, ...] | None = None
    """Obligation ids in force; ``None`` means every obligation of the mechanism."""
    default_audience: Literal["public", "regime", "parties", "secretariat"] = "regime"
    binding: StrictBool = True
    note: str = ""


class LogPolicy(CharterModel):
    """What the charter says of the log: clock skew, and when a checkpoint is final."""

    witnesses_required: Annotated[StrictInt, Field(ge=0, le=MAX_WITNESSES)] = 0
    """Witness cosignatures that make a checkpoint final."""
    max_clock_skew_seconds: Annotated[StrictInt, Field(gt=0, le=MAX_CLOCK_SKEW_SECONDS)] = 300
    """How far a signed envelope's time may differ from the log's clock."""


class Charter(CharterModel):
    """A whole charter: id, version, members, bodies and, per mechanism, its regime."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    effective_from: date
    description: str = ""
    any_state: StrictBool = False
    """True when any ISO code is a member (the ``vienna-2011`` reference regime)."""
    members: tuple[Member, ...] = ()
    bodies: tuple[Body, ...] = ()
    forums: tuple[Forum, ...] = ()
    log: LogPolicy = LogPolicy()
    regimes: dict[str, Any] = Field(default_factory=dict)
    """Mechanism name → that mechanism's regime model (validated by the loader)."""

    @field_validator("members")
    @classmethod
    def _unique_members(cls, members: tuple[Member, ...]) -> tuple[Member, ...]:
        seen: set[str] = set()
        for i, m in enumerate(members):
            if m.code in seen:
                raise ValueError(f"members[{i}]: duplicate member code {m.code}")
            seen.add(m.code)
        return members

    @model_validator(mode="after")
    def _references_are_members(self) -> Charter:
        if self.any_state:
            return self
        codes = {m.code for m in self.members}
        if not codes:
            raise ValueError("a charter needs members unless any_state is true")
        for b in self.bodies:
            if b.members != "all":
                unknown = sorted(set(b.members) - codes)
                if unknown:
                    raise ValueError(f"body {b.id}: members not in the charter: {unknown}")
        return self

    @cached_property
    def member_codes(self) -> tuple[str, ...]:
        """Codes of the members, in charter order."""
        return tuple(m.code for m in self.members)

    def member_name(self, code: str) -> str:
        """The member's name, or the code itself when the charter does not list it."""
        for m in self.members:
            if m.code == code:
                return m.name
        return code

    def is_member(self, code: str) -> bool:
        """Whether ``code`` may act as a member under this charter."""
        if self.any_state:
            return bool(MEMBER_CODE.fullmatch(code))
        return code in self.member_codes

    def regime(self, mechanism: str) -> RegimeBase | None:
        """The regime of ``mechanism`` in this charter, if the charter has one."""
        regime = self.regimes.get(mechanism)
        return regime if isinstance(regime, RegimeBase) else None

    def regime_members(self, mechanism: str) -> tuple[str, ...] | None:
        """Members of a mechanism's regime; ``None`` means any state (``any_state``)."""
        regime = self.regime(mechanism)
        if regime is None:
            return ()
        if regime.members == "all":
            return None if self.any_state else self.member_codes
        return regime.members

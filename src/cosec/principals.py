"""Who acts in cosec, and as whom they submit."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cosec.records import SECRETARIAT


class Duty(StrEnum):
    """What a person (a named user of a member, or of the secretariat) does in the web.

    - ``drafter``: prepares drafts; cannot sign.
    - ``approver``: reviews and signs; under the two-person rule, only what another person
      of the same member drafted.
    - ``reader``: reads what the member may read; prepares and signs nothing.

    A principal without a duty is a machine (or a point of contact of earlier versions):
    its API key signs directly.
    """

    DRAFTER = "drafter"
    APPROVER = "approver"
    READER = "reader"


class Role(StrEnum):
    """What a principal may do.

    - ``member``: a member state's point of contact; submits as that member and reads what
      its member may read.
    - ``secretariat``: reads everything, submits the secretariat's records, runs evaluations.
    - ``observer``: reads public records and those addressed to a whole regime; submits nothing.
    - ``public``: anyone without a key; reads public records only.
    """

    MEMBER = "member"
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"
    PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated actor (or the anonymous public)."""

    id: int | None
    name: str
    role: Role
    member: str | None = None
    duty: Duty | None = None
    """A person's duty; ``None`` for a machine's key."""

    @property
    def submitter(self) -> str | None:
        """The code it signs records as: its member, ``SEC`` for the secretariat, else none."""
        if self.role is Role.MEMBER:
            return self.member
        if self.role is Role.SECRETARIAT:
            return SECRETARIAT
        return None

    @property
    def is_person(self) -> bool:
        """A named user with a duty (not a machine's key)."""
        return self.duty is not None

    @property
    def label(self) -> str:
        """``CHN (Liu Wei)``-style label for pages and logs."""
        if self.role is Role.MEMBER:
            return f"{self.member} ({self.name})"
        return f"{self.role.value} ({self.name})" if self.id else "public"


PUBLIC = Principal(id=None, name="public", role=Role.PUBLIC)

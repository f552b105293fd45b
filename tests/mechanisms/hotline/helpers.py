"""Records for the hotline's pure tests, without a store."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cosec.charters import load_profile
from cosec.mechanisms.hotline.chain import Fold
from cosec.mechanisms.hotline.regime import HotlineRegime

REGIME = load_profile("eas-2026").regime("hotline")
assert isinstance(REGIME, HotlineRegime)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_ids = itertools.count(1)


@dataclass(frozen=True)
class Rec:
    """A stored record, as the kit's ``StoredRecord`` protocol reads it."""

    kind: str
    submitter: str
    submitted_at: datetime
    payload: dict[str, Any]
    refers_to: int | None = None
    id: int = field(default_factory=lambda: next(_ids))
    audience: str = "parties"
    charter_version: str = "2026.1"

    @property
    def mechanism(self) -> str:
        return "hotline"


def message(
    at: datetime, sender: str = "CHN", to: str = "KOR", precedence: str = "FLASH", **kw: Any
) -> Rec:
    body = {"to": to, "precedence": precedence, "subject": "s", "text": "t"} | kw
    return Rec("hotline.message", sender, at, body)


def ack(msg: Rec, at: datetime, by: str | None = None) -> Rec:
    return Rec("hotline.ack", by or msg.payload["to"], at, {"message_id": msg.id}, refers_to=msg.id)


def contacts(member: str, at: datetime, *names: str) -> Rec:
    chain = [
        {"role": "duty_officer" if i == 0 else "ministry", "name": n} for i, n in enumerate(names)
    ]
    return Rec("hotline.contacts", member, at, {"contacts": chain}, audience="regime")


def fold(*records: Rec) -> Fold:
    f = Fold(lambda version: REGIME)
    for r in records:
        f.apply(r)
    return f

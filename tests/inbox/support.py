"""Helpers of the inbox and alert tests: submit as a member, read an inbox."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cosec.inbox import service as inbox_service
from cosec.inbox.service import Inbox
from cosec.pipeline.submit import submit
from cosec.principals import Principal
from cosec.store.tables import RecordRow
from tests.conftest import World


def send(world: World, who: Principal, kind: str, payload: dict[str, Any]) -> int:
    """Submit a record as ``who`` now (evaluated); its id."""
    with world.session() as s:
        row: RecordRow = submit(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=who,
            kind=kind,
            payload=payload,
            clock=world.clock,
        )
        return row.id


def inbox_of(world: World, who: Principal, **filters: Any) -> Inbox:
    """``who``'s inbox now."""
    with world.session(write=False) as s:
        return inbox_service.inbox(
            s, deployment=world.deployment(), principal=who, now=world.clock.now(), **filters
        )


def keys(box: Inbox) -> list[str]:
    """The items' keys, in the inbox's order."""
    return [i.key for i in box.items]


def activity(
    world: World, days: int, troops: int = 12_000, name: str = "Strait Thunder", state: str = "CHN"
) -> dict[str, Any]:
    """An activity starting ``days`` from the clock's day, four days long."""
    start: date = world.clock.now().date() + timedelta(days=days)
    return {
        "designation": name,
        "states": [state],
        "start": start.isoformat(),
        "end": (start + timedelta(days=3)).isoformat(),
        "figures": {"troops": troops},
    }

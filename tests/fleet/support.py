"""Helpers of the registry's tests: declare units as a member or the secretariat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.access.principals import Principal, Role
from cosec.fleet import service as fleet
from cosec.store.tables import RecordRow
from cosec.submissions import Item
from tests.conftest import World

SEC = Principal(id=None, name="registrar", role=Role.SECRETARIAT)


def member(world: World, code: str) -> Principal:
    """The point of contact of ``code``, its key registered and deposited."""
    return world.user(f"poc-{code.lower()}", Role.MEMBER, code)[0]


def unit(identifier: str, member: str, kind: str = "navy", **extra: Any) -> dict[str, Any]:
    """A ``fleet.unit`` payload."""
    return {"identifier": identifier, "member": member, "kind": kind, **extra}


def declare(
    world: World, who: Principal, *payloads: dict[str, Any], audience: str | None = None
) -> list[int]:
    """Submit units through the pipeline; their record ids."""
    with world.session() as s:
        rows = fleet.submit_units(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=who,
            items=[Item("fleet.unit", p, audience) for p in payloads],
            clock=world.clock,
        )
        return [r.id for r in rows]


def at(text: str) -> datetime:
    """An instant from ``YYYY-MM-DD[THH:MM]`` in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def unit_records(world: World) -> int:
    """How many ``fleet.unit`` records the store holds."""
    with world.session(write=False) as s:
        return (
            s.scalar(
                select(func.count()).select_from(RecordRow).where(RecordRow.kind == "fleet.unit")
            )
            or 0
        )


def listed(
    world: World, who: Principal, when: datetime, **filters: Any
) -> Sequence[tuple[str, str]]:
    """``(identifier, name)`` of the units ``who`` sees in service at ``when``."""
    with world.session(write=False) as s:
        charter = deployment_service.load(s).current
        listing = fleet.list_units(s, principal=who, charter=charter, as_of=when, **filters)
        return [(e.unit.identifier, e.unit.name) for e in listing.entries]


def look(world: World, who: Principal, identifier: str, when: datetime) -> fleet.Lookup:
    """The lookup of ``identifier`` as ``who`` at ``when``."""
    with world.session(write=False) as s:
        charter = deployment_service.load(s).current
        return fleet.lookup(s, principal=who, charter=charter, identifier=identifier, as_of=when)

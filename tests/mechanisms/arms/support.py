"""Returns through the one pipeline, for the service, API, web and projection tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cosec.pipeline.submit import submit
from cosec.principals import Principal
from cosec.store.tables import FindingRow
from tests.conftest import World


def line(counterpart: str, category: str, units: int, description: str = "") -> dict[str, Any]:
    """One transfer line."""
    return {
        "counterpart": counterpart,
        "category": category,
        "units": units,
        "description": description,
    }


def arms_return(
    year: int = 2025,
    exports: list[dict[str, Any]] | None = None,
    imports: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A return's payload (a nil return with no lines)."""
    return {
        "year": year,
        "nil": not exports and not imports,
        "exports": exports or [],
        "imports": imports or [],
    }


def send(
    world: World,
    who: Principal,
    payload: dict[str, Any],
    kind: str = "arms.return",
    evaluate: bool = False,
) -> int:
    """Submit one record through the pipeline; its id."""
    with world.session() as s:
        row = submit(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=who,
            kind=kind,
            payload=payload,
            clock=world.clock,
            evaluate=evaluate,
        )
        return row.id


def _members(f: FindingRow) -> tuple[str, ...]:
    if "exporter" in f.details:
        return (f.details["exporter"], f.details["importer"])
    return tuple(f.subjects)


def findings(world: World) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    """``(obligation, flag, state, members in order, summary)`` of every arms finding."""
    with world.session(write=False) as s:
        rows = s.scalars(
            select(FindingRow).where(FindingRow.mechanism == "arms").order_by(FindingRow.id)
        ).all()
        return [
            (
                f.obligation,
                f.flag,
                f.state,
                _members(f),
                f.summary,
            )
            for f in rows
        ]

"""Helpers of the registry's tests: declare units as a member or the secretariat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.compliance import reconcile
from cosec.evidence import service as evidence
from cosec.fleet import service as fleet
from cosec.kinds.evidence import AnalysisRecord
from cosec.kit.findings import FindingDraft, Severity
from cosec.pipeline.submit import Item
from cosec.principals import Principal, Role
from cosec.store.tables import RecordRow
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
    return declare_items(world, who, [Item("fleet.unit", p, audience) for p in payloads])


def declare_items(world: World, who: Principal, items: Sequence[Item]) -> list[int]:
    """Submit items through the registry's service, all or none; their record ids."""
    with world.session() as s:
        rows = fleet.submit_units(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=who,
            items=items,
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


ENCOUNTERS = [
    {
        "id_a": 412000001,
        "id_b": 431000001,
        "start": "2026-02-10T03:00:00+00:00",
        "end": "2026-02-10T03:40:00+00:00",
        "cpa_time": "2026-02-10T03:20:00+00:00",
        "cpa_distance_m": 120.0,
        "lat": 16.5,
        "lon": 117.25,
    },
    {
        "id_a": 412000001,
        "id_b": 548000001,
        "start": "2026-02-11T08:00:00+00:00",
        "end": "2026-02-11T08:30:00+00:00",
        "cpa_time": "2026-02-11T08:10:00+00:00",
        "cpa_distance_m": 300.0,
        "lat": 15.0,
        "lon": 118.0,
    },
]
"""Two close approaches by a Chinese ship, one with a Japanese, one with a Philippine one."""


def plant_finding(
    world: World,
    *,
    audience: str = "public",
    events: Sequence[dict[str, Any]] = tuple(ENCOUNTERS),
    members: tuple[str, ...] = ("CHN",),
    dataset: str = "synth",
) -> tuple[int, list[int]]:
    """An analysis of ``events`` (signed by the secretariat, read by ``audience``) and a
    finding that cites its observations, as an obligation would make it; the finding's id
    and the observations' ids."""
    payload = AnalysisRecord(
        dataset=dataset,
        dataset_sha256="0" * 64,
        data_kind="ais",
        event_kind="encounters",
        params={"max_distance_m": 500},
        engine="local",
        events=len(events),
        events_sha256=evidence.events_digest(events),
    )
    with world.session() as s:
        deployment = deployment_service.load(s)
        rec = evidence.record(
            s,
            deployment=deployment,
            ledger=world.ledger,
            principal=SEC,
            analysis=evidence.Analysis(payload, [dict(e) for e in events]),
            clock=world.clock,
            audience=audience,
        )
        observed = [o.id for o in evidence.observations(s, rec)]
        draft = FindingDraft(
            obligation="core.cited",
            flag="close_approach",
            severity=Severity.MEDIUM,
            members=members,
            subjects=(f"analysis:{rec.id}",),
            summary="A Chinese ship came within 120 m of two others.",
            evidence=(rec.id,),
            observations=tuple(observed),
        )
        changes = reconcile.reconcile(
            s,
            mechanism="core",
            drafts=[draft],
            scope=[],
            now=world.clock.now(),
            charter_id=deployment.current.id,
            charter_version=deployment.current.version,
            default_audience="public",
        )
        return changes.ids[0], observed

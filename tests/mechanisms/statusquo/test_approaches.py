"""Approaches from tracks, stored: a near-coast analysis of one feature, the state-unit
registry naming its vessels (even after the analysis), findings citing the observations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cosec.compliance import engine
from cosec.evidence import service as evidence
from cosec.pipeline.submit import submit
from cosec.principals import Role
from cosec.store.observations import ObservationRow
from cosec.store.tables import FindingRow
from tests.conftest import World
from tests.mechanisms.statusquo.test_incremental import near_coast_analysis


def _approaches(world: World, catch_up: engine.Projections | None = None) -> list[FindingRow]:
    with world.session() as s:
        if catch_up is None:
            engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        else:
            engine.catch_up(
                s, deployment=world.deployment(), clock=world.clock, projections=catch_up
            )
    with world.session(write=False) as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.flag == "feature_approach"))
        return [r for r in rows if r.state != "resolved"]


def test_a_registered_state_vessel_near_a_held_feature_is_a_finding(world: World) -> None:
    usa, _ = world.user("poc-usa", member="USA")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    events = [("366000001", -5, 3_000.0), ("412000009", -4, 2_000.0), ("366000001", -3, 23_000.0)]
    with world.session() as s:
        evidence.record(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=sec,
            analysis=near_coast_analysis("mischief-reef", events),
            clock=world.clock,
        )
    kept = engine.Projections()
    assert _approaches(world, kept) == []  # nobody in the registry yet
    world.clock.set(world.clock.now() + timedelta(hours=1))
    with world.session() as s:
        unit = submit(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=usa,
            kind="fleet.unit",
            payload={
                "identifier": "366000001",
                "member": "USA",
                "kind": "navy",
                "name": "USS X",
                "valid_from": "2026-01-01",  # in state service before the passes
            },
            clock=world.clock,
            evaluate=False,
        )
    (found,) = _approaches(world, kept)  # the 23 km pass is beyond 12 nm (22,224 m)
    with world.session(write=False) as s:
        obs = s.scalars(select(ObservationRow).where(ObservationRow.subject_a == "366000001")).all()
    nearest = min(obs, key=lambda o: o.data["min_distance_m"])
    assert found.observations == [nearest.id]
    assert unit.id in found.evidence
    assert found.severity == "medium"
    assert "held by China" in found.summary
    assert [f.key for f in _approaches(world)] == [found.key]  # evaluating all agrees

"""Incremental evaluation of the patrol rules agrees with evaluating everything: random
plans, reports (on time, late, by a non-participant), cases (shared in time or late) and
clock moves across deadlines and the end of a year, judged as the server judges them,
then from scratch."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.errors import CosecError
from cosec.pipeline.submit import submit
from cosec.principals import Principal
from cosec.store.tables import FindingRow
from tests.conftest import START, World, make_world
from tests.mechanisms.patrols.support import MEMBERS, ROUTE


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 14))):
        what = draw(st.sampled_from(["plan", "plan", "report", "report", "case", "wait", "wait"]))
        if what == "plan":
            who = draw(st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=4, unique=True))
            out.append((what, (who, draw(st.integers(-30, 20)), draw(st.integers(1, 4)))))
        elif what == "report":
            out.append((what, (draw(st.integers(0, 9)), draw(st.integers(0, 15)))))
        elif what == "case":
            out.append((what, (draw(st.sampled_from(MEMBERS)), draw(st.integers(0, 120)))))
        else:
            out.append((what, draw(st.sampled_from([60, 60 * 24, 60 * 24 * 10, 60 * 24 * 320]))))
    return out


def _send(world: World, who: Principal, kind: str, payload: dict[str, Any]) -> int | None:
    try:
        with world.session() as s:
            return submit(
                s,
                deployment=world.deployment(),
                ledger=world.ledger,
                principal=who,
                kind=kind,
                payload=payload,
                clock=world.clock,
                evaluate=False,
            ).id
    except CosecError:
        return None


def _findings(world: World) -> list[tuple[str, str, str, str]]:
    with world.session(write=False) as s:
        rows = s.scalars(
            select(FindingRow).where(FindingRow.mechanism == "patrols").order_by(FindingRow.key)
        )
        return [(f.key, f.state, f.severity, f.summary) for f in rows]


def _step(
    world: World, who: dict[str, Principal], plans: list[tuple[int, list[str]]], what: str, arg: Any
) -> None:
    now = world.clock.now()
    if what == "plan":
        members, offset, days = arg
        start = now.date() + timedelta(days=offset)
        body = {
            "title": "p",
            "participants": members,
            "route": ROUTE,
            "start": start.isoformat(),
            "end": (start + timedelta(days=days - 1)).isoformat(),
        }
        pid = _send(world, who[members[0]], "patrols.plan", body)
        if pid is not None:
            plans.append((pid, members))
    elif what == "report" and plans:
        pid, members = plans[arg[0] % len(plans)]
        took = [m for i, m in enumerate(members) if (arg[1] >> i) & 1] or members[:1]
        reporter = members[arg[1] % len(members)] if arg[1] % 5 else MEMBERS[arg[1] % 4]
        body = {"plan_id": pid, "participants": took, "stations": ["Guanlei"]}
        _send(world, who[reporter], "patrols.report", body)
    elif what == "case":
        member, hours = arg
        body = {
            "title": "c",
            "category": "CAT4",
            "occurred_at": (now - timedelta(hours=hours)).isoformat(),
            "lat": 20.3,
            "lon": 100.1,
        }
        _send(world, who[member], "patrols.case", body)
    elif what == "wait":
        world.clock.set(now + timedelta(minutes=arg))


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_patrol_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    target = tmp_path_factory.mktemp("patrols") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START), charter="lancang-mekong")
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
    projections = engine.Projections()
    plans: list[tuple[int, list[str]]] = []
    try:
        for what, arg in sequence:
            _step(world, who, plans, what, arg)
            with world.session() as s:
                engine.catch_up(
                    s, deployment=world.deployment(), clock=world.clock, projections=projections
                )
        before = _findings(world)
        event(f"findings: {min(len(before), 4)}")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = _findings(world)
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
    finally:
        world.factory.kw["bind"].dispose()

"""Incremental evaluation of presence agrees with evaluating everything.

Random sequences of near-coast analyses (some repeating another's events, as two analyses
of one dataset do), state-unit registrations and withdrawals, notified activities near and
far from other members' coasts, and clock moves are judged after each step as the server
judges them; at the end, judging everything from scratch finds nothing to change.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.errors import CosecError
from cosec.evidence import service as evidence
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.store.tables import FindingRow
from tests.conftest import START, World, make_world
from tests.mechanisms.coasts.support import coast_analysis

MEMBERS = ("CHN", "JPN", "USA")
VESSELS = {"412000001": "CHN", "431000001": "JPN", "366000001": "USA"}
SEC = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
AREAS = {"near": (27.0, 126.0), "far": (20.0, 150.0)}


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 12))):
        what = draw(
            st.sampled_from(["analysis", "analysis", "again", "unit", "withdraw", "notify", "wait"])
        )
        if what == "analysis":
            events = draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(sorted(VESSELS)),
                        st.sampled_from([2025, 2026]),
                        st.integers(0, 300),
                        st.sampled_from([0.5, 2.0, 5.0]),
                    ),
                    max_size=4,
                )
            )
            out.append((what, (draw(st.sampled_from(["JPN", "CHN"])), events)))
        elif what in ("unit", "withdraw"):
            out.append((what, draw(st.sampled_from(sorted(VESSELS)))))
        elif what == "notify":
            out.append(
                (what, (draw(st.sampled_from(MEMBERS)), draw(st.sampled_from(["near", "far"]))))
            )
        elif what == "again":
            out.append((what, draw(st.integers(0, 5))))
        else:
            out.append((what, draw(st.sampled_from([1, 24 * 40]))))
    return out


class Run:
    def __init__(self, world: World) -> None:
        self.world = world
        self.who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
        self.analyses: list[evidence.Analysis] = []
        self.projections = engine.Projections()

    def submit(self, who: Principal, kind: str, payload: dict[str, Any]) -> None:
        try:
            with self.world.session() as s:
                submit(
                    s,
                    deployment=self.world.deployment(),
                    ledger=self.world.ledger,
                    principal=who,
                    kind=kind,
                    payload=payload,
                    clock=self.world.clock,
                    evaluate=False,
                )
        except CosecError:
            pass

    def record(self, analysis: evidence.Analysis) -> None:
        with self.world.session() as s:
            evidence.record(
                s,
                deployment=self.world.deployment(),
                ledger=self.world.ledger,
                principal=SEC,
                analysis=analysis,
                clock=self.world.clock,
                audience="regime",
            )

    def step(self, what: str, arg: Any) -> None:
        clock = self.world.clock
        if what == "analysis":
            coast, events = arg
            rows = [
                (v, datetime(y, 1, 1, tzinfo=UTC) + timedelta(days=d), h, 10.0)
                for v, y, d, h in events
            ]
            analysis = coast_analysis(coast, rows)
            self.analyses.append(analysis)
            self.record(analysis)
        elif what == "again" and self.analyses:
            self.record(self.analyses[arg % len(self.analyses)])
        elif what in ("unit", "withdraw"):
            member = VESSELS[arg]
            self.submit(
                self.who[member],
                "fleet.unit",
                {
                    "identifier": arg,
                    "member": member,
                    "kind": "navy",
                    "valid_from": "2024-01-01",
                    "withdrawn": what == "withdraw",
                },
            )
        elif what == "notify":
            member, where = arg
            lat, lon = AREAS[where]
            start = clock.now().date() + timedelta(days=60)
            self.submit(
                self.who[member],
                "notification.prior",
                {
                    "designation": f"Drill {where}",
                    "states": [member],
                    "start": start.isoformat(),
                    "end": (start + timedelta(days=3)).isoformat(),
                    "figures": {"ships": 2},
                    "area": {"lat": lat, "lon": lon, "radius_km": 90},
                },
            )
        elif what == "wait":
            clock.set(clock.now() + timedelta(hours=arg))
        with self.world.session() as s:
            engine.catch_up(
                s, deployment=self.world.deployment(), clock=clock, projections=self.projections
            )

    def findings(self) -> list[tuple[str, str, str, tuple[int, ...]]]:
        with self.world.session(write=False) as s:
            rows = s.scalars(
                select(FindingRow).where(FindingRow.mechanism == "coasts").order_by(FindingRow.key)
            ).all()
            return [(f.key, f.state, f.summary, tuple(f.observations or ())) for f in rows]


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> None:
    target = tmp_path_factory.mktemp("coasts-incremental") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    try:
        run = Run(world)
        for what, arg in sequence:
            run.step(what, arg)
        before = run.findings()
        with world.session() as s:
            report = engine.evaluate(
                s, deployment=world.deployment(), clock=world.clock, only=["coasts"]
            )
        after = run.findings()
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
        assert before == after
    finally:
        world.factory.kw["bind"].dispose()

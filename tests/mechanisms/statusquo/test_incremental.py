"""Incremental evaluation of the status quo agrees with evaluating everything.

Random sequences of registry entries, changes, observations, public goods and joins,
analyses of approaches (near-coast events stored as observations), state-unit registrations
and withdrawals, and clock moves are judged after each step the way the server judges them
(``engine.catch_up`` on kept projections); at the end, judging everything from scratch finds
nothing to open, change, reopen or resolve.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
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
from cosec.kinds.evidence import AnalysisRecord
from cosec.pipeline.submit import submit
from cosec.principals import Role
from cosec.store.tables import FindingRow
from tests.conftest import START, World, make_world

FEATURES = ("mischief-reef", "thitu", "second-thomas-shoal")
MEMBERS = ("CHN", "PHL", "USA")
VESSELS = ("412000001", "548000001", "366000001")


def near_coast_analysis(feature: str, events: list[tuple[str, int, float]]) -> evidence.Analysis:
    """A stored analysis's shape: ``(vessel, hour offset, metres)`` events near a feature."""
    rows = []
    for vessel, hour, metres in events:
        start = START + timedelta(hours=hour)
        rows.append(
            {
                "id": int(vessel),
                "start": start.isoformat(),
                "end": (start + timedelta(hours=1)).isoformat(),
                "duration_s": 3600.0,
                "min_distance_m": metres,
                "closest_time": start.isoformat(),
                "lat": 9.9,
                "lon": 115.5,
                "target": f"feature:{feature}",
                "confidence": 1.0,
            }
        )
    payload = AnalysisRecord(
        dataset="synthetic",
        dataset_sha256="0" * 64,
        data_kind="ais",
        event_kind="near-coast",
        params={"states": [], "features": [feature], "within_m": 12 * 1852.0, "max_gap_s": 3600},
        engine="test",
        events=len(rows),
        events_sha256=evidence.events_digest(rows),
    )
    return evidence.Analysis(payload, rows)


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 12))):
        what = draw(
            st.sampled_from(
                [
                    "observe",
                    "observe",
                    "change",
                    "good",
                    "join",
                    "entry",
                    "tracks",
                    "unit",
                    "withdraw",
                    "wait",
                ]
            )
        )
        feature = draw(st.sampled_from(FEATURES))
        if what in ("observe", "change"):
            out.append(
                (
                    what,
                    (
                        feature,
                        draw(st.integers(-40, -1)),
                        draw(st.sampled_from([None, 0.0, 0.5, 0.6, 10.0])),
                        draw(st.sampled_from([None, 0, 1, 4])),
                        draw(st.sampled_from([None, "bomber", "helicopter", "lighthouse"])),
                    ),
                )
            )
        elif what in ("good", "entry"):
            out.append((what, feature))
        elif what == "join":
            out.append((what, draw(st.integers(0, 5))))
        elif what == "tracks":
            events = draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(VESSELS),
                        st.integers(-100, -1),
                        st.sampled_from([100.0, 22_224.0, 22_300.0]),
                    ),
                    max_size=3,
                )
            )
            out.append((what, (feature, events)))
        elif what in ("unit", "withdraw"):
            out.append((what, draw(st.integers(0, 2))))
        else:
            out.append((what, draw(st.sampled_from([1, 24 * 20, 24 * 31]))))
    return out


class Run:
    def __init__(self, world: World) -> None:
        self.world = world
        self.who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
        self.sec = world.user("sec", role=Role.SECRETARIAT)[0]
        self.goods: list[tuple[int, str]] = []
        self.projections = engine.Projections()

    def submit(self, who: Any, kind: str, payload: dict[str, Any]) -> int | None:
        try:
            with self.world.session() as s:
                return submit(
                    s,
                    deployment=self.world.deployment(),
                    ledger=self.world.ledger,
                    principal=who,
                    kind=kind,
                    payload=payload,
                    clock=self.world.clock,
                    evaluate=False,
                ).id
        except CosecError:
            return None

    def step(self, what: str, arg: Any) -> None:
        clock = self.world.clock
        today = clock.now().date()
        if what in ("observe", "change"):
            feature, days, grow, hangars, deployed = arg
            on = (today + timedelta(days=days)).isoformat()
            p: dict[str, Any] = {"feature": feature}
            if grow is not None:
                p["area_ha"] = {"mischief-reef": 558.0, "thitu": 37.0}.get(feature, 0.0) + grow
            if hangars is not None:
                p["facilities"] = {"hangar": 28 + hangars}
            if deployed == "lighthouse":
                p.setdefault("facilities", {})["lighthouse"] = 1
            elif deployed is not None:
                p["deployments"] = {deployed: 1}
            if len(p) == 1:
                p["area_ha"] = 1.0
            if what == "observe":
                self.submit(
                    self.sec, "statusquo.observation", p | {"imagery_date": on, "source": "x"}
                )
            else:
                holder = "CHN" if feature == "mischief-reef" else "PHL"
                self.submit(
                    self.who[holder], "statusquo.change", p | {"on": on, "description": "x"}
                )
        elif what == "good":
            holder = "CHN" if arg == "mischief-reef" else "PHL"
            rid = self.submit(
                self.who[holder],
                "statusquo.public_good",
                {"kind": "lighthouse", "name": "Light", "feature": arg},
            )
            if rid is not None:
                self.goods.append((rid, holder))
        elif what == "join" and self.goods:
            rid, holder = self.goods[arg % len(self.goods)]
            joiner = next(m for m in MEMBERS if m != holder)
            self.submit(self.who[joiner], "statusquo.public_good_join", {"good_id": rid})
        elif what == "entry":
            holder = "USA" if arg == "thitu" else "CHN"
            self.submit(
                self.sec,
                "statusquo.feature",
                {
                    "feature": arg,
                    "name": arg.title(),
                    "claimants": ["CHN", "PHL"],
                    "occupant": holder,
                    "baseline": {"as_of": "2025-11-01", "area_ha": 40.0},
                },
            )
        elif what == "tracks":
            feature, events = arg
            with self.world.session() as s:
                evidence.record(
                    s,
                    deployment=self.world.deployment(),
                    ledger=self.world.ledger,
                    principal=self.sec,
                    analysis=near_coast_analysis(feature, events),
                    clock=clock,
                )
        elif what in ("unit", "withdraw"):
            member = MEMBERS[arg]
            self.submit(
                self.who[member],
                "fleet.unit",
                {
                    "identifier": VESSELS[arg],
                    "member": member,
                    "kind": "navy",
                    "withdrawn": what == "withdraw",
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
                select(FindingRow)
                .where(FindingRow.mechanism == "statusquo")
                .order_by(FindingRow.key)
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
    target = tmp_path_factory.mktemp("sq-incremental") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    try:
        run = Run(world)
        for what, arg in sequence:
            run.step(what, arg)
        before = run.findings()
        with world.session() as s:
            report = engine.evaluate(
                s, deployment=world.deployment(), clock=world.clock, only=["statusquo"]
            )
        after = run.findings()
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
        assert before == after
    finally:
        world.factory.kw["bind"].dispose()

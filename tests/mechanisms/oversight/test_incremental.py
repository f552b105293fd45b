"""Incremental evaluation of oversight agrees with evaluating everything.

Random sequences of rendezvous, gaps and near-coast analyses (some repeating another's
events, as two analyses of one dataset do), designations dated before and after the
events, delistings, petroleum reports and corrections, state-unit registrations and clock
moves are judged after each step as the server judges them; at the end, judging everything
from scratch finds nothing to change.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, timedelta
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
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import START, World, make_world
from tests.mechanisms.oversight import support

MEMBERS = ("CHN", "RUS")
VESSELS = ("445112001", "352112003", "412112004", "667112002")
SEC = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
PLACES = ((36.0, 124.5), (27.6, 122.9))  # in the watch zone, and outside it
T0 = datetime(2026, 1, 1, 6, tzinfo=UTC)
IMOS = {"445112001": "9123453", "352112003": "9123465", "412112004": "9123477"}


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pairs = st.tuples(st.sampled_from(VESSELS), st.sampled_from(VESSELS)).filter(
        lambda p: p[0] != p[1]
    )
    for _ in range(draw(st.integers(3, 12))):
        what = draw(
            st.sampled_from(
                [
                    "meet",
                    "meet",
                    "dark",
                    "near",
                    "again",
                    "designate",
                    "designate",
                    "delist",
                    "petroleum",
                    "correct",
                    "unit",
                    "wait",
                ]
            )
        )
        if what == "meet":
            meets = st.tuples(pairs, st.integers(0, 50), st.sampled_from(PLACES))
            out.append((what, draw(st.lists(meets, min_size=1, max_size=3))))
        elif what in ("dark", "near"):
            out.append((what, (draw(st.sampled_from(VESSELS)), draw(st.integers(0, 50)))))
        elif what == "designate":
            out.append((what, (draw(st.sampled_from(VESSELS)), draw(st.integers(-400, 59)))))
        elif what in ("again", "delist", "correct"):
            out.append((what, draw(st.integers(0, 5))))
        elif what == "petroleum":
            member = draw(st.sampled_from(MEMBERS))
            out.append((what, (member, draw(st.integers(1, 2)), draw(st.integers(0, 300_000)))))
        elif what == "unit":
            out.append((what, draw(st.sampled_from(VESSELS[1:3]))))
        else:
            out.append((what, draw(st.sampled_from([1, 24 * 40]))))
    return out


class Run:
    def __init__(self, world: World) -> None:
        self.world = world
        self.who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
        self.sec = world.user("secretariat", Role.SECRETARIAT)[0]
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

    def ids(self, kind: str) -> list[int]:
        with self.world.session(write=False) as s:
            return list(s.scalars(select(RecordRow.id).where(RecordRow.kind == kind)).all())

    def record(self, analysis: evidence.Analysis) -> None:
        self.analyses.append(analysis)
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
        if what == "meet":
            self.record(
                support.rendezvous(
                    [(a, b, T0 + timedelta(days=d), 3.0, *place) for (a, b), d, place in arg]
                )
            )
        elif what == "dark":
            self.record(
                support.gaps([(arg[0], T0 + timedelta(days=arg[1]), 14, 35.5, 123.8, True)])
            )
        elif what == "near":
            self.record(support.near_prk([(arg[0], T0 + timedelta(days=arg[1]), 2.0, 4.0)]))
        elif what == "again" and self.analyses:
            self.record(self.analyses[arg % len(self.analyses)])
        elif what == "designate":
            vessel, day = arg
            listed_on = date(2026, 1, 1) + timedelta(days=day)
            self.submit(
                self.sec,
                "oversight.designation",
                {
                    "name": f"V{vessel}",
                    "mmsi": vessel,
                    "imo": IMOS.get(vessel),
                    "listed_on": listed_on.isoformat(),
                    "source": "UN 1718 Committee",
                },
            )
        elif what == "delist":
            found = self.ids("oversight.designation")
            if found:
                self.submit(
                    self.sec,
                    "oversight.delisting",
                    {
                        "designation_id": found[arg % len(found)],
                        "delisted_on": clock.now().date().isoformat(),
                        "source": "UN 1718 Committee",
                    },
                )
        elif what == "petroleum":
            member, month, barrels = arg
            payload = {"month": f"2026-{month:02d}", "barrels": barrels}
            self.submit(self.who[member], "oversight.petroleum_transfer", payload)
        elif what == "correct":
            found = self.ids("oversight.petroleum_transfer")
            if found:
                rid = found[arg % len(found)]
                with self.world.session(write=False) as s:
                    row = s.get(RecordRow, rid)
                    assert row is not None
                    member, month = row.submitter, row.payload["month"]
                payload = {"month": month, "barrels": 400_000, "corrects": rid}
                self.submit(self.who[member], "oversight.petroleum_transfer", payload)
        elif what == "unit":
            member = "CHN" if arg.startswith("412") else "RUS"
            self.submit(
                self.who[member],
                "fleet.unit",
                {"identifier": arg, "member": member, "kind": "navy", "valid_from": "2024-01-01"},
            )
        elif what == "wait":
            clock.set(clock.now() + timedelta(hours=arg))
        with self.world.session() as s:
            engine.catch_up(
                s, deployment=self.world.deployment(), clock=clock, projections=self.projections
            )

    def findings(self) -> list[tuple[str, str, str, tuple[int, ...], tuple[int, ...]]]:
        with self.world.session(write=False) as s:
            rows = s.scalars(
                select(FindingRow)
                .where(FindingRow.mechanism == "oversight")
                .order_by(FindingRow.key)
            ).all()
            return [
                (f.key, f.state, f.summary, tuple(f.observations or ()), tuple(f.evidence or ()))
                for f in rows
            ]


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
    target = tmp_path_factory.mktemp("oversight-incremental") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    try:
        run = Run(world)
        for what, arg in sequence:
            run.step(what, arg)
        before = run.findings()
        with world.session() as s:
            report = engine.evaluate(
                s, deployment=world.deployment(), clock=world.clock, only=["oversight"]
            )
        after = run.findings()
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
        assert before == after
    finally:
        world.factory.kw["bind"].dispose()

"""Incremental evaluation of the decisions agrees with evaluating everything: random
meetings, proposals (tabled or drafts, with tasks), tablings, votes, closes, withdrawals,
tasks reported done and clock moves, judged as the server judges them, then from scratch."""

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
from cosec.principals import Principal, Role
from cosec.store.tables import FindingRow
from tests.conftest import START, World, make_world

SIX = ("CHN", "USA", "KOR", "PRK", "JPN", "RUS")
SEC = Principal(id=None, name="sec", role=Role.SECRETARIAT)
RULES = (None, "consensus", "consensus_minus_parties", "qualified_majority", "simple_majority")


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("meeting", None)]
    for _ in range(draw(st.integers(4, 16))):
        what = draw(
            st.sampled_from(
                [
                    "propose",
                    "propose",
                    "table",
                    "vote",
                    "vote",
                    "vote",
                    "close",
                    "withdraw",
                    "done",
                    "wait",
                    "wait",
                ]
            )
        )
        if what == "propose":
            out.append(
                (
                    what,
                    (
                        draw(st.sampled_from(SIX)),
                        draw(st.booleans()),  # tabled at once
                        draw(st.sampled_from(RULES)),
                        draw(st.lists(st.sampled_from(SIX), max_size=2, unique=True)),
                        draw(
                            st.lists(
                                st.tuples(st.sampled_from(SIX), st.integers(0, 40)), max_size=3
                            )
                        ),
                        draw(st.sampled_from(["six-party", "six-party", "wg-kppm"])),
                    ),
                )
            )
        elif what == "vote":
            out.append(
                (
                    what,
                    (
                        draw(st.integers(0, 9)),
                        draw(st.sampled_from(SIX)),
                        draw(st.sampled_from(["yes", "yes", "no", "abstain"])),
                    ),
                )
            )
        elif what in ("table", "close", "withdraw"):
            out.append((what, draw(st.integers(0, 9))))
        elif what == "rally":
            out.append((what, (draw(st.integers(0, 9)), draw(st.integers(3, 6)))))
        elif what == "done":
            out.append((what, (draw(st.integers(0, 9)), draw(st.integers(1, 3)))))
        else:
            out.append((what, draw(st.sampled_from([1, 6, 24 * 10, 24 * 40]))))
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
            select(FindingRow).where(FindingRow.mechanism == "decisions").order_by(FindingRow.key)
        )
        return [(f.key, f.state, f.severity, f.summary) for f in rows]


class Runner:
    """Plays steps on a world, evaluating incrementally after each as the server does."""

    def __init__(self, world: World, who: dict[str, Principal]) -> None:
        self.world, self.who = world, who
        self.meetings: dict[str, int] = {}
        self.proposals: list[tuple[int, str, dict[str, Any]]] = []
        self.projections = engine.Projections()

    def run(self, sequence: list[tuple[str, Any]]) -> None:
        for what, arg in sequence:
            self.step(what, arg)
            with self.world.session() as s:
                engine.catch_up(
                    s,
                    deployment=self.world.deployment(),
                    clock=self.world.clock,
                    projections=self.projections,
                )

    def step(self, what: str, arg: Any) -> None:
        world, who, meetings, proposals = self.world, self.who, self.meetings, self.proposals
        if what == "meeting":
            for body in ("six-party", "wg-kppm"):
                m = {"body": body, "title": f"{body} session", "opens_on": "2026-03-01"}
                mid = _send(world, SEC, "decisions.meeting", m)
                assert mid is not None
                meetings[body] = mid
        elif what == "propose":
            sponsor, tabled, rule, parties, tasks, body = arg
            today = world.clock.now().date()
            payload: dict[str, Any] = {
                "body": body,
                "title": "A proposal",
                "parties": parties,
                "tasks": [
                    {"member": m, "what": "Do it", "due": (today + timedelta(days=d)).isoformat()}
                    for m, d in tasks
                ],
            }
            if rule:
                payload["rule"] = rule
            if tabled:
                payload["meeting_id"] = meetings[body]
            pid = _send(world, who[sponsor], "decisions.proposal", payload)
            if pid is not None:
                proposals.append((pid, sponsor, payload))
        elif proposals and what in ("table", "close", "withdraw"):
            pid, sponsor, payload = proposals[arg % len(proposals)]
            if what == "table":
                doc = {"proposal_id": pid, "meeting_id": meetings[payload["body"]]}
                _send(world, SEC, "decisions.table", doc)
            elif what == "close":
                rule = payload.get("rule") or "consensus"
                doc = {"proposal_id": pid, "members": list(SIX), "rule": rule}
                _send(world, SEC, "decisions.close", doc)
            else:
                _send(world, who[sponsor], "decisions.withdraw", {"proposal_id": pid})
        elif proposals and what == "vote":
            n, member, choice = arg
            pid = proposals[n % len(proposals)][0]
            doc = {"proposal_id": pid, "vote": choice, "representative": "Head of delegation"}
            _send(world, who[member], "decisions.vote", doc)
        elif proposals and what == "rally":
            n, count = arg
            pid = proposals[n % len(proposals)][0]
            for member in SIX[:count]:
                doc = {"proposal_id": pid, "vote": "yes", "representative": "Minister"}
                _send(world, who[member], "decisions.vote", doc)
        elif proposals and what == "done":
            n, task = arg
            pid, _, payload = proposals[n % len(proposals)]
            if task <= len(payload["tasks"]):
                member = payload["tasks"][task - 1]["member"]
                doc = {"proposal_id": pid, "task": task, "done_on": "2026-03-02"}
                _send(world, who[member], "decisions.task_done", doc)
        elif what == "wait":
            world.clock.set(world.clock.now() + timedelta(hours=arg))


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_decisions_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    target = tmp_path_factory.mktemp("decisions") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START), charter="korean-peninsula")
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in SIX}
    try:
        Runner(world, who).run(sequence)
        before = _findings(world)
        event(f"findings: {min(len(before), 3)}")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = _findings(world)
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
    finally:
        world.factory.kw["bind"].dispose()


def test_a_fixed_sequence_opens_then_resolves_a_finding(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    """The property's machinery finds something: a task overdue, then reported late."""
    target = tmp_path_factory.mktemp("decisions-fixed") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START), charter="korean-peninsula")
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in SIX}
    yes = [("vote", (0, m, "yes")) for m in ("CHN", "USA", "KOR", "JPN")]
    try:
        runner = Runner(world, who)
        runner.run(
            [
                ("meeting", None),
                ("propose", ("KOR", True, None, [], [("PRK", 5)], "six-party")),
                *yes,
                ("close", 0),
                ("wait", 24 * 10),
            ]
        )
        assert [(f[1], "overdue" in f[3] or "not reported" in f[3]) for f in _findings(world)] == [
            ("open", True)
        ]
        runner.run([("done", (0, 1))])
        assert sorted(f[1] for f in _findings(world)) == ["open", "resolved"]
    finally:
        world.factory.kw["bind"].dispose()

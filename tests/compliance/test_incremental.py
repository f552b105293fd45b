"""Incremental evaluation agrees with evaluating everything.

Random sequences of submissions (notifications, amendments, invitations, withdrawals,
calendars, observed activities, requests and replies) and of clock moves are judged the way the
server judges them: after each step, only what the step reaches (``engine.catch_up`` on a
projection kept between steps). At the end, judging everything from scratch
(``engine.evaluate``) must find nothing to open, change, reopen or resolve.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
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
from cosec.store.tables import FindingRow
from tests.conftest import START, World, make_world

MEMBERS = ("CHN", "RUS", "USA")
PLACES = [(15.0, 115.0), (15.5, 115.5), (17.0, 118.0), (40.0, 130.0), None]
NAMES = ["Alpha", "Alpha - Phase 2", "Beta", "Gamma", "Delta"]


def _activity(draw: st.DrawFn) -> dict[str, Any]:
    start = date(2026, 3, 1) + timedelta(days=draw(st.integers(-400, 800)))
    place = draw(st.sampled_from(PLACES))
    troops = draw(st.sampled_from([500, 3_000, 8_700, 9_000, 13_500, 26_000, 41_000]))
    states = draw(st.sets(st.sampled_from(MEMBERS), min_size=1, max_size=2))
    out: dict[str, Any] = {
        "designation": draw(st.sampled_from(NAMES)),
        "states": sorted(states),
        "start": start.isoformat(),
        "end": (start + timedelta(days=draw(st.integers(0, 20)))).isoformat(),
        "figures": {"troops": troops},
    }
    if place is not None:
        out["area"] = {"lat": place[0], "lon": place[1]}
    return out


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 12))):
        what = draw(
            st.sampled_from(
                [
                    "notify",
                    "notify",
                    "amend",
                    "invite",
                    "withdraw",
                    "calendar",
                    "observed",
                    "ask",
                    "reply",
                    "wait",
                    "wait",
                ]
            )
        )
        if what in ("notify", "observed"):
            out.append((what, _activity(draw)))
        elif what == "amend":
            delta = draw(st.integers(-30, 30))
            troops = draw(st.sampled_from([None, 2_000, 9_500, 14_000, 45_000]))
            out.append((what, (draw(st.integers(0, 9)), delta, troops)))
        elif what in ("invite", "reply", "withdraw"):
            out.append((what, draw(st.integers(0, 9))))
        elif what == "calendar":
            out.append(
                (
                    what,
                    (
                        draw(st.sampled_from(MEMBERS)),
                        draw(st.integers(2026, 2028)),
                        draw(st.booleans()),
                    ),
                )
            )
        elif what == "ask":
            out.append((what, draw(st.permutations(MEMBERS))[:2]))
        else:
            out.append((what, draw(st.sampled_from([1, 30, 24 * 3, 24 * 60, 24 * 300]))))
    return out


class Run:
    """A world and the records a sequence made in it."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.principals = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
        self.sec = world.user("sec", role=engine_role())[0]
        self.notifications: list[tuple[int, str, dict[str, Any]]] = []
        self.requests: list[tuple[int, str]] = []
        self.projections = engine.Projections()

    def submit(self, who: Any, kind: str, payload: dict[str, Any], **kw: Any) -> int | None:
        try:
            with self.world.session() as s:
                row = submit(
                    s,
                    deployment=self.world.deployment(),
                    ledger=self.world.ledger,
                    principal=who,
                    kind=kind,
                    payload=payload,
                    clock=self.world.clock,
                    evaluate=False,
                    **kw,
                )
                return row.id
        except CosecError:
            return None  # a step the rules refuse (a late amendment's dates...): no change

    def step(self, what: str, arg: Any) -> None:
        clock = self.world.clock
        if what == "notify":
            who = self.principals[arg["states"][0]]
            rid = self.submit(who, "notification.prior", arg)
            if rid is not None:
                self.notifications.append((rid, arg["states"][0], arg))
        elif what == "observed":
            self.submit(self.sec, "notification.observed", arg)
        elif what == "amend" and self.notifications:
            i, delta, troops = arg
            rid, state, n = self.notifications[i % len(self.notifications)]
            payload: dict[str, Any] = {"notification_id": rid, "reason": "revised"}
            start = date.fromisoformat(n["start"]) + timedelta(days=delta)
            payload["start"] = start.isoformat()
            payload["end"] = max(start, date.fromisoformat(n["end"])).isoformat()
            if troops is not None:
                payload["figures"] = {"troops": troops}
            self.submit(self.principals[state], "notification.amendment", payload)
        elif what == "invite" and self.notifications:
            rid, state, n = self.notifications[arg % len(self.notifications)]
            others = [m for m in MEMBERS if m not in n["states"]] or ["JPN"]
            self.submit(
                self.principals[state],
                "notification.invitation",
                {"notification_id": rid, "invited": others[:1]},
            )
        elif what == "withdraw" and self.notifications:
            rid, state, _ = self.notifications[arg % len(self.notifications)]
            self.submit(
                self.principals[state],
                "notification.withdrawal",
                {"notification_id": rid, "reason": "called off"},
            )
        elif what == "calendar":
            state, year, nil = arg
            mine = [
                n for _, s, n in self.notifications if s == state and n["start"][:4] == str(year)
            ]
            payload = {"year": year, "nil_return": nil or not mine}
            if not payload["nil_return"]:
                payload["entries"] = [{k: v for k, v in n.items() if k != "area"} for n in mine[:3]]
            self.submit(self.principals[state], "notification.calendar", payload)
        elif what == "ask":
            asker, respondent = arg
            rid = self.submit(
                self.principals[asker],
                "notification.explanation_request",
                {"respondent": respondent, "concern": "manoeuvres"},
            )
            if rid is not None:
                self.requests.append((rid, respondent))
        elif what == "reply" and self.requests:
            rid, respondent = self.requests[arg % len(self.requests)]
            self.submit(
                self.principals[respondent],
                "notification.explanation_reply",
                {"request_id": rid, "explanation": "routine"},
            )
        elif what == "wait":
            clock.set(clock.now() + timedelta(hours=arg))
        with self.world.session() as s:
            engine.catch_up(
                s,
                deployment=self.world.deployment(),
                clock=clock,
                projections=self.projections,
            )

    def findings(self) -> list[tuple[str, str, str, str, tuple[int, ...]]]:
        with self.world.session(write=False) as s:
            rows = s.scalars(select(FindingRow).order_by(FindingRow.key)).all()
            return [(f.key, f.state, f.severity, f.summary, tuple(f.evidence)) for f in rows]


def engine_role() -> Any:
    from cosec.principals import Role

    return Role.SECRETARIAT


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    return sqlite_template


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, template: Path
) -> None:
    target = tmp_path_factory.mktemp("incremental") / "cosec.db"
    shutil.copy(template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    try:
        run = Run(world)
        for what, arg in sequence:
            run.step(what, arg)
        before = run.findings()
        event(f"findings: {min(len(before), 10)}{'+' if len(before) >= 10 else ''}")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = run.findings()
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
        assert before == after
    finally:
        world.factory.kw["bind"].dispose()

"""Incremental evaluation of the hotline rules agrees with evaluating everything: random
messages, acknowledgements (on time, late, by the wrong member), chains of contacts,
escalations and clock moves, judged as the server judges them, then from scratch."""

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

MEMBERS = ("CHN", "KOR", "USA")
SEC = Principal(id=None, name="sec", role=Role.SECRETARIAT)


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 14))):
        what = draw(
            st.sampled_from(
                ["send", "send", "ack", "ack", "contacts", "escalate", "wait", "wait", "wait"]
            )
        )
        if what == "send":
            a, b = draw(st.permutations(MEMBERS))[:2]
            out.append(
                (
                    what,
                    (
                        a,
                        b,
                        draw(st.sampled_from(["FLASH", "IMMEDIATE", "ROUTINE"])),
                        draw(st.booleans()),
                    ),
                )
            )
        elif what in ("ack", "escalate"):
            out.append((what, draw(st.integers(0, 9))))
        elif what == "contacts":
            out.append((what, draw(st.sampled_from(MEMBERS))))
        else:
            out.append((what, draw(st.sampled_from([1, 4, 6, 40, 60 * 30, 60 * 24 * 400]))))
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
            select(FindingRow).where(FindingRow.mechanism == "hotline").order_by(FindingRow.key)
        )
        return [(f.key, f.state, f.severity, f.summary) for f in rows]


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_hotline_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    target = tmp_path_factory.mktemp("hotline") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START), charter="korean-peninsula")
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
    projections = engine.Projections()
    sent: list[tuple[int, str]] = []
    escalated: dict[int, int] = {}
    try:
        for what, arg in sequence:
            if what == "send":
                a, b, precedence, drill = arg
                body = {
                    "to": b,
                    "precedence": precedence,
                    "subject": "s",
                    "text": "t",
                    "drill": drill,
                }
                mid = _send(world, who[a], "hotline.message", body)
                if mid is not None:
                    sent.append((mid, b))
            elif what == "ack" and sent:
                mid, to = sent[arg % len(sent)]
                acker = to if arg % 3 else MEMBERS[(MEMBERS.index(to) + 1) % 3]
                _send(world, who[acker], "hotline.ack", {"message_id": mid})
            elif what == "escalate" and sent:
                mid, to = sent[arg % len(sent)]
                step = escalated.get(mid, 0) + 1
                now = world.clock.now()
                body = {
                    "message_id": mid,
                    "step": step,
                    "missed_deadline": now.isoformat(),
                    "to_member": "SEC",
                    "to_role": "other",
                    "to_name": "the secretariat",
                }
                if _send(world, SEC, "hotline.escalation", body) is not None:
                    escalated[mid] = step
            elif what == "contacts":
                chain = {"contacts": [{"role": "duty_officer", "name": f"{arg} duty officer"}]}
                _send(world, who[arg], "hotline.contacts", chain)
            elif what == "wait":
                world.clock.set(world.clock.now() + timedelta(minutes=arg))
            with world.session() as s:
                engine.catch_up(
                    s, deployment=world.deployment(), clock=world.clock, projections=projections
                )
        before = _findings(world)
        about_messages = sum(1 for b in before if "contacts" not in b[3])
        event(f"message findings: {min(about_messages, 4)}")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = _findings(world)
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
    finally:
        world.factory.kw["bind"].dispose()

"""Incremental evaluation of the arms rules agrees with evaluating everything.

Random sequences of returns (members naming each other, states outside the regime, nil
returns, corrections of an earlier return), expenditure reports and clock moves across the
30 April and 31 May deadlines are judged as the server judges them (``engine.catch_up`` on
kept projections after each step); judging everything from scratch must then change nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.errors import CosecError
from tests.conftest import START, make_world
from tests.mechanisms.arms.support import arms_return, findings, line, send

MEMBERS = ("CHN", "KHM", "MMR", "RUS")
LINE = st.tuples(
    st.sampled_from([*MEMBERS, "FRA"]),
    st.sampled_from(["I", "IV"]),
    st.integers(1, 3),
    st.booleans(),  # export (True) or import
)


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(3, 12))):
        what = draw(st.sampled_from(["return", "return", "return", "spent", "wait"]))
        if what == "return":
            member = draw(st.sampled_from(MEMBERS))
            year = draw(st.sampled_from([2025, 2025, 2025, 2024]))
            lines = draw(st.lists(LINE, max_size=4))
            out.append((what, (member, year, lines)))
        elif what == "spent":
            out.append((what, draw(st.sampled_from(MEMBERS))))
        else:
            out.append((what, draw(st.sampled_from([1, 10, 40, 90]))))
    return out


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_arms_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    target = tmp_path_factory.mktemp("arms") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    projections = engine.Projections()
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in MEMBERS}
    try:
        for what, arg in sequence:
            if what == "return":
                member, year, lines = arg
                exports = [line(c, cat, n) for c, cat, n, out in lines if out and c != member]
                imports = [line(c, cat, n) for c, cat, n, out in lines if not out and c != member]
                send(world, who[member], arms_return(year, exports, imports))
            elif what == "spent":
                payload = {
                    "year": 2025,
                    "form": "simplified",
                    "currency": "USD",
                    "lines": [{"force": "land", "amount": 1.0}],
                }
                with contextlib.suppress(CosecError):  # a second report for the year is fine too
                    send(world, who[arg], payload, kind="arms.expenditure")
            else:
                world.clock.set(world.clock.now() + timedelta(days=arg))
            with world.session() as s:
                engine.catch_up(
                    s, deployment=world.deployment(), clock=world.clock, projections=projections
                )
        before = findings(world)
        event(f"open findings: {min(sum(1 for f in before if f[2] == 'open'), 20) // 5 * 5}+")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = findings(world)
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
    finally:
        world.factory.kw["bind"].dispose()

"""Incremental evaluation of the incident rules agrees with evaluating everything.

Random sequences of state units registered (and withdrawn), analyses of tracks, reports
(naming units by identifier, by hull number or not at all), replies, joint assessments and
clock moves are judged as the server judges them (``engine.catch_up`` on kept projections
after each step); judging everything from scratch must then change nothing.
"""

from __future__ import annotations

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
from tests.mechanisms.incidents.support import analysis, findings, send
from tests.mechanisms.incidents.support import event as encounter_event

SHIPS = {
    "412000101": ("CHN", "172"),
    "412000102": ("CHN", "173"),
    "366000201": ("USA", "DDG-73"),
    "431000301": ("JPN", "DD-110"),
    "563000001": ("SGP", ""),
}
PAIRS = [
    ("412000101", "366000201"),
    ("366000201", "412000101"),
    ("412000102", "366000201"),
    ("412000101", "431000301"),
    ("412000101", "412000102"),
    ("563000001", "366000201"),
]
TIMES = ["2026-02-20 03:20", "2026-02-20 06:00", "2026-02-27 10:00", "2026-02-28 23:00"]


@st.composite
def steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    ships = sorted(SHIPS)
    for _ in range(draw(st.integers(3, 10))):
        what = draw(
            st.sampled_from(
                ["unit", "unit", "tracks", "tracks", "report", "report", "reply", "assess", "wait"]
            )
        )
        if what == "unit":
            out.append((what, (draw(st.sampled_from(ships)), draw(st.booleans()))))
        elif what == "tracks":
            n = draw(st.integers(1, 3))
            evs = []
            for _ in range(n):
                a, b = draw(st.sampled_from(PAIRS))
                evs.append(
                    encounter_event(
                        a,
                        b,
                        draw(st.sampled_from(TIMES)),
                        draw(st.sampled_from([40.0, 120.0, 300.0, 456.9, 460.0])),
                    )
                )
            out.append((what, evs))
        elif what == "report":
            a, b = draw(st.sampled_from(PAIRS))
            named = draw(st.sampled_from(["id", "hull", "none"]))
            out.append(
                (
                    what,
                    (
                        a,
                        b,
                        named,
                        draw(st.sampled_from(TIMES)),
                        draw(st.sampled_from([None, 50.0, 250.0, 800.0])),
                    ),
                )
            )
        elif what in ("reply", "assess"):
            out.append((what, draw(st.integers(0, 9))))
        else:
            out.append((what, draw(st.sampled_from([1, 24, 24 * 4, 24 * 8]))))
    return out


def _unit(ship: str, name: str) -> dict[str, Any]:
    if name == "id":
        return {"identifier": ship}
    hull = SHIPS[ship][1]
    return {"hull_number": hull} if hull else {"name": f"ship {ship}"}


@settings(
    max_examples=int(os.environ.get("COSEC_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps())
def test_incremental_incident_evaluation_agrees_with_evaluating_everything(
    sequence: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> None:
    target = tmp_path_factory.mktemp("incidents") / "cosec.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    projections = engine.Projections()
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in ("CHN", "USA", "JPN", "SGP")}
    reports: list[tuple[int, str, str]] = []
    for ship in ("412000101", "366000201"):  # two units known from the start
        member, hull = SHIPS[ship]
        payload = {
            "identifier": ship,
            "member": member,
            "kind": "navy",
            "hull_number": hull,
            "valid_from": "2026-01-01",
        }
        send(world, who[member], "fleet.unit", payload, audience="public")

    def attempt(*args: Any, **kw: Any) -> int | None:
        try:
            return send(world, *args, **kw)
        except CosecError:
            return None

    try:
        for what, arg in sequence:
            if what == "unit":
                ship, withdrawn = arg
                member, hull = SHIPS[ship]
                payload = {
                    "identifier": ship,
                    "member": member,
                    "kind": "navy",
                    "hull_number": hull,
                    "name": f"ship {ship}",
                    "withdrawn": withdrawn,
                    "valid_from": "2026-02-01",
                }
                attempt(who[member], "fleet.unit", payload, audience="public")
            elif what == "tracks":
                analysis(world, arg)
            elif what == "report":
                a, b, named, when, distance = arg
                ma, mb = SHIPS[a][0], SHIPS[b][0]
                if ma == mb:
                    continue
                payload = {
                    "title": "pass",
                    "domain": "sea",
                    "occurred_at": when.replace(" ", "T") + ":00Z",
                    "lat": 16.0,
                    "lon": 113.0,
                    "other_member": mb,
                    "own_units": [_unit(a, named)],
                    "other_units": [_unit(b, named)],
                    "min_distance_m": distance,
                    "narrative": "n",
                }
                if named == "none":
                    payload["own_units"] = [{"name": "a ship"}]
                    payload["other_units"] = [{"name": "a ship"}]
                rid = attempt(who[ma], "incident.report", payload)
                if rid is not None:
                    reports.append((rid, ma, mb))
            elif what == "reply" and reports:
                rid, _, mb = reports[arg % len(reports)]
                attempt(
                    who[mb],
                    "incident.reply",
                    {"report_id": rid, "narrative": "no", "min_distance_m": 900},
                )
            elif what == "assess" and reports:
                rid, ma, mb = reports[arg % len(reports)]
                aid = attempt(
                    who[ma],
                    "incident.assessment",
                    {"report_id": rid, "statement": "s", "contact": True},
                )
                if aid is not None:
                    attempt(who[mb], "incident.endorsement", {"assessment_id": aid})
            elif what == "wait":
                world.clock.set(world.clock.now() + timedelta(hours=arg))
            with world.session() as s:
                engine.catch_up(
                    s, deployment=world.deployment(), clock=world.clock, projections=projections
                )
        before = findings(world)
        event(f"findings: {min(len(before), 5)}")
        with world.session() as s:
            report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
        after = findings(world)
        assert (report.opened, report.reopened, report.resolved, report.updated) == (0, 0, 0, 0), (
            [b for b in before if b not in after],
            [a for a in after if a not in before],
        )
    finally:
        world.factory.kw["bind"].dispose()


def test_a_unit_registered_after_the_tracks_is_judged_at_once(sqlite_world: Any) -> None:
    """The registry's entry for the second ship arrives after the analysis: catching up on
    it alone opens the unreported encounter (no full evaluation needed)."""
    world = sqlite_world
    who = {m: world.user(f"poc-{m}", member=m)[0] for m in ("CHN", "USA")}
    projections = engine.Projections()

    def catch_up() -> list[str]:
        with world.session() as s:
            engine.catch_up(
                s, deployment=world.deployment(), clock=world.clock, projections=projections
            )
        return [f for _, f, state, *_ in findings(world) if state == "open"]

    chn = {"identifier": "412000101", "member": "CHN", "kind": "navy", "valid_from": "2026-01-01"}
    send(world, who["CHN"], "fleet.unit", chn, audience="public")
    analysis(world, [encounter_event("412000101", "366000201", "2026-02-20 03:20", 120.0)])
    assert catch_up() == []
    usa = {"identifier": "366000201", "member": "USA", "kind": "navy", "valid_from": "2026-01-01"}
    send(world, who["USA"], "fleet.unit", usa, audience="public")
    assert catch_up() == ["unreported_encounter"]
    send(world, who["USA"], "fleet.unit", usa | {"withdrawn": True}, audience="public")
    assert catch_up() == []

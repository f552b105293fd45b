"""Returns through the pipeline, judged by the engine, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cosec.compliance import engine
from cosec.errors import InvalidInput
from cosec.mechanisms.arms import reporting, service
from cosec.principals import Principal, Role
from tests.conftest import World
from tests.mechanisms.arms.support import arms_return, findings, line, send

SEC = Principal(id=None, name="analyst", role=Role.SECRETARIAT)


def _evaluate(world: World) -> None:
    with world.session() as s:
        engine.evaluate(s, deployment=world.deployment(), clock=world.clock)


def test_a_mismatch_and_a_late_return_become_findings_and_a_correction_resolves(
    world: World,
) -> None:
    chn = world.user("poc-chn", member="CHN")[0]
    khm = world.user("poc-khm", member="KHM")[0]
    world.clock.set(datetime(2026, 5, 20, 9, tzinfo=UTC))
    first = send(world, chn, arms_return(exports=[line("KHM", "I", 20, "Type 59")]))
    world.clock.set(datetime(2026, 6, 2, 9, tzinfo=UTC))
    late = send(world, khm, arms_return(imports=[line("CHN", "I", 12), line("CHN", "I", 6)]))
    _evaluate(world)
    found = [f for f in findings(world) if f[2] == "open"]
    mirror = [f for f in found if f[0] == "arms.mirror"]
    assert mirror == [
        (
            "arms.mirror",
            "mirror_mismatch",
            "open",
            ("CHN", "KHM"),
            "China reports exporting 20 items of battle tanks (category I) to Cambodia in 2025; "
            "Cambodia reports importing 18.",
        )
    ]
    late_ones = [f for f in found if f[1] == "return_late"]
    assert [f[3] for f in late_ones] == [("return:KHM:2025",)]
    missing = {
        f[3][0] for f in found if f[0] == "arms.returns_on_time" and f[1] == "return_missing"
    }
    assert "return:CHN:2025" not in missing
    assert "return:USA:2025" in missing
    # China corrects its return: the counts agree, the mismatch is resolved; the first
    # return's day still counts for timeliness.
    world.clock.set(datetime(2026, 6, 10, 9, tzinfo=UTC))
    fixed = send(world, chn, arms_return(exports=[line("KHM", "I", 18, "Type 59")]))
    _evaluate(world)
    states = {(f[0], f[1], f[3]): f[2] for f in findings(world)}
    assert states[("arms.mirror", "mirror_mismatch", ("CHN", "KHM"))] == "resolved"
    assert ("arms.returns_on_time", "return_late", ("return:CHN:2025",)) not in states
    with world.session(write=False) as s:
        views = service.list_returns(s, deployment=world.deployment(), principal=SEC)
        assert [(v.record.id, v.latest, v.on_time) for v in views] == [
            (fixed, True, False),
            (first, False, True),
            (late, True, False),
        ]
        m = service.member_arms(
            s, deployment=world.deployment(), principal=SEC, member="KHM", as_of=world.clock.now()
        )
    assert (m.transparency.checked, m.transparency.agreeing) == (1, 1)
    assert m.transparency.due == 2  # the 2025 return and expenditure report
    assert (m.transparency.sent, m.transparency.on_time) == (1, 0)
    assert m.index == pytest.approx(round(100 * (0 + 0.5 + 1) / 3, 1))


def test_a_return_for_a_year_not_ended_or_naming_itself_is_refused_and_changes_nothing(
    world: World,
) -> None:
    chn = world.user("poc-chn", member="CHN")[0]
    with pytest.raises(InvalidInput) as bad:
        send(world, chn, arms_return(year=2026, exports=[line("CHN", "I", 1)]))
    locs = {e.loc for e in bad.value.errors}
    assert locs == {"payload.year", "payload.exports[0].counterpart"}
    with pytest.raises(InvalidInput) as bad:
        send(world, chn, {"year": 2025, "nil": True, "exports": [line("KHM", "IX", -1)]})
    assert {e.loc for e in bad.value.errors} >= {
        "payload.exports[0].category",
        "payload.exports[0].units",
    }
    with world.session(write=False) as s:
        assert service.list_returns(s, deployment=world.deployment(), principal=SEC) == []


def test_the_public_reads_no_regime_return(world: World) -> None:
    chn = world.user("poc-chn", member="CHN")[0]
    send(world, chn, arms_return())
    public = Principal(id=None, name="public", role=Role.PUBLIC)
    with world.session(write=False) as s:
        assert service.list_returns(s, deployment=world.deployment(), principal=public) == []
        assert len(service.list_returns(s, deployment=world.deployment(), principal=SEC)) == 1


def test_the_annual_report_gets_each_members_index(world: World) -> None:
    chn = world.user("poc-chn", member="CHN")[0]
    khm = world.user("poc-khm", member="KHM")[0]
    send(world, chn, arms_return(exports=[line("KHM", "I", 20)]))
    send(world, khm, arms_return(imports=[line("CHN", "I", 20)]))
    world.clock.set(datetime(2027, 2, 1, tzinfo=UTC))
    with world.session(write=False) as s:
        (figure,) = reporting.report_figures(s, world.deployment(), SEC, 2026, world.clock.now())
    # As of the end of 2026: the 2025 return sent on time, no expenditure report, and the
    # one transfer agreeing: (1/2 + 1/2 + 1) / 3.
    assert figure.values["CHN"] == pytest.approx(66.7)
    assert figure.values["USA"] == 0.0  # nothing sent, nothing checked
    assert figure.counts["CHN"] == 3
    public = Principal(id=None, name="public", role=Role.PUBLIC)
    with world.session(write=False) as s:
        assert (
            reporting.report_figures(s, world.deployment(), public, 2026, world.clock.now()) == []
        )

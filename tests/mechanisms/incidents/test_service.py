"""Reports, replies and joint assessments through the pipeline, judged against the tracks,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cosec.errors import InvalidInput
from cosec.mechanisms.incidents import service
from cosec.principals import Principal
from tests.conftest import World
from tests.mechanisms.incidents.support import (
    MERCHANTS,
    REPORTED,
    UNREPORTED,
    analysis,
    at,
    evaluate,
    report,
    send,
    units,
)


def _members(world: World) -> dict[str, Principal]:
    return {m: world.user(f"poc-{m.lower()}", member=m)[0] for m in ("CHN", "USA", "JPN")}


def test_tracks_show_an_unreported_encounter_and_contradict_a_report(world: World) -> None:
    who = _members(world)
    units(world, who)
    aid = analysis(world, [UNREPORTED, REPORTED, MERCHANTS])
    rid = send(world, who["USA"], "incident.report", report())
    found = evaluate(world)
    flags = {(o, f) for o, f, *_ in found}
    assert flags == {
        ("incident.unreported", "unreported_encounter"),
        ("incident.contradicted", "report_contradicted"),
    }
    unreported = next(x for x in found if x[1] == "unreported_encounter")
    contradicted = next(x for x in found if x[1] == "report_contradicted")
    assert contradicted[3] == (f"I{rid}",)
    assert unreported[4] != contradicted[4]  # each cites its own observation
    with world.session(write=False) as s:
        v = service.get_incident(
            s, deployment=world.deployment(), principal=who["CHN"], report_id=rid
        )
        assert v.rated.level == "L3"  # 400 m and a dangerous manoeuvre, no harm
        assert v.closest is not None
        assert v.closest.tracked.cpa_m == 90.0
        assert v.closest.tracked.analysis_id == aid
        # the hull number "172" was resolved to the Chinese destroyer by the registry
        assert v.incident.other_ids == frozenset({"412000101"})


def test_a_late_report_clears_the_unreported_finding_and_is_late_itself(world: World) -> None:
    who = _members(world)
    units(world, who)
    analysis(world, [UNREPORTED])
    assert [f for _, f, *_ in evaluate(world)] == ["unreported_encounter"]
    send(
        world,
        who["CHN"],
        "incident.report",
        report(
            title="Close quarters with USS Decatur",
            occurred_at="2026-02-20T03:15:00Z",
            other_member="USA",
            own_units=[{"identifier": "412000101"}],
            other_units=[{"hull_number": "DDG 73"}],
            min_distance_m=150,
        ),
    )
    states = {(f, s) for _, f, s, *_ in evaluate(world)}
    assert states == {("unreported_encounter", "resolved"), ("report_late", "open")}


def test_the_other_member_replies_and_both_sign_a_joint_assessment(world: World) -> None:
    who = _members(world)
    rid = send(world, who["USA"], "incident.report", report())
    world.clock.set(world.clock.now() + timedelta(days=8))
    assert [f for _, f, *_ in evaluate(world)] == ["reply_overdue"]
    reply = {"report_id": rid, "narrative": "We kept 600 m.", "min_distance_m": 600}
    send(world, who["CHN"], "incident.reply", reply)
    aid = send(
        world,
        who["USA"],
        "incident.assessment",
        {"report_id": rid, "statement": "The ships passed at about 150 m.", "min_distance_m": 150},
    )
    send(world, who["CHN"], "incident.endorsement", {"assessment_id": aid})
    assert {(f, s) for _, f, s, *_ in evaluate(world)} == {
        ("reply_overdue", "resolved"),
        ("reply_late", "open"),
    }
    with world.session(write=False) as s:
        v = service.get_incident(
            s, deployment=world.deployment(), principal=who["USA"], report_id=rid
        )
    assert v.joint is not None
    assert (v.declared.level, v.rated.level) == ("L3", "L2")  # agreed 150 m: dangerous


def test_only_the_right_member_replies_or_endorses(world: World) -> None:
    who = _members(world)
    rid = send(world, who["USA"], "incident.report", report())
    with pytest.raises(InvalidInput, match="only it replies"):
        send(world, who["USA"], "incident.reply", {"report_id": rid, "narrative": "self"})
    aid = send(world, who["USA"], "incident.assessment", {"report_id": rid, "statement": "x"})
    with pytest.raises(InvalidInput, match="proposed by you"):
        send(world, who["USA"], "incident.endorsement", {"assessment_id": aid})


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"other_member": "USA"}, "payload.other_member"),
        ({"acts": ["lazer"]}, "payload.acts[0]"),
        ({"occurred_at": "2027-01-01T00:00:00Z"}, "payload.occurred_at"),
        ({"own_units": [{"identifier": "4840d6"}]}, "payload.own_units[0].identifier"),
        ({"min_distance_m": -1}, "payload.min_distance_m"),
        ({"domain": "land"}, "payload.domain"),
        ({"own_units": []}, "payload.own_units"),
    ],
)
def test_a_bad_report_names_the_field_and_writes_nothing(
    world: World, change: dict[str, object], loc: str
) -> None:
    who = _members(world)
    with pytest.raises(InvalidInput) as caught:
        send(world, who["USA"], "incident.report", report(**change))
    assert loc in [e.loc for e in caught.value.errors]
    with world.session(write=False) as s:
        listed = service.list_incidents(s, deployment=world.deployment(), principal=who["USA"])
    assert listed == []


def test_a_repeat_offender_after_three_serious_incidents_in_a_year(world: World) -> None:
    who = _members(world)
    for day in (1, 2, 3):
        send(
            world,
            who["USA"],
            "incident.report",
            report(
                occurred_at=f"2026-02-0{day}T10:00:00Z", min_distance_m=100, title=f"Pass {day}"
            ),
        )
        flags = [f for _, f, s, *_ in evaluate(world) if s == "open"]
    assert flags.count("repeat_offender") == 1
    assert at("2026-03-01 09:00") == world.clock.now()

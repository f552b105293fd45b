"""The inbox: each user's open actions and deadlines across mechanisms, on both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cosec.access import people
from cosec.drafts import service as drafts
from cosec.errors import InvalidInput
from cosec.inbox import service as inbox_service
from cosec.inbox.service import Item, time_left
from cosec.kit import Action, Severity
from cosec.kit.mechanism import Ref
from cosec.principals import Duty, Principal, Role
from tests.conftest import World
from tests.inbox.support import activity, inbox_of, keys, send


def _request(world: World, asker: Principal, respondent: str) -> int:
    return send(
        world,
        asker,
        "notification.explanation_request",
        {"respondent": respondent, "concern": "Naval manoeuvres off Hainan"},
    )


def test_a_request_for_explanation_waits_in_the_respondents_inbox_until_answered(
    world: World,
) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    rid = _request(world, chn, "RUS")

    box = inbox_of(world, rus)
    (item,) = [i for i in box.items if i.kind == "reply"]
    assert item.key == f"notification:reply:{rid}"
    assert item.members == ("RUS",)
    assert item.href == f"/records/{rid}"
    assert item.due == world.clock.now() + timedelta(hours=48)
    assert "from China" in item.title
    assert "Naval manoeuvres" in item.title
    assert time_left(item.due, world.clock.now()) == "in 2 days"
    assert all(i.kind != "reply" for i in inbox_of(world, chn).items)  # not the asker's to do

    world.clock.set(world.clock.now() + timedelta(hours=50))
    (late,) = [i for i in inbox_of(world, rus).items if i.kind == "reply"]
    assert late.overdue(world.clock.now())  # still to do, now overdue
    assert time_left(late.due, world.clock.now()) == "overdue by 2 h"

    send(
        world, rus, "notification.explanation_reply", {"request_id": rid, "explanation": "A drill."}
    )
    assert all(i.kind != "reply" for i in inbox_of(world, rus).items)


def test_calendars_due_are_listed_until_sent(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    box = inbox_of(world, chn)
    calendars = {i.key: i for i in box.items if i.kind == "calendar"}
    # 1 March 2026: the 2026 calendar was due 15 Nov 2025 (overdue), 2027's is due 15 Nov 2026.
    assert set(calendars) == {"notification:calendar:CHN:2026", "notification:calendar:CHN:2027"}
    assert calendars["notification:calendar:CHN:2027"].due == datetime(
        2026, 11, 15, 23, 59, 59, 999999, tzinfo=UTC
    )
    assert calendars["notification:calendar:CHN:2026"].overdue(world.clock.now())
    assert calendars["notification:calendar:CHN:2027"].href == "/calendar?year=2027"

    send(world, chn, "notification.calendar", {"year": 2027, "nil_return": True})
    left = [i.key for i in inbox_of(world, chn).items if i.kind == "calendar"]
    assert left == ["notification:calendar:CHN:2026"]


def test_an_invitation_waits_for_the_invited_states_answer(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    jpn, _ = world.user("jpn", member="JPN")
    nid = send(world, chn, "notification.prior", activity(world, 60, 15_000))
    inv = send(
        world, chn, "notification.invitation", {"notification_id": nid, "invited": ["USA", "JPN"]}
    )
    (item,) = [i for i in inbox_of(world, usa).items if i.kind == "invitation"]
    assert item.key == f"notification:invitation:{inv}:USA"
    assert item.href == f"/notifications/{nid}"
    assert item.due is not None
    assert item.due.date() == world.clock.now().date() + timedelta(60)
    assert "Strait Thunder" in item.title

    send(
        world,
        usa,
        "notification.invitation_reply",
        {"invitation_id": inv, "accepted": True, "observers": 2},
    )
    assert all(i.kind != "invitation" for i in inbox_of(world, usa).items)
    assert [i.kind for i in inbox_of(world, jpn).items].count("invitation") == 1


def test_a_planned_activity_is_due_for_notification_by_its_lead_time(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    planned = activity(world, 90, 20_000, name="Joint Sword")
    send(world, chn, "notification.calendar", {"year": 2026, "entries": [planned]})
    (item,) = [i for i in inbox_of(world, chn).items if i.kind == "notification"]
    start = world.clock.now().date() + timedelta(days=90)
    assert item.due is not None
    assert item.due.date() == start - timedelta(days=42)
    assert item.href == "/notifications/new"

    send(world, chn, "notification.prior", planned)
    assert all(i.kind != "notification" for i in inbox_of(world, chn).items)


def test_open_findings_about_ones_state_are_listed_until_answered(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    send(world, chn, "notification.prior", activity(world, 10))  # 10 days ahead: late
    found = [i for i in inbox_of(world, chn).items if i.kind == "finding"]
    late = [i for i in found if "10 days before" in i.title]
    assert len(late) == 1
    assert late[0].severity is not None
    assert late[0].href.startswith("/findings/")
    assert all(i.kind != "finding" or "CHN" not in i.members for i in inbox_of(world, usa).items)

    finding_id = int(late[0].key.split(":")[1])
    send(world, chn, "finding.answer", {"finding_id": finding_id, "answer": "A slip."})
    assert late[0].key not in keys(inbox_of(world, chn))


def test_the_secretariat_sees_every_members_actions_and_filters_them(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    world.user("rus", member="RUS")
    sec, _ = world.user("analyst", role=Role.SECRETARIAT)
    observer, _ = world.user("observer", role=Role.OBSERVER)
    rid = _request(world, chn, "RUS")

    box = inbox_of(world, sec)
    assert f"notification:reply:{rid}" in keys(box)
    members = {m for i in box.items for m in i.members}
    assert {"CHN", "RUS", "USA"} <= members  # every member's calendar, and the reply
    assert "reply" in box.kinds
    assert "calendar" in box.kinds

    only = inbox_of(world, sec, member="RUS", kind="reply")
    assert keys(only) == [f"notification:reply:{rid}"]
    soon = inbox_of(world, sec, within_hours=72)
    assert soon.items
    assert all(
        i.due is not None and i.due <= world.clock.now() + timedelta(hours=72) for i in soon.items
    )
    assert all(i.kind != "calendar" or i.overdue(world.clock.now()) for i in soon.items)
    assert inbox_of(world, observer).items == []


def test_items_come_soonest_deadline_first_then_findings_most_severe(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    rus, _ = world.user("rus", member="RUS")
    _request(world, chn, "RUS")
    send(world, rus, "notification.prior", activity(world, 5, state="RUS"))
    box = inbox_of(world, rus)
    dues = [i.due for i in box.items if i.due is not None]
    assert dues == sorted(dues)
    first_undated = next(n for n, i in enumerate(box.items) if i.due is None)
    assert all(i.due is None for i in box.items[first_undated:])
    ranks = [i.severity.rank for i in box.items[first_undated:] if i.severity is not None]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"kind": "Reply!"}, "kind"),
        ({"member": "rus"}, "member"),
        ({"within_hours": -1}, "within_hours"),
        ({"within_hours": 10**6}, "within_hours"),
    ],
)
def test_bad_filters_name_their_field(world: World, filters: dict, field: str) -> None:
    chn, _ = world.user("chn", member="CHN")
    with pytest.raises(InvalidInput) as caught:
        inbox_of(world, chn, **filters)
    assert [e.loc for e in caught.value.errors] == [field]


def _broken(*_: object) -> list[Item]:
    raise RuntimeError("a source that cannot read its records")


def test_a_failing_source_is_left_out_not_the_whole_inbox(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    chn, _ = world.user("chn", member="CHN")
    monkeypatch.setitem(inbox_service.CORE_SOURCES, "broken", Ref(f"{__name__}:_broken"))
    box = inbox_of(world, chn)
    assert box.failed == ("broken",)
    assert any(i.kind == "calendar" for i in box.items)


def test_an_action_must_be_timezone_aware_and_point_at_a_page() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Action("k", "CHN", "Do it", "/x", due=datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="href"):
        Action("k", "CHN", "Do it", "https://elsewhere.example/x")
    item = Item.of("notification", Action("k", "CHN", "Do it", "/x", kind="reply"))
    assert (item.key, item.members, item.severity) == ("notification:k", ("CHN",), None)
    assert Severity.HIGH.rank > Severity.LOW.rank


def test_a_draft_awaits_an_approver_of_its_member_not_its_drafter(world: World) -> None:
    world.user("chn-drafter", member="CHN")
    world.user("chn-approver", member="CHN")
    world.user("usa-approver", member="USA")
    with world.session() as s:
        drafter = people.set_duty(s, name="chn-drafter", duty=Duty.DRAFTER)
        approver = people.set_duty(s, name="chn-approver", duty=Duty.APPROVER)
        other = people.set_duty(s, name="usa-approver", duty=Duty.APPROVER)
        draft = drafts.save(
            s,
            principal=drafter,
            kind="notification.calendar",
            title="Annual calendar 2027",
            form_path="/calendars/new",
            form={"year": "2027", "nil_return": "on"},
            now=world.clock.now(),
        )
        draft_id = draft.id
    (item,) = [i for i in inbox_of(world, approver).items if i.kind == "draft"]
    assert item.key == f"draft:{draft_id}"
    assert item.href == f"/drafts/{draft_id}"
    assert item.members == ("CHN",)
    assert "Annual calendar 2027" in item.title
    assert all(i.kind != "draft" for i in inbox_of(world, drafter).items)
    assert all(i.kind != "draft" for i in inbox_of(world, other).items)

    with world.session() as s:
        drafts.discard(s, principal=drafter, draft_id=draft_id, now=world.clock.now())
    assert all(i.kind != "draft" for i in inbox_of(world, approver).items)

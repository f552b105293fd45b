"""Withdrawing a notification, on both stores.

Only its notifier withdraws it; the withdrawal takes the notification's audience and
parties; withdrawn before its start, the activity is no longer judged (its findings are
resolved, an activity observed in its place is not notified); withdrawn once begun, it is
judged all the same and the withdrawal is on record; amendments sent after it change
nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from cosec import deployment as deployment_service
from cosec.compliance import service as findings
from cosec.errors import InvalidInput
from cosec.mechanisms.notifications import service
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.store.records import get_visible, parties_of
from tests.api.support import api_over
from tests.conftest import World
from tests.mechanisms.notifications.test_service import notification


def send(world: World, who: Principal, kind: str, payload: dict[str, Any], **kw: Any) -> int:
    with world.session() as s:
        return submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=who,
            kind=kind,
            payload=payload,
            clock=world.clock,
            **kw,
        ).id


def open_flags(world: World, record_id: int) -> set[str]:
    sec = Principal(id=None, name="sec", role=Role.SECRETARIAT)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        found = findings.list_findings(s, deployment=d, principal=sec, record_id=record_id)
    return {f.row.flag for f in found if f.row.state == "open"}


def withdraw(world: World, who: Principal, notification_id: int) -> int:
    payload = {"notification_id": notification_id, "reason": "called off"}
    return send(world, who, "notification.withdrawal", payload)


def test_only_the_notifier_withdraws(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    rid = send(world, chn, "notification.prior", notification(date(2026, 6, 1)))
    with pytest.raises(InvalidInput) as refused:
        withdraw(world, usa, rid)
    assert "payload.notification_id: was notified by CHN, not by you" in str(refused.value)
    with pytest.raises(InvalidInput):
        send(world, chn, "notification.withdrawal", {"notification_id": rid, "reason": ""})


def test_withdrawn_before_its_start_it_is_no_longer_judged(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    start = world.clock.now().date() + timedelta(days=20)  # late: a finding against China
    rid = send(world, chn, "notification.prior", notification(start, designation="Sea Wall"))
    assert "late" in open_flags(world, rid)
    wid = withdraw(world, chn, rid)
    assert "late" not in open_flags(world, rid)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        view = service.get_notification(s, deployment=d, principal=sec, notification_id=rid)
        bars = service.timeline(s, deployment=d, principal=sec, year=start.year)
    assert view.withdrawal is not None
    assert view.withdrawal.id == wid
    assert view.activity.called_off
    assert all(b.record_id != rid for bar in bars.values() for b in bar)
    # The activity takes place all the same, and the secretariat sees it: not notified.
    observed = notification(start, designation="Sea Wall", troops=12_000)
    oid = send(world, sec, "notification.observed", observed)
    assert "not_notified" in open_flags(world, oid)


def test_withdrawn_once_begun_it_is_judged_all_the_same(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    start = world.clock.now().date() - timedelta(days=2)  # under way: notified after its start
    rid = send(world, chn, "notification.prior", notification(start))
    assert "late" in open_flags(world, rid)
    withdraw(world, chn, rid)
    assert "late" in open_flags(world, rid)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        view = service.get_notification(s, deployment=d, principal=sec, notification_id=rid)
    assert view.activity.withdrawn_on == world.clock.now().date()
    assert not view.activity.called_off


def test_an_amendment_after_the_withdrawal_changes_nothing(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    start = world.clock.now().date() + timedelta(days=20)
    rid = send(world, chn, "notification.prior", notification(start))
    withdraw(world, chn, rid)
    later = (start - timedelta(days=30)).isoformat()  # would move it before the withdrawal
    amendment = {"notification_id": rid, "reason": "moved", "start": later, "end": later}
    send(world, chn, "notification.amendment", amendment)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        view = service.get_notification(s, deployment=d, principal=sec, notification_id=rid)
    assert view.activity.start == start
    assert view.activity.called_off
    assert "late" not in open_flags(world, rid)


def test_a_withdrawal_takes_the_audience_and_parties_of_its_notification(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    jpn, _ = world.user("jpn", member="JPN")
    payload = notification(date(2026, 6, 1))
    rid = send(world, chn, "notification.prior", payload, audience="parties", parties=["USA"])
    wid = withdraw(world, chn, rid)
    with world.session(write=False) as s:
        charter = deployment_service.load(s).current
        row = get_visible(s, chn, charter, wid)
        assert row is not None
        assert row.audience == "parties"
        assert parties_of(s, [wid])[wid] == {"CHN", "USA"}
        assert get_visible(s, jpn, charter, wid) is None


def test_the_api_says_a_notification_was_withdrawn(world: World) -> None:
    with api_over(world) as api:
        start = 20
        n = api.notify("CHN", start=start)
        assert n["withdrawn_on"] is None
        body = {
            "kind": "notification.withdrawal",
            "payload": {"notification_id": n["id"], "reason": "off"},
        }
        api.ok(api.post("/v1/records", "CHN", body), 201)
        shown = api.ok(api.get(f"/v1/notifications/{n['id']}", "USA"))
    assert shown["withdrawn_on"] == world.clock.now().date().isoformat()
    assert shown["called_off"] is True
    assert "late" not in {f["flag"] for f in shown["findings"] if f["state"] == "open"}

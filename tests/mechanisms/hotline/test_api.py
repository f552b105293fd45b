"""The hotline through /v1 and the server's scheduler, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.support import Api, api_over, app_for, assert_invalid
from tests.conftest import World

CHAIN = {
    "contacts": [
        {"role": "duty_officer", "name": "KOR duty officer"},
        {"role": "ministry", "name": "KOR ministry"},
    ]
}


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    world.member_key("KOR")
    with api_over(world) as a:
        a.keys["KOR"] = world.user("poc-kor", member="KOR")[1]
        yield a


def flash(to: str = "KOR", **kw: Any) -> dict[str, Any]:
    return {
        "payload": {"to": to, "precedence": "FLASH", "subject": "Close pass", "text": "Now."} | kw
    }


def escalations(api: Api, mid: int, who: str = "CHN") -> list[tuple[int, str]]:
    m = api.ok(api.get(f"/v1/hotline/messages/{mid}", who))
    return [(e["step"], e["to_member"]) for e in m["escalations"]]


def test_a_flash_is_sent_seen_by_its_addressee_only_and_acknowledged(api: Api) -> None:
    sent = api.ok(api.post("/v1/hotline/messages", "CHN", flash()), 201)
    assert sent["status"] == "awaiting"
    assert sent["audience"] == "parties"
    inbox = api.ok(api.get("/v1/hotline/messages", "KOR", box="inbox"))
    assert [m["id"] for m in inbox] == [sent["id"]]
    assert api.ok(api.get("/v1/hotline/messages", "JPN")) == []
    assert api.get(f"/v1/hotline/messages/{sent['id']}", "JPN").status_code == 404
    own = api.post(f"/v1/hotline/messages/{sent['id']}/acks", "CHN", {"payload": {}})
    assert_invalid(own, "payload.message_id", "only it acknowledges")
    api.ok(api.post(f"/v1/hotline/messages/{sent['id']}/acks", "KOR", {"payload": {}}), 201)
    done = api.ok(api.get(f"/v1/hotline/messages/{sent['id']}", "CHN"))
    assert (done["status"], done["ack_seconds"]) == ("acknowledged", 0.0)


def test_the_scheduler_escalates_along_the_chain_once_each_step(api: Api, world: World) -> None:
    api.ok(api.post("/v1/hotline/contacts", "KOR", {"payload": CHAIN}), 201)
    mid = api.ok(api.post("/v1/hotline/messages", "CHN", flash()), 201)["id"]
    live = api.client.app.state.hotline  # type: ignore[attr-defined]
    start = world.clock.now()
    world.clock.set(start + timedelta(minutes=4, seconds=59))
    live.fire_due()
    assert escalations(api, mid) == []
    world.clock.set(start + timedelta(minutes=5))
    live.fire_due()
    live.fire_due()
    assert escalations(api, mid) == [(1, "KOR")]
    world.clock.set(start + timedelta(minutes=10))
    live.fire_due()
    assert escalations(api, mid) == [(1, "KOR"), (2, "SEC")]
    one = api.ok(api.get(f"/v1/hotline/messages/{mid}", "KOR"))
    assert [e["to_name"] for e in one["escalations"]] == ["KOR ministry", "the secretariat"]
    assert one["status"] == "overdue"


def test_after_a_restart_what_fell_due_while_down_fires_once(world: World) -> None:
    with api_over(world) as api:
        keys = api.keys
        api.ok(api.post("/v1/hotline/contacts", "USA", {"payload": CHAIN}), 201)
        mid = api.ok(api.post("/v1/hotline/messages", "CHN", flash(to="USA")), 201)["id"]
    world.clock.set(world.clock.now() + timedelta(minutes=20))  # the server was down
    for _ in range(2):  # two restarts
        with TestClient(app_for(world)) as client:
            client.app.state.hotline.fire_due()  # type: ignore[attr-defined]
    with TestClient(app_for(world)) as client:
        api = Api(client=client, keys=keys, world=world)
        assert escalations(api, mid) == [(1, "USA"), (2, "SEC")]
        kinds = [r["kind"] for r in api.ok(api.get("/v1/records", "SEC", limit=1000))]
        assert kinds.count("hotline.escalation") == 2


def test_the_event_stream_replays_a_members_messages(api: Api) -> None:
    mid = api.ok(api.post("/v1/hotline/messages", "CHN", flash()), 201)["id"]
    live = api.client.app.state.hotline  # type: ignore[attr-defined]
    live.fire_due()
    live.stream_seconds = 0  # send what is kept, then end (a browser reconnects)
    got = api.client.get("/hotline/events", headers=api.auth("KOR") | {"Last-Event-ID": "0"})
    assert got.headers["content-type"].startswith("text/event-stream")
    assert f'"id": {mid}' in got.text
    assert "event: hotline" in got.text
    other = api.client.get("/hotline/events", headers=api.auth("JPN"))
    assert "event: hotline" not in other.text
    assert api.client.get("/hotline/events").status_code == 401
    later = api.client.get("/hotline/events", headers=api.auth("KOR") | {"Last-Event-ID": str(mid)})
    assert "event: hotline" not in later.text


def test_measured_times_contacts_and_assess(api: Api, world: World) -> None:
    api.ok(api.post("/v1/hotline/contacts", "KOR", {"payload": CHAIN}), 201)
    mid = api.ok(api.post("/v1/hotline/messages", "CHN", flash(drill=True)), 201)["id"]
    world.clock.set(world.clock.now() + timedelta(minutes=3))
    api.ok(api.post(f"/v1/hotline/messages/{mid}/acks", "KOR", {"payload": {}}), 201)
    (kor,) = api.ok(api.get("/v1/hotline/ack-times", "SEC", year=2026))
    assert (kor["member"], kor["drills"], kor["median_seconds"]) == ("KOR", 1, 180.0)
    chains = api.ok(api.get("/v1/hotline/contacts", "JPN"))
    assert [c["submitter"] for c in chains] == ["KOR"]
    body = {
        "messages": [
            {"id": "d1", "from": "CHN", "to": "KOR", "precedence": "FLASH",
             "sent_at": "2026-03-01T09:00:00Z", "acknowledged_at": "2026-03-01T09:12:00Z"},
        ],
        "contacts": {"KOR": CHAIN["contacts"]},
    }  # fmt: skip
    (row,) = api.ok(api.post("/v1/hotline/assess", "PUBLIC", body))
    assert (row["status"], row["flags"]) == ("acknowledged late", ["ack_late"])
    assert [e["step"] for e in row["escalations"]] == [1, 2]
    bad = {
        "messages": [
            {
                "id": "x",
                "from": "CHN",
                "to": "CHN",
                "precedence": "NOW",
                "sent_at": "2026-03-01T09:00:00Z",
            }
        ]
    }
    assert_invalid(
        api.post("/v1/hotline/assess", "PUBLIC", bad), "message x.precedence", "must be one of"
    )


def test_a_message_to_acknowledge_is_in_the_addressees_inbox_until_acknowledged(api: Api) -> None:
    mid = api.ok(api.post("/v1/hotline/messages", "CHN", flash()), 201)["id"]
    inbox = api.ok(api.get("/v1/inbox", "KOR"))
    (item,) = [i for i in inbox["items"] if i["key"] == f"hotline:hotline-ack:{mid}"]
    assert item["title"] == "Acknowledge CHN's FLASH message “Close pass”"
    assert item["href"] == f"/hotline/messages/{mid}"
    assert not [
        i for i in api.ok(api.get("/v1/inbox", "CHN"))["items"] if "hotline-ack" in i["key"]
    ]
    api.ok(api.post(f"/v1/hotline/messages/{mid}/acks", "KOR", {"payload": {}}), 201)
    assert not [
        i for i in api.ok(api.get("/v1/inbox", "KOR"))["items"] if "hotline-ack" in i["key"]
    ]

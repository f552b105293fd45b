"""Nobody submits as someone else: the submitter is always the key's member.

A member signs for itself only; it amends and invites to its own notifications, replies
only to what was addressed to it; observers and the public submit nothing; a revoked key
opens nothing. Every refusal writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from cosec.access import service as users
from tests.api.support import Api, activity, assert_invalid, error_locs


def _reject(api: Api, response: Any, status: int, loc: str | None = None) -> None:
    assert response.status_code == status, response.text
    if loc is not None:
        assert loc in error_locs(response), response.text


def test_the_submitter_is_the_key_s_member(api: Api) -> None:
    joint = api.notify("CHN", {"payload": activity(states=("CHN", "USA"))})
    assert joint["submitter"] == "CHN"
    stored = api.ok(api.get(f"/v1/records/{joint['id']}", "USA"))
    assert stored["submitter"] == "CHN"
    # There is no field to claim another submitter, at the top or in the payload.
    before = api.state()
    for body in (
        {"kind": "notification.prior", "payload": activity(), "submitter": "USA"},
        {"kind": "notification.prior", "payload": activity() | {"submitter": "USA"}},
    ):
        r = api.post("/v1/records", "CHN", body)
        assert r.status_code == 422, r.text
        assert any(loc.endswith("submitter") for loc in error_locs(r)), r.text
    assert api.state() == before
    # Another member's key signs as that member, whichever header carries it.
    r = api.client.post(
        "/v1/notifications",
        headers={"X-API-Key": str(api.keys["USA"])},
        json={"payload": activity(states=("USA",))},
    )
    assert r.status_code == 201, r.text
    assert r.json()["submitter"] == "USA"


@pytest.mark.parametrize("path", ["/v1/notifications", "/v1/records"])
def test_a_notification_must_name_the_notifying_state(api: Api, path: str) -> None:
    before = api.state()
    body: dict[str, Any] = {"payload": activity(states=("USA", "JPN"))}
    if path == "/v1/records":
        body["kind"] = "notification.prior"
    r = api.post(path, "CHN", body)
    assert_invalid(r, "payload.states", "must include the notifying state CHN")
    assert api.state() == before


def test_only_the_notifying_state_amends_or_invites(api: Api) -> None:
    usa = api.notify("USA", {"payload": activity("Exercise Freedom Edge", states=("USA", "JPN"))})
    chn = api.notify("CHN")
    before = api.state()
    amendment = {"payload": {"reason": "more troops", "figures": {"troops": 20_000}}}
    invitation = {"payload": {"invited": ["KOR"]}}
    # JPN takes part in the activity, but USA notified it.
    for who in ("CHN", "JPN"):
        r = api.post(f"/v1/notifications/{usa['id']}/amendments", who, amendment)
        assert_invalid(r, "payload.notification_id", "was notified by USA, not by you")
        r = api.post(f"/v1/notifications/{usa['id']}/invitations", who, invitation)
        assert_invalid(r, "payload.notification_id", "was notified by USA, not by you")
    # The id in the path wins over one slipped into the payload.
    r = api.post(
        f"/v1/notifications/{usa['id']}/amendments",
        "CHN",
        {"payload": amendment["payload"] | {"notification_id": chn["id"]}},
    )
    assert_invalid(r, "payload.notification_id", "was notified by USA, not by you")
    # The generic path applies the same rule.
    r = api.post(
        "/v1/records",
        "CHN",
        {
            "kind": "notification.amendment",
            "payload": {"notification_id": usa["id"], "reason": "x", "end": usa["end"]},
        },
    )
    assert_invalid(r, "payload.notification_id", "was notified by USA, not by you")
    assert api.state() == before
    # USA itself may.
    api.ok(api.post(f"/v1/notifications/{usa['id']}/amendments", "USA", amendment), 201)
    api.ok(api.post(f"/v1/notifications/{usa['id']}/invitations", "USA", invitation), 201)


def test_a_member_cannot_amend_a_notification_it_cannot_read(api: Api) -> None:
    hidden = api.notify("CHN", {"payload": activity(), "audience": "parties", "parties": ["USA"]})
    before = api.state()
    r = api.post(
        f"/v1/notifications/{hidden['id']}/amendments",
        "JPN",
        {"payload": {"reason": "x", "figures": {"troops": 1}}},
    )
    # The same answer as for an id that does not exist: nothing is given away.
    assert_invalid(r, "payload.notification_id", "record you can read")
    missing = api.post(
        "/v1/notifications/999999/amendments",
        "JPN",
        {"payload": {"reason": "x", "figures": {"troops": 1}}},
    )
    assert missing.json()["errors"] == r.json()["errors"]
    assert api.state() == before


def test_an_amendment_keeps_the_audience_of_its_notification(api: Api) -> None:
    hidden = api.notify("CHN", {"payload": activity(), "audience": "parties", "parties": ["USA"]})
    amended = api.ok(
        api.post(
            f"/v1/notifications/{hidden['id']}/amendments",
            "CHN",
            {"payload": {"reason": "x", "figures": {"troops": 10_000}}, "audience": "public"},
        ),
        201,
    )
    assert amended["audience"] == "parties"
    api.ok(api.get(f"/v1/records/{amended['id']}", "USA"))
    for who in ("JPN", "OBS", "PUBLIC"):
        assert api.get(f"/v1/records/{amended['id']}", who).status_code == 404


def test_only_the_invited_reply_to_an_invitation(api: Api) -> None:
    n = api.notify("CHN")
    inv = api.ok(
        api.post(
            f"/v1/notifications/{n['id']}/invitations", "CHN", {"payload": {"invited": ["USA"]}}
        ),
        201,
    )
    before = api.state()
    for who in ("JPN", "CHN"):
        r = api.post(
            f"/v1/invitations/{inv['id']}/replies",
            who,
            {"payload": {"accepted": True, "observers": 1}},
        )
        assert_invalid(r, "payload.invitation_id", "was not addressed to you")
    assert api.state() == before
    reply = api.post(
        f"/v1/invitations/{inv['id']}/replies",
        "USA",
        {"payload": {"accepted": True, "observers": 2}},
    )
    assert api.ok(reply, 201)["submitter"] == "USA"


def test_only_the_state_asked_replies_to_a_request_for_explanation(api: Api) -> None:
    req = api.ok(
        api.post(
            "/v1/explanation-requests",
            "JPN",
            {"payload": {"respondent": "CHN", "concern": "naval drills near the Senkaku"}},
        ),
        201,
    )
    before = api.state()
    for who in ("USA", "JPN"):
        r = api.post(
            f"/v1/explanation-requests/{req['id']}/replies",
            who,
            {"payload": {"explanation": "routine training"}},
        )
        assert_invalid(r, "payload.request_id", "was not addressed to you")
    assert api.state() == before
    reply = api.post(
        f"/v1/explanation-requests/{req['id']}/replies",
        "CHN",
        {"payload": {"explanation": "routine training"}},
    )
    assert api.ok(reply, 201)["submitter"] == "CHN"


def test_a_member_cannot_ask_itself_nor_submit_what_only_the_secretariat_records(
    api: Api,
) -> None:
    before = api.state()
    r = api.post(
        "/v1/explanation-requests", "CHN", {"payload": {"respondent": "CHN", "concern": "x"}}
    )
    assert_invalid(r, "payload.respondent", "must be another state")
    observed = {"payload": activity(states=("RUS",))}
    _reject(api, api.post("/v1/observed-activities", "CHN", observed), 403)
    _reject(api, api.post("/v1/records", "CHN", observed | {"kind": "notification.observed"}), 403)
    # The secretariat records what it saw, but notifies nothing in a member's name.
    _reject(api, api.post("/v1/notifications", "SEC", {"payload": activity()}), 403)
    assert api.state() == before


def _writes(api: Api) -> list[tuple[str, dict[str, Any]]]:
    """Every submitting path with a body that would be accepted from the right caller."""
    n = api.notify("CHN")
    inv = api.ok(
        api.post(
            f"/v1/notifications/{n['id']}/invitations", "CHN", {"payload": {"invited": ["USA"]}}
        ),
        201,
    )
    req = api.ok(
        api.post(
            "/v1/explanation-requests", "JPN", {"payload": {"respondent": "CHN", "concern": "x"}}
        ),
        201,
    )
    late = next(f for f in n["findings"] if f["flag"] == "late")
    return [
        ("/v1/notifications", {"payload": activity(states=("CHN",))}),
        ("/v1/records", {"kind": "notification.prior", "payload": activity()}),
        (f"/v1/notifications/{n['id']}/amendments", {"payload": {"reason": "x", "end": n["end"]}}),
        (f"/v1/notifications/{n['id']}/invitations", {"payload": {"invited": ["JPN"]}}),
        (f"/v1/invitations/{inv['id']}/replies", {"payload": {"accepted": False}}),
        ("/v1/calendars", {"payload": {"year": 2027, "nil_return": True}}),
        ("/v1/explanation-requests", {"payload": {"respondent": "CHN", "concern": "x"}}),
        (f"/v1/explanation-requests/{req['id']}/replies", {"payload": {"explanation": "x"}}),
        ("/v1/observed-activities", {"payload": activity(states=("RUS",))}),
        (f"/v1/findings/{late['id']}/answers", {"answer": "we were late"}),
        ("/v1/evaluate", None),
    ]


@pytest.mark.parametrize(("who", "status"), [("OBS", 403), ("PUBLIC", 401)])
def test_observers_and_the_public_submit_nothing(api: Api, who: str, status: int) -> None:
    writes = _writes(api)
    before = api.state()
    for path, body in writes:
        r = api.post(path, who, body)
        assert r.status_code == status, (path, r.text)
        assert r.json()["error"] == ("Forbidden" if status == 403 else "Unauthenticated")
        if status == 401:
            assert r.headers["www-authenticate"] == "Bearer"
    assert api.state() == before


def test_a_revoked_key_opens_nothing(api: Api) -> None:
    n = api.notify("CHN")
    with api.world.session() as s:
        assert users.revoke(s, ref="poc-chn", clock=api.world.clock) == 1
    before = api.state()
    key = str(api.keys["CHN"])
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        r = api.client.post("/v1/notifications", headers=headers, json={"payload": activity()})
        assert r.status_code == 401, r.text
        assert r.json()["message"] == "this API key was revoked"
        for path in ("/v1/notifications", f"/v1/notifications/{n['id']}", "/v1/findings"):
            assert api.client.get(path, headers=headers).status_code == 401
    assert api.state() == before
    # A key that was never issued is refused the same way, and does not read as public.
    for bad in ("cosec_000000000000_nope", "not-a-key"):
        r = api.client.get("/v1/notifications", headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401, r.text

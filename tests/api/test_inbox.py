"""/v1/inbox: the caller's open actions, alert settings and feed token, over HTTP."""

from __future__ import annotations

from datetime import timedelta

from tests.api.support import Api, activity, assert_invalid


def _request(api: Api, asker: str = "CHN", respondent: str = "USA") -> int:
    body = {"payload": {"respondent": respondent, "concern": "Carrier drills"}}
    r = api.post("/v1/explanation-requests", asker, body)
    return int(api.ok(r, 201)["id"])


def test_the_respondent_reads_its_reply_due_with_the_time_left(api: Api) -> None:
    rid = _request(api)
    box = api.ok(api.get("/v1/inbox", "USA"))
    (item,) = [i for i in box["items"] if i["kind"] == "reply"]
    assert item["key"] == f"notification:reply:{rid}"
    assert item["members"] == ["USA"]
    assert item["href"] == f"/records/{rid}"
    assert item["time_left"] == "in 2 days"
    assert item["overdue"] is False
    assert item["source"] == "notification"
    assert box["count"] == len(box["items"])
    assert all(i["kind"] != "reply" for i in api.ok(api.get("/v1/inbox", "CHN"))["items"])

    only = api.ok(api.get("/v1/inbox", "SEC", kind="reply", member="USA"))
    assert [i["key"] for i in only["items"]] == [item["key"]]
    assert api.ok(api.get("/v1/inbox", "OBS"))["items"] == []


def test_findings_to_answer_are_in_the_inbox(api: Api) -> None:
    api.notify("CHN", start=10)  # ten days ahead: late
    box = api.ok(api.get("/v1/inbox", "CHN", kind="finding"))
    assert box["items"]
    assert all(i["href"].startswith("/findings/") for i in box["items"])
    assert {i["severity"] for i in box["items"]} <= {"low", "medium", "high"}


def test_the_inbox_wants_a_signed_in_caller_and_good_filters(api: Api) -> None:
    assert api.get("/v1/inbox").status_code == 401
    assert_invalid(api.get("/v1/inbox", "CHN", member="chn"), "query.member", "alpha-3")
    assert_invalid(api.get("/v1/inbox", "CHN", within_hours=-3), "query.within_hours", "")
    assert_invalid(api.get("/v1/inbox", "CHN", kind="Reply"), "query.kind", "")


def test_a_user_sets_their_alerts_and_bad_addresses_change_nothing(api: Api) -> None:
    assert api.get("/v1/inbox/alerts").status_code == 401
    before = api.ok(api.get("/v1/inbox/alerts", "CHN"))
    assert before == {
        "email": None,
        "findings": True,
        "deadlines": True,
        "flash": True,
        "language": "en",
        "since": None,
        "feed": False,
    }
    put = api.client.put(
        "/v1/inbox/alerts",
        headers=api.auth("CHN"),
        json={"email": "poc@mfa.example.cn", "flash": False, "language": "zh"},
    )
    saved = api.ok(put)
    assert saved["email"] == "poc@mfa.example.cn"
    assert saved["flash"] is False
    assert saved["language"] == "zh"
    assert saved["since"] is not None

    for bad in ("not an address", "a@b", "x@y.example\r\nBcc: all@example.org"):
        r = api.client.put("/v1/inbox/alerts", headers=api.auth("CHN"), json={"email": bad})
        assert_invalid(r, "email", "address")
    r = api.client.put("/v1/inbox/alerts", headers=api.auth("CHN"), json={"findings": "yes"})
    assert r.status_code == 422
    r = api.client.put("/v1/inbox/alerts", headers=api.auth("CHN"), json={"language": "fr"})
    assert_invalid(r, "language", "en, zh")
    r = api.client.put("/v1/inbox/alerts", headers=api.auth("CHN"), json={"sms": "+1"})
    assert r.status_code == 422
    assert api.ok(api.get("/v1/inbox/alerts", "CHN")) == saved
    assert api.ok(api.get("/v1/inbox/alerts", "USA"))["email"] is None  # one user's only


def test_a_feed_token_is_shown_once_and_replaced_or_revoked(api: Api) -> None:
    first = api.ok(api.post("/v1/inbox/feed-token", "JPN"), 201)
    assert first["url"].endswith(f"/users/poc-jpn/feed.atom?token={first['token']}")
    assert api.ok(api.get("/v1/inbox/alerts", "JPN"))["feed"] is True
    path = first["url"].split("://", 1)[1].split("/", 1)[1]
    assert api.client.get("/" + path).status_code == 200

    second = api.ok(api.post("/v1/inbox/feed-token", "JPN"), 201)
    assert second["token"] != first["token"]
    assert api.client.get("/" + path).status_code == 404  # the old link stopped working

    r = api.client.delete("/v1/inbox/feed-token", headers=api.auth("JPN"))
    assert r.status_code == 204
    assert api.ok(api.get("/v1/inbox/alerts", "JPN"))["feed"] is False
    assert api.post("/v1/inbox/feed-token", "PUBLIC").status_code == 401


def test_deadlines_far_off_are_left_out_by_within_hours(api: Api) -> None:
    _request(api)
    api.notify("CHN", body={"payload": activity(start=60, troops=15_000)})
    soon = api.ok(api.get("/v1/inbox", "SEC", within_hours=49))
    assert any(i["kind"] == "reply" for i in soon["items"])
    limit = api.world.clock.now() + timedelta(hours=49)
    assert all(i["due"] is not None for i in soon["items"])
    assert all(i["overdue"] or i["due"] <= limit.isoformat() for i in soon["items"])

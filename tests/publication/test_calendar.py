"""GET /v1/calendar.ics: each reader's feed holds the activities it may read, no more."""

from __future__ import annotations

from icalendar import Calendar

from tests.api.support import Api, activity


def _summaries(api: Api, who: str) -> dict[str, str]:
    r = api.get("/v1/calendar.ics", who)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    return {str(e["summary"]): str(e["status"]) for e in cal.walk("VEVENT")}


def test_public_feed_holds_only_public_activities(api: Api) -> None:
    api.notify("CHN", {"payload": activity("Open Drill"), "audience": "public"})
    regime = api.notify("CHN", {"payload": activity("Regime Drill", start=30)})
    assert _summaries(api, "PUBLIC") == {"Open Drill": "CONFIRMED"}
    assert _summaries(api, "JPN") == {"Open Drill": "CONFIRMED", "Regime Drill": "CONFIRMED"}
    api.ok(
        api.post(
            "/v1/records",
            "CHN",
            {
                "kind": "notification.withdrawal",
                "payload": {"notification_id": regime["id"], "reason": "Called off"},
            },
        ),
        201,
    )
    assert _summaries(api, "CHN")["Regime Drill"] == "CANCELLED"


def test_feed_events_are_whole_days_with_stable_uids(api: Api) -> None:
    n = api.notify("CHN", {"payload": activity("Open Drill", length=3), "audience": "public"})
    cal = Calendar.from_ical(api.get("/v1/calendar.ics").content)
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]).startswith(f"notification-{n['id']}@")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (end - start).days == 3


def test_a_members_calendar_app_opens_its_feed_with_the_feed_token(api: Api) -> None:
    api.notify("CHN", {"payload": activity("Regime Drill")})
    token = api.ok(api.post("/v1/inbox/feed-token", "JPN"), 201)["token"]
    r = api.client.get("/users/poc-jpn/calendar.ics", params={"token": token})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "private, no-store"
    cal = Calendar.from_ical(r.content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Regime Drill"]
    assert api.client.get("/users/poc-jpn/calendar.ics", params={"token": "x"}).status_code == 404

"""/v1/incidents as a member's system uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.support import Api, api_over, assert_invalid
from tests.conftest import World
from tests.mechanisms.incidents.support import report


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    with api_over(world) as a:
        yield a


def test_a_point_of_contact_reports_and_gets_the_severity_then_the_other_side_replies(
    api: Api,
) -> None:
    body = {"payload": report(min_distance_m=150, other_member="CHN")}
    made = api.ok(api.post("/v1/incidents", "USA", body), 201)
    assert made["severity"] == {
        "level": "L2",
        "reasons": ["closest distance 150 m, below the dangerous distance of 183 m at sea"],
    }
    rid = made["id"]
    reply = {"payload": {"narrative": "We kept clear at 500 m.", "min_distance_m": 500}}
    api.ok(api.post(f"/v1/incidents/{rid}/replies", "CHN", reply), 201)
    prop = {"payload": {"statement": "About 300 m.", "min_distance_m": 300}}
    aid = api.ok(api.post(f"/v1/incidents/{rid}/assessments", "CHN", prop), 201)["id"]
    api.ok(api.post(f"/v1/incident-assessments/{aid}/endorsements", "USA", {"payload": {}}), 201)
    one = api.ok(api.get(f"/v1/incidents/{rid}", "JPN"))
    assert one["severity"]["level"] == "L3"
    assert one["declared_severity"]["level"] == "L2"
    assert one["joint_assessment"] == aid
    assert len(one["replies"]) == 1
    listed = api.ok(api.get("/v1/incidents", "SEC", severity="l3"))
    assert [x["id"] for x in listed] == [rid]
    assert api.ok(api.get("/v1/incidents", "SEC", member="JPN")) == []


def test_a_bad_report_is_a_422_naming_the_field_and_changes_nothing(api: Api) -> None:
    before = api.state()
    r = api.post("/v1/incidents", "USA", {"payload": report(acts=["lazer"], other_member="CHN")})
    assert_invalid(r, "payload.acts[0]", "not a prohibited act")
    r = api.post("/v1/incidents/999999/replies", "CHN", {"payload": {"narrative": "x"}})
    assert_invalid(r, "payload.report_id", "incident.report")
    assert api.state() == before


def test_the_public_does_not_read_a_regime_report(api: Api) -> None:
    rid = api.ok(api.post("/v1/incidents", "USA", {"payload": report(other_member="CHN")}), 201)[
        "id"
    ]
    assert api.get(f"/v1/incidents/{rid}", "PUBLIC").status_code == 404
    assert api.ok(api.get("/v1/incidents", "PUBLIC")) == []
    assert api.post("/v1/incidents", "OBS", {"payload": report()}).status_code == 403


def test_assess_rates_a_body_of_incidents_and_names_bad_ones(api: Api) -> None:
    body = {
        "incidents": [
            {"id": "a", "date": "2026-03-01", "domain": "air", "min_distance_m": 29.9},
            {"id": "b", "date": "2026-03-01", "domain": "sea", "acts": ["water_cannon"]},
        ]
    }
    rated = api.ok(api.post("/v1/incidents/assess", "PUBLIC", body))
    assert [(x["id"], x["severity"]) for x in rated] == [("a", "L2"), ("b", "L3")]
    bad = {"incidents": [{"id": "c", "date": "2026-03-01", "domain": "land"}]}
    assert_invalid(
        api.post("/v1/incidents/assess", "PUBLIC", bad), "incident c.domain", "must be one of"
    )
    scs = api.ok(api.get("/v1/incidents/acts", "PUBLIC"))
    assert "laser_illumination" in scs["acts"]
    assert scs["unsafe_distance_m"] == {"sea": 457.0, "air": 152.0}


def test_a_report_to_reply_to_is_in_the_other_members_inbox_until_it_replies(api: Api) -> None:
    rid = api.ok(api.post("/v1/incidents", "USA", {"payload": report(other_member="CHN")}), 201)[
        "id"
    ]
    items = api.ok(api.get("/v1/inbox", "CHN"))["items"]
    (item,) = [i for i in items if i["key"] == f"incident:incident-reply:{rid}"]
    assert item["href"] == f"/incidents/{rid}"
    assert item["title"].startswith("Reply to USA's report of")
    reply = {"payload": {"narrative": "Our account."}}
    api.ok(api.post(f"/v1/incidents/{rid}/replies", "CHN", reply), 201)
    items = api.ok(api.get("/v1/inbox", "CHN"))["items"]
    assert not [i for i in items if "incident-reply" in i["key"]]

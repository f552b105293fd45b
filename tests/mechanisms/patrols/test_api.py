"""/v1/patrols as a member's system uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from tests.api.support import Api, assert_invalid
from tests.mechanisms.patrols.support import case, plan, report


def test_a_patrol_is_planned_reported_and_counted_then_read_by_every_member(api: Api) -> None:
    made = api.ok(api.post("/v1/patrols", "CHN", {"payload": plan()}), 201)
    pid = made["id"]
    assert (made["lead"], made["status"], made["audience"]) == ("CHN", "awaiting report", "regime")
    assert made["report_due"] == "2026-03-10T00:00:00Z"
    api.ok(api.post(f"/v1/patrols/{pid}/reports", "LAO", {"payload": report()}), 201)
    one = api.ok(api.get(f"/v1/patrols/{pid}", "MMR"))
    assert one["status"] == "reported"
    assert one["took_part"] == ["CHN", "LAO"]
    assert one["stations_visited"] == ["Guanlei", "Chiang Saen"]
    assert one["findings"] == []
    assert [p["id"] for p in api.ok(api.get("/v1/patrols", "THA", member="LAO"))] == [pid]
    assert api.ok(api.get("/v1/patrols", "THA", member="MMR")) == []
    assert api.ok(api.get("/v1/patrols", "SEC", status="overdue")) == []
    stats = api.ok(api.get("/v1/patrols/statistics", "SEC", year=2026))
    assert stats["years"][0] | {} == stats["years"][0]
    assert (stats["years"][0]["patrols"], stats["years"][0]["reported"]) == (1, 1)
    assert {m["member"]: m["patrols"] for m in stats["participation"]} == {
        "CHN": 1,
        "LAO": 1,
        "MMR": 0,
        "THA": 0,
    }
    geo = api.ok(api.get(f"/v1/patrols/{pid}/map.geojson", "SEC"))
    kinds = [f["properties"]["kind"] for f in geo["features"]]
    assert kinds.count("route") == 1
    assert kinds.count("position") == 1
    assert kinds.count("station") == 9
    assert api.get(f"/v1/patrols/{pid}", "PUBLIC").status_code == 404


def test_a_case_shared_after_72_hours_is_a_finding_and_at_72_hours_is_not(api: Api) -> None:
    now = api.world.clock.now()
    on_time = (now - timedelta(hours=72)).isoformat()
    late = (now - timedelta(hours=72, seconds=1)).isoformat()
    a = api.ok(api.post("/v1/patrols/cases", "THA", {"payload": case(on_time)}), 201)
    b = api.ok(api.post("/v1/patrols/cases", "THA", {"payload": case(late, category="CAT1")}), 201)
    assert (a["late"], b["late"]) == (False, True)
    flags = {(f["flag"], tuple(f["members"])) for f in api.findings("SEC")}
    assert flags == {("case_late", ("THA",))}
    one = api.ok(api.get(f"/v1/patrols/cases/{b['id']}", "LAO"))
    assert [f["flag"] for f in one["findings"]] == ["case_late"]
    listed = api.ok(api.get("/v1/patrols/cases", "MMR", category="CAT1"))
    assert [c["id"] for c in listed] == [b["id"]]
    stats = api.ok(api.get("/v1/patrols/statistics", "SEC"))["years"]
    assert [(y["year"], y["cases"], y["CAT1"], y["CAT3"], y["drugs_kg"]) for y in stats] == [
        (2026, 2, 1, 1, 62.0)
    ]


def test_bad_records_are_422_naming_the_field_and_change_nothing(api: Api) -> None:
    before = api.state()
    r = api.post("/v1/patrols", "CHN", {"payload": plan(participants=("LAO", "THA"))})
    assert_invalid(r, "payload.participants", "must include CHN")
    r = api.post("/v1/patrols", "CHN", {"payload": plan(participants=("CHN", "USA"))})
    assert_invalid(r, "payload.participants[1]", "not a member of the patrols regime")
    r = api.post("/v1/patrols", "CHN", {"payload": plan(route=[{"lat": 21.0, "lon": 100.0}])})
    assert_invalid(r, "payload.route", "at least 2")
    pid = api.ok(api.post("/v1/patrols", "CHN", {"payload": plan()}), 201)["id"]
    before = api.state()
    r = api.post(f"/v1/patrols/{pid}/reports", "MMR", {"payload": report(("MMR",))})
    assert_invalid(r, "payload.plan_id", "only its participants")
    r = api.post(f"/v1/patrols/{pid}/reports", "LAO", {"payload": report(stations=["Bangkok"])})
    assert_invalid(r, "payload.stations[0]", "not a station")
    far = [{"at": "2026-01-01T00:00:00Z", "lat": 21.0, "lon": 100.6}]
    r = api.post(f"/v1/patrols/{pid}/reports", "LAO", {"payload": report(positions=far)})
    assert_invalid(r, "payload.positions[0].at", "within the patrol's days")
    r = api.post("/v1/patrols/cases", "THA", {"payload": case(category="CAT5")})
    assert_invalid(r, "payload.category", "CAT1")
    r = api.post("/v1/patrols/cases", "MMR", {"payload": case(plan_id=pid)})
    assert_invalid(r, "payload.plan_id", "MMR did not take part")
    r = api.post("/v1/patrols/cases", "THA", {"payload": case("2026-03-02T00:00:00Z")})
    assert_invalid(r, "payload.occurred_at", "future")
    assert api.get("/v1/patrols", "SEC", status="lost").status_code == 422
    assert api.post("/v1/patrols", "OBS", {"payload": plan()}).status_code == 403
    assert api.state() == before


def test_a_report_not_sent_within_14_days_is_overdue_then_late_when_it_comes(api: Api) -> None:
    clock = api.world.clock
    pid = api.ok(api.post("/v1/patrols", "CHN", {"payload": plan()}), 201)["id"]
    clock.set(clock.now().replace(day=9, hour=23, minute=59))  # 9 March: the last day
    api.client.post("/v1/evaluate", headers=api.auth("SEC"))
    assert api.findings("SEC") == []
    clock.set(clock.now() + timedelta(minutes=1))  # 10 March 00:00: overdue
    api.client.post("/v1/evaluate", headers=api.auth("SEC"))
    open_ = [(f["flag"], f["state"]) for f in api.findings("SEC")]
    assert open_ == [("report_overdue", "open")]
    api.ok(api.post(f"/v1/patrols/{pid}/reports", "THA", {"payload": report(("THA",))}), 201)
    states = sorted((f["flag"], f["state"]) for f in api.findings("SEC"))
    assert states == [("report_late", "open"), ("report_overdue", "resolved")]
    one = api.ok(api.get(f"/v1/patrols/{pid}", "SEC"))
    assert one["status"] == "reported late"


def test_assess_through_the_api_stores_nothing(api: Api) -> None:
    before = api.state()
    doc = {
        "as_of": "2026-04-01T00:00:00Z",
        "plans": [
            {
                "id": "P1",
                "lead": "CHN",
                "participants": ["CHN"],
                "start": "2026-03-01",
                "end": "2026-03-02",
            }
        ],
    }
    found = api.ok(api.post("/v1/patrols/assess", "PUBLIC", doc))
    assert [(f["flag"], f["subject"]) for f in found] == [("report_overdue", "plan P1")]
    assert api.state() == before


def test_a_started_patrol_is_in_its_leaders_inbox_until_someone_reports_it(api: Api) -> None:
    later = api.ok(
        api.post("/v1/patrols", "CHN", {"payload": plan("2026-03-05", "2026-03-06")}), 201
    )
    pid = api.ok(api.post("/v1/patrols", "CHN", {"payload": plan()}), 201)["id"]
    box = api.ok(api.get("/v1/inbox", "CHN"))
    assert box["failed"] == []
    items = [i for i in box["items"] if "patrol" in i["key"]]
    assert [(i["key"], i["href"]) for i in items] == [
        (f"patrols:patrol-report:{pid}", f"/patrols/report?plan_id={pid}")
    ]
    assert items[0]["due"] == "2026-03-10T00:00:00Z"
    assert later["id"] not in {int(i["key"].rsplit(":", 1)[1]) for i in items}
    assert not [i for i in api.ok(api.get("/v1/inbox", "LAO"))["items"] if "patrol" in i["key"]]
    api.ok(api.post(f"/v1/patrols/{pid}/reports", "LAO", {"payload": report()}), 201)
    assert not [i for i in api.ok(api.get("/v1/inbox", "CHN"))["items"] if "patrol" in i["key"]]


def test_a_bad_file_to_assess_is_a_422_naming_the_row_and_field(api: Api) -> None:
    doc = {
        "plans": [
            {
                "id": "P1",
                "lead": "CHN",
                "participants": ["CHN", "USA"],
                "start": "2026-03-01",
                "end": "2026-03-02",
            }
        ]
    }
    r = api.post("/v1/patrols/assess", "PUBLIC", doc)
    assert_invalid(r, "plan P1.participants[1]", "not a member of the patrols regime")
    assert api.post("/v1/patrols/assess?charter=nowhere", "PUBLIC", doc).status_code in (404, 422)

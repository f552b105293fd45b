"""Presence stored and served, on SQLite and PostgreSQL: episodes from near-coast analyses
of one coast and the state-unit registry, yearly comparisons, notified areas, the pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cosec.evidence import service as evidence
from cosec.principals import Principal, Role
from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World
from tests.mechanisms.coasts.support import coast_analysis

D25 = datetime(2025, 5, 14, 2, tzinfo=UTC)
D26 = datetime(2026, 2, 14, 2, tzinfo=UTC)


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    with api_over(world) as a:
        yield a


def record(api: Api, analysis: evidence.Analysis) -> None:
    sec = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
    with api.world.session() as s:
        evidence.record(
            s,
            deployment=api.world.deployment(),
            ledger=api.world.ledger,
            principal=sec,
            analysis=analysis,
            clock=api.world.clock,
            audience="regime",  # a finding is as restricted as the analysis it rests on
        )


def unit(api: Api, who: str, mmsi: str, kind: str = "navy") -> None:
    body = {
        "payload": {"identifier": mmsi, "member": who, "kind": kind, "valid_from": "2024-01-01"}
    }
    api.ok(api.post("/v1/fleet", who, body), 201)


def evaluate(api: Api) -> dict[str, list[dict[str, object]]]:
    api.ok(api.post("/v1/evaluate", "SEC"))
    out: dict[str, list[dict[str, object]]] = {}
    for f in api.findings("SEC"):
        if f["obligation"].startswith("coasts.") and f["state"] != "resolved":
            out.setdefault(f["flag"], []).append(f)
    return out


def test_stays_of_state_units_along_other_members_coasts(api: Api) -> None:
    unit(api, "CHN", "412000001")
    unit(api, "USA", "366000001")
    record(
        api,
        coast_analysis(
            "JPN",
            [
                ("412000001", D25, 3.0, 9.0),
                ("412000001", D26, 2.0, 12.0),
                ("412000001", D26.replace(day=20), 2.0, 14.0),
                ("412999999", D26, 5.0, 3.0),  # not a state unit
            ],
        ),
    )
    record(
        api, coast_analysis("CHN", [("412000001", D26, 8.0, 2.0), ("366000001", D26, 4.0, 20.0)])
    )
    record(api, coast_analysis("JPN", [("366000001", D26, 1.0, 5.0)], within_nm=30))  # not read
    found = evaluate(api)
    assert len(found["presence"]) == 4  # CHN 3 along Japan, USA 1 along China
    grown = {f["subjects"][0]: f for f in found["presence_grew"]}
    assert sorted(grown) == ["presence:CHN:JPN:2026", "presence:USA:CHN:2026"]
    grew = grown["presence:CHN:JPN:2026"]  # 2 stays against 1 in 2025
    assert grew["details"]["count"] == 2
    assert grew["details"]["hours"] == 4.0
    episodes = api.ok(api.get("/v1/coasts/episodes", "JPN", coast="JPN", year=2026))
    assert [e["mmsi"] for e in episodes] == ["412000001", "412000001"]
    assert set(episodes[0]) >= {
        "member",
        "coastal_state",
        "mmsi",
        "start",
        "end",
        "duration_h",
        "min_distance_nm",
        "finding",
        "observations",
    }
    pairs = api.ok(api.get("/v1/coasts/presence", "JPN", year=2026))
    by_pair = {(p["member"], p["coastal_state"]): p for p in pairs}
    assert by_pair[("CHN", "JPN")]["count_before"] == 1
    assert by_pair[("CHN", "JPN")]["finding"] == grew["id"]
    months = api.ok(api.get("/v1/coasts/presence/CHN/JPN", "JPN", year=2026))["months"]
    assert [m["count"] for m in months][:3] == [0, 2, 0]
    geo = api.ok(api.get("/v1/coasts/episodes.geojson", "JPN"))
    assert len(geo["features"]) == 4
    assert api.get("/v1/coasts/episodes").json() == []  # the public reads no regime findings


def test_a_member_answers_a_presence_finding(api: Api) -> None:
    unit(api, "CHN", "412000001")
    record(api, coast_analysis("JPN", [("412000001", D26, 2.0, 12.0)]))
    (f,) = evaluate(api)["presence"]
    answer = {"answer": "Transit under innocent passage, notified in advance."}
    api.ok(api.post(f"/v1/findings/{f['id']}/answers", "CHN", answer), 201)
    assert evaluate(api)["presence"][0]["state"] == "answered"


def test_a_notified_area_near_another_members_coast(api: Api) -> None:
    near = {
        "designation": "Joint Sea",
        "states": ["CHN"],
        "start": "2026-07-06",
        "end": "2026-07-12",
        "figures": {"ships": 3},
        "area": {"lat": 27.0, "lon": 126.0, "radius_km": 90},
    }
    far = near | {"designation": "Far Sea", "area": {"lat": 20.0, "lon": 150.0, "radius_km": 90}}
    api.notify("CHN", {"payload": near})
    api.notify("CHN", {"payload": far})
    (f,) = evaluate(api)["activity_near_coast"]
    assert f["details"]["coastal_state"] == "JPN"
    assert 3.5 < f["details"]["distance_nm"] < 5.5
    geo = api.ok(api.get("/v1/coasts/activity-areas.geojson", "JPN"))
    assert [x["properties"]["radius_m"] for x in geo["features"]] == [90_000.0]


def test_lines_of_coasts_for_the_map(api: Api) -> None:
    geo = api.ok(api.get("/v1/coasts/lines.geojson", bbox="122,23,124,25", state="JPN"))
    assert sorted(f["properties"]["nm"] for f in geo["features"]) == [12.0, 24.0]
    bad = api.get("/v1/coasts/lines.geojson", bbox="10,5,1,2")
    assert bad.status_code == 422
    assert api.get("/v1/coasts/lines.geojson", bbox="0,0,90,60").status_code == 422  # too big
    assert api.get("/v1/coasts/lines.geojson", bbox="122,23,124,25", state="TWN").status_code == 422


def test_pages_list_sort_export_and_chart(api: Api) -> None:
    unit(api, "CHN", "412000001")
    record(
        api, coast_analysis("JPN", [("412000001", D26, 2.0, 12.0), ("412000001", D25, 1.0, 9.0)])
    )
    evaluate(api)
    headers = sign_in(api.client, api.keys["JPN"])
    page = api.client.get("/coasts?year=2026", headers=headers)
    assert page.status_code == 200
    assert 'data-testid="pair-row"' in page.text
    assert "China" in page.text
    listing = api.client.get("/coasts/episodes?sort=duration_h&order=desc", headers=headers)
    assert listing.text.count('data-testid="episode-row"') == 2
    csv = api.client.get("/coasts/episodes.csv?year=2026", headers=headers).text.splitlines()
    assert csv[0].startswith("start,member,coastal_state,mmsi,duration_h,min_distance_nm")
    assert len(csv) == 2
    pairs = api.client.get("/coasts/presence.csv?year=2026", headers=headers).text.splitlines()
    assert pairs[1].startswith("CHN,JPN,2026,1,2.0,1,1.0,True")
    pair = api.client.get("/coasts/CHN/JPN?year=2026", headers=headers)
    assert pair.text.count("<rect") == 24  # two bars a month
    assert api.client.get("/coasts/episodes?sort=colour", headers=headers).status_code == 422
    assert csrf_of(pair)  # the sign-out form on every page carries the token

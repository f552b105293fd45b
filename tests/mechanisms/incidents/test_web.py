"""The incident pages: report through the review flow, the page with both accounts, the
list (filter, sort, page, CSV)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World
from tests.mechanisms.incidents.support import report


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


FORM = {
    "title": "Laser at a patrol aircraft",
    "domain": "air",
    "occurred_at": "2026-02-28 06:05",
    "lat": "10.0",
    "lon": "115.0",
    "other_member": "CHN",
    "own_name": "P-8A Poseidon",
    "own_identifier": "AE1234",
    "other_name": "Coast guard cutter",
    "other_hull": "5901",
    "min_distance_m": "900",
    "act-laser_illumination": "true",
    "harm": "true",
    "comm-guard_121_5": "true",
    "narrative": "A laser lit the cockpit twice.",
}


def test_a_point_of_contact_reports_through_the_review_and_sees_the_severity(api: Api) -> None:
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/incidents/new", headers=headers)
    assert page.status_code == 200
    body = FORM | {"csrf": csrf_of(page)}
    review = api.client.post("/incidents/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert "Laser at a patrol aircraft" in review.text
    assert api.ok(api.get("/v1/incidents", "SEC")) == []  # nothing signed yet
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/incidents/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    rid = int(signed.headers["location"].rsplit("/", 1)[1])
    shown = api.client.get(f"/incidents/{rid}", headers=headers)
    assert 'data-testid="level">L2<' in shown.text
    assert "a prohibited act that caused harm: laser_illumination" in shown.text
    assert "China" in shown.text  # the other member named beside its code
    china = sign_in(api.client, api.keys["CHN"] or "")
    other = api.client.get(f"/incidents/{rid}", headers=china)
    assert f"/incidents/reply?report_id={rid}" in other.text


def test_a_bad_value_is_shown_at_its_input_and_nothing_is_signed(api: Api) -> None:
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/incidents/new", headers=headers)
    body = FORM | {"csrf": csrf_of(page), "min_distance_m": "-5"}
    review = api.client.post("/incidents/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "Closest distance (metres): must not be negative" in review.text
    body = FORM | {"csrf": csrf_of(page), "other_member": "USA"}
    review = api.client.post("/incidents/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "The other member: must be another member than the reporter" in review.text
    assert api.ok(api.get("/v1/incidents", "SEC")) == []


def test_the_list_filters_sorts_pages_and_exports(api: Api) -> None:
    for n, distance in enumerate((100, 300, 2_000)):
        api.ok(
            api.post(
                "/v1/incidents",
                "USA",
                {
                    "payload": report(
                        title=f"Pass {n}", min_distance_m=distance, other_member="CHN", acts=[]
                    )
                },
            ),
            201,
        )
    page = api.client.get("/incidents", headers=api.auth("JPN"), params={"severity": "L3"})
    assert page.text.count('data-testid="incident-row"') == 1
    assert "Pass 1" in page.text
    ordered = api.client.get(
        "/incidents", headers=api.auth("JPN"), params={"sort": "title", "dir": "asc"}
    )
    assert ordered.text.index("Pass 0") < ordered.text.index("Pass 2")
    csv = api.client.get("/incidents.csv", headers=api.auth("JPN"), params={"domain": "sea"})
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("id,title,domain,occurred_at")
    assert len(lines) == 4
    bad = api.client.get("/incidents", headers=api.auth("JPN"), params={"sort": "nonsense"})
    assert bad.status_code == 422
    geo = api.ok(api.get(f"/v1/incidents/{lines[1].split(',')[0]}/map.geojson", "JPN"))
    assert geo["features"][0]["properties"]["kind"] == "report"

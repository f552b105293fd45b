"""The oversight forms on the review flow: a member's petroleum report reviewed, then
signed; a bad month shown at its input with nothing signed; the event form is the
secretariat's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from cosec.mechanisms.oversight.service import ListChange
from cosec.mechanisms.oversight.web import size_chart
from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    with api_over(world) as a:
        yield a


def test_a_petroleum_report_is_reviewed_then_signed(api: Api) -> None:
    headers = sign_in(api.client, api.keys["CHN"] or "")
    page = api.client.get("/oversight/petroleum/new", headers=headers)
    assert page.status_code == 200
    body = {"csrf": csrf_of(page), "month": "2026-02", "barrels": "380,000"}
    review = api.client.post("/oversight/petroleum/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert "380,000" in review.text
    assert "2026-02" in review.text
    assert api.ok(api.get("/v1/oversight/petroleum/2026", "SEC"))["total_barrels"] == 0
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/oversight/petroleum/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == "/oversight/petroleum?year=2026"
    year = api.ok(api.get("/v1/oversight/petroleum/2026", "SEC"))
    assert year["total_barrels"] == 380_000
    assert year["months"][1]["by_member"] == {"CHN": 380_000}


def test_a_second_report_of_a_month_is_cautioned_before_it_adds_to_the_first(api: Api) -> None:
    headers = sign_in(api.client, api.keys["CHN"] or "")
    first = api.ok(
        api.post(
            "/v1/records",
            "CHN",
            {
                "kind": "oversight.petroleum_transfer",
                "payload": {"month": "2026-02", "barrels": 1000},
            },
        ),
        201,
    )
    page = api.client.get("/oversight/petroleum/new", headers=headers)
    body = {"csrf": csrf_of(page), "month": "2026-02", "barrels": "2000"}
    review = api.client.post("/oversight/petroleum/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert f"You reported 2026-02 already (record {first['id']}, 1,000 barrels)" in review.text
    assert f'value="month_reported:{first["id"]}"' in review.text
    # As a correction of that report, nothing to confirm.
    body |= {"corrects": str(first["id"])}
    review = api.client.post("/oversight/petroleum/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert "already" not in review.text


def test_a_month_not_begun_is_shown_at_its_input_and_nothing_is_signed(api: Api) -> None:
    headers = sign_in(api.client, api.keys["CHN"] or "")
    page = api.client.get("/oversight/petroleum/new", headers=headers)
    body = {"csrf": csrf_of(page), "month": "2026-07", "barrels": "10"}
    review = api.client.post("/oversight/petroleum/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "must not be a month that has not begun" in review.text
    body = {"csrf": csrf_of(page), "month": "2026-13", "barrels": "10"}
    review = api.client.post("/oversight/petroleum/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "Month (YYYY-MM)" in review.text
    assert api.ok(api.get("/v1/oversight/petroleum/2026", "SEC"))["total_barrels"] == 0


def test_the_secretariat_records_a_launch_with_its_sources(api: Api) -> None:
    headers = sign_in(api.client, api.keys["SEC"] or "")
    page = api.client.get("/oversight/events/new", headers=headers)
    assert page.status_code == 200
    body = {
        "csrf": csrf_of(page),
        "event": "missile_launch",
        "occurred_at": "2026-02-20T23:10:00Z",
        "missile_class": "srbm",
        "count": "2",
        "place": "Sunan, Pyongyang",
        "description": "Two short-range ballistic missiles into the East Sea (fictional).",
        "sources": "A member's defence ministry\nA news agency",
    }
    review = api.client.post("/oversight/events/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/oversight/events/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    (made,) = api.ok(api.get("/v1/oversight/programme"))
    assert made["label"] == "Short-range ballistic missile launches (2), 20 February 2026"
    assert made["sources"] == ["A member's defence ministry", "A news agency"]


def test_the_list_size_chart_steps_at_each_change() -> None:
    chart = size_chart([ListChange(date(2018, 1, 1), size=1), ListChange(date(2020, 1, 1), size=2)])
    assert chart["top"] == 2
    assert chart["points"] == "10.0,110.0 10.0,60.0 590.0,60.0 590.0,10.0 590,10.0"
    assert size_chart([])["first"] is None

"""Joint patrols in the browser: China plans a patrol through the review and sees its
route on the map; Thailand reports it; the statistics draw their charts and the map its
routes, stations and cases."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cosec.principals import Role
from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def thailand(live: Live) -> None:
    live.keys["THA"] = live.world.user("poc-tha", Role.MEMBER, "THA")[1]


@pytest.mark.usefixtures("thailand")
def test_a_patrol_planned_reported_and_drawn(page: Page, live: Live) -> None:
    sign_in(page, live, "CHN")
    page.goto(f"{live.url}/patrols")
    page.get_by_role("link", name="Plan a patrol").click()
    page.get_by_label("Title").fill("Joint patrol 131")
    page.get_by_label("Members taking part").fill("CHN, THA")
    page.get_by_label("First day").fill("2026-02-20")
    page.get_by_label("Last day").fill("2026-02-23")
    page.get_by_label("Route on the river").fill(
        "21.63, 101.17, Guanlei\n20.98, 100.63, Xieng Kok\n20.27, 100.09, Chiang Saen"
    )
    page.get_by_role("button", name="Review before signing").click()
    confirm_and_sign(page)
    expect(page.get_by_test_id("plan-title")).to_have_text("Joint patrol 131")
    expect(page.get_by_test_id("status")).to_have_text("awaiting report")
    expect(page.get_by_test_id("map")).to_have_attribute("data-routes", "1")
    expect(page.get_by_test_id("map")).to_have_attribute("data-stations", "9")
    plan_url = page.url

    sign_in(page, live, "THA")
    page.goto(plan_url)
    page.get_by_test_id("report").click()
    expect(page.get_by_label("Members that took part")).to_have_value("CHN, THA")
    page.get_by_label("Stations visited").fill("Guanlei, Chiang Saen")
    page.get_by_label("Positions logged").fill("2026-02-21 08:00, 21.0, 100.6")
    page.get_by_role("button", name="Review before signing").click()
    confirm_and_sign(page)
    expect(page).to_have_url(plan_url)
    expect(page.get_by_test_id("status")).to_have_text("reported")
    expect(page.get_by_test_id("took-part")).to_contain_text("THA Thailand")
    expect(page.get_by_test_id("report-row")).to_have_count(1)

    live.api(
        "POST",
        "/v1/patrols/cases",
        "THA",
        {
            "payload": {
                "title": "Heroin in a fishing boat",
                "category": "CAT3",
                "occurred_at": "2026-02-22T02:15:00Z",
                "lat": 20.26,
                "lon": 100.12,
                "drugs": [{"substance": "heroin", "amount": 31}],
            }
        },
    )
    page.goto(f"{live.url}/patrols/statistics?year=2026")
    expect(page.get_by_test_id("case-chart").locator("rect")).to_have_count(1)
    expect(page.get_by_test_id("member-chart").locator("rect")).to_have_count(2)
    expect(page.get_by_test_id("participation")).to_contain_text("MMR Myanmar")
    page.goto(f"{live.url}/patrols/map?year=2026")
    expect(page.get_by_test_id("map")).to_have_attribute("data-cases", "1")
    expect(page.get_by_test_id("map")).to_have_attribute("data-routes", "1")
    expect(page.get_by_test_id("map")).to_have_attribute("data-stations", "9")

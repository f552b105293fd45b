"""An incident in the browser: the other member opens the report, sees its severity, the
map and the accounts, and replies through the review; its account then stands beside."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, sign_in

pytestmark = pytest.mark.browser


def test_the_other_member_reads_a_report_and_replies(page: Page, live: Live) -> None:
    report = {
        "title": "Fire-control radar lock near Okinotori",
        "domain": "sea",
        "occurred_at": "2026-02-28T22:10:00Z",
        "lat": 20.4,
        "lon": 136.1,
        "other_member": "CHN",
        "own_units": [{"identifier": "431000101", "name": "JS Demo"}],
        "other_units": [{"hull_number": "117", "name": "Demo frigate"}],
        "min_distance_m": 3000,
        "acts": ["fire_control_radar"],
        "narrative": "The frigate locked its fire-control radar on our destroyer.",
    }
    made = live.api("POST", "/v1/incidents", "JPN", {"payload": report})
    sign_in(page, live, "CHN")
    page.goto(f"{live.url}/incidents")
    page.get_by_test_id("incidents").get_by_role("link", name=report["title"]).click()
    expect(page.get_by_test_id("level")).to_have_text("L3")
    expect(page.get_by_test_id("severity")).to_contain_text("a prohibited act without harm")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "1")
    expect(page.get_by_test_id("accounts")).to_contain_text("No reply yet.")

    page.get_by_test_id("reply").click()
    page.get_by_label("Closest distance (metres)").fill("5000")
    page.get_by_label("Your account").fill("Our frigate's radar was in routine search mode.")
    page.get_by_role("button", name="Review before signing").click()
    confirm_and_sign(page)
    expect(page).to_have_url(f"{live.url}/incidents/{made['id']}")
    accounts = page.get_by_test_id("accounts")
    expect(accounts).to_contain_text("Reply by CHN")
    expect(accounts).to_contain_text("5,000 m")
    expect(accounts).to_contain_text("routine search mode")

"""The status quo in a real browser: the map draws the features, a member declares a change
after seeing what it signs, the feature's page charts it, the list sorts and exports."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in

pytestmark = pytest.mark.browser


def test_the_map_draws_every_feature_and_the_list_sorts(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/features")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "12")
    rows = page.get_by_test_id("feature-row")
    expect(rows).to_have_count(12)
    page.get_by_role("link", name="Baseline (ha)").click()
    expect(rows.first).to_contain_text("Scarborough Shoal")  # 0 ha first, then by name
    page.get_by_role("link", name="Baseline (ha)").click()
    expect(rows.first).to_contain_text("Mischief Reef")  # 558 ha first
    page.get_by_label("Held by").select_option("PHL")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    href = page.get_by_test_id("export-csv").get_attribute("href")
    assert href is not None
    csv = httpx.get(live.url + href).text
    assert csv.splitlines()[0].startswith("id,name,group,lat,lon,claimants,occupant")
    assert len(csv.splitlines()) == 3


def test_a_member_declares_a_change_after_seeing_what_it_signs(page: Page, live: Live) -> None:
    sign_in(page, live, "PHL")
    page.goto(f"{live.url}/features/thitu")
    page.get_by_role("link", name="Declare a change you made").click()
    page.get_by_label("Day the change was made").fill("2026-02-20")
    page.get_by_label("Area above high water", exact=False).fill("39.5")
    page.get_by_label("Facilities, as kind: count", exact=False).fill("harbour: 2")
    page.get_by_label("What was done").fill("A second beaching ramp")
    before = live.record_count()
    page.get_by_role("button", name="Check before signing").click()
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_contain_text("signed with PHL's key")
    expect(confirm).to_contain_text("+2.50 ha on the latest known")
    expect(page.get_by_test_id("payload")).to_contain_text('"harbour": 2')
    assert live.record_count() == before  # nothing signed yet
    page.get_by_role("button", name="Sign and submit").click()
    expect(page).to_have_url(f"{live.url}/features/thitu")
    expect(page.get_by_test_id("timeline")).to_contain_text("A second beaching ramp")
    expect(page.get_by_test_id("chart").locator("circle")).to_have_count(2)  # baseline, change
    assert live.record_count() == before + 1


def test_a_bad_count_is_named_and_nothing_is_signed(page: Page, live: Live) -> None:
    sign_in(page, live, "PHL")
    page.goto(f"{live.url}/features/thitu/change")
    page.get_by_label("Day the change was made").fill("2026-02-21")
    page.get_by_label("Facilities, as kind: count", exact=False).fill("castle: 1")
    page.get_by_label("What was done").fill("x")
    before = live.record_count()
    page.get_by_role("button", name="Check before signing").click()
    expect(page.get_by_test_id("errors")).to_contain_text("payload.facilities.castle")
    assert live.record_count() == before

"""An arms return in the browser: the Philippines sends its return through the review, and
its page then shows the transfer Korea reports differently, both figures side by side."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, sign_in

pytestmark = pytest.mark.browser


def test_a_point_of_contact_sends_a_return_and_sees_the_mismatch(page: Page, live: Live) -> None:
    kor = {
        "year": 2025,
        "exports": [{"counterpart": "PHL", "category": "IV", "units": 2, "description": "FA-50"}],
    }
    live.api("POST", "/v1/arms/returns", "KOR", {"payload": kor})
    sign_in(page, live, "PHL")
    page.goto(f"{live.url}/arms")
    expect(page.get_by_test_id("transfers-chart")).to_be_visible()
    page.get_by_test_id("new-return").click()
    page.get_by_label("Year covered").fill("2025")
    page.get_by_label("Export or import (line 1)").select_option("import")
    page.get_by_label("Category (line 1)").select_option("IV")
    page.get_by_label("Other state (line 1)").fill("KOR")
    page.get_by_label("Items (line 1)").fill("3")
    page.get_by_label("Description (line 1)").fill("FA-50PH")
    before = live.record_count()
    page.get_by_role("button", name="Review before signing").click()
    expect(page.get_by_text("FA-50PH")).to_be_visible()
    assert live.record_count() == before  # nothing signed at the review
    confirm_and_sign(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Return of arms transfers for 2025: the Philippines (PHL)"
    )
    expect(page.get_by_test_id("imports")).to_contain_text("KOR")
    page.get_by_role("link", name="PHL", exact=True).first.click()
    row = page.get_by_test_id("mismatch-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("exported")).to_have_text("2")
    expect(row.get_by_test_id("imported")).to_have_text("3")
    expect(row).to_contain_text("mirror_mismatch")
    expect(page.get_by_test_id("findings")).to_contain_text("mirror_mismatch")

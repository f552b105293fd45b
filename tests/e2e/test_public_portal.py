"""The public portal in a real browser: the public's scorecards say "no published data"
until the secretariat publishes, then show what was published and nothing more.

The clock stands at 1 March 2026: an activity starting on 10 March is notified late.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live

pytestmark = pytest.mark.browser


def _late_notification(live: Live) -> int:
    live.api(
        "POST",
        "/v1/notifications",
        "CHN",
        {
            "payload": {
                "designation": "Strait Thunder",
                "states": ["CHN"],
                "start": "2026-03-10",
                "end": "2026-03-12",
                "figures": {"troops": 20000},
            }
        },
    )
    found = live.api("GET", "/v1/findings?member=CHN&obligation=notification.lead_time", "SEC")
    assert len(found) == 1
    return int(found[0]["id"])


def test_the_public_sees_what_was_published_and_nothing_more(page: Page, live: Live) -> None:
    finding = _late_notification(live)

    page.goto(f"{live.url}/scorecards")
    expect(page.get_by_text("Reading as the public")).to_be_visible()
    china = page.get_by_test_id("scorecards").locator('tr[data-member="CHN"]')
    expect(china).to_contain_text("China")
    expect(china.get_by_test_id("kept")).to_have_text("no published data")
    china.get_by_role("link", name="China").click()
    expect(page.get_by_role("heading", name="China (CHN)")).to_be_visible()
    expect(page.get_by_test_id("kept")).to_contain_text("No published data")
    lead_time = page.get_by_test_id("obligations").locator(
        'tr[data-obligation="notification.lead_time"]'
    )
    expect(lead_time.get_by_test_id("status")).to_have_text("no published data")
    expect(page.get_by_text("kept", exact=True)).to_have_count(0)

    live.api("POST", "/v1/publications", "SEC", {"scope": "findings", "findings": [finding]})
    page.reload()
    expect(lead_time.get_by_test_id("status")).to_have_text("breached")
    expect(page.get_by_test_id("findings").get_by_role("link", name=str(finding))).to_be_visible()
    required = page.get_by_test_id("obligations").locator(
        'tr[data-obligation="notification.required"]'
    )
    expect(required.get_by_test_id("status")).to_have_text("no published data")
    expect(page.get_by_test_id("kept")).to_contain_text(re.compile(r"0 of 1 obligations kept"))

    page.get_by_role("link", name="Report").click()
    expect(page.get_by_test_id("no-report")).to_contain_text("no report for 2026")
    live.api("POST", "/v1/publications", "SEC", {"scope": "report", "year": 2026})
    page.reload()
    expect(page.get_by_test_id("headline")).to_contain_text("In 2026,")
    expect(page.get_by_test_id("heatmap").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("pdf")).to_have_attribute("href", "/reports/annual.pdf?year=2026")

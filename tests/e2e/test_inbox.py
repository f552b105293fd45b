"""The inbox in a real browser: the count in the bar, the deadline, the filter, the link to
where the action is taken, and the alert form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in

pytestmark = pytest.mark.browser


def test_a_point_of_contact_finds_the_reply_due_and_sets_an_alert(page: Page, live: Live) -> None:
    asked = live.api(
        "POST",
        "/v1/explanation-requests",
        "KOR",
        {"payload": {"respondent": "PHL", "concern": "Patrols near Scarborough Shoal"}},
    )
    count = live.api("GET", "/v1/inbox", "PHL")["count"]
    sign_in(page, live, "PHL")

    link = page.get_by_test_id("inbox-link")
    expect(link.get_by_test_id("inbox-count")).to_have_text(str(count))
    link.click()
    expect(page).to_have_url(f"{live.url}/inbox")
    reply = page.get_by_test_id("inbox-item").filter(has_text="Scarborough Shoal")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("in 2 days")
    expect(reply).to_contain_text("PHL")

    page.get_by_label("Kind").select_option("reply")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/inbox\?kind=reply"))
    expect(page.get_by_test_id("inbox-item")).to_have_count(1)

    page.get_by_role("link", name=re.compile("Reply to request for explanation")).click()
    expect(page).to_have_url(f"{live.url}/records/{asked['id']}")

    page.goto(f"{live.url}/inbox")
    page.get_by_label("E-mail address").fill("poc@dfa.example.ph")
    page.get_by_label("FLASH messages, at once").uncheck()
    page.get_by_role("button", name="Save alerts").click()
    expect(page).to_have_url(re.compile(r"/inbox\?saved=alerts#alerts$"))
    expect(page.get_by_label("E-mail address")).to_have_value("poc@dfa.example.ph")
    expect(page.get_by_label("FLASH messages, at once")).not_to_be_checked()
    expect(page.get_by_label("Deadlines within 48 hours")).to_be_checked()

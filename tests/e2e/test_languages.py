"""In the browser: a Chinese-speaking reader gets the site in Chinese from the browser's
language, and anyone switches between English and Chinese from any page, staying on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Live

pytestmark = pytest.mark.browser


def test_the_site_switches_between_english_and_chinese(browser: Browser, live: Live) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live.url}/findings?state=open")
        expect(page.locator("html")).to_have_attribute("lang", "zh")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="概览")).to_be_visible()
        expect(nav.get_by_role("link", name="调查结论")).to_be_visible()

        page.get_by_test_id("languages").get_by_role("link", name="English").click()
        expect(page).to_have_url(f"{live.url}/findings?state=open")  # the same page
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(nav.get_by_role("link", name="Overview")).to_be_visible()

        page.goto(f"{live.url}/")  # the choice holds on every page, over the browser's
        expect(page.get_by_text("Reading as the public")).to_be_visible()
        page.get_by_test_id("languages").get_by_role("link", name="中文").click()
        expect(page).to_have_url(f"{live.url}/")
        expect(page.get_by_text("以公众身份查阅")).to_be_visible()
        expect(page.get_by_role("heading", name="未结调查结论")).to_be_visible()
    finally:
        context.close()

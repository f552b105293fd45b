"""In the browser: a Chinese-speaking reader gets the site in Chinese from the browser's
language, and anyone switches between English and Chinese from any page, staying on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.api.support import activity
from tests.e2e.conftest import Live

pytestmark = pytest.mark.browser


def test_the_site_switches_between_english_and_chinese(browser: Browser, live: Live) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live.url}/findings?state=open")
        expect(page.locator("html")).to_have_attribute("lang", "zh")
        nav = page.get_by_role("navigation", name="主导航")
        expect(nav.get_by_role("link", name="概览")).to_be_visible()
        expect(nav.get_by_role("link", name="调查结论")).to_be_visible()

        page.get_by_test_id("languages").get_by_role("link", name="English").click()
        expect(page).to_have_url(f"{live.url}/findings?state=open")  # the same page
        expect(page.locator("html")).to_have_attribute("lang", "en")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Overview")).to_be_visible()

        page.goto(f"{live.url}/")  # the choice holds on every page, over the browser's
        expect(page.get_by_text("Reading as the public")).to_be_visible()
        page.get_by_test_id("languages").get_by_role("link", name="中文").click()
        expect(page).to_have_url(f"{live.url}/")
        expect(page.get_by_text("以公众身份查阅")).to_be_visible()
        expect(page.get_by_role("heading", name="未结调查结论")).to_be_visible()
    finally:
        context.close()


def test_a_chinese_reader_reads_the_cores_pages_in_chinese(browser: Browser, live: Live) -> None:
    """Every core page a reader goes through, in Chinese: headings, table headers, members
    named in Chinese, dates written as Chinese writes them."""
    notified = live.api("POST", "/v1/notifications", "CHN", {"payload": activity(start=20)})
    finding = next(f for f in notified["findings"] if f["flag"] == "late")
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live.url}/login")
        page.get_by_label("API 密钥").fill(live.keys["CHN"])
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_test_id("who")).to_contain_text("CHN")

        page.goto(f"{live.url}/findings")
        expect(page.get_by_role("heading", level=1)).to_have_text("调查结论")
        table = page.get_by_test_id("findings")
        expect(table.get_by_role("columnheader", name="严重程度")).to_be_visible()
        expect(table).to_contain_text("中国")

        page.get_by_role("link", name=str(finding["id"]), exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"调查结论 {finding['id']}")
        expect(page.get_by_text("首次发现")).to_be_visible()
        expect(page.get_by_role("heading", name="答复此调查结论")).to_be_visible()

        checks = [
            ("/scorecards", "履约记分卡", "已履行义务"),
            ("/scorecards/CHN", "中国 (CHN)", "义务"),
            ("/log", "日志", "最新检查点"),
            ("/charter", None, "已通过的版本"),
            ("/fleet", "国家船舶和航空器", "识别码"),
            ("/analyses", "航迹证据", "数据集"),
            ("/inbox", "待办", "电子邮件提醒"),
            ("/reports/annual?year=2026", "2026 年度执行情况报告", "履约记分卡一览"),
        ]
        for path, heading, text in checks:
            page.goto(f"{live.url}{path}")
            expect(page.locator("html")).to_have_attribute("lang", "zh")
            if heading is not None:
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            expect(page.get_by_text(text, exact=True).first).to_be_visible()
        expect(page.get_by_test_id("annual-report")).to_contain_text("中国 (CHN)")
        page.goto(f"{live.url}/charter")
        expect(page.get_by_test_id("members")).to_contain_text("韩国")
    finally:
        context.close()

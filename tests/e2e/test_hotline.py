"""The hotline in two browsers: a FLASH sent from one member's console is seen live on the
addressee's, acknowledged there in one click, and the sender sees the acknowledgement
without reloading; a message left unacknowledged escalates, live, when its deadline passes
(the server's scheduler fires it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def second(browser: Browser) -> Iterator[Page]:
    """A second browser (its own cookies): the other member's console."""
    context: BrowserContext = browser.new_context()
    yield context.new_page()
    context.close()


def row(page: Page, subject: str) -> object:
    return page.get_by_test_id("inbox").get_by_role("row").filter(has_text=subject)


def test_a_flash_is_seen_live_and_acknowledged(page: Page, second: Page, live: Live) -> None:
    sign_in(second, live, "KOR")
    second.goto(f"{live.url}/hotline")
    expect(second.get_by_test_id("live")).to_have_attribute("data-state", "live")

    sign_in(page, live, "CHN")
    page.goto(f"{live.url}/hotline")
    expect(page.get_by_test_id("live")).to_have_attribute("data-state", "live")
    page.get_by_test_id("send").click()
    page.get_by_label("To (member code)").fill("KOR")
    page.get_by_label("Precedence").select_option("FLASH")
    page.get_by_label("Subject").fill("Collision near Socotra Rock")
    page.get_by_label("Message").fill("Our frigate and your patrol ship touched at 09:02.")
    page.get_by_role("button", name="Review before signing").click()
    confirm_and_sign(page)
    page.goto(f"{live.url}/hotline")
    sent = row(page, "Collision near Socotra Rock")
    expect(sent).to_contain_text("awaiting")  # type: ignore[attr-defined]

    arrived = row(second, "Collision near Socotra Rock")  # no reload on the addressee's side
    expect(arrived).to_contain_text("FLASH")  # type: ignore[attr-defined]
    expect(arrived).to_contain_text("left")  # type: ignore[attr-defined]
    arrived.get_by_test_id("ack").click()  # type: ignore[attr-defined]
    expect(row(second, "Collision near Socotra Rock")).to_contain_text("acknowledged")  # type: ignore[attr-defined]
    expect(sent).to_contain_text("acknowledged")  # type: ignore[attr-defined]  # live, on the sender's


def test_an_unacknowledged_message_escalates_live(page: Page, live: Live) -> None:
    chain = {"contacts": [{"role": "duty_officer", "name": "JPN duty officer"},
                          {"role": "ministry", "name": "JPN Ministry of Defense"}]}  # fmt: skip
    live.api("POST", "/v1/hotline/contacts", "JPN", {"payload": chain})
    body = {"to": "JPN", "precedence": "FLASH", "subject": "Missile launch warning", "text": "t"}
    sent = live.api("POST", "/v1/hotline/messages", "USA", {"payload": body})
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/hotline")
    expect(page.get_by_test_id("live")).to_have_attribute("data-state", "live")
    waiting = row(page, "Missile launch warning")
    expect(waiting).to_contain_text("awaiting")  # type: ignore[attr-defined]
    clock = live.world.clock
    clock.set(clock.now() + timedelta(minutes=5, seconds=1))  # the FLASH deadline passes
    expect(waiting).to_contain_text("escalated to JPN Ministry of Defense")  # type: ignore[attr-defined]
    expect(waiting).to_contain_text("overdue")  # type: ignore[attr-defined]
    one = live.api("GET", f"/v1/hotline/messages/{sent['id']}", "USA")
    assert [e["step"] for e in one["escalations"]] == [1]


def test_the_live_console_writes_in_the_readers_language(page: Page, live: Live) -> None:
    chain = {"contacts": [{"role": "duty_officer", "name": "JPN duty officer"},
                          {"role": "ministry", "name": "JPN Ministry of Defense"}]}  # fmt: skip
    live.api("POST", "/v1/hotline/contacts", "JPN", {"payload": chain})
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/language?to=zh&next=/hotline")
    expect(page.get_by_test_id("live")).to_have_text("实时")
    body = {"to": "JPN", "precedence": "FLASH", "subject": "Rocket debris notice", "text": "t"}
    live.api("POST", "/v1/hotline/messages", "USA", {"payload": body})
    arrived = row(page, "Rocket debris notice")  # inserted by the script, no reload
    expect(arrived).to_contain_text("待确认")  # type: ignore[attr-defined]
    expect(arrived).to_contain_text("剩余")  # type: ignore[attr-defined]
    expect(arrived.get_by_test_id("ack")).to_have_text("确认收悉")  # type: ignore[attr-defined]
    clock = live.world.clock
    clock.set(clock.now() + timedelta(minutes=5, seconds=1))  # the FLASH deadline passes
    expect(arrived).to_contain_text("已上报至 JPN Ministry of Defense")  # type: ignore[attr-defined]
    expect(arrived).to_contain_text("已逾期")  # type: ignore[attr-defined]

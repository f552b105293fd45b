"""In the browser: nothing becomes a finding against one's own state unseen.

A point of contact's late notification shows, before it is signed, the finding it would
open against their own state, and cannot be signed until that warning is ticked (the
browser asks, and the server refuses a form that skips it); a likely duplicate is a
warning too; a drafter drafts and an approver, in another browser, signs; a person with a
second factor signs in with key and code.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from cosec.access import people, totp
from cosec.access import service as users
from cosec.access.totp import ServerSecret
from cosec.principals import Duty
from tests.drafts.support import person
from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, fill_notification

pytestmark = pytest.mark.browser


def sign_in_with(page: Page, live: Live, key: str, who: str) -> None:
    page.goto(f"{live.url}/login")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("who")).to_contain_text(who)


def test_a_late_notification_cannot_be_signed_before_its_warning_is_ticked(
    page: Page, live: Live
) -> None:
    sign_in_with(page, live, live.keys["JPN"], "JPN")
    before = live.record_count()
    fill_notification(page, "Exercise Keen Edge", "2026-03-20", "2026-03-24", "15000", "JPN")

    expect(page.get_by_role("heading", name=re.compile("Review before signing"))).to_be_visible()
    opens = page.get_by_test_id("opens")
    expect(opens.get_by_test_id("own-marker").first).to_have_text("against your state:")
    expect(opens).to_contain_text("Japan notified Exercise Keen Edge 19 days before it began")
    warning = page.get_by_test_id("warnings").get_by_role("checkbox").first
    expect(page.get_by_test_id("warnings")).to_contain_text(
        "Signing this opens a medium-severity finding against Japan"
    )
    expect(page.get_by_test_id("summary")).to_contain_text("20 Mar 2026")

    page.get_by_role("button", name="Sign and send").click()  # not ticked: the browser asks
    assert warning.evaluate("e => e.validity.valueMissing") is True
    expect(page).to_have_url(f"{live.url}/notifications/new/review")
    assert live.record_count() == before

    # A page that skips the box anyway is refused by the server, and nothing is signed.
    page.get_by_test_id("sign-form").evaluate("f => { f.noValidate = true; }")
    page.get_by_role("button", name="Sign and send").click()
    expect(page.get_by_test_id("confirm-error")).to_contain_text("tick every warning")
    assert live.record_count() == before

    confirm_and_sign(page)
    expect(page).to_have_url(re.compile(r"/notifications/\d+$"))
    expect(page.get_by_test_id("findings")).to_contain_text("19 days before it began")
    assert live.record_count() == before + 1


def test_a_likely_duplicate_is_a_warning_and_edit_keeps_the_values(page: Page, live: Live) -> None:
    sent = live.api(
        "POST",
        "/v1/notifications",
        "PHL",
        {
            "payload": {
                "designation": "Exercise Kamandag",
                "states": ["PHL"],
                "start": "2026-06-10",
                "end": "2026-06-14",
                "figures": {"troops": 500},
            }
        },
    )
    sign_in_with(page, live, live.keys["PHL"], "PHL")
    page.goto(f"{live.url}/notifications/new")
    fill_notification(page, "Exercise Kamandag", "2026-06-12", "2026-06-16", "600", "PHL")
    warnings = page.get_by_test_id("warnings")
    expect(warnings).to_contain_text(f"This looks like a duplicate of notification {sent['id']}")
    expect(warnings.get_by_role("checkbox")).to_have_count(1)

    page.get_by_role("button", name="Edit").click()
    expect(page.get_by_label("Designation", exact=True)).to_have_value("Exercise Kamandag")
    expect(page.get_by_label("Troops", exact=True)).to_have_value("600")
    page.get_by_label("Designation", exact=True).fill("Exercise Balikatan Sea")
    page.get_by_role("button", name="Review before signing").click()
    expect(page.get_by_test_id("warnings")).to_have_count(0)


def test_a_drafter_drafts_and_an_approver_signs_in_another_browser(
    browser: Browser, live: Live
) -> None:
    drafter_key = person(live.world, "li-wei", "CHN", Duty.DRAFTER)
    approver_key = person(live.world, "wang-fang", "CHN", Duty.APPROVER)
    before = live.record_count()

    drafting = browser.new_context().new_page()
    sign_in_with(drafting, live, drafter_key, "li-wei")
    drafting.goto(f"{live.url}/notifications/new")
    fill_notification(drafting, "Exercise Strait Thunder", "2026-03-25", "2026-03-28", "20000")
    expect(drafting.get_by_test_id("refusal")).to_contain_text("an approver of CHN signs")
    expect(drafting.get_by_role("button", name="Sign and send")).to_have_count(0)
    drafting.get_by_role("button", name="Save as a draft").click()
    expect(drafting).to_have_url(re.compile(r"/drafts/\d+$"))
    draft_url = drafting.url
    assert live.record_count() == before

    approving = browser.new_context().new_page()
    sign_in_with(approving, live, approver_key, "wang-fang")
    approving.goto(f"{live.url}/drafts")
    approving.get_by_test_id("drafts").get_by_role("link", name="Exercise Strait Thunder").click()
    expect(approving).to_have_url(draft_url)
    expect(approving.get_by_test_id("draft-note")).to_contain_text("drafted by li-wei")
    expect(approving.get_by_test_id("opens")).to_contain_text("against your state:")
    confirm_and_sign(approving)
    expect(approving).to_have_url(re.compile(r"/notifications/\d+$"))
    expect(approving.get_by_test_id("people")).to_have_text(
        "drafted by li-wei, approved and signed by wang-fang"
    )
    assert live.record_count() == before + 1

    drafting.goto(f"{live.url}/people/li-wei")
    expect(drafting.get_by_test_id("audit")).to_contain_text("wang-fang")
    drafting.context.close()
    approving.context.close()


def test_a_person_with_a_second_factor_signs_in_with_a_code(page: Page, live: Live) -> None:
    key = person(live.world, "kim-reads", "KOR", Duty.READER)
    server = ServerSecret.from_key(live.world.ledger.identity.signer.private_key)
    with live.world.session() as s:
        enrolled = people.enrol_totp(
            s,
            principal=users.get(s, name="kim-reads"),
            server=server,
            now=live.world.clock.now(),
            confirmed=True,
        )
    page.goto(f"{live.url}/login")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_be_visible()
    expect(page.get_by_text("Reading as the public")).to_be_visible()
    code.fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("errors")).to_contain_text("this code is wrong")
    page.get_by_label("Code from your authenticator app").fill(
        totp.code_at(enrolled.secret, live.world.clock.now())
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("who")).to_contain_text("kim-reads")

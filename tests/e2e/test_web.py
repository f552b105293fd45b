"""The web pages in a real browser: notify through the form, see the finding, the
calendar and a scorecard; bad input saves nothing; ``parties`` records stay hidden.

The clock stands at 1 March 2026, so an activity starting in March or early April is
notified less than 42 days ahead: late.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Live

pytestmark = pytest.mark.browser


def sign_in(page: Page, live: Live, who: str) -> None:
    """Sign in at /login with ``who``'s API key."""
    page.goto(f"{live.url}/login")
    page.get_by_label("API key").fill(live.keys[who])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("who")).to_contain_text(who)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("Reading as the public")).to_be_visible()


def fill_notification(
    page: Page, designation: str, start: str, end: str, troops: str, states: str | None = None
) -> None:
    """Fill the notification form and go to its review."""
    page.get_by_label("Designation", exact=True).fill(designation)
    if states is not None:
        page.locator("#states").fill(states)
    page.get_by_label("Start date", exact=True).fill(start)
    page.get_by_label("End date", exact=True).fill(end)
    page.get_by_label("Troops", exact=True).fill(troops)
    page.get_by_role("button", name="Review before signing").click()


def confirm_and_sign(page: Page) -> None:
    """On a review page: tick every warning, then sign."""
    boxes = page.get_by_test_id("warnings").get_by_role("checkbox")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name="Sign and send").click()


def finding_row(page: Page, designation: str, flag: str) -> Locator:
    """The row of the findings table about ``designation`` with rule ``flag``."""
    return (
        page.get_by_test_id("findings")
        .get_by_role("row")
        .filter(has_text=designation)
        .filter(has=page.locator("code", has_text=re.compile(f"^{flag}$")))
    )


def test_a_member_notifies_through_the_form_and_sees_its_finding(page: Page, live: Live) -> None:
    sign_in(page, live, "CHN")
    expect(page).to_have_url(f"{live.url}/notifications/new")  # where a member lands
    fill_notification(page, "Exercise Joint Sword", "2026-03-21", "2026-03-25", "12000")
    confirm_and_sign(page)

    expect(page).to_have_url(re.compile(r"/notifications/\d+$"))
    expect(page.get_by_test_id("designation")).to_have_text("Exercise Joint Sword")
    verdicts = page.get_by_test_id("verdicts")
    expect(verdicts).to_contain_text("Notify by7 February 2026")
    expect(verdicts.locator(".sev-high")).to_have_text("late")
    late = finding_row(page, "Exercise Joint Sword", "late")
    expect(late).to_have_count(1)
    expect(late).to_contain_text("20 days before it began")
    notification_url = page.url

    page.get_by_role("link", name="Notifications", exact=True).click()
    row = page.get_by_test_id("notifications").get_by_role("row", name=re.compile("Joint Sword"))
    expect(row).to_contain_text("12,000")
    expect(row).to_contain_text("late")
    row.get_by_role("link", name="Exercise Joint Sword").click()
    expect(page).to_have_url(notification_url)

    page.get_by_role("link", name="Findings", exact=True).click()
    late = finding_row(page, "Exercise Joint Sword", "late")
    expect(late).to_have_count(1)
    expect(late).to_contain_text("CHN")
    expect(late).to_contain_text("open")


def test_bad_input_shows_the_field_and_saves_nothing(page: Page, live: Live) -> None:
    before = live.record_count()
    sign_in(page, live, "KOR")
    errors = page.get_by_test_id("errors")

    # A state list without the notifying state: refused by the server, at the field.
    fill_notification(page, "Exercise Wrong Way", "2026-04-01", "2026-04-05", "12000", "USA")
    expect(errors).to_contain_text("Nothing was saved")
    states_error = page.locator("#err-states")
    expect(states_error).to_have_text("States taking part: must include the notifying state KOR")
    expect(page.get_by_label("Designation", exact=True)).to_have_value("Exercise Wrong Way")

    # Negative troops: the browser itself refuses to send the form...
    troops = page.get_by_label("Troops", exact=True)
    troops.fill("-5")
    assert troops.evaluate("e => e.validity.rangeUnderflow") is True
    # ...and a client that sends it anyway is told which field is wrong, beside it.
    page.get_by_test_id("record-form").evaluate("f => { f.noValidate = true; }")
    fill_notification(page, "Exercise Wrong Way", "2026-04-01", "2026-04-05", "-5", "KOR")
    expect(page.locator("#err-troops")).to_have_text("Troops: must not be negative")
    expect(page.get_by_label("Troops", exact=True)).to_have_attribute("aria-invalid", "true")

    # An end before the start: the rule, under the label of the field it concerns.
    fill_notification(page, "Exercise Wrong Way", "2026-04-10", "2026-04-01", "12000", "KOR")
    expect(page.locator("#err-end")).to_have_text("End date: must not be before start")
    shown = page.locator("main").inner_text()
    expect(page).to_have_url(f"{live.url}/notifications/new/review")

    assert live.record_count() == before
    page.goto(f"{live.url}/notifications")
    expect(page.get_by_test_id("notifications")).to_be_visible()
    expect(page.get_by_test_id("notifications")).not_to_contain_text("Exercise Wrong Way")
    assert "payload." not in shown, f"the page shows internal names: {shown!r}"


def test_a_parties_notification_is_shown_to_its_parties_only(page: Page, live: Live) -> None:
    hidden = live.api(
        "POST",
        "/v1/notifications",
        "JPN",
        {
            "payload": {
                "designation": "Exercise Quiet Harbour",
                "states": ["JPN"],
                "start": "2026-05-20",
                "end": "2026-05-24",
                "figures": {"troops": 9500},
            },
            "audience": "parties",
            "parties": ["KOR"],
        },
    )
    table = page.get_by_test_id("notifications")
    page.goto(f"{live.url}/notifications")  # the public
    expect(page.get_by_text("Reading as the public")).to_be_visible()
    expect(table).to_be_visible()
    expect(table).not_to_contain_text("Exercise Quiet Harbour")
    page.goto(f"{live.url}/notifications/{hidden['id']}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    sign_in(page, live, "USA")  # a member, but not a party
    page.goto(f"{live.url}/notifications")
    expect(table).to_be_visible()
    expect(table).not_to_contain_text("Exercise Quiet Harbour")
    sign_out(page)

    sign_in(page, live, "KOR")  # the party
    page.goto(f"{live.url}/notifications")
    expect(table.get_by_role("link", name="Exercise Quiet Harbour")).to_be_visible()


def test_the_calendar_and_a_scorecard_show_the_activity(page: Page, live: Live) -> None:
    n = live.api(
        "POST",
        "/v1/notifications",
        "PHL",
        {
            "payload": {
                "designation": "Exercise Balikatan",
                "states": ["PHL"],
                "start": "2026-04-01",
                "end": "2026-04-11",
                "figures": {"troops": 16000},
            }
        },
    )
    sign_in(page, live, "JPN")  # a member of the regime reads the regime's records
    page.goto(f"{live.url}/calendar")
    expect(
        page.get_by_role("heading", name="Calendar of military activities, 2026")
    ).to_be_visible()
    bar = page.get_by_test_id("timeline").get_by_role("link", name="Exercise Balikatan")
    expect(bar).to_have_attribute("href", f"/notifications/{n['id']}")
    bar.click()
    expect(page.get_by_test_id("designation")).to_have_text("Exercise Balikatan")

    page.goto(f"{live.url}/scorecards/PHL")
    expect(page.get_by_role("heading", name="the Philippines (PHL)")).to_be_visible()
    lead_time = page.get_by_test_id("obligations").get_by_role(
        "row", name=re.compile("notification.lead_time")
    )
    expect(lead_time).to_contain_text("breached")
    expect(finding_row(page, "Exercise Balikatan", "late")).to_have_count(1)

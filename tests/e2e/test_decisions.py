"""A vote in the browser: China's representative opens a tabled council proposal nine
members voted for (no quorum yet: 9 of 18), votes no through the review (which warns that a
single no blocks a consensus), and the proposal's page then counts it rejected, with the
quorum met by China's own vote."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cosec.principals import Role
from tests.e2e.conftest import Live
from tests.e2e.test_web import confirm_and_sign, sign_in

pytestmark = pytest.mark.browser

OTHERS = ("USA", "JPN", "KOR", "PHL", "VNM", "AUS", "IND", "SGP", "THA")


def test_a_representative_votes_through_the_review_and_the_count_changes(
    page: Page, live: Live
) -> None:
    for code in OTHERS:
        if code not in live.keys:
            live.keys[code] = live.world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
    meeting = {"body": "council", "title": "Ministerial Council", "opens_on": "2026-03-05"}
    mid = live.api("POST", "/v1/decisions/meetings", "SEC", {"payload": meeting})["id"]
    title = "Joint observation of major exercises"
    payload = {"body": "council", "title": title, "meeting_id": mid}
    pid = live.api("POST", "/v1/decisions/proposals", "PHL", {"payload": payload})["id"]
    for code in OTHERS:
        vote = {"payload": {"vote": "yes", "representative": f"Minister, {code}"}}
        live.api("POST", f"/v1/decisions/proposals/{pid}/votes", code, vote)

    sign_in(page, live, "CHN")
    page.goto(f"{live.url}/decisions/proposals")
    page.get_by_test_id("proposals").get_by_role("link", name=title).click()
    expect(page.get_by_test_id("tally")).to_contain_text("no quorum")
    expect(page.get_by_test_id("tally")).to_contain_text("9 of 18 members present (quorum 10)")
    page.get_by_test_id("vote-link").click()
    page.get_by_label("Vote").select_option("no")
    page.get_by_label("Cast by (your representative)").fill("Minister for Foreign Affairs")
    page.get_by_role("button", name="Review before signing").click()
    warnings = page.get_by_test_id("warnings")
    expect(warnings).to_contain_text("a single no blocks adoption")
    expect(warnings).to_contain_text("logged for good")
    confirm_and_sign(page)
    expect(page).to_have_url(f"{live.url}/decisions/proposals/{pid}")
    expect(page.get_by_test_id("tally")).to_contain_text("rejected")
    expect(page.get_by_test_id("tally")).to_contain_text("10 of 18 members present")
    expect(page.get_by_test_id("tally")).to_contain_text("Blocked by China")
    expect(page.get_by_test_id("votes")).to_contain_text("Minister for Foreign Affairs")

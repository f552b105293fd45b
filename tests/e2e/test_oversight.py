"""Oversight in a real browser: the watch zone and the events on the map, the events list
filtered down to one rule and on to a vessel's dossier, the petroleum chart."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Page, expect

from cosec.compliance import engine
from cosec.evidence import service as evidence
from cosec.principals import Principal, Role
from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in
from tests.mechanisms.oversight import support

pytestmark = pytest.mark.browser

FEB = datetime(2026, 2, 10, 6, tzinfo=UTC)
LIST = (
    "mmsi,imo,name,listed_on,source\n"
    "445112001,9123453,DEMO STAR,2018-03-30,UN 1718 Committee\n"
    "667112002,9123489,DEMO CEDAR,2026-02-20,National list of the United States\n"
)


@pytest.fixture(scope="module")
def season(live: Live) -> None:
    r = httpx.post(
        f"{live.url}/v1/oversight/designations/import",
        content=LIST,
        headers={"Authorization": f"Bearer {live.keys['SEC']}", "Content-Type": "text/csv"},
    )
    assert r.status_code == 201, r.text
    live.api(
        "POST",
        "/v1/records",
        "CHN",
        {
            "kind": "oversight.petroleum_transfer",
            "payload": {"month": "2026-01", "barrels": 380000},
        },
    )
    w = live.world
    analyses = [
        support.rendezvous(
            [
                ("445112001", "352112003", FEB, 4.0, 36.0, 124.5),
                ("667112002", "412112004", FEB, 3.0, 37.0, 124.0),
            ]
        ),
        support.gaps([("445112009", FEB, 16.0, 35.5, 123.8, True)]),
    ]
    with w.session() as s:
        for a in analyses:
            evidence.record(
                s,
                deployment=w.deployment(),
                ledger=w.ledger,
                principal=Principal(id=None, name="a", role=Role.SECRETARIAT),
                analysis=a,
                clock=w.clock,
                audience="regime",
            )
    with w.session() as s:
        engine.evaluate(s, deployment=w.deployment(), clock=w.clock)


@pytest.mark.usefixtures("season")
def test_the_map_the_events_and_a_dossier(page: Page, live: Live) -> None:
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/oversight")
    the_map = page.get_by_test_id("map")
    expect(the_map).to_have_attribute("data-loaded", "1")
    expect(the_map).to_have_attribute("data-events", "3")
    expect(page.locator("#map path.leaflet-interactive")).not_to_have_count(0)
    expect(page.get_by_test_id("changes")).to_contain_text("DEMO CEDAR")
    expect(page.get_by_test_id("bodies")).to_contain_text("Working Group on the Korean Peninsula")
    page.get_by_role("link", name="sts_watch_zone").click()
    rows = page.get_by_test_id("event-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("667112002")
    page.get_by_role("link", name="667112002").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DEMO CEDAR")
    expect(page.get_by_test_id("designations")).to_contain_text("20 February 2026")
    event = page.get_by_test_id("event-row")
    expect(event).to_have_count(1)
    expect(event).to_contain_text("Judged by the list in force at the time")
    expect(page.get_by_test_id("map")).to_have_attribute("data-events", "1")


@pytest.mark.usefixtures("season")
def test_the_petroleum_chart(page: Page, live: Live) -> None:
    sign_in(page, live, "KOR")
    page.goto(f"{live.url}/oversight/petroleum?year=2026")
    expect(page.get_by_test_id("total")).to_contain_text("380,000")
    expect(page.get_by_test_id("petroleum-chart").locator("rect")).to_have_count(24)
    expect(page.get_by_test_id("findings")).to_contain_text(
        "75 % of the cap was reached in 2026-01"
    )

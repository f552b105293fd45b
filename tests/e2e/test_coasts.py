"""Presence along coasts in a real browser: the map draws the episodes and the 12/24 nm
lines, the pair table links to a page per member pair with its presence by month."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from cosec.compliance import engine
from cosec.evidence import service as evidence
from cosec.principals import Principal, Role
from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in
from tests.mechanisms.coasts.support import coast_analysis

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def presence(live: Live) -> None:
    live.api(
        "POST",
        "/v1/fleet",
        "CHN",
        {
            "payload": {
                "identifier": "412000301",
                "member": "CHN",
                "kind": "navy",
                "name": "Demo 301",
                "valid_from": "2024-01-01",
            }
        },
    )
    stays = [
        ("412000301", datetime(2025, 5, 14, 2, tzinfo=UTC), 3.0, 9.0),
        ("412000301", datetime(2026, 2, 14, 2, tzinfo=UTC), 2.0, 12.0),
        ("412000301", datetime(2026, 2, 20, 2, tzinfo=UTC), 4.0, 14.0),
    ]
    w = live.world
    with w.session() as s:
        evidence.record(
            s,
            deployment=w.deployment(),
            ledger=w.ledger,
            principal=Principal(id=None, name="a", role=Role.SECRETARIAT),
            analysis=coast_analysis("JPN", stays),
            clock=w.clock,
            audience="regime",
        )
    with w.session() as s:
        engine.evaluate(s, deployment=w.deployment(), clock=w.clock)


@pytest.mark.usefixtures("presence")
def test_the_map_and_the_pairs(page: Page, live: Live) -> None:
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/coasts?year=2026")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "2")
    row = page.get_by_test_id("pair-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("CHN China")
    expect(row).to_contain_text("JPN Japan")
    expect(row).to_contain_text("grew")
    page.get_by_role("link", name="by month").click()
    expect(page.get_by_test_id("months")).to_contain_text("Feb")
    expect(page.get_by_test_id("months-chart").locator("rect")).to_have_count(24)
    expect(page.get_by_test_id("episodes").locator("tbody tr")).to_have_count(2)


@pytest.mark.usefixtures("presence")
def test_the_lines_load_when_zoomed_in(page: Page, live: Live) -> None:
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/coasts?year=2026")
    zoom = page.get_by_test_id("map")
    expect(zoom).to_have_attribute("data-zoom", "3")
    for level in ("4", "5", "6"):
        page.locator(".leaflet-control-zoom-in").click()
        expect(zoom).to_have_attribute("data-zoom", level)
    loaded = re.compile(r"^[1-9][0-9]*$")  # a line per member and distance in view
    expect(zoom).to_have_attribute("data-lines_loaded", loaded, timeout=60_000)

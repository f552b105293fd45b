"""The registry's pages and a finding's cited observations in a real browser: a member
declares a unit through the confirm step; the list sorts, filters, pages and exports; a
finding lists the events it cites with the vessels named, and maps them."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in
from tests.fleet.support import plant_finding

pytestmark = pytest.mark.browser


def import_units(live: Live, who: str, text: str) -> None:
    r = httpx.post(
        f"{live.url}/v1/fleet/import",
        content=text.encode(),
        headers={"Authorization": f"Bearer {live.keys[who]}", "Content-Type": "text/csv"},
    )
    assert r.status_code == 201, r.text


def test_a_member_declares_a_unit_after_seeing_what_it_signs(page: Page, live: Live) -> None:
    sign_in(page, live, "PHL")
    page.goto(f"{live.url}/fleet")
    page.get_by_role("link", name="Declare a unit").click()
    page.get_by_label("Identifier", exact=False).fill("548000777")
    page.get_by_label("Kind").select_option("coast_guard")
    page.get_by_label("Name", exact=True).fill("BRP Teresa Magbanua")
    page.get_by_label("Hull or tail number").fill("MRRV-9701")
    page.get_by_label("Valid from").fill("2022-05-01")
    before = live.record_count()
    page.get_by_role("button", name="Check before signing").click()

    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_contain_text("signed with PHL's key")
    expect(page.get_by_test_id("payload")).to_contain_text('"identifier": "548000777"')
    expect(page.get_by_test_id("payload")).to_contain_text('"member": "PHL"')
    assert live.record_count() == before  # nothing is signed before the member confirms

    page.get_by_role("button", name="Change").click()  # back to the form, values kept
    expect(page.get_by_label("Name", exact=True)).to_have_value("BRP Teresa Magbanua")
    page.get_by_role("button", name="Check before signing").click()
    page.get_by_role("button", name="Sign and submit").click()

    expect(page).to_have_url(f"{live.url}/fleet/548000777")
    unit = page.get_by_test_id("unit")
    expect(unit).to_contain_text("PHL the Philippines")
    expect(unit).to_contain_text("1 May 2022")
    expect(page.get_by_test_id("history").get_by_role("row")).to_have_count(2)  # head + 1
    assert live.record_count() == before + 1


def test_a_member_cannot_declare_another_members_unit(page: Page, live: Live) -> None:
    import_units(live, "KOR", "identifier,kind,name\n440000001,navy,Sejong the Great\n")
    sign_in(page, live, "JPN")
    page.goto(f"{live.url}/fleet/new")
    page.get_by_label("Identifier", exact=False).fill("440000001")
    before = live.record_count()
    page.get_by_role("button", name="Check before signing").click()
    expect(page.get_by_test_id("errors")).to_contain_text("another member's unit")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    assert live.record_count() == before


def test_the_list_sorts_filters_pages_and_exports_csv(
    page: Page, live: Live, tmp_path: Path
) -> None:
    rows = "".join(f"44100{n:04d},coast_guard,Sambong {n:02d}\n" for n in range(1, 56))
    import_units(live, "KOR", "identifier,kind,name\n" + rows)
    page.goto(f"{live.url}/fleet")
    page.get_by_label("Member").select_option("KOR")
    page.get_by_label("Kind").select_option("coast_guard")
    page.get_by_role("button", name="Filter").click()

    table = page.get_by_test_id("fleet")
    expect(page.get_by_test_id("fleet-count")).to_contain_text("55 units · page 1 of 2")
    expect(table.locator("tbody tr")).to_have_count(50)
    expect(table.locator("tbody tr").first).to_contain_text("KOR the Republic of Korea")
    page.get_by_role("link", name="Next →").click()
    expect(table.locator("tbody tr")).to_have_count(5)

    page.get_by_role("link", name=re.compile("^Name")).click()  # sort by name, then flip
    page.get_by_role("link", name=re.compile("^Name")).click()
    expect(table.locator("tbody tr").first).to_contain_text("Sambong 55")

    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    saved = tmp_path / "fleet.csv"
    download.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines[0] == "identifier,domain,member,kind,name,hull_number,valid_from,withdrawn,note"
    assert len(lines) == 56  # every page, not just the one shown
    assert lines[1].startswith("441000055,sea,KOR,coast_guard,Sambong 55")


def test_a_finding_lists_its_observations_and_maps_them(page: Page, live: Live) -> None:
    import_units(
        live, "CHN", "identifier,kind,name,valid_from\n412000001,navy,Nanning,2020-01-01\n"
    )
    finding, _ = plant_finding(live.world)
    page.goto(f"{live.url}/findings/{finding}")
    cited = page.get_by_test_id("cited")
    expect(cited.locator("tbody tr")).to_have_count(2)
    first = cited.locator("tbody tr").first
    expect(first).to_contain_text("Nanning (CHN China, navy)")
    expect(first).to_contain_text("flag JPN Japan, inferred from its MMSI")
    expect(first).to_contain_text("10 February 2026, 03:00 – 03:40")
    expect(first).to_contain_text("16.5000, 117.2500")

    page.get_by_test_id("cited-map").click()
    expect(page).to_have_url(f"{live.url}/findings/{finding}/map")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "2")
    page.get_by_test_id("cited").get_by_role("link", name="412000001").first.click()
    expect(page).to_have_url(f"{live.url}/fleet/412000001")
    expect(page.get_by_test_id("unit")).to_contain_text("CHN China")

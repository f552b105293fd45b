"""page_findings and count_findings: pages sorted and counted in the database, the same
findings as the list (and the home page's counts and first ten)."""

from __future__ import annotations

import html
import re

import pytest

from cosec import deployment as deployment_service
from cosec.compliance.findings import Severity
from cosec.compliance.listing import count_findings, page_findings
from cosec.compliance.service import list_findings
from cosec.errors import InvalidInput
from cosec.principals import PUBLIC, Principal, Role
from tests.api.support import Api

SEC = Principal(id=None, name="sec", role=Role.SECRETARIAT)


def test_pages_cover_the_list_once_in_its_order(api: Api) -> None:
    for n in range(3):
        api.notify("CHN", start=5 + n, designation=f"Drill {n}")
    with api.world.session(write=False) as s:
        d = deployment_service.load(s)
        everything = [v.row.id for v in list_findings(s, deployment=d, principal=SEC)]
        pages = [
            page_findings(s, deployment=d, principal=SEC, limit=2, offset=offset)
            for offset in range(0, len(everything), 2)
        ]
        assert {p.total for p in pages} == {len(everything)}
        assert [v.row.id for p in pages for v in p.views] == everything
        by_id = page_findings(s, deployment=d, principal=SEC, sort="id", limit=None)
        assert [v.row.id for v in by_id.views] == sorted(everything)
        chn = page_findings(s, deployment=d, principal=SEC, member="CHN", limit=None)
        assert chn.views
        assert all("CHN" in v.members for v in chn.views)
        assert page_findings(s, deployment=d, principal=PUBLIC).total == 0
        with pytest.raises(InvalidInput, match="sort: must be one of"):
            page_findings(s, deployment=d, principal=SEC, sort="colour")


def test_the_home_page_counts_and_shows_what_the_list_does(api: Api) -> None:
    """The overview counts open findings in the database and shows the ten first."""
    for n, troops in enumerate([8_700, 12_000, 41_000, 8_800, 26_000, 12_500, 8_900, 45_000]):
        api.notify("CHN", start=5 + 3 * n, troops=troops, designation=f"Drill {n}")
    with api.world.session(write=False) as s:
        d = deployment_service.load(s)
        everything = list_findings(s, deployment=d, principal=SEC, state="open")
        for sev in (None, *Severity):
            listed = [v for v in everything if sev is None or v.severity.rank >= sev.rank]
            counted = count_findings(s, deployment=d, principal=SEC, state="open", min_severity=sev)
            assert counted == len(listed)
    assert len(everything) > 10
    assert len({v.severity for v in everything}) > 1
    page = api.client.get("/", headers=api.auth("SEC")).text
    stats = {
        html.unescape(href): int(value.replace(",", ""))
        for value, href in re.findall(
            r'<div class="stat[^"]*"[^>]*>([\d,]+)</div><a href="([^"]+)"', page
        )
    }
    high = sum(1 for v in everything if v.severity is Severity.HIGH)
    assert stats["/findings?state=open"] == len(everything)
    assert stats["/findings?state=open&min_severity=high"] == high
    table = page.split('data-testid="findings"', 1)[1].split("</table>", 1)[0]
    shown = [int(i) for i in re.findall(r'<td><a href="/findings/(\d+)">', table)]
    assert shown == [v.row.id for v in everything[:10]]

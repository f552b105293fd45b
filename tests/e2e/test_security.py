"""In the browser: /docs loads Swagger UI from this server alone, and no page breaks its
Content-Security-Policy (the map, the forms and the docs included)."""

from __future__ import annotations

import re

import pyarrow.parquet as pq
import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from cosec import deployment as deployment_service
from cosec.analytics import service as analytics
from cosec.analytics.synth import synthesize
from cosec.evidence import service as evidence
from cosec.principals import Principal, Role
from tests.e2e.conftest import Live
from tests.e2e.test_web import sign_in

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


class Watch:
    """What a page asked for and what the browser refused."""

    def __init__(self, page: Page, live: Live) -> None:
        self.page, self.live = page, live
        self.requests: list[str] = []
        self.console: list[str] = []
        page.add_init_script(WATCH_CSP)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def violations(self) -> list[str]:
        seen: list[str] = self.page.evaluate("window.__csp || []")
        return seen + [m for m in self.console if "Content Security Policy" in m]

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.live.url, "data:"))]


@pytest.fixture(scope="module")
def analysis_id(live: Live, tmp_path_factory: pytest.TempPathFactory) -> int:
    """A public analysis of synthetic ship tracks, for the map page."""
    root = tmp_path_factory.mktemp("tracks")
    scenario = synthesize(vessels=12, hours=12, seed=5, garbage=False)
    pq.write_table(scenario.positions, root / "positions.parquet")
    analytics.import_tracks([root / "positions.parquet"], out=root / "data" / "synth")
    computed = evidence.analyze(root / "data", "synth", "loitering", {})
    analyst = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
    with live.world.session() as s:
        return evidence.record(
            s,
            deployment=deployment_service.load(s),
            ledger=live.world.ledger,
            principal=analyst,
            analysis=computed,
            clock=live.world.clock,
            audience="public",
        ).id


def test_the_api_docs_load_from_this_server_alone(page: Page, live: Live) -> None:
    watch = Watch(page, live)
    page.goto(f"{live.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("cosec")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/v1/notifications/assess").first).to_be_visible()
    assert any(u.endswith("/docs-assets/swagger-ui-bundle.js") for u in watch.requests)
    assert any(u.endswith("/openapi.json") for u in watch.requests)
    assert watch.foreign() == []
    assert watch.violations() == []


def test_no_page_breaks_its_content_security_policy(
    page: Page, live: Live, analysis_id: int
) -> None:
    watch = Watch(page, live)
    page.goto(f"{live.url}/login")
    sign_in(page, live, "CHN")
    for path in ("/", "/calendar?year=2026", "/findings", "/log", "/notifications/new"):
        page.goto(live.url + path)
        expect(page.locator("main")).to_be_visible()
    page.goto(f"{live.url}/analyses/{analysis_id}")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", re.compile(r"^\d+$"))
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached()
    assert watch.foreign() == []
    assert watch.violations() == []


def test_a_form_is_signed_off_by_its_session(page: Page, live: Live) -> None:
    """The forms carry the session's token, and the browser sends it: signing out works,
    and a page of another session's token would not."""
    sign_in(page, live, "USA")
    token = page.locator("form[action='/logout'] input[name=csrf]").get_attribute("value")
    assert token
    assert len(token) >= 32
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("Reading as the public")).to_be_visible()

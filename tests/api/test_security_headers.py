"""Every response carries the security headers, and the pages satisfy their
Content-Security-Policy: no inline script or style element anywhere in the templates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cosec.web.render import HERE
from tests.api.support import app_for
from tests.conftest import World


@pytest.fixture
def client(sqlite_world: World) -> Iterator[TestClient]:
    app = app_for(sqlite_world)

    @app.get("/v1/test-unexpected")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/login", 200),
        ("GET", "/calendar?year=2026", 200),
        ("GET", "/v1/charters", 200),
        ("GET", "/static/cosec.css", 200),
        ("GET", "/no-such-page", 404),
        ("GET", "/v1/no-such-route", 404),
        ("DELETE", "/v1/records", 405),
        ("GET", "/v1/records/first", 422),
        ("GET", "/v1/test-unexpected", 500),
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str, status: int
) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    directives = r.headers["content-security-policy"].split("; ")
    csp = {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in directives}
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


TEMPLATES = sorted((HERE / "templates").glob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_no_template_holds_an_inline_script_or_style(template: Path) -> None:
    text = template.read_text()
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", text) if not re.search(r"\bsrc=", tag)
    ]
    assert inline_scripts == []
    assert re.findall(r"<style\b", text) == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []  # no onclick= and the like
    assert "javascript:" not in text

"""Every error is in the one shape docs/api.md promises: JSON
``{"error", "message", "errors": [{"loc", "rule"}]}`` under /v1, the HTML error page
elsewhere; whatever raised it (cosec, FastAPI's validation, Starlette's routing, or an
exception nobody expected, which shows no traceback)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.api.support import app_for
from tests.conftest import World


@pytest.fixture
def app(sqlite_world: World) -> FastAPI:
    app = app_for(sqlite_world)

    @app.get("/v1/test-unexpected")
    def api_boom() -> None:
        raise ZeroDivisionError("secret detail of the failure")

    @app.get("/test-unexpected")
    def page_boom() -> None:
        raise ZeroDivisionError("secret detail of the failure")

    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def assert_shape(r: Response, status: int, error: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"error", "message", "errors"}, body
    assert body["error"] == error
    assert isinstance(body["message"], str)
    assert body["message"]
    assert all(set(e) == {"loc", "rule"} for e in body["errors"])
    return body


def assert_page(r: Response, status: int, heading: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert f"<h1>{heading}</h1>" in r.text


def test_no_such_route_under_v1(client: TestClient) -> None:
    assert_shape(client.get("/v1/nothing-here"), 404, "NotFound")


def test_a_method_a_route_does_not_take(client: TestClient) -> None:
    r = client.delete("/v1/records")
    assert_shape(r, 405, "MethodNotAllowed")
    assert r.headers["allow"] == "GET, HEAD, POST"  # every route at the path, not the first
    r = client.put("/v1/notifications/12")
    assert_shape(r, 405, "MethodNotAllowed")
    assert r.headers["allow"] == "GET, HEAD"


def test_a_bad_parameter(client: TestClient) -> None:
    body = assert_shape(client.get("/v1/records/first"), 422, "InvalidInput")
    assert body["errors"] == [{"loc": "path.record_id", "rule": "must be an integer"}]


def test_an_unexpected_error_is_a_500_in_the_shape_without_its_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    r = client.get("/v1/test-unexpected")
    body = assert_shape(r, 500, "InternalError")
    assert "secret detail" not in r.text
    assert "Traceback" not in r.text
    assert "ZeroDivisionError" not in r.text
    assert "logged" in str(body["message"])
    assert any("secret detail" in str(rec.exc_info) for rec in caplog.records)


def test_pages_answer_with_the_html_error_page(client: TestClient) -> None:
    assert_page(client.get("/no-such-page"), 404, "Not found")
    assert_page(client.get("/static/no-such-file.css"), 404, "Not found")
    assert_page(client.delete("/findings"), 405, "Not allowed here")
    assert_page(client.get("/findings/first"), 422, "Invalid input")
    r = client.get("/test-unexpected")
    assert_page(r, 500, "Something went wrong")
    assert "secret detail" not in r.text
    assert "Traceback" not in r.text

"""Absolute URLs come from the configured public URL, never from a request's ``Host``
header; a server given its host names answers to no other."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cosec.api.config import WebConfig
from cosec.server.app import create_app
from cosec.settings import Settings
from tests.conftest import World


def client_for(world: World, config: WebConfig) -> TestClient:
    return TestClient(
        create_app(world.factory, ledger=world.ledger, clock=world.clock, config=config)
    )


def test_the_log_page_names_the_public_url_whatever_the_host_header(sqlite_world: World) -> None:
    http = client_for(sqlite_world, WebConfig(public_url="https://cosec.example.org"))
    page = http.get("/log", headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert "cosec log verify --url https://cosec.example.org" in page.text
    assert "evil.example" not in page.text


def test_by_default_the_public_url_is_the_loopback_server(sqlite_world: World) -> None:
    page = client_for(sqlite_world, WebConfig()).get("/log", headers={"Host": "evil.example"})
    assert "cosec log verify --url http://127.0.0.1:8000" in page.text
    assert "evil.example" not in page.text


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("cosec.example.org", 200),
        ("cosec.example.org:8443", 200),
        ("COSEC.example.org", 200),
        ("mirror.example.net", 200),
        ("a.mirror.example.net", 200),
        ("evil.example", 400),
        ("cosec.example.org.evil.example", 400),
        ("example.net", 400),
        ("", 400),
    ],
)
def test_a_server_given_its_hosts_answers_to_no_other(
    sqlite_world: World, host: str, status: int
) -> None:
    hosts = ("cosec.example.org", "*.example.net")
    http = client_for(sqlite_world, WebConfig(allowed_hosts=hosts))
    r = http.get("/v1/charters", headers={"Host": host})
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["error"] == "BadRequest"
        assert "Host" in r.json()["message"]
        page = http.get("/", headers={"Host": host})
        assert page.status_code == 400
        assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("env", "public_url", "hosts"),
    [
        ({}, "http://127.0.0.1:8000", ("127.0.0.1", "localhost", "::1")),
        (
            {"host": "0.0.0.0", "port": 9000},
            "http://0.0.0.0:9000",
            ("0.0.0.0", "localhost", "127.0.0.1", "::1"),
        ),
        (
            {"public_url": "https://cosec.example.org/"},
            "https://cosec.example.org",
            ("cosec.example.org", "localhost", "127.0.0.1", "::1"),
        ),
        ({"allowed_hosts": "a.example, *.b.example"}, None, ("a.example", "*.b.example")),
        ({"allowed_hosts": "*"}, None, ()),
    ],
)
def test_settings_give_the_public_url_and_the_hosts(
    env: dict[str, object], public_url: str | None, hosts: tuple[str, ...]
) -> None:
    config = WebConfig.from_settings(Settings(**env))  # type: ignore[arg-type]
    if public_url is not None:
        assert config.public_url == public_url
    assert set(config.allowed_hosts) == set(hosts)

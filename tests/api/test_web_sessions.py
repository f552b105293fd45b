"""Web sign-in: the browser holds a random session id, the server its hash; sessions end
on sign-out, on expiry and when their key is revoked; every form of a session carries
its CSRF token, and a request that changes something without it is refused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cosec.access import service as users
from cosec.api.config import WebConfig
from cosec.principals import Role
from cosec.server.app import create_app
from cosec.settings import Settings
from cosec.store.tables import WebSessionRow
from tests.api.support import activity, csrf_of, sign_in
from tests.conftest import World


@dataclass
class Browser:
    http: TestClient
    world: World
    key: str
    sec: dict[str, str]

    def rows(self) -> list[WebSessionRow]:
        with self.world.session(write=False) as s:
            return list(s.scalars(select(WebSessionRow)))

    def who(self, cookie: dict[str, str]) -> str:
        page = self.http.get("/", headers=cookie).text
        return "public" if "Reading as the public" in page else "signed in"

    def records(self) -> int:
        return len(self.http.get("/v1/records", headers=self.sec, params={"limit": 1000}).json())


def browser_for(world: World, config: WebConfig | None = None) -> Browser:
    key = world.user("poc-chn", Role.MEMBER, "CHN")[1]
    sec = world.user("analyst", Role.SECRETARIAT)[1]
    app = create_app(world.factory, ledger=world.ledger, clock=world.clock, config=config)
    return Browser(TestClient(app), world, key, {"Authorization": f"Bearer {sec}"})


@pytest.fixture
def browser(world: World) -> Iterator[Browser]:
    b = browser_for(world)
    with b.http:
        yield b


def test_the_cookie_holds_a_random_id_and_the_store_only_its_hash(browser: Browser) -> None:
    login_token = browser.http.get("/login").cookies["cosec_login"]
    r = browser.http.post(
        "/login",
        data={"key": browser.key, "login_token": login_token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    cookies = r.headers.get_list("set-cookie")
    assert all(browser.key not in c for c in cookies)
    assert all(browser.key.split("_", 2)[2] not in c for c in cookies)  # the whole secret
    [session_cookie] = [c for c in cookies if c.startswith("cosec_session=")]
    flags = {f.strip().lower() for f in session_cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert "secure" not in flags  # a loopback server, as configured for the tests
    session_id = r.cookies["cosec_session"]
    assert session_id != login_token
    [row] = browser.rows()
    assert row.id_sha256 == hashlib.sha256(session_id.encode()).hexdigest()
    assert session_id not in (row.id_sha256, row.csrf_token)
    assert row.expires_at - row.created_at == timedelta(hours=12)
    browser.http.cookies.clear()


def test_a_session_reads_as_its_principal_until_it_signs_out(browser: Browser) -> None:
    cookie = sign_in(browser.http, browser.key)
    page = browser.http.get("/", headers=cookie)
    assert "Signed in as" in page.text
    assert "CHN (poc-chn)" in page.text
    r = browser.http.post(
        "/logout", headers=cookie, data={"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert r.status_code == 303
    assert browser.rows() == []
    assert browser.who(cookie) == "public"  # the old id opens nothing


def test_revoking_the_key_ends_its_sessions(browser: Browser) -> None:
    cookie = sign_in(browser.http, browser.key)
    assert browser.who(cookie) == "signed in"
    with browser.world.session() as s:
        assert users.revoke(s, ref="poc-chn", clock=browser.world.clock) == 1
    assert browser.rows() == []
    assert browser.who(cookie) == "public"


def test_a_session_expires(browser: Browser) -> None:
    cookie = sign_in(browser.http, browser.key)
    start = browser.world.clock.now()
    browser.world.clock.set(start + timedelta(hours=11, minutes=59))
    assert browser.who(cookie) == "signed in"
    browser.world.clock.set(start + timedelta(hours=12))
    assert browser.who(cookie) == "public"


def test_the_old_cookie_with_the_key_signs_nobody_in(browser: Browser) -> None:
    assert browser.who({"Cookie": f"cosec_key={browser.key}"}) == "public"


def form(**fields: str) -> dict[str, str]:
    payload = activity("Exercise Form")
    return {
        "designation": payload["designation"],
        "states": "CHN",
        "start": payload["start"],
        "end": payload["end"],
        "troops": "12000",
    } | fields


@pytest.mark.parametrize("token", [None, "", "forged"], ids=["absent", "empty", "wrong"])
def test_a_form_without_the_sessions_token_is_refused_and_nothing_written(
    browser: Browser, token: str | None
) -> None:
    cookie = sign_in(browser.http, browser.key)
    before = browser.records()
    data = form() if token is None else form(csrf=token)
    r = browser.http.post("/notifications/new", headers=cookie, data=data, follow_redirects=False)
    assert r.status_code == 403, r.text
    assert "csrf" in r.text
    assert browser.records() == before
    r = browser.http.post("/logout", headers=cookie, data={"csrf": token or ""})
    assert r.status_code == 403
    assert browser.who(cookie) == "signed in"


def test_a_form_with_the_sessions_token_goes_through(browser: Browser) -> None:
    cookie = sign_in(browser.http, browser.key)
    page = browser.http.get("/notifications/new", headers=cookie)
    before = browser.records()
    r = browser.http.post(  # below every threshold: nothing to confirm
        "/notifications/new/sign",
        headers=cookie,
        data=form(csrf=csrf_of(page), troops="500"),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert browser.records() == before + 1


def test_an_api_call_with_the_session_needs_its_token_and_one_with_a_key_does_not(
    browser: Browser,
) -> None:
    cookie = sign_in(browser.http, browser.key)
    token = csrf_of(browser.http.get("/notifications/new", headers=cookie))
    body = {"payload": activity("Exercise Cookie")}
    assert browser.http.post("/v1/notifications", headers=cookie, json=body).status_code == 403
    ok = browser.http.post("/v1/notifications", headers=cookie | {"X-CSRF-Token": token}, json=body)
    assert ok.status_code == 201, ok.text
    keyed = {"Authorization": f"Bearer {browser.key}"}
    body = {"payload": activity("Exercise Key", start=40)}
    assert browser.http.post("/v1/notifications", headers=keyed, json=body).status_code == 201


@pytest.mark.parametrize("login_token", [None, "forged"], ids=["absent", "wrong"])
def test_a_sign_in_not_sent_from_the_sign_in_form_is_refused(
    browser: Browser, login_token: str | None
) -> None:
    browser.http.get("/login")  # the browser holds a form token, but not this one
    data = {"key": browser.key} | ({} if login_token is None else {"login_token": login_token})
    r = browser.http.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 403, r.text
    assert browser.rows() == []
    browser.http.cookies.clear()


def test_a_secure_server_marks_its_cookies_secure(sqlite_world: World) -> None:
    b = browser_for(sqlite_world, WebConfig(secure_cookies=True))
    with b.http:
        page = b.http.get("/login")
        assert "secure" in page.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, False),
        ({"host": "::1"}, False),
        ({"host": "0.0.0.0"}, True),
        ({"host": "192.0.2.7"}, True),
        ({"public_url": "https://cosec.example.org"}, True),
        ({"host": "0.0.0.0", "secure_cookies": False}, False),
        ({"secure_cookies": True}, True),
    ],
)
def test_cookies_are_secure_unless_on_loopback_or_turned_off(
    env: dict[str, object], secure: bool
) -> None:
    settings = Settings(**env)  # type: ignore[arg-type]
    assert WebConfig.from_settings(settings).secure_cookies is secure

"""Helpers for the API tests: a client over a world, its callers, and request bodies.

Every test talks to the app the way a member's system does: JSON over HTTP, an API key
in ``Authorization: Bearer``. The readers are three members (CHN notifies, USA is a
party, JPN is a third member), the secretariat, an observer and the public (no key).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from cosec.principals import Role
from cosec.server.app import create_app
from tests.conftest import START, World

MEMBERS = ("CHN", "USA", "JPN")
READERS = ("CHN", "USA", "SEC", "JPN", "OBS", "PUBLIC")
"""CHN notifies, USA is a party, then the secretariat, a third member, an observer, the public."""

TODAY = START.date()
"""The day of ``world.clock``: a notification logged now is notified on this day."""


def days(n: int) -> str:
    """The ISO date ``n`` days after the clock's day."""
    return (TODAY + timedelta(days=n)).isoformat()


def activity(
    designation: str = "Exercise Strait Thunder",
    *,
    states: tuple[str, ...] = ("CHN",),
    start: int = 20,
    length: int = 5,
    troops: int = 12_000,
    **extra: Any,
) -> dict[str, Any]:
    """A ``notification.prior`` (or observed activity) payload, starting ``start`` days on."""
    return {
        "designation": designation,
        "states": list(states),
        "start": days(start),
        "end": days(start + length - 1),
        "figures": {"troops": troops},
        **extra,
    }


@dataclass
class Api:
    """A test client over a world, with an API key for each reader."""

    client: TestClient
    keys: dict[str, str | None]
    world: World

    def auth(self, who: str) -> dict[str, str]:
        """Headers of ``who`` (none for the public)."""
        key = self.keys[who]
        return {} if key is None else {"Authorization": f"Bearer {key}"}

    def get(self, path: str, who: str = "PUBLIC", **params: Any) -> Response:
        return self.client.get(path, headers=self.auth(who), params=params)

    def post(self, path: str, who: str, body: Any = None, **params: Any) -> Response:
        return self.client.post(path, headers=self.auth(who), json=body, params=params)

    def ok(self, response: Response, status: int = 200) -> Any:
        """The JSON of a response that must have ``status``."""
        assert response.status_code == status, response.text
        return response.json()

    def notify(self, who: str = "CHN", body: dict[str, Any] | None = None, **kw: Any) -> Any:
        """Submit a notification (``POST /v1/notifications``) that must succeed."""
        return self.ok(
            self.post("/v1/notifications", who, body or {"payload": activity(**kw)}), 201
        )

    def record_ids(self) -> list[int]:
        """Every record id, as the secretariat reads them."""
        return [r["id"] for r in self.ok(self.get("/v1/records", "SEC", limit=1000))]

    def findings(self, who: str = "SEC", **params: Any) -> list[dict[str, Any]]:
        return self.ok(self.get("/v1/findings", who, **params))

    def state(self) -> tuple[list[int], list[tuple[int, str, str]]]:
        """What a write would change: record ids, and each finding's id, state and audience."""
        found = [(f["id"], f["state"], f["audience"]) for f in self.findings("SEC")]
        return self.record_ids(), sorted(found)


def app_for(world: World) -> FastAPI:
    """The app over ``world``: its store, its ledger and its fixed clock."""
    return create_app(world.factory, ledger=world.ledger, clock=world.clock)


@contextmanager
def api_over(world: World) -> Iterator[Api]:
    """A client over ``world`` with users for CHN, USA, JPN, the secretariat, an observer."""
    keys: dict[str, str | None] = {"PUBLIC": None}
    for code in MEMBERS:
        keys[code] = world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
    keys["SEC"] = world.user("secretariat", Role.SECRETARIAT)[1]
    keys["OBS"] = world.user("observer", Role.OBSERVER)[1]
    with TestClient(app_for(world)) as client:
        yield Api(client=client, keys=keys, world=world)


def sign_in(client: TestClient, key: str) -> dict[str, str]:
    """Sign in at /login as a browser does; return the headers that carry the session's
    cookie (the client's own cookie jar is left empty, so callers never mix sessions)."""
    client.cookies.clear()
    page = client.get("/login")
    found = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert found, page.text
    r = client.post(
        "/login", data={"key": key, "login_token": found.group(1)}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    session = r.cookies["cosec_session"]
    client.cookies.clear()
    return {"Cookie": f"cosec_session={session}"}


def csrf_of(page: Response) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]*)"', page.text)
    assert found, page.text
    return found.group(1)


def error_locs(response: Response) -> dict[str, str]:
    """``loc → rule`` of an error response."""
    body = response.json()
    return {e["loc"]: e["rule"] for e in body["errors"]}


def assert_invalid(response: Response, loc: str, rule: str) -> None:
    """A 422 whose errors name ``loc`` with a rule containing ``rule``."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] in ("InvalidInput", "CharterError"), body
    locs = error_locs(response)
    assert loc in locs, f"no error names {loc!r}: {body['errors']}"
    assert rule in locs[loc], f"{loc}: {locs[loc]!r} does not say {rule!r}"

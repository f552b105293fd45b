"""Rate limits per client address: failed keys and sign-ins, and the costly routes; a 429
in the one error shape with Retry-After. The buckets themselves are bounded."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cosec.access import ratelimit
from cosec.access.ratelimit import RateLimited, TokenBuckets
from cosec.api.config import WebConfig
from cosec.principals import Role
from cosec.server.app import create_app
from tests.conftest import World


class Clock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_bucket_gives_its_burst_then_refills_at_its_rate() -> None:
    now = Clock()
    buckets = TokenBuckets(per_minute=6, now=now)  # a burst of 6, one token every 10 s
    for _ in range(6):
        buckets.take("a")
    with pytest.raises(RateLimited) as refused:
        buckets.take("a")
    assert refused.value.retry_after == 10
    now.t += 9
    with pytest.raises(RateLimited) as refused:
        buckets.take("a")
    assert refused.value.retry_after == 1
    now.t += 1
    buckets.take("a")
    buckets.take("b")  # another client has its own bucket


def test_check_takes_nothing_and_spend_is_never_refused() -> None:
    buckets = TokenBuckets(per_minute=2, now=Clock())
    for _ in range(5):
        buckets.check("a")
    for _ in range(5):
        buckets.spend("a")
    with pytest.raises(RateLimited):
        buckets.check("a")


def test_the_buckets_stay_bounded_forgetting_the_least_recently_used() -> None:
    buckets = TokenBuckets(per_minute=1, max_clients=3, now=Clock())
    for n in range(100):
        buckets.spend(f"10.0.0.{n}")
    assert len(buckets) == 3
    buckets.check("10.0.0.0")  # forgotten: a full bucket again
    with pytest.raises(RateLimited):
        buckets.check("10.0.0.99")


def test_the_module_example_runs() -> None:
    assert doctest.testmod(ratelimit).failed == 0


@dataclass
class Limited:
    app: FastAPI
    http: TestClient
    key: str


@pytest.fixture
def limited(sqlite_world: World) -> Iterator[Limited]:
    key = sqlite_world.user("poc-chn", Role.MEMBER, "CHN")[1]
    config = WebConfig(auth_failures_per_minute=3, costly_requests_per_minute=2)
    app = create_app(
        sqlite_world.factory, ledger=sqlite_world.ledger, clock=sqlite_world.clock, config=config
    )
    with TestClient(app) as http:
        yield Limited(app, http, key)


def assert_limited(r, what: str) -> None:
    assert r.status_code == 429, r.text
    assert int(r.headers["retry-after"]) >= 1
    if r.headers["content-type"] == "application/json":
        body = r.json()
        assert body["error"] == "RateLimited"
        assert what in body["message"]
        assert body["errors"] == []
    else:
        assert "<h1>Too many requests</h1>" in r.text


def test_bad_keys_from_one_address_are_refused_after_a_few(limited: Limited) -> None:
    bad = {"Authorization": "Bearer cosec_000000000000_guess"}
    for _ in range(3):
        assert limited.http.get("/v1/records", headers=bad).status_code == 401
    assert_limited(limited.http.get("/v1/records", headers=bad), "failed sign-ins")
    # The lock-out is per address: another client still gets in with its key.
    other = TestClient(limited.app, client=("10.9.8.7", 4000))
    ok = other.get("/v1/records", headers={"Authorization": f"Bearer {limited.key}"})
    assert ok.status_code == 200, ok.text


def test_a_good_key_costs_nothing(limited: Limited) -> None:
    good = {"Authorization": f"Bearer {limited.key}"}
    for _ in range(10):
        assert limited.http.get("/v1/records", headers=good).status_code == 200


def test_failed_sign_ins_on_the_page_are_limited_too(limited: Limited) -> None:
    def sign_in_wrongly():
        token = limited.http.get("/login").cookies["cosec_login"]
        return limited.http.post("/login", data={"key": "wrong", "login_token": token})

    for _ in range(3):
        assert sign_in_wrongly().status_code == 401
    assert_limited(sign_in_wrongly(), "failed sign-ins")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/geo/coastlines.geojson?bbox=115,5,125,20", None),
        ("POST", "/v1/notifications/assess", []),
    ],
)
def test_costly_routes_are_limited_and_the_others_are_not(
    limited: Limited, method: str, path: str, body: object
) -> None:
    for _ in range(2):
        assert limited.http.request(method, path, json=body).status_code in (200, 422)
    assert_limited(limited.http.request(method, path, json=body), "costly requests")
    for _ in range(5):
        assert limited.http.get("/v1/charters").status_code == 200

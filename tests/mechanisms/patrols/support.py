"""A Lancang-Mekong store and the payloads the patrol tests send."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from cosec.principals import Role
from tests.api.support import Api, app_for
from tests.conftest import World

MEMBERS = ("CHN", "LAO", "MMR", "THA")
ROUTE = [
    {"lat": 21.63, "lon": 101.17, "name": "Guanlei"},
    {"lat": 20.98, "lon": 100.63, "name": "Xieng Kok"},
    {"lat": 20.27, "lon": 100.09, "name": "Chiang Saen"},
]


@contextmanager
def api_over(world: World) -> Iterator[Api]:
    """A client with keys for the four members, the secretariat, an observer, the public."""
    keys: dict[str, str | None] = {"PUBLIC": None}
    for code in MEMBERS:
        keys[code] = world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
    keys["SEC"] = world.user("secretariat", Role.SECRETARIAT)[1]
    keys["OBS"] = world.user("observer", Role.OBSERVER)[1]
    with TestClient(app_for(world)) as client:
        yield Api(client=client, keys=keys, world=world)


def plan(
    start: str = "2026-02-20",
    end: str = "2026-02-23",
    participants: tuple[str, ...] = ("CHN", "LAO", "THA"),
    **extra: Any,
) -> dict[str, Any]:
    """A ``patrols.plan`` payload."""
    return {
        "title": "Joint patrol 90",
        "participants": list(participants),
        "vessels": [{"name": "Guanlei Patrol 11", "member": "CHN"}],
        "route": ROUTE,
        "start": start,
        "end": end,
    } | extra


def report(participants: tuple[str, ...] = ("CHN", "LAO"), **extra: Any) -> dict[str, Any]:
    """A ``patrols.report`` payload (the plan id is the route's)."""
    return {
        "participants": list(participants),
        "stations": ["Guanlei", "Chiang Saen"],
        "positions": [{"at": "2026-02-21T08:00:00Z", "lat": 21.0, "lon": 100.6}],
    } | extra


def case(occurred_at: str = "2026-02-27T09:00:00Z", **extra: Any) -> dict[str, Any]:
    """A ``patrols.case`` payload."""
    return {
        "title": "Heroin in a fishing boat",
        "category": "CAT3",
        "occurred_at": occurred_at,
        "lat": 20.26,
        "lon": 100.12,
        "place": "near Chiang Saen",
        "drugs": [{"substance": "heroin", "amount": 31.0, "unit": "kg"}],
        "persons_detained": 2,
        "vessels": [{"name": "Sombat 2", "member": "THA"}],
    } | extra

"""Helpers for the review flow, drafts and people tests: people with duties, a browser-like
client per person (its session cookie and its forms' token), and the forms' values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import func, select

from cosec.access import service as users
from cosec.api.config import WebConfig
from cosec.logstore.tables import LogEntryRow
from cosec.principals import Duty, Role
from cosec.server.app import create_app
from cosec.store.tables import RecordRow
from tests.api.support import csrf_of, days, sign_in
from tests.conftest import World


def person(
    world: World, name: str, member: str | None, duty: Duty | None, role: Role = Role.MEMBER
) -> str:
    """A user (a person when ``duty`` is given) and its key; a member's key is deposited."""
    if member is not None:
        world.member_key(member)
    with world.session() as s:
        charter = world.deployment().current
        _, key = users.add(
            s, name=name, role=role, member=member, charter=charter, clock=world.clock, duty=duty
        )
    return key


def counts(world: World) -> tuple[int, int]:
    """How many records and log entries the store holds."""
    with world.session(write=False) as s:
        records = s.scalar(select(func.count()).select_from(RecordRow)) or 0
        entries = s.scalar(select(func.count()).select_from(LogEntryRow)) or 0
    return records, entries


def notification_form(
    designation: str = "Exercise Joint Sword",
    *,
    start: int = 60,
    length: int = 5,
    troops: str = "12000",
    states: str = "CHN",
    **extra: str,
) -> dict[str, str]:
    """The notification form's values: an activity starting ``start`` days from today."""
    return {
        "designation": designation,
        "states": states,
        "start": days(start),
        "end": days(start + length - 1),
        "troops": troops,
        **extra,
    }


CONFIRM = re.compile(r'name="confirm" value="([^"]+)"')


@dataclass
class Browser:
    """One signed-in browser: its session cookie and its forms' token."""

    client: TestClient
    headers: dict[str, str]
    csrf: str

    def get(self, path: str) -> Response:
        return self.client.get(path, headers=self.headers)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Response:
        body = {"csrf": self.csrf, **(data or {})}
        return self.client.post(path, headers=self.headers, data=body, follow_redirects=False)

    def warnings(self, form_path: str, values: dict[str, str]) -> list[str]:
        """The confirmation codes the review of ``values`` asks for."""
        page = self.post(f"{form_path}/review", values)
        assert page.status_code == 200, page.text
        return CONFIRM.findall(page.text)


def browser(client: TestClient, key: str) -> Browser:
    headers = sign_in(client, key)
    return Browser(client, headers, csrf_of(client.get("/drafts", headers=headers)))


@contextmanager
def web(world: World, *, two_person_rule: bool = True) -> Iterator[TestClient]:
    """A client over the app on ``world``."""
    app = create_app(
        world.factory,
        ledger=world.ledger,
        clock=world.clock,
        config=WebConfig(two_person_rule=two_person_rule),
    )
    with TestClient(app) as client:
        yield client


def text(page: Response) -> str:
    """A page's text, tags dropped and spaces collapsed."""
    words = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    return re.sub(r" ([,.;:)])", r"\1", words)

"""The hotline's pages: the console (unacknowledged first, one click to acknowledge without
JavaScript), a message's page, the measured times, CSV, and the console's script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


def _send(api: Api, sender: str, to: str, precedence: str, subject: str) -> int:
    body = {"payload": {"to": to, "precedence": precedence, "subject": subject, "text": "t"}}
    return int(api.ok(api.post("/v1/hotline/messages", sender, body), 201)["id"])


def test_the_console_lists_unacknowledged_first_and_acknowledges_in_one_click(
    api: Api, sqlite_world: World
) -> None:
    routine = _send(api, "CHN", "USA", "ROUTINE", "Schedule")
    flash = _send(api, "CHN", "USA", "FLASH", "Collision")
    acked = _send(api, "JPN", "USA", "FLASH", "Earlier")
    api.ok(api.post(f"/v1/hotline/messages/{acked}/acks", "USA", {"payload": {}}), 201)
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/hotline", headers=headers)
    assert page.status_code == 200
    order = [int(x) for x in re.findall(r'data-message-id="(\d+)"', page.text)]
    assert order == [flash, routine, acked]
    assert 'src="/hotline/static/console.js"' in page.text
    assert "the United States" in page.text
    done = api.client.post(
        f"/hotline/messages/{flash}/ack?next=/hotline",
        data={"csrf": csrf_of(page)},
        headers=headers,
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/hotline"
    one = api.ok(api.get(f"/v1/hotline/messages/{flash}", "CHN"))
    assert one["status"] == "acknowledged"
    forged = api.client.post(f"/hotline/messages/{routine}/ack", data={}, headers=headers)
    assert forged.status_code == 403  # no CSRF token: nothing signed
    china = sign_in(api.client, api.keys["CHN"] or "")
    theirs = api.client.get("/hotline", headers=china)
    assert 'data-testid="ack"' not in theirs.text  # the sender has nothing to acknowledge


def test_a_message_page_times_csv_and_script(api: Api, sqlite_world: World) -> None:
    mid = _send(api, "CHN", "JPN", "IMMEDIATE", "Unsafe pass")
    sqlite_world.clock.set(sqlite_world.clock.now() + timedelta(minutes=12))
    api.ok(api.post(f"/v1/hotline/messages/{mid}/acks", "JPN", {"payload": {}}), 201)
    headers = sign_in(api.client, api.keys["CHN"] or "")
    page = api.client.get(f"/hotline/messages/{mid}", headers=headers)
    assert "acknowledged, after 12 min 0 s" in page.text
    times = api.client.get("/hotline/times", headers=headers, params={"year": 2026})
    assert 'data-member="JPN"' in times.text
    assert "12.0 min" in times.text
    csv = api.client.get("/hotline/messages.csv", headers=headers)
    assert csv.text.splitlines()[1].split(",")[:4] == [str(mid), "CHN", "JPN", "IMMEDIATE"]
    script = api.client.get("/hotline/static/console.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "EventSource" in script.text
    assert api.client.get("/hotline/static/other.js").status_code == 404
    assert api.client.get("/hotline", headers=headers, params={"status": "lost"}).status_code == 422
    public = api.client.get("/hotline", follow_redirects=False)
    assert public.status_code == 303

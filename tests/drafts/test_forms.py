"""Every record kind of prior notification has a form, reachable where a person looks,
through the same review step; records and the charter read as tables, never JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.drafts.support import Browser, browser, notification_form, person, text, web


@pytest.fixture
def client(sqlite_world: World) -> Iterator[TestClient]:
    with web(sqlite_world) as c:
        yield c


@pytest.fixture
def chn(sqlite_world: World, client: TestClient) -> Browser:
    return browser(client, person(sqlite_world, "poc-chn", "CHN", None))


@pytest.fixture
def usa(sqlite_world: World, client: TestClient) -> Browser:
    return browser(client, person(sqlite_world, "poc-usa", "USA", None))


def sign(b: Browser, path: str, values: dict[str, str]) -> str:
    """Review and sign through a form, ticking what the review asks; where it leads."""
    signed = b.post(f"{path}/sign", values | {"confirm": b.warnings(path, values)})
    assert signed.status_code == 303, text(signed)
    return str(signed.headers["location"])


def notify(b: Browser, start: int = 60, **extra: str) -> int:
    where = sign(b, "/notifications/new", notification_form(start=start, **extra))
    return int(where.rsplit("/", 1)[1])


def test_a_notification_page_offers_what_its_reader_may_do(chn: Browser, usa: Browser) -> None:
    rid = notify(chn, start=60)
    mine = chn.get(f"/notifications/{rid}").text
    for href in ("amend", "invite", "withdraw"):
        assert f'href="/notifications/{href}?notification_id={rid}"' in mine
    assert "/explanations/new" not in mine
    theirs = usa.get(f"/notifications/{rid}").text
    assert "/notifications/amend" not in theirs
    assert f"/explanations/new?notification_id={rid}&amp;respondent=CHN" in theirs


def test_an_amendment_starts_from_the_notification_as_it_stands(chn: Browser) -> None:
    rid = notify(chn, start=60)
    form = chn.get(f"/notifications/amend?notification_id={rid}")
    assert form.status_code == 200
    assert re.search(r'id="troops" name="troops" type="number" value="12000"', form.text)
    assert "Amending notification" in text(form)
    values = {
        "notification_id": str(rid),
        "reason": "more troops",
        "start": notification_form(start=60)["start"],
        "end": notification_form(start=60)["end"],
        "troops": "14000",
    }
    assert sign(chn, "/notifications/amend", values) == f"/notifications/{rid}"
    page = text(chn.get(f"/notifications/{rid}"))
    assert "Amendments" in page
    assert "more troops" in page
    assert "14,000" in page


def test_an_invited_state_is_offered_the_reply(chn: Browser, usa: Browser) -> None:
    rid = notify(chn, start=60, troops="14000")
    values = {"notification_id": str(rid), "invited": "usa", "observers_per_state": "2"}
    assert sign(chn, "/notifications/invite", values) == f"/notifications/{rid}"
    page = usa.get(f"/notifications/{rid}").text
    invitation = re.search(r'href="/invitations/reply\?invitation_id=(\d+)"', page)
    assert invitation
    record = usa.get(f"/records/{invitation.group(1)}").text
    assert f'href="/invitations/reply?invitation_id={invitation.group(1)}"' in record
    values = {"invitation_id": invitation.group(1), "accepted": "true", "observers": "2"}
    sign(usa, "/invitations/reply", values)
    page = usa.get(f"/notifications/{rid}").text
    assert "/invitations/reply" not in page  # answered
    assert "USA: accepts, 2 observer(s)" in text(usa.get(f"/notifications/{rid}"))
    assert "Reply to this invitation" not in chn.get(f"/records/{invitation.group(1)}").text


def test_a_request_for_explanation_and_its_reply(chn: Browser, usa: Browser) -> None:
    rid = notify(chn, start=60)
    values = {"respondent": "CHN", "concern": "Why so near?", "notification_id": str(rid)}
    where = sign(usa, "/explanations/new", values)
    request_id = int(where.rsplit("/", 1)[1])
    asked = chn.get(where)
    assert "Request for explanation" in text(asked)
    assert f'href="/explanations/reply?request_id={request_id}"' in asked.text
    reply = sign(
        chn, "/explanations/reply", {"request_id": str(request_id), "explanation": "A drill."}
    )
    shown = text(chn.get(reply))
    assert "Explanation A drill." in shown
    assert f"Follows record {request_id}" in shown


def test_a_withdrawal_after_the_start_must_be_confirmed(chn: Browser) -> None:
    rid = notify(chn, start=-1, troops="500")
    values = {"notification_id": str(rid), "reason": "weather"}
    codes = chn.warnings("/notifications/withdraw", values)
    assert "withdrawn_after_start" in codes
    assert sign(chn, "/notifications/withdraw", values) == f"/notifications/{rid}"
    shown = text(chn.get(f"/notifications/{rid}"))
    assert "after its start: it is judged all the same. Reason: weather" in shown


def test_a_calendar_row_error_is_shown_at_its_row(chn: Browser) -> None:
    values = {
        "year": "2026",
        "entry-0-designation": "Spring drill",
        "entry-0-states": "USA",
        "entry-0-start": "2026-05-01",
        "entry-0-end": "2026-05-03",
        "entry-0-troops": "9000",
    }
    page = chn.post("/calendar/new/review", values)
    assert page.status_code == 422
    assert re.search(
        r'id="err-entry-0-states"[^>]*>States \(activity 1\): must include the submitting state',
        page.text,
    )
    assert 'name="entry-2-designation"' in page.text  # blank rows to fill
    assert 'name="entry-3-designation"' not in page.text
    values["entry-0-states"] = "CHN"
    codes = chn.warnings("/calendar/new", values)
    assert "past_start" not in codes
    assert sign(chn, "/calendar/new", values) == "/calendar?year=2026"


def test_record_and_charter_pages_are_tables_not_json(chn: Browser) -> None:
    rid = notify(chn, start=60, area_description="Off Fujian", lat="24.5", lon="119.5")
    page = chn.get(f"/records/{rid}")
    shown = text(page)
    assert "<pre" not in page.text
    assert '{"' not in page.text
    assert "States China (CHN)" in shown
    assert "Area Description Off Fujian Latitude 24.5 Longitude 119.5" in shown
    assert "Who reads it The members of the notification regime" in shown
    charter = chn.get("/charter")
    assert '{"' not in charter.text
    assert "<pre" not in charter.text
    shown = text(charter)
    assert "Lead time days 42 Days before its start by which an activity must be notified." in shown
    assert "CHN China" in shown

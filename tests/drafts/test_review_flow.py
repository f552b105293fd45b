"""The review step between a form and its signature, on both stores.

A point of contact's late notification is shown with the finding it would open against
its own state, and the server signs it only with the confirmations of exactly the
warnings it finds again when it signs: missing, forged or stale confirmations are
refused (422 naming ``confirm``) and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cosec.principals import Role
from tests.api.support import activity
from tests.conftest import World
from tests.drafts.support import Browser, browser, counts, notification_form, person, text, web

NEW = "/notifications/new"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with web(world) as c:
        yield c


@pytest.fixture
def chn(world: World, client: TestClient) -> Browser:
    """CHN's point of contact (a machine's key: it signs itself, after the review)."""
    return browser(client, person(world, "poc-chn", "CHN", None))


def test_a_late_notification_shows_the_finding_against_its_own_state_first(
    chn: Browser,
) -> None:
    page = chn.post(f"{NEW}/review", notification_form(start=20))
    assert page.status_code == 200, page.text
    shown = text(page)
    opens = shown[shown.index("Findings it opens") : shown.index("Findings it resolves")]
    assert "against your state: China notified Exercise Joint Sword 20 days before it began" in (
        opens
    )
    assert 'data-testid="own-marker"' in page.text
    assert "Signing this opens a medium-severity finding against China" in shown
    assert "Sign and send" in shown
    # the record as it will be signed, in words: no JSON, no internal names
    assert "Start 21 Mar 2026" in shown
    assert "States China (CHN)" in shown
    assert "Troops 12,000" in shown
    assert "The members of the notification regime, observers and the secretariat" in shown
    assert '{"' not in page.text
    assert "payload." not in shown


def test_without_its_confirmations_nothing_is_signed(world: World, chn: Browser) -> None:
    values = notification_form(start=20)
    codes = chn.warnings(NEW, values)
    assert any(c.startswith("finding:late:") for c in codes), codes
    before = counts(world)

    refused = chn.post(f"{NEW}/sign", values)
    assert refused.status_code == 422
    assert "Confirmation: tick every warning before signing" in text(refused)
    assert counts(world) == before

    one_short = chn.post(f"{NEW}/sign", values | {"confirm": codes[:-1]})
    assert one_short.status_code == 422
    assert counts(world) == before

    forged = chn.post(f"{NEW}/sign", values | {"confirm": [*codes, "finding:late:000000000000"]})
    assert forged.status_code == 422
    assert "the warnings changed since this page was shown" in text(forged)
    assert counts(world) == before

    signed = chn.post(f"{NEW}/sign", values | {"confirm": codes})
    assert signed.status_code == 303, signed.text
    assert re.fullmatch(r"/notifications/\d+", signed.headers["location"])
    assert counts(world)[0] == before[0] + 1
    page = text(chn.get(signed.headers["location"]))
    assert "China notified Exercise Joint Sword 20 days before it began" in page


def test_a_confirmation_from_a_page_the_facts_have_overtaken_is_refused(
    world: World, client: TestClient, chn: Browser
) -> None:
    values = notification_form("Exercise Quiet Bay", start=90, troops="500")
    assert chn.warnings(NEW, values) == []  # nothing to confirm on the page as shown
    # Meanwhile the same state's system notifies the same activity through the API.
    key = person(world, "chn-system", "CHN", None)
    sent = client.post(
        "/v1/notifications",
        headers={"Authorization": f"Bearer {key}"},
        json={"payload": activity("Exercise Quiet Bay", start=92, length=3, troops=500)},
    )
    assert sent.status_code == 201, sent.text
    before = counts(world)

    stale = chn.post(f"{NEW}/sign", values)
    assert stale.status_code == 422
    assert f"duplicate of notification {sent.json()['id']}" in text(stale)
    assert counts(world) == before


def test_an_edit_keeps_the_values_and_errors_are_shown_at_their_fields(
    world: World, chn: Browser
) -> None:
    before = counts(world)
    values = notification_form(start=40, troops="-5") | {"end": notification_form()["start"]}
    values["end"] = values["start"][:8] + "01"  # before the start
    page = chn.post(f"{NEW}/review", values)
    assert page.status_code == 422
    assert re.search(r'id="err-troops"[^>]*>Troops: must not be negative<', page.text)
    assert re.search(r'id="err-end"[^>]*>End date: must not be before start<', page.text)
    assert 'name="designation" type="text" value="Exercise Joint Sword"' in page.text
    assert "payload.figures.troops" not in page.text
    assert "payload.end" not in page.text
    assert counts(world) == before

    edit = chn.post(NEW, notification_form("Exercise Kept", start=40))  # "Edit" on a review
    assert edit.status_code == 200
    assert 'value="Exercise Kept"' in edit.text
    assert 'action="/notifications/new/review"' in edit.text


def test_a_field_no_input_shows_is_named_by_its_label(world: World, chn: Browser) -> None:
    page = chn.post(f"{NEW}/review", notification_form(states="USA"))
    assert page.status_code == 422
    assert "States taking part: must include the notifying state CHN" in text(page)
    page = chn.post(f"{NEW}/review", notification_form(audience="parties"))
    assert "Addressed to: name at least one member when audience is parties" in text(page)


def test_only_the_secretariat_records_an_observed_activity(
    world: World, client: TestClient, chn: Browser
) -> None:
    assert chn.get("/notifications/observed/new").status_code == 403
    sec = browser(client, person(world, "analyst", None, None, Role.SECRETARIAT))
    values = notification_form("Unannounced drill", start=-10, states="CHN", sources="obs 12")
    page = sec.post("/notifications/observed/new/review", values)
    assert page.status_code == 200, page.text
    signed = sec.post(
        "/notifications/observed/new/sign",
        values | {"confirm": sec.warnings("/notifications/observed/new", values)},
    )
    assert signed.status_code == 303, signed.text
    record = text(sec.get(signed.headers["location"]))
    assert "Activity observed by the secretariat" in record
    assert re.search(r"Sources \W* obs 12", record)

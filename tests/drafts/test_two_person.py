"""The two-person rule in the web, and who did what, on both stores.

A drafter prepares a draft (kept apart from the log, read by its member's users only) and
cannot sign; an approver of the same member, another person, signs it after the same
review; whoever drafted and approved each record is kept beside it and shown. People's
keys do not sign through the API while the rule holds; machines' keys still do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cosec.drafts.tables import DraftRow, RecordPersonRow
from cosec.principals import Duty
from cosec.store.tables import PrincipalRow
from tests.api.support import activity
from tests.conftest import World
from tests.drafts.support import Browser, browser, counts, notification_form, person, text, web

NEW = "/notifications/new"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with web(world) as c:
        yield c


@pytest.fixture
def drafter(world: World, client: TestClient) -> Browser:
    return browser(client, person(world, "li-drafts", "CHN", Duty.DRAFTER))


@pytest.fixture
def approver(world: World, client: TestClient) -> Browser:
    return browser(client, person(world, "wang-approves", "CHN", Duty.APPROVER))


def draft(b: Browser, values: dict[str, str]) -> int:
    saved = b.post(f"{NEW}/draft", values)
    assert saved.status_code == 303, saved.text
    found = re.fullmatch(r"/drafts/(\d+)", saved.headers["location"])
    assert found, saved.headers["location"]
    return int(found.group(1))


def test_a_drafter_drafts_and_another_person_approves_and_signs(
    world: World, drafter: Browser, approver: Browser
) -> None:
    values = notification_form(start=20)  # late: a finding against China to confirm
    review = drafter.post(f"{NEW}/review", values)
    assert "is a drafter: an approver of CHN signs what you draft" in text(review)
    assert 'data-testid="sign-form"' not in review.text
    before = counts(world)
    draft_id = draft(drafter, values)
    assert counts(world) == before  # a draft is not a record, and not in the log

    listed = text(approver.get("/drafts"))
    assert "Exercise Joint Sword" in listed
    assert "li-drafts" in listed
    page = approver.get(f"/drafts/{draft_id}")
    assert page.status_code == 200
    shown = text(page)
    assert "drafted by li-drafts" in shown
    assert "against your state: China notified Exercise Joint Sword" in shown
    codes = re.findall(r'name="confirm" value="([^"]+)"', page.text)
    version = re.search(r'name="_version" value="([^"]+)"', page.text)
    assert codes
    assert version

    unticked = approver.post(f"/drafts/{draft_id}/sign", {"_version": version.group(1)})
    assert unticked.status_code == 422
    assert counts(world) == before
    signed = approver.post(
        f"/drafts/{draft_id}/sign", {"_version": version.group(1), "confirm": codes}
    )
    assert signed.status_code == 303, signed.text
    notification = signed.headers["location"]
    record_id = int(notification.rsplit("/", 1)[1])
    assert counts(world)[0] == before[0] + 1

    with world.session(write=False) as s:
        people = s.get(RecordPersonRow, record_id)
        names = dict(s.execute(select(PrincipalRow.id, PrincipalRow.name)).all())
        closed = s.get(DraftRow, draft_id)
    assert people is not None
    assert (names[people.drafted_by], names[people.approved_by]) == ("li-drafts", "wang-approves")
    assert closed is not None
    assert (closed.state, closed.record_id) == ("signed", record_id)
    said = "drafted by li-drafts, approved and signed by wang-approves"
    assert said in text(approver.get(notification))
    assert said in text(approver.get(f"/records/{record_id}"))
    trail = text(drafter.get("/people/li-drafts"))
    assert re.search(rf"{record_id} Prior notification .* drafted li-drafts wang-approves", trail)
    trail = text(drafter.get("/people/wang-approves"))
    assert re.search(rf"{record_id} .* approved and signed li-drafts wang-approves", trail)
    assert approver.post(f"/drafts/{draft_id}/sign", {"confirm": codes}).status_code == 409


def test_a_drafter_never_signs_and_an_approver_never_signs_alone(
    world: World, drafter: Browser, approver: Browser
) -> None:
    values = notification_form(start=90, troops="500")  # nothing to confirm
    before = counts(world)
    assert drafter.post(f"{NEW}/sign", values).status_code == 403
    own = draft(approver, values)
    assert approver.post(f"/drafts/{own}/sign", {}).status_code == 403  # drafted it himself
    assert approver.post(f"{NEW}/sign", values).status_code == 403  # no draft at all
    theirs = draft(drafter, values)
    assert drafter.post(f"/drafts/{theirs}/sign", {}).status_code == 403
    # Editing someone's draft makes the editor its drafter: another person must sign it.
    edited = approver.post(f"{NEW}/draft", values | {"_draft": str(theirs)})
    assert edited.status_code == 303
    assert approver.post(f"/drafts/{theirs}/sign", {}).status_code == 403
    assert counts(world) == before


def test_drafts_are_their_members_own(world: World, client: TestClient, drafter: Browser) -> None:
    theirs = draft(drafter, notification_form(start=90, troops="500"))
    usa = browser(client, person(world, "usa-approver", "USA", Duty.APPROVER))
    assert usa.get(f"/drafts/{theirs}").status_code == 404
    assert usa.post(f"/drafts/{theirs}/sign", {}).status_code == 404
    assert "Exercise Joint Sword" not in text(usa.get("/drafts"))
    assert usa.get("/people/li-drafts").status_code == 404


def test_a_reader_reads(world: World, client: TestClient) -> None:
    reader = browser(client, person(world, "zhao-reads", "CHN", Duty.READER))
    assert reader.get(NEW).status_code == 403
    assert reader.post(f"{NEW}/draft", notification_form()).status_code == 403
    assert reader.get("/notifications").status_code == 200


def test_a_draft_changed_since_its_review_is_not_signed(
    world: World, drafter: Browser, approver: Browser
) -> None:
    values = notification_form(start=90, troops="500")
    draft_id = draft(drafter, values)
    page = approver.get(f"/drafts/{draft_id}")
    version = re.search(r'name="_version" value="([^"]+)"', page.text)
    assert version
    changed = drafter.post(f"{NEW}/draft", values | {"_draft": str(draft_id), "troops": "600"})
    assert changed.status_code == 303
    before = counts(world)
    stale = approver.post(f"/drafts/{draft_id}/sign", {"_version": version.group(1)})
    assert stale.status_code == 422
    assert "the draft changed since this page was shown" in text(stale)
    assert counts(world) == before


def test_without_the_rule_an_approver_signs_after_the_review(world: World) -> None:
    with web(world, two_person_rule=False) as client:
        approver = browser(client, person(world, "solo", "CHN", Duty.APPROVER))
        values = notification_form(start=90, troops="500")
        signed = approver.post(f"{NEW}/sign", values)
        assert signed.status_code == 303, signed.text
        record_id = int(signed.headers["location"].rsplit("/", 1)[1])
        assert "drafted, approved and signed by solo" in text(approver.get(f"/records/{record_id}"))


@pytest.mark.parametrize("duty", [Duty.DRAFTER, Duty.READER, Duty.APPROVER])
def test_a_persons_key_does_not_sign_through_the_api(
    world: World, client: TestClient, duty: Duty
) -> None:
    key = person(world, f"api-{duty.value}", "CHN", duty)
    machine = person(world, "chn-system", "CHN", None)
    body = {"payload": activity("Exercise API", start=90, troops=500)}
    refused = client.post(
        "/v1/notifications", json=body, headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"] == "Forbidden"
    ok = client.post("/v1/notifications", json=body, headers={"Authorization": f"Bearer {machine}"})
    assert ok.status_code == 201, ok.text

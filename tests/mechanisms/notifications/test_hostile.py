"""What a hostile member tried on main (issue 8): a poisoned date, a reply that widens.

Each test failed before its fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import select, update

from cosec import registry
from cosec.compliance import engine
from cosec.compliance.findings import FindingDraft
from cosec.store.tables import RecordRow
from tests.api.support import Api, activity, api_over, assert_invalid
from tests.conftest import World


@pytest.fixture
def hostile(world: World) -> Iterator[Api]:
    """A client over a fresh world, with RUS as a fourth member."""
    with api_over(world) as a:
        a.keys["RUS"] = world.user("poc-rus", member="RUS")[1]
        yield a


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "0001-01-05"), ("9999-12-25", "9999-12-31")]
)
def test_a_date_out_of_range_is_refused_and_writes_nothing(
    hostile: Api, start: str, end: str
) -> None:
    before = hostile.state()
    body = {"payload": activity() | {"start": start, "end": end}}
    r = hostile.post("/v1/notifications", "CHN", body)
    assert_invalid(r, "payload.start", "1990-01-01")
    assert hostile.state() == before


@pytest.mark.parametrize(
    ("path", "payload", "loc"),
    [
        ("/v1/notifications", activity(designation="x" * 201), "payload.designation"),
        ("/v1/notifications", activity(purpose="x" * 4001), "payload.purpose"),
        ("/v1/notifications", activity(states=("CHN",) * 1001), "payload.states"),
        ("/v1/notifications", activity(troops=10**12), "payload.figures.troops"),
        (
            "/v1/explanation-requests",
            {"respondent": "USA", "concern": "x" * 4001},
            "payload.concern",
        ),
    ],
)
def test_free_text_lists_and_counts_are_bounded(
    hostile: Api, path: str, payload: dict[str, object], loc: str
) -> None:
    before = hostile.state()
    r = hostile.post(path, "CHN", {"payload": payload})
    assert r.status_code == 422, r.text
    assert loc in {e["loc"] for e in r.json()["errors"]}
    assert hostile.state() == before


def test_a_record_an_earlier_version_accepted_breaks_no_page(hostile: Api, world: World) -> None:
    """A notification dated year 1, logged by an earlier version, stays in the log for ever:
    pages, the API and evaluation must go on working around it."""
    good = hostile.notify("CHN", designation="Good")
    bad = hostile.notify("CHN", designation="Poisoned")
    with world.session() as s:
        payload = dict(s.scalar(select(RecordRow.payload).where(RecordRow.id == bad["id"])))
        payload |= {"start": "0001-01-01", "end": "0001-01-03"}
        s.execute(update(RecordRow).where(RecordRow.id == bad["id"]).values(payload=payload))
    for path in ("/", "/notifications", "/calendar", f"/records/{bad['id']}"):
        assert hostile.get(path, "SEC").status_code == 200, path
    listed = hostile.ok(hostile.get("/v1/notifications", "SEC"))
    assert [n["id"] for n in listed] == [good["id"]]
    assert hostile.get(f"/v1/notifications/{bad['id']}", "SEC").status_code == 404
    with world.session() as s:
        report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
    assert report.failed == []
    # And a new submission is still evaluated.
    hostile.notify("CHN", designation="After", start=10)
    late = [f for f in hostile.findings("SEC") if f["flag"] == "late"]
    assert any("After" in f["summary"] for f in late)


def test_an_obligation_that_raises_keeps_its_findings_and_spares_the_others(
    hostile: Api, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile.notify("CHN", designation="Late one", start=10)
    hostile.notify("CHN", designation="Near one", start=60, troops=8_800)
    before = {f["flag"]: (f["id"], f["state"]) for f in hostile.findings("SEC")}
    assert {"late", "near_threshold"} <= set(before)

    def broken(ctx: object) -> Iterator[FindingDraft]:
        raise OverflowError("date value out of range")

    mech = registry.mechanisms()["notification"]
    patched = replace(
        mech,
        obligations=tuple(
            replace(o, evaluate=broken) if o.id == "notification.lead_time" else o
            for o in mech.obligations
        ),
    )
    monkeypatch.setattr(engine, "mechanisms", lambda: {"notification": patched})
    hostile.notify("CHN", designation="Near two", start=90, troops=8_900)
    with world.session() as s:
        report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
    assert report.failed == ["notification.lead_time"]
    after = hostile.findings("SEC")
    (late,) = [f for f in after if f["flag"] == "late"]
    assert (late["id"], late["state"]) == before["late"]
    assert len([f for f in after if f["flag"] == "near_threshold"]) == 2


def _request(hostile: Api) -> dict[str, object]:
    """CHN asks RUS, and RUS alone, to explain an activity."""
    return hostile.ok(
        hostile.post(
            "/v1/explanation-requests",
            "CHN",
            {
                "payload": {"respondent": "RUS", "concern": "a naval build-up"},
                "audience": "parties",
            },
        ),
        201,
    )


def test_a_reply_cannot_widen_the_audience_of_the_request_it_answers(hostile: Api) -> None:
    req = _request(hostile)
    before = hostile.state()
    r = hostile.post(
        f"/v1/explanation-requests/{req['id']}/replies",
        "RUS",
        {"payload": {"explanation": "routine"}, "parties": ["USA"]},
    )
    assert_invalid(r, "parties", "must not name USA")
    assert hostile.state() == before
    assert hostile.get(f"/v1/records/{req['id']}", "USA").status_code == 404
    # Replying without naming anyone works, and USA still reads neither.
    reply = hostile.ok(
        hostile.post(
            f"/v1/explanation-requests/{req['id']}/replies",
            "RUS",
            {"payload": {"explanation": "routine"}},
        ),
        201,
    )
    assert reply["audience"] == "parties"
    for rid in (req["id"], reply["id"]):
        assert hostile.get(f"/v1/records/{rid}", "USA").status_code == 404
        assert hostile.get(f"/v1/records/{rid}", "CHN").status_code == 200


def test_an_invitation_reply_cannot_widen_the_notification_it_follows(hostile: Api) -> None:
    n = hostile.notify(
        "CHN", {"payload": activity(states=("CHN",)), "audience": "parties", "parties": ["RUS"]}
    )
    inv = hostile.ok(
        hostile.post(
            f"/v1/notifications/{n['id']}/invitations", "CHN", {"payload": {"invited": ["RUS"]}}
        ),
        201,
    )
    r = hostile.post(
        f"/v1/invitations/{inv['id']}/replies",
        "RUS",
        {"payload": {"accepted": True, "observers": 1}, "parties": ["USA"]},
    )
    assert_invalid(r, "parties", "must not name USA")
    for rid in (n["id"], inv["id"]):
        assert hostile.get(f"/v1/records/{rid}", "USA").status_code == 404

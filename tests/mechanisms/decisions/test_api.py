"""Decisions through /v1, on SQLite and on PostgreSQL, under the six parties' charter
(6 members: a quorum is 4): a meeting, a proposal tabled at it, votes signed by each
member's representative, the live count crossing the quorum, the close, the register and a
task that falls overdue, then is reported late."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cosec.charters import profile_path
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.principals import Role
from tests.api.support import Api, api_over, assert_invalid
from tests.conftest import World, make_world

SIX = ("CHN", "USA", "KOR", "PRK", "JPN", "RUS")


@pytest.fixture
def six(db_url: str, clock: FixedClock) -> Iterator[World]:
    w = make_world(db_url, clock, charter="korean-peninsula")
    yield w
    w.factory.kw["bind"].dispose()


@pytest.fixture
def api(six: World) -> Iterator[Api]:
    with api_over(six) as a:
        for code in ("KOR", "PRK", "RUS"):
            a.keys[code] = six.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
        yield a


def convene(api: Api, body: str = "six-party") -> int:
    meeting = {
        "body": body,
        "title": "Sixth round, first session",
        "opens_on": "2026-03-20",
        "place": "Beijing",
        "agenda": ["Denuclearisation", "Energy assistance"],
    }
    return int(api.ok(api.post("/v1/decisions/meetings", "SEC", {"payload": meeting}), 201)["id"])


def propose(api: Api, meeting_id: int | None, who: str = "KOR", **kw: Any) -> dict[str, Any]:
    payload = {
        "body": "six-party",
        "title": "Initial actions for denuclearisation",
        "parties": ["PRK"],
        "tasks": [
            {"member": "PRK", "what": "Shut down the reactor at Yongbyon", "due": "2026-04-30"},
            {"member": "USA", "what": "Begin bilateral talks", "due": "2026-04-30"},
        ],
    } | kw
    if meeting_id is not None:
        payload["meeting_id"] = meeting_id
    return dict(api.ok(api.post("/v1/decisions/proposals", who, {"payload": payload}), 201))


def vote(api: Api, pid: int, who: str, choice: str) -> Any:
    body = {"payload": {"vote": choice, "representative": f"Head of delegation, {who}"}}
    return api.post(f"/v1/decisions/proposals/{pid}/votes", who, body)


def test_a_proposal_is_voted_closed_and_its_tasks_judged(api: Api, six: World) -> None:
    mid = convene(api)
    p = propose(api, mid)
    pid = p["id"]
    assert (p["status"], p["rule"], p["tally"]["outcome"]) == ("tabled", "consensus", "no_quorum")
    for who, choice in (("CHN", "yes"), ("USA", "yes"), ("JPN", "abstain")):
        api.ok(vote(api, pid, who, choice), 201)
    three = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "JPN"))["tally"]
    assert (three["outcome"], three["present"], three["quorum"]) == ("no_quorum", 3, 4)
    api.ok(vote(api, pid, "KOR", "yes"), 201)
    four = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "JPN"))["tally"]
    assert (four["outcome"], four["present"], four["final"]) == ("adopted", 4, False)
    # A party's objection blocks a plain consensus; the last vote before the close counts.
    api.ok(vote(api, pid, "PRK", "no"), 201)
    blocked = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "JPN"))["tally"]
    assert (blocked["outcome"], blocked["no"]) == ("rejected", 1)
    api.ok(vote(api, pid, "PRK", "yes"), 201)
    closed = api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    assert closed["payload"]["members"] == list(SIX)
    assert closed["payload"]["rule"] == "consensus"
    final = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "CHN"))
    assert final["status"] == "decided"
    assert final["decision"] == f"SIX-PARTY-2026-{pid}"
    assert (final["tally"]["outcome"], final["tally"]["yes"], final["tally"]["final"]) == (
        "adopted",
        4,
        True,
    )
    assert [v["vote"] for v in final["votes"] if v["member"] == "PRK"] == ["no", "yes"]
    late = vote(api, pid, "RUS", "no")
    assert late.status_code == 409, late.text
    register = api.ok(api.get("/v1/decisions/register", "JPN"))
    assert [(t["member"], t["status"]) for t in register[0]["tasks"]] == [
        ("PRK", "open"),
        ("USA", "open"),
    ]
    # The deadline passes: both tasks are overdue; the United States then reports its own.
    six.clock.set(six.clock.now().replace(month=5, day=1, hour=0, minute=0))
    with six.session() as s:
        engine.evaluate(s, deployment=six.deployment(), clock=six.clock)
    found = {
        (f["flag"], tuple(f["members"]))
        for f in api.findings("SEC", obligation="decisions.implementation")
    }
    assert found == {("task_overdue", ("PRK",)), ("task_overdue", ("USA",))}
    wrong = api.post(
        f"/v1/decisions/proposals/{pid}/tasks/1/done", "USA", {"payload": {"done_on": "2026-04-29"}}
    )
    assert_invalid(wrong, "payload.task", "PRK's task")
    api.ok(
        api.post(
            f"/v1/decisions/proposals/{pid}/tasks/2/done",
            "USA",
            {"payload": {"done_on": "2026-04-29"}},
        ),
        201,
    )
    with six.session() as s:
        engine.evaluate(s, deployment=six.deployment(), clock=six.clock)
    states = {
        (f["flag"], f["members"][0], f["state"])
        for f in api.findings("SEC", obligation="decisions.implementation")
    }
    assert states == {
        ("task_overdue", "PRK", "open"),
        ("task_overdue", "USA", "resolved"),
        ("task_late", "USA", "open"),
    }
    tasks = api.ok(api.get("/v1/decisions/register", "JPN"))[0]["tasks"]
    assert [t["status"] for t in tasks] == ["overdue", "done late"]


def test_drafts_withdrawals_and_refusals(api: Api) -> None:
    draft = propose(api, None, who="JPN", title="Energy assistance of 50,000 tons of fuel oil")
    assert draft["status"] == "draft"
    assert draft["tally"] is None  # nothing is counted before it is tabled
    assert vote(api, draft["id"], "CHN", "yes").status_code == 409  # not tabled: no vote
    mid = convene(api)
    api.ok(
        api.post(
            f"/v1/decisions/proposals/{draft['id']}/table", "SEC", {"payload": {"meeting_id": mid}}
        ),
        201,
    )
    api.ok(vote(api, draft["id"], "CHN", "yes"), 201)
    again = api.post(
        f"/v1/decisions/proposals/{draft['id']}/table", "SEC", {"payload": {"meeting_id": mid}}
    )
    assert again.status_code == 409  # tabled already
    early = api.post(
        f"/v1/decisions/proposals/{draft['id']}/tasks/1/done",
        "PRK",
        {"payload": {"done_on": "2026-03-01"}},
    )
    assert early.status_code == 409  # not a decision (yet): no task is owed
    other = api.post(f"/v1/decisions/proposals/{draft['id']}/withdraw", "USA", {"payload": {}})
    assert_invalid(other, "payload.proposal_id", "only it withdraws")
    api.ok(
        api.post(
            f"/v1/decisions/proposals/{draft['id']}/withdraw",
            "JPN",
            {"payload": {"reason": "Merged into another."}},
        ),
        201,
    )
    gone = api.ok(api.get(f"/v1/decisions/proposals/{draft['id']}", "USA"))
    assert gone["status"] == "withdrawn"
    assert api.post(f"/v1/decisions/proposals/{draft['id']}/close", "SEC").status_code == 409
    bad = api.post(
        "/v1/decisions/proposals",
        "KOR",
        {"payload": {"body": "six-party", "title": "x", "parties": ["PHL"], "rule": "unanimity"}},
    )
    assert bad.status_code == 422
    assert_invalid(
        api.post(
            "/v1/decisions/proposals",
            "KOR",
            {"payload": {"body": "six-party", "title": "x", "parties": ["PHL"]}},
        ),
        "payload.parties[0]",
        "not a member",
    )
    assert_invalid(
        api.post("/v1/decisions/proposals", "KOR", {"payload": {"body": "summit", "title": "x"}}),
        "payload.body",
        "not a body",
    )
    assert_invalid(
        api.post(
            "/v1/decisions/proposals",
            "KOR",
            {"payload": {"body": "wg-kppm", "title": "x", "meeting_id": mid}},
        ),
        "payload.meeting_id",
        "not the wg-kppm",
    )
    forged = api.post(
        "/v1/records",
        "SEC",
        {
            "kind": "decisions.close",
            "payload": {"proposal_id": draft["id"], "members": ["CHN"], "rule": "simple_majority"},
        },
    )
    assert forged.status_code == 422
    assert api.ok(api.get("/v1/decisions/proposals", "PUBLIC")) == []


def test_bodies_chairs_meetings_and_assess(api: Api) -> None:
    found = {b["id"]: b for b in api.ok(api.get("/v1/decisions/bodies", "PUBLIC"))}
    assert (found["six-party"]["chair"], found["six-party"]["quorum"]) == ("CHN", 4)
    assert found["wg-neapsm"]["rule"] == "consensus"  # its decision_rule in [[bodies]]
    assert found["six-party"]["binding"]
    assert not found["wg-kppm"]["binding"]
    mid = convene(api)
    meetings = api.ok(api.get("/v1/decisions/meetings", "USA"))
    assert [(m["id"], m["chair"], m["agenda"][0]) for m in meetings] == [
        (mid, "CHN", "Denuclearisation")
    ]
    body = {
        "proposals": [
            {
                "id": "A",
                "body": "wg-neapsm",
                "rule": "consensus_minus_parties",
                "parties": ["PRK"],
                "votes": {"PRK": "no", "CHN": "yes", "USA": "yes", "RUS": "yes"},
            }
        ]
    }
    out = api.ok(api.client.post("/v1/decisions/assess?charter=korean-peninsula", json=body))
    assert out == [
        {
            "id": "A",
            "outcome": "adopted",
            "yes": 3,
            "no": 1,
            "abstain": 0,
            "present": 4,
            "rule": "consensus_minus_parties",
        }
    ]


def test_votes_owed_and_tasks_due_are_in_the_inbox_until_done(api: Api) -> None:
    pid = propose(api, convene(api))["id"]

    def keys(who: str) -> dict[str, Any]:
        items = api.ok(api.get("/v1/inbox", who))["items"]
        return {i["key"]: i for i in items if i["key"].startswith("decisions:")}

    assert set(keys("CHN")) == {f"decisions:vote:{pid}:CHN"}
    assert len(keys("SEC")) == 6  # every member's vote, for the secretariat
    for who in ("CHN", "USA", "KOR", "PRK"):
        api.ok(vote(api, pid, who, "yes"), 201)
    assert keys("CHN") == {}
    api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    assert keys("JPN") == {}  # the vote is closed: nothing owed
    task = keys("PRK")[f"decisions:task:{pid}:1"]
    assert task["due"].startswith("2026-05-01T00:00:00")
    assert task["href"] == f"/decisions/proposals/{pid}"
    api.ok(
        api.post(
            f"/v1/decisions/proposals/{pid}/tasks/1/done",
            "PRK",
            {"payload": {"done_on": "2026-04-01"}},
        ),
        201,
    )
    assert keys("PRK") == {}


def test_a_state_outside_a_body_may_not_vote_in_it(
    db_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    text = profile_path("korean-peninsula").read_text(encoding="utf-8")
    text = text.replace(
        'id = "wg-kppm"\n', 'id = "wg-kppm"\nmembers = ["CHN", "USA", "KOR", "JPN", "RUS"]\n'
    )
    charter = tmp_path / "six.toml"
    charter.write_text(text, encoding="utf-8")
    world = make_world(db_url, clock, charter=str(charter))
    try:
        with api_over(world) as api:
            for code in ("KOR", "PRK"):
                api.keys[code] = world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
            mid = convene(api, body="wg-kppm")
            pid = propose(api, mid, tasks=[], parties=[], body="wg-kppm")["id"]
            assert_invalid(vote(api, pid, "PRK", "yes"), "payload.proposal_id", "not a member")
            outside = api.post(
                "/v1/decisions/proposals", "PRK", {"payload": {"body": "wg-kppm", "title": "x"}}
            )
            assert_invalid(outside, "payload.body", "PRK is not a member of the wg-kppm")
            api.ok(vote(api, pid, "KOR", "yes"), 201)
            closed = api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
            assert closed["payload"]["members"] == ["CHN", "USA", "KOR", "JPN", "RUS"]
    finally:
        world.factory.kw["bind"].dispose()

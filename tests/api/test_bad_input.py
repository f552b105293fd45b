"""Bad input, path by path: a 422 naming the field and the rule, and nothing written.

Every case runs against one world per database that already holds a notification, an
invitation, a request for explanation and findings to refer to. Each case compares the
records and findings the secretariat reads before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.support import Api, activity, assert_invalid, days


@dataclass(frozen=True)
class Targets:
    """Ids the bad submissions refer to."""

    notification: int
    invitation: int
    request: int
    finding: int


@pytest.fixture(scope="module")
def targets(module_api: Api) -> Targets:
    api = module_api
    n = api.notify("CHN")
    inv = api.ok(
        api.post(
            f"/v1/notifications/{n['id']}/invitations", "CHN", {"payload": {"invited": ["USA"]}}
        ),
        201,
    )
    req = api.ok(
        api.post(
            "/v1/explanation-requests", "JPN", {"payload": {"respondent": "CHN", "concern": "x"}}
        ),
        201,
    )
    late = next(f for f in n["findings"] if f["flag"] == "late")
    return Targets(n["id"], inv["id"], req["id"], late["id"])


Body = Callable[[Targets], Any]


@dataclass(frozen=True)
class Case:
    """A bad request, who sends it, and the error it must get."""

    id: str
    who: str
    path: str
    body: Body
    loc: str
    rule: str


def _nb(**changes: Any) -> Body:
    """A notification submission body with ``changes`` to its payload (``None`` drops a key)."""

    def build(_: Targets) -> Any:
        payload = activity()
        for k, v in changes.items():
            if v is None:
                payload.pop(k)
            else:
                payload[k] = v
        return {"payload": payload}

    return build


def _top(**extra: Any) -> Body:
    """A valid notification payload with bad top-level fields."""
    return lambda _: {"payload": activity()} | extra


def _as_record(body: Body) -> Body:
    """The same submission through ``POST /v1/records``."""
    return lambda t: body(t) | {"kind": "notification.prior"}


NOTIFICATION_CASES = [
    (
        "negative-troops",
        _nb(figures={"troops": -1}),
        "payload.figures.troops",
        "must not be negative",
    ),
    (
        "troops-not-a-number",
        _nb(figures={"troops": "many"}),
        "payload.figures.troops",
        "must be an integer",
    ),
    ("end-before-start", _nb(end=days(10)), "payload.end", "must not be before start"),
    ("start-not-a-date", _nb(start="next week"), "payload.start", "must be a date (YYYY-MM-DD)"),
    ("no-designation", _nb(designation=None), "payload.designation", "is required"),
    ("empty-designation", _nb(designation=""), "payload.designation", "must not be empty"),
    ("unknown-payload-key", _nb(colour="red"), "payload.colour", "unknown key"),
    ("lower-case-state", _nb(states=["chn"]), "payload.states[0]", "ISO 3166-1 alpha-3"),
    ("state-not-a-member", _nb(states=["CHN", "XXX"]), "payload.states[1]", "XXX is not a member"),
    ("no-states", _nb(states=[]), "payload.states", "at least 1 item"),
    ("repeated-state", _nb(states=["CHN", "CHN"]), "payload.states", "must not repeat a state"),
    (
        "state-not-the-caller",
        _nb(states=["USA"]),
        "payload.states",
        "must include the notifying state",
    ),
    ("unknown-top-key", _top(colour="red"), "colour", "unknown key"),
    ("bad-audience", _top(audience="everyone"), "audience", "must be one of"),
    ("parties-without-parties", _top(audience="parties"), "parties", "name at least one member"),
    ("party-not-a-member", _top(parties=["ZZZ"]), "parties", "ZZZ is not a member of eas-2026"),
]

CASES = [
    *(
        Case(f"notifications-{i}", "CHN", "/v1/notifications", b, loc, rule)
        for i, b, loc, rule in NOTIFICATION_CASES
    ),
    *(
        Case(
            f"records-{i}",
            "CHN",
            "/v1/records",
            _as_record(b),
            loc,
            rule,
        )
        for i, b, loc, rule in NOTIFICATION_CASES
    ),
    Case(
        "records-unknown-kind",
        "CHN",
        "/v1/records",
        lambda _: {"kind": "notification.wish", "payload": {}},
        "kind",
        "unknown record kind",
    ),
    Case(
        "records-no-kind",
        "CHN",
        "/v1/records",
        lambda _: {"payload": activity()},
        "kind",
        "is required",
    ),
    Case(
        "amendment-negative-troops",
        "CHN",
        "/v1/notifications/{notification}/amendments",
        lambda _: {"payload": {"reason": "x", "figures": {"troops": -5}}},
        "payload.figures.troops",
        "must not be negative",
    ),
    Case(
        "amendment-end-before-start",
        "CHN",
        "/v1/notifications/{notification}/amendments",
        lambda _: {"payload": {"reason": "x", "start": days(30), "end": days(29)}},
        "payload.end",
        "must not be before start",
    ),
    Case(
        "amendment-no-reason",
        "CHN",
        "/v1/notifications/{notification}/amendments",
        lambda _: {"payload": {"end": days(30)}},
        "payload.reason",
        "is required",
    ),
    Case(
        "amendment-changes-nothing",
        "CHN",
        "/v1/notifications/{notification}/amendments",
        lambda _: {"payload": {"reason": "x"}},
        "payload",
        "must change start, end or figures",
    ),
    Case(
        "amendment-of-no-notification",
        "CHN",
        "/v1/notifications/{invitation}/amendments",
        lambda _: {"payload": {"reason": "x", "end": days(30)}},
        "payload.notification_id",
        "must be the id of a notification.prior record",
    ),
    Case(
        "invitation-nobody",
        "CHN",
        "/v1/notifications/{notification}/invitations",
        lambda _: {"payload": {"invited": []}},
        "payload.invited",
        "at least 1 item",
    ),
    Case(
        "invitation-self",
        "CHN",
        "/v1/notifications/{notification}/invitations",
        lambda _: {"payload": {"invited": ["CHN"]}},
        "payload.invited",
        "must not include the inviting state",
    ),
    Case(
        "invitation-not-a-member",
        "CHN",
        "/v1/notifications/{notification}/invitations",
        lambda _: {"payload": {"invited": ["XXX"]}},
        "payload.invited[0]",
        "XXX is not a member",
    ),
    Case(
        "invitation-too-many-observers",
        "CHN",
        "/v1/notifications/{notification}/invitations",
        lambda _: {"payload": {"invited": ["USA"], "observers_per_state": 3}},
        "payload.observers_per_state",
        "must be at most 2",
    ),
    Case(
        "reply-accepted-without-observers",
        "USA",
        "/v1/invitations/{invitation}/replies",
        lambda _: {"payload": {"accepted": True}},
        "payload.observers",
        "must be at least 1",
    ),
    Case(
        "reply-more-observers-than-offered",
        "USA",
        "/v1/invitations/{invitation}/replies",
        lambda _: {"payload": {"accepted": True, "observers": 3}},
        "payload.observers",
        "must be at most 2",
    ),
    Case(
        "reply-accepted-not-a-bool",
        "USA",
        "/v1/invitations/{invitation}/replies",
        lambda _: {"payload": {"accepted": "perhaps", "observers": 1}},
        "payload.accepted",
        "must be true or false",
    ),
    Case(
        "calendar-year-too-early",
        "CHN",
        "/v1/calendars",
        lambda _: {"payload": {"year": 1900, "nil_return": True}},
        "payload.year",
        "must be at least 1990",
    ),
    Case(
        "calendar-empty",
        "CHN",
        "/v1/calendars",
        lambda _: {"payload": {"year": 2027}},
        "payload.entries",
        "or set nil_return = true",
    ),
    Case(
        "calendar-entry-negative-troops",
        "CHN",
        "/v1/calendars",
        lambda _: {"payload": {"year": 2026, "entries": [activity(troops=-1)]}},
        "payload.entries[0].figures.troops",
        "must not be negative",
    ),
    Case(
        "calendar-entry-of-another-state",
        "CHN",
        "/v1/calendars",
        lambda _: {"payload": {"year": 2026, "entries": [activity(states=("USA",))]}},
        "payload.entries[0].states",
        "must include the submitting state",
    ),
    Case(
        "request-to-self",
        "JPN",
        "/v1/explanation-requests",
        lambda _: {"payload": {"respondent": "JPN", "concern": "x"}},
        "payload.respondent",
        "must be another state",
    ),
    Case(
        "request-to-no-member",
        "JPN",
        "/v1/explanation-requests",
        lambda _: {"payload": {"respondent": "XXX", "concern": "x"}},
        "payload.respondent[0]",
        "XXX is not a member",
    ),
    Case(
        "request-without-concern",
        "JPN",
        "/v1/explanation-requests",
        lambda _: {"payload": {"respondent": "CHN"}},
        "payload.concern",
        "is required",
    ),
    Case(
        "request-about-no-notification",
        "JPN",
        "/v1/explanation-requests",
        lambda t: {
            "payload": {"respondent": "CHN", "concern": "x", "notification_id": t.invitation}
        },
        "payload.notification_id",
        "must be a notification you can read",
    ),
    Case(
        "explanation-empty",
        "CHN",
        "/v1/explanation-requests/{request}/replies",
        lambda _: {"payload": {"explanation": ""}},
        "payload.explanation",
        "must not be empty",
    ),
    Case(
        "observed-negative-troops",
        "SEC",
        "/v1/observed-activities",
        lambda _: {"payload": activity(states=("RUS",), troops=-1)},
        "payload.figures.troops",
        "must not be negative",
    ),
    Case(
        "observed-end-before-start",
        "SEC",
        "/v1/observed-activities",
        lambda _: {"payload": activity(states=("RUS",)) | {"end": days(0)}},
        "payload.end",
        "must not be before start",
    ),
    Case(
        "observed-not-a-member",
        "SEC",
        "/v1/observed-activities",
        lambda _: {"payload": activity(states=("XXX",))},
        "payload.states[0]",
        "XXX is not a member",
    ),
    Case(
        "answer-empty",
        "CHN",
        "/v1/findings/{finding}/answers",
        lambda _: {"answer": ""},
        "answer",
        "must not be empty",
    ),
    Case(
        "answer-unknown-key",
        "CHN",
        "/v1/findings/{finding}/answers",
        lambda _: {"answer": "x", "mood": "sorry"},
        "mood",
        "unknown key",
    ),
    Case(
        "assess-bad-row",
        "PUBLIC",
        "/v1/notifications/assess",
        lambda _: [
            {"designation": "A", "states": "CHN", "start": days(5), "end": days(6), "troops": -1}
        ],
        "row 1.troops",
        "must not be negative",
    ),
    Case(
        "assess-no-rows",
        "PUBLIC",
        "/v1/notifications/assess",
        lambda _: [],
        "FILE",
        "holds no activities",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    module_api: Api, targets: Targets, case: Case
) -> None:
    api = module_api
    before = api.state()
    path = case.path.format(**vars(targets))
    response = api.post(path, case.who, case.body(targets))
    assert_invalid(response, case.loc, case.rule)
    assert api.state() == before


@pytest.mark.parametrize("path", ["/v1/notifications", "/v1/records"])
def test_one_mistake_gets_one_error(module_api: Api, targets: Targets, path: str) -> None:
    """A state code in lower case is one mistake: the list of states is not also empty."""
    body = {"kind": "notification.prior", "payload": activity(states=("chn",))}
    if path == "/v1/notifications":
        body.pop("kind")
    r = module_api.post(path, "CHN", body)
    assert r.status_code == 422, r.text
    assert [e["rule"] for e in r.json()["errors"]] == [
        "must be an ISO 3166-1 alpha-3 code (three capital letters)"
    ]


def test_malformed_json_is_refused_and_nothing_is_written(
    module_api: Api, targets: Targets
) -> None:
    api = module_api
    before = api.state()
    r = api.client.post(
        "/v1/notifications",
        headers=api.auth("CHN") | {"Content-Type": "application/json"},
        content=b'{"payload": {',
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "InvalidInput"
    assert api.state() == before
    # Not a field, but the rule must still read well.
    [error] = body["errors"]
    assert "JSON" in error["rule"], error


@pytest.mark.parametrize(
    ("params", "loc", "rule"),
    [
        ({"state": "closed"}, "state", "must be one of 'open', 'answered' or 'resolved'"),
        ({"min_severity": "grave"}, "min_severity", "must be one of 'low', 'medium' or 'high'"),
        ({"record_id": "first"}, "record_id", "must be an integer"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(
    module_api: Api, targets: Targets, params: dict[str, str], loc: str, rule: str
) -> None:
    r = module_api.get("/v1/findings", "SEC", **params)
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert error["loc"].endswith(loc)
    assert error["rule"] == rule

"""End to end through the API: notify late, find it, answer it, score it; assess and the
OpenAPI document."""

from __future__ import annotations

from typing import Any

from tests.api.support import Api, activity, days


def _late(api: Api, record_id: int, who: str = "SEC") -> dict[str, Any]:
    [late] = [f for f in api.findings(who, record_id=record_id) if f["flag"] == "late"]
    return late


def test_a_late_notification_is_found_answered_and_scored(api: Api) -> None:
    n = api.notify("CHN", {"payload": activity("Exercise Strait Thunder", start=20)})
    assert n["submitter"] == "CHN"
    assert n["notification_required"] is True
    assert n["on_time"] is False
    assert n["notify_by"] == days(20 - 42)
    assert n["observation_required"] is False  # 12,000 troops: under 13,000

    late = _late(api, n["id"], "CHN")
    assert late["obligation"] == "notification.lead_time"
    assert late["members"] == ["CHN"]
    assert late["evidence"] == [n["id"]]
    assert late["state"] == "open"
    assert late["details"]["days_before"] == 20
    assert "Exercise Strait Thunder" in late["summary"]
    assert late["id"] in {f["id"] for f in n["findings"]}
    assert late["id"] in {f["id"] for f in api.findings("CHN", member="CHN", state="open")}

    card = api.ok(api.get("/v1/scorecards/CHN", "JPN"))
    lead = next(o for o in card["obligations"] if o["obligation"] == "notification.lead_time")
    assert (lead["status"], lead["open"], lead["answered"]) == ("breached", 1, 0)
    assert card["open_by_severity"]["medium"] >= 1
    assert card["records"] == {"notification.prior": 1}
    usa = api.ok(api.get("/v1/scorecards/USA", "JPN"))
    assert next(o for o in usa["obligations"] if o["obligation"] == "notification.lead_time") == {
        **lead,
        "status": "kept",
        "open": 0,
    }

    answer = api.ok(
        api.post(
            f"/v1/findings/{late['id']}/answers",
            "CHN",
            {"answer": "The exercise was brought forward by a typhoon warning."},
        ),
        201,
    )
    assert (answer["kind"], answer["submitter"]) == ("finding.answer", "CHN")
    assert answer["payload"]["finding_id"] == late["id"]
    after = api.ok(api.get(f"/v1/findings/{late['id']}", "CHN"))
    assert after["state"] == "answered"
    assert after["answer_record_id"] == answer["id"]

    card = api.ok(api.get("/v1/scorecards/CHN", "JPN"))
    lead = next(o for o in card["obligations"] if o["obligation"] == "notification.lead_time")
    assert (lead["open"], lead["answered"]) == (0, 1)
    assert lead["status"] != "kept"

    # A later evaluation keeps the finding and its answer.
    report = api.ok(api.post("/v1/evaluate", "SEC"))
    assert "notification" in report["mechanisms"]
    assert report["opened"] == 0
    kept = api.ok(api.get(f"/v1/findings/{late['id']}", "SEC"))
    assert (kept["state"], kept["answer_record_id"]) == ("answered", answer["id"])


def test_a_notification_in_time_raises_no_late_finding(api: Api) -> None:
    n = api.notify("CHN", {"payload": activity(start=60, troops=14_000)})
    assert n["notification_required"] is True
    assert n["observation_required"] is True
    assert n["on_time"] is True
    assert n["notify_by"] == days(60 - 42)
    assert "late" not in {f["flag"] for f in api.findings("SEC", record_id=n["id"])}
    small = api.notify("CHN", {"payload": activity("Exercise Small", start=3, troops=800)})
    assert small["notification_required"] is False
    assert api.findings("SEC", record_id=small["id"]) == []


def test_only_a_member_concerned_answers_a_finding(api: Api) -> None:
    n = api.notify("CHN")
    late = _late(api, n["id"])
    before = api.state()
    body = {"answer": "not ours to answer"}
    # USA and JPN read the finding (its audience is the regime) but it is not about them.
    for who in ("USA", "JPN"):
        api.ok(api.get(f"/v1/findings/{late['id']}", who))
        r = api.post(f"/v1/findings/{late['id']}/answers", who, body)
        assert r.status_code in (403, 422), r.text
        assert "only they answer it" in r.json()["message"]
    for who, status in (("SEC", 403), ("OBS", 403), ("PUBLIC", 401)):
        r = api.post(f"/v1/findings/{late['id']}/answers", who, body)
        assert r.status_code == status, (who, r.text)
    assert api.post("/v1/findings/999999/answers", "CHN", body).status_code == 404
    assert api.state() == before
    assert api.ok(api.get(f"/v1/findings/{late['id']}", "CHN"))["state"] == "open"


def test_an_answer_is_read_by_whoever_reads_its_finding(api: Api) -> None:
    regime = api.notify("CHN")
    parties = api.notify(
        "CHN", {"payload": activity(start=35), "audience": "parties", "parties": ["USA"]}
    )
    for n, readers in (
        (regime, {"CHN", "USA", "JPN", "OBS", "SEC"}),
        (parties, {"CHN", "USA", "SEC"}),
    ):
        late = _late(api, n["id"])
        answer = api.ok(
            api.post(f"/v1/findings/{late['id']}/answers", "CHN", {"answer": "noted"}), 201
        )
        for who in ("CHN", "USA", "JPN", "OBS", "SEC", "PUBLIC"):
            sees_finding = api.get(f"/v1/findings/{late['id']}", who).status_code == 200
            sees_answer = api.get(f"/v1/records/{answer['id']}", who).status_code == 200
            assert sees_finding is (who in readers), (n["audience"], who)
            assert sees_answer is sees_finding, (n["audience"], who)


def test_only_the_secretariat_evaluates(api: Api) -> None:
    api.ok(api.post("/v1/evaluate", "SEC"))  # every mechanism judged once (a first tick)
    api.notify("CHN")
    before = api.state()
    for who, status in (("CHN", 403), ("OBS", 403), ("PUBLIC", 401)):
        r = api.post("/v1/evaluate", who)
        assert r.status_code == status, (who, r.text)
    assert api.state() == before
    report = api.ok(api.post("/v1/evaluate", "SEC"))
    assert report == {
        "mechanisms": report["mechanisms"],
        "opened": 0,
        "updated": report["updated"],
        "resolved": 0,
        "reopened": 0,
    }
    assert "notification" in report["mechanisms"]
    assert report["updated"] == 0  # judged again, nothing changed
    assert api.state() == before


def test_a_finding_resolves_when_an_amendment_removes_its_cause(api: Api) -> None:
    """An amendment that puts the activity under every threshold resolves ``late``."""
    n = api.notify("CHN")
    late = _late(api, n["id"])
    api.ok(
        api.post(
            f"/v1/notifications/{n['id']}/amendments",
            "CHN",
            {"payload": {"reason": "scaled down", "figures": {"troops": 4_000}}},
        ),
        201,
    )
    after = api.ok(api.get(f"/v1/findings/{late['id']}", "CHN"))
    assert after["state"] == "resolved"
    view = api.ok(api.get(f"/v1/notifications/{n['id']}", "CHN"))
    assert view["figures"]["troops"] == 4_000
    assert view["notification_required"] is False
    assert len(view["amendments"]) == 1


def test_assess_judges_activities_and_writes_nothing(api: Api) -> None:
    api.notify("CHN")
    before = api.state()
    rows = [
        {
            "designation": "Exercise Late",
            "states": "CHN",
            "start": days(20),
            "end": days(24),
            "notified_on": days(0),
            "troops": 12_000,
        },
        {
            "designation": "Exercise Early",
            "states": "JPN; USA",
            "start": days(60),
            "end": days(64),
            "notified_on": days(0),
            "troops": 14_000,
            "observers_invited": True,
        },
        {
            "designation": "Exercise Hidden",
            "states": "RUS",
            "start": days(-30),
            "end": days(-25),
            "troops": 30_000,
        },
    ]
    for who in ("PUBLIC", "CHN", "SEC"):
        out = api.ok(api.post("/v1/notifications/assess", who, rows))
        by_name = {a["designation"]: a for a in out}
        assert by_name["Exercise Late"]["flags"] == ["late"]
        assert by_name["Exercise Late"]["notification_required"] is True
        assert by_name["Exercise Late"]["notify_by"] == days(20 - 42)
        assert by_name["Exercise Early"]["flags"] == []
        assert by_name["Exercise Early"]["observation_required"] is True
        assert by_name["Exercise Early"]["states"] == ["JPN", "USA"]
        assert "not_notified" in by_name["Exercise Hidden"]["flags"]
    # Judged as of a day before the hidden one was due to be notified, nothing is overdue.
    early = api.ok(api.post("/v1/notifications/assess", "PUBLIC", rows[2:], as_of=days(-80)))
    assert early[0]["flags"] == []
    assert api.state() == before


def test_the_openapi_document_lists_every_route(api: Api) -> None:
    doc = api.ok(api.get("/openapi.json"))
    paths = doc["paths"]
    expected = {
        "/v1/notifications": {"get", "post"},
        "/v1/notifications/{notification_id}": {"get"},
        "/v1/notifications/{notification_id}/amendments": {"post"},
        "/v1/notifications/{notification_id}/invitations": {"post"},
        "/v1/invitations/{invitation_id}/replies": {"post"},
        "/v1/calendars": {"get", "post"},
        "/v1/explanation-requests": {"get", "post"},
        "/v1/explanation-requests/{request_id}/replies": {"post"},
        "/v1/observed-activities": {"post"},
        "/v1/notifications/assess": {"post"},
        "/v1/notifications/timeline": {"get"},
        "/v1/records": {"get", "post"},
        "/v1/records/{record_id}": {"get"},
        "/v1/record-kinds": {"get"},
        "/v1/charters": {"get"},
        "/v1/charter": {"get"},
        "/v1/members": {"get"},
        "/v1/findings": {"get"},
        "/v1/findings/{finding_id}": {"get"},
        "/v1/findings/{finding_id}/answers": {"post"},
        "/v1/evaluate": {"post"},
        "/v1/scorecards": {"get"},
        "/v1/scorecards/{member}": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    assert all(p.startswith("/v1/") for p in paths), "web pages stay out of the API document"
    schema = paths["/v1/notifications"]["post"]["requestBody"]["content"]["application/json"]
    assert "$ref" in schema["schema"]
    assert doc["info"]["title"] == "cosec"


def test_reference_routes_answer_the_public(api: Api) -> None:
    members = api.ok(api.get("/v1/members"))
    assert len(members) == 18
    assert {"CHN", "USA", "JPN"} <= {m["code"] for m in members}
    charter = api.ok(api.get("/v1/charter"))
    assert charter["id"] == "eas-2026"
    assert charter["regimes"]["notification"]["lead_time_days"] == 42
    assert "eas-2026" in {c["id"] for c in api.ok(api.get("/v1/charters"))}
    kinds = {k["kind"]: k for k in api.ok(api.get("/v1/record-kinds"))}
    assert kinds["notification.observed"]["submitted_by"] == ["secretariat"]
    assert {"notification.prior", "finding.answer"} <= set(kinds)
    assert api.get("/v1/scorecards/XXX").status_code == 404
    assert api.get("/v1/notifications/999999", "SEC").status_code == 404


def test_an_answer_sent_as_a_plain_record_is_an_answer_or_is_refused(api: Api) -> None:
    """``finding.answer`` is a record kind, so ``POST /v1/records`` takes it too. Sent that
    way it must either be refused, or do what the answers route does: mark the finding
    answered, link the answer, and keep it no more visible than the finding."""
    n = api.notify("CHN", {"payload": activity(), "audience": "parties", "parties": ["USA"]})
    late = _late(api, n["id"])
    before = api.state()
    r = api.post(
        "/v1/records",
        "CHN",
        {"kind": "finding.answer", "payload": {"finding_id": late["id"], "answer": "reasons"}},
    )
    if r.status_code != 201:
        assert r.status_code in (403, 422), r.text
        assert api.state() == before
        return
    answer = r.json()
    finding = api.ok(api.get(f"/v1/findings/{late['id']}", "CHN"))
    assert (finding["state"], finding["answer_record_id"]) == ("answered", answer["id"])
    for who in ("JPN", "OBS", "PUBLIC"):
        assert api.get(f"/v1/findings/{late['id']}", who).status_code == 404
        assert api.get(f"/v1/records/{answer['id']}", who).status_code == 404, who

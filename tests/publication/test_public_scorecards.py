"""The public's scorecards show what the secretariat published, and say so where nothing is."""

from __future__ import annotations

from tests.api.support import Api


def _status(card: dict, obligation: str) -> str:
    return next(o["status"] for o in card["obligations"] if o["obligation"] == obligation)


def test_public_scorecard_says_no_published_data_rather_than_kept(api: Api) -> None:
    api.notify("CHN", start=5)  # five days' notice against 42: late
    sec = api.ok(api.get("/v1/scorecards/CHN", "SEC"))
    assert _status(sec, "notification.lead_time") == "breached"
    public = api.ok(api.get("/v1/scorecards/CHN", "PUBLIC"))
    statuses = {o["status"] for o in public["obligations"]}
    assert statuses == {"unpublished"}, public["obligations"]
    assert public["kept"] == 0
    assert public["unpublished"] == len(public["obligations"]) == len(sec["obligations"])


def _late(api: Api) -> list[dict]:
    api.notify("CHN", start=5)
    found = api.findings("SEC", member="CHN", obligation="notification.lead_time")
    assert found
    return found


def test_a_published_finding_is_what_the_public_sees(api: Api) -> None:
    (late,) = _late(api)
    assert api.get(f"/v1/findings/{late['id']}", "PUBLIC").status_code == 404
    release = api.ok(
        api.post("/v1/publications", "SEC", {"scope": "findings", "findings": [late["id"]]}), 201
    )
    assert (release["scope"], release["findings"]) == ("findings", [late["id"]])
    assert release["log_index"] is not None
    assert api.ok(api.get(f"/v1/findings/{late['id']}", "PUBLIC"))["flag"] == "late"
    page = api.get(f"/findings/{late['id']}")  # its page, for the public too
    assert page.status_code == 200
    assert late["summary"] in page.text
    assert [f["id"] for f in api.findings("PUBLIC")] == [late["id"]]
    card = api.ok(api.get("/v1/scorecards/CHN", "PUBLIC"))
    assert _status(card, "notification.lead_time") == "breached"
    assert _status(card, "notification.required") == "unpublished"
    # another member's scorecard stays without published data
    usa = api.ok(api.get("/v1/scorecards/USA", "PUBLIC"))
    assert {o["status"] for o in usa["obligations"]} == {"unpublished"}


def test_published_statistics_are_the_figures_as_they_stood(api: Api) -> None:
    _late(api)
    sec = api.ok(api.get("/v1/scorecards/CHN", "SEC"))
    api.ok(api.post("/v1/publications", "SEC", {"scope": "statistics"}), 201)
    public = api.ok(api.get("/v1/scorecards/CHN", "PUBLIC"))
    assert [(o["obligation"], o["status"]) for o in public["obligations"]] == [
        (o["obligation"], o["status"]) for o in sec["obligations"]
    ]
    assert public["kept"] == sec["kept"] < len(sec["obligations"])
    assert public["unpublished"] == 0
    assert {o["as_of"] is not None for o in public["obligations"]} == {True}
    assert {o["as_of"] for o in sec["obligations"]} == {None}
    # a later breach is not in the published figures until the next release
    api.notify("USA", start=3, states=("USA",), designation="Later drill")
    usa_public = api.ok(api.get("/v1/scorecards/USA", "PUBLIC"))
    usa_now = api.ok(api.get("/v1/scorecards/USA", "SEC"))
    assert _status(usa_now, "notification.lead_time") == "breached"
    assert _status(usa_public, "notification.lead_time") == "kept"


def test_only_the_secretariat_publishes_and_bad_releases_change_nothing(api: Api) -> None:
    (late,) = _late(api)
    body = {"scope": "findings", "findings": [late["id"]]}
    assert api.post("/v1/publications", "PUBLIC", body).status_code == 401
    assert api.post("/v1/publications", "CHN", body).status_code == 403
    before = api.state()
    r = api.post("/v1/publications", "SEC", {"scope": "findings", "findings": [late["id"], 99999]})
    assert r.status_code == 422
    assert {"loc": "payload.findings[1]", "rule": "there is no finding 99999"} in r.json()["errors"]
    r = api.post("/v1/publications", "SEC", {"scope": "findings", "findings": []})
    assert r.status_code == 422
    assert "findings" in r.text
    r = api.post("/v1/publications", "SEC", {"scope": "report", "year": 1066})
    assert r.status_code == 422
    assert "must be a year from 1990" in r.text
    assert api.state() == before
    assert api.ok(api.get("/v1/publications")) == []

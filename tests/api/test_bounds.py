"""Numbers out of range are a 422 naming the parameter, never a 500: ids, indexes, sizes
and offsets up to 2**31 - 1 (what the stores' INTEGER columns hold on PostgreSQL), years
from 1990 to 2200, in the API and on the pages, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.api.support import Api

BIG = 2**63
"""Past what any integer column holds (SQLite's overflow at 2**63)."""
MAX_ID = 2**31 - 1
"""The largest id PostgreSQL's INTEGER columns hold."""
T = "ids=1&start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z"

GETS = [
    (f"/v1/records/{MAX_ID + 1}", "record_id"),
    (f"/v1/log/receipts/{MAX_ID + 1}", "index"),
    (f"/v1/records/{BIG}", "record_id"),
    ("/v1/records/0", "record_id"),
    (f"/v1/findings/{BIG}", "finding_id"),
    (f"/v1/findings?record_id={BIG}", "record_id"),
    (f"/v1/notifications/{BIG}", "notification_id"),
    (f"/v1/notifications?year={BIG}", "year"),
    ("/v1/notifications?year=1989", "year"),
    (f"/v1/notifications/timeline?year={BIG}", "year"),
    ("/v1/notifications/timeline?year=0", "year"),
    (f"/v1/calendars?year={BIG}", "year"),
    (f"/v1/log/checkpoints/{BIG}", "size"),
    (f"/v1/log/entries?start={BIG}&end={BIG}", "start"),
    (f"/v1/log/entries?start=0&end={BIG}", "end"),
    (f"/v1/log/proof/inclusion?index={BIG}&size={BIG}", "index"),
    (f"/v1/log/proof/inclusion?index=0&size={BIG}", "size"),
    ("/v1/log/proof/consistency?from=0&to=3", "from"),
    (f"/v1/log/proof/consistency?from=1&to={BIG}", "to"),
    ("/v1/log/proof/consistency?from=3&to=2", "from"),
    (f"/v1/log/receipts/{BIG}", "index"),
    (f"/v1/analyses/{BIG}/observations", "record_id"),
    (f"/v1/analyses/1/observations?offset={BIG}", "offset"),
    (f"/v1/analyses/{BIG}/events.geojson", "record_id"),
    (f"/v1/analyses/{BIG}/tracks.geojson?{T}", "record_id"),
]

POSTS = [
    (f"/v1/findings/{BIG}/answers", {"answer": "x"}, "finding_id"),
    (f"/v1/notifications/{BIG}/amendments", {"payload": {}}, "notification_id"),
    (f"/v1/notifications/{BIG}/invitations", {"payload": {}}, "notification_id"),
    (f"/v1/invitations/{BIG}/replies", {"payload": {}}, "invitation_id"),
    (f"/v1/explanation-requests/{BIG}/replies", {"payload": {}}, "request_id"),
    ("/v1/log/cosignatures", {"size": BIG, "cosignature": "— w x"}, "size"),
]

PAGES = [
    f"/notifications/{BIG}",
    f"/findings/{BIG}",
    f"/records/{BIG}",
    f"/analyses/{BIG}",
    "/calendar?year=0",
    f"/calendar?year={BIG}",
    "/calendar?year=%C2%B2",  # a superscript two: a digit to str.isdigit, not to int()
    f"/notifications?year={BIG}",
]


def names(r, param: str) -> bool:
    return any(e["loc"].split(".")[-1] == param for e in r.json()["errors"])


@pytest.mark.parametrize(("path", "param"), GETS, ids=[p for p, _ in GETS])
def test_a_number_out_of_range_is_refused_naming_it(module_api: Api, path: str, param: str) -> None:
    r = module_api.client.get(path, headers=module_api.auth("SEC"))  # the query as written
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "InvalidInput"
    assert names(r, param), r.json()


@pytest.mark.parametrize(("path", "body", "param"), POSTS, ids=[p for p, _, _ in POSTS])
def test_a_submission_to_an_id_out_of_range_is_refused_naming_it(
    module_api: Api, path: str, body: dict[str, object], param: str
) -> None:
    before = module_api.state()
    r = module_api.post(path, "CHN", body)
    assert r.status_code == 422, r.text
    assert names(r, param), r.json()
    assert module_api.state() == before


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/records/{MAX_ID}",
        f"/v1/findings/{MAX_ID}",
        f"/v1/notifications/{MAX_ID}",
        f"/v1/log/receipts/{MAX_ID}",
        f"/v1/analyses/{MAX_ID}/events.geojson",
        f"/records/{MAX_ID}",
    ],
)
def test_the_largest_id_is_simply_not_found(module_api: Api, path: str) -> None:
    assert module_api.client.get(path, headers=module_api.auth("SEC")).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_a_page_refuses_a_number_out_of_range_with_the_error_page(
    module_api: Api, path: str
) -> None:
    r = module_api.client.get(path)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Invalid input</h1>" in r.text


@pytest.mark.parametrize("year", ["1990", "2026", "2200", ""])
def test_the_calendar_shows_the_years_in_range(module_api: Api, year: str) -> None:
    r = module_api.client.get("/calendar", params={"year": year})
    assert r.status_code == 200, r.text
    assert f"Calendar of military activities, {year or 2026}" in r.text

"""Long lists over the API page: ``limit`` and ``offset``, ``X-Total-Count`` and ``Link``.

Following ``rel="next"`` from the first page reads the whole list once, in its order; a
page size out of bounds is a 422 naming ``limit``."""

from __future__ import annotations

import re

import pytest

from tests.api.support import Api

NEXT = re.compile(r'<([^>]+)>; rel="next"')


def _followed(api: Api, path: str, who: str, limit: int, **params: object) -> list[int]:
    """Every item's id, page after page, following each answer's ``Link`` to the next."""
    response = api.get(path, who, limit=limit, **params)
    ids: list[int] = []
    pages = 0
    while True:
        page = api.ok(response)
        assert len(page) <= limit
        ids += [item["id"] for item in page]
        total = int(response.headers["X-Total-Count"])
        pages += 1
        found = NEXT.search(response.headers.get("Link", ""))
        if found is None:
            break
        assert page, "a next page after an empty one"
        response = api.client.get(found.group(1), headers=api.auth(who))
    assert total == len(ids)
    assert pages == max(1, -(-total // limit))
    return ids


@pytest.fixture
def busy(api: Api) -> Api:
    """Seven notifications by two members, some of them late, near a threshold or large."""
    sent = [("CHN", 8_700), ("USA", 12_000), ("CHN", 41_000), ("USA", 8_800)]
    sent += [("CHN", 26_000), ("USA", 12_500), ("CHN", 45_000)]
    for n, (who, troops) in enumerate(sent):
        api.notify(who, start=5 + 4 * n, troops=troops, designation=f"Drill {n}", states=(who,))
    return api


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_findings_read_page_by_page_are_the_list(busy: Api, limit: int) -> None:
    whole = busy.ok(busy.get("/v1/findings", "SEC"))
    assert len(whole) > 3
    assert _followed(busy, "/v1/findings", "SEC", limit) == [f["id"] for f in whole]
    usa = busy.ok(busy.get("/v1/findings", "SEC", member="USA"))
    assert _followed(busy, "/v1/findings", "SEC", limit, member="USA") == [f["id"] for f in usa]


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_notifications_read_page_by_page_are_the_list(busy: Api, limit: int) -> None:
    whole = busy.ok(busy.get("/v1/notifications", "SEC"))
    assert len(whole) == 7
    assert _followed(busy, "/v1/notifications", "SEC", limit) == [n["id"] for n in whole]
    chn = busy.ok(busy.get("/v1/notifications", "USA", state="CHN"))
    assert _followed(busy, "/v1/notifications", "USA", limit, state="CHN") == [n["id"] for n in chn]


def test_a_page_says_where_the_previous_one_is_and_an_offset_alone_skips(busy: Api) -> None:
    whole = [n["id"] for n in busy.ok(busy.get("/v1/notifications", "SEC"))]
    second = busy.get("/v1/notifications", "SEC", limit=2, offset=2)
    assert [n["id"] for n in busy.ok(second)] == whole[2:4]
    assert 'rel="prev"' in second.headers["Link"]
    assert "offset=0" in second.headers["Link"].split('rel="next"')[1]
    rest = busy.get("/v1/notifications", "SEC", offset=5)
    assert [n["id"] for n in busy.ok(rest)] == whole[5:]
    assert rest.headers["X-Total-Count"] == "7"
    assert "Link" not in rest.headers
    past = busy.get("/v1/findings", "SEC", limit=5, offset=10_000)
    assert busy.ok(past) == []
    assert 'rel="next"' not in past.headers.get("Link", "")


@pytest.mark.parametrize("path", ["/v1/findings", "/v1/notifications"])
@pytest.mark.parametrize(("param", "value"), [("limit", 0), ("limit", 1001), ("offset", -1)])
def test_a_page_out_of_bounds_is_refused_naming_the_parameter(
    api: Api, path: str, param: str, value: int
) -> None:
    response = api.get(path, "SEC", **{param: value})
    assert response.status_code == 422
    assert param in response.text


@pytest.mark.parametrize("limit", [1, 4])
def test_records_read_page_by_page_are_every_record_newest_first(busy: Api, limit: int) -> None:
    whole = busy.ok(busy.get("/v1/records", "SEC", limit=1000))
    assert len(whole) > 7
    ids = _followed(busy, "/v1/records", "SEC", limit)
    assert ids == [r["id"] for r in whole]
    assert ids == sorted(ids, reverse=True)
    kind = busy.ok(busy.get("/v1/records", "USA", kind="notification.prior", limit=1000))
    followed = _followed(busy, "/v1/records", "USA", limit, kind="notification.prior")
    assert followed == [r["id"] for r in kind]


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        ("/v1/records", "limit", 0),
        ("/v1/records", "limit", 1001),
        ("/v1/records", "offset", -1),
        ("/v1/analyses/1/observations", "limit", 0),
        ("/v1/analyses/1/observations", "limit", 5001),
    ],
)
def test_a_size_out_of_bounds_is_refused_not_cut(
    api: Api, path: str, param: str, value: int
) -> None:
    """Once cut silently to the bound (a client asking 5,000 records got 1,000)."""
    response = api.get(path, "SEC", **{param: value})
    assert response.status_code == 422
    assert param in response.text

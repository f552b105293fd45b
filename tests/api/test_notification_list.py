"""The list of notifications sorts by any column, pages by 50, exports what it shows as CSV,
and writes dates as the reader's language writes them."""

from __future__ import annotations

import csv
import io
import re

from tests.api.support import Api


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<a href="/notifications/(\d+)">', html)]


def test_the_list_sorts_pages_and_exports(api: Api) -> None:
    made = [
        api.notify("CHN", designation=f"Exercise {n:02d}", start=60 + n, troops=9_000 + n)["id"]
        for n in range(55)
    ]
    first = api.client.get("/notifications", headers=api.auth("JPN"))
    assert first.status_code == 200
    assert "55 notifications · page 1 of 2" in first.text
    assert _ids(first.text) == made[::-1][:50]  # latest start first
    second = api.client.get("/notifications", headers=api.auth("JPN"), params={"page": 2})
    assert _ids(second.text) == made[::-1][50:]
    past = api.client.get("/notifications", headers=api.auth("JPN"), params={"page": 9})
    assert "page 2 of 2" in past.text
    assert _ids(past.text) == made[::-1][50:]  # the last page, not an empty one
    by_troops = api.client.get(
        "/notifications", headers=api.auth("JPN"), params={"sort": "troops", "dir": "asc"}
    )
    assert _ids(by_troops.text)[:3] == made[:3]
    assert "China</span>" not in by_troops.text  # names beside codes, not inside badges
    assert 'China <span class="muted">CHN</span>' in by_troops.text

    exported = api.client.get(
        "/notifications.csv", headers=api.auth("JPN"), params={"sort": "troops", "dir": "asc"}
    )
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 55  # every page
    assert [int(r["id"]) for r in rows] == made
    assert rows[0]["designation"] == "Exercise 00"
    assert rows[0]["status"] in {"on time", "late", "voluntary"}

    bad = api.client.get("/notifications", headers=api.auth("JPN"), params={"sort": "nonsense"})
    assert bad.status_code == 422
    assert "sort: must be one of id, activity" in bad.text


def test_dates_are_written_for_the_reader(api: Api) -> None:
    api.notify("CHN", designation="Exercise Dated", start=60)
    english = api.client.get("/notifications", headers=api.auth("JPN"))
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} – \d{1,2} [A-Z][a-z]+ \d{4}", english.text)
    chinese = api.client.get(
        "/notifications", headers=api.auth("JPN") | {"Accept-Language": "zh-CN"}
    )
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", chinese.text)

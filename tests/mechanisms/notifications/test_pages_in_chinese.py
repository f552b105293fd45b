"""The notification pages in Chinese for a reader who asks for it, in English otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.api.support import Api, api_over
from tests.conftest import World
from tests.mechanisms.chinese import ZH, text_in


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


def test_the_list_speaks_chinese_to_a_chinese_reader(api: Api) -> None:
    api.notify("CHN", designation="Exercise Joint Sword", start=60, troops=12_000)
    zh = api.client.get("/notifications", headers=api.auth("JPN") | ZH)
    assert zh.status_code == 200
    assert "<h1>事先通报</h1>" in zh.text
    headers = text_in(zh.text, "thead")
    for word in ("活动", "国家", "日期", "兵力", "通报日期", "通报期限", "状态"):
        assert word in headers
    assert not re.search(r"[A-Za-z]", headers), headers  # no English left in the headers
    assert "1 份通报" in zh.text
    assert "Exercise Joint Sword" in zh.text  # what the member signed, as signed

    en = api.client.get("/notifications", headers=api.auth("JPN"))
    assert "<h1>Prior notifications</h1>" in en.text
    assert "Notify by" in text_in(en.text, "thead")
    assert "1 notification ·" in en.text
    assert "事先通报" not in en.text


def test_a_notification_and_the_calendar_follow_the_readers_choice(api: Api) -> None:
    made = api.notify("CHN", designation="Exercise Joint Sword", start=60, troops=12_000)
    api.client.cookies.set("cosec_lang", "zh")
    try:
        page = api.client.get(f"/notifications/{made['id']}", headers=api.auth("JPN"))
        assert page.status_code == 200
        assert "<h2>申报数字</h2>" in page.text
        assert "须予通报" in page.text
        assert "通报期限" in page.text
        assert "12,000" in page.text
        assert not re.search(r"[A-Za-z]", text_in(page.text, "h2")), text_in(page.text, "h2")
        calendar = api.client.get("/calendar", headers=api.auth("JPN"))
        assert "年军事活动年度计划" in calendar.text
        assert "1月" in calendar.text
    finally:
        api.client.cookies.delete("cosec_lang")
    english = api.client.get(f"/notifications/{made['id']}", headers=api.auth("JPN"))
    assert "<h2>Declared figures</h2>" in english.text

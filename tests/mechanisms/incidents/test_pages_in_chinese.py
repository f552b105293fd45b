"""The incident pages in Chinese for a reader who asks for it, in English otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from cosec.mechanisms.incidents.forms import ACT_LABELS, COMMUNICATION_TEXTS
from cosec.mechanisms.incidents.records import COMMUNICATIONS
from cosec.mechanisms.incidents.regime import STANDARD_ACTS
from tests.api.support import Api, api_over
from tests.conftest import World
from tests.mechanisms.chinese import ZH, text_in
from tests.mechanisms.incidents.support import report


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


def test_the_list_speaks_chinese_to_a_chinese_reader(api: Api) -> None:
    api.ok(api.post("/v1/incidents", "USA", {"payload": report()}), 201)
    zh = api.client.get("/incidents", headers=api.auth("JPN") | ZH)
    assert zh.status_code == 200
    assert "<h1>海上和空中事件</h1>" in zh.text
    headers = text_in(zh.text, "thead")
    for word in ("事件", "时间", "报告方", "另一方成员", "严重程度", "陈述"):
        assert word in headers
    assert not re.search(r"[A-Za-z]", headers), headers
    assert "1 起事件" in zh.text
    assert "2026年2月28日 12:05 UTC" in zh.text
    assert "Unsafe pass by PLAN destroyer" in zh.text  # what the member signed, as signed

    en = api.client.get("/incidents", headers=api.auth("JPN"))
    assert "<h1>Incidents at sea and in the air</h1>" in en.text
    assert "Reported by" in text_in(en.text, "thead")
    assert "28 February 2026, 12:05 UTC" in en.text
    assert "海上和空中事件" not in en.text


def test_an_incident_follows_the_readers_choice(api: Api) -> None:
    made = api.ok(api.post("/v1/incidents", "USA", {"payload": report()}), 201)
    api.client.cookies.set("cosec_lang", "zh")
    try:
        page = api.client.get(f"/incidents/{made['id']}", headers=api.auth("JPN"))
        assert page.status_code == 200
        assert "<h2>双方陈述</h2>" in page.text
        assert not re.search(r"[A-Za-z]", text_in(page.text, "h2")), text_in(page.text, "h2")
        assert "危险机动" in page.text  # the act, in words
        assert "VHF 16 频道（156.8 MHz）" in page.text
        assert "USA 报告" in page.text  # the timeline
        assert "400 米" in page.text
    finally:
        api.client.cookies.delete("cosec_lang")
    english = api.client.get(f"/incidents/{made['id']}", headers=api.auth("JPN"))
    assert "<h2>The two accounts</h2>" in english.text
    assert "Dangerous manoeuvre" in english.text
    assert "Reported by USA" in english.text


def test_the_words_of_acts_and_communications_follow_the_codes() -> None:
    assert set(ACT_LABELS) == set(STANDARD_ACTS)
    assert COMMUNICATION_TEXTS == COMMUNICATIONS

"""The presence pages in Chinese for a reader who asks for it, in English otherwise."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest

from tests.api.support import Api, api_over, sign_in
from tests.conftest import World
from tests.mechanisms.chinese import ZH, text_in
from tests.mechanisms.coasts.support import coast_analysis
from tests.mechanisms.coasts.test_api import D25, D26, evaluate, record, unit


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


@pytest.fixture
def stays(api: Api) -> dict[str, str]:
    """A Chinese navy ship along Japan's coast in 2025 and 2026; Japan's signed-in headers."""
    unit(api, "CHN", "412000001")
    record(
        api, coast_analysis("JPN", [("412000001", D26, 2.0, 12.0), ("412000001", D25, 1.0, 9.0)])
    )
    evaluate(api)
    return sign_in(api.client, api.keys["JPN"] or "")


def test_the_pairs_speak_chinese_to_a_chinese_reader(api: Api, stays: dict[str, str]) -> None:
    zh = api.client.get("/coasts?year=2026", headers=stays | ZH)
    assert zh.status_code == 200
    assert "<h1>2026 年在其他成员沿岸的存在</h1>" in zh.text
    columns = text_in(zh.text, "thead")
    for word in ("国家单位所属成员", "所在沿岸国", "2026 年停留次数", "2025 年小时"):
        assert word in columns
    assert not re.search(r"[A-Za-z]", columns), columns
    assert "中国" in zh.text
    assert "按月" in zh.text
    words = json.loads(unescape(re.findall(r"data-words='([^']*)'", zh.text)[0]))
    assert words["finding"] == "调查结论 %(id)s"  # what the map's script writes

    en = api.client.get("/coasts?year=2026", headers=stays)
    assert "<h1>Presence along other members' coasts, 2026</h1>" in en.text
    assert "Along the coast of" in text_in(en.text, "thead")
    assert "by month" in en.text
    assert "沿岸" not in en.text


def test_the_episodes_and_a_pair_follow_the_readers_choice(api: Api, stays: dict[str, str]) -> None:
    chosen = {"Cookie": stays["Cookie"] + "; cosec_lang=zh"}
    episodes = api.client.get("/coasts/episodes", headers=chosen)
    assert "<h1>存在事件</h1>" in episodes.text
    assert "2 个存在事件" in episodes.text
    assert "海军" in episodes.text  # the unit's kind
    assert "未结" in episodes.text  # the finding's state
    assert not re.search(r"[A-Za-z]", text_in(episodes.text, "thead"))
    pair = api.client.get("/coasts/CHN/JPN?year=2026", headers=chosen)
    assert "<h1>2026 年中国国家单位在日本沿岸的存在</h1>" in pair.text
    assert "2月" in text_in(pair.text, "tbody")
    english = api.client.get("/coasts/CHN/JPN?year=2026", headers=stays)
    assert "Feb" in text_in(english.text, "tbody")
    assert "China's state units along Japan's coast, 2026" in english.text

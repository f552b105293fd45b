"""The status-quo pages in Chinese for a reader who asks for it, in English otherwise."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest

from cosec.mechanisms.statusquo.views import KIND_WORDS
from cosec.mechanisms.statusquo.vocabulary import (
    DEPLOYMENT_KINDS,
    FACILITY_KINDS,
    PUBLIC_GOOD_KINDS,
    words,
)
from tests.api.support import Api, api_over, sign_in
from tests.conftest import World
from tests.mechanisms.chinese import ZH, text_in


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


def test_the_features_speak_chinese_to_a_chinese_reader(api: Api) -> None:
    zh = api.client.get("/features", headers=ZH)
    assert zh.status_code == 200
    assert "<h1>争议海域维持现状</h1>" in zh.text
    headers = text_in(zh.text, "thead")
    columns = ("地物", "群组", "控制方", "基线（公顷）", "最新已知（公顷）", "未结调查结论")
    columns += ("主张方",)
    for word in columns:
        assert word in headers
    assert not re.search(r"[A-Za-z]", headers), headers
    assert re.search(r"\d+ 个地物", zh.text)
    assert "Mischief Reef" in zh.text  # names of features are the registry's
    words = json.loads(unescape(re.findall(r"data-words='([^']*)'", zh.text)[0]))
    assert words["held"] == "控制方：%(holder)s"  # what the map's script writes

    en = api.client.get("/features")
    assert "<h1>Status quo in disputed waters</h1>" in en.text
    assert "Baseline (ha)" in text_in(en.text, "thead")
    assert "争议海域维持现状" not in en.text


def test_a_feature_its_form_and_the_public_goods_follow_the_readers_choice(api: Api) -> None:
    page = api.client.get("/features/thitu", headers={"Cookie": "cosec_lang=zh"})
    assert page.status_code == 200
    assert "<h2>基线与现状</h2>" in page.text
    assert "维持现状基准日" in page.text
    assert "跑道" in page.text  # a kind of facility, in words
    assert not re.search(r"[A-Za-z]", text_in(page.text, "h2")), text_in(page.text, "h2")
    goods = api.client.get("/public-goods", headers={"Cookie": "cosec_lang=zh"})
    assert "<h1>争议海域的公共产品</h1>" in goods.text
    session = sign_in(api.client, api.keys["CHN"] or "")
    chosen = {"Cookie": session["Cookie"] + "; cosec_lang=zh"}
    form = api.client.get("/features/thitu/change", headers=chosen)
    assert form.status_code == 200
    assert "变更日期" in form.text
    assert "签署前核对" in form.text
    english = api.client.get("/features/thitu")
    assert "<h2>Baseline and now</h2>" in english.text
    assert "runway" in english.text


def test_the_words_of_kinds_are_the_vocabularys() -> None:
    kinds = {*FACILITY_KINDS, *DEPLOYMENT_KINDS, *PUBLIC_GOOD_KINDS}
    assert set(KIND_WORDS) == kinds
    assert all(KIND_WORDS[k] == words(k) for k in kinds)

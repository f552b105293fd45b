"""The hotline's pages in Chinese for a reader who asks for it, in English otherwise."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html import unescape

import pytest

from cosec.mechanisms.hotline.forms import ROLE_WORDS
from cosec.mechanisms.hotline.records import ROLES
from tests.api.support import Api, api_over, sign_in
from tests.conftest import World
from tests.mechanisms.chinese import ZH, text_in


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


def _send(api: Api, sender: str, to: str, precedence: str, subject: str) -> int:
    body = {"payload": {"to": to, "precedence": precedence, "subject": subject, "text": "t"}}
    return int(api.ok(api.post("/v1/hotline/messages", sender, body), 201)["id"])


def test_the_console_speaks_chinese_to_a_chinese_reader(api: Api) -> None:
    _send(api, "CHN", "USA", "FLASH", "Collision near Socotra Rock")
    headers = sign_in(api.client, api.keys["USA"] or "")
    zh = api.client.get("/hotline", headers=headers | ZH)
    assert zh.status_code == 200
    assert "<h1>热线控制台：USA 美国</h1>" in zh.text
    columns = text_in(zh.text, "thead")
    for word in ("优先等级", "发件方", "收件方", "主题", "发送时间", "期限", "状态"):
        assert word in columns
    assert not re.search(r"[A-Za-z]", columns), columns
    assert "待确认" in zh.text  # the status
    assert "确认收悉" in zh.text  # the button
    assert re.search(r"剩余 \d+ 分 \d+ 秒", zh.text)  # the countdown
    assert "Collision near Socotra Rock" in zh.text  # what the member signed, as signed
    words = json.loads(unescape(re.findall(r"data-words='([^']*)'", zh.text)[0]))
    assert words["status"]["overdue"] == "已逾期"  # what the live script writes
    assert words["left"] == "剩余 %(min)s 分 %(s)s 秒"

    en = api.client.get("/hotline", headers=headers)
    assert "<h1>Hotline console: USA the United States</h1>" in en.text
    assert "Precedence" in text_in(en.text, "thead")
    assert "awaiting" in en.text
    assert "热线控制台" not in en.text


def test_a_message_the_times_and_the_contacts_follow_the_readers_choice(
    api: Api, sqlite_world: World
) -> None:
    mid = _send(api, "CHN", "JPN", "IMMEDIATE", "Unsafe pass")
    sqlite_world.clock.set(sqlite_world.clock.now() + timedelta(minutes=12))
    api.ok(api.post(f"/v1/hotline/messages/{mid}/acks", "JPN", {"payload": {}}), 201)
    english = sign_in(api.client, api.keys["CHN"] or "")
    chosen = {"Cookie": english["Cookie"] + "; cosec_lang=zh"}  # the reader chose Chinese
    page = api.client.get(f"/hotline/messages/{mid}", headers=chosen)
    assert "已确认，用时 12 分 0 秒" in page.text
    assert "<h2>时间线</h2>" in page.text
    times = api.client.get("/hotline/times", headers=chosen, params={"year": 2026})
    assert "<h1>2026 年确认用时</h1>" in times.text
    assert "12.0 分钟" in times.text
    columns = text_in(times.text, "thead")
    for code in ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"):  # precedences stay codes
        columns = columns.replace(code, "")
    assert not re.search(r"[A-Za-z]", columns), columns
    contacts = api.client.get("/hotline/contacts", headers=chosen)
    assert "<h1>热线联络链</h1>" in contacts.text
    page = api.client.get(f"/hotline/messages/{mid}", headers=english)
    assert "acknowledged, after 12 min 0 s" in page.text


def test_the_words_of_roles_follow_the_codes() -> None:
    assert ROLE_WORDS == ROLES

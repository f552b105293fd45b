"""The core's pages in Chinese for a reader whose browser asks for it, and in English as
before for everyone else: headings, table headers, labels and buttons translated, members
named as CLDR names them in Chinese, dates written as Chinese writes them."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cosec import i18n
from cosec.registry import record_kinds
from tests.api.support import Api, activity
from tests.conftest import need

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-GB"}
WATCHED = {"h1", "h2", "h3", "th", "label", "button", "legend", "dt", "option", "caption"}
ALLOWED = re.compile(
    r"^(?:[A-Z]{2,}[0-9-]*|UTC|CSV|PDF|JSON|SHA-256|MMSI|ICAO|AIS|ADS-B|iCalendar|Atom|"
    r"cosec|km|h|API|QR|RFC|[a-z]{2,3}-[0-9]+|[0-9][0-9,.:-]*)$"
)
"""Words a Chinese page may show in Latin letters: codes, units, acronyms, numbers."""


class _Texts(HTMLParser):
    """The text of the headings, table headers, labels, buttons and options of a page
    (without the record contents in ``<code>``, nor the language switcher, which names
    each language in itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.skip = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "input", "meta", "link", "img"):
            return
        self.open.append(tag)
        if self.skip == 0 and (tag == "code" or dict(attrs).get("data-testid") == "languages"):
            self.skip = len(self.open)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            gone = self.open.pop()
            if self.skip > len(self.open):
                self.skip = 0
            if gone == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip == 0 and WATCHED & set(self.open) and data.strip():
            self.found.append(data.strip())


def english_left(html: str, *, allow: tuple[str, ...] = ()) -> list[str]:
    """Latin words left in a page's headings, headers, labels, buttons and options."""
    parser = _Texts()
    parser.feed(html)
    left = []
    for text in parser.found:
        for kept in allow:
            text = text.replace(kept, " ")
        for word in re.findall(r"[A-Za-z][A-Za-z0-9'.,:-]*", text):
            word = word.rstrip(".,:")
            if word and not ALLOWED.match(word):
                left.append(word)
    return left


@pytest.fixture(scope="module")
def late(module_api: Api) -> tuple[int, int]:
    """A late notification by CHN (USA a party) and the finding it raised."""
    n = module_api.notify("CHN", {"payload": activity("Exercise Strait Thunder", start=20)})
    [finding] = [f for f in module_api.findings("SEC", record_id=n["id"]) if f["flag"] == "late"]
    return n["id"], finding["id"]


def page(api: Api, path: str, who: str = "PUBLIC", headers: dict[str, str] = ZH) -> str:
    response = api.client.get(path, headers={**api.auth(who), **headers})
    assert response.status_code == 200, response.text
    assert f'<html lang="{"zh" if headers is ZH else "en"}">' in response.text
    return response.text


def test_the_findings_list_in_chinese_and_in_english(
    module_api: Api, late: tuple[int, int]
) -> None:
    zh = page(module_api, "/findings", "SEC")
    assert "<h1>调查结论</h1>" in zh
    assert "严重程度" in zh
    assert "状态" in zh
    assert "中国" in zh  # CHN named as CLDR names China in Chinese
    assert "项调查结论" in zh  # the count
    assert '<option value="open">未结</option>' in zh  # the label translated, the value kept
    assert english_left(zh) == []
    en = page(module_api, "/findings", "SEC", EN)
    assert "<h1>Findings</h1>" in en
    assert "China" in en
    assert "Severity" in en
    assert '<option value="open">open</option>' in en


def test_a_finding_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    record_id, finding_id = late
    zh = page(module_api, f"/findings/{finding_id}", "SEC")
    assert f"调查结论 {finding_id}" in zh
    assert "<dt>义务</dt>" in zh
    assert "<dt>首次发现</dt>" in zh
    assert f"记录 {record_id}" in zh
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC", zh)  # first seen, in Chinese
    assert english_left(zh) == []
    en = page(module_api, f"/findings/{finding_id}", "SEC", EN)
    assert f"Finding {finding_id}" in en
    assert "<dt>First seen</dt>" in en


def test_the_scorecards_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    zh = page(module_api, "/scorecards", "JPN")
    assert "<h1>履约记分卡</h1>" in zh
    assert "已履行义务" in zh
    assert "美国" in zh
    assert "日本" in zh
    assert english_left(zh) == []
    card = page(module_api, "/scorecards/CHN", "JPN")
    assert "<h1>中国 (CHN)</h1>" in card
    assert "违反" in card  # the lead-time obligation's status, breached
    assert english_left(card) == []
    assert "<h1>China (CHN)</h1>" in page(module_api, "/scorecards/CHN", "JPN", EN)
    found = page(module_api, "/scorecards?q=%E4%B8%AD%E5%9B%BD", "JPN")  # 中国
    assert 'data-member="CHN"' in found
    assert 'data-member="USA"' not in found


def test_the_log_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    zh = page(module_api, "/log")
    assert "<h1>日志</h1>" in zh
    assert "最新检查点" in zh
    assert "核验回执" in zh
    assert english_left(zh) == []
    assert "<h1>The log</h1>" in page(module_api, "/log", headers=EN)


def test_the_charter_in_chinese(module_api: Api) -> None:
    zh = page(module_api, "/charter")
    assert "已通过的版本" in zh
    assert "<th>代码</th>" in zh
    assert "<td>韩国</td>" in zh
    assert "<td>the Republic of Korea</td>" not in zh
    assert '<th scope="row">默认阅读范围</th>' in zh  # a parameter every regime has
    # the charter's own words (its title, bodies, mandates) are what was adopted, as written;
    # each regime's parameters are its mechanism's to translate
    core = zh.split("<h2>制度：")[0]
    body = core.split("</h1>", 1)[1]
    assert english_left(body) == []
    en = page(module_api, "/charter", headers=EN)
    assert "<td>the Republic of Korea</td>" in en
    assert "<th>Code</th>" in en


def test_the_state_units_in_chinese(module_api: Api) -> None:
    zh = page(module_api, "/fleet")
    assert "<h1>国家船舶和航空器</h1>" in zh
    assert "识别码" in zh
    assert '<option value="coast_guard">海警</option>' in zh
    assert english_left(zh) == []
    assert "<h1>State vessels and aircraft</h1>" in page(module_api, "/fleet", headers=EN)


def test_the_evidence_in_chinese(module_api: Api) -> None:
    zh = page(module_api, "/analyses")
    assert "<h1>航迹证据</h1>" in zh
    assert "数据集" in zh
    assert english_left(zh) == []
    assert "<h1>Evidence from tracks</h1>" in page(module_api, "/analyses", headers=EN)


def test_the_inbox_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    zh = page(module_api, "/inbox", "CHN")
    assert "<h1>待办</h1>" in zh
    assert "电子邮件提醒" in zh
    assert "剩余时间" in zh
    assert "中国接下来须办理的事项" in zh
    assert '<option value="24">24 小时内</option>' in zh
    assert english_left(zh, allow=("English",)) == []  # the e-mails' language, in itself
    assert "What China must do next" in page(module_api, "/inbox", "CHN", EN)


def test_a_record_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    record_id, _ = late
    zh = page(module_api, f"/records/{record_id}", "SEC")
    assert f"记录 {record_id}" in zh
    assert "<dt>发送方</dt>" in zh
    assert "中国 (CHN)" in zh  # the sender, and the member codes of the payload
    assert "阅读范围" in zh


def test_the_annual_report_page_in_chinese(module_api: Api, late: tuple[int, int]) -> None:
    year = module_api.world.clock.now().year
    zh = page(module_api, f"/reports/annual?year={year}", "SEC")
    assert f"{year} 年度执行情况报告" in zh
    assert "履约记分卡一览" in zh
    assert "各机制及其义务" in zh
    assert "中国 (CHN)" in zh  # the members' table, and the heat-map's rows
    assert f"{year} 年履约记分卡" in zh  # a chart's title
    assert "已履行" in zh
    assert "违反" in zh
    en = page(module_api, f"/reports/annual?year={year}", "SEC", EN)
    assert f"Annual implementation report {year}" in en
    assert "China (CHN)" in en


def test_the_report_pdf_takes_a_language_and_refuses_another(
    module_api: Api, tmp_path: Path
) -> None:
    need(shutil.which("pdftotext") is not None, "pdftotext (Debian poppler-utils) is missing")
    year = module_api.world.clock.now().year
    for lang, heading in (("zh", f"{year} 年度执行情况报告"), ("en", "Annual implementation")):
        pdf = module_api.get("/reports/annual.pdf", "SEC", year=str(year), lang=lang)
        assert pdf.status_code == 200
        path = tmp_path / f"{lang}.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert heading in text, lang
    bad = module_api.get("/reports/annual.pdf", "SEC", year=str(year), lang="fr")
    assert bad.status_code == 422
    assert "lang" in bad.text
    assert "en, zh" in bad.text


def test_the_publications_drafts_and_people_in_chinese(module_api: Api) -> None:
    assert "<h1>秘书处发布的内容</h1>" in page(module_api, "/publications")
    drafts = page(module_api, "/drafts", "CHN")
    assert "<h1>中国的草稿</h1>" in drafts
    assert english_left(drafts) == []
    people = page(module_api, "/people", "SEC")
    assert "<h1>人员</h1>" in people
    assert english_left(people) == []


def test_the_cores_own_record_kinds_have_chinese_titles() -> None:
    core = [
        spec
        for spec in record_kinds().values()
        if not spec.model.__module__.startswith("cosec.mechanisms.")
    ]
    assert len(core) >= 8
    with i18n.speaking("zh"):
        untranslated = [s.title for s in core if i18n.translated(s.title) == s.title]
    assert untranslated == [], "add them to CORE_KIND_TITLES in cosec.web.render"

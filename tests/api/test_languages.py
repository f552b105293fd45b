"""The site in English and Chinese: the reader's choice, else the browser's; every marked
message translated; dates written as each language writes them."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cosec import i18n
from cosec.charters import available_profiles, load_profile
from cosec.registry import mechanisms
from tests.api.support import Api

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "src" / "cosec"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "NavEntry": (2,),
    "Stat": (2,),
}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _marked(root: Path, *, skip: str | None = None) -> set[str]:
    """Every message marked under ``root`` now (as ``make messages`` extracts them); a
    message with a context as ``context\x04message``, as a catalog keeps it."""

    def keep(path: str) -> bool:
        name = Path(path).name
        return name != skip and not name.startswith((".", "_"))

    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        root, METHODS, OPTIONS, keywords=KEYWORDS, directory_filter=keep
    ):
        text = message if isinstance(message, str) else message[0]
        found.add(f"{_context}\x04{text}" if _context else text)
    return found


def _translated(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with path.open("rb") as f:
        catalog = read_po(f, locale="zh")
    return {
        (f"{m.context}\x04" if m.context else "") + (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and all(m.string) and not m.fuzzy
    }


def test_every_marked_message_of_the_core_has_a_chinese_translation() -> None:
    marked = _marked(CORE, skip="mechanisms")
    assert len(marked) > 50  # the extraction itself found the marked messages
    missing = sorted(marked - _translated(i18n.po_path("zh")))
    assert not missing, f"untranslated (run `make messages`, then translate): {missing}"


@pytest.mark.parametrize("name", sorted(mechanisms()))
def test_every_marked_message_of_a_mechanism_is_translated_by_it_or_the_core(name: str) -> None:
    package = mechanisms()[name].interfaces.templates
    assert package is not None
    marked = _marked(Path(str(files(package))))
    assert marked  # its navigation label at least
    translated = _translated(i18n.po_path("zh", package)) | _translated(i18n.po_path("zh"))
    missing = sorted(marked - translated)
    assert not missing, f"{name}: untranslated (run `make messages`, then translate): {missing}"


def test_a_mechanisms_catalog_is_laid_over_the_cores() -> None:
    with i18n.speaking("zh"):
        assert i18n.gettext("Overview") == "概览"  # the core's
        assert i18n.gettext("Arms") != "Arms"  # the arms mechanism's own catalog
        assert i18n.gettext("no such message") == "no such message"


def test_the_browser_language_picks_chinese_and_a_choice_overrides_it(api: Api) -> None:
    zh = api.client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert zh.status_code == 200
    assert '<html lang="zh">' in zh.text
    assert "概览" in zh.text  # the navigation
    assert "以公众身份查阅" in zh.text
    en = api.client.get("/", headers={"Accept-Language": "en-GB"})
    assert '<html lang="en">' in en.text
    assert "Reading as the public" in en.text
    assert "概览" not in en.text

    chosen = api.client.get(
        "/language", params={"to": "en", "next": "/findings?state=open"}, follow_redirects=False
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/findings?state=open"
    assert "cosec_lang=en" in chosen.headers["set-cookie"]
    api.client.cookies.set("cosec_lang", "en")
    try:
        page = api.client.get("/", headers={"Accept-Language": "zh-CN"})
        assert "Reading as the public" in page.text  # the choice wins over the browser
    finally:
        api.client.cookies.delete("cosec_lang")


def test_an_error_page_speaks_the_readers_language(api: Api) -> None:
    page = api.client.get("/no-such-page", headers={"Accept-Language": "zh"})
    assert page.status_code == 404
    assert "未找到" in page.text


def test_a_choice_goes_back_only_to_this_site(api: Api) -> None:
    for sneaky in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "findings"):
        r = api.client.get("/language", params={"to": "zh", "next": sneaky}, follow_redirects=False)
        assert r.status_code == 303, sneaky
        assert r.headers["location"] == "/", sneaky
    bad = api.client.get("/language", params={"to": "fr"}, follow_redirects=False)
    assert bad.status_code == 422
    assert "to" in bad.text
    assert "set-cookie" not in bad.headers


def test_dates_and_numbers_are_written_as_each_language_writes_them() -> None:
    when = datetime(2027, 5, 1, 14, 5, tzinfo=UTC)
    with i18n.speaking("en"):
        assert i18n.day(date(2027, 5, 1)) == "1 May 2027"
        assert i18n.moment(when) == "1 May 2027, 14:05"
        assert i18n.number(12500) == "12,500"
    with i18n.speaking("zh"):
        assert i18n.day(date(2027, 5, 1)) == "2027年5月1日"
        assert i18n.moment(when) == "2027年5月1日 14:05"
        assert i18n.gettext("Overview") == "概览"
    with i18n.speaking("fr"):  # not offered: English
        assert i18n.current() == "en"


def test_a_hostile_accept_language_header_is_read_safely() -> None:
    assert i18n.negotiate(None, "zz-ZZ;q=abc, " * 5000 + "zh") == "en"  # bounded: never read
    assert i18n.negotiate(None, "de;q=1, zh;q=0.1") == "zh"
    assert i18n.negotiate(None, "zh;q=0, en") == "en"
    assert i18n.negotiate("xx", "") == "en"


def test_a_malformed_cookie_of_another_site_does_not_lose_the_choice(api: Api) -> None:
    page = api.client.get(
        "/", headers={"Cookie": 'tracker"=x; other={"a":1}; cosec_lang=zh', "Accept-Language": "en"}
    )
    assert '<html lang="zh">' in page.text


def test_members_are_named_by_their_charter_in_english_and_by_cldr_in_chinese() -> None:
    assert doctest.testmod(i18n).failed == 0
    with i18n.speaking("en"):
        assert i18n.country("KOR", "the Republic of Korea") == "the Republic of Korea"
        assert i18n.country("PRK", "the Democratic People's Republic of Korea") == (
            "the Democratic People's Republic of Korea"
        )
    with i18n.speaking("zh"):
        named = {
            code: i18n.country(code, code)
            for code in ("CHN", "USA", "KOR", "PRK", "VNM", "LAO", "BRN", "PHL", "RUS")
        }
        assert named == {
            "CHN": "中国",
            "USA": "美国",
            "KOR": "韩国",
            "PRK": "朝鲜",
            "VNM": "越南",
            "LAO": "老挝",
            "BRN": "文莱",
            "PHL": "菲律宾",
            "RUS": "俄罗斯",
        }
        assert i18n.country("SEC", "the secretariat") == "the secretariat"  # no country
        assert i18n.country("SUN", "the Soviet Union") == "the Soviet Union"  # many now


def test_every_charters_member_has_a_chinese_name() -> None:
    for ref in available_profiles():
        charter = load_profile(ref)
        for m in charter.members:
            assert i18n.alpha2(m.code) is not None, f"{ref}: {m.code}"
            with i18n.speaking("zh"):
                assert i18n.country(m.code, m.name) != m.name, f"{ref}: {m.code}"


def test_a_word_with_two_senses_is_told_apart_by_its_context() -> None:
    with i18n.speaking("zh"):
        assert i18n.pgettext("member", "Code") == "代码"
        assert i18n.gettext("Code") == "验证码"  # the sign-in code
        assert i18n.translated("") == ""  # never the catalog's header
        assert i18n.translated("Findings") == "调查结论"


def test_a_mechanisms_page_reads_its_own_words_first() -> None:
    """Catalogs are laid over one another; a word two mechanisms mean differently is each
    one's own on its pages (an incident in the air is not the arms' air force)."""
    packages = {name: m.interfaces.templates for name, m in mechanisms().items()}
    with i18n.speaking("zh"):
        with i18n.page_of(packages["incident"]):
            assert i18n.gettext("Air") == "空中"
            assert i18n.gettext("Overview") == "概览"  # the core's, underneath
        with i18n.page_of(packages["arms"]):
            assert i18n.gettext("Air") == "空军"
        with i18n.page_of(packages["hotline"]):
            assert i18n.gettext("To") == "收件方"
        with i18n.page_of(packages["arms"]):
            assert i18n.gettext("To") == "目的国"

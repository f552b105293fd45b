"""The arms pages: a return through the review flow, errors at their inputs, the list
(filter, sort, page, CSV), a member's page with both figures of a mismatch side by side."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest

from cosec.compliance import engine
from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World
from tests.mechanisms.arms.support import arms_return, line
from tests.mechanisms.chinese import ZH, english_in, headings_and_headers


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        yield a


FORM = {
    "year": "2025",
    "line-0-direction": "export",
    "line-0-category": "IV",
    "line-0-counterpart": "jpn",
    "line-0-units": "8",
    "line-0-description": "F-35A",
    "line-1-direction": "import",
    "line-1-category": "VII",
    "line-1-counterpart": "AUS",
    "line-1-units": "24",
    "line-2-direction": "export",
}


def test_a_point_of_contact_sends_a_return_through_the_review(api: Api) -> None:
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/arms/returns/new", headers=headers)
    assert page.status_code == 200
    body = FORM | {"csrf": csrf_of(page)}
    review = api.client.post("/arms/returns/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert "F-35A" in review.text
    assert api.ok(api.get("/v1/arms/returns", "SEC")) == []  # nothing signed yet
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/arms/returns/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    rid = int(signed.headers["location"].rsplit("/", 1)[1])
    (made,) = api.ok(api.get("/v1/arms/returns", "SEC"))
    assert made["id"] == rid
    assert made["record"]["payload"]["exports"] == [
        {"category": "IV", "counterpart": "JPN", "units": 8, "description": "F-35A"}
    ]
    assert made["record"]["payload"]["imports"][0]["counterpart"] == "AUS"
    shown = api.client.get(f"/arms/returns/{rid}", headers=headers)
    assert "Return of arms transfers for 2025: the United States (USA)" in shown.text
    assert "Japan" in shown.text  # the counterpart named beside its code
    assert "1 March 2026" in shown.text


def test_a_bad_value_is_shown_at_its_input_and_nothing_is_signed(api: Api) -> None:
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/arms/returns/new", headers=headers)
    body = FORM | {"csrf": csrf_of(page), "line-1-units": "0"}
    review = api.client.post("/arms/returns/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "Items (line 2): must be at least 1" in review.text
    body = FORM | {"csrf": csrf_of(page), "line-0-counterpart": "USA"}
    review = api.client.post("/arms/returns/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "Other state (line 1): must be another state than yours" in review.text
    assert api.ok(api.get("/v1/arms/returns", "SEC")) == []


def _seed(api: Api) -> None:
    usa = arms_return(exports=[line("JPN", "IV", 8), line("CHN", "SALW", 100)])
    api.ok(api.post("/v1/arms/returns", "USA", {"payload": usa}), 201)
    api.ok(
        api.post(
            "/v1/arms/returns", "JPN", {"payload": arms_return(imports=[line("USA", "IV", 6)])}
        ),
        201,
    )
    api.ok(api.post("/v1/arms/returns", "CHN", {"payload": arms_return(year=2024)}), 201)
    with api.world.session() as s:
        engine.evaluate(s, deployment=api.world.deployment(), clock=api.world.clock)


def test_the_list_filters_sorts_pages_and_exports(api: Api) -> None:
    _seed(api)
    headers = sign_in(api.client, api.keys["JPN"] or "")
    page = api.client.get("/arms", headers=headers)
    assert page.status_code == 200
    assert page.text.count('data-testid="return-row"') == 3
    assert 'data-testid="transfers-chart"' in page.text
    assert "<title>2025, category IV (combat aircraft): 8</title>" in page.text
    rows = re.findall(r'<a href="/arms/members/([A-Z]{3})">\1</a> <span class="muted">', page.text)
    assert "JPN" in rows
    by_year = api.client.get("/arms", params={"year": "2024"}, headers=headers)
    assert by_year.text.count('data-testid="return-row"') == 1
    asc = api.client.get("/arms", params={"sort": "member", "dir": "asc"}, headers=headers)
    member_cell = r'data-testid="return-row">\s*<td><a href="/arms/returns/\d+">\d+</a></td>\s*'
    order = re.findall(member_cell + r'<td><a href="/arms/members/([A-Z]+)"', asc.text)
    assert order == ["CHN", "JPN", "USA"]
    bad = api.client.get("/arms", params={"sort": "colour"}, headers=headers)
    assert bad.status_code == 422
    exported = api.client.get("/arms.csv", params={"member": "USA"}, headers=headers)
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["direction"], r["category"], r["counterpart"], r["units"]) for r in table] == [
        ("export", "IV", "JPN", "8"),
        ("export", "SALW", "CHN", "100"),
    ]


def test_a_members_page_shows_the_two_figures_side_by_side(api: Api) -> None:
    _seed(api)
    headers = sign_in(api.client, api.keys["JPN"] or "")
    for member in ("JPN", "USA"):
        page = api.client.get(f"/arms/members/{member}", headers=headers)
        assert page.status_code == 200
        row = page.text.split('data-testid="mismatch-row"', 1)[1].split("</tr>", 1)[0]
        assert '<td data-testid="exported">8</td>' in row
        assert '<td data-testid="imported">6</td>' in row
        assert "mirror_mismatch" in row
        assert '<a href="/findings/' in row  # the finding, one click away
    usa = api.client.get("/arms/members/USA", headers=headers)
    assert (
        '<td data-testid="imported"><span class="muted">not listed</span></td>' not in usa.text
    )  # CHN filed 2024 only: not checked
    assert 'data-testid="member-chart"' in usa.text
    assert api.client.get("/arms/members/XXX", headers=headers).status_code == 404


def test_the_review_cautions_a_replacement_and_a_state_outside_the_regime(api: Api) -> None:
    api.ok(api.post("/v1/arms/returns", "USA", {"payload": arms_return()}), 201)
    headers = sign_in(api.client, api.keys["USA"] or "")
    page = api.client.get("/arms/returns/new", headers=headers)
    body = FORM | {"csrf": csrf_of(page), "line-0-counterpart": "JPX"}
    review = api.client.post("/arms/returns/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    text = re.sub(r"\s+", " ", review.text)
    assert "You sent a return of arms transfers for 2025 on 01 March 2026" in text
    assert "JPX is not in the arms regime" in text
    home = api.client.get("/", headers=headers)
    assert "annual arms returns you can read" in home.text


def test_the_list_pages_fifty_returns_at_a_time(api: Api) -> None:
    for member in ("CHN", "USA", "JPN"):
        for year in range(2008, 2025):
            api.ok(api.post("/v1/arms/returns", member, {"payload": arms_return(year=year)}), 201)
    headers = sign_in(api.client, api.keys["JPN"] or "")
    first = api.client.get("/arms", headers=headers)
    assert first.text.count('data-testid="return-row"') == 50
    assert "page 1 of 2" in first.text
    second = api.client.get("/arms", params={"page": "2"}, headers=headers)
    assert second.text.count('data-testid="return-row"') == 1
    assert ">2008</td>" in second.text  # newest year first: the oldest is last


def test_the_public_sees_no_index_built_on_returns_it_may_not_read(api: Api) -> None:
    _seed(api)
    page = api.client.get("/arms")
    assert page.status_code == 200
    assert 'data-testid="no-index"' in page.text
    assert 'data-testid="return-row"' not in page.text
    member = api.client.get("/arms/members/USA")
    assert "not yet measured" in member.text


def test_an_expenditure_report_sends_only_the_chosen_forms_figures(api: Api) -> None:
    headers = sign_in(api.client, api.keys["JPN"] or "")
    page = api.client.get("/arms/expenditures/new", headers=headers)
    assert page.status_code == 200
    body = {
        "csrf": csrf_of(page),
        "year": "2025",
        "form": "standardised",
        "currency": "jpy",
        "simple-land": "999",  # the other form's figure: left out
        "std-naval-personnel": "1.5e11",
        "std-air-procurement_construction": "2.25e11",
    }
    review = api.client.post("/arms/expenditures/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/arms/expenditures/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    (made,) = api.ok(api.get("/v1/arms/expenditures", "SEC"))
    assert made["payload"]["currency"] == "JPY"
    assert made["payload"]["lines"] == [
        {"force": "naval", "cost": "personnel", "amount": 1.5e11},
        {"force": "air", "cost": "procurement_construction", "amount": 2.25e11},
    ]
    empty = body | {"form": "simplified", "simple-land": ""}
    review = api.client.post("/arms/expenditures/new/review", data=empty, headers=headers)
    assert review.status_code == 422


def test_a_returns_page_shows_what_the_other_side_reports_for_each_line(api: Api) -> None:
    _seed(api)
    api.ok(
        api.post(
            "/v1/arms/returns",
            "USA",
            {
                "payload": arms_return(
                    exports=[line("JPN", "IV", 6), line("FRA", "IV", 2), line("CHN", "SALW", 100)]
                )
            },
        ),
        201,
    )
    (usa,) = [r for r in api.ok(api.get("/v1/arms/returns", "SEC", member="USA")) if r["latest"]]
    headers = sign_in(api.client, api.keys["JPN"] or "")
    page = api.client.get(f"/arms/returns/{usa['id']}", headers=headers)
    cells = [
        re.sub(r"<[^>]+>|\s+", " ", c).split()
        for c in re.findall(r'data-testid="other-side">(.*?)</td>', page.text)
    ]
    assert cells == [["6", "agrees"], ["outside", "the", "regime"], ["no", "return"]]
    member = api.client.get("/arms/members/JPN", headers=headers)
    assert 'data-testid="mismatch-row"' not in member.text  # the corrected return agrees


def test_the_arms_pages_speak_chinese_to_a_reader_who_asks_for_it(api: Api) -> None:
    _seed(api)
    headers = sign_in(api.client, api.keys["JPN"] or "")
    zh = api.client.get("/arms", headers=headers | ZH)
    assert zh.status_code == 200
    heads, columns = headings_and_headers(zh.text, "returns")
    assert heads[0] == "武器转让和军费开支"
    assert heads[1:] == ["按类别和年份分列的转让", "透明度指数", "报告"]
    assert columns == ["成员", "年份", "出口", "进口", "提交"]
    assert not english_in(headings_and_headers(zh.text, "indexes")[1])
    assert "3 份报告" in zh.text
    assert "作战飞机" in zh.text  # a category named in the legend
    assert "日本" in zh.text  # a member named in Chinese

    (usa,) = api.ok(api.get("/v1/arms/returns", "SEC", member="USA"))
    cookie = {"Cookie": headers["Cookie"] + "; cosec_lang=zh"}  # the reader's choice
    shown = api.client.get(f"/arms/returns/{usa['id']}", headers=cookie)
    heads, columns = headings_and_headers(shown.text, "exports")
    assert heads[0].startswith("2025年武器转让报告：")
    assert heads[1:] == ["出口", "进口", "调查结论"]
    assert not english_in(columns)
    assert "1 March 2026" not in shown.text
    assert "2026年3月1日" in shown.text
    signed = api.client.get(f"/records/{usa['id']}", headers=cookie).text  # fields' labels
    assert ">对方国家" in signed
    assert ">数量" in signed  # arms' "Units", not incidents' 单位
    assert ">Counterpart" not in signed
    assert ">Units" not in signed
    member = api.client.get("/arms/members/USA", headers=cookie)
    heads, columns = headings_and_headers(member.text, "mismatches")
    assert "双方申报不一致" in heads
    assert not english_in(columns)
    assert not english_in(headings_and_headers(member.text, "years")[1])

    en = api.client.get("/arms", headers=headers)
    heads, columns = headings_and_headers(en.text, "returns")
    assert heads[0] == "Arms transfers and military expenditure"
    assert columns == ["Member", "Year", "Exported", "Imported", "Sent"]
    assert "3 returns" in en.text

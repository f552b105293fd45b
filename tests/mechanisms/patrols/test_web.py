"""The patrol pages: plan, report and share through the review flow; the lists (filter,
sort, page, CSV); statistics with charts; the map page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

from tests.api.support import Api, csrf_of, sign_in
from tests.mechanisms.chinese import ZH, english_in, headings_and_headers
from tests.mechanisms.patrols.support import case, plan, report

PLAN_FORM = {
    "title": "Joint patrol 90",
    "participants": "chn, lao",
    "start": "2026-03-10",
    "end": "2026-03-13",
    "route": "21.63, 101.17, Guanlei\n20.27, 100.09, Chiang Saen",
    "vessels": "Guanlei Patrol 11, CHN, GP-11",
}


def _sign(api: Api, headers: dict[str, str], path: str, form: dict[str, str]) -> Any:
    page = api.client.get(path, headers=headers)
    assert page.status_code == 200, page.text
    body = form | {"csrf": csrf_of(page)}
    review = api.client.post(f"{path}/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    return api.client.post(
        f"{path}/sign", data=body | {"confirm": confirm}, headers=headers, follow_redirects=False
    )


def test_a_member_plans_through_the_review_and_a_participant_reports(web: Api) -> None:
    chn = sign_in(web.client, web.keys["CHN"] or "")
    page = web.client.get("/patrols/new", headers=chn)
    review = web.client.post(
        "/patrols/new/review", data=PLAN_FORM | {"csrf": csrf_of(page)}, headers=chn
    )
    assert "Joint patrol 90" in review.text
    assert web.ok(web.get("/v1/patrols", "SEC")) == []  # nothing signed at the review
    signed = _sign(web, chn, "/patrols/new", PLAN_FORM)
    assert signed.status_code == 303, signed.text
    pid = int(signed.headers["location"].rsplit("/", 1)[1])
    made = web.ok(web.get(f"/v1/patrols/{pid}", "SEC"))
    assert made["plan"]["participants"] == ["CHN", "LAO"]
    assert [w["name"] for w in made["plan"]["route"]] == ["Guanlei", "Chiang Saen"]
    assert made["plan"]["vessels"][0] == {
        "name": "Guanlei Patrol 11",
        "member": "CHN",
        "identifier": "GP-11",
    }
    lao = sign_in(web.client, web.keys["LAO"] or "")
    shown = web.client.get(f"/patrols/{pid}", headers=lao)
    assert "Laos" in shown.text
    assert f"/patrols/report?plan_id={pid}" in shown.text
    web.world.clock.set(web.world.clock.now().replace(day=14))
    lao = sign_in(web.client, web.keys["LAO"] or "")  # a new day, a new session
    form = {
        "plan_id": str(pid),
        "participants": "CHN, LAO",
        "stations": "Guanlei",
        "positions": "2026-03-11 08:00, 21.0, 100.6",
    }
    signed = _sign(web, lao, "/patrols/report", form)
    assert signed.status_code == 303, signed.text
    assert web.ok(web.get(f"/v1/patrols/{pid}", "THA"))["status"] == "reported"


def test_a_bad_line_is_shown_at_its_input_and_nothing_is_signed(web: Api) -> None:
    chn = sign_in(web.client, web.keys["CHN"] or "")
    page = web.client.get("/patrols/new", headers=chn)
    body = PLAN_FORM | {"csrf": csrf_of(page), "route": "21.63, 101.17\nnorth of here, 100.0"}
    review = web.client.post("/patrols/new/review", data=body, headers=chn)
    assert review.status_code == 422
    assert "Route on the river:" in review.text
    body = PLAN_FORM | {"csrf": csrf_of(page), "participants": "LAO"}
    review = web.client.post("/patrols/new/review", data=body, headers=chn)
    assert review.status_code == 422
    assert "Members taking part: must include CHN" in review.text
    assert web.ok(web.get("/v1/patrols", "SEC")) == []


def test_a_case_is_shared_through_the_review(web: Api) -> None:
    tha = sign_in(web.client, web.keys["THA"] or "")
    form = {
        "title": "Heroin in a fishing boat",
        "category": "CAT3",
        "occurred_at": "2026-02-28 22:00",
        "lat": "20.26",
        "lon": "100.12",
        "drugs": "heroin, 31\nmethamphetamine tablets, 40000, tablets",
        "persons_detained": "2",
        "vessels": "Sombat 2, THA",
    }
    signed = _sign(web, tha, "/patrols/cases/new", form)
    assert signed.status_code == 303, signed.text
    cid = int(signed.headers["location"].rsplit("/", 1)[1])
    one = web.ok(web.get(f"/v1/patrols/cases/{cid}", "MMR"))
    assert one["case"]["drugs"][1] == {
        "substance": "methamphetamine tablets",
        "amount": 40000.0,
        "unit": "tablets",
    }
    page = web.client.get(f"/patrols/cases/{cid}", headers=tha)
    assert "28 February 2026, 22:00" in page.text
    assert "CAT 3: 1-6 perpetrators" in page.text


def _plans(web: Api, n: int) -> list[int]:
    ids = []
    for i in range(n):
        day = (date(2026, 1, 1) + timedelta(days=i)).isoformat()
        body = plan(start=day, end=day, title=f"Patrol {i:02d}")
        ids.append(web.ok(web.post("/v1/patrols", "CHN", {"payload": body}), 201)["id"])
    return ids


def test_the_list_filters_sorts_pages_and_exports(web: Api) -> None:
    ids = _plans(web, 52)
    web.ok(
        web.post(f"/v1/patrols/{ids[-1]}/reports", "LAO", {"payload": report(positions=[])}), 201
    )
    sec = sign_in(web.client, web.keys["SEC"] or "")
    first = web.client.get("/patrols", headers=sec)
    assert first.text.count('data-testid="patrol-row"') == 50
    assert "52 patrols · page 1 of 2" in first.text
    second = web.client.get("/patrols?page=2", headers=sec)
    assert second.text.count('data-testid="patrol-row"') == 2
    by_title = web.client.get("/patrols?sort=title&dir=asc", headers=sec)
    assert by_title.text.index("Patrol 00") < by_title.text.index("Patrol 01")
    reported = web.client.get("/patrols?status=reported", headers=sec)
    assert reported.text.count('data-testid="patrol-row"') == 1
    assert web.client.get("/patrols?status=lost", headers=sec).status_code == 422
    assert web.client.get("/patrols?sort=colour", headers=sec).status_code == 422
    exported = web.client.get("/patrols.csv?status=reported", headers=sec)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["id"], r["status"], r["took_part"]) for r in rows] == [
        (str(ids[-1]), "reported", "CHN LAO")
    ]


def test_cases_list_filters_and_exports_and_statistics_draw_charts(web: Api) -> None:
    for category in ("CAT1", "CAT3", "CAT3"):
        web.ok(web.post("/v1/patrols/cases", "THA", {"payload": case(category=category)}), 201)
    sec = sign_in(web.client, web.keys["SEC"] or "")
    page = web.client.get("/patrols/cases?category=CAT3", headers=sec)
    assert page.text.count('data-testid="case-row"') == 2
    exported = web.client.get("/patrols/cases.csv?category=cat1", headers=sec)
    assert [r["category"] for r in csv.DictReader(io.StringIO(exported.text))] == ["CAT1"]
    stats = web.client.get("/patrols/statistics?year=2026", headers=sec)
    assert stats.status_code == 200
    assert stats.text.count("<svg") == 3
    assert "2026: 2 CAT3" in stats.text  # a bar's tooltip
    assert 'data-testid="minimum-line"' in stats.text
    assert "4 short" in stats.text  # no member took part in any patrol yet
    exported = web.client.get("/patrols/statistics.csv", headers=sec)
    assert next(csv.DictReader(io.StringIO(exported.text)))["CAT3"] == "2"
    shown = web.client.get("/patrols/map?year=2026", headers=sec)
    assert 'data-geo="/v1/patrols/map.geojson?year=2026"' in shown.text
    assert "Chiang Saen" in shown.text
    assert "<script>" not in shown.text


def test_the_review_warns_of_a_past_start_a_second_report_and_a_likely_duplicate(
    web: Api,
) -> None:
    chn = sign_in(web.client, web.keys["CHN"] or "")
    past = PLAN_FORM | {"start": "2026-02-26", "end": "2026-02-27"}
    page = web.client.get("/patrols/new", headers=chn)
    review = web.client.post(
        "/patrols/new/review", data=past | {"csrf": csrf_of(page)}, headers=chn
    )
    assert "The patrol&#39;s first day, 26 February 2026, is past" in review.text
    signed = _sign(web, chn, "/patrols/new", past)
    pid = int(signed.headers["location"].rsplit("/", 1)[1])
    review = web.client.post(
        "/patrols/new/review", data=past | {"csrf": csrf_of(page)}, headers=chn
    )
    assert f"(record {pid}) for the same days" in review.text
    web.ok(web.post(f"/v1/patrols/{pid}/reports", "CHN", {"payload": report(positions=[])}), 201)
    lao = sign_in(web.client, web.keys["LAO"] or "")
    form = {"plan_id": str(pid), "participants": "LAO"}
    page = web.client.get(f"/patrols/report?plan_id={pid}", headers=lao)
    review = web.client.post(
        "/patrols/report/review", data=form | {"csrf": csrf_of(page)}, headers=lao
    )
    assert "CHN already reported this patrol" in review.text
    shared = web.ok(web.post("/v1/patrols/cases", "THA", {"payload": case()}), 201)
    tha = sign_in(web.client, web.keys["THA"] or "")
    form = {
        "title": "Heroin again",
        "category": "CAT3",
        "occurred_at": "2026-02-27 09:30",
        "lat": "20.265",
        "lon": "100.125",
    }
    page = web.client.get("/patrols/cases/new", headers=tha)
    review = web.client.post(
        "/patrols/cases/new/review", data=form | {"csrf": csrf_of(page)}, headers=tha
    )
    assert f"(record {shared['id']}), within an hour and a kilometre" in review.text
    far = form | {"lat": "20.5"}
    review = web.client.post(
        "/patrols/cases/new/review", data=far | {"csrf": csrf_of(page)}, headers=tha
    )
    assert "within an hour and a kilometre" not in review.text


def test_the_patrol_pages_speak_chinese_to_a_reader_who_asks_for_it(web: Api) -> None:
    ids = _plans(web, 2)
    web.ok(
        web.post(f"/v1/patrols/{ids[-1]}/reports", "LAO", {"payload": report(positions=[])}), 201
    )
    web.ok(web.post("/v1/patrols/cases", "THA", {"payload": case(category="CAT3")}), 201)
    sec = sign_in(web.client, web.keys["SEC"] or "")
    zh = web.client.get("/patrols", headers=sec | ZH)
    assert zh.status_code == 200
    heads, columns = headings_and_headers(zh.text, "patrols")
    assert heads == ["联合执法巡逻"]
    assert columns == ["巡逻", "日期", "牵头方", "参加方", "状态"]
    assert "2 次巡逻" in zh.text
    assert 'data-testid="status">逾期报告</span>' in zh.text  # a status in words
    assert 'data-testid="status">已逾期</span>' in zh.text
    assert '<option value="reported">已报告</option>' in zh.text
    assert "2026年1月2日" in zh.text

    cookie = {"Cookie": sec["Cookie"] + "; cosec_lang=zh"}  # the reader's choice
    cases = web.client.get("/patrols/cases", headers=cookie)
    heads, columns = headings_and_headers(cases.text, "cases")
    assert heads == ["执法案件"]
    assert not english_in(columns)
    assert "CAT 3：作案者 1 至 6 人" in cases.text
    plan_page = web.client.get(f"/patrols/{ids[-1]}", headers=cookie)
    signed = web.client.get(f"/records/{ids[-1]}", headers=cookie).text  # fields' labels
    assert ">参加成员" in signed
    assert ">Participants" not in signed
    heads, columns = headings_and_headers(plan_page.text, "reports")
    assert heads[1:] == ["船舶", "报告", "本次巡逻查办的案件", "调查结论"]
    assert not english_in(columns)
    stats = web.client.get("/patrols/statistics?year=2026", headers=cookie)
    heads, columns = headings_and_headers(stats.text, "years")
    assert heads[0] == "按年份分列的联合巡逻和案件"
    assert english_in(columns) == ["CAT 1", "CAT 2", "CAT 3", "CAT 4"]  # codes

    en = web.client.get("/patrols", headers=sec)
    heads, columns = headings_and_headers(en.text, "patrols")
    assert heads == ["Joint law-enforcement patrols"]
    assert columns == ["Patrol", "Days", "Led by", "Taking part", "Status"]
    assert "2 patrols" in en.text

"""The decisions' pages: bodies and the chair, proposals with tallies (sort, filter, page,
CSV), a vote through the review step that warns before it becomes a signed record, the
close form, meetings and the register with a task's status."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from cosec.principals import Role
from tests.api.support import Api, api_over, csrf_of, sign_in
from tests.conftest import World
from tests.mechanisms.chinese import ZH, english_in, headings_and_headers

VOTERS = ("CHN", "USA", "JPN", "KOR", "PHL", "VNM", "AUS", "IND", "SGP")


@pytest.fixture
def api(sqlite_world: World) -> Iterator[Api]:
    with api_over(sqlite_world) as a:
        for code in (*VOTERS[3:], "RUS"):
            a.keys[code] = sqlite_world.user(f"poc-{code.lower()}", Role.MEMBER, code)[1]
        yield a


def tabled(api: Api, title: str = "Adopt the incident reporting template", **kw: Any) -> int:
    meeting = {"body": "council", "title": "Ministerial Council", "opens_on": "2026-03-05"}
    mid = api.ok(api.post("/v1/decisions/meetings", "SEC", {"payload": meeting}), 201)["id"]
    payload = {"body": "council", "title": title, "meeting_id": mid} | kw
    return int(api.ok(api.post("/v1/decisions/proposals", "PHL", {"payload": payload}), 201)["id"])


def vote(api: Api, pid: int, who: str, choice: str = "yes") -> None:
    body = {"payload": {"vote": choice, "representative": f"Minister, {who}"}}
    api.ok(api.post(f"/v1/decisions/proposals/{pid}/votes", who, body), 201)


def test_bodies_and_the_rotating_chair(api: Api) -> None:
    page = api.client.get("/decisions")
    assert page.status_code == 200
    rows = re.findall(r'data-body="([^"]+)"', page.text)
    assert rows[:3] == ["summit", "council", "secretariat"]
    assert "takes no decisions" in page.text  # the secretariat
    assert 'PHL <span class="muted">the Philippines</span>' in page.text  # chair in 2026
    chairs = re.findall(r'data-testid="chair-row"[^>]*><td>(\d{4})', page.text)
    assert chairs[:3] == ["2024", "2025", "2026"]


def test_a_vote_is_reviewed_with_its_cautions_before_it_is_signed(api: Api) -> None:
    pid = tabled(api)
    headers = sign_in(api.client, api.keys["CHN"] or "")
    form = api.client.get(f"/decisions/vote?proposal_id={pid}", headers=headers)
    assert form.status_code == 200, form.text
    assert "decided by consensus" in form.text
    body = {
        "csrf": csrf_of(form),
        "proposal_id": str(pid),
        "vote": "no",
        "representative": "Minister for Foreign Affairs",
    }
    review = api.client.post("/decisions/vote/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    assert sorted(confirm) == ["blocks", "final"]
    assert "a single no blocks adoption" in review.text
    assert api.ok(api.get(f"/v1/decisions/proposals/{pid}", "SEC"))["votes"] == []
    unconfirmed = api.client.post(
        "/decisions/vote/sign",
        data=body | {"confirm": ["final"]},
        headers=headers,
        follow_redirects=False,
    )
    assert unconfirmed.status_code == 422  # a caution not ticked: nothing signed
    assert api.ok(api.get(f"/v1/decisions/proposals/{pid}", "SEC"))["votes"] == []
    signed = api.client.post(
        "/decisions/vote/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == f"/decisions/proposals/{pid}"
    votes = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "SEC"))["votes"]
    assert [(v["member"], v["vote"], v["representative"]) for v in votes] == [
        ("CHN", "no", "Minister for Foreign Affairs")
    ]
    again = api.client.post("/decisions/vote/review", data=body | {"vote": "yes"}, headers=headers)
    assert f'value="replaces:{votes[0]["record_id"]}"' in again.text


def test_the_secretariat_closes_and_the_pages_show_the_tally(api: Api) -> None:
    pid = tabled(api)
    for who in VOTERS:
        vote(api, pid, who)
    vote(api, pid, "RUS", "abstain")
    sec = sign_in(api.client, api.keys["SEC"] or "")
    overview = api.client.get("/", headers=sec)
    tabled_stat = re.search(
        r'data-testid="count-tabled"[^>]*>\s*(?:<[^>]+>\s*)*(\d+)', overview.text
    )
    assert tabled_stat is not None, overview.text[:3000]
    assert tabled_stat.group(1) == "1"
    page = api.client.get(f"/decisions/proposals/{pid}", headers=sec)
    assert 'data-testid="close-link"' in page.text
    assert "(if the vote closed now)" in page.text
    form = api.client.get(f"/decisions/close?proposal_id={pid}", headers=sec)
    body = {"csrf": csrf_of(form), "proposal_id": str(pid), "note": "Adopted at the session."}
    body |= dict(re.findall(r'name="(members|rule)" value="([^"]*)"', form.text))
    assert body["rule"] == "consensus"
    review = api.client.post("/decisions/close/review", data=body, headers=sec)
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/decisions/close/sign",
        data=body | {"confirm": confirm},
        headers=sec,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    page = api.client.get(f"/decisions/proposals/{pid}")  # the public reads nothing
    assert page.status_code == 404
    page = api.client.get(f"/decisions/proposals/{pid}", headers=sec)
    tally = re.search(r'data-testid="tally">(.*?)</p>', page.text, re.S)
    assert tally is not None
    assert ">adopted</span>" in tally.group(1)
    assert "<strong>9</strong> yes, <strong>0</strong> no, <strong>1</strong> abstaining" in (
        tally.group(1)
    )
    assert "10 of 18 members present (quorum 10)" in tally.group(1)
    assert f"COUNCIL-2026-{pid}" in page.text


def test_proposals_list_filters_sorts_pages_and_exports(api: Api) -> None:
    ids = [tabled(api, f"Proposal {n:02d}") for n in range(53)]
    sec = sign_in(api.client, api.keys["SEC"] or "")
    first = api.client.get("/decisions/proposals", headers=sec)
    shown = [int(x) for x in re.findall(r'data-proposal-id="(\d+)"', first.text)]
    assert shown == sorted(ids, reverse=True)[:50]
    assert "53 proposals · page 1 of 2" in first.text
    second = api.client.get("/decisions/proposals?page=2", headers=sec)
    assert [int(x) for x in re.findall(r'data-proposal-id="(\d+)"', second.text)] == sorted(
        ids, reverse=True
    )[50:]
    by_title = api.client.get("/decisions/proposals?sort=title&dir=asc", headers=sec)
    assert re.findall(r'data-proposal-id="(\d+)"', by_title.text)[0] == str(ids[0])
    none = api.client.get("/decisions/proposals?status=decided", headers=sec)
    assert "0 proposals" in none.text
    bad = api.client.get("/decisions/proposals?status=sleeping", headers=sec)
    assert bad.status_code == 422
    exported = api.client.get("/decisions/proposals.csv?sort=title&dir=asc", headers=sec)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 53
    assert (rows[0]["title"], rows[0]["status"], rows[0]["rule"]) == (
        "Proposal 00",
        "tabled",
        "consensus",
    )


def test_meetings_and_the_register(api: Api, sqlite_world: World) -> None:
    task = {"member": "USA", "what": "Adopt the template", "due": "2026-03-10"}
    pid = tabled(api, tasks=[task])
    for who in (*VOTERS, "RUS"):
        vote(api, pid, who)
    api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    sqlite_world.clock.set(sqlite_world.clock.now().replace(month=3, day=11, hour=0))
    usa = sign_in(api.client, api.keys["USA"] or "")
    meetings = api.client.get("/decisions/meetings", headers=usa)
    assert meetings.text.count('data-testid="meeting-row"') == 1
    assert "5 March 2026" in meetings.text
    register = api.client.get("/decisions/register?status=overdue", headers=usa)
    assert re.findall(r'data-status="([^"]+)"', register.text) == ["overdue"]
    assert 'USA <span class="muted">the United States</span>' in register.text
    exported = api.client.get("/decisions/register.csv", headers=usa)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["decision"], r["member"], r["status"]) for r in rows] == [
        (f"COUNCIL-2026-{pid}", "USA", "overdue")
    ]
    page = api.client.get(f"/decisions/proposals/{pid}", headers=usa)
    assert "Report a task carried out" in page.text


def test_a_proposal_form_puts_each_error_at_its_input_and_signs_after_review(api: Api) -> None:
    meeting = {
        "body": "council",
        "title": "Ministerial Council",
        "opens_on": "2026-03-05",
        "agenda": ["Hotline", "Template"],
        "place": "Manila",
    }
    mid = api.ok(api.post("/v1/decisions/meetings", "SEC", {"payload": meeting}), 201)["id"]
    japan = sign_in(api.client, api.keys["JPN"] or "")
    form = api.client.get("/decisions/proposals/new", headers=japan)
    body = {
        "csrf": csrf_of(form),
        "body": "council",
        "title": "Adopt the template",
        "rule": "",
        "parties": "",
        "meeting_id": str(mid),
        "t0-member": "PRK",
        "t0-what": "Adopt it",
        "t0-due": "2026-09-30",
    }
    review = api.client.post("/decisions/proposals/new/review", data=body, headers=japan)
    assert review.status_code == 422
    assert "PRK is not a member of the council" in review.text
    assert api.ok(api.get("/v1/decisions/proposals", "SEC")) == []
    body["t0-member"] = "JPN"
    review = api.client.post("/decisions/proposals/new/review", data=body, headers=japan)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/decisions/proposals/new/sign",
        data=body | {"confirm": confirm},
        headers=japan,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    pid = int(signed.headers["location"].rsplit("/", 1)[1])
    made = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "SEC"))
    assert (made["status"], made["meeting_id"], made["tasks"][0]["member"]) == (
        "tabled",
        mid,
        "JPN",
    )
    page = api.client.get(f"/decisions/meetings/{mid}", headers=japan)
    assert "<li>Hotline</li><li>Template</li>" in page.text
    assert "Adopt the template" in page.text
    assert "chaired by PHL" in page.text
    exported = api.client.get("/decisions/meetings.csv", headers=japan)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["id"], r["agenda"], r["proposals"]) for r in rows] == [
        (str(mid), "Hotline | Template", str(pid))
    ]


def test_a_member_reports_its_task_through_the_form(api: Api) -> None:
    task = {"member": "USA", "what": "Adopt the template", "due": "2026-06-30"}
    pid = tabled(api, tasks=[task])
    for who in (*VOTERS, "RUS"):
        vote(api, pid, who)
    api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    usa = sign_in(api.client, api.keys["USA"] or "")
    form = api.client.get(f"/decisions/task-done?proposal_id={pid}&task=1", headers=usa)
    assert form.status_code == 200
    body = {"csrf": csrf_of(form), "proposal_id": str(pid), "task": "1", "done_on": "2026-03-01"}
    review = api.client.post("/decisions/task-done/review", data=body, headers=usa)
    assert review.status_code == 200, review.text
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/decisions/task-done/sign",
        data=body | {"confirm": confirm},
        headers=usa,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    register = api.ok(api.get("/v1/decisions/register", "USA"))
    assert register[0]["tasks"][0]["status"] == "done"
    page = api.client.get("/decisions/register", headers=usa)
    assert "carried out 1 March 2026, reported 1 March 2026" in page.text


def test_a_decision_has_the_same_number_on_every_page(api: Api) -> None:
    """Regression: a proposal's page numbered its decision from the records it folded (its
    own), so the second decision of a year showed as the first there, unlike the register."""
    pids = [tabled(api, f"Decision {n}") for n in (1, 2)]
    for pid in pids:
        for who in (*VOTERS, "RUS"):
            vote(api, pid, who)
        api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    register = {
        d["proposal_id"]: d["decision"] for d in api.ok(api.get("/v1/decisions/register", "SEC"))
    }
    sec = sign_in(api.client, api.keys["SEC"] or "")
    for pid in pids:
        one = api.ok(api.get(f"/v1/decisions/proposals/{pid}", "SEC"))
        page = api.client.get(f"/decisions/proposals/{pid}", headers=sec)
        shown = re.search(r'data-testid="decision-number">decision ([^<]+)<', page.text)
        assert shown is not None
        assert shown.group(1) == one["decision"] == register[pid] == f"COUNCIL-2026-{pid}"


def test_the_decision_pages_speak_chinese_to_a_reader_who_asks_for_it(api: Api) -> None:
    task = {"member": "USA", "what": "Adopt the template", "due": "2026-03-10"}
    pid = tabled(api, tasks=[task])
    for who in VOTERS:
        vote(api, pid, who)
    vote(api, pid, "RUS", "abstain")
    api.ok(api.post(f"/v1/decisions/proposals/{pid}/close", "SEC"), 201)
    usa = sign_in(api.client, api.keys["USA"] or "")
    zh = api.client.get("/decisions/proposals", headers=usa | ZH)
    assert zh.status_code == 200
    heads, columns = headings_and_headers(zh.text, "proposals")
    assert heads == ["提案与表决"]
    assert columns == ["提案", "机构", "规则", "状态", "赞成", "反对", "弃权", "出席"]
    assert "1 项提案" in zh.text
    assert ">已通过</span>" in zh.text
    assert "协商一致" in zh.text

    cookie = {"Cookie": usa["Cookie"] + "; cosec_lang=zh"}  # the reader's choice
    page = api.client.get(f"/decisions/proposals/{pid}", headers=cookie)
    signed = api.client.get(f"/records/{pid}", headers=cookie).text  # fields' labels
    assert ">任务" in signed
    assert ">Tasks" not in signed
    heads, columns = headings_and_headers(page.text, "votes")
    assert heads[1:] == ["结果", "投票情况", "执行任务"]
    assert columns == ["成员", "投票", "投票代表", "时间", "记录"]
    assert "赞成 <strong>9</strong>，反对 <strong>0</strong>，弃权 <strong>1</strong>" in page.text
    assert not english_in(headings_and_headers(page.text, "tasks")[1])
    bodies = api.client.get("/decisions", headers=cookie)
    heads, columns = headings_and_headers(bodies.text, "bodies")
    assert heads == ["机构与决定", "轮值主席"]
    assert columns == ["机构", "类型", "成员", "法定人数", "规则", "2026年主席", "决定"]
    assert "部长理事会" in bodies.text
    for path, table, heading in (
        ("/decisions/meetings", "meetings", "会议"),
        ("/decisions/register", "register", "有约束力决定登记册"),
    ):
        shown = api.client.get(path, headers=cookie)
        heads, columns = headings_and_headers(shown.text, table)
        assert heads == [heading]
        assert not english_in(columns)

    en = api.client.get("/decisions/proposals", headers=usa)
    heads, columns = headings_and_headers(en.text, "proposals")
    assert heads == ["Proposals and votes"]
    assert columns == ["Proposal", "Body", "Rule", "Status", "Yes", "No", "Abstain", "Present"]

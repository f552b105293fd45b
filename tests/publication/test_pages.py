"""The pages: the public's honest scorecards, sorted and exported lists, the report page."""

from __future__ import annotations

import csv
import io

from tests.api.support import Api


def test_public_scorecards_page_says_no_published_data(api: Api) -> None:
    api.notify("CHN", start=5)
    page = api.get("/scorecards").text
    assert "no published data" in page
    assert "China" in page
    assert "obligations kept" not in api.get("/scorecards/CHN").text
    assert "No published data" in api.get("/scorecards/CHN").text
    sec = api.get("/scorecards/CHN", "SEC").text
    assert "breached" in sec
    assert "obligations kept" in sec


def test_scorecards_sort_filter_and_csv(api: Api) -> None:
    api.notify("CHN", start=5)
    page = api.get("/scorecards", "SEC", sort="member", order="desc").text
    rows = [line for line in page.splitlines() if "data-member=" in line]
    assert rows[0] == '<tr data-member="VNM">'
    assert rows[-1] == '<tr data-member="AUS">'
    only = api.get("/scorecards", "SEC", q="phil").text
    assert [line for line in only.splitlines() if "data-member=" in line] == [
        '<tr data-member="PHL">'
    ]
    r = api.get("/scorecards.csv", "SEC", q="CHN")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["member"] for row in rows} == {"CHN"}
    assert rows[0]["name"] == "China"
    late = next(row for row in rows if row["obligation"] == "notification.lead_time")
    assert late["status"] == "breached"
    public = list(csv.DictReader(io.StringIO(api.get("/scorecards.csv", q="CHN").text)))
    assert {row["status"] for row in public} == {"unpublished"}
    assert api.get("/scorecards", "SEC", sort="shoe size").status_code == 422


def test_findings_list_sorts_pages_and_exports(api: Api) -> None:
    for n in range(3):
        api.notify("CHN", start=5 + n, designation=f"Drill {n}")
    found = api.findings("SEC")
    ids = sorted(f["id"] for f in found)
    page = api.get("/findings", "SEC", sort="id", order="desc").text
    assert page.index(f'/findings/{ids[-1]}"') < page.index(f'/findings/{ids[0]}"')
    assert f"{len(found)} findings" in page
    assert '<span class="muted">China</span>' in page  # the name beside the code
    rows = list(csv.DictReader(io.StringIO(api.get("/findings.csv", "SEC", sort="id").text)))
    assert [int(r["id"]) for r in rows] == ids
    assert "China" in rows[0]["names"]
    assert api.get("/findings", "SEC", page=2).status_code == 200
    assert api.get("/findings", "SEC", sort="colour").status_code == 422


def test_report_page_and_pdf(api: Api) -> None:
    api.notify("CHN", start=5)
    public = api.get("/reports/annual", year="2026")
    assert public.status_code == 200
    assert "published no report for 2026" in public.text
    assert api.get("/reports/annual.pdf", year="2026").status_code == 404
    sec = api.get("/reports/annual", "SEC", year="2026").text
    assert "Annual implementation report 2026" in sec
    assert sec.count("<svg") >= 6
    pdf = api.get("/reports/annual.pdf", "SEC", year="2026")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    api.ok(api.post("/v1/publications", "SEC", {"scope": "report", "year": 2026}), 201)
    after = api.get("/reports/annual", year="2026").text
    assert "published by the secretariat on" in after
    listed = api.get("/publications").text
    assert "the annual report 2026" in listed
    assert api.get("/reports/annual", year="12").status_code == 422

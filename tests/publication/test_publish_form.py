"""The secretariat's web form that publishes findings: reviewed, signed, and public at once;
a member may not open it; a bad id is shown at its input and nothing is written."""

from __future__ import annotations

import re

from tests.api.support import Api, csrf_of, sign_in


def _two_findings(api: Api) -> list[int]:
    for n in range(2):
        api.notify("CHN", start=5 + n, designation=f"Drill {n}")
    ids = sorted(f["id"] for f in api.findings("SEC"))
    assert len(ids) >= 2
    return ids[:2]


def test_the_secretariat_publishes_two_findings_and_the_public_reads_them(api: Api) -> None:
    ids = _two_findings(api)
    assert api.findings("PUBLIC") == []
    headers = sign_in(api.client, api.keys["SEC"] or "")
    listed = api.client.get("/publications", headers=headers)
    assert 'href="/publications/new"' in listed.text
    page = api.client.get("/publications/new", headers=headers)
    assert page.status_code == 200
    assert "readable by anyone, permanently" in page.text
    body = {"csrf": csrf_of(page), "findings": f"{ids[0]}, {ids[1]}", "note": "For the council"}
    review = api.client.post("/publications/new/review", data=body, headers=headers)
    assert review.status_code == 200, review.text
    assert "For the council" in review.text
    assert api.findings("PUBLIC") == []  # reviewed, not yet signed
    confirm = re.findall(r'name="confirm" value="([^"]+)"', review.text)
    signed = api.client.post(
        "/publications/new/sign",
        data=body | {"confirm": confirm},
        headers=headers,
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == "/publications"
    # Public as soon as it is signed, before any page is read.
    assert sorted(f["id"] for f in api.findings("PUBLIC")) == ids
    (release,) = api.ok(api.get("/v1/publications"))
    assert release["findings"] == ids
    assert release["note"] == "For the council"
    assert f'href="/findings/{ids[0]}"' in api.get("/publications").text


def test_only_the_secretariat_is_offered_and_opens_the_form(api: Api) -> None:
    assert 'href="/publications/new"' not in api.get("/publications").text
    public = api.client.get("/publications/new", follow_redirects=False)
    assert public.status_code == 303
    assert public.headers["location"].startswith("/login")
    headers = sign_in(api.client, api.keys["CHN"] or "")
    assert 'href="/publications/new"' not in api.client.get("/publications", headers=headers).text
    assert api.client.get("/publications/new", headers=headers).status_code == 403


def test_a_bad_id_is_shown_at_its_input_and_nothing_is_written(api: Api) -> None:
    ids = _two_findings(api)
    before = api.state()
    headers = sign_in(api.client, api.keys["SEC"] or "")
    page = api.client.get("/publications/new", headers=headers)
    body = {"csrf": csrf_of(page), "findings": f"{ids[0]} 12x"}
    review = api.client.post("/publications/new/review", data=body, headers=headers)
    assert review.status_code == 422
    assert "Finding ids: “12x” is not the id of a finding" in review.text
    signed = api.client.post(
        "/publications/new/sign", data=body, headers=headers, follow_redirects=False
    )
    assert signed.status_code == 422
    assert "“12x” is not the id of a finding" in signed.text
    unknown = body | {"findings": f"{ids[0]} 999999"}
    review = api.client.post("/publications/new/review", data=unknown, headers=headers)
    assert review.status_code == 422
    assert "Finding ids: there is no finding 999999" in review.text
    empty = api.client.post(
        "/publications/new/review", data=body | {"findings": " , "}, headers=headers
    )
    assert empty.status_code == 422
    assert "Finding ids: name at least one finding to publish" in empty.text
    assert api.state() == before
    assert api.ok(api.get("/v1/publications")) == []
    assert api.findings("PUBLIC") == []

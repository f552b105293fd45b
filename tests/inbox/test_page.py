"""The /inbox page, its count in the navigation, and its alert and feed forms."""

from __future__ import annotations

import re

from tests.api.support import Api, csrf_of, sign_in


def _request(api: Api) -> int:
    body = {"payload": {"respondent": "USA", "concern": "Carrier drills"}}
    return int(api.ok(api.post("/v1/explanation-requests", "CHN", body), 201)["id"])


def test_the_public_is_sent_to_sign_in(api: Api) -> None:
    r = api.client.get("/inbox", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/inbox"
    assert 'data-testid="inbox-link"' not in api.client.get("/").text


def test_the_inbox_lists_what_is_due_and_the_bar_counts_it(api: Api) -> None:
    rid = _request(api)
    usa = sign_in(api.client, str(api.keys["USA"]))
    page = api.client.get("/inbox", headers=usa)
    assert page.status_code == 200
    rows = re.findall(r'data-testid="inbox-item" data-key="([^"]+)"', page.text)
    assert f"notification:reply:{rid}" in rows
    assert f'href="/records/{rid}"' in page.text
    assert "in 2 days" in page.text
    count = api.ok(api.get("/v1/inbox", "USA"))["count"]
    assert count == len(rows)
    home = api.client.get("/", headers=usa).text
    assert re.search(rf'data-testid="inbox-count">{count}<', home)

    replies = api.client.get("/inbox?kind=reply", headers=usa).text
    assert re.findall(r'data-key="([^"]+)"', replies) == [f"notification:reply:{rid}"]
    assert api.client.get("/inbox?within=5", headers=usa).status_code == 422


def test_alerts_are_saved_from_the_page_with_its_token(api: Api) -> None:
    chn = sign_in(api.client, str(api.keys["CHN"]))
    page = api.client.get("/inbox", headers=chn)
    assert 'data-testid="alerts-language"' in page.text
    form = {"email": "poc@mfa.example.cn", "deadlines": "on", "language": "zh"}
    assert api.client.post("/inbox/alerts", headers=chn, data=form).status_code == 403
    bad = api.client.post(
        "/inbox/alerts", headers=chn, data=form | {"email": "nope", "csrf": csrf_of(page)}
    )
    assert bad.status_code == 422
    assert "<code>email</code>" in bad.text
    ok = api.client.post(
        "/inbox/alerts", headers=chn, data=form | {"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert ok.status_code == 303
    saved = api.ok(api.get("/v1/inbox/alerts", "CHN"))
    assert (saved["email"], saved["findings"], saved["deadlines"], saved["flash"]) == (
        "poc@mfa.example.cn",
        False,
        True,
        False,
    )
    assert saved["language"] == "zh"
    again = api.client.get("/inbox", headers=chn)
    assert '<option value="zh" lang="zh" selected>' in again.text


def test_a_feed_link_is_made_from_the_page_and_shown_once(api: Api) -> None:
    jpn = sign_in(api.client, str(api.keys["JPN"]))
    page = api.client.get("/inbox", headers=jpn)
    made = api.client.post("/inbox/feed-token", headers=jpn, data={"csrf": csrf_of(page)})
    assert made.status_code == 200
    assert made.headers["cache-control"] == "no-store"
    url = re.search(r'data-testid="feed-url">[^<]*<code>([^<]+)</code>', made.text)
    assert url is not None
    path = url.group(1).replace("&amp;", "&").split("8000", 1)[1]
    assert api.client.get(path).status_code == 200
    again = api.client.get("/inbox", headers=jpn).text
    assert path.split("token=")[1] not in again  # shown once
    closed = api.client.post(
        "/inbox/feed-token/revoke",
        headers=jpn,
        data={"csrf": csrf_of(page)},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert api.client.get(path).status_code == 404

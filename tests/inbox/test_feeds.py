"""Atom feeds: public findings for anyone, each user's own with a token; valid Atom 1.0."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import feedparser

from cosec.inbox.feeds import ATOM
from tests.api.support import Api, activity

NS = {"a": ATOM}


def _essentials(body: bytes) -> ET.Element:
    """RFC 4287's musts, checked on the XML: the feed's and each entry's id, title, updated
    (RFC 3339), an author, an alternate link; ids are tag: URIs."""
    root = ET.fromstring(body)
    assert root.tag == f"{{{ATOM}}}feed"
    for el in (root, *root.findall("a:entry", NS)):
        for name in ("id", "title", "updated"):
            assert len(el.findall(f"a:{name}", NS)) == 1, name
        datetime.fromisoformat(el.findtext("a:updated", namespaces=NS) or "")
        assert (el.findtext("a:id", namespaces=NS) or "").startswith("tag:")
        assert el.find("a:link[@rel='alternate']", NS) is not None
    assert root.find("a:author/a:name", NS) is not None
    assert root.find("a:link[@rel='self']", NS) is not None
    return root


def _public_and_restricted(api: Api) -> None:
    """A public late notification by CHN, and a late one CHN addresses to its parties."""
    public = activity("Open Shield", start=10)
    api.notify("CHN", body={"payload": public, "audience": "public"})
    quiet = activity("Quiet Harbour", start=11)
    api.notify("CHN", body={"payload": quiet, "audience": "parties", "parties": ["USA"]})


def test_the_public_feed_lists_public_findings_in_valid_atom(api: Api) -> None:
    _public_and_restricted(api)
    r = api.get("/feed.atom")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(r.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert any("Open Shield" in t for t in titles)
    assert not any("Quiet Harbour" in t for t in titles)  # not public
    root = _essentials(r.content)
    for entry in parsed.entries:
        assert entry.link.startswith("http://127.0.0.1:8000/findings/")
        assert entry.id.startswith("tag:127.0.0.1,2025-11-01:finding/")
    assert root.findtext("a:id", namespaces=NS) == "tag:127.0.0.1,2025-11-01:feed/public"


def test_entry_ids_stay_while_findings_change(api: Api) -> None:
    api.notify("CHN", body={"payload": activity("Open Shield", start=10), "audience": "public"})
    first = {e.id: e.updated for e in feedparser.parse(api.get("/feed.atom").content).entries}
    api.world.clock.set(api.world.clock.now() + timedelta(days=1))
    api.notify("CHN", body={"payload": activity("Second", start=12), "audience": "public"})
    second = {e.id: e.updated for e in feedparser.parse(api.get("/feed.atom").content).entries}
    assert set(first) < set(second)  # the same ids, and the new finding's
    assert all(second[i] == first[i] for i in first)  # unchanged findings keep their time


def test_a_users_feed_holds_what_they_may_read_with_their_token_only(api: Api) -> None:
    _public_and_restricted(api)
    chn = api.ok(api.post("/v1/inbox/feed-token", "CHN"), 201)
    jpn = api.ok(api.post("/v1/inbox/feed-token", "JPN"), 201)
    path_of = {who: t["url"].split("8000", 1)[1] for who, t in (("CHN", chn), ("JPN", jpn))}

    r = api.client.get(path_of["CHN"])
    assert r.status_code == 200
    assert "no-store" in r.headers["cache-control"]
    parsed = feedparser.parse(r.content)
    assert parsed.bozo == 0
    titles = [e.title for e in parsed.entries]
    assert any("Quiet Harbour" in t for t in titles)  # CHN's own restricted finding
    _essentials(r.content)
    jpn_titles = [e.title for e in feedparser.parse(api.client.get(path_of["JPN"]).content).entries]
    assert not any("Quiet Harbour" in t for t in jpn_titles)

    wrong = path_of["CHN"].replace(chn["token"], jpn["token"])
    assert api.client.get(wrong).status_code == 404  # JPN's token does not open CHN's feed
    assert api.client.get("/users/poc-chn/feed.atom").status_code == 404
    assert api.client.get("/users/nobody/feed.atom?token=x").status_code == 404

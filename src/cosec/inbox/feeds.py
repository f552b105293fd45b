"""Atom 1.0 feeds (RFC 4287) of findings: the public's, and each user's own.

- ``/feed.atom``: the findings anyone may read;
- ``/users/NAME/feed.atom?token=...``: the findings that user may read (their member's
  restricted ones too), opened by the user's feed token (:mod:`cosec.inbox.tokens`).

Entries are the latest :data:`LIMIT` findings by last change. Each has a stable id, a
``tag:`` URI (RFC 4151) on the public URL's host and the day the deployment's first charter
took effect (``tag:cosec.example.org,2025-11-01:finding/12``), so a feed reader knows an
entry again when the finding changes, even if the feed moves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # builds XML only; nothing here parses input
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.principals import Principal
from cosec.store.tables import FindingMemberRow, FindingRow
from cosec.store.visibility import findings_visible

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
LIMIT = 100


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed."""

    id: str
    title: str
    updated: datetime
    published: datetime
    link: str
    """The page it is about (absolute)."""
    summary: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed's own elements and its entries (newest first)."""

    id: str
    title: str
    self_link: str
    link: str
    """The page the feed follows (absolute)."""
    updated: datetime
    entries: tuple[Entry, ...]


def tag(public_url: str, since: date, specific: str) -> str:
    """A ``tag:`` URI for ``specific`` (``finding/12``) on the public URL's host."""
    host = (urlsplit(public_url).hostname or "cosec.local").lower()
    return f"tag:{host},{since.isoformat()}:{specific}"


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def render(feed: Feed) -> bytes:
    """The feed as Atom 1.0 XML."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM}}}feed")
    sub(root, "id", feed.id)
    sub(root, "title", feed.title)
    sub(root, "updated", _stamp(feed.updated))
    sub(root, "link", rel="self", type=MEDIA_TYPE, href=feed.self_link)
    sub(root, "link", rel="alternate", type="text/html", href=feed.link)
    author = sub(root, "author")
    sub(author, "name", "cosec")
    sub(root, "generator", "cosec")
    for e in feed.entries:
        entry = sub(root, "entry")
        sub(entry, "id", e.id)
        sub(entry, "title", e.title)
        sub(entry, "updated", _stamp(e.updated))
        sub(entry, "published", _stamp(e.published))
        sub(entry, "link", rel="alternate", type="text/html", href=e.link)
        for term in e.categories:
            sub(entry, "category", term=term)
        sub(entry, "summary", e.summary)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _updated(row: FindingRow) -> datetime:
    return row.resolved_at if row.resolved_at is not None else row.last_seen


def finding_entries(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    public_url: str,
    limit: int = LIMIT,
) -> tuple[Entry, ...]:
    """The latest findings ``principal`` may read, by last change, as feed entries."""
    changed = func.coalesce(FindingRow.resolved_at, FindingRow.last_seen)
    rows = list(
        session.scalars(
            select(FindingRow)
            .where(findings_visible(principal, deployment.current))
            .order_by(changed.desc(), FindingRow.id.desc())
            .limit(limit)
        )
    )
    members: dict[int, list[str]] = defaultdict(list)
    if rows:
        for fid, m in session.execute(
            select(FindingMemberRow.finding_id, FindingMemberRow.member)
            .where(FindingMemberRow.finding_id.in_([r.id for r in rows]))
            .order_by(FindingMemberRow.member)
        ):
            members[fid].append(m)
    base = public_url.rstrip("/")
    since = deployment.versions[0].effective_from
    charter = deployment.current
    out = []
    for row in rows:
        names = ", ".join(charter.member_name(m) for m in members[row.id])
        summary = " ".join(row.summary.split())
        out.append(
            Entry(
                id=tag(base, since, f"finding/{row.id}"),
                title=f"{summary[:120]}{'…' if len(summary) > 120 else ''}",
                updated=_updated(row),
                published=row.first_seen,
                link=f"{base}/findings/{row.id}",
                summary=(
                    f"{summary} ({row.severity} severity, {row.state}; "
                    f"{row.obligation}; concerns {names or 'no member'})"
                ),
                categories=(row.severity, row.state, row.obligation),
            )
        )
    return tuple(sorted(out, key=lambda e: e.updated, reverse=True))


def findings_feed(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    public_url: str,
    self_path: str,
    now: datetime,
    title: str,
    specific: str,
) -> Feed:
    """A feed of the findings ``principal`` may read; ``self_path`` is the feed's own path
    (with its query), ``specific`` the last part of its tag id."""
    base = public_url.rstrip("/")
    entries = finding_entries(
        session, deployment=deployment, principal=principal, public_url=public_url
    )
    return Feed(
        id=tag(base, deployment.versions[0].effective_from, specific),
        title=title,
        self_link=base + self_path,
        link=f"{base}/findings",
        updated=max((e.updated for e in entries), default=now),
        entries=entries,
    )

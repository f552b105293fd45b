"""Per-user feed tokens: a feed reader cannot send headers, so a user's feed URL carries a
token of its own. It reads that feed and nothing else; the store keeps only its SHA-256.

One token per user: a new one replaces the old (which stops working at once); revoking
it, disabling the user or revoking every API key of the user closes the feed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import quote

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from cosec.access import service as users
from cosec.clock import Clock
from cosec.errors import InvalidInput, NotFound
from cosec.inbox.tables import FeedTokenRow
from cosec.principals import Principal, Role
from cosec.store.tables import ApiKeyRow, PrincipalRow

PREFIX = "cosecfeed_"


def feed_url(public_url: str, name: str, token: str) -> str:
    """A user's feed URL with its token."""
    return f"{public_url.rstrip('/')}/users/{quote(name, safe='')}/feed.atom?token={token}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, *, principal: Principal, clock: Clock) -> str:
    """A new feed token for ``principal`` (replacing any other); shown once."""
    if principal.id is None or principal.role is Role.PUBLIC:
        raise InvalidInput.field("user", "only a user with an API key has a feed of their own")
    token = PREFIX + secrets.token_urlsafe(32)
    session.execute(delete(FeedTokenRow).where(FeedTokenRow.principal_id == principal.id))
    session.add(
        FeedTokenRow(principal_id=principal.id, token_sha256=_hash(token), created_at=clock.now())
    )
    session.flush()
    return token


def revoke(session: Session, *, principal_id: int) -> bool:
    """Close a user's feed; whether it had one."""
    result = session.execute(delete(FeedTokenRow).where(FeedTokenRow.principal_id == principal_id))
    return bool(getattr(result, "rowcount", 0))


def has_token(session: Session, *, principal_id: int) -> bool:
    """Whether the user's feed is open."""
    return session.get(FeedTokenRow, principal_id) is not None


def reader(session: Session, *, name: str, token: str) -> Principal:
    """The user whose feed ``token`` opens; :class:`NotFound` for a wrong name or token
    (the same answer for both: a URL tells nothing about who exists)."""
    row = session.scalar(select(PrincipalRow).where(PrincipalRow.name == name))
    found = session.get(FeedTokenRow, row.id) if row is not None else None
    live_key = exists().where(
        ApiKeyRow.principal_id == PrincipalRow.id, ApiKeyRow.revoked_at.is_(None)
    )
    if (
        row is None
        or found is None
        or not token
        or not hmac.compare_digest(found.token_sha256, _hash(token))
        or row.disabled
        or not session.scalar(select(live_key.where(PrincipalRow.id == row.id)))
    ):
        raise NotFound("no such feed (the link may have been replaced or revoked)")
    return users.get(session, name=name)

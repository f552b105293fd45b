"""Web sessions held by the server: a browser that signed in with an API key holds only a
random session id in its cookie, never the key.

The store keeps the id's SHA-256 (a stolen copy of the table opens no session), the
principal, the key it signed in with, when it began and ends, and the token every form
of the session must send back (CSRF). A session ends when it expires, when its browser
signs out, or when its key is revoked (:func:`cosec.access.service.revoke` deletes it; a
session whose key or user was revoked or disabled elsewhere is refused all the same).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cosec.access import service as users
from cosec.access.tables import PersonRow
from cosec.principals import Duty, Principal, Role
from cosec.store.tables import ApiKeyRow, PrincipalRow, WebSessionRow

MAX_SESSIONS_PER_KEY = 10
"""A key's older sessions end when it signs in an eleventh browser."""


@dataclass(frozen=True, slots=True)
class WebSession:
    """A live session: who it is, the token its forms carry, when it ends."""

    principal: Principal
    csrf_token: str
    expires_at: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(
    session: Session, *, key: str, now: datetime, lifetime: timedelta
) -> tuple[str, WebSession]:
    """Sign in with ``key`` (:class:`Unauthenticated` if it is not a live key); return the
    new session's id, to give the browser once, and the session."""
    principal, key_id = users.authenticate_key(session, key=key)
    return start_for(session, principal=principal, key_id=key_id, now=now, lifetime=lifetime)


def start_for(
    session: Session, *, principal: Principal, key_id: int, now: datetime, lifetime: timedelta
) -> tuple[str, WebSession]:
    """Start a session for a principal whose key (``key_id``) was checked already (and,
    for a person with a second factor, its code)."""
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
    older = session.scalars(
        select(WebSessionRow.id_sha256)
        .where(WebSessionRow.api_key_id == key_id)
        .order_by(WebSessionRow.created_at.desc())
        .offset(MAX_SESSIONS_PER_KEY - 1)
    ).all()
    if older:
        session.execute(delete(WebSessionRow).where(WebSessionRow.id_sha256.in_(older)))
    session_id = secrets.token_urlsafe(32)
    row = WebSessionRow(
        id_sha256=_hash(session_id),
        principal_id=principal.id,
        api_key_id=key_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return session_id, WebSession(principal, row.csrf_token, row.expires_at)


def resume(session: Session, *, session_id: str, now: datetime) -> WebSession | None:
    """The live session with that id, or none (unknown, expired, or its key revoked)."""
    if not session_id or len(session_id) > 200:
        return None
    found = session.execute(
        select(WebSessionRow, PrincipalRow, PersonRow.duty)
        .join(PrincipalRow, PrincipalRow.id == WebSessionRow.principal_id)
        .join(ApiKeyRow, ApiKeyRow.id == WebSessionRow.api_key_id)
        .outerjoin(PersonRow, PersonRow.principal_id == PrincipalRow.id)
        .where(
            WebSessionRow.id_sha256 == _hash(session_id),
            WebSessionRow.expires_at > now,
            ApiKeyRow.revoked_at.is_(None),
            PrincipalRow.disabled.is_(False),
        )
    ).first()
    if found is None:
        return None
    row, who, duty = found
    principal = Principal(
        id=who.id,
        name=who.name,
        role=Role(who.role),
        member=who.member,
        duty=Duty(duty) if duty else None,
    )
    return WebSession(principal, row.csrf_token, row.expires_at)


def end(session: Session, *, session_id: str) -> None:
    """Sign a browser out: its session is deleted."""
    session.execute(delete(WebSessionRow).where(WebSessionRow.id_sha256 == _hash(session_id)))

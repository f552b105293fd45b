"""Users and API keys: add, list, revoke, authenticate.

A key reads ``cosec_<prefix>_<secret>``. The prefix finds the key; only the SHA-256 of the
secret is stored (the secret is 256 random bits, so a fast hash is enough: there is
nothing to brute-force). A key is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cosec.access.tables import PersonRow
from cosec.charter.models import Charter
from cosec.clock import Clock
from cosec.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from cosec.principals import Duty, Principal, Role
from cosec.store.tables import ApiKeyRow, PrincipalRow, WebSessionRow

KEY_PREFIX = "cosec"


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A principal with its keys, for listings."""

    principal: Principal
    created_at: datetime
    keys: tuple[tuple[str, datetime, datetime | None], ...]
    """``(prefix, created_at, revoked_at)`` of each key."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _principal(row: PrincipalRow, duty: str | None = None) -> Principal:
    return Principal(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        member=row.member,
        duty=Duty(duty) if duty else None,
    )


def duty_of(session: Session, principal_id: int) -> str | None:
    """A principal's duty, if it is a person."""
    return session.scalar(select(PersonRow.duty).where(PersonRow.principal_id == principal_id))


def add(
    session: Session,
    *,
    name: str,
    role: Role,
    member: str | None,
    charter: Charter,
    clock: Clock,
    label: str = "",
    duty: Duty | None = None,
) -> tuple[Principal, str]:
    """Create a principal and its first API key; return the key in clear, once.

    With a ``duty`` the principal is a person (a drafter, approver or reader of its
    member, or of the secretariat); without, a machine whose key signs directly."""
    if not name.strip():
        raise InvalidInput.field("name", "must not be empty")
    if role is Role.PUBLIC:
        raise InvalidInput.field("role", "public is anonymous; it has no users")
    if role is Role.MEMBER:
        if member is None:
            raise InvalidInput.field("member", "is required for role member")
        if not charter.is_member(member):
            raise InvalidInput.field("member", f"{member} is not a member of {charter.id}")
    elif member is not None:
        raise InvalidInput.field("member", f"only role member names a member, not {role.value}")
    if duty is not None and role not in (Role.MEMBER, Role.SECRETARIAT):
        raise InvalidInput.field("duty", "only a member's or the secretariat's users have a duty")
    if session.scalar(select(PrincipalRow.id).where(PrincipalRow.name == name)) is not None:
        raise Conflict(f"name: a user named {name!r} already exists")
    row = PrincipalRow(name=name, role=role.value, member=member, created_at=clock.now())
    session.add(row)
    session.flush()
    if duty is not None:
        session.add(PersonRow(principal_id=row.id, duty=duty.value, totp_confirmed=False))
        session.flush()
    key = new_key(session, principal_id=row.id, clock=clock, label=label)
    return _principal(row, duty.value if duty else None), key


def new_key(session: Session, *, principal_id: int, clock: Clock, label: str = "") -> str:
    """Issue another API key for a principal; return it in clear, once."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    session.add(
        ApiKeyRow(
            principal_id=principal_id,
            prefix=prefix,
            secret_sha256=_hash(secret),
            label=label,
            created_at=clock.now(),
        )
    )
    session.flush()
    return f"{KEY_PREFIX}_{prefix}_{secret}"


def get(session: Session, *, name: str) -> Principal:
    """A principal by name."""
    row = session.scalar(select(PrincipalRow).where(PrincipalRow.name == name))
    if row is None:
        raise NotFound(f"no user named {name!r}")
    return _principal(row, duty_of(session, row.id))


def get_by_id(session: Session, *, principal_id: int) -> Principal | None:
    """A principal by id, unless disabled."""
    row = session.get(PrincipalRow, principal_id)
    if row is None or row.disabled:
        return None
    return _principal(row, duty_of(session, row.id))


def list_users(session: Session) -> list[UserInfo]:
    """Every principal with its keys (prefixes only)."""
    rows = session.scalars(select(PrincipalRow).order_by(PrincipalRow.id)).all()
    keys = session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id)).all()
    duties = {
        pid: duty for pid, duty in session.execute(select(PersonRow.principal_id, PersonRow.duty))
    }
    out = []
    for row in rows:
        mine = tuple(
            (k.prefix, k.created_at, k.revoked_at) for k in keys if k.principal_id == row.id
        )
        who = _principal(row, duties.get(row.id))
        out.append(UserInfo(principal=who, created_at=row.created_at, keys=mine))
    return out


def revoke(session: Session, *, ref: str, clock: Clock) -> int:
    """Revoke a key (by prefix) or every key of a user (by name), ending the web sessions
    signed in with them; return how many keys."""
    keys = session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == ref)).all()
    if not keys:
        principal = get(session, name=ref)
        keys = session.scalars(
            select(ApiKeyRow).where(ApiKeyRow.principal_id == principal.id)
        ).all()
    live = [k for k in keys if k.revoked_at is None]
    for k in live:
        k.revoked_at = clock.now()
    if live:  # and every web session signed in with them ends now
        ended = [k.id for k in live]
        session.execute(delete(WebSessionRow).where(WebSessionRow.api_key_id.in_(ended)))
    return len(live)


def authenticate(session: Session, *, key: str) -> Principal:
    """The principal holding ``key``; :class:`Unauthenticated` if unknown or revoked."""
    return authenticate_key(session, key=key)[0]


def authenticate_key(session: Session, *, key: str) -> tuple[Principal, int]:
    """The principal holding ``key`` and the key's id; :class:`Unauthenticated` if unknown
    or revoked."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise Unauthenticated("malformed API key")
    _, prefix, secret = parts
    found = session.execute(
        select(ApiKeyRow, PrincipalRow, PersonRow.duty)
        .join(PrincipalRow, PrincipalRow.id == ApiKeyRow.principal_id)
        .outerjoin(PersonRow, PersonRow.principal_id == PrincipalRow.id)
        .where(ApiKeyRow.prefix == prefix)
    ).first()
    if found is None or not hmac.compare_digest(found[0].secret_sha256, _hash(secret)):
        raise Unauthenticated("unknown API key")
    row, principal, duty = found
    if row.revoked_at is not None:
        raise Unauthenticated("this API key was revoked")
    if principal.disabled:
        raise Unauthenticated("this user is disabled")
    return _principal(principal, duty), row.id

"""People among the principals: their duties and their second factor.

A person is a principal with a duty (:class:`~cosec.principals.Duty`). Enrolling a
second factor (:func:`enrol_totp`) shows its secret once; from then on (once confirmed:
at once when the secretariat enrols someone from the command line, after the first code
when a person enrols in the web) signing in asks for a code (:func:`check_code`), and a
person's key alone no longer opens the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.access import service as users
from cosec.access import totp
from cosec.access.tables import PersonRow
from cosec.errors import InvalidInput, NotFound, Unauthenticated
from cosec.principals import Duty, Principal
from cosec.store.tables import PrincipalRow


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A second factor just enrolled: shown once."""

    secret: str
    uri: str
    """``otpauth://totp/...``: what an authenticator app reads."""


def _person(session: Session, principal_id: int) -> PersonRow:
    row = session.get(PersonRow, principal_id)
    if row is None:
        raise InvalidInput.field(
            "name", "is not a person (a user with a duty): machines sign in with their key alone"
        )
    return row


def set_duty(session: Session, *, name: str, duty: Duty) -> Principal:
    """Give a member's (or the secretariat's) user a duty, making it a person."""
    who = session.scalar(select(PrincipalRow).where(PrincipalRow.name == name))
    if who is None:
        raise NotFound(f"no user named {name!r}")
    if who.role not in ("member", "secretariat"):
        raise InvalidInput.field("duty", "only a member's or the secretariat's users have a duty")
    row = session.get(PersonRow, who.id)
    if row is None:
        session.add(PersonRow(principal_id=who.id, duty=duty.value, totp_confirmed=False))
    else:
        row.duty = duty.value
    session.flush()
    return users.get(session, name=name)


def enrol_totp(
    session: Session,
    *,
    principal: Principal,
    server: totp.ServerSecret,
    now: datetime,
    confirmed: bool,
) -> Enrolment:
    """Make a new second factor for a person (replacing any); return it, shown once.

    ``confirmed``: sign-in asks for codes at once (the secretariat hands the secret over);
    otherwise only after :func:`confirm_totp` (the person proves their app has it)."""
    if principal.id is None:
        raise InvalidInput.field("name", "the public has no second factor")
    row = _person(session, principal.id)
    secret = totp.new_secret()
    row.totp_secret = totp.seal(secret, principal_id=principal.id, server=server)
    row.totp_enrolled_at = now
    row.totp_confirmed = confirmed
    row.totp_last_step = None
    session.flush()
    return Enrolment(secret, totp.provisioning_uri(secret, name=principal.name))


def confirm_totp(
    session: Session, *, principal: Principal, code: str, server: totp.ServerSecret, now: datetime
) -> None:
    """Turn a pending second factor on with a first code from the person's app."""
    if principal.id is None:
        raise InvalidInput.field("code", "the public has no second factor")
    row = _person(session, principal.id)
    if row.totp_secret is None:
        raise InvalidInput.field("code", "enrol a second factor first")
    if not _accept(row, principal.id, code, server, now):
        raise InvalidInput.field("code", "is not the current code of your authenticator app")
    row.totp_confirmed = True
    session.flush()


def needs_code(session: Session, principal_id: int | None) -> bool:
    """Whether signing in as this principal asks for a code."""
    if principal_id is None:
        return False
    row = session.get(PersonRow, principal_id)
    return row is not None and row.totp_confirmed and row.totp_secret is not None


def check_code(
    session: Session, *, principal_id: int, code: str, server: totp.ServerSecret, now: datetime
) -> None:
    """Accept a sign-in's code, or :class:`Unauthenticated` (counted as a failed sign-in)."""
    row = session.get(PersonRow, principal_id)
    if row is None or row.totp_secret is None or not row.totp_confirmed:
        return
    if not code.strip():
        raise Unauthenticated("enter the 6-digit code of your authenticator app")
    if not _accept(row, principal_id, code, server, now):
        raise Unauthenticated("this code is wrong, or was used already; wait for the next one")


def _accept(
    row: PersonRow, principal_id: int, code: str, server: totp.ServerSecret, now: datetime
) -> bool:
    secret = totp.unseal(row.totp_secret or "", principal_id=principal_id, server=server)
    if secret is None:
        return False  # sealed under another server key: the person enrols again
    step = totp.matching_step(secret, code, at=now, after=row.totp_last_step)
    if step is None:
        return False
    row.totp_last_step = step
    return True


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """What a person page says about someone."""

    principal: Principal
    totp: str
    """``on``, ``pending`` (enrolled, no code entered yet) or ``off``."""
    enrolled_at: datetime | None


def info(session: Session, *, principal: Principal) -> PersonInfo:
    """A principal's duty and second factor."""
    row = session.get(PersonRow, principal.id) if principal.id is not None else None
    if row is None or row.totp_secret is None:
        state = "off"
    else:
        state = "on" if row.totp_confirmed else "pending"
    return PersonInfo(principal, state, row.totp_enrolled_at if row is not None else None)

"""A user's e-mail address and the alerts they asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from cosec.alerts.tables import AlertSettingsRow
from cosec.clock import Clock
from cosec.errors import InvalidInput
from cosec.i18n import DEFAULT, LANGUAGES

EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"  # the local part, unquoted
    r"@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+"  # a domain with at least one dot
)
"""An address cosec mails: ``local@domain.tld``, no display name, no spaces."""
MAX_EMAIL = 254


@dataclass(frozen=True, slots=True)
class Preferences:
    """Where a user's alerts go, and which they want."""

    email: str | None = None
    findings: bool = True
    """New findings about their state (every new finding for the secretariat)."""
    deadlines: bool = True
    """Deadlines coming within the alert window."""
    flash: bool = True
    """Actions flagged for alerting at once (FLASH hotline messages)."""
    since: datetime | None = None
    """When they last turned an alert on; nothing older is alerted."""
    language: str = DEFAULT
    """The language their e-mails are written in."""

    @property
    def active(self) -> bool:
        """Whether any alert would be sent."""
        return bool(self.email) and (self.findings or self.deadlines or self.flash)


def get(session: Session, *, principal_id: int) -> Preferences:
    """A user's preferences (none set: no address, every alert on)."""
    row = session.get(AlertSettingsRow, principal_id)
    if row is None:
        return Preferences()
    return Preferences(
        row.email, row.findings, row.deadlines, row.flash, row.since, row.language or DEFAULT
    )


def check_email(email: str | None) -> str | None:
    """An address as stored (blank: none), or :class:`InvalidInput` naming ``email``."""
    if email is None or not email.strip():
        return None
    email = email.strip()
    if len(email) > MAX_EMAIL or not EMAIL.fullmatch(email):
        raise InvalidInput.field(
            "email", f"must be an address like poc@mfa.example (at most {MAX_EMAIL} characters)"
        )
    return email


def check_language(language: str) -> str:
    """A language e-mails are written in, or :class:`InvalidInput` naming ``language``."""
    if language not in LANGUAGES:
        raise InvalidInput.field("language", f"must be one of {', '.join(LANGUAGES)}")
    return language


def update(
    session: Session,
    *,
    principal_id: int,
    clock: Clock,
    email: str | None,
    findings: bool,
    deadlines: bool,
    flash: bool,
    language: str | None = None,
) -> Preferences:
    """Set a user's address and alerts (and the language of their e-mails, left as it is
    when ``None``). Turning an alert on (or a new address) starts from now: what was
    already open is not mailed."""
    address = check_email(email)
    chosen = None if language is None else check_language(language)
    now = clock.now()
    row = session.get(AlertSettingsRow, principal_id)
    if row is None:
        row = AlertSettingsRow(principal_id=principal_id, since=now, language=DEFAULT)
        session.add(row)
    elif (
        address != row.email
        or (findings and not row.findings)
        or (deadlines and not row.deadlines)
        or (flash and not row.flash)
    ):
        row.since = now
    row.email, row.findings, row.deadlines, row.flash = address, findings, deadlines, flash
    if chosen is not None:
        row.language = chosen
    session.flush()
    return get(session, principal_id=principal_id)

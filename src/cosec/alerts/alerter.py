"""Which alerts are due, and sending them once each: claim, send, then record.

A user who gave an address gets one message per inbox item and reason:

- ``finding``: a finding about their state opened after they asked for alerts (every
  new finding for the secretariat);
- ``deadline``: a deadline within the window (48 hours), or one passed since they asked;
- ``flash``: an action its mechanism flags for alerting at once (a FLASH hotline message).

Each alert is *claimed* in the ``alerts_sent`` table (its own committed transaction), then
sent, then marked sent. Two server processes never both send it (the claim is a unique
row, or a conditional update), and a restart never sends one twice once it is marked. If
the process dies between the send and the mark, the claim's lease runs out and the alert
is sent again: **at least once**. We chose a possible duplicate over a lost alert: a
point of contact who misses a 48-hour reply deadline costs more than one who reads a
reminder twice. A send that fails is tried again after the lease, at most
``max_attempts`` times.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from cosec import i18n
from cosec.access import service as users
from cosec.alerts.config import MailConfig
from cosec.alerts.mailer import Mailer
from cosec.alerts.preferences import Preferences
from cosec.alerts.tables import AlertSettingsRow, SentAlertRow
from cosec.clock import Clock
from cosec.deployment import Deployment, load
from cosec.i18n import DEFAULT, N_
from cosec.inbox.service import FINDING, Item, collect, time_left
from cosec.principals import Principal, Role
from cosec.store.db import unit_of_work
from cosec.store.tables import ApiKeyRow, PrincipalRow

_log = logging.getLogger(__name__)

FINDING_REASON, DEADLINE, FLASH = "finding", "deadline", "flash"
REASONS = (FINDING_REASON, DEADLINE, FLASH)
_ITEM_CHARS = 200


@dataclass(frozen=True, slots=True)
class Alert:
    """One message due to one user about one item."""

    principal: Principal
    email: str
    item: Item
    reason: str
    language: str = DEFAULT
    """The language the user reads their e-mails in."""

    @property
    def ident(self) -> str:
        """The item's key as the ``alerts_sent`` table holds it (at most 200 characters)."""
        key = self.item.key
        if len(key) <= _ITEM_CHARS:
            return key
        return key[:150] + "#" + hashlib.sha256(key.encode()).hexdigest()[:40]


@dataclass
class SendReport:
    """What one pass of the alerter did."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0
    """Alerts another process had claimed meanwhile."""


def _subscribers(session: Session) -> list[tuple[Principal, Preferences]]:
    """Users with an address and an alert on, enabled, holding a live key."""
    live_key = exists().where(
        ApiKeyRow.principal_id == PrincipalRow.id, ApiKeyRow.revoked_at.is_(None)
    )
    rows = session.execute(
        select(PrincipalRow, AlertSettingsRow)
        .join(AlertSettingsRow, AlertSettingsRow.principal_id == PrincipalRow.id)
        .where(
            AlertSettingsRow.email.is_not(None),
            PrincipalRow.disabled.is_(False),
            PrincipalRow.role.in_([Role.MEMBER.value, Role.SECRETARIAT.value]),
            live_key,
        )
        .order_by(PrincipalRow.id)
    ).all()
    out = []
    for p, s in rows:
        prefs = Preferences(
            s.email, s.findings, s.deadlines, s.flash, s.since, s.language or DEFAULT
        )
        if prefs.active:
            principal = users.get(session, name=p.name)  # with what the user is (a duty...)
            out.append((principal, prefs))
    return out


def reasons_for(item: Item, prefs: Preferences, now: datetime, window: timedelta) -> list[str]:
    """Why ``item`` is worth a message to a user with ``prefs`` now (none: it is not)."""
    since = prefs.since
    arose_after = since is None or (item.since is not None and item.since > since)
    if item.flash and prefs.flash and (item.since is None or arose_after):
        return [FLASH]
    out = []
    if item.kind == FINDING and prefs.findings and arose_after:
        out.append(FINDING_REASON)
    if (
        prefs.deadlines
        and item.due is not None
        and item.due <= now + window
        and (since is None or item.due >= since)
    ):
        out.append(DEADLINE)
    return out


def pending(
    session: Session, *, deployment: Deployment, now: datetime, config: MailConfig
) -> list[Alert]:
    """The alerts due now that are neither sent, nor claimed by a live sender, nor given up."""
    window = timedelta(hours=config.window_hours)
    lease = timedelta(seconds=config.lease_seconds)
    by_reader: dict[tuple[str, str | None], list[Item]] = {}
    due: list[Alert] = []
    for principal, prefs in _subscribers(session):
        reader = (principal.role.value, principal.member)
        if reader not in by_reader:  # one inbox per member (and one for the secretariat)
            by_reader[reader] = collect(
                session, deployment=deployment, principal=principal, now=now
            )[0]
        assert prefs.email is not None  # _subscribers keeps users with an address
        for item in by_reader[reader]:
            due += [
                Alert(principal, prefs.email, item, reason, prefs.language)
                for reason in reasons_for(item, prefs, now, window)
            ]
    if not due:
        return []
    done: set[tuple[int, str, str]] = set()
    ids = sorted({a.principal.id for a in due if a.principal.id is not None})
    for row in session.scalars(select(SentAlertRow).where(SentAlertRow.principal_id.in_(ids))):
        if (
            row.sent_at is not None
            or row.claimed_at > now - lease
            or row.attempts >= config.max_attempts
        ):
            done.add((row.principal_id, row.item, row.reason))
    return [a for a in due if (a.principal.id, a.ident, a.reason) not in done]


def message(
    alert: Alert, *, config: MailConfig, deployment: Deployment, now: datetime
) -> EmailMessage:
    """The e-mail of one alert, in the user's language: what, for whom, by when, and the
    link to act on it. (What a mechanism wrote, the item's title, stays as written.)"""
    with i18n.speaking(alert.language):
        subject, lines = _text(alert, deployment=deployment, base=config.public_url, now=now)
    msg = EmailMessage()
    msg["From"] = config.sender
    msg["To"] = alert.email
    msg["Subject"] = "[cosec] " + (subject if len(subject) <= 150 else subject[:149] + "…")
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=urlsplit(config.public_url).hostname or "cosec.local")
    msg["X-Cosec-Item"] = alert.ident
    msg.set_content("\n".join(lines) + "\n")
    return msg


def _text(
    alert: Alert, *, deployment: Deployment, base: str, now: datetime
) -> tuple[str, list[str]]:
    _ = i18n.gettext
    item, base = alert.item, base.rstrip("/")
    names = ", ".join(f"{deployment.current.member_name(m)} ({m})" for m in item.members)
    title = " ".join(item.title.split())
    left = time_left(item.due, now)
    if alert.reason == FLASH:
        subject = _("FLASH: %(title)s") % {"title": title}
    elif alert.reason == FINDING_REASON:
        subject = (
            _("New finding (%(severity)s): %(title)s")
            % {"severity": _(item.severity.value), "title": title}
            if item.severity is not None
            else _("New finding: %(title)s") % {"title": title}
        )
    elif item.overdue(now):
        subject = _("Overdue: %(title)s") % {"title": title}
    else:
        subject = _("Due %(left)s: %(title)s") % {"left": left, "title": title}
    lines = [title, "", _("For: %(names)s") % {"names": names}]
    if item.due is not None:
        due = i18n.moment(item.due)
        lines.append(_("Due: %(due)s UTC (%(left)s)") % {"due": due, "left": left})
    lines += [
        _("Act on it: %(url)s") % {"url": f"{base}{item.href}"},
        "",
        _("Your inbox: %(url)s") % {"url": f"{base}/inbox"},
        _(
            "You get this because you asked cosec for e-mail alerts (%(reason)s); "
            "change them at %(url)s"
        )
        % {"reason": _(alert.reason), "url": f"{base}/inbox#alerts"},
    ]
    return subject, lines


REASON_WORDS = (N_("finding"), N_("deadline"), N_("flash"), N_("low"), N_("medium"), N_("high"))
"""The alert reasons and severities, as e-mails name them (marked for translation)."""


def _claim(factory: sessionmaker[Session], alert: Alert, now: datetime, config: MailConfig) -> bool:
    """Take the alert for this process (committed before anything is sent)."""
    key = (alert.principal.id, alert.ident, alert.reason)
    try:
        with unit_of_work(factory, write=True) as session:
            row = session.get(SentAlertRow, key)
            if row is None:
                session.execute(
                    insert(SentAlertRow).values(
                        principal_id=key[0],
                        item=key[1],
                        reason=key[2],
                        claimed_at=now,
                        sent_at=None,
                        attempts=1,
                    )
                )
                return True
            taken = session.execute(
                update(SentAlertRow)
                .where(
                    SentAlertRow.principal_id == key[0],
                    SentAlertRow.item == key[1],
                    SentAlertRow.reason == key[2],
                    SentAlertRow.sent_at.is_(None),
                    SentAlertRow.claimed_at <= now - timedelta(seconds=config.lease_seconds),
                    SentAlertRow.attempts < config.max_attempts,
                )
                .values(claimed_at=now, attempts=SentAlertRow.attempts + 1)
            )
            return bool(getattr(taken, "rowcount", 0) == 1)
    except IntegrityError:  # another process claimed it first
        return False


def _settle(
    factory: sessionmaker[Session], alert: Alert, *, sent_at: datetime | None, error: str | None
) -> None:
    with unit_of_work(factory, write=True) as session:
        session.execute(
            update(SentAlertRow)
            .where(
                SentAlertRow.principal_id == alert.principal.id,
                SentAlertRow.item == alert.ident,
                SentAlertRow.reason == alert.reason,
            )
            .values(sent_at=sent_at, last_error=error)
        )


def send_due(
    factory: sessionmaker[Session], *, clock: Clock, mailer: Mailer, config: MailConfig
) -> SendReport:
    """Send every alert due now, each claimed before and marked sent after."""
    report = SendReport()
    now = clock.now()
    with unit_of_work(factory) as session:
        deployment = load(session)
        todo = pending(session, deployment=deployment, now=now, config=config)
    for alert in todo:
        if not _claim(factory, alert, now, config):
            report.skipped += 1
            continue
        try:
            mailer.send(message(alert, config=config, deployment=deployment, now=now))
        except Exception as exc:  # kept claimed: tried again once the lease runs out
            _log.warning("alert %s to %s failed: %s", alert.ident, alert.principal.name, exc)
            _settle(factory, alert, sent_at=None, error=f"{type(exc).__name__}: {exc}"[:1000])
            report.failed += 1
            continue
        _settle(factory, alert, sent_at=clock.now(), error=None)
        report.sent += 1
    return report


def summary(alerts: Iterable[Alert]) -> list[dict[str, str]]:
    """Alerts as rows for a listing (``cosec inbox send-alerts --dry-run``)."""
    return [
        {"user": a.principal.name, "email": a.email, "reason": a.reason, "item": a.item.key}
        for a in alerts
    ]

"""What prior notification asks of a member next: its open actions, for the inbox and alerts.

- a request for explanation addressed to it and not yet answered: reply within
  ``explanation_reply_hours`` of the request;
- its annual calendar for a year, not yet sent: due on ``calendar_due`` of the year before
  (the current year's too while it is missing);
- an invitation to observe, not yet answered: before the activity starts;
- an activity its calendar plans that reaches a notification threshold and is not yet
  notified: by ``lead_time_days`` before it starts.

Read through the caller's visibility, so the secretariat sees every member's actions and a
member only its own. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from cosec.kit import Action, Principal, Role
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.obligations import calendar_due, normalised, reached
from cosec.mechanisms.notifications.projection import notified_activity
from cosec.mechanisms.notifications.regime import NotificationRegime
from cosec.plugin.store import Deployment, RecordRow, get_visible, list_visible, stored_payload

MECHANISM = "notification"
_TITLE_CHARS = 140


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """The open actions of ``principal``'s member (every member's for the secretariat)."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return []
    regime = deployment.current.regime(MECHANISM)
    if not isinstance(regime, NotificationRegime):
        return []
    reader = _Reader(session, deployment, principal, now)
    return [
        *reader.replies(),
        *reader.calendars(regime),
        *reader.invitations(),
        *reader.planned(regime),
    ]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1] + "…"


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=UTC)


class _Reader:
    """One inbox's reading of the mechanism's records, as ``principal`` may read them."""

    def __init__(
        self, session: Session, deployment: Deployment, principal: Principal, now: datetime
    ) -> None:
        self.session, self.deployment, self.principal, self.now = (
            session,
            deployment,
            principal,
            now,
        )
        self.charter = deployment.current

    def mine(self, member: str) -> bool:
        """Whether ``member``'s actions are the reader's to see."""
        return self.principal.role is Role.SECRETARIAT or member == self.principal.member

    def visible(self, kind: str, refers_to: int | None = None) -> list[RecordRow]:
        return list_visible(
            self.session, self.principal, self.charter, kinds=[kind], refers_to=refers_to
        )

    def regime_of(self, row: RecordRow) -> NotificationRegime | None:
        regime = self.deployment.version(row.charter_version).regime(MECHANISM)
        return regime if isinstance(regime, NotificationRegime) else None

    def replies(self) -> Iterator[Action]:
        """Requests for explanation not yet answered."""
        answered = {
            row.refers_to for row in self.visible("notification.explanation_reply") if row.refers_to
        }
        for row in self.visible("notification.explanation_request"):
            request = stored_payload(r.ExplanationRequest, row)
            regime = self.regime_of(row)
            if request is None or regime is None or row.id in answered:
                continue
            if not self.mine(request.respondent):
                continue
            asker = self.charter.member_name(row.submitter)
            yield Action(
                key=f"reply:{row.id}",
                member=request.respondent,
                title=_short(
                    f"Reply to request for explanation {row.id} from {asker}: {request.concern}"
                ),
                href=f"/records/{row.id}",
                due=row.submitted_at + timedelta(hours=regime.explanation_reply_hours),
                kind="reply",
                since=row.submitted_at,
            )

    def calendars(self, regime: NotificationRegime) -> Iterator[Action]:
        """Annual calendars not yet sent: next year's once due within a year, and this
        year's (and next year's) while overdue."""
        members = self.charter.regime_members(MECHANISM)
        if regime.calendar_due is None or not members:
            return
        sent = set()
        for row in self.visible("notification.calendar"):
            cal = stored_payload(r.AnnualCalendar, row)
            if cal is not None:
                sent.add((row.submitter, cal.year))
        since = self.deployment.versions[0].effective_from
        for year in (self.now.year, self.now.year + 1, self.now.year + 2):
            due = calendar_due(year, regime)
            if due is None or due.date() < since or due - self.now > timedelta(days=366):
                continue
            for member in members:
                if self.mine(member) and (member, year) not in sent:
                    yield Action(
                        key=f"calendar:{member}:{year}",
                        member=member,
                        title=f"Send the annual calendar for {year}",
                        href=f"/calendar?year={year}",
                        due=due,
                        kind="calendar",
                    )

    def invitations(self) -> Iterator[Action]:
        """Invitations to observe not yet answered, while the activity has not ended."""
        answered = {
            (row.refers_to, row.submitter) for row in self.visible("notification.invitation_reply")
        }
        for row in self.visible("notification.invitation"):
            invitation = stored_payload(r.ObservationInvitation, row)
            if invitation is None:
                continue
            waiting = [
                s for s in invitation.invited if self.mine(s) and (row.id, s) not in answered
            ]
            notified = get_visible(
                self.session, self.principal, self.charter, invitation.notification_id
            )
            if not waiting or notified is None:
                continue
            amendments = self.visible("notification.amendment", refers_to=notified.id)
            activity = notified_activity(notified, amendments, True)
            if activity is None or _day_end(activity.end) < self.now:
                continue
            for state in waiting:
                yield Action(
                    key=f"invitation:{row.id}:{state}",
                    member=state,
                    title=_short(
                        f"Answer {self.charter.member_name(row.submitter)}'s invitation to "
                        f"observe {activity.designation}"
                    ),
                    href=f"/notifications/{notified.id}",
                    due=_day_start(activity.start),
                    kind="invitation",
                    since=row.submitted_at,
                )

    def planned(self, regime: NotificationRegime) -> Iterator[Action]:
        """Activities a member's calendar plans, notifiable and not yet notified, that
        have not begun: each is due ``lead_time_days`` before its start."""
        latest: dict[tuple[str, int], r.AnnualCalendar] = {}
        for row in self.visible("notification.calendar"):
            cal = stored_payload(r.AnnualCalendar, row)
            if cal is not None and self.mine(row.submitter) and cal.year >= self.now.year:
                latest[(row.submitter, cal.year)] = cal  # log order: the last one counts
        if not latest:
            return
        notified: dict[str, set[object]] = {}
        for row in self.visible("notification.prior"):
            n = stored_payload(r.PriorNotification, row)
            if n is not None:
                seen = notified.setdefault(row.submitter, set())
                seen |= {normalised(n.designation), (n.start, n.end)}
        today = self.now.date()
        for (member, year), cal in sorted(latest.items()):
            done = notified.get(member, set())
            for e in cal.entries:
                if e.alert or e.start <= today or not reached(e.figures, regime.notify):
                    continue
                if normalised(e.designation) in done or (e.start, e.end) in done:
                    continue
                by = e.start - timedelta(days=regime.lead_time_days)
                yield Action(
                    key=f"notify:{member}:{year}:{normalised(e.designation)}",
                    member=member,
                    title=_short(f"Notify {e.designation}, planned from {e.start:%d %B %Y}"),
                    href="/notifications/new",
                    due=_day_end(by),
                    kind="notification",
                )

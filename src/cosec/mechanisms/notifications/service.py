"""Use cases of prior notification: the checks a submission must meet, the evaluation
context read from the store, and the views the interfaces show.

Submissions themselves go through :func:`cosec.submissions.submit`, the one shared path.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.access.principals import Principal
from cosec.deployment import Deployment
from cosec.errors import FieldError, NotFound
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.context import (
    Activity,
    CalendarInfo,
    ExplanationInfo,
    FigureChange,
    NotificationContext,
)
from cosec.mechanisms.notifications.obligations import (
    normalised,
    notification_required,
    notify_by,
    observation_required,
)
from cosec.mechanisms.notifications.regime import NotificationRegime
from cosec.store.records import get_visible, list_visible, stored_payload
from cosec.store.tables import RecordRow
from cosec.submissions import SubmissionCheck

MECHANISM = "notification"


def _regime(check: SubmissionCheck) -> NotificationRegime:
    regime = check.charter.regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)  # validate() refused kinds without a regime
    return regime


def _members_errors(
    check: SubmissionCheck, loc: str, codes: tuple[str, ...]
) -> Iterator[FieldError]:
    members = check.charter.regime_members(MECHANISM)
    for i, code in enumerate(codes):
        if members is not None and code not in members:
            yield FieldError(f"{loc}[{i}]", f"{code} is not a member of the notification regime")


def check_prior(check: SubmissionCheck) -> Iterator[FieldError]:
    """A state notifies activities it takes part in; every state named is a member."""
    p: r.PriorNotification = check.payload
    yield from _members_errors(check, "payload.states", p.states)
    if check.principal.submitter not in p.states:
        yield FieldError(
            "payload.states", f"must include the notifying state {check.principal.submitter}"
        )


def check_calendar(check: SubmissionCheck) -> Iterator[FieldError]:
    """Each calendar entry is an activity of the submitting state."""
    cal: r.AnnualCalendar = check.payload
    for i, e in enumerate(cal.entries):
        yield from _members_errors(check, f"payload.entries[{i}].states", e.states)
        if check.principal.submitter not in e.states:
            yield FieldError(f"payload.entries[{i}].states", "must include the submitting state")


def check_by_notifier(check: SubmissionCheck) -> Iterator[FieldError]:
    """Only the state that notified an activity amends it or invites observers to it."""
    ref = check.referenced
    if ref is not None and ref.submitter != check.principal.submitter:
        yield FieldError("payload.notification_id", f"was notified by {ref.submitter}, not by you")
    if isinstance(check.payload, r.ObservationInvitation):
        inv = check.payload
        yield from _members_errors(check, "payload.invited", inv.invited)
        if check.principal.submitter in inv.invited:
            yield FieldError("payload.invited", "must not include the inviting state")
        limit = _regime(check).observers_per_state_max
        if inv.observers_per_state > limit:
            yield FieldError("payload.observers_per_state", f"must be at most {limit} (charter)")


def check_invitation_reply(check: SubmissionCheck) -> Iterator[FieldError]:
    """Only an invited state replies, with no more observers than offered."""
    ref = check.referenced
    if ref is None:
        return
    inv = stored_payload(r.ObservationInvitation, ref)
    if inv is None or check.principal.submitter not in inv.invited:
        yield FieldError("payload.invitation_id", "was not addressed to you")
        return
    if check.payload.observers > inv.observers_per_state:
        yield FieldError(
            "payload.observers", f"must be at most {inv.observers_per_state} (offered)"
        )


def check_explanation_request(check: SubmissionCheck) -> Iterator[FieldError]:
    """A request goes to another member of the regime, about an activity it may read."""
    req: r.ExplanationRequest = check.payload
    yield from _members_errors(check, "payload.respondent", (req.respondent,))
    if req.respondent == check.principal.submitter:
        yield FieldError("payload.respondent", "must be another state")
    if req.notification_id is not None:
        ref = check.record(req.notification_id)
        if ref is None or ref.kind != "notification.prior":
            yield FieldError("payload.notification_id", "must be a notification you can read")


def check_explanation_reply(check: SubmissionCheck) -> Iterator[FieldError]:
    """Only the state asked replies."""
    ref = check.referenced
    if ref is not None and ref.payload.get("respondent") != check.principal.submitter:
        yield FieldError("payload.request_id", "was not addressed to you")


def check_observed(check: SubmissionCheck) -> Iterator[FieldError]:
    """An observed activity names member states."""
    yield from _members_errors(check, "payload.states", check.payload.states)


# --- the evaluation context -------------------------------------------------------------


def _by_kind(rows: list[RecordRow]) -> dict[str, list[RecordRow]]:
    out: dict[str, list[RecordRow]] = defaultdict(list)
    for row in rows:
        out[row.kind].append(row)
    return out


def _activity(row: RecordRow, amendments: list[RecordRow], invited: bool) -> Activity | None:
    n = stored_payload(r.PriorNotification, row)
    if n is None:
        return None
    start, end, figures = n.start, n.end, n.figures
    history = [FigureChange(on=row.submitted_at.date(), figures=n.figures, record_id=row.id)]
    for a_row in sorted(amendments, key=lambda x: x.submitted_at):
        a = stored_payload(r.NotificationAmendment, a_row)
        if a is None:
            continue
        if (a.start or start) > (a.end or end):
            continue  # an amendment that would end the activity before it starts
        start, end = a.start or start, a.end or end
        if a.figures is not None:
            figures = a.figures
        history.append(
            FigureChange(on=a_row.submitted_at.date(), figures=figures, record_id=a_row.id)
        )
    return Activity(
        key=f"N{row.id}",
        designation=n.designation,
        states=n.states,
        start=start,
        end=end,
        figures=figures,
        notified_on=row.submitted_at.date(),
        alert=n.alert,
        history=tuple(history),
        lat=n.area.lat,
        lon=n.area.lon,
        radius_km=n.area.radius_km,
        observers_invited=invited,
        record_id=row.id,
        evidence=(row.id,),
        charter_version=row.charter_version,
    )


def _observed(row: RecordRow) -> Activity | None:
    o = stored_payload(r.ObservedActivity, row)
    if o is None:
        return None
    return Activity(
        key=f"O{row.id}",
        designation=o.designation,
        states=o.states,
        start=o.start,
        end=o.end,
        figures=o.figures,
        notified_on=None,
        alert=o.alert,
        history=(FigureChange(on=row.submitted_at.date(), figures=o.figures, record_id=row.id),),
        lat=o.area.lat,
        lon=o.area.lon,
        radius_km=o.area.radius_km,
        record_id=row.id,
        evidence=(row.id,),
        charter_version=row.charter_version,
    )


def matches(observed: Activity, notified: Activity) -> bool:
    """An observed activity is a notified one if they share a state and days, or the name."""
    if not set(observed.states) & set(notified.states):
        return False
    same_name = normalised(observed.designation) == normalised(notified.designation)
    return same_name or observed.overlaps(notified)


class NotifiedIndex:
    """Notified activities indexed to answer :func:`matches` for an observed one without
    comparing it with each: by (state, name), and per state by start day with the running
    latest end (an overlap exists iff some activity starting by the observed end runs past
    the observed start)."""

    def __init__(self, notified: Sequence[Activity]) -> None:
        self._names = {(s, normalised(a.designation)) for a in notified for s in a.states}
        spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for a in notified:
            for s in a.states:
                spans[s].append((a.start, a.end))
        self._starts: dict[str, list[date]] = {}
        self._latest_end: dict[str, list[date]] = {}
        for s, items in spans.items():
            items.sort()
            self._starts[s] = [start for start, _ in items]
            self._latest_end[s] = list(accumulate((end for _, end in items), max))

    def matches(self, observed: Activity) -> bool:
        """Whether a notified activity shares a state and a day, or a state and the name."""
        name = normalised(observed.designation)
        for s in observed.states:
            if (s, name) in self._names:
                return True
            starts = self._starts.get(s)
            if not starts:
                continue
            n = bisect_right(starts, observed.end)
            if n and self._latest_end[s][n - 1] >= observed.start:
                return True
        return False


def load_context(session: Session, deployment: Deployment, as_of: datetime) -> NotificationContext:
    """Every notification record, read as the obligations see them."""
    rows = session.scalars(
        select(RecordRow).where(RecordRow.mechanism == MECHANISM).order_by(RecordRow.id)
    ).all()
    kinds = _by_kind(list(rows))
    amendments: dict[int, list[RecordRow]] = defaultdict(list)
    for a_row in kinds["notification.amendment"]:
        if a_row.refers_to is not None:
            amendments[a_row.refers_to].append(a_row)
    invited = {i.refers_to for i in kinds["notification.invitation"]}
    activities = [
        a
        for n in kinds["notification.prior"]
        if (a := _activity(n, amendments[n.id], n.id in invited)) is not None
    ]
    notified = NotifiedIndex(activities)
    for o_row in kinds["notification.observed"]:
        o = _observed(o_row)
        if o is not None and not notified.matches(o):
            activities.append(o)

    calendars: dict[tuple[str, int], CalendarInfo] = {}
    for c_row in kinds["notification.calendar"]:
        cal = stored_payload(r.AnnualCalendar, c_row)
        if cal is None:
            continue
        prev = calendars.get((c_row.submitter, cal.year))
        calendars[(c_row.submitter, cal.year)] = CalendarInfo(
            state=c_row.submitter,
            year=cal.year,
            first_submitted_at=prev.first_submitted_at if prev else c_row.submitted_at,
            entries=cal.entries,
            nil_return=cal.nil_return,
            record_ids=(prev.record_ids if prev else ()) + (c_row.id,),
        )

    replies: dict[int, RecordRow] = {}
    for rep in kinds["notification.explanation_reply"]:
        if rep.refers_to is not None and rep.refers_to not in replies:
            replies[rep.refers_to] = rep
    explanations = []
    for q in kinds["notification.explanation_request"]:
        req = stored_payload(r.ExplanationRequest, q)
        if req is None:
            continue
        reply = replies.get(q.id)
        explanations.append(
            ExplanationInfo(
                request_id=q.id,
                requester=q.submitter,
                respondent=req.respondent,
                concern=req.concern,
                requested_at=q.submitted_at,
                replied_at=reply.submitted_at if reply else None,
                reply_id=reply.id if reply else None,
            )
        )
    charter = deployment.current
    regime = charter.regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)  # engine only calls mechanisms in force
    by_version = {
        c.version: reg
        for c in deployment.versions
        if isinstance(reg := c.regime(MECHANISM), NotificationRegime)
    }
    return NotificationContext(
        regime=regime,
        as_of=as_of,
        activities=activities,
        calendars=calendars,
        explanations=explanations,
        members=charter.regime_members(MECHANISM),
        regimes_by_version=by_version,
        member_name=charter.member_name,
        since=deployment.versions[0].effective_from,
    )


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationView:
    """A notification as a reader sees it: latest figures, history, verdicts."""

    record: RecordRow
    activity: Activity
    notification: r.PriorNotification
    amendments: tuple[RecordRow, ...]
    invitations: tuple[RecordRow, ...]
    replies: tuple[RecordRow, ...]
    notification_required: bool
    observation_required: bool
    notify_by: date

    @property
    def on_time(self) -> bool:
        """Whether it was logged by its notify-by day."""
        return self.activity.notified_on is not None and self.activity.notified_on <= self.notify_by


def _view(
    session: Session, deployment: Deployment, principal: Principal, row: RecordRow
) -> NotificationView | None:
    charter = deployment.current
    amendments = list_visible(
        session, principal, charter, kinds=["notification.amendment"], refers_to=row.id
    )
    invitations = list_visible(
        session, principal, charter, kinds=["notification.invitation"], refers_to=row.id
    )
    replies = [
        rep
        for inv in invitations
        for rep in list_visible(
            session, principal, charter, kinds=["notification.invitation_reply"], refers_to=inv.id
        )
    ]
    activity = _activity(row, amendments, bool(invitations))
    notification = stored_payload(r.PriorNotification, row)
    if activity is None or notification is None:
        return None
    regime = deployment.version(row.charter_version).regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)
    return NotificationView(
        record=row,
        activity=activity,
        notification=notification,
        amendments=tuple(amendments),
        invitations=tuple(invitations),
        replies=tuple(replies),
        notification_required=notification_required(activity, regime),
        observation_required=observation_required(activity, regime),
        notify_by=notify_by(activity, regime),
    )


def list_notifications(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    state: str | None = None,
    year: int | None = None,
) -> list[NotificationView]:
    """Notifications ``principal`` may read, newest activity first."""
    rows = list_visible(session, principal, deployment.current, kinds=["notification.prior"])
    views = [v for row in rows if (v := _view(session, deployment, principal, row)) is not None]
    if state:
        views = [v for v in views if state in v.activity.states]
    if year:
        views = [v for v in views if v.activity.start.year == year or v.activity.end.year == year]
    return sorted(views, key=lambda v: (v.activity.start, v.record.id), reverse=True)


def get_notification(
    session: Session, *, deployment: Deployment, principal: Principal, notification_id: int
) -> NotificationView:
    """One notification, if ``principal`` may read it."""
    row = get_visible(session, principal, deployment.current, notification_id)
    if row is None or row.kind != "notification.prior":
        raise NotFound(f"no notification {notification_id}")
    view = _view(session, deployment, principal, row)
    if view is None:
        raise NotFound(
            f"notification {notification_id} was accepted by an earlier version of cosec and "
            f"no longer validates: read it as record {notification_id}"
        )
    return view


@dataclass(frozen=True)
class TimelineBar:
    """One bar of the calendar timeline."""

    state: str
    designation: str
    start: date
    end: date
    source: str
    """``notified``, ``planned`` (calendar entry) or ``observed``."""
    record_id: int
    notifiable: bool


def timeline(
    session: Session, *, deployment: Deployment, principal: Principal, year: int
) -> dict[str, list[TimelineBar]]:
    """Per state, the year's notified, planned and observed activities ``principal`` may read."""
    charter = deployment.current
    regime = charter.regime(MECHANISM)
    assert isinstance(regime, NotificationRegime)
    bars: dict[str, list[TimelineBar]] = defaultdict(list)
    for v in list_notifications(session, deployment=deployment, principal=principal, year=year):
        for s in v.activity.states:
            bars[s].append(
                TimelineBar(
                    s,
                    v.activity.designation,
                    v.activity.start,
                    v.activity.end,
                    "notified",
                    v.record.id,
                    v.notification_required,
                )
            )
    rows = list_visible(
        session, principal, charter, kinds=["notification.calendar", "notification.observed"]
    )
    for row in rows:
        if row.kind == "notification.calendar":
            cal = stored_payload(r.AnnualCalendar, row)
            if cal is None or cal.year != year:
                continue
            for e in cal.entries:
                required = any(e.figures.get(f) >= t for f, t in regime.notify.items())
                bars[row.submitter].append(
                    TimelineBar(
                        row.submitter, e.designation, e.start, e.end, "planned", row.id, required
                    )
                )
        else:
            o = stored_payload(r.ObservedActivity, row)
            if o is not None and (o.start.year == year or o.end.year == year):
                for s in o.states:
                    bars[s].append(
                        TimelineBar(
                            s,
                            o.designation,
                            o.start,
                            o.end,
                            "observed",
                            row.id,
                            any(o.figures.get(f) >= t for f, t in regime.notify.items()),
                        )
                    )
    return {s: sorted(b, key=lambda x: (x.start, x.source)) for s, b in sorted(bars.items())}

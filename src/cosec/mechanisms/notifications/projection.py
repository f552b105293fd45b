"""The notification mechanism's state, folded from its records (see :mod:`cosec.kit.projection`).

Activities (notified, amended, invited to; or observed by the secretariat and not matched
to a notification), calendars and requests for explanation, kept in indexes so that a new
record, or the clock passing a deadline, names the few subjects whose findings may change.
The subjects are activity keys (``N12`` for notification 12, ``O40`` for an observed
activity), ``calendar:CHN:2027`` and ``request:31``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sortedcontainers import SortedKeyList

from cosec.kit import Setup, StoredRecord, payload_of
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.activities import matches, observed_activity
from cosec.mechanisms.notifications.activities import (
    notified_activity as notified_activity,  # where readers found it before
)
from cosec.mechanisms.notifications.context import (
    Activity,
    ActivityIndex,
    CalendarInfo,
    ExplanationInfo,
    NotificationContext,
)
from cosec.mechanisms.notifications.grouping import Together
from cosec.mechanisms.notifications.obligations import (
    above,
    calendar_due,
    calendar_subject,
    normalised,
    notify_by,
    request_subject,
)
from cosec.mechanisms.notifications.regime import NotificationRegime, Thresholds

WITHDRAWAL = "notification.withdrawal"


@dataclass
class _Notification:
    row: StoredRecord
    amendments: list[StoredRecord] = field(default_factory=list)
    invited: bool = False
    withdrawals: list[StoredRecord] = field(default_factory=list)


@dataclass
class NotificationProjection:
    """Activities, calendars and requests, indexed; kept in step with the log."""

    setup: Setup[NotificationRegime]
    index: ActivityIndex = field(init=False)
    notifications: dict[int, _Notification] = field(default_factory=dict)
    observed: dict[int, Activity] = field(default_factory=dict)
    """Every observed activity, matched to a notification or not."""
    calendars: dict[tuple[str, int], CalendarInfo] = field(default_factory=dict)
    explanations: dict[int, ExplanationInfo] = field(default_factory=dict)
    together: Together = field(init=False)
    """Who is assessed with whom (the split rule's groups), kept with ``index``."""
    deadlines: SortedKeyList = field(default_factory=lambda: SortedKeyList(key=lambda x: x))
    """``(reply deadline, request id)`` of every request, for :meth:`due`."""
    starts: SortedKeyList = field(default_factory=lambda: SortedKeyList(key=lambda x: x))
    """``(start, key)`` of every activity judged, for :meth:`due`."""
    invitations: dict[int, int] = field(default_factory=dict)
    """Invitation id → notification id."""
    names: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    """``(state, normalised designation)`` → keys of the notified activities."""
    observed_index: ActivityIndex = field(default_factory=ActivityIndex)
    """Every observed activity again, by state and days: what a notification matches."""
    observed_names: dict[tuple[str, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """``(state, normalised designation)`` → ids of the observed activities of that name."""
    unnotified: SortedKeyList = field(default_factory=lambda: SortedKeyList(key=lambda x: x))
    """``(notify-by day, key)`` of every observed activity no notification matches."""
    _folding: bool = field(default=False, repr=False)
    """Taking in a history whose subjects no one reads: skip closing them over the rules."""

    def __post_init__(self) -> None:
        self.index = ActivityIndex(  # each constraint's activities counted from an index
            sized={rule.id: _larger_than(rule.above) for rule in self.setup.regime.constraints}
        )
        d = self.setup.regime.detectors
        self.together = Together(d.split_window_days, d.split_distance_km)

    # --- taking records in ---------------------------------------------------------------

    def apply_many(self, records: Iterable[StoredRecord]) -> None:
        """Take in a history (the first evaluation judges everything afterwards): as
        :meth:`apply` one by one, without closing each change's subjects over the groups
        it touches, which on a dense store costs more than the rest of the fold."""
        self._folding = True
        try:
            for record in records:
                self._apply(record)
        finally:
            self._folding = False
            d = self.setup.regime.detectors  # partners found at once, as arrays
            self.together = Together.of(self.index, d.split_window_days, d.split_distance_km)

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        years_before = set(self.index.years)
        subjects = self._apply(record)
        changed_years = years_before ^ set(self.index.years)
        for year in changed_years:
            subjects |= {calendar_subject(s, year) for s in self.setup.members or ()}
        return subjects

    def _apply(self, record: StoredRecord) -> set[str]:
        kind = record.kind
        if kind == "notification.prior":
            self.notifications[record.id] = _Notification(record)
            return self._renotify(record.id)
        if kind in ("notification.amendment", "notification.invitation", WITHDRAWAL):
            n = self.notifications.get(record.refers_to or 0)
            if n is None:
                return set()
            if kind == "notification.amendment":
                n.amendments.append(record)
            elif kind == WITHDRAWAL:
                n.withdrawals.append(record)
            else:
                n.invited = True
                self.invitations[record.id] = n.row.id
            return self._renotify(n.row.id)
        if kind == "notification.observed":
            o = observed_activity(record)
            if o is None:
                return set()
            self.observed[record.id] = o
            self.observed_index.add(o)
            for st in o.states:
                self.observed_names[(st, normalised(o.designation))].add(record.id)
            if not self._is_notified(o):
                self._put(o)
            return {o.key}
        if kind == "notification.calendar":
            return self._calendar(record)
        if kind == "notification.explanation_request":
            req = payload_of(r.ExplanationRequest, record)
            if req is None:
                return set()
            info = ExplanationInfo(
                request_id=record.id,
                requester=record.submitter,
                respondent=req.respondent,
                concern=req.concern,
                requested_at=record.submitted_at,
            )
            self.explanations[record.id] = info
            self.deadlines.add((self._deadline(info), record.id))
            return {request_subject(record.id)}
        if kind == "notification.explanation_reply":
            asked = self.explanations.get(record.refers_to or 0)
            if asked is None or asked.reply_id is not None:
                return set()  # the first reply counts
            self.explanations[asked.request_id] = replace(
                asked, replied_at=record.submitted_at, reply_id=record.id
            )
            return {request_subject(asked.request_id)}
        return set()

    def _renotify(self, notification_id: int) -> set[str]:
        """Build a notification's activity again; the subjects it touched before and now.

        An activity withdrawn before its start (or a notification that no longer
        validates) leaves the index: the observed activities it matched are judged as
        not notified again."""
        n = self.notifications[notification_id]
        key = f"N{notification_id}"
        subjects = {key}
        old = self.index.by_key.get(key)
        if old is not None:
            if not self._folding:
                subjects |= self.expand({key})
            subjects |= {o.key for o in self._observed_matching(old)}
            self._drop(key)
        activity = notified_activity(n.row, n.amendments, n.invited, n.withdrawals)
        if activity is not None and not activity.called_off:
            self._put(activity)
            subjects |= {o.key for o in self._observed_matching(activity)}
        touched = [
            o
            for k in sorted(subjects)
            if k.startswith("O") and (o := self.observed.get(int(k[1:]))) is not None
        ]
        for o in touched:  # matched ones leave the index, unmatched ones come back
            if self._is_notified(o):
                if o.key in self.index.by_key:
                    if not self._folding:  # what it was counted or grouped with
                        subjects |= self.expand({o.key})
                    self._drop(o.key)
            elif o.key not in self.index.by_key:
                self._put(o)
        return subjects

    def _calendar(self, record: StoredRecord) -> set[str]:
        cal = payload_of(r.AnnualCalendar, record)
        if cal is None:
            return set()
        state, year = record.submitter, cal.year
        prev = self.calendars.get((state, year))
        self.calendars[(state, year)] = CalendarInfo(
            state=state,
            year=year,
            first_submitted_at=prev.first_submitted_at if prev else record.submitted_at,
            entries=cal.entries,
            nil_return=cal.nil_return,
            record_ids=(prev.record_ids if prev else ()) + (record.id,),
        )
        listed = self.index.of_state(state, date(year, 1, 1), date(year, 12, 31))
        return {calendar_subject(state, year)} | {a.key for a in listed}

    def _put(self, a: Activity) -> None:
        self.index.add(a)
        if not self._folding:  # a history's partners are found at once when it is taken in
            self.together.add(a)
        if a.key.startswith("O"):
            self.unnotified.add((self._notify_by(a), a.key))
        self.starts.add((a.start, a.key))
        if a.key.startswith("N"):
            for st in a.states:
                self.names[(st, normalised(a.designation))].add(a.key)

    def _drop(self, key: str) -> None:
        if not self._folding:
            self.together.discard(key)
        a = self.index.discard(key)
        if a is not None:
            if key.startswith("O"):
                self.unnotified.discard((self._notify_by(a), key))
            self.starts.discard((a.start, key))
            for st in a.states:
                self.names.get((st, normalised(a.designation)), set()).discard(key)

    def _is_notified(self, o: Activity) -> bool:
        """Whether a notification shares a state and a day, or a state and the name."""
        name = normalised(o.designation)
        for s in o.states:
            if self.names.get((s, name)):
                return True
            if any(a.key.startswith("N") for a in self.index.overlapping(s, o.start, o.end)):
                return True
        return False

    def _observed_matching(self, notified: Activity) -> list[Activity]:
        """The observed activities ``notified`` matches (sharing a state and days, or a
        state and the name), found from the indexes; in log order."""
        name = normalised(notified.designation)
        ids: set[int] = set()
        for s in notified.states:
            ids |= self.observed_names.get((s, name), set())
            for o in self.observed_index.overlapping(s, notified.start, notified.end):
                ids.add(o.record_id or 0)
        return [o for i in sorted(ids) if matches(o := self.observed[i], notified)]

    def _notify_by(self, a: Activity) -> date:
        return notify_by(a, self.setup.regime_for(a.charter_version))

    def _deadline(self, info: ExplanationInfo) -> datetime:
        return info.requested_at + timedelta(hours=self.setup.regime.explanation_reply_hours)

    # --- what a change reaches -------------------------------------------------------------

    def expand(self, subjects: set[str]) -> set[str]:
        """Close the subjects over the rules that join activities: the later activities of
        the same size in a constraint's period, and the activities whose suspected-split
        finding reads a group that holds one of them (the finding around an activity reads
        its group and its partners' groups: two partnerships away)."""
        out = self.together.around(subjects, 2)
        for key in subjects:
            a = self.index.by_key.get(key)
            if a is not None:
                out |= self._counted_with(a)
        return out

    def _counted_with(self, a: Activity) -> set[str]:
        """Activities whose constraint count includes ``a``: of the rule's size, later in
        its period (from the index kept per size, not a scan of the period)."""
        out: set[str] = set()
        for rule in self.setup.regime.constraints:
            if not above(a.figures, rule.above):
                continue
            for s in a.states:
                if rule.period == "simultaneous":
                    later = self.index.of_state(s, a.start, a.end)
                else:
                    span = 3 if rule.period == "three_calendar_years" else 1
                    last = date(a.year + span - 1, 12, 31)
                    sized = self.index.of_size_after(rule.id, s, a, last)
                    later = self.index.of_state(s, a.start, last) if sized is None else sized
                out |= {b.key for b in later if above(b.figures, rule.above)}
        return out

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Subjects whose findings may change as the clock goes from ``since`` to ``until``."""
        if until <= since:
            return set()
        out = {
            request_subject(rid)
            for _, rid in self.deadlines.irange((since, 0), (until, 0), inclusive=(True, False))
        }
        first, last = since.date(), until.date()
        # Observation: judged once the activity has begun.
        out |= {k for _, k in self.starts.irange((first, "\uffff"), (last, "\uffff"))}
        # Not notified: an observed activity past its notify-by day.
        out |= {k for _, k in self.unnotified.irange((first, ""), (last, ""))}
        # Calendars: each year's falls due on a day; announcements some years ahead.
        regime = self.setup.regime
        aheads = {1} | {c.announce_years_ahead or 1 for c in regime.constraints}
        years = set(self.index.years) | {since.year, since.year + 1, until.year, until.year + 1}
        for year in years:
            if any(
                (due := calendar_due(year, regime, k)) is not None and since <= due < until
                for k in aheads
            ):
                out |= {calendar_subject(s, year) for s in self.setup.members or ()}
                out |= {a.key for a in self._of_year(year)}
        if since.year != until.year:
            for year in (since.year, since.year + 1, until.year, until.year + 1):
                out |= {calendar_subject(s, year) for s in self.setup.members or ()}
        return out

    def _of_year(self, year: int) -> list[Activity]:
        lo, hi = (date(year, 1, 1), ""), (date(year, 12, 31), "\uffff")
        return [self.index.by_key[k] for _, k in self.starts.irange(lo, hi)]

    # --- what the obligations read ------------------------------------------------------------

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> NotificationContext:
        """The obligations' context over every activity, judging ``focus``."""
        if focus is None:
            explanations = list(self.explanations.values())
        else:
            ids = [int(s.split(":", 1)[1]) for s in focus if s.startswith("request:")]
            explanations = [self.explanations[i] for i in sorted(ids) if i in self.explanations]
        return NotificationContext(
            regime=self.setup.regime,
            as_of=as_of,
            calendars=self.calendars,
            explanations=explanations,
            members=self.setup.members,
            regimes_by_version=self.setup.regimes,
            member_name=self.setup.member_name,
            since=self.setup.since,
            focus=focus,
            index=self.index,
            together=self.together,
        )


def _larger_than(size: Thresholds) -> Callable[[Activity], bool]:
    """Whether an activity counts for a constraint on activities above ``size`` (as
    :func:`~cosec.mechanisms.notifications.obligations.above` says, without listing)."""
    items = size.items()

    def counts(a: Activity) -> bool:
        figures = a.figures
        return any(getattr(figures, f) > t for f, t in items)

    return counts


def new_projection(setup: Setup[NotificationRegime]) -> NotificationProjection:
    """The projection of an empty log (the registration's factory)."""
    return NotificationProjection(setup)

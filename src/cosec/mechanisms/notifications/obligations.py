"""The treaty rules of prior notification, as pure functions of a :class:`NotificationContext`.

Each evaluator yields :class:`FindingDraft` objects and reads only the context (records,
charter parameters, the clock). Thresholds compare with ``>=`` (notification, observation)
and constraints with ``>`` ("more than"), as the Vienna Document words them.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.notifications.context import Activity, NotificationContext
from cosec.mechanisms.notifications.records import Figures
from cosec.mechanisms.notifications.regime import ConstraintRule, NotificationRegime, Thresholds

FIGURE_WORDS = {
    "troops": "troops",
    "battle_tanks": "battle tanks",
    "acv": "armoured combat vehicles",
    "artillery": "artillery pieces",
    "air_sorties": "air sorties",
    "amphibious_troops": "amphibious troops",
    "airborne_troops": "airborne troops",
    "ships": "ships",
    "carrier_groups": "carrier or amphibious groups",
}


def reached(figures: Figures, thresholds: Thresholds) -> list[tuple[str, int, int]]:
    """Figures at or above their threshold, as ``(figure, value, threshold)``.

    The rules ask this of every activity, several times: figures are read as attributes
    (each an ``int``, validated), not through :meth:`Figures.get`."""
    return [(f, v, t) for f, t in thresholds.items() if (v := getattr(figures, f)) >= t]


def above(figures: Figures, thresholds: Thresholds) -> list[tuple[str, int, int]]:
    """Figures strictly above their threshold ("more than"), as ``(figure, value, threshold)``."""
    return [(f, v, t) for f, t in thresholds.items() if (v := getattr(figures, f)) > t]


def notification_required(activity: Activity, regime: NotificationRegime) -> bool:
    """Whether the activity, on its own, reaches a notification threshold."""
    return bool(reached(activity.figures, regime.notify))


def observation_required(activity: Activity, regime: NotificationRegime) -> bool:
    """Whether the activity, on its own, must be open to observation.

    An alert activity is observed only when it lasts longer than
    ``alert_observation_hours`` (dates are whole days, the end day included).
    """
    if not reached(activity.figures, regime.observe):
        return False
    if activity.alert:
        hours = ((activity.end - activity.start).days + 1) * 24
        return hours > regime.alert_observation_hours
    return True


def notify_by(activity: Activity, regime: NotificationRegime) -> date:
    """Last day a notification is on time: ``lead_time_days`` before the start.

    An alert activity is notified when the troops start: its start day.
    """
    if activity.alert:
        return activity.start
    return activity.start - timedelta(days=regime.lead_time_days)


def calendar_due(year: int, regime: NotificationRegime, years_ahead: int = 1) -> datetime | None:
    """End of the day by which the calendar covering ``year`` is due (``None``: no calendar)."""
    if regime.calendar_due is None:
        return None
    month, day = (int(x) for x in regime.calendar_due.split("-"))
    return datetime.combine(date(year - years_ahead, month, day), time.max, tzinfo=UTC)


def _describe(hits: list[tuple[str, int, int]]) -> str:
    figure, value, threshold = hits[0]
    return f"{value:,} {FIGURE_WORDS[figure]} (threshold {threshold:,})"


def check_notified(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.required``: an activity reaching a threshold was notified."""
    today = ctx.as_of.date()
    for a in ctx.judged():
        regime = ctx.regime_for(a)
        hits = reached(a.figures, regime.notify)
        if a.notified_on is None and hits and today > notify_by(a, regime):
            yield FindingDraft(
                obligation="notification.required",
                flag="not_notified",
                severity=Severity.HIGH,
                members=a.states,
                subjects=(a.key,),
                evidence=a.evidence,
                summary=(
                    f"{ctx.names(a.states)} did not notify {a.designation}, which began on "
                    f"{a.start:%d %B %Y} with {_describe(hits)}."
                ),
                details={
                    "figures": [list(h) for h in hits],
                    "notify_by": str(notify_by(a, regime)),
                },
            )


def check_lead_time(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.lead_time``: notified at least ``lead_time_days`` before the start."""
    for a in ctx.judged():
        regime = ctx.regime_for(a)
        if a.notified_on is None or not notification_required(a, regime):
            continue
        due = notify_by(a, regime)
        if a.notified_on <= due:
            continue
        days = (a.start - a.notified_on).days
        if a.alert:
            when = f"{-days} days after it began" if days < 0 else "before it began"
            rule = "an alert activity must be notified when the troops start"
        else:
            when = f"{days} days before it began" if days >= 0 else f"{-days} days after it began"
            rule = f"the charter requires at least {regime.lead_time_days} days"
        yield FindingDraft(
            obligation="notification.lead_time",
            flag="late",
            severity=Severity.HIGH if days < 0 else Severity.MEDIUM,
            members=a.states,
            subjects=(a.key,),
            evidence=a.evidence,
            summary=f"{ctx.names(a.states)} notified {a.designation} {when}; {rule}.",
            details={"notified_on": str(a.notified_on), "notify_by": str(due), "days_before": days},
        )


def check_observation(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.observation``: observers invited to every activity that requires them."""
    today = ctx.as_of.date()
    for a in ctx.judged():
        regime = ctx.regime_for(a)
        if a.observers_invited is not False or a.notified_on is None:
            continue
        if not observation_required(a, regime) or today < a.start:
            continue
        hits = reached(a.figures, regime.observe)
        yield FindingDraft(
            obligation="notification.observation",
            flag="observers_not_invited",
            severity=Severity.MEDIUM,
            members=a.states,
            subjects=(a.key,),
            evidence=a.evidence,
            summary=(
                f"{ctx.names(a.states)} invited no observers to {a.designation}, which with "
                f"{_describe(hits)} is open to observation."
            ),
            details={"figures": [list(h) for h in hits]},
        )


def listed_in_calendar(ctx: NotificationContext, a: Activity) -> bool:
    """Whether a calendar of one of the activity's states lists it (same name or same days)."""
    if a.in_calendar is not None:
        return a.in_calendar
    for state in a.states:
        cal = ctx.calendars.get((state, a.year))
        if cal is None:
            continue
        for e in cal.entries:
            same_name = normalised(e.designation) == normalised(a.designation)
            if same_name or (
                e.start <= a.end and a.start <= e.end and set(e.states) & set(a.states)
            ):
                return True
    return False


@lru_cache(maxsize=1 << 16)
def normalised(designation: str) -> str:
    """Designation compared case- and space-insensitively (remembered: the rules ask it of
    the same designations again and again)."""
    return " ".join(designation.lower().replace("-", " ").split())


def check_calendar(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.calendar``: notifiable activities listed; calendars sent by the due day."""
    for a in ctx.judged():
        regime = ctx.regime_for(a)
        due = calendar_due(a.year, regime)
        if due is None or a.alert or not notification_required(a, regime) or ctx.as_of <= due:
            continue
        if a.notified_on is None:
            continue  # an activity never notified is reported once, as not_notified
        if a.in_calendar is None and not ctx.judge_calendars:
            continue
        if not listed_in_calendar(ctx, a):
            yield FindingDraft(
                obligation="notification.calendar",
                flag="calendar_missing",
                severity=Severity.MEDIUM,
                members=a.states,
                subjects=(a.key,),
                evidence=a.evidence,
                summary=(
                    f"{ctx.names(a.states)} did not list {a.designation} in the annual "
                    f"calendar for {a.year}."
                ),
            )
    if ctx.judge_calendars and ctx.members is not None:
        yield from _calendars_sent(ctx)


def _calendars_sent(ctx: NotificationContext) -> Iterator[FindingDraft]:
    regime = ctx.regime
    years = set(ctx.all.years) | {ctx.as_of.year, ctx.as_of.year + 1}
    for year in sorted(years):
        due = calendar_due(year, regime)
        if due is None or ctx.as_of <= due or (ctx.since is not None and due.date() < ctx.since):
            continue
        for state in ctx.members or ():
            if not ctx.judges(calendar_subject(state, year)):
                continue
            cal = ctx.calendars.get((state, year))
            if cal is not None and cal.first_submitted_at <= due:
                continue
            late = cal is not None
            yield FindingDraft(
                obligation="notification.calendar",
                flag="calendar_late" if late else "calendar_overdue",
                severity=Severity.LOW if late else Severity.MEDIUM,
                members=(state,),
                subjects=(calendar_subject(state, year),),
                evidence=cal.record_ids if cal else (),
                summary=(
                    f"{ctx.names((state,))} sent its annual calendar for {year} after "
                    f"{due:%d %B %Y}, the day it was due."
                    if late
                    else f"{ctx.names((state,))} has not sent its annual calendar for {year}, "
                    f"due on {due:%d %B %Y}."
                ),
                details={"year": year, "due": due.date().isoformat()},
            )


def calendar_subject(state: str, year: int) -> str:
    """The subject of a state's calendar duty for a year: ``calendar:CHN:2027``."""
    return f"calendar:{state}:{year}"


def request_subject(request_id: int) -> str:
    """The subject of a request for explanation: ``request:12``."""
    return f"request:{request_id}"


def check_constraints(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.constraints``: at most N activities above a size per period.

    Activities are counted in order of start. For each, the earlier ones of its period are
    counted from an index (a count per year, or a heap of the ends of the activities under
    way), never by comparing pairs; a finding cites the activities that used up the
    allowance (the first ``max_activities`` of the period).
    """
    for rule in ctx.regime.constraints:
        for state, a, earlier, allowance in _counted(ctx, rule):
            if earlier >= rule.max_activities:
                yield _constraint_finding(ctx, rule, state, a, earlier, allowance)
            elif rule.announce_years_ahead and not _announced(ctx, rule, state, a):
                yield _announce_finding(ctx, rule, state, a)


def _counted(
    ctx: NotificationContext, rule: ConstraintRule
) -> Iterator[tuple[str, Activity, int, list[Activity]]]:
    """Each activity judged that the rule counts, per state: how many earlier ones share its
    period, and the first ``max_activities`` of them."""
    if ctx.focus is None:
        by_state: dict[str, list[Activity]] = defaultdict(list)
        for a in ctx.all:
            if above(a.figures, rule.above):
                for s in a.states:
                    by_state[s].append(a)
        for state, acts in sorted(by_state.items()):
            acts.sort(key=lambda a: (a.start, a.key))
            for a, earlier, allowance in _periods(rule, acts):
                yield state, a, earlier, allowance
        return
    for a in sorted(ctx.judged(), key=lambda a: (a.start, a.key)):
        if not above(a.figures, rule.above):
            continue
        for state in sorted(a.states):
            if rule.period == "simultaneous":
                around = ctx.all.overlapping(state, a.start, a.start)
            else:
                span = 3 if rule.period == "three_calendar_years" else 1
                first = date(a.year - span + 1, 1, 1)
                kept = ctx.all.of_size(rule.id, state, first, a, rule.max_activities)
                if kept is not None:  # counted from the index kept for the rule's size
                    yield state, a, kept[0], kept[1]
                    continue
                around = ctx.all.of_state(state, first, a.start)
            order = (a.start, a.key)
            before = sorted(
                (b for b in around if (b.start, b.key) < order and above(b.figures, rule.above)),
                key=lambda b: (b.start, b.key),
            )
            yield state, a, len(before), before[: rule.max_activities]


def _periods(
    rule: ConstraintRule, acts: list[Activity]
) -> Iterator[tuple[Activity, int, list[Activity]]]:
    """Each activity (in order of start), how many earlier ones share its period, and the
    first ``max_activities`` of those."""
    if rule.period == "simultaneous":
        under_way: list[tuple[date, int, Activity]] = []  # heap of (end, order, activity)
        for n, a in enumerate(acts):
            while under_way and under_way[0][0] < a.start:
                heapq.heappop(under_way)
            allowance = (
                [b for _, _, b in heapq.nsmallest(rule.max_activities, under_way, lambda x: x[1])]
                if len(under_way) >= rule.max_activities
                else []
            )
            yield a, len(under_way), allowance
            heapq.heappush(under_way, (a.end, n, a))
        return
    span = 3 if rule.period == "three_calendar_years" else 1
    by_year: dict[int, list[Activity]] = defaultdict(list)
    for a in acts:
        years = range(a.year - span + 1, a.year + 1)
        first: list[Activity] = []
        for y in years:
            first.extend(by_year[y][: rule.max_activities - len(first)])
        yield a, sum(len(by_year[y]) for y in years), first
        by_year[a.year].append(a)


def _period_words(rule: ConstraintRule, a: Activity) -> str:
    if rule.period == "calendar_year":
        return f"in {a.year}"
    if rule.period == "three_calendar_years":
        return "within three calendar years"
    return "at the same time"


def _constraint_finding(
    ctx: NotificationContext,
    rule: ConstraintRule,
    state: str,
    a: Activity,
    earlier: int,
    allowance: list[Activity],
) -> FindingDraft:
    hits = above(a.figures, rule.above)
    return FindingDraft(
        obligation="notification.constraints",
        flag="exceeds_constraint",
        severity=Severity.HIGH,
        members=(state,),
        subjects=(a.key,),
        aspect=f"constraint:{rule.id}:{state}",
        evidence=a.evidence + tuple(e for b in allowance for e in b.evidence),
        summary=(
            f"{ctx.names((state,))} carried out {a.designation} with {_describe(hits)}, "
            f"activity number {earlier + 1} of that size {_period_words(rule, a)}; "
            f"the charter allows {rule.max_activities}."
        ),
        details={"rule": rule.id, "earlier": [b.key for b in allowance], "number": earlier + 1},
    )


def _announced(ctx: NotificationContext, rule: ConstraintRule, state: str, a: Activity) -> bool:
    if a.in_calendar is not None or not ctx.judge_calendars:
        return True  # a file assessment holds no calendar history to judge this by
    due = calendar_due(a.year, ctx.regime, years_ahead=rule.announce_years_ahead or 1)
    cal = ctx.calendars.get((state, a.year))
    if due is None or ctx.as_of <= due:
        return True
    return cal is not None and cal.first_submitted_at <= due and listed_in_calendar(ctx, a)


def _announce_finding(
    ctx: NotificationContext, rule: ConstraintRule, state: str, a: Activity
) -> FindingDraft:
    return FindingDraft(
        obligation="notification.constraints",
        flag="exceeds_constraint",
        severity=Severity.HIGH,
        members=(state,),
        subjects=(a.key,),
        aspect=f"announce:{rule.id}:{state}",
        evidence=a.evidence,
        summary=(
            f"{ctx.names((state,))} did not announce {a.designation} in a calendar "
            f"{rule.announce_years_ahead} years ahead, as the charter requires for "
            f"activities of its size."
        ),
        details={"rule": rule.id},
    )


def check_explanations(ctx: NotificationContext) -> Iterator[FindingDraft]:
    """``notification.explanation_reply``: a request about unusual activity answered in time."""
    hours = ctx.regime.explanation_reply_hours
    for r in ctx.explanations:
        if not ctx.judges(request_subject(r.request_id)):
            continue
        deadline = r.requested_at + timedelta(hours=hours)
        if r.replied_at is None and ctx.as_of <= deadline:
            continue
        if r.replied_at is not None and r.replied_at <= deadline:
            continue
        evidence = (r.request_id,) + ((r.reply_id,) if r.reply_id else ())
        if r.replied_at is not None:
            taken = r.replied_at - r.requested_at
            taken_h = int(taken.total_seconds() // 3600)
            waited = f"{taken_h} hours" if taken_h <= 96 else f"{taken.days} days"
            yield FindingDraft(
                obligation="notification.explanation_reply",
                flag="reply_late",
                severity=Severity.LOW,
                members=(r.respondent,),
                subjects=(request_subject(r.request_id),),
                evidence=evidence,
                summary=(
                    f"{ctx.names((r.respondent,))} answered {ctx.possessive(r.requester)} "
                    f"request about {r.concern} after {waited}; the charter allows {hours} hours."
                ),
                details={"deadline": deadline.isoformat(), "hours_taken": taken_h},
            )
            continue
        # A finding states facts that stay true while it is open: the deadline missed, not
        # the hours counted since (which would change the finding every hour).
        yield FindingDraft(
            obligation="notification.explanation_reply",
            flag="reply_overdue",
            severity=Severity.HIGH,
            members=(r.respondent,),
            subjects=(request_subject(r.request_id),),
            evidence=evidence,
            summary=(
                f"{ctx.names((r.respondent,))} has not answered {ctx.possessive(r.requester)} "
                f"request about {r.concern}, due within {hours} hours, by "
                f"{deadline:%d %B %Y %H:%M} UTC."
            ),
            details={"deadline": deadline.isoformat()},
        )

"""The rules of joint law-enforcement patrols, as pure functions of a :class:`PatrolContext`.

- ``patrols.report_on_time``: a patrol is reported by the end of the ``report_within_days``
  th day after its last planned day (UTC): a report logged before the next midnight is on
  time. No report by then: ``report_overdue``; a first report after it: ``report_late``.
- ``patrols.case_shared``: a case is shared (logged) at most ``case_within_hours`` after it
  happened (``<=``: exactly 72 h is on time); later: ``case_late``.
- ``patrols.participation``: once a calendar year is over, each member of the regime has
  taken part in at least ``min_patrols_per_year`` patrols (``>=``) that year, counted from
  the reports' lists of who took part (a patrol counts in the year of its first day);
  fewer: ``too_few_patrols``. Years before ``first_year`` are not judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.patrols.regime import PatrolsRegime


def plan_subject(plan_id: int | str) -> str:
    """``P12``: patrol plan 12."""
    return f"P{plan_id}"


def case_subject(case_id: int | str) -> str:
    """``C7``: case 7."""
    return f"C{case_id}"


def participation_subject(member: str, year: int) -> str:
    """``part:LAO:2026``: a member's patrols in a year."""
    return f"part:{member}:{year}"


def year_over(year: int) -> datetime:
    """The instant a calendar year is over (1 January of the next, 00:00 UTC)."""
    return datetime(year + 1, 1, 1, tzinfo=UTC)


def report_due(end: date, regime: PatrolsRegime) -> datetime:
    """The instant a report of a patrol that ends on ``end`` becomes late (exclusive)."""
    return datetime.combine(end, time.min, tzinfo=UTC) + timedelta(
        days=regime.report_within_days + 1
    )


def case_due(occurred_at: datetime, regime: PatrolsRegime) -> datetime:
    """The last instant a case is shared on time (inclusive)."""
    return occurred_at + timedelta(hours=regime.case_within_hours)


def first_year(regime: PatrolsRegime, since: date) -> int:
    """The first year the yearly minimum is judged: the charter's ``first_year``, or the
    first whole calendar year from ``since``."""
    if regime.first_year is not None:
        return regime.first_year
    return since.year if (since.month, since.day) == (1, 1) else since.year + 1


@dataclass(frozen=True, slots=True)
class Reported:
    """A report of a patrol: its record, when it was logged, who it says took part."""

    record_id: int
    submitted_at: datetime
    participants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """A planned patrol and its reports."""

    key: str
    record_id: int
    lead: str
    title: str
    participants: tuple[str, ...]
    start: date
    end: date
    charter_version: str | None = None
    reports: tuple[Reported, ...] = ()

    @property
    def first_report(self) -> Reported | None:
        """The earliest report, which the deadline judges."""
        return min(self.reports, key=lambda r: (r.submitted_at, r.record_id), default=None)

    @property
    def took_part(self) -> tuple[str, ...]:
        """Every member a report says took part."""
        return tuple(sorted({m for r in self.reports for m in r.participants}))


@dataclass(frozen=True, slots=True)
class Case:
    """A law-enforcement case and when it was shared."""

    key: str
    record_id: int
    submitter: str
    title: str
    category: str
    occurred_at: datetime
    shared_at: datetime
    charter_version: str | None = None


@dataclass(frozen=True, slots=True)
class Participation:
    """A member's patrols in one calendar year (plan record ids)."""

    member: str
    year: int
    patrols: tuple[int, ...]
    reports: tuple[int, ...] = ()


@dataclass(frozen=True)
class PatrolContext:
    """Everything the patrol obligations read."""

    regime: PatrolsRegime
    as_of: datetime
    plans: Sequence[Plan] = ()
    cases: Sequence[Case] = ()
    participation: Sequence[Participation] = ()
    """The member-years to judge (only years that are over)."""
    regime_for: Callable[[str | None], PatrolsRegime] | None = None
    member_name: Callable[[str], str] = str

    def regime_of(self, version: str | None) -> PatrolsRegime:
        """The regime a record sent under ``version`` is judged by."""
        return self.regime_for(version) if self.regime_for is not None else self.regime


def _when(t: datetime) -> str:
    return f"{t:%d %B %Y}, {t:%H:%M} UTC"


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:,.0f} hours" if hours >= 2 else f"{delta.total_seconds() / 60:,.0f} minutes"


def check_report_on_time(ctx: PatrolContext) -> Iterator[FindingDraft]:
    """``patrols.report_on_time``: every patrol reported by its deadline."""
    for plan in ctx.plans:
        regime = ctx.regime_of(plan.charter_version)
        due = report_due(plan.end, regime)
        first = plan.first_report
        name = ctx.member_name(plan.lead)
        details = {"end": plan.end.isoformat(), "due": due.isoformat(), "plan": plan.record_id}
        if first is None and ctx.as_of >= due:
            yield FindingDraft(
                obligation="patrols.report_on_time",
                flag="report_overdue",
                severity=Severity.MEDIUM,
                members=(plan.lead,),
                subjects=(plan.key,),
                evidence=(plan.record_id,),
                summary=(
                    f"{name} led “{plan.title}”, which ended on {plan.end:%d %B %Y}, and no "
                    f"participant has reported it; the report was due within "
                    f"{regime.report_within_days} days."
                ),
                details=details,
            )
        elif first is not None and first.submitted_at >= due:
            late = first.submitted_at - due
            yield FindingDraft(
                obligation="patrols.report_on_time",
                flag="report_late",
                severity=Severity.LOW,
                members=(plan.lead,),
                subjects=(plan.key,),
                evidence=(plan.record_id, first.record_id),
                summary=(
                    f"“{plan.title}”, led by {name}, was reported on "
                    f"{first.submitted_at:%d %B %Y}, {_hours(late)} after the "
                    f"{regime.report_within_days} days the charter allows."
                ),
                details=details | {"reported_at": first.submitted_at.isoformat()},
            )


def check_case_shared(ctx: PatrolContext) -> Iterator[FindingDraft]:
    """``patrols.case_shared``: every case shared within the window."""
    for case in ctx.cases:
        regime = ctx.regime_of(case.charter_version)
        due = case_due(case.occurred_at, regime)
        if case.shared_at <= due:
            continue
        yield FindingDraft(
            obligation="patrols.case_shared",
            flag="case_late",
            severity=Severity.MEDIUM,
            members=(case.submitter,),
            subjects=(case.key,),
            evidence=(case.record_id,),
            summary=(
                f"{ctx.member_name(case.submitter)} shared the {case.category[:3]} "
                f"{case.category[3:]} case “{case.title}” of {_when(case.occurred_at)} "
                f"{_hours(case.shared_at - case.occurred_at)} after it happened; the charter "
                f"asks for {regime.case_within_hours} hours at most."
            ),
            details={
                "occurred_at": case.occurred_at.isoformat(),
                "shared_at": case.shared_at.isoformat(),
                "due": due.isoformat(),
                "category": case.category,
            },
        )


def check_participation(ctx: PatrolContext) -> Iterator[FindingDraft]:
    """``patrols.participation``: each member in at least the yearly minimum of patrols."""
    need = ctx.regime.min_patrols_per_year
    for p in ctx.participation:
        if ctx.as_of < year_over(p.year) or len(p.patrols) >= need:
            continue
        yield FindingDraft(
            obligation="patrols.participation",
            flag="too_few_patrols",
            severity=Severity.MEDIUM,
            members=(p.member,),
            subjects=(participation_subject(p.member, p.year),),
            evidence=p.reports,
            summary=(
                f"{ctx.member_name(p.member)} took part in {len(p.patrols)} joint "
                f"patrol{'' if len(p.patrols) == 1 else 's'} in {p.year}; the charter asks "
                f"for at least {need} a year."
            ),
            details={"year": p.year, "patrols": list(p.patrols), "minimum": need},
        )

"""Joint patrols' state for its obligations (see :mod:`cosec.kit.projection`): plans with
their reports, cases, and each member's patrols by year, indexed by deadline.

Subjects: ``P12`` (plan 12 and its reports), ``C7`` (case 7), ``part:LAO:2026`` (Laos's
patrols in 2026). A report changes its plan and the participation of the members it names;
time passing makes plans overdue (their deadlines are kept sorted) and closes years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sortedcontainers import SortedKeyList

from cosec.kit import Setup, StoredRecord, payload_of
from cosec.mechanisms.patrols import records as r
from cosec.mechanisms.patrols.obligations import (
    Case,
    Participation,
    PatrolContext,
    Plan,
    Reported,
    case_subject,
    first_year,
    participation_subject,
    plan_subject,
    report_due,
    year_over,
)
from cosec.mechanisms.patrols.regime import PatrolsRegime


def participation_of(
    plans: Iterable[Plan], member: str, year: int, patrol_ids: Iterable[int]
) -> Participation:
    """A member's participation in a year, from the plans it took part in."""
    by_id = {p.record_id: p for p in plans}
    ids = tuple(sorted(patrol_ids))
    reports = tuple(
        sorted({x.record_id for i in ids for x in by_id[i].reports if member in x.participants})
    )
    return Participation(member, year, ids, reports)


@dataclass
class PatrolProjection:
    """Plans, reports and cases folded from the log, with deadlines indexed."""

    setup: Setup[PatrolsRegime]
    plans: dict[int, Plan] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    took_part: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    """``(member, year)`` → plans it took part in."""
    deadlines: SortedKeyList = field(default_factory=lambda: SortedKeyList(key=lambda x: x))

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        if record.kind == "patrols.plan":
            plan = payload_of(r.PatrolPlan, record)
            if plan is None:
                return set()
            self.plans[record.id] = Plan(
                key=plan_subject(record.id),
                record_id=record.id,
                lead=record.submitter,
                title=plan.title,
                participants=plan.participants,
                start=plan.start,
                end=plan.end,
                charter_version=record.charter_version,
            )
            regime = self.setup.regime_for(record.charter_version)
            self.deadlines.add((report_due(plan.end, regime), plan_subject(record.id)))
            return {plan_subject(record.id)}
        if record.kind == "patrols.report":
            report = payload_of(r.PatrolReport, record)
            known = self.plans.get(report.plan_id) if report is not None else None
            if report is None or known is None:
                return set()
            seen = Reported(record.id, record.submitted_at, report.participants)
            self.plans[known.record_id] = replace(known, reports=(*known.reports, seen))
            year = known.start.year
            for m in report.participants:
                self.took_part[(m, year)].add(known.record_id)
            return {known.key} | {participation_subject(m, year) for m in report.participants}
        if record.kind == "patrols.case":
            case = payload_of(r.LawEnforcementCase, record)
            if case is None:
                return set()
            self.cases[record.id] = Case(
                key=case_subject(record.id),
                record_id=record.id,
                submitter=record.submitter,
                title=case.title,
                category=case.category,
                occurred_at=case.occurred_at,
                shared_at=record.submitted_at,
                charter_version=record.charter_version,
            )
            return {case_subject(record.id)}
        return set()

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over: every rule judges one subject."""
        return subjects

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Plans falling overdue, and member-years closing, in ``[since, until)``."""
        if until <= since:
            return set()
        out = {s for _, s in self.deadlines.irange((since, ""), (until, ""), (True, False))}
        members = self.setup.members or sorted({m for m, _ in self.took_part})
        for year in range(since.year - 1, until.year):
            if since <= year_over(year) < until:
                out |= {participation_subject(m, year) for m in members}
        return out

    def _years(self, as_of: datetime) -> range:
        start = first_year(self.setup.regime, self.setup.since)
        return range(start, as_of.year)

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> PatrolContext:
        """The obligations' context, judging ``focus`` (``None``: everything)."""
        members = self.setup.members or tuple(sorted({m for m, _ in self.took_part}))
        years = self._years(as_of)
        if focus is None:
            plans = [self.plans[i] for i in sorted(self.plans)]
            cases = [self.cases[i] for i in sorted(self.cases)]
            pairs = [(m, y) for y in years for m in members]
        else:
            plans = [p for i in _ids(focus, "P") if (p := self.plans.get(i)) is not None]
            cases = [c for i in _ids(focus, "C") if (c := self.cases.get(i)) is not None]
            pairs = []
            for s in focus:
                parts = s.split(":")
                if (
                    len(parts) == 3
                    and parts[0] == "part"
                    and parts[2].isdigit()
                    and parts[1] in members
                    and int(parts[2]) in years
                ):
                    pairs.append((parts[1], int(parts[2])))
        participation = [
            participation_of(
                (self.plans[i] for i in self.took_part.get((m, y), ())),
                m,
                y,
                self.took_part.get((m, y), ()),
            )
            for m, y in sorted(pairs)
        ]
        return PatrolContext(
            regime=self.setup.regime,
            as_of=as_of,
            plans=plans,
            cases=cases,
            participation=participation,
            regime_for=self.setup.regime_for,
            member_name=self.setup.member_name,
        )


def _ids(focus: frozenset[str], prefix: str) -> list[int]:
    return sorted(int(s[1:]) for s in focus if s[:1] == prefix and s[1:].isdigit())


def new_projection(setup: Setup[PatrolsRegime]) -> PatrolProjection:
    """The projection of an empty log (the registration's factory)."""
    return PatrolProjection(setup)
